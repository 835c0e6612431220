"""Catalogue pages (public), the provider's programme and session pages, the federation's label queue."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.accounts.models import Organisation
from lakou.core import microcache
from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.training.errors import TrainingError
from lakou.training.forms.catalogue import (
    CatalogueFilterForm,
    CompetenceFormSet,
    OptionalReasonForm,
    ProgrammeForm,
    ReasonForm,
    SessionForm,
)
from lakou.training.models import Enrolment, Programme, ProgrammeCompetence, Session
from lakou.training.perms import catalogue as perms
from lakou.training.services import catalogue as services
from lakou.training.services.calendar import sessions_calendar
from lakou.training.services.catalogue import CATALOGUE
from lakou.training.services.enrolment import CANCELLED_WITH_SESSION

CATALOGUE_PAGE_SIZE = 20

# ---------------------------------------------------------------- fetch helpers


def _check_write(request: ActorRequest, programme: Programme) -> None:
    """403 for someone who is not a provider; another provider's programme is a 404."""
    if not perms.can_publish_programmes(request.actor):
        raise PermissionDenied
    if not perms.can_edit_programme(request.actor, programme):
        raise Http404


def get_programme_for_actor(request: ActorRequest, pk: int, *, write: bool = False) -> Programme:
    """A programme the actor may see (404 otherwise, whatever the action); `write` requires
    its provider (see `_check_write`)."""
    programmes = Programme.objects.visible_to(request.actor).select_related("provider")
    programme = get_object_or_404(programmes, pk=pk)
    if write:
        _check_write(request, programme)
    return programme


def get_session_for_actor(request: ActorRequest, pk: int, *, write: bool = False) -> Session:
    """A session of a programme the actor may see (404 otherwise); `write` as for programmes."""
    sessions = Session.objects.visible_to(request.actor).with_place()
    session = get_object_or_404(sessions.select_related("programme__provider"), pk=pk)
    if write:
        _check_write(request, session.programme)
    return session


def get_programme_to_label(request: ActorRequest, pk: int) -> Programme:
    """A programme the actor may see (404 otherwise); labelling it is the federation's (403)."""
    programmes = Programme.objects.visible_to(request.actor).select_related("provider")
    programme = get_object_or_404(programmes, pk=pk)
    if not perms.can_label_programmes(request.actor):
        raise PermissionDenied
    return programme


def _require_provider(request: ActorRequest) -> None:
    if not perms.can_publish_programmes(request.actor):
        raise PermissionDenied


# ---------------------------------------------------------------- public pages


@login_not_required
@require_GET
def catalogue(request: ActorRequest) -> HttpResponse:
    def content() -> str:
        form = CatalogueFilterForm(request.GET or None)
        page = services.catalogue_page(
            form.query(), request.GET.get("page"), per_page=CATALOGUE_PAGE_SIZE
        )
        context = {
            "form": form,
            "page": page,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
        }
        return render_to_string(
            "training/catalogue/catalogue.html#catalogue-content", context, request
        )

    # Today's date is in the key: the next sessions and the labels' validity change with it.
    key = f"{timezone.localdate()}:{urlencode(sorted(request.GET.lists()), doseq=True)}"
    shown = microcache.remember(CATALOGUE, key, content)
    content_html = mark_safe(shown)  # noqa: S308 - our own rendering
    return render(request, "training/catalogue/catalogue.html", {"catalogue_content": content_html})


@login_not_required
@require_GET
def programme_detail(request: ActorRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_actor(request, pk)
    competences = ProgrammeCompetence.objects.filter(programme=programme).select_related(
        "competence__framework", "level"
    )
    sessions = programme.sessions.filter(ends_on__gte=timezone.localdate()).with_place()
    return render(
        request,
        "training/catalogue/programme_detail.html",
        {
            "programme": programme,
            "competences": competences,
            "occupations": programme.occupations.order_by("code_rome"),
            "sessions": sessions,
            "can_edit": perms.can_edit_programme(request.actor, programme),
        },
    )


@login_not_required
@require_GET
def session_detail(request: ActorRequest, pk: int) -> HttpResponse:
    session = get_session_for_actor(request, pk)
    return render(
        request,
        "training/catalogue/session_detail.html",
        {
            "session": session,
            "programme": session.programme,
            "can_edit": perms.can_edit_programme(request.actor, session.programme),
        },
    )


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@require_GET
def programme_ics(request: ActorRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.published().select_related("provider"), pk=pk)
    sessions = programme.sessions.not_cancelled().with_place().select_related("programme__provider")
    body = sessions_calendar(sessions, name=programme.title, request=request)
    return _calendar_response(body, f"formation-{programme.pk}.ics")


@login_not_required
@require_GET
def provider_ics(request: ActorRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.PROVIDER), pk=pk
    )
    sessions = (
        Session.objects.not_cancelled()
        .filter(programme__provider=provider, programme__is_published=True)
        .with_place()
        .select_related("programme__provider")
    )
    body = sessions_calendar(sessions, name=provider.name, request=request)
    return _calendar_response(body, f"organisme-{provider.pk}.ics")


# ---------------------------------------------------------------- provider pages


@require_GET
def my_programmes(request: ActorRequest) -> HttpResponse:
    _require_provider(request)
    today = timezone.localdate()
    programmes = (
        Programme.objects.of_provider(request.actor.organisation_id)
        .annotate(
            upcoming_count=Count(
                "sessions",
                filter=Q(sessions__ends_on__gte=today)
                & ~Q(sessions__status=Session.Status.CANCELLED),
            )
        )
        .order_by("title", "pk")
    )
    page = Paginator(programmes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/catalogue/my_programmes.html",
        {"page": page, "provider": request.actor.organisation},
    )


