"""Enrolment pages: the learner asks and follows their trainings, the provider runs the roster."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.exports import table_download
from lakou.core.french import de_name
from lakou.core.validators import phone_display
from lakou.training.errors import TrainingError
from lakou.training.forms.enrolment import DecisionForm, EnrolmentRequestForm, RefusalForm
from lakou.training.models import Enrolment, Session
from lakou.training.perms import enrolment as perms
from lakou.training.services.enrolment import (
    can_move,
    enrolment_cancel,
    enrolment_decide,
    enrolment_refuse,
    enrolment_request,
    learner_enrolments,
    roster_counts,
    roster_rows,
)

MY_ENROLMENTS_PAGE_SIZE = 50
# Roster actions that cannot be undone: their one-click button leads to a confirmation page.
CONFIRMED_ACTIONS = frozenset({"drop"})
ROSTER_PAGE_SIZE = 100

# ---------------------------------------------------------------- fetch helpers


def get_session_to_enrol(request: ActorRequest, pk: int) -> Session:
    """A session of a programme the actor may see; another provider's draft is a 404."""
    sessions = Session.objects.visible_to(request.actor).with_place()
    return get_object_or_404(sessions.select_related("programme__provider"), pk=pk)


def get_session_roster_for_actor(request: ActorRequest, pk: int) -> Session:
    """A session of the actor's provider.

    404 when the actor cannot see the session or it is another provider's; 403 for someone who
    is not a provider, on a session they can see (`perms.enrolment` says which answer when).
    """
    sessions = Session.objects.visible_to(request.actor).with_place()
    session = get_object_or_404(sessions.select_related("programme__provider"), pk=pk)
    if not request.actor.is_provider:
        raise PermissionDenied
    if not perms.can_manage_enrolments(request.actor, session):
        raise Http404
    return session


def _visible_enrolment(request: ActorRequest, pk: int) -> Enrolment:
    """An enrolment the actor may see (their own, or in their provider's sessions), else 404."""
    enrolments = Enrolment.objects.visible_to(request.actor)
    return get_object_or_404(
        enrolments.select_related("session__programme__provider", "learner"), pk=pk
    )


def get_enrolment_for_provider(request: ActorRequest, pk: int) -> Enrolment:
    """An enrolment in a session of the actor's provider: 404 if the actor cannot see it, 403
    for the learner themself (deciding is the provider's)."""
    enrolment = _visible_enrolment(request, pk)
    if not perms.can_manage_enrolments(request.actor, enrolment.session):
        raise PermissionDenied
    return enrolment


def get_enrolment_to_cancel(request: ActorRequest, pk: int) -> Enrolment:
    """The actor's own enrolment, or one in a session of the actor's provider; others are 404."""
    enrolment = _visible_enrolment(request, pk)
    if not perms.can_cancel_enrolment(request.actor, enrolment):
        raise PermissionDenied
    return enrolment


# ---------------------------------------------------------------- the learner


@require_http_methods(["GET", "POST"])
def session_enrol(request: ActorRequest, pk: int) -> HttpResponse:
    session = get_session_to_enrol(request, pk)
    assert request.actor.user is not None
    form = EnrolmentRequestForm(
        request.POST if request.method == "POST" else None,
        initial={
            "first_name": request.actor.user.first_name,
            "last_name": request.actor.user.last_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_request(
                actor=request.actor,
                session=session,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                message=form.cleaned_data["message"],
                phone=form.cleaned_data["phone"],
            )
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Votre demande est envoyée à %(provider)s. Vous recevrez sa réponse par e-mail.")
                % {"provider": session.programme.provider.name},
            )
            return redirect(session)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/enrolment/request.html",
        {"form": form, "session": session, "programme": session.programme},
        status=status,
    )


