"""Pooled resources pages: the members' catalogue, sharing, booking, the owner's inbox, reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.accounts.models import Organisation
from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.exports import XLSX_TYPE, xlsx_bytes
from lakou.partnerships.forms.resources import (
    BookingForm,
    CatalogueFilterForm,
    PeriodForm,
    RefusalForm,
    ResourceForm,
    ReturnForm,
)
from lakou.partnerships.models import Booking, Resource
from lakou.partnerships.perms import resources as perms
from lakou.partnerships.resource_calendar import ResourceError
from lakou.partnerships.services.resources import (
    MemberReport,
    ResourceReport,
    availability,
    booking_approve,
    booking_cancel,
    booking_refuse,
    booking_request,
    booking_return,
    can_cancel,
    member_report,
    overlap_days,
    resource_create,
    resource_report,
    resource_update,
)

CATALOGUE_PAGE_SIZE = 30
INBOX_PAGE_SIZE = 50
MINE_PAGE_SIZE = 50
# The inbox lists the bookings to note on return and the resources lent, up to this many each.
INBOX_SECTION_LIMIT = 50

# ---------------------------------------------------------------- fetch helpers


def _require_member(request: ActorRequest) -> None:
    if not perms.is_member(request.actor):
        raise PermissionDenied(_("Réservé aux membres d'une organisation."))


def get_resource_for_actor(request: ActorRequest, pk: int) -> Resource:
    """A resource the actor may see (shared, or its own organisation's), else 404."""
    _require_member(request)
    return get_object_or_404(Resource.objects.visible_to(request.actor).with_place(), pk=pk)


def get_resource_to_edit(request: ActorRequest, pk: int) -> Resource:
    """A resource of the actor's organisation: 404 if unseen, 403 if another organisation's."""
    resource = get_resource_for_actor(request, pk)
    if not perms.can_edit_resource(request.actor, resource):
        raise PermissionDenied
    return resource


def _visible_booking(request: ActorRequest, pk: int) -> Booking:
    _require_member(request)
    bookings = Booking.objects.visible_to(request.actor).with_parties()
    return get_object_or_404(bookings.select_related("resource__commune"), pk=pk)


def get_booking_for_owner(request: ActorRequest, pk: int) -> Booking:
    """A booking of the actor's resource: 404 if unseen, 403 for the booker."""
    booking = _visible_booking(request, pk)
    if not perms.can_decide_booking(request.actor, booking):
        raise PermissionDenied
    return booking


def get_booking_for_booker(request: ActorRequest, pk: int) -> Booking:
    """A booking of the actor's organisation: 404 if unseen, 403 for the owner."""
    booking = _visible_booking(request, pk)
    if not perms.can_cancel_booking(request.actor, booking):
        raise PermissionDenied
    return booking


# ---------------------------------------------------------------- catalogue and detail


@require_GET
def resource_catalogue(request: ActorRequest) -> HttpResponse:
    _require_member(request)
    form = CatalogueFilterForm(request.GET or None)
    resources = Resource.objects.visible_to(request.actor).filter(is_shared=True).with_place()
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    if filters.get("kind"):
        resources = resources.filter(kind=filters["kind"])
    if filters.get("commune"):
        resources = resources.filter(commune=filters["commune"])
    if filters.get("free_from") and filters.get("free_to"):
        resources = resources.available_between(filters["free_from"], filters["free_to"])
    page = Paginator(resources.order_by("title", "pk"), CATALOGUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partnerships/resources/catalogue.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters and any(filters.values())),
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: ActorRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def resource_detail(request: ActorRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_actor(request, pk)
    actor = request.actor
    return render(
        request,
        "partnerships/resources/detail.html",
        {
            "resource": resource,
            "availability": availability(resource),
            "can_book": perms.can_book(actor, resource),
            "can_edit": perms.can_edit_resource(actor, resource),
            "can_report": perms.can_read_resource_report(actor, resource),
        },
    )


# ---------------------------------------------------------------- share and edit


@require_http_methods(["GET", "POST"])
def resource_create_view(request: ActorRequest) -> HttpResponse:
    _require_member(request)
    form = ResourceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = resource_create(actor=request.actor, data=form.resource_data())
        except ResourceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("La ressource est partagée avec les membres."))
            return redirect(resource)
    return render(
        request,
        "partnerships/resources/form.html",
        {"form": form, "resource": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def resource_edit_view(request: ActorRequest, pk: int) -> HttpResponse:
    resource = get_resource_to_edit(request, pk)
    form = ResourceForm(
        request.POST if request.method == "POST" else None,
        initial=ResourceForm.initial_for(resource),
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource_update(actor=request.actor, resource=resource, data=form.resource_data())
        except ResourceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("La ressource est modifiée."))
            return redirect(resource)
    return render(
        request,
        "partnerships/resources/form.html",
        {"form": form, "resource": resource},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- booking


@require_http_methods(["GET", "POST"])
def resource_book(request: ActorRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_actor(request, pk)
    if not perms.can_book(request.actor, resource):
        raise PermissionDenied
    form = BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking_request(
                actor=request.actor,
                resource=resource,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                quantity=data["quantity"],
                purpose=data["purpose"],
            )
        except ResourceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Votre demande est envoyée à %(owner)s. Vous recevrez sa réponse par e-mail.")
                % {"owner": resource.owner.name},
            )
            return redirect("partnerships:my_bookings")
    return render(
        request,
        "partnerships/resources/book.html",
        {"form": form, "resource": resource, "availability": availability(resource)},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def my_bookings(request: ActorRequest) -> HttpResponse:
    _require_member(request)
    bookings = (
        Booking.objects.for_booker(request.actor.organisation_id)
        .with_parties()
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(bookings, MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(booking, can_cancel(booking, today)) for booking in page.object_list]
    return render(request, "partnerships/resources/mine.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def booking_cancel_view(request: ActorRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_booker(request, pk)
    back = reverse("partnerships:my_bookings")
    if not can_cancel(booking):
        messages.error(
            request,
            _(
                "Cette réservation ne peut plus être annulée : elle est « %(status)s » ou a commencé."
            )
            % {"status": booking.get_status_display()},
        )
        return redirect(back)
    if not confirmed(request):
        return confirmation_page(request, _cancel_confirmation(booking, back))
    try:
        booking_cancel(actor=request.actor, booking=booking)
    except ResourceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La réservation est annulée ; le propriétaire est prévenu."))
    return redirect(back)


def _what(booking: Booking) -> dict[str, Any]:
    return {
        "title": booking.resource.title,
        "start": booking.starts_on.strftime("%d/%m/%Y"),
        "end": booking.ends_on.strftime("%d/%m/%Y"),
        "booker": booking.booker.name,
    }


def _cancel_confirmation(booking: Booking, back: str) -> Confirmation:
    return Confirmation(
        title=_("Annuler la réservation de « %(title)s », du %(start)s au %(end)s ?")
        % _what(booking),
        paragraphs=[_("Le propriétaire est prévenu par e-mail et les unités redeviennent libres.")],
        warning=_("L'annulation est définitive : pour revenir, il faudra refaire une demande."),
        facts=[(_("Quantité"), booking.quantity)],
        confirm_label=_("Oui, annuler la réservation"),
        cancel_url=back,
        cancel_label=_("Garder la réservation"),
        breadcrumb=[(back, _("Mes réservations"))],
    )


# ---------------------------------------------------------------- the owner


@require_GET
def booking_inbox(request: ActorRequest) -> HttpResponse:
    _require_member(request)
    organisation_id = request.actor.organisation_id
    mine = Booking.objects.for_owner(organisation_id).with_parties()
    pending = Paginator(mine.pending().order_by("starts_on", "pk"), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    to_return = list(
        mine.filter(status=Booking.Status.APPROVED, starts_on__lte=today).order_by("ends_on", "pk")[
            :INBOX_SECTION_LIMIT
        ]
    )
    coming = list(
        mine.filter(status=Booking.Status.APPROVED, starts_on__gt=today).order_by(
            "starts_on", "pk"
        )[:INBOX_SECTION_LIMIT]
    )
    resources = list(
        Resource.objects.owned_by(organisation_id)
        .with_place()
        .order_by("title", "pk")[:INBOX_SECTION_LIMIT]
    )
    return render(
        request,
        "partnerships/resources/inbox.html",
        {"pending": pending, "to_return": to_return, "coming": coming, "resources": resources},
    )


@require_POST
def booking_approve_view(request: ActorRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_owner(request, pk)
    try:
        booking_approve(actor=request.actor, booking=booking)
    except ResourceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("La réservation de %(booker)s est acceptée ; l'organisation est prévenue.")
            % {"booker": booking.booker.name},
        )
    return redirect("partnerships:booking_inbox")


@require_http_methods(["GET", "POST"])
def booking_refuse_view(request: ActorRequest, pk: int) -> HttpResponse:
    """A confirmation page with the reason; its button (`confirme=oui`) refuses."""
    booking = get_booking_for_owner(request, pk)
    back = reverse("partnerships:booking_inbox")
    if booking.status != Booking.Status.REQUESTED:
        messages.error(
            request,
            _("Cette demande n'attend plus de décision : elle est « %(status)s ».")
            % {"status": booking.get_status_display()},
        )
        return redirect(back)
    form = RefusalForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            booking_refuse(actor=request.actor, booking=booking, reason=form.cleaned_data["reason"])
        except ResourceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("La demande de %(booker)s est refusée ; l'organisation reçoit votre motif.")
                % {"booker": booking.booker.name},
            )
        return redirect(back)
    confirmation = Confirmation(
        title=_("Refuser la demande de %(booker)s pour « %(title)s », du %(start)s au %(end)s ?")
        % _what(booking),
        paragraphs=[_("L'organisation reçoit un e-mail avec votre motif.")],
        warning=_("Un refus est définitif : l'organisation devra refaire une demande."),
        facts=[(_("Quantité"), booking.quantity), (_("Usage prévu"), booking.purpose)],
        form=form,
        confirm_label=_("Refuser la demande"),
        cancel_url=back,
        cancel_label=_("Ne rien changer"),
        breadcrumb=[(back, _("Demandes de réservation"))],
    )
    return confirmation_page(request, confirmation, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def booking_return_view(request: ActorRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_owner(request, pk)
    form = ReturnForm(
        request.POST if request.method == "POST" else None,
        initial={"returned_on": min(timezone.localdate(), booking.ends_on)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking_return(
                actor=request.actor,
                booking=booking,
                returned_on=form.cleaned_data["returned_on"],
                damage_notes=form.cleaned_data["damage_notes"],
            )
        except ResourceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Le retour est noté."))
            return redirect("partnerships:booking_inbox")
    return render(
        request,
        "partnerships/resources/return.html",
        {"form": form, "booking": booking},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- reports


def _period(request: ActorRequest) -> tuple[PeriodForm, date, date]:
    """The period asked for, else the current calendar year."""
    year = timezone.localdate().year
    default = (date(year, 1, 1), date(year, 12, 31))
    form = PeriodForm(
        request.GET if "start" in request.GET or "end" in request.GET else None,
        initial={"start": default[0], "end": default[1]},
    )
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, *default


def get_resource_for_report(request: ActorRequest, pk: int) -> Resource:
    resource = get_resource_for_actor(request, pk)
    if not perms.can_read_resource_report(request.actor, resource):
        raise PermissionDenied
    return resource


def get_organisation_for_report(request: ActorRequest, pk: int) -> Organisation:
    """The actor's own organisation, or any for the federation; any other one is a 404."""
    _require_member(request)
    if not perms.can_read_member_report(request.actor, pk):
        raise Http404
    return get_object_or_404(Organisation, pk=pk)


@require_GET
def resource_report_view(request: ActorRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_report(request, pk)
    form, start, end = _period(request)
    report = resource_report(resource, start=start, end=end)
    return render(
        request,
        "partnerships/resources/report.html",
        {
            "form": form,
            "report": report,
            "resource": resource,
            "rows": [(b, overlap_days(b, start, end)) for b in report.bookings],
            "query": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        },
    )


def _resource_sheets(report: ResourceReport) -> list[tuple[str, list[list[object]]]]:
    summary: list[list[object]] = [
        [_("Indicateur"), _("Valeur")],
        [_("Ressource"), report.resource.title],
        [_("Organisation propriétaire"), report.resource.owner.name],
        [_("Du"), report.start],
        [_("Au"), report.end],
        [_("Jours de la période"), report.days],
        [_("Jours réservés"), report.days_booked],
        [_("Unités-jours utilisées"), report.unit_days_used],
        [_("Unités-jours disponibles"), report.unit_days_available],
        [_("Taux d'utilisation (%)"), report.use_percent],
    ]
    bookings: list[list[object]] = [
        [
            _("Du"),
            _("Au"),
            _("Organisation"),
            _("Quantité"),
            _("Jours dans la période"),
            _("Statut"),
            _("Usage prévu"),
            _("Rendue le"),
            _("Dommages constatés"),
        ]
    ]
    for b in report.bookings:
        bookings.append(
            [
                b.starts_on,
                b.ends_on,
                b.booker.name,
                b.quantity,
                overlap_days(b, report.start, report.end),
                b.get_status_display(),
                b.purpose,
                b.returned_on,
                b.damage_notes,
            ]
        )
    members: list[list[object]] = [[_("Organisation"), _("Réservations"), _("Unités-jours")]]
    members += [[m.organisation, m.bookings, m.unit_days] for m in report.by_member]
    return [(_("Synthèse"), summary), (_("Réservations"), bookings), (_("Par membre"), members)]


def _xlsx(sheets: list[tuple[str, list[list[object]]]], filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@require_GET
def resource_report_xlsx(request: ActorRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_report(request, pk)
    _form, start, end = _period(request)
    report = resource_report(resource, start=start, end=end)
    return _xlsx(_resource_sheets(report), f"ressource-{resource.pk}-{start:%Y%m%d}-{end:%Y%m%d}")


@require_GET
def member_report_view(request: ActorRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_report(request, pk)
    form, start, end = _period(request)
    report = member_report(organisation, start=start, end=end)
    return render(
        request,
        "partnerships/resources/member_report.html",
        {
            "form": form,
            "report": report,
            "organisation": organisation,
            "booked": [(b, overlap_days(b, start, end)) for b in report.booked],
            "lent": [(b, overlap_days(b, start, end)) for b in report.lent],
            "query": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        },
    )


def _member_sheets(report: MemberReport) -> list[tuple[str, list[list[object]]]]:
    header = [
        _("Ressource"),
        _("Propriétaire"),
        _("Organisation qui réserve"),
        _("Du"),
        _("Au"),
        _("Quantité"),
        _("Jours dans la période"),
        _("Statut"),
        _("Usage prévu"),
        _("Dommages constatés"),
    ]

    def rows(bookings: list[Booking]) -> list[list[object]]:
        table: list[list[object]] = [list(header)]
        for b in bookings:
            table.append(
                [
                    b.resource.title,
                    b.resource.owner.name,
                    b.booker.name,
                    b.starts_on,
                    b.ends_on,
                    b.quantity,
                    overlap_days(b, report.start, report.end),
                    b.get_status_display(),
                    b.purpose,
                    b.damage_notes,
                ]
            )
        return table

    return [(_("Réservées"), rows(report.booked)), (_("Prêtées"), rows(report.lent))]


@require_GET
def member_report_xlsx(request: ActorRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_report(request, pk)
    _form, start, end = _period(request)
    report = member_report(organisation, start=start, end=end)
    return _xlsx(
        _member_sheets(report),
        f"ressources-organisation-{organisation.pk}-{start:%Y%m%d}-{end:%Y%m%d}",
    )
