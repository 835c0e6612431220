"""Contest and hackathon pages: the public page and registration, the participant's team and
project, the jury's scoring, and the organiser's management page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.throttle import Limit, client_address, throttle_hit, throttled
from lakou.partnerships.forms.events import (
    ChallengeForm,
    CriterionForm,
    EventForm,
    JurorForm,
    RegistrationForm,
    ScoreForm,
    SubmissionForm,
    TeamCreateForm,
    TeamJoinForm,
    TeamUpdateForm,
)
from lakou.partnerships.models import (
    Action,
    Criterion,
    Event,
    Juror,
    Participant,
    Phase,
    Score,
    Submission,
    Team,
    TeamResult,
)
from lakou.partnerships.models.events import EVENT_KINDS
from lakou.partnerships.perms import actions as action_perms
from lakou.partnerships.perms import events as perms
from lakou.partnerships.services import events as services
from lakou.partnerships.services.events import AlreadyRegistered, EventError

LIST_PAGE_SIZE = 30
REGISTRATION_LIMITS = {"client": 10, "address": 3}

# ---------------------------------------------------------------- fetch helpers


def get_event_for_actor(request: ActorRequest, pk: int) -> Event:
    """An event the actor may see: public ones for everyone, others for their organisers."""
    events = Event.objects.visible_to(request.actor).select_related("action", "action__commune")
    return get_object_or_404(events, pk=pk)


def get_event_to_manage(request: ActorRequest, pk: int) -> Event:
    """An event the actor's organisation organises (or any, for the federation); else 404."""
    events = Event.objects.managed_by(request.actor).select_related("action")
    return get_object_or_404(events, pk=pk)


def get_participation(request: ActorRequest, pk: int) -> tuple[Event, Participant]:
    """The actor's registration to the event; 404 if they are not registered."""
    event = get_event_for_actor(request, pk)
    participant = perms.participant_of(request.actor, event)
    if participant is None:
        raise PermissionDenied
    return event, participant


def get_juror_seat(request: ActorRequest, pk: int) -> tuple[Event, Juror]:
    """The actor's seat on the event's jury; 403 for anyone else."""
    event = get_object_or_404(Event.objects.select_related("action"), pk=pk)
    juror = perms.juror_of(request.actor, event)
    if juror is None:
        raise PermissionDenied
    return event, juror


# ---------------------------------------------------------------- public pages


