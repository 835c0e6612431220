"""The six-month questionnaire: the learner's page and the provider's phone entry share it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.skills.models import Occupation
from lakou.territory.models import Commune
from lakou.training.models import EMPLOYED_SITUATIONS, Situation
from lakou.training.services.followup import ListFilter

YES_NO = [("yes", _("Oui")), ("no", _("Non"))]


def occupation_choices() -> list[tuple[str, Any]]:
    """The digital ROME occupations, grouped by professional domain, in one query."""
    groups: dict[str, list[tuple[str, str]]] = {}
    occupations = Occupation.objects.filter(digital_transition=True).order_by(
        "domain_label", "label"
    )
    for code, label, domain in occupations.values_list("code_rome", "label", "domain_label"):
        groups.setdefault(domain, []).append((code, label))
    return [("", _("Je ne trouve pas mon métier")), *groups.items()]


class FollowUpAnswerForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("Quelle est votre situation aujourd'hui ?"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez votre situation.")},
    )
    is_digital_job = forms.ChoiceField(
        label=_("Si vous travaillez : votre emploi est-il dans le numérique ?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    occupation = forms.ChoiceField(
        label=_("Si vous travaillez : votre métier"),
        help_text=_("Facultatif. Choisissez le métier le plus proche du vôtre."),
        required=False,
    )
    employer_commune = forms.ModelChoiceField(
        label=_("Si vous travaillez : la commune de votre employeur"),
        help_text=_("Gardez « Hors Martinique » si votre employeur est ailleurs."),
        queryset=Commune.objects.order_by("name").only("pk", "name"),
        empty_label=_("Hors Martinique"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = occupation_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("situation") in EMPLOYED_SITUATIONS:
            if not cleaned.get("is_digital_job"):
                self.add_error("is_digital_job", _("Indiquez si cet emploi est dans le numérique."))
        else:
            cleaned.update(is_digital_job="", occupation="", employer_commune=None)
        return cleaned

    def answer(self) -> dict[str, Any]:
        """The keyword arguments of `follow_up_answer` (the form must be valid)."""
        code = self.cleaned_data["occupation"]
        digital = self.cleaned_data["is_digital_job"]
        return {
            "situation": self.cleaned_data["situation"],
            "is_digital_job": {"yes": True, "no": False}.get(digital),
            "occupation": Occupation.objects.filter(code_rome=code).first() if code else None,
            "employer_commune": self.cleaned_data["employer_commune"],
        }


class FollowUpFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("État"),
        choices=[
            ("", _("Tous")),
            (ListFilter.NOT_YET_DUE, _("Pas encore à recueillir")),
            (ListFilter.DUE, _("À recueillir")),
            (ListFilter.ANSWERED, _("Réponse reçue")),
            (ListFilter.UNREACHABLE, _("Sans réponse")),
        ],
        required=False,
    )

    def state_value(self) -> str:
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
