"""Forms of the placement agreements: the content (internship or contract), the signature, the
request for a change, the break-off, the tutor's evaluations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, phone_display
from lakou.partnerships.models import Agreement, Attendance, JobOffer
from lakou.partnerships.services.agreements import stipend_problem_for

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
SALARY_YEARS = 4

COMMON_FIELDS = [
    "school",
    "title",
    "starts_on",
    "ends_on",
    "activities",
    "weekly_hours",
    "tutor_name",
    "tutor_position",
    "tutor_email",
    "tutor_phone",
    "teacher_name",
    "teacher_email",
]
INTERNSHIP_FIELDS = [
    "competences",
    "total_hours",
    "schedule",
    "stipend_monthly",
    "stipend_terms",
    "benefits",
    "leave_terms",
]
CONTRACT_FIELDS = [
    "employer_siret",
    "employer_naf",
    "employer_headcount",
    "apprentice_last_name",
    "apprentice_first_names",
    "apprentice_birth_date",
    "master_name",
    "master_birth_date",
    "master_position",
    "master_diploma",
    "master2_name",
    "master2_birth_date",
    "master2_position",
    "master2_diploma",
    "diploma_title",
    "diploma_rncp",
    "cfa_name",
    "cfa_siret",
    "cfa_uai",
    "competences",
    "schedule",
    "benefits",
]
DATE_FIELDS = (
    "starts_on",
    "ends_on",
    "apprentice_birth_date",
    "master_birth_date",
    "master2_birth_date",
)


class AgreementForm(forms.ModelForm[Agreement]):
    """The agreement's content; the fields depend on its kind (internship or contract)."""

    class Meta:
        model = Agreement
        fields = COMMON_FIELDS + INTERNSHIP_FIELDS + CONTRACT_FIELDS[:-3]
        widgets = {
            **{name: DATE_WIDGET for name in DATE_FIELDS},
            "activities": TEXTAREA,
            "competences": TEXTAREA,
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "leave_terms": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agreement = self.instance
        keep = COMMON_FIELDS + (CONTRACT_FIELDS if agreement.is_contract else INTERNSHIP_FIELDS)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = Organisation.objects.filter(kind=Organisation.Kind.PROVIDER).order_by(
            "name"
        )
        school.label = (
            _("Centre de formation (CFA) ou organisme")
            if agreement.is_contract
            else _("École ou organisme de formation")
        )
        if agreement.is_contract:
            self.fields["teacher_name"].label = _("Référent du CFA : nom")
            self.fields["teacher_email"].label = _("Référent du CFA : e-mail")
            self.fields["tutor_name"].label = _("Contact de l'entreprise qui signe : nom")
            self.fields["weekly_hours"].label = _("Durée hebdomadaire du travail (heures)")
            by_year = {int(e.get("year", 0)): e for e in agreement.salary_by_year or []}
            for year in range(1, SALARY_YEARS + 1):
                entry = by_year.get(year, {})
                self.fields[f"salary_{year}_percent"] = forms.DecimalField(
                    label=_("Année %(n)s : salaire brut en %% du SMIC") % {"n": year},
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(200),
                    decimal_places=1,
                    initial=entry.get("smic_percent") or None,
                )
                self.fields[f"salary_{year}_amount"] = forms.DecimalField(
                    label=_("ou année %(n)s : salaire brut annuel (€)") % {"n": year},
                    required=False,
                    min_value=Decimal(0),
                    max_digits=9,
                    decimal_places=2,
                    initial=entry.get("yearly_amount") or None,
                )
        if agreement.tutor_phone and not self.is_bound:
            self.initial["tutor_phone"] = phone_display(agreement.tutor_phone)
        for field in self.fields.values():
            field.required = False
        self.fields["starts_on"].required = self.fields["ends_on"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin ne peut pas précéder la date de début."))
        if not self.instance.is_contract:
            problem = stipend_problem_for(
                kind=self.instance.kind,
                starts_on=starts_on,
                ends_on=ends_on,
                total_hours=data.get("total_hours"),
                weekly_hours=data.get("weekly_hours"),
                stipend_monthly=data.get("stipend_monthly"),
            )
            if problem:
                self.add_error("stipend_monthly", problem)
        return data

    def changes(self) -> dict[str, Any]:
        """What the service writes: the model fields, and the salary years assembled."""
        changes = {
            name: self.cleaned_data[name] for name in self.fields if not name.startswith("salary_")
        }
        for name in ("employer_headcount", "total_hours", "weekly_hours", "stipend_monthly"):
            if name in changes and changes[name] == "":
                changes[name] = None
        if self.instance.is_contract:
            years = []
            for year in range(1, SALARY_YEARS + 1):
                percent = self.cleaned_data.get(f"salary_{year}_percent")
                amount = self.cleaned_data.get(f"salary_{year}_amount")
                if percent is not None or amount is not None:
                    years.append(
                        {
                            "year": year,
                            "smic_percent": format(percent.normalize(), "f") if percent else "",
                            "yearly_amount": format(amount, "f") if amount else "",
                        }
                    )
            changes["salary_by_year"] = years
        return changes


class SignForm(forms.Form):
    signer_name = forms.CharField(
        label=_("Votre nom et prénom"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Tapez-les : c'est votre signature."),
    )
    signer_role = forms.CharField(
        label=_("À quel titre signez-vous ?"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Par exemple : stagiaire, gérante de l'entreprise, directeur de l'école."),
    )
    read = forms.BooleanField(
        label=_("J'ai lu la convention et je l'accepte."),
        error_messages={
            "required": _("Cochez la case pour confirmer que vous avez lu la convention.")
        },
    )


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Ce qui doit changer"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("La convention revient au brouillon et toutes les signatures sont annulées."),
    )


class BreakOffForm(forms.Form):
    on = forms.DateField(label=_("Date de la rupture"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Motif de la rupture"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EvaluationForm(forms.Form):
    evaluator_name = forms.CharField(label=_("Votre nom et prénom"), max_length=TITLE_MAX_LENGTH)
    assessment = forms.CharField(
        label=_("Votre appréciation"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    competences_assessment = forms.CharField(
        label=_("Compétences acquises ou en cours d'acquisition"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FinalEvaluationForm(EvaluationForm):
    attendance = forms.ChoiceField(
        label=_("Le stage ou le contrat a-t-il été effectué ?"),
        choices=Attendance.choices,
        widget=forms.RadioSelect,
    )
    job_offer = forms.ChoiceField(
        label=_("Une embauche a-t-elle été proposée ?"),
        choices=JobOffer.choices,
        widget=forms.RadioSelect,
    )
