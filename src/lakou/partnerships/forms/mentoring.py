"""Forms of the mentoring pages: the mentor's profile, the mentee's request, meetings, the end."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.partnerships.assignment import slot_codes, slots_mask
from lakou.partnerships.models import MentoringPair, Slot
from lakou.partnerships.models.mentoring import GOALS_MAX_LENGTH, MAX_CAPACITY, NOTE_MAX_LENGTH
from lakou.skills.models import Competence, ProficiencyLevel
from lakou.territory.models import Commune

MENTOR_ROWS = 6
MENTEE_ROWS = 3


def _competence_choices() -> list[tuple[str, list[tuple[str, str]]] | tuple[str, str]]:
    """Competences grouped by framework, for a <select> with <optgroup>s."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for competence in Competence.objects.select_related("framework").order_by(
        "framework__position", "position"
    ):
        groups.setdefault(str(competence.framework), []).append(
            (str(competence.pk), f"{competence.code} {competence.name_fr}")
        )
    return [("", str(_("— choisir —"))), *groups.items()]


def _level_choices(empty: str) -> list[tuple[str, list[tuple[str, str]]] | tuple[str, str]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for level in ProficiencyLevel.objects.select_related("framework").order_by(
        "framework__position", "rank"
    ):
        groups.setdefault(str(level.framework), []).append(
            (str(level.pk), f"{level.framework.short_name} {level.code} — {level.name_fr}")
        )
    return [("", empty), *groups.items()]


def _communes() -> Any:
    return Commune.objects.only("pk", "name").order_by("name")


class AvailabilityField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Slot.choices,
            label=_("Vos disponibilités"),
            help_text=_("Cochez les demi-journées où vous pouvez vous rencontrer."),
            error_messages={"required": _("Cochez au moins une demi-journée.")},
            **kwargs,
        )


class CompetenceRowsMixin(forms.Form):
    """Rows of (competence, level) selects; `clean` gathers them as `pairs`."""

    rows = MENTOR_ROWS
    level_required = True
    level_empty = _("— niveau —")

    def _add_rows(self) -> None:
        competences = _competence_choices()
        levels = _level_choices(str(self.level_empty))
        for n in range(1, self.rows + 1):
            self.fields[f"competence_{n}"] = forms.ChoiceField(
                label=_("Compétence %(n)s") % {"n": n}, choices=competences, required=False
            )
            self.fields[f"level_{n}"] = forms.ChoiceField(
                label=_("Niveau de la compétence %(n)s") % {"n": n},
                choices=levels,
                required=False,
            )

    def competence_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"competence_{n}"], self[f"level_{n}"]) for n in range(1, self.rows + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ids = [
            (n, data.get(f"competence_{n}"), data.get(f"level_{n}"))
            for n in range(1, self.rows + 1)
        ]
        chosen = [(n, c, lv) for n, c, lv in ids if c]
        competences = Competence.objects.in_bulk([int(c) for _n, c, _lv in chosen])
        levels = ProficiencyLevel.objects.in_bulk([int(lv) for _n, _c, lv in chosen if lv])
        pairs = []
        for n, competence_id, level_id in chosen:
            competence = competences[int(competence_id)]
            level = levels.get(int(level_id)) if level_id else None
            if level is None and self.level_required:
                self.add_error(f"level_{n}", _("Choisissez votre niveau pour cette compétence."))
                continue
            if level is not None and level.framework_id != competence.framework_id:
                self.add_error(
                    f"level_{n}",
                    _("Choisissez un niveau du référentiel %(framework)s.")
                    % {"framework": competence.framework},
                )
                continue
            pairs.append((competence, level))
        for n, _c, level_id in ids:
            if level_id and not data.get(f"competence_{n}"):
                self.add_error(f"competence_{n}", _("Choisissez la compétence de ce niveau."))
        if not chosen:
            self.add_error("competence_1", _("Choisissez au moins une compétence."))
        elif len({c for _n, c, _lv in chosen}) != len(chosen):
            self.add_error(None, _("Une compétence est choisie deux fois."))
        data["pairs"] = pairs
        data["availability_mask"] = slots_mask(data.get("availability", []))
        return data


class MentorProfileForm(CompetenceRowsMixin):
    capacity = forms.IntegerField(
        label=_("Nombre de mentorés"),
        min_value=1,
        max_value=MAX_CAPACITY,
        initial=1,
        help_text=_("Combien de personnes vous pouvez accompagner en même temps (1 à 10)."),
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes où vous pouvez rencontrer vos mentorés"),
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accepts_remote = forms.BooleanField(
        label=_("J'accepte aussi les rencontres à distance (téléphone, visio)"), required=False
    )
    availability = AvailabilityField()
    presentation = forms.CharField(
        label=_("Présentation (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Votre métier, votre parcours : ce que lira la fédération."),
    )
    is_active = forms.BooleanField(
        label=_("J'accepte de nouveaux mentorés"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = _communes()  # type: ignore[attr-defined]
        self._add_rows()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "communes" in data and not data["communes"] and not data.get("accepts_remote"):
            self.add_error(
                "communes",
                _(
                    "Choisissez au moins une commune de rencontre, ou acceptez les rencontres "
                    "à distance."
                ),
            )
        return data


class MenteeRequestForm(CompetenceRowsMixin):
    rows = MENTEE_ROWS
    level_required = False
    level_empty = _("— n'importe quel niveau —")

    goals = forms.CharField(
        label=_("Vos objectifs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=GOALS_MAX_LENGTH,
        help_text=_("Ce que vous voulez apprendre ou réussir avec l'aide d'un mentor."),
        error_messages={"required": _("Dites en quelques mots ce que vous voulez apprendre.")},
    )
    commune = forms.ModelChoiceField(
        label=_("Votre commune"),
        queryset=Commune.objects.none(),
        empty_label=_("— choisir —"),
        error_messages={"required": _("Choisissez votre commune.")},
    )
    accepts_remote = forms.BooleanField(
        label=_("J'accepte les rencontres à distance (téléphone, visio)"), required=False
    )
    availability = AvailabilityField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = _communes()  # type: ignore[attr-defined]
        self._add_rows()


def profile_initial(profile: Any) -> dict[str, Any]:
    """The form's initial values from a saved mentor profile or mentee request."""
    initial: dict[str, Any] = {"availability": list(slot_codes(profile.availability))}
    rows = profile.competences.all() if hasattr(profile, "capacity") else profile.wishes.all()
    for n, row in enumerate(rows, start=1):
        initial[f"competence_{n}"] = str(row.competence_id)
        initial[f"level_{n}"] = str(row.level_id) if row.level_id else ""
    return initial


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date de la rencontre"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez la date."), "invalid": _("Date invalide.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        min_value=5,
        max_value=480,
        initial=60,
        error_messages={"required": _("Indiquez la durée en minutes.")},
    )
    note = forms.CharField(
        label=_("Note (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=_("Ce que vous avez fait ensemble, en une ou deux phrases."),
    )


class PairEndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi le binôme se termine-t-il ?"),
        choices=MentoringPair.EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une raison.")},
    )
    note = forms.CharField(
        label=_("Précisions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Obligatoire pour « Autre raison ». L'autre personne les lira."),
    )


class PairCreateForm(forms.Form):
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int, choices=())