def _programme_form_page(request: ActorRequest, programme: Programme | None) -> HttpResponse:
    if programme is not None:
        initial = ProgrammeForm.initial_for(programme)
    elif request.actor.organisation is not None:
        initial = ProgrammeForm.initial_for_provider(request.actor.organisation)
    else:
        initial = None
    form = ProgrammeForm(request.POST or None, initial=initial)
    competence_initial = (
        [
            {"competence": row.competence, "level": row.level}
            for row in programme.competence_rows.select_related("competence", "level")
        ]
        if programme
        else []
    )
    competences = CompetenceFormSet(
        request.POST or None, initial=competence_initial, prefix="competences"
    )
    if request.method == "POST" and form.is_valid() and competences.is_valid():
        data = form.data_for(competences)
        try:
            if programme is None:
                programme = services.programme_create(actor=request.actor, data=data)
                messages.success(request, _("La formation est enregistrée."))
            else:
                services.programme_update(actor=request.actor, programme=programme, data=data)
                messages.success(request, _("La formation est modifiée."))
        except TrainingError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(programme)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/catalogue/programme_form.html",
        {"form": form, "competences": competences, "programme": programme},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def programme_create(request: ActorRequest) -> HttpResponse:
    _require_provider(request)
    return _programme_form_page(request, None)


@require_http_methods(["GET", "POST"])
def programme_edit(request: ActorRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_actor(request, pk, write=True)
    return _programme_form_page(request, programme)


@require_POST
def programme_submit(request: ActorRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_actor(request, pk, write=True)
    try:
        services.programme_submit_for_label(actor=request.actor, programme=programme)
    except TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Le label est demandé : la fédération va examiner la formation.")
        )
    return redirect(programme)


def _session_form_page(
    request: ActorRequest, programme: Programme, session: Session | None
) -> HttpResponse:
    initial = SessionForm.initial_for(session) if session else None
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                session = services.session_create(
                    actor=request.actor, programme=programme, data=form.session_data()
                )
                messages.success(request, _("La session est ajoutée."))
            else:
                services.session_update(
                    actor=request.actor, session=session, data=form.session_data()
                )
                messages.success(request, _("La session est modifiée."))
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            return redirect(session)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/catalogue/session_form.html",
        {"form": form, "programme": programme, "session": session},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def session_create(request: ActorRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_actor(request, pk, write=True)
    return _session_form_page(request, programme, None)


@require_http_methods(["GET", "POST"])
def session_edit(request: ActorRequest, pk: int) -> HttpResponse:
    session = get_session_for_actor(request, pk, write=True)
    return _session_form_page(request, session.programme, session)


@require_http_methods(["GET", "POST"])
def session_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    """A page says who will be told, with an optional reason; its button cancels."""
    session = get_session_for_actor(request, pk, write=True)
    if session.status in {Session.Status.CANCELLED, Session.Status.DONE}:
        messages.error(request, _("Cette session est déjà annulée ou terminée."))
        return redirect(session)
    form = OptionalReasonForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            services.session_cancel(
                actor=request.actor, session=session, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("La session est annulée."))
        return redirect(session)
    learners = Enrolment.objects.filter(session=session, status__in=CANCELLED_WITH_SESSION).count()
    return confirmation_page(
        request,
        Confirmation(
            title=_("Annuler la session du %(date)s de « %(title)s » ?")
            % {"date": session.starts_on.strftime("%d/%m/%Y"), "title": session.programme.title},
            paragraphs=[
                _(
                    "Les demandes et les inscriptions en cours sont annulées, et chaque "
                    "personne reçoit un e-mail avec le motif."
                )
            ],
            facts=[(_("Personnes prévenues"), learners)],
            form=form,
            warning=_("L'annulation est définitive : la session ne pourra pas être rouverte."),
            confirm_label=_("Annuler la session"),
            cancel_url=session.get_absolute_url(),
            cancel_label=_("Garder la session"),
            breadcrumb=[(session.get_absolute_url(), session.programme.title)],
        ),
        status=400 if form.is_bound else 200,
    )


# ---------------------------------------------------------------- federation: the label


@require_GET
def label_queue(request: ActorRequest) -> HttpResponse:
    if not perms.can_label_programmes(request.actor):
        raise PermissionDenied
    programmes = (
        Programme.objects.awaiting_label().select_related("provider").order_by("submitted_at", "pk")
    )
    page = Paginator(programmes, 50).get_page(request.GET.get("page"))
    expiring = (
        Programme.objects.labelled()
        .filter(label_expires_at__lte=timezone.localdate() + timedelta(days=60))
        .select_related("provider")
        .order_by("label_expires_at", "pk")
    )
    return render(
        request, "training/catalogue/label_queue.html", {"page": page, "expiring": expiring}
    )


@require_POST
def programme_label(request: ActorRequest, pk: int) -> HttpResponse:
    programme = get_programme_to_label(request, pk)
    try:
        services.programme_label(actor=request.actor, programme=programme)
    except TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("« %(title)s » est labellisée jusqu'au %(date)s.")
            % {"title": programme.title, "date": f"{programme.label_expires_at:%d/%m/%Y}"},
        )
    return redirect("training:label_queue")


@require_http_methods(["GET", "POST"])
def programme_refuse(request: ActorRequest, pk: int) -> HttpResponse:
    programme = get_programme_to_label(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_refuse_label(
                actor=request.actor, programme=programme, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le label est refusé ; l'organisme voit votre motif."))
            return redirect("training:label_queue")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/catalogue/label_refuse.html",
        {"form": form, "programme": programme},
        status=status,
    )
