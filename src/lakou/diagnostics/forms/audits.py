"""Forms of the audit pages, the needs map filters and the indicator page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lakou.core.forms import PeriodTerritoryForm
from lakou.core.validators import validate_past_date
from lakou.diagnostics.models import Audit, Horizon, NeedMode
from lakou.diagnostics.models.dimensions import SCORE_MAX, SCORE_MIN, MaturityDimension
from lakou.diagnostics.services.audits import NeedInput, check_report
from lakou.skills.models import Competence, Occupation


class AuditForm(forms.Form):
    audited_on = forms.DateField(
        label=_("Date de l'audit"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_past_date],
    )
    method = forms.ChoiceField(label=_("Méthode"), choices=Audit.Method.choices)
    report = forms.FileField(
        label=_("Rapport (PDF, 10 Mo au plus)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in MaturityDimension.choices:
            self.fields[f"score_{code}"] = forms.IntegerField(
                label=label,
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                required=False,
                help_text=_("De 0 à 100 ; laissez vide si la dimension n'a pas été évaluée."),
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{code}"] for code in MaturityDimension.values]

    def clean_report(self) -> UploadedFile | None:
        report: UploadedFile | None = self.cleaned_data.get("report") or None
        if report is not None and not isinstance(report, UploadedFile):
            return None  # the current file, kept on edit
        if report is not None:
            check_report(report)
        return report

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"score_{code}") is not None for code in MaturityDimension.values):
            raise ValidationError(_("Donnez au moins un score."))
        return cleaned

    def scores(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[f"score_{code}"]
            for code in MaturityDimension.values
            if self.cleaned_data.get(f"score_{code}") is not None
        }


class NeedForm(forms.Form):
    competence = forms.ModelChoiceField(
        label=_("Compétence"),
        queryset=Competence.objects.with_framework(),
        required=False,
        empty_label=_("— aucune —"),
    )
    occupation = forms.ModelChoiceField(
        label=_("ou métier (ROME)"),
        queryset=Occupation.objects.all(),
        required=False,
        empty_label=_("— aucun —"),
    )
    level = forms.CharField(label=_("Niveau visé"), max_length=10, required=False)
    headcount = forms.IntegerField(label=_("Nombre de personnes"), min_value=1, max_value=10000)
    # An empty first choice, so that a row left blank is sent blank and ignored.
    horizon = forms.ChoiceField(
        label=_("Échéance"), choices=[("", _("— choisir —")), *Horizon.choices]
    )
    mode = forms.ChoiceField(
        label=_("Former ou recruter"), choices=NeedMode.choices, widget=forms.RadioSelect
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("competence") and not cleaned.get("occupation"):
            raise ValidationError(_("Choisissez une compétence ou un métier."))
        return cleaned

    def need(self) -> NeedInput:
        data = self.cleaned_data
        return NeedInput(
            competence=data.get("competence"),
            occupation=data.get("occupation"),
            level=data.get("level", ""),
            headcount=data["headcount"],
            horizon=data["horizon"],
            mode=data["mode"],
        )


NeedFormSet = forms.formset_factory(NeedForm, extra=3, can_delete=True, max_num=50)


def needs_of(formset: forms.BaseFormSet[NeedForm]) -> list[NeedInput]:
    return [
        form.need()
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class CompanySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Entreprise à auditer (nom ou SIRET)"), max_length=100, required=False
    )


class NeedsFilterForm(PeriodTerritoryForm):
    horizon = forms.ChoiceField(
        label=_("Échéance"), choices=[("", _("toutes")), *Horizon.choices], required=False
    )
    mode = forms.ChoiceField(
        label=_("Former ou recruter"),
        choices=[("", _("les deux")), *NeedMode.choices],
        required=False,
    )