@require_GET
def my_enrolments(request: ActorRequest) -> HttpResponse:
    assert request.actor.user is not None
    enrolments = learner_enrolments(request.actor.user.pk)
    page = Paginator(enrolments, MY_ENROLMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/enrolment/mine.html", {"page": page})


@require_http_methods(["GET", "POST"])
def enrolment_cancel_view(request: ActorRequest, pk: int) -> HttpResponse:
    """A page says what cancelling does; its button (`confirme=oui`) cancels."""
    enrolment = get_enrolment_to_cancel(request, pk)
    by_learner = perms.is_learner(request.actor, enrolment)
    back = (
        enrolment.session.get_absolute_url()
        if by_learner
        else reverse("training:session_roster", kwargs={"pk": enrolment.session_id})
    )
    if not can_move(enrolment, Enrolment.Status.CANCELLED):
        messages.error(
            request,
            _("Cette inscription ne peut plus être annulée : elle est « %(status)s ».")
            % {"status": enrolment.get_status_display()},
        )
        return redirect(back)
    if not confirmed(request):
        return confirmation_page(request, _cancel_confirmation(enrolment, by_learner, back))
    try:
        enrolment_cancel(actor=request.actor, enrolment=enrolment)
    except TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'inscription est annulée."))
    return redirect(back)


def _cancel_confirmation(enrolment: Enrolment, by_learner: bool, back: str) -> Confirmation:
    session = enrolment.session
    what = {"title": session.programme.title, "date": session.starts_on.strftime("%d/%m/%Y")}
    seat = (
        _("Votre place sera proposée à la personne suivante de la liste d'attente.")
        if enrolment.holds_a_seat
        else _("Votre demande sera retirée.")
    )
    if by_learner:
        return Confirmation(
            title=_("Annuler votre inscription à « %(title)s », session du %(date)s ?") % what,
            paragraphs=[seat],
            warning=_(
                "L'annulation est définitive : pour revenir, il faudra refaire une demande, "
                "sans garantie qu'il reste une place."
            ),
            confirm_label=_("Oui, annuler mon inscription"),
            cancel_url=back,
            cancel_label=_("Garder mon inscription"),
            breadcrumb=[(back, session.programme.title)],
        )
    name = enrolment.learner.display_name
    return Confirmation(
        title=_("Annuler l'inscription %(of_name)s à « %(title)s », session du %(date)s ?")
        % {**what, "of_name": de_name(name)},
        paragraphs=[
            _("La personne est prévenue par e-mail."),
            _("Sa place sera proposée à la personne suivante de la liste d'attente.")
            if enrolment.holds_a_seat
            else _("Sa demande sera retirée."),
        ],
        warning=_("L'annulation est définitive."),
        confirm_label=_("Annuler l'inscription"),
        cancel_url=back,
        cancel_label=_("Ne rien changer"),
        breadcrumb=[(back, _("Inscriptions"))],
    )


# ---------------------------------------------------------------- the provider


@require_GET
def session_roster(request: ActorRequest, pk: int) -> HttpResponse:
    session = get_session_roster_for_actor(request, pk)
    page = Paginator(roster_rows(session), ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/enrolment/roster.html",
        {
            "session": session,
            "programme": session.programme,
            "counts": roster_counts(session),
            "page": page,
        },
    )


@require_POST
def enrolment_decide_view(request: ActorRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_provider(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Action inconnue."))
    elif form.cleaned_data["action"] in CONFIRMED_ACTIONS and not confirmed(request):
        return confirmation_page(request, _drop_confirmation(enrolment))
    else:
        try:
            enrolment_decide(
                actor=request.actor,
                enrolment=enrolment,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s : %(status)s.")
                % {
                    "name": enrolment.learner.display_name,
                    "status": enrolment.get_status_display(),
                },
            )
    return redirect("training:session_roster", pk=enrolment.session_id)


def _drop_confirmation(enrolment: Enrolment) -> Confirmation:
    roster = reverse("training:session_roster", kwargs={"pk": enrolment.session_id})
    return Confirmation(
        title=_("Déclarer l'abandon %(of_name)s ?")
        % {"of_name": de_name(enrolment.learner.display_name)},
        paragraphs=[
            _(
                "La personne ne pourra plus être déclarée en formation ni recevoir le "
                "certificat de cette session."
            )
        ],
        warning=_("Un abandon ne peut pas être annulé."),
        hidden=[("action", "drop")],
        confirm_label=_("Déclarer l'abandon"),
        cancel_url=roster,
        cancel_label=_("Ne rien changer"),
        breadcrumb=[(roster, _("Inscriptions"))],
    )


@require_http_methods(["GET", "POST"])
def enrolment_refuse_view(request: ActorRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_provider(request, pk)
    form = RefusalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_refuse(
                actor=request.actor, enrolment=enrolment, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("La demande %(of_name)s est refusée ; la personne reçoit votre motif.")
                % {"of_name": de_name(enrolment.learner.display_name)},
            )
            return redirect("training:session_roster", pk=enrolment.session_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/enrolment/refuse.html",
        {"form": form, "enrolment": enrolment, "session": enrolment.session},
        status=status,
    )


# ---------------------------------------------------------------- roster exports


def _export_rows(session: Session) -> list[list[object]]:
    header = [
        _("Nom"),
        _("Prénom"),
        _("E-mail"),
        _("Téléphone"),
        _("Statut"),
        _("Demandée le"),
        _("Décision le"),
        _("Terminée le"),
        _("Message"),
        _("Motif du refus"),
    ]
    rows: list[list[object]] = [list(header)]
    for enrolment in roster_rows(session):
        learner = enrolment.learner
        rows.append(
            [
                learner.last_name,
                learner.first_name,
                learner.email,
                phone_display(enrolment.phone or learner.phone),
                enrolment.get_status_display(),
                timezone.localdate(enrolment.requested_at),
                timezone.localdate(enrolment.decided_at) if enrolment.decided_at else None,
                enrolment.completed_on,
                enrolment.message,
                enrolment.refusal_reason,
            ]
        )
    return rows


def _export_name(session: Session) -> str:
    return f"inscriptions-session-{session.pk}-{session.starts_on:%Y-%m-%d}"


def _roster_download(request: ActorRequest, pk: int, export_format: str) -> HttpResponse:
    session = get_session_roster_for_actor(request, pk)
    return table_download(
        _export_rows(session),
        filename=_export_name(session),
        export_format=export_format,
        sheet_title=_("Inscriptions"),
    )


@require_GET
def session_roster_csv(request: ActorRequest, pk: int) -> HttpResponse:
    return _roster_download(request, pk, "csv")


@require_GET
def session_roster_xlsx(request: ActorRequest, pk: int) -> HttpResponse:
    return _roster_download(request, pk, "xlsx")
