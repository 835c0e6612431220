"""The public page of indicator 2: people certified and their employment six months later."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lakou.core.actor import ActorRequest
from lakou.core.indicators import IndicatorInputError
from lakou.core.period import TerritoryError, parse_period, parse_territory
from lakou.training.forms.indicators import OutcomesFilterForm
from lakou.training.indicators import (
    ANSWER_WINDOW_DAYS,
    Outcomes,
    TrainingOutcomes,
    training_outcomes,
    with_secrecy,
)
from lakou.training.perms.indicators import can_see_exact_outcomes


@dataclass(frozen=True)
class BreakdownTable:
    heading: str
    column: str
    rows: list[Outcomes]


def _tables(result: TrainingOutcomes) -> list[BreakdownTable]:
    titles = {
        "programme": (_("Par formation"), _("Formation")),
        "provider": (_("Par organisme de formation"), _("Organisme")),
        "domain": (_("Par domaine"), _("Domaine")),
        "epci": (_("Par EPCI (lieu de la formation)"), _("EPCI")),
    }
    return [
        BreakdownTable(heading=titles[name][0], column=titles[name][1], rows=rows)
        for name, rows in result.breakdowns.items()
    ]


@login_not_required
@require_GET
def indicators(request: ActorRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("period", str(timezone.localdate().year))
    form = OutcomesFilterForm(data)
    result: TrainingOutcomes | None = None
    if form.is_valid():
        try:
            result = training_outcomes(
                parse_period(form.cleaned_data["period"]),
                parse_territory(form.cleaned_data["territory"]),
            )
        except IndicatorInputError as error:
            form.add_error(
                "territory" if isinstance(error, TerritoryError) else "period", str(error)
            )
    exact = can_see_exact_outcomes(request.actor)
    if result is not None and not exact:
        result = with_secrecy(result)
    return render(
        request,
        "training/indicators/indicators.html",
        {
            "form": form,
            "result": result,
            "tables": _tables(result) if result is not None else [],
            "exact": exact,
            "window_days": ANSWER_WINDOW_DAYS,
        },
        status=200 if result is not None else 400,
    )
