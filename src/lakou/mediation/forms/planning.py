"""The planner's form: which quarter (the next one unless another is chosen), and for the
federation which territory."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.mediation.services.planning import (
    next_quarter,
    plannable_quarters,
    quarter_label,
    quarter_of,
)
from lakou.territory.models import Epci


class PlanForm(forms.Form):
    quarter = forms.ChoiceField(
        label=_("Trimestre"),
        error_messages={
            "required": _("Choisissez un trimestre."),
            "invalid_choice": _("Choisissez un des trimestres proposés."),
        },
    )
    epci = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Epci.objects.order_by("short_name"),
        required=False,
        empty_label=_("Toute la Martinique"),
        error_messages={"invalid_choice": _("Choisissez un des territoires proposés.")},
    )

    def __init__(self, *args: Any, today: date, with_territory: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = [
            (q.isoformat(), quarter_label(q)) for q in plannable_quarters(today=today)
        ]
        # A plan is made ahead: the quarter under way is offered while weeks remain, not chosen.
        quarter.initial = next_quarter(quarter_of(today)).isoformat()
        if not with_territory:
            del self.fields["epci"]

    def clean_quarter(self) -> date:
        return date.fromisoformat(self.cleaned_data["quarter"])
