"""Forms of the rate table and of the statements' list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.mediation.models import ActKind, StatementKind, StatementStatus
from lakou.mediation.services.payments import (
    MAX_AMOUNT,
    MAX_BAND_MINUTES,
    RateData,
    month_label,
    month_start,
    previous_month,
)

# The months offered in the filter and for preparing: two years back.
MONTHS_SHOWN = 24


def recent_months(today: date | None = None) -> list[date]:
    month = month_start(today or timezone.localdate())
    months = []
    for _n in range(MONTHS_SHOWN):
        months.append(month)
        month = previous_month(month)
    return months


def month_choices() -> list[tuple[str, str]]:
    return [(f"{m:%Y-%m}", month_label(m).capitalize()) for m in recent_months()]


def parse_month(value: str) -> date | None:
    """« 2026-11 » as its first day; None when it is not a month of the last two years."""
    for month in recent_months():
        if value == f"{month:%Y-%m}":
            return month
    return None


class RateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'acte"), choices=ActKind.choices)
    min_minutes = forms.IntegerField(
        label=_("Durée à partir de (minutes)"),
        min_value=0,
        max_value=MAX_BAND_MINUTES,
        help_text=_("Compris : 30 veut dire « 30 minutes ou plus »."),
        error_messages={
            "required": _(
                "Indiquez où commence la tranche, en minutes (0 pour « dès la première minute »)."
            )
        },
    )
    max_minutes = forms.IntegerField(
        label=_("Durée jusqu'à (minutes, facultatif)"),
        min_value=1,
        max_value=MAX_BAND_MINUTES,
        required=False,
        help_text=_("Non compris : 60 veut dire « moins de 60 minutes ». Vide : sans limite."),
    )
    amount = forms.DecimalField(
        label=_("Montant pour un acte (€)"),
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Par exemple 18,50."),
        error_messages={"required": _("Indiquez le montant payé pour un acte de cette tranche.")},
    )
    valid_from = forms.DateField(
        label=_("En vigueur à partir du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Les actes de ce jour et des jours suivants sont payés à ce tarif."),
        error_messages={
            "required": _("Indiquez la date à partir de laquelle ce tarif s'applique.")
        },
    )

    def data_for_services(self) -> RateData:
        data = self.cleaned_data
        return RateData(
            kind=data["kind"],
            min_minutes=data["min_minutes"],
            max_minutes=data["max_minutes"],
            amount=data["amount"],
            valid_from=data["valid_from"],
        )

    def hidden_fields_for_confirmation(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            ("kind", data["kind"]),
            ("min_minutes", str(data["min_minutes"])),
            ("max_minutes", "" if data["max_minutes"] is None else str(data["max_minutes"])),
            ("amount", str(data["amount"])),
            ("valid_from", data["valid_from"].isoformat()),
        ]


class StatementFilterForm(forms.Form):
    month = forms.ChoiceField(label=_("Mois"), required=False)
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *StatementStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Type de relevé"),
        required=False,
        choices=[("", _("Tous les relevés")), *StatementKind.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        month = self.fields["month"]
        assert isinstance(month, forms.ChoiceField)
        month.choices = [("", _("Tous les mois")), *month_choices()]
