from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lakou.territory.models import Commune, Epci
from lakou.territory.stats import age_structure_for, population_years, total_population


@require_GET
@login_not_required
def overview(request: HttpRequest) -> HttpResponse:
    epcis = list(Epci.objects.with_population())
    populations = dict(Commune.objects.values_list("insee_code", "population"))
    context: dict[str, Any] = {
        "epcis": epcis,
        "populations": populations,
        "total": total_population(epcis),
        "years": population_years(epcis),
    }
    return render(request, "territory/overview.html", context)


@require_GET
@login_not_required
def epci_detail(request: HttpRequest, siren: str) -> HttpResponse:
    epci = get_object_or_404(Epci.objects.with_population(), siren=siren)
    communes = list(Commune.objects.with_epci().filter(epci=epci).defer("boundary"))
    context: dict[str, Any] = {
        "epci": epci,
        "communes": communes,
        "populations": {c.insee_code: c.population for c in communes},
        "member_codes": [c.insee_code for c in communes],
        "years": population_years([epci]),
    }
    return render(request, "territory/epci_detail.html", context)


@require_GET
@login_not_required
def commune_detail(request: HttpRequest, insee_code: str) -> HttpResponse:
    commune = get_object_or_404(
        Commune.objects.with_epci().defer("boundary"), insee_code=insee_code
    )
    context: dict[str, Any] = {
        "commune": commune,
        "postal_codes": commune.postal_codes.split(),
        "ages": age_structure_for(commune),
    }
    return render(request, "territory/commune_detail.html", context)
