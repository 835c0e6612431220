"""Mediators' pages: the public application form, the federation's list and page of each
mediator, and the status changes, each after a confirmation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.throttle import Limit, client_address, throttle_hit, throttled
from lakou.mediation.forms.mediators import ApplicationForm, FunderForm, MediatorFilterForm
from lakou.mediation.models import TRANSITIONS, Mediator, MediatorStatus
from lakou.mediation.perms import mediators as perms
from lakou.mediation.services import mediators as services
from lakou.mediation.services.mediators import AlreadyApplied, MediatorError
from lakou.mediation.services.training import training_certificate

PAGE_SIZE = 30
APPLICATION_LIMITS = {"client": 10, "address": 3}

# ---------------------------------------------------------------- fetch helpers


def _require_reader(request: ActorRequest) -> None:
    if not perms.can_read_mediators(request.actor):
        raise PermissionDenied


def get_mediator_for_actor(request: ActorRequest, pk: int) -> Mediator:
    """A mediator the actor may read: any for the federation, those serving its communes for an
    EPCI (404 for the others); 403 for a role without mediator pages."""
    _require_reader(request)
    mediators = services.with_details(perms.visible_mediators(request.actor))
    return get_object_or_404(mediators, pk=pk)


def get_mediator_to_manage(request: ActorRequest, pk: int) -> Mediator:
    """A mediator whose status the actor may change: the federation only (403 otherwise)."""
    if not perms.can_manage_mediators(request.actor):
        raise PermissionDenied
    return get_object_or_404(Mediator.objects.select_related("user"), pk=pk)


# ---------------------------------------------------------------- public application


def _application_over_limit(request: ActorRequest, email: str) -> bool:
    limits = [Limit("client", client_address(request), APPLICATION_LIMITS["client"])]
    if email:
        limits.append(Limit("address", email.strip().lower(), APPLICATION_LIMITS["address"]))
    return throttle_hit("mediator-apply", limits)


@login_not_required
@require_http_methods(["GET", "POST"])
def mediator_apply(request: ActorRequest) -> HttpResponse:
    user = request.actor.user
    signed_in = user is not None
    existing = Mediator.objects.filter(user=user).first() if user is not None else None
    initial = {"first_name": user.first_name, "last_name": user.last_name} if user else {}
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, initial=initial, signed_in=signed_in
    )
    context = {"form": form, "existing": existing}
    if request.method == "POST" and existing is None:
        if not signed_in and _application_over_limit(request, request.POST.get("email", "")):
            notice = _(
                "Trop de candidatures ont été envoyées depuis cette adresse au cours de la "
                "dernière heure. Merci de réessayer dans une heure."
            )
            return throttled(
                request,
                template="mediation/mediators/apply.html",
                context=context | {"throttle_notice": notice},
            )
        if form.is_valid():
            try:
                services.mediator_apply(actor=request.actor, application=form.application())
            except AlreadyApplied as error:
                if signed_in:
                    form.add_error(None, error.message)
                else:
                    # The same answer as a first application: the page does not tell who applied.
                    return redirect("mediation:mediator_apply_done")
            except MediatorError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect("mediation:mediator_apply_done")
    status = 400 if request.method == "POST" else 200
    return render(request, "mediation/mediators/apply.html", context, status=status)


@login_not_required
@require_GET
def mediator_apply_done(request: ActorRequest) -> HttpResponse:
    return render(request, "mediation/mediators/apply_done.html")


# ---------------------------------------------------------------- federation


@require_GET
def mediator_list(request: ActorRequest) -> HttpResponse:
    _require_reader(request)
    actor = request.actor
    form = MediatorFilterForm(request.GET or None, statuses=perms.visible_statuses(actor))
    mediators = perms.visible_mediators(actor)
    if form.is_bound and form.is_valid():
        mediators = services.mediators_filtered(
            mediators,
            status=form.cleaned_data["status"],
            kind=form.cleaned_data["kind"],
            territory=form.cleaned_data["territory"],
        )
    mediators = services.with_details(mediators).order_by(
        "user__last_name", "user__first_name", "pk"
    )
    page = Paginator(mediators, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mediation/mediators/list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "can_manage": perms.can_manage_mediators(actor),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def mediator_detail(request: ActorRequest, pk: int) -> HttpResponse:
    mediator = get_mediator_for_actor(request, pk)
    can_manage = perms.can_manage_mediators(request.actor)
    moves = [MediatorStatus(status) for status in TRANSITIONS.get(mediator.status, ())]
    return render(
        request,
        "mediation/mediators/detail.html",
        {
            "mediator": mediator,
            "can_manage": can_manage,
            "moves": moves if can_manage else [],
            "certificate": training_certificate(mediator),
            "funder_form": FunderForm(initial={"funder": mediator.funder_id})
            if can_manage
            else None,
        },
    )


@require_http_methods(["POST"])
def mediator_funder(request: ActorRequest, pk: int) -> HttpResponse:
    """The federation sets the EPCI that funds the mediator (or itself): not irreversible, so
    no confirmation page; the page says what changed."""
    mediator = get_mediator_to_manage(request, pk)
    form = FunderForm(request.POST)
    back = reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk})
    if not form.is_valid():
        messages.error(request, _("Choisissez la fédération ou l'un des EPCI de la liste."))
        return redirect(back)
    funder = form.cleaned_data["funder"]
    try:
        services.mediator_set_funder(actor=request.actor, mediator=mediator, funder=funder)
    except MediatorError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s est désormais financé(e) par : %(funder)s.")
            % {
                "name": mediator.user.display_name,
                "funder": funder.name if funder else _("la fédération"),
            },
        )
    return redirect(back)


def _move_paragraphs(mediator: Mediator, to: str) -> list[str]:
    name = mediator.user.display_name
    texts = {
        MediatorStatus.IN_TRAINING: _(
            "La candidature de %(name)s est retenue : cette personne suit la formation des "
            "médiateurs avant d'intervenir dans les communes."
        ),
        MediatorStatus.ACTIVE: _(
            "%(name)s intervient dans les communes choisies, dans les domaines de sa fiche."
        ),
        MediatorStatus.PAUSED: _(
            "%(name)s n'intervient plus pour un temps ; la fédération pourra le ou la remettre "
            "en activité."
        ),
        MediatorStatus.LEFT: _(
            "%(name)s quitte le réseau des médiateurs. Sa fiche reste, pour l'historique."
        ),
    }
    return [
        texts[MediatorStatus(to)] % {"name": name},
        _("Un e-mail le lui dit."),
    ]


@require_http_methods(["GET", "POST"])
def mediator_move(request: ActorRequest, pk: int, status: str) -> HttpResponse:
    """A page says what the new status means; its button (`confirme=oui`) moves the mediator."""
    mediator = get_mediator_to_manage(request, pk)
    if status not in MediatorStatus.values:
        raise Http404
    back = reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk})
    if confirmed(request):
        try:
            services.mediator_move(actor=request.actor, mediator=mediator, to=status)
        except MediatorError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Statut de %(name)s : « %(status)s ».")
                % {"name": mediator.user.display_name, "status": mediator.get_status_display()},
            )
        return redirect(back)
    problem = services.move_problem(mediator, status)
    label = MediatorStatus(status).label
    names = {"name": mediator.user.display_name, "status": label}
    return confirmation_page(
        request,
        Confirmation(
            title=_("%(name)s ne peut pas passer au statut « %(status)s »") % names
            if problem
            else _("Passer %(name)s au statut « %(status)s » ?") % names,
            paragraphs=[problem] if problem else _move_paragraphs(mediator, status),
            facts=[
                (_("Statut actuel"), mediator.get_status_display()),
                (_("Statut demandé") if problem else _("Nouveau statut"), label),
            ],
            warning=_("« %(status)s » est définitif : le statut ne changera plus.")
            % {"status": label}
            if status == MediatorStatus.LEFT and not problem
            else "",
            confirm_label=_("Oui, passer à « %(status)s »") % {"status": label},
            cancel_url=back,
            cancel_label=_("Revenir à la fiche"),
            can_confirm=not problem,
            breadcrumb=[
                (reverse("mediation:mediator_list"), _("Médiateurs")),
                (back, mediator.user.display_name),
            ],
        ),
    )
