"""Forms of the acts pages: logging an act on a phone (every field with a default, radio buttons
and checkboxes rather than typing), the month picker of « Mes actes » and of the review, the
export period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.mediation.models import (
    ACT_MAX_MINUTES,
    ACT_MIN_MINUTES,
    MAX_CAPACITY,
    Act,
    ActKind,
    AgeBand,
    Autonomy,
    Equipment,
    Mediator,
    Outcome,
    PlaceType,
    ProcedureTheme,
    RedirectStructure,
    Situation,
    Theme,
    Venue,
)
from lakou.mediation.services.acts import (
    DEFAULT_DURATION,
    DURATION_CHOICES,
    ActData,
    default_start,
    default_venue,
)
from lakou.territory.models import Commune
from lakou.training.models import Programme

FIRST_TIME_CHOICES = [("oui", _("Oui, c'est la première fois")), ("non", _("Non, un suivi"))]
FIRST_TIME_VALUES = {"oui": True, "non": False}
MONTHS_SHOWN = 13


def _duration_label(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class VenueChoiceField(forms.ModelChoiceField[Venue]):
    def label_from_instance(self, obj: Venue) -> str:
        return f"{obj.commune.name} — {obj.name}"


class ProgrammeChoiceField(forms.ModelChoiceField[Programme]):
    def label_from_instance(self, obj: Programme) -> str:
        return obj.title


class ActForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": _("Indiquez la date."), "invalid": _("Date invalide.")},
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%H h %M"],
        error_messages={
            "required": _("Indiquez l'heure de début."),
            "invalid": _("Heure invalide, par exemple 14:30."),
        },
    )
    duration = forms.TypedChoiceField(
        label=_("Durée"),
        choices=[(m, _duration_label(m)) for m in DURATION_CHOICES],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
        initial=DEFAULT_DURATION,
        required=False,
    )
    duration_other = forms.IntegerField(
        label=_("Autre durée, en minutes (facultatif)"),
        min_value=ACT_MIN_MINUTES,
        max_value=ACT_MAX_MINUTES,
        required=False,
        help_text=_("De 5 à 480 minutes ; remplace la durée cochée."),
        error_messages={
            "min_value": _("5 minutes au moins."),
            "max_value": _("480 minutes (8 heures) au plus."),
            "invalid": _("Un nombre de minutes, par exemple 20."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Type d'acte"),
        choices=ActKind.choices,
        widget=forms.RadioSelect,
        initial=ActKind.INDIVIDUAL,
    )
    place_type = forms.ChoiceField(
        label=_("Où"), choices=PlaceType.choices, widget=forms.RadioSelect, initial=PlaceType.VENUE
    )
    venue = VenueChoiceField(
        label=_("Lieu de médiation"),
        queryset=Venue.objects.none(),
        required=False,
        help_text=_("Pour un acte dans un lieu de médiation."),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        help_text=_("À domicile, à distance ou ailleurs : la commune de la personne ou du lieu."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Thèmes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    procedure_themes = forms.MultipleChoiceField(
        label=_("Démarches administratives en ligne"),
        choices=ProcedureTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Vous êtes formé(e) : vous pouvez noter l'aide aux démarches."),
    )
    equipment = forms.MultipleChoiceField(
        label=_("Matériel utilisé"),
        choices=Equipment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Et après ?"), choices=Outcome.choices, widget=forms.RadioSelect, required=False
    )
    redirected_programme = ProgrammeChoiceField(
        label=_("Formation conseillée (catalogue Lakou)"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Aucune"),
        help_text=_("Si la personne est orientée : une formation, ou une structure ci-dessous."),
    )
    redirected_structure = forms.ChoiceField(
        label=_("Structure vers laquelle la personne est orientée"),
        choices=[("", _("Aucune")), *RedirectStructure.choices],
        required=False,
    )
    autonomy = forms.ChoiceField(
        label=_("Autonomie (accompagnement individuel)"),
        choices=Autonomy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Âge de la personne"),
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        initial=AgeBand.UNKNOWN,
    )
    situation = forms.ChoiceField(
        label=_("Situation"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        initial=Situation.UNKNOWN,
    )
    first_time = forms.ChoiceField(
        label=_("Première fois avec un médiateur ?"),
        choices=FIRST_TIME_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
        required=False,
    )
    participants = forms.IntegerField(
        label=_("Participants (atelier collectif)"),
        min_value=1,
        max_value=MAX_CAPACITY,
        required=False,
        error_messages={
            "min_value": _("1 participant au moins."),
            "max_value": _("%(limit_value)s participants au plus."),
            "invalid": _("Un nombre, par exemple 8."),
        },
    )

    def __init__(
        self, *args: Any, mediator: Mediator, trained: bool, act: Act | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", self.initial_for(act) if act else self.defaults(mediator))
        super().__init__(*args, **kwargs)
        venue = self.fields["venue"]
        assert isinstance(venue, forms.ModelChoiceField)
        venue.queryset = (
            Venue.objects.published()
            .select_related("commune")
            .order_by("commune__name", "name", "pk")
        )
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = Commune.objects.order_by("name")
        programme = self.fields["redirected_programme"]
        assert isinstance(programme, forms.ModelChoiceField)
        programme.queryset = Programme.objects.published().order_by("title", "pk")
        if not trained:
            # Shown and accepted only for a trained mediator; the service refuses them too.
            del self.fields["procedure_themes"]

    @staticmethod
    def defaults(mediator: Mediator) -> dict[str, Any]:
        start = default_start()
        venue = default_venue(mediator)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "venue": venue,
            "commune": venue.commune if venue else mediator.home_commune,
        }

    @staticmethod
    def initial_for(act: Act) -> dict[str, Any]:
        local = timezone.localtime(act.starts_at)
        first_time = "" if act.first_time is None else ("oui" if act.first_time else "non")
        in_choices = act.duration_minutes in DURATION_CHOICES
        return {
            "date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "duration": act.duration_minutes if in_choices else None,
            "duration_other": None if in_choices else act.duration_minutes,
            "kind": act.kind,
            "place_type": act.place_type,
            "venue": act.venue,
            "commune": act.commune,
            "themes": list(act.themes),
            "procedure_themes": list(act.procedure_themes),
            "equipment": list(act.equipment),
            "outcome": act.outcome,
            "redirected_programme": act.redirected_programme,
            "redirected_structure": act.redirected_structure,
            "autonomy": act.autonomy,
            "age_band": act.age_band,
            "situation": act.situation,
            "first_time": first_time,
            "participants": act.participants if act.kind == ActKind.COLLECTIVE else None,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = data.get("duration_other") is None and not data.get("duration")
        if missing and "duration_other" not in self.errors:
            self.add_error("duration", _("Choisissez une durée."))
        return data

    def data_for_services(self) -> ActData:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["date"], data["start_time"]))
        return ActData(
            starts_at=starts_at,
            duration_minutes=data["duration_other"] or data["duration"],
            kind=data["kind"],
            place_type=data["place_type"],
            venue=data["venue"],
            commune=data["commune"],
            themes=tuple(data["themes"]),
            procedure_themes=tuple(data.get("procedure_themes") or ()),
            equipment=tuple(data["equipment"]),
            outcome=data["outcome"],
            redirected_programme=data["redirected_programme"],
            redirected_structure=data["redirected_structure"],
            autonomy=data["autonomy"],
            age_band=data["age_band"],
            situation=data["situation"],
            first_time=FIRST_TIME_VALUES.get(data["first_time"]),
            participants=data["participants"],
        )


def month_choices(
    today: date | None = None, *, since: date | None = None, until: date | None = None
) -> list[tuple[str, str]]:
    """The months from `until` (the current one by default) back to `since`, at least thirteen,
    the latest first (« juin 2026 »)."""
    from django.utils.formats import date_format

    day = max((today or timezone.localdate()), until or date.min).replace(day=1)
    oldest = (since or date.max).replace(day=1)
    choices: list[tuple[str, str]] = []
    while len(choices) < MONTHS_SHOWN or day >= oldest:
        choices.append((day.strftime("%Y-%m"), date_format(day, "F Y")))
        day = (day - timedelta(days=1)).replace(day=1)
    return choices


class MonthFilterForm(forms.Form):
    month = forms.ChoiceField(label=_("Mois"), required=False)

    def __init__(
        self,
        *args: Any,
        all_label: str = "",
        with_all: bool = True,
        since: date | None = None,
        until: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        month = self.fields["month"]
        assert isinstance(month, forms.ChoiceField)
        months = month_choices(since=since, until=until)
        month.choices = [("", all_label or _("Tous les mois")), *months] if with_all else months

    def chosen_month(self) -> date | None:
        if not self.is_valid() or not self.cleaned_data["month"]:
            return None
        return datetime.strptime(self.cleaned_data["month"], "%Y-%m").date()


class ExportForm(forms.Form):
    start = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Date invalide.")},
    )
    end = forms.DateField(
        label=_("Au (inclus)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Date invalide.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("La fin de la période est avant son début."))
        return data
