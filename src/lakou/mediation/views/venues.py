"""Venue pages: the public list near a commune, each venue's page, the national export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.core.actor import ActorRequest
from lakou.mediation.forms.venues import VenueFilterForm, VenueForm
from lakou.mediation.models import Venue, Workshop
from lakou.mediation.opening_hours import in_french
from lakou.mediation.perms import venues as perms
from lakou.mediation.services.venues import VenueError, venue_save, venues_csv, venues_json

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
    workshops = Workshop.objects.coming(timezone.now()).filter(venue=venue).order_by("starts_at")
    return render(
        request,
        "mediation/venues/detail.html",
        {"venue": venue, "hours": hours or venue.opening_hours, "workshops": workshops[:10]},
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


# ---------------------------------------------------------------- keepers of venues


@require_GET
def venue_mine(request: ActorRequest) -> HttpResponse:
    """The venues the actor's organisation keeps (every venue for the federation)."""
    actor = request.actor
    if not perms.can_keep_venues(actor):
        raise PermissionDenied
    venues = Venue.objects.select_related("commune")
    if not actor.is_federation:
        venues = venues.filter(manager_id=actor.organisation_id)
    page = Paginator(venues.order_by("commune__name", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "mediation/venues/mine.html", {"page": page})


def _venue_form_page(request: ActorRequest, venue: Venue | None) -> HttpResponse:
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid():
        try:
            saved = venue_save(actor=request.actor, venue=form.save(commit=False))
        except VenueError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Le lieu est enregistré.") if venue else _("Le lieu est ajouté à la carte."),
            )
            return redirect("mediation:venue_mine") if not saved.is_published else redirect(saved)
    return render(
        request,
        "mediation/venues/form.html",
        {"form": form, "venue": venue},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def venue_create(request: ActorRequest) -> HttpResponse:
    if not perms.can_keep_venues(request.actor):
        raise PermissionDenied
    return _venue_form_page(request, None)


@require_http_methods(["GET", "POST"])
def venue_edit(request: ActorRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(Venue.objects.select_related("commune"), pk=pk)
    if not perms.can_edit_venue(request.actor, venue):
        raise PermissionDenied
    return _venue_form_page(request, venue)