@login_not_required
@require_GET
def event_list(request: ActorRequest) -> HttpResponse:
    events = (
        Event.objects.public()
        .select_related("action", "action__commune")
        .with_counts()
        .order_by("-registration_opens_at", "pk")
    )
    page = Paginator(events, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/events/list.html", {"page": page})


@login_not_required
@require_GET
def event_detail(request: ActorRequest, pk: int) -> HttpResponse:
    event = get_event_for_actor(request, pk)
    participant = perms.participant_of(request.actor, event)
    context = {
        "event": event,
        "phase": event.phase,
        "Phase": Phase,
        "criteria": list(event.criteria.all()),
        "challenges": list(event.challenges.select_related("partner")),
        "looking": list(
            Team.objects.filter(event=event).looking_for_members().select_related("challenge")
        ),
        "participant_count": Participant.objects.filter(event=event).count(),
        "participant": participant,
        "is_juror": perms.juror_of(request.actor, event) is not None,
        "can_manage": perms.can_manage_event(request.actor, event),
        "results": (
            list(
                TeamResult.objects.filter(team__event=event)
                .select_related("team", "team__submission", "team__challenge")
                .order_by("rank")
            )
            if event.results_published_at
            else []
        ),
    }
    return render(request, "partnerships/events/detail.html", context)


def _registration_over_limit(request: ActorRequest, email: str) -> bool:
    limits = [Limit("client", client_address(request), REGISTRATION_LIMITS["client"])]
    if email:
        limits.append(Limit("address", email.strip().lower(), REGISTRATION_LIMITS["address"]))
    return throttle_hit("event-register", limits)


def _send_login_code(request: ActorRequest, event: Event, email: str) -> HttpResponse:
    """Start django-allauth's login by code for this address, back to the team page after."""
    from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess

    from lakou.accounts.models import User

    user = User.objects.get(email__iexact=email)
    LoginCodeVerificationProcess.initiate(request=request, user=user, email=user.email)
    after = reverse("partnerships:event_my_team", kwargs={"pk": event.pk})
    return redirect(f"{reverse('account_confirm_login_code')}?{urlencode({'next': after})}")


@login_not_required
@require_http_methods(["GET", "POST"])
def event_register(request: ActorRequest, pk: int) -> HttpResponse:
    event = get_event_for_actor(request, pk)
    signed_in = request.actor.user is not None
    if signed_in and perms.participant_of(request.actor, event) is not None:
        return redirect("partnerships:event_my_team", pk=event.pk)
    initial = {}
    if signed_in:
        assert request.actor.user is not None
        initial = {
            "first_name": request.actor.user.first_name,
            "last_name": request.actor.user.last_name,
        }
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, initial=initial, signed_in=signed_in
    )
    context = {"form": form, "event": event}
    if request.method == "POST":
        if not signed_in and _registration_over_limit(request, request.POST.get("email", "")):
            notice = _(
                "Trop d'inscriptions ont été demandées depuis cette adresse au cours de la "
                "dernière heure. Merci de réessayer dans une heure."
            )
            return throttled(
                request,
                template="partnerships/events/register.html",
                context=context | {"throttle_notice": notice},
            )
        if form.is_valid():
            email = "" if signed_in else form.cleaned_data["email"]
            try:
                services.participant_register(
                    actor=request.actor,
                    event=event,
                    email=email,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except AlreadyRegistered as error:
                if signed_in:
                    form.add_error(None, error.message)
                else:
                    # The same answer as a new registration: the page does not tell who is registered.
                    return _send_login_code(request, event, email)
            except EventError as error:
                form.add_error(None, error.message)
            else:
                if not signed_in:
                    return _send_login_code(request, event, email)
                messages.success(
                    request, _("Vous êtes inscrit(e). Créez votre équipe ou rejoignez-en une.")
                )
                return redirect("partnerships:event_my_team", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "partnerships/events/register.html", context, status=status)


# ---------------------------------------------------------------- participants


@require_GET
def my_events(request: ActorRequest) -> HttpResponse:
    assert request.actor.user is not None
    participations = (
        Participant.objects.of_user(request.actor.user.pk)
        .select_related("event__action", "team")
        .order_by("-event__registration_opens_at", "pk")
    )
    juries = (
        Juror.objects.filter(user_id=request.actor.user.pk)
        .select_related("event__action")
        .order_by("-event__registration_opens_at", "pk")
    )
    return render(
        request,
        "partnerships/events/my_events.html",
        {"participations": participations, "juries": juries},
    )


def _team_context(event: Event, participant: Participant) -> dict[str, object]:
    team = participant.team
    members = (
        list(Participant.objects.filter(team=team).select_related("user").order_by("pk"))
        if team
        else []
    )
    submission = Submission.objects.filter(team=team).first() if team else None
    return {
        "event": event,
        "participant": participant,
        "team": team,
        "members": members,
        "submission": submission,
        "create_form": TeamCreateForm(event=event, prefix="create"),
        "join_form": TeamJoinForm(prefix="join"),
        "update_form": (
            TeamUpdateForm(
                event=event,
                prefix="update",
                initial={"looking_for": team.looking_for, "challenge": team.challenge_id},
            )
            if team
            else None
        ),
        "teams_open": event.submissions_open(),
    }


@require_GET
def my_team(request: ActorRequest, pk: int) -> HttpResponse:
    event, participant = get_participation(request, pk)
    return render(request, "partnerships/events/my_team.html", _team_context(event, participant))


def _team_page_with(
    request: ActorRequest, event: Event, participant: Participant, **forms: object
) -> HttpResponse:
    context = _team_context(event, participant) | forms
    return render(request, "partnerships/events/my_team.html", context, status=400)


@require_POST
def team_create(request: ActorRequest, pk: int) -> HttpResponse:
    event, participant = get_participation(request, pk)
    form = TeamCreateForm(request.POST, event=event, prefix="create")
    if form.is_valid():
        try:
            team = services.team_create(
                actor=request.actor,
                event=event,
                name=form.cleaned_data["name"],
                looking_for=form.cleaned_data["looking_for"],
                challenge=form.cleaned_data["challenge"],
            )
        except EventError as error:
            form.add_error("name" if error.field == "name" else None, error.message)
        else:
            messages.success(
                request,
                _("Équipe créée. Donnez son code, %(code)s, aux personnes qui la rejoignent.")
                % {"code": team.code},
            )
            return redirect("partnerships:event_my_team", pk=event.pk)
    return _team_page_with(request, event, participant, create_form=form)


@require_POST
def team_join(request: ActorRequest, pk: int) -> HttpResponse:
    event, participant = get_participation(request, pk)
    form = TeamJoinForm(request.POST, prefix="join")
    if form.is_valid():
        try:
            team = services.team_join(
                actor=request.actor, event=event, code=form.cleaned_data["code"]
            )
        except EventError as error:
            form.add_error("code" if error.field == "code" else None, error.message)
        else:
            messages.success(
                request, _("Vous avez rejoint l'équipe « %(name)s ».") % {"name": team.name}
            )
            return redirect("partnerships:event_my_team", pk=event.pk)
    return _team_page_with(request, event, participant, join_form=form)


@require_POST
def team_update(request: ActorRequest, pk: int) -> HttpResponse:
    event, participant = get_participation(request, pk)
    if participant.team is None:
        raise PermissionDenied
    form = TeamUpdateForm(request.POST, event=event, prefix="update")
    if form.is_valid():
        try:
            services.team_update(
                actor=request.actor,
                team=participant.team,
                looking_for=form.cleaned_data["looking_for"],
                challenge=form.cleaned_data["challenge"],
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Équipe mise à jour."))
            return redirect("partnerships:event_my_team", pk=event.pk)
    return _team_page_with(request, event, participant, update_form=form)


@require_http_methods(["GET", "POST"])
def team_leave(request: ActorRequest, pk: int) -> HttpResponse:
    event, participant = get_participation(request, pk)
    back = reverse("partnerships:event_my_team", kwargs={"pk": event.pk})
    if participant.team is None:
        return redirect(back)
    if confirmed(request):
        try:
            services.team_leave(actor=request.actor, event=event)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Vous avez quitté l'équipe."))
        return redirect(back)
    alone = Participant.objects.filter(team=participant.team).count() == 1
    paragraphs = [
        _("Vous restez inscrit(e) à l'événement et pourrez rejoindre ou créer une autre équipe.")
    ]
    if alone:
        paragraphs.append(
            _("Vous êtes son dernier membre : l'équipe et son projet seront supprimés.")
        )
    return confirmation_page(
        request,
        Confirmation(
            title=_("Quitter l'équipe « %(name)s » ?") % {"name": participant.team.name},
            confirm_label=_("Quitter l'équipe"),
            cancel_url=back,
            cancel_label=_("Rester dans l'équipe"),
            paragraphs=paragraphs,
            warning=_("Cette suppression est définitive.") if alone else "",
        ),
    )


@require_http_methods(["GET", "POST"])
def submission_edit(request: ActorRequest, pk: int) -> HttpResponse:
    event, participant = get_participation(request, pk)
    team = participant.team
    if team is None:
        messages.error(request, _("Rejoignez ou créez une équipe avant de déposer un projet."))
        return redirect("partnerships:event_my_team", pk=event.pk)
    submission = Submission.objects.filter(team=team).first()
    initial = (
        {"title": submission.title, "description": submission.description, "link": submission.link}
        if submission
        else {}
    )
    posted = request.method == "POST"
    form = SubmissionForm(
        request.POST if posted else None, request.FILES if posted else None, initial=initial
    )
    if posted and form.is_valid():
        try:
            services.submission_save(
                actor=request.actor,
                team=team,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                link=form.cleaned_data["link"],
                file=form.cleaned_data["file"],
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Projet enregistré. Vous pouvez le modifier jusqu'à la date limite.")
            )
            return redirect("partnerships:event_my_team", pk=event.pk)
    return render(
        request,
        "partnerships/events/submission.html",
        {
            "form": form,
            "event": event,
            "team": team,
            "submission": submission,
            "open": event.submissions_open(),
        },
        status=400 if posted else 200,
    )


@require_GET
def submission_file(request: ActorRequest, pk: int, submission_pk: int) -> HttpResponse:
    """The project's PDF, for the team, the organisers and the jurors without a conflict."""
    event = get_object_or_404(Event.objects.select_related("action"), pk=pk)
    submission = get_object_or_404(
        Submission.objects.filter(team__event=event).select_related("team"), pk=submission_pk
    )
    if not submission.file or not perms.can_read_submission(
        request.actor, event, submission.team_id
    ):
        raise Http404
    juror = perms.juror_of(request.actor, event)
    if (
        juror is not None
        and not perms.can_manage_event(request.actor, event)
        and services.juror_conflicts(juror, submission.team)
    ):
        raise Http404
    with submission.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="projet-{submission.pk}.pdf"'
    return response


# ---------------------------------------------------------------- jury


@require_GET
def jury_home(request: ActorRequest, pk: int) -> HttpResponse:
    event, juror = get_juror_seat(request, pk)
    submissions = services.submissions_for_juror(juror).order_by("submitted_at", "pk")
    criteria_count = Criterion.objects.filter(event=event).count()
    return render(
        request,
        "partnerships/events/jury.html",
        {
            "event": event,
            "juror": juror,
            "submissions": submissions,
            "criteria_count": criteria_count,
            "judging_open": event.judging_open(),
        },
    )


@require_http_methods(["GET", "POST"])
def jury_score(request: ActorRequest, pk: int, submission_pk: int) -> HttpResponse:
    event, juror = get_juror_seat(request, pk)
    submission = get_object_or_404(
        Submission.objects.filter(team__event=event).select_related("team", "team__challenge"),
        pk=submission_pk,
    )
    conflicts = services.juror_conflicts(juror, submission.team)
    if conflicts:
        # Said plainly rather than a bare 403: the juror knows why.
        return render(
            request,
            "partnerships/events/conflict.html",
            {"event": event, "conflicts": conflicts},
            status=403,
        )
    criteria = list(Criterion.objects.filter(event=event))
    current = dict(
        Score.objects.filter(juror=juror, submission=submission).values_list(
            "criterion_id", "value"
        )
    )
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        initial_values=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_record(
                actor=request.actor, juror=juror, submission=submission, values=form.values()
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Notes enregistrées pour « %(title)s ».") % {"title": submission.title}
            )
            return redirect("partnerships:event_jury", pk=event.pk)
    return render(
        request,
        "partnerships/events/score.html",
        {
            "event": event,
            "submission": submission,
            "form": form,
            "judging_open": event.judging_open(),
        },
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- organiser


@require_GET
def manage_list(request: ActorRequest) -> HttpResponse:
    if request.actor.organisation_id is None:
        raise PermissionDenied
    events = (
        Event.objects.managed_by(request.actor)
        .select_related("action")
        .with_counts()
        .order_by("-registration_opens_at", "pk")
    )
    page = Paginator(events, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/events/manage_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def event_create(request: ActorRequest, pk: int) -> HttpResponse:
    """Open a contest or hackathon on an action of that kind: its phases and limits. The page of
    the action links here; an action that has its event leads to the event's management."""
    actions = Action.objects.visible_to(request.actor).prefetch_related("organisers")
    action = get_object_or_404(actions, pk=pk)
    if not action_perms.can_edit_action(request.actor, action):
        raise PermissionDenied
    if action.kind not in EVENT_KINDS or action.status == Action.Status.CANCELLED:
        raise Http404
    existing = Event.objects.filter(action=action).first()
    if existing is not None:
        return redirect("partnerships:event_manage", pk=existing.pk)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(action, timezone.now()))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.actor, action=action, **form.cleaned_data)
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Les inscriptions sont prêtes. Ajoutez les critères de notation, le jury et "
                    "les défis des partenaires."
                ),
            )
            return redirect("partnerships:event_manage", pk=event.pk)
    return render(
        request,
        "partnerships/events/create.html",
        {"action": action, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _manage_context(event: Event, **forms: object) -> dict[str, object]:
    context: dict[str, object] = {
        "event": event,
        "criteria": list(event.criteria.all()),
        "challenges": list(event.challenges.select_related("partner")),
        "jurors": list(event.jurors.select_related("user", "organisation")),
        "teams": list(
            Team.objects.filter(event=event).with_size().select_related("challenge", "submission")
        ),
        "participant_count": Participant.objects.filter(event=event).count(),
        "criterion_form": CriterionForm(prefix="criterion"),
        "challenge_form": ChallengeForm(prefix="challenge"),
        "juror_form": JurorForm(prefix="juror"),
    }
    return context | forms


@require_GET
def event_manage(request: ActorRequest, pk: int) -> HttpResponse:
    event = get_event_to_manage(request, pk)
    return render(request, "partnerships/events/manage.html", _manage_context(event))


def _manage_again(request: ActorRequest, event: Event, **forms: object) -> HttpResponse:
    return render(
        request, "partnerships/events/manage.html", _manage_context(event, **forms), status=400
    )


@require_POST
def criterion_add(request: ActorRequest, pk: int) -> HttpResponse:
    event = get_event_to_manage(request, pk)
    form = CriterionForm(request.POST, prefix="criterion")
    if form.is_valid():
        try:
            services.criterion_add(
                actor=request.actor,
                event=event,
                name=form.cleaned_data["name"],
                weight=form.cleaned_data["weight"],
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Critère ajouté."))
            return redirect("partnerships:event_manage", pk=event.pk)
    return _manage_again(request, event, criterion_form=form)


@require_POST
def challenge_add(request: ActorRequest, pk: int) -> HttpResponse:
    event = get_event_to_manage(request, pk)
    form = ChallengeForm(request.POST, prefix="challenge")
    if form.is_valid():
        try:
            services.challenge_add(actor=request.actor, event=event, **form.cleaned_data)
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Défi ajouté."))
            return redirect("partnerships:event_manage", pk=event.pk)
    return _manage_again(request, event, challenge_form=form)


@require_POST
def juror_add(request: ActorRequest, pk: int) -> HttpResponse:
    event = get_event_to_manage(request, pk)
    form = JurorForm(request.POST, prefix="juror")
    if form.is_valid():
        try:
            juror = services.juror_add(
                actor=request.actor, event=event, user=form.cleaned_data["email"]
            )
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s fait partie du jury.") % {"name": juror.user.display_name},
            )
            return redirect("partnerships:event_manage", pk=event.pk)
    return _manage_again(request, event, juror_form=form)


@require_http_methods(["GET", "POST"])
def juror_remove(request: ActorRequest, pk: int, juror_pk: int) -> HttpResponse:
    """Take a juror off the jury, after a confirmation that says how many notes go with them."""
    event = get_event_to_manage(request, pk)
    juror = get_object_or_404(event.jurors.select_related("user", "event"), pk=juror_pk)
    back = reverse("partnerships:event_manage", kwargs={"pk": event.pk})
    if confirmed(request):
        try:
            services.juror_remove(actor=request.actor, juror=juror)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s ne fait plus partie du jury.") % {"name": juror.user.display_name},
            )
        return redirect(back)
    notes = juror.scores.count()
    blocked = _("Les résultats sont publiés : le jury ne change plus.")
    published = event.results_published_at is not None
    return confirmation_page(
        request,
        Confirmation(
            title=_("Retirer %(name)s du jury ?") % {"name": juror.user.display_name},
            confirm_label=_("Retirer du jury"),
            cancel_url=back,
            cancel_label=_("Revenir à la gestion"),
            paragraphs=[blocked]
            if published
            else [
                _(
                    "Cette personne ne pourra plus noter les projets. Vous pourrez l'ajouter de "
                    "nouveau tant que les résultats ne sont pas publiés."
                )
            ],
            facts=[(_("Notes déjà données"), notes)],
            warning=_("Ses notes seront effacées et ne compteront pas dans le classement.")
            if notes and not published
            else "",
            can_confirm=not published,
        ),
    )


@require_http_methods(["GET", "POST"])
def results_publish(request: ActorRequest, pk: int) -> HttpResponse:
    event = get_event_to_manage(request, pk)
    back = reverse("partnerships:event_manage", kwargs={"pk": event.pk})
    if confirmed(request):
        try:
            services.results_publish(actor=request.actor, event=event)
        except EventError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("Résultats publiés ; les badges sont envoyés par e-mail."))
        return redirect(event)
    summary = services.results_summary(event)
    blocked = ""
    if event.results_published_at is not None:
        blocked = _("Les résultats sont déjà publiés.")
    elif event.phase_at() in (Phase.UPCOMING, Phase.REGISTRATION, Phase.SUBMISSION):
        blocked = _("Les résultats se publient après la date limite de dépôt.")
    elif summary.teams == 0:
        blocked = _("Aucun projet n'a été déposé : il n'y a rien à classer.")
    return confirmation_page(
        request,
        Confirmation(
            title=_("Publier les résultats de « %(title)s » ?") % {"title": event.action.title},
            confirm_label=_("Publier les résultats et envoyer les badges"),
            cancel_url=back,
            cancel_label=_("Revenir à la gestion"),
            paragraphs=[blocked]
            if blocked
            else [
                _(
                    "Le classement est calculé à partir des notes du jury, chaque juré pesant "
                    "autant (ses notes sont normalisées). Il paraît sur la page publique."
                ),
                _(
                    "Chaque participant reçoit par e-mail un badge numérique de participation "
                    "signé par votre organisation, et les membres des équipes lauréates un badge "
                    "de lauréat."
                ),
            ],
            facts=[
                (_("Équipes classées"), summary.teams),
                (_("Badges de participation"), summary.participants),
                (_("Badges de lauréat"), summary.winners),
            ],
            warning=_(
                "Une fois publiés, les résultats et les badges ne peuvent plus être retirés."
            ),
            can_confirm=not blocked,
        ),
    )
