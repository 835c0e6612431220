"""Venue pages: the public list near a commune, each venue's page, the national export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lakou.core.actor import ActorRequest
from lakou.mediation.forms.venues import VenueFilterForm
from lakou.mediation.models import Venue
from lakou.mediation.opening_hours import in_french
from lakou.mediation.services.venues import venues_csv, venues_json

PAGE_SIZE = 30


@login_not_required
@require_GET
def venue_list(request: ActorRequest) -> HttpResponse:
    form = VenueFilterForm(request.GET or None)
    venues = Venue.objects.published().select_related("commune")
    if form.is_valid():
        data = form.cleaned_data
        venues = venues.in_territory(data["territory"])
        if data["kind"]:
            venues = venues.filter(kind=data["kind"])
    page = Paginator(venues.order_by("commune__name", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mediation/venues/list.html",
        {"form": form, "page": page, "filtered": bool(request.GET.dict().keys() - {"page"})},
    )


@login_not_required
@require_GET
def venue_detail(request: ActorRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(Venue.objects.published().select_related("commune"), pk=pk)
    hours = in_french(venue.opening_hours) if venue.opening_hours else None
    return render(
        request,
        "mediation/venues/detail.html",
        {"venue": venue, "hours": hours or venue.opening_hours},
    )


@login_not_required
@require_GET
def venues_export(request: ActorRequest, export_format: str) -> HttpResponse:
    """The national schema's file, open data: every published venue."""
    if export_format == "json":
        response = HttpResponse(venues_json(), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(venues_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="lieux-mediation-numerique-martinique.{export_format}"'
    )
    return response
