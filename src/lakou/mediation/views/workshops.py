"""Workshop pages: the public list of coming workshops near a commune, each workshop's page with
its registration form (for oneself, or for someone else by a mediator or an agent), the link
that frees a seat, and the organisers' pages (plan, publish, cancel, mark attendance)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.throttle import Limit, client_address, throttle_hit
from lakou.mediation.forms.workshops import (
    CancelForm,
    RegistrationForm,
    WorkshopFilterForm,
    WorkshopForm,
)
from lakou.mediation.models import Registration, Venue, Workshop
from lakou.mediation.perms import workshops as perms
from lakou.mediation.services import workshops as services
from lakou.mediation.services.workshops import AlreadyRegistered, WorkshopError
from lakou.territory.models import Commune

PAGE_SIZE = 30
# A subscribed calendar keeps the last month's workshops, so that a cancellation reaches it.
CALENDAR_PAST_DAYS = 31
# A public form that sends e-mails and SMS: a few registrations an hour from one connection.
REGISTRATION_LIMIT_PER_ADDRESS = 10
S = Registration.Status


def _workshop(pk: int) -> Workshop:
    return get_object_or_404(
        Workshop.objects.select_related("venue__commune", "organiser", "topic"), pk=pk
    )


def _managed(request: ActorRequest, pk: int) -> Workshop:
    workshop = _workshop(pk)
    if not perms.can_manage(request.actor, workshop):
        raise PermissionDenied
    return workshop


# ---------------------------------------------------------------- public pages


@login_not_required
@require_GET
def workshop_list(request: ActorRequest) -> HttpResponse:
    form = WorkshopFilterForm(request.GET or None)
    workshops = Workshop.objects.coming(timezone.now()).select_related("venue__commune")
    if form.is_valid():
        workshops = workshops.in_territory(form.cleaned_data["territory"])
        if form.cleaned_data["audience"]:
            workshops = workshops.filter(audience=form.cleaned_data["audience"])
    counted = workshops.with_counts().annotate(seats_left=F("capacity") - F("confirmed_count"))
    page = Paginator(counted.order_by("starts_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    territory = form.cleaned_data.get("territory", "") if form.is_valid() else ""
    commune = (
        Commune.objects.only("name", "insee_code").filter(insee_code=territory).first()
        if len(territory) == 5
        else None
    )
    return render(
        request,
        "mediation/workshops/list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "commune": commune,
        },
    )


def _detail(
    request: ActorRequest,
    workshop: Workshop,
    form: RegistrationForm,
    status: int = 200,
    *,
    throttled: bool = False,
) -> HttpResponse:
    counts = workshop.registrations.aggregate(
        confirmed=_count(S.CONFIRMED), waiting=_count(S.WAITLISTED)
    )
    return render(
        request,
        "mediation/workshops/detail.html",
        {
            "workshop": workshop,
            "when": services.when(workshop),
            "form": form,
            "seats_left": max(workshop.capacity - counts["confirmed"], 0),
            "waiting": counts["waiting"],
            "open": workshop.status == Workshop.Status.PUBLISHED
            and workshop.starts_at > timezone.now(),
            "for_others": perms.can_register_for_others(request.actor),
            "can_manage": perms.can_manage(request.actor, workshop),
            "can_run": perms.can_run(request.actor, workshop),
            "throttled": throttled,
        },
        status=status,
    )


def _count(status: str) -> Count:
    return Count("pk", filter=Q(status=status))


@login_not_required
@require_http_methods(["GET", "POST"])
def workshop_detail(request: ActorRequest, pk: int) -> HttpResponse:
    workshop = _workshop(pk)
    if workshop.status == Workshop.Status.DRAFT and not perms.can_manage(request.actor, workshop):
        raise Http404
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        limits = [Limit("address", client_address(request), REGISTRATION_LIMIT_PER_ADDRESS)]
        for_others = perms.can_register_for_others(request.actor)
        if not for_others and throttle_hit("mediation-register", limits):
            form.is_valid()  # what was typed stays in the form
            return _detail(request, workshop, form, status=429, throttled=True)
        if form.is_valid():
            try:
                registration = services.registration_create(
                    workshop=workshop,
                    registered_by=request.actor.user if for_others else None,
                    **form.cleaned_data,
                )
            except (WorkshopError, AlreadyRegistered) as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if registration.status == S.CONFIRMED:
                    messages.success(
                        request,
                        _("%(name)s est inscrit(e). Un rappel partira la veille.")
                        % {"name": registration.name},
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "L'atelier est complet : %(name)s est sur la liste d'attente et sera prévenu(e) si une place se libère."
                        )
                        % {"name": registration.name},
                    )
                return redirect(workshop)
        return _detail(request, workshop, form, status=400)
    return _detail(request, workshop, form)


@login_not_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request: ActorRequest, token: str) -> HttpResponse:
    """The link sent to the person: a confirmation, then the seat goes to the next one waiting."""
    registration = get_object_or_404(
        Registration.objects.select_related("workshop__venue__commune"), token=token
    )
    workshop = registration.workshop
    if confirmed(request):
        try:
            services.registration_cancel(registration=registration)
        except WorkshopError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Votre inscription est annulée. Merci d'avoir libéré la place.")
            )
        return redirect("mediation:workshop_list")
    done = registration.status == S.CANCELLED
    return confirmation_page(
        request,
        Confirmation(
            title=_("Annuler l'inscription de %(name)s ?") % {"name": registration.name},
            paragraphs=[_("Cette inscription est déjà annulée.")]
            if done
            else [
                _(
                    "La place est donnée à la première personne de la liste d'attente, s'il y en a une."
                )
            ],
            facts=[
                (_("Atelier"), workshop.title),
                (_("Quand"), services.when(workshop)),
                (_("Où"), f"{workshop.venue.name}, {workshop.venue.commune.name}"),
            ],
            confirm_label=_("Annuler mon inscription"),
            cancel_url=workshop.get_absolute_url(),
            cancel_label=_("Garder ma place"),
            can_confirm=not done,
        ),
    )


# ---------------------------------------------------------------- organisers and mediators


@require_GET
def workshop_mine(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not (perms.can_organise(actor) or perms.active_mediator(actor)):
        raise PermissionDenied
    workshops = Workshop.objects.with_counts().select_related("venue__commune")
    if not actor.is_federation:
        mine = Q(mediators__user_id=actor.user.pk) if actor.user else Q(pk__in=[])
        if actor.organisation_id is not None and perms.can_organise(actor):
            mine |= Q(organiser_id=actor.organisation_id)
        workshops = workshops.filter(mine).distinct()
    page = Paginator(workshops.order_by("-starts_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mediation/workshops/mine.html",
        {"page": page, "can_organise": perms.can_organise(actor)},
    )


def _form_page(request: ActorRequest, workshop: Workshop | None) -> HttpResponse:
    initial = WorkshopForm.initial_for(workshop) if workshop else {}
    form = WorkshopForm(request.POST or None, initial=initial, organiser=request.actor.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            if workshop is None:
                workshop = services.workshop_create(
                    actor=request.actor, data=form.data_for_services()
                )
                messages.success(
                    request,
                    _(
                        "L'atelier est enregistré en brouillon : publiez-le pour ouvrir les inscriptions."
                    ),
                )
            else:
                workshop = services.workshop_update(
                    actor=request.actor, workshop=workshop, data=form.data_for_services()
                )
                messages.success(request, _("L'atelier est modifié."))
        except WorkshopError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("mediation:workshop_roster", pk=workshop.pk)
    return render(
        request,
        "mediation/workshops/form.html",
        {"form": form, "workshop": workshop},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def workshop_create(request: ActorRequest) -> HttpResponse:
    if not perms.can_organise(request.actor):
        raise PermissionDenied
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
def workshop_edit(request: ActorRequest, pk: int) -> HttpResponse:
    return _form_page(request, _managed(request, pk))


@require_POST
def workshop_publish(request: ActorRequest, pk: int) -> HttpResponse:
    workshop = _managed(request, pk)
    try:
        services.workshop_publish(actor=request.actor, workshop=workshop)
    except WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'atelier est publié : les inscriptions sont ouvertes."))
    return redirect("mediation:workshop_roster", pk=workshop.pk)


@require_http_methods(["GET", "POST"])
def workshop_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    workshop = _managed(request, pk)
    back = reverse("mediation:workshop_roster", kwargs={"pk": workshop.pk})
    form = CancelForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            told = services.workshop_cancel(
                actor=request.actor, workshop=workshop, reason=form.cleaned_data["reason"]
            )
        except WorkshopError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "L'atelier est annulé ; %(n)s personne est prévenue.",
                    "L'atelier est annulé ; %(n)s personnes sont prévenues.",
                    told,
                )
                % {"n": told},
            )
            return redirect(back)
    live = workshop.registrations.exclude(status=S.CANCELLED).count()
    done = workshop.status == Workshop.Status.CANCELLED
    return confirmation_page(
        request,
        Confirmation(
            title=_("Annuler l'atelier « %(title)s » ?") % {"title": workshop.title},
            paragraphs=[_("Cet atelier est déjà annulé.")]
            if done
            else [_("Chaque personne inscrite ou en attente reçoit un message avec le motif.")],
            facts=[(_("Quand"), services.when(workshop)), (_("Personnes à prévenir"), live)],
            form=None if done else form,
            warning="" if done else _("L'annulation est définitive."),
            confirm_label=_("Annuler l'atelier et prévenir les inscrits"),
            cancel_url=back,
            cancel_label=_("Garder l'atelier"),
            can_confirm=not done,
        ),
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def workshop_roster(request: ActorRequest, pk: int) -> HttpResponse:
    """Who is registered and waiting; on the day, the mediator ticks who came (a phone page)."""
    workshop = _workshop(pk)
    if not perms.can_run(request.actor, workshop):
        raise PermissionDenied
    if request.method == "POST":
        present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        try:
            count = services.attendance_record(
                actor=request.actor, workshop=workshop, present=present
            )
        except WorkshopError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Présence enregistrée : %(n)s personne présente.",
                    "Présence enregistrée : %(n)s personnes présentes.",
                    count,
                )
                % {"n": count},
            )
        return redirect("mediation:workshop_roster", pk=workshop.pk)
    registrations = list(
        workshop.registrations.exclude(status=S.CANCELLED)
        .select_related("registered_by")
        .order_by("status", "created_at", "pk")
    )
    return render(
        request,
        "mediation/workshops/roster.html",
        {
            "workshop": workshop,
            "when": services.when(workshop),
            "confirmed": [r for r in registrations if r.status == S.CONFIRMED],
            "waiting": [r for r in registrations if r.status == S.WAITLISTED],
            "can_manage": perms.can_manage(request.actor, workshop),
            "started": workshop.starts_at <= timezone.now(),
        },
    )


@require_GET
def sign_in_sheet(request: ActorRequest, pk: int) -> HttpResponse:
    workshop = _workshop(pk)
    if not perms.can_run(request.actor, workshop):
        raise PermissionDenied
    response = HttpResponse(services.sign_in_sheet_pdf(workshop), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="emargement-atelier-{workshop.pk}.pdf"'
    return response


# ---------------------------------------------------------------- calendars


def _calendar(request: ActorRequest, workshops: Any, *, name: str, filename: str) -> HttpResponse:
    since = timezone.now() - timedelta(days=CALENDAR_PAST_DAYS)
    shown = (
        workshops.filter(starts_at__gte=since)
        .exclude(status=Workshop.Status.DRAFT)
        .select_related("venue__commune")
        .order_by("starts_at", "pk")
    )
    body = services.workshops_calendar(
        shown, name=name, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@require_GET
def commune_calendar(request: ActorRequest, insee_code: str) -> HttpResponse:
    commune = get_object_or_404(
        Commune.objects.only("pk", "name", "insee_code"), insee_code=insee_code
    )
    return _calendar(
        request,
        Workshop.objects.filter(venue__commune=commune),
        name=_("Ateliers numériques — %(commune)s") % {"commune": commune.name},
        filename=f"ateliers-{commune.insee_code}.ics",
    )


@login_not_required
@require_GET
def venue_calendar(request: ActorRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(Venue.objects.published(), pk=pk)
    return _calendar(
        request,
        Workshop.objects.filter(venue=venue),
        name=_("Ateliers numériques — %(venue)s") % {"venue": venue.name},
        filename=f"ateliers-lieu-{venue.pk}.ics",
    )
