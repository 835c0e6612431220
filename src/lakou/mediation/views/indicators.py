"""Indicator 4 page: active mediators and workshops held, public with statistical secrecy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lakou.core.actor import ActorRequest
from lakou.core.forms import PeriodTerritoryForm
from lakou.core.indicators import IndicatorInputError
from lakou.core.period import TerritoryError, parse_period, parse_territory
from lakou.mediation.indicators import (
    MediatorsResult,
    WorkshopsResult,
    active_mediators,
    mediators_with_secrecy,
    workshops_held,
    workshops_with_secrecy,
)
from lakou.mediation.perms.indicators import can_see_exact_indicators


def _current_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@login_not_required
@require_GET
def indicators(request: ActorRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("period", _current_quarter())
    form = PeriodTerritoryForm(data)
    form.fields["territory"].help_text = _(
        "La commune du lieu de l'atelier, ou la commune indiquée dans l'acte."
    )
    mediators: MediatorsResult | None = None
    workshops: WorkshopsResult | None = None
    if form.is_valid():
        try:
            period = parse_period(form.cleaned_data["period"])
            territory = parse_territory(form.cleaned_data["territory"])
        except IndicatorInputError as error:
            form.add_error(
                "territory" if isinstance(error, TerritoryError) else "period", str(error)
            )
        else:
            mediators = active_mediators(period, territory)
            workshops = workshops_held(period, territory)
    exact = can_see_exact_indicators(request.actor)
    if mediators is not None and workshops is not None and not exact:
        mediators = mediators_with_secrecy(mediators)
        workshops = workshops_with_secrecy(workshops)
    return render(
        request,
        "mediation/indicators/indicators.html",
        {"form": form, "mediators": mediators, "workshops": workshops, "exact": exact},
        status=200 if mediators is not None else 400,
    )
