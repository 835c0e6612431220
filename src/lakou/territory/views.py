from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lakou.territory.models import Commune


@require_GET
@login_not_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "territory/overview.html", {"communes": Commune.objects.with_epci()})
