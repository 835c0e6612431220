"""Forms of the orientation profile: the profile itself, the short DigComp self-assessment and
the consent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.matching.models import MAX_TRAVEL_MINUTES, Mobility, Profile, Situation
from lakou.matching.services.profiles import SELF_CHOICES, ProfileData
from lakou.skills.models import Competence, Occupation
from lakou.territory.models import Commune
from lakou.training.models import Format, Funding


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class OccupationsByDomain(forms.CheckboxSelectMultiple):
    """Checkboxes in one collapsible group per professional domain (no JavaScript); a group
    with a ticked occupation starts open."""

    template_name = "matching/profiles/_occupations_widget.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = [
            {
                "label": group,
                "options": options,
                "open": any(option["selected"] for option in options),
                "ticked": sum(1 for option in options if option["selected"]),
            }
            for group, options, _index in context["widget"]["optgroups"]
        ]
        return context


class OccupationField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Occupation) -> str:
        return f"{obj.label} ({obj.code_rome})"


def grouped_occupations(
    occupations: Iterable[Occupation],
) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for occupation in occupations:
        groups.setdefault(occupation.domain_label, []).append(
            (occupation.pk, f"{occupation.label} ({occupation.code_rome})")
        )
    return list(groups.items())


class ProfileForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=_("Votre commune"),
        queryset=Commune.objects.defer("boundary").order_by("name"),
        empty_label=_("Choisissez votre commune"),
        error_messages={"required": _("Choisissez la commune où vous habitez.")},
    )
    situation = forms.ChoiceField(
        label=_("Votre situation"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la situation qui vous ressemble le plus.")},
    )
    mobility = forms.ChoiceField(
        label=_("Comment vous déplacez-vous ?"),
        choices=Mobility.choices,
        widget=forms.RadioSelect,
        initial=Mobility.CAR,
        error_messages={"required": _("Dites comment vous vous déplacez.")},
    )
    max_travel_minutes = forms.IntegerField(
        label=_("Temps de trajet au plus, en minutes"),
        help_text=_("Par exemple 30 pour une demi-heure. De 0 à %(max)d minutes.")
        % {"max": MAX_TRAVEL_MINUTES},
        min_value=0,
        max_value=MAX_TRAVEL_MINUTES,
        initial=45,
        error_messages={
            "required": _("Indiquez un temps de trajet en minutes, par exemple 30."),
            "invalid": _("Écrivez un nombre de minutes, par exemple 30."),
            "min_value": _("Le temps de trajet ne peut pas être négatif."),
            "max_value": _("Au plus %(limit_value)s minutes de trajet."),
        },
    )
    available_from = forms.DateField(
        label=_("Disponible à partir du"),
        required=False,
        widget=DateInput(),
        help_text=_("Laissez vide si vous êtes disponible dès maintenant."),
        error_messages={"invalid": _("Écrivez une date, par exemple 15/09/2026.")},
    )
    available_until = forms.DateField(
        label=_("Disponible jusqu'au"),
        required=False,
        widget=DateInput(),
        help_text=_("Laissez vide s'il n'y a pas de date de fin."),
        error_messages={"invalid": _("Écrivez une date, par exemple 15/12/2026.")},
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats qui vous conviennent"),
        choices=Format.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ne cochez rien si tout vous convient."),
    )
    fundings = forms.MultipleChoiceField(
        label=_("Financements auxquels vous avez droit"),
        choices=Funding.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez ceux que vous connaissez ; un conseiller peut vous aider."),
    )
    needs_funding = forms.BooleanField(
        label=_("J'ai besoin d'un financement pour me former"), required=False
    )
    target_occupations = OccupationField(
        label=_("Métiers qui vous intéressent"),
        queryset=Occupation.objects.none(),
        required=False,
        widget=OccupationsByDomain,
        help_text=_("Ouvrez un domaine et cochez les métiers ; vous pourrez changer d'avis."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occupations = list(
            Occupation.objects.filter(digital_transition=True).order_by(
                "domain_code", "label", "code_rome"
            )
        )
        field = self.fields["target_occupations"]
        assert isinstance(field, OccupationField)
        field.queryset = Occupation.objects.filter(digital_transition=True)
        field.choices = grouped_occupations(occupations)

    @classmethod
    def initial_of(cls, profile: Profile | None) -> dict[str, Any]:
        if profile is None:
            return {}
        return {
            "commune": profile.commune_id,
            "situation": profile.situation,
            "mobility": profile.mobility,
            "max_travel_minutes": profile.max_travel_minutes,
            "available_from": profile.available_from,
            "available_until": profile.available_until,
            "formats": profile.formats,
            "fundings": profile.fundings,
            "needs_funding": profile.needs_funding,
            "target_occupations": [o.pk for o in profile.target_occupations.all()],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error(
                "available_until",
                _("La date de fin de disponibilité doit venir après la date de début."),
            )
        return data

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            commune=data["commune"],
            situation=data["situation"],
            mobility=data["mobility"],
            max_travel_minutes=data["max_travel_minutes"],
            available_from=data["available_from"],
            available_until=data["available_until"],
            target_occupations=list(data["target_occupations"]),
            fundings=data["fundings"],
            needs_funding=data["needs_funding"],
            formats=data["formats"],
        )


class SelfAssessmentForm(forms.Form):
    """One question per key DigComp competence, answered in four plain words."""

    def __init__(
        self, *args: Any, competences: list[Competence], levels: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for competence in competences:
            self.fields[competence.code] = forms.ChoiceField(
                label=competence.name_fr,
                choices=SELF_CHOICES,
                widget=forms.RadioSelect,
                initial=levels.get(competence.code),
                error_messages={
                    "required": _("Choisissez une réponse, même « Je ne sais pas »."),
                    "invalid_choice": _("Choisissez une des quatre réponses."),
                },
            )


class VisibilityForm(forms.Form):
    visible = forms.TypedChoiceField(
        choices=[("yes", _("Visible")), ("no", _("Masqué"))],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
        error_messages={"required": _("Choisissez de rendre visible ou de masquer votre profil.")},
    )
