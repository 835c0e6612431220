"""Contests and hackathons: registration, teams, submissions, jury scores, results and badges.

Capacity and team sizes are checked with the event row locked (`select_for_update`), so that
requests arriving together never take more seats, nor fill a team past its maximum, than there
are. The badges are Open Badges 3.0 signed by training's credential service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import Membership, Organisation, User
from lakou.accounts.services import registered_user
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.partnerships import ranking
from lakou.partnerships.models import (
    Action,
    Agreement,
    Challenge,
    Criterion,
    Event,
    Juror,
    Participant,
    Score,
    Submission,
    Team,
    TeamResult,
)
from lakou.partnerships.models.events import EVENT_KINDS, SCORE_MAX, SCORE_MIN, conflicted_member_q
from lakou.partnerships.perms import events as perms
from lakou.training.credentials import Achievement
from lakou.training.services.certificates import badge_issue


class EventError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(EventError):
    """The person is already registered (a public page must not tell it to a stranger)."""


# ---------------------------------------------------------------- helpers


def _lock(event: Event) -> Event:
    """The event row, locked until the transaction ends: one seat or team change at a time."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _require_manager(actor: Actor, event: Event) -> None:
    if not perms.can_manage_event(actor, event):
        raise PermissionDenied(_("Seuls les organisateurs de l'événement le gèrent."))


def _participant(actor: Actor, event: Event) -> Participant:
    participant = perms.participant_of(actor, event)
    if participant is None:
        raise EventError(_("Inscrivez-vous d'abord à l'événement."))
    return participant


def _audit(actor: Actor | None, verb: str, obj: Any, **changes: Any) -> None:
    audit_record(actor=actor, action=verb, obj=obj, changes=changes or None)


# ---------------------------------------------------------------- organiser


def event_create(
    *,
    actor: Actor,
    action: Action,
    registration_opens_at: datetime,
    registration_closes_at: datetime,
    submission_deadline: datetime,
    judging_ends_at: datetime,
    capacity: int,
    team_min: int = 1,
    team_max: int = 5,
    prize_places: int = 3,
    rules: str = "",
) -> Event:
    """Attach a contest or hackathon to an action of that kind, with its phases and limits."""
    organiser = actor.organisation_id is not None and (
        action.organisers.filter(pk=actor.organisation_id).exists()
    )
    if not (actor.is_federation or organiser):
        raise PermissionDenied(_("Seuls les organisateurs de l'action la gèrent."))
    if action.kind not in EVENT_KINDS:
        raise EventError(_("Seule une action de type concours ou hackathon reçoit un événement."))
    if not (
        registration_opens_at <= registration_closes_at <= submission_deadline <= judging_ends_at
    ):
        raise EventError(
            _(
                "Les dates doivent se suivre : ouverture des inscriptions, clôture, "
                "date limite de dépôt, fin de la délibération."
            )
        )
    if team_min < 1 or team_max < team_min:
        raise EventError(
            _("La taille maximale d'une équipe doit être au moins égale à sa taille minimale.")
        )
    if capacity < 1:
        raise EventError(_("Indiquez un nombre de participants d'au moins 1."))
    try:
        with transaction.atomic():
            event = Event.objects.create(
                action=action,
                registration_opens_at=registration_opens_at,
                registration_closes_at=registration_closes_at,
                submission_deadline=submission_deadline,
                judging_ends_at=judging_ends_at,
                capacity=capacity,
                team_min=team_min,
                team_max=team_max,
                prize_places=prize_places,
                rules=rules.strip(),
            )
            _audit(actor, "event.create", event, action=action.pk)
    except IntegrityError as error:
        raise EventError(_("Cette action a déjà son concours ou son hackathon.")) from error
    return event


def criterion_add(*, actor: Actor, event: Event, name: str, weight: int = 1) -> Criterion:
    _require_manager(actor, event)
    name = name.strip()
    if not name:
        raise EventError(_("Indiquez le nom du critère."), field="name")
    if not 1 <= weight <= 10:
        raise EventError(_("Le poids d'un critère va de 1 à 10."), field="weight")
    if Score.objects.filter(criterion__event=event).exists():
        raise EventError(_("Le jury a commencé à noter : les critères ne changent plus."))
    try:
        with transaction.atomic():
            criterion = Criterion.objects.create(event=event, name=name, weight=weight)
            _audit(actor, "event.criterion_add", criterion, name=name, weight=weight)
    except IntegrityError as error:
        raise EventError(_("Ce critère existe déjà."), field="name") from error
    return criterion


def challenge_add(
    *,
    actor: Actor,
    event: Event,
    partner: Organisation,
    title: str,
    description: str,
    prize: str = "",
) -> Challenge:
    _require_manager(actor, event)
    if not title.strip():
        raise EventError(_("Indiquez l'intitulé du défi."), field="title")
    with transaction.atomic():
        challenge = Challenge.objects.create(
            event=event,
            partner=partner,
            title=title.strip(),
            description=description.strip(),
            prize=prize.strip(),
        )
        _audit(actor, "event.challenge_add", challenge, partner=partner.pk)
    return challenge


def juror_add(
    *, actor: Actor, event: Event, user: User, organisation: Organisation | None = None
) -> Juror:
    """Seat a juror; `organisation` is the one they come from (their conflicts follow from it),
    by default the first organisation they are an active member of."""
    _require_manager(actor, event)
    if organisation is None:
        membership = (
            Membership.objects.active().filter(user=user).select_related("organisation").first()
        )
        organisation = membership.organisation if membership else None
    elif not Membership.objects.filter(
        user=user, organisation=organisation, is_active=True
    ).exists():
        raise EventError(
            _("Cette personne n'est pas membre de l'organisation indiquée."), field="organisation"
        )
    if Participant.objects.filter(event=event, user=user).exists():
        raise EventError(_("Un participant ne peut pas être membre du jury."), field="email")
    try:
        with transaction.atomic():
            juror = Juror.objects.create(event=event, user=user, organisation=organisation)
            _audit(actor, "event.juror_add", juror, user=user.pk)
    except IntegrityError as error:
        raise EventError(_("Cette personne fait déjà partie du jury."), field="email") from error
    return juror


def juror_remove(*, actor: Actor, juror: Juror) -> None:
    _require_manager(actor, juror.event)
    if juror.event.results_published_at is not None:
        raise EventError(_("Les résultats sont publiés : le jury ne change plus."))
    with transaction.atomic():
        _audit(actor, "event.juror_remove", juror, user=juror.user_id)
        juror.delete()


# ---------------------------------------------------------------- participants and teams


def participant_register(
    *,
    actor: Actor,
    event: Event,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Participant:
    """Register a person, signed in or not (then by e-mail address), within the capacity."""
    if actor.user is not None:
        user = actor.user
        if first_name.strip() and last_name.strip() and not user.get_full_name().strip():
            user.first_name, user.last_name = first_name.strip(), last_name.strip()
            user.save(update_fields=["first_name", "last_name"])
    else:
        if not (email.strip() and first_name.strip() and last_name.strip()):
            raise EventError(
                _(
                    "Indiquez votre prénom, votre nom et votre adresse e-mail : ils figurent sur votre badge."
                )
            )
        user = registered_user(email=email, first_name=first_name, last_name=last_name)
    if not user.get_full_name().strip():
        raise EventError(
            _("Indiquez votre prénom et votre nom : ils figurent sur votre badge de participation.")
        )
    already = _("Vous êtes déjà inscrit(e) à cet événement.")
    try:
        with transaction.atomic():
            locked = _lock(event)
            if not locked.registration_open():
                raise EventError(_("Les inscriptions à cet événement ne sont pas ouvertes."))
            if Juror.objects.filter(event=locked, user=user).exists():
                raise EventError(_("Un membre du jury ne peut pas participer."))
            if Participant.objects.filter(event=locked, user=user).exists():
                raise AlreadyRegistered(already)
            if Participant.objects.filter(event=locked).count() >= locked.capacity:
                raise EventError(
                    _("L'événement est complet : les %(capacity)s places sont prises.")
                    % {"capacity": locked.capacity}
                )
            participant = Participant.objects.create(event=locked, user=user)
            audit_record(
                actor=actor if actor.user else None,
                action="event.register",
                obj=participant,
                changes={"user": user.pk},
            )
            notify_by_email(
                to=[user.email],
                subject=_("Inscription : %(title)s") % {"title": locked.action.title},
                template="partnerships/events/emails/registered.txt",
                context={
                    "event": locked,
                    "user": user,
                    "event_url": settings.SITE_URL + locked.get_absolute_url(),
                },
            )
    except IntegrityError as error:  # the same person twice at the same moment
        raise AlreadyRegistered(already) from error
    return participant


def _check_team_phase(event: Event) -> None:
    if not event.submissions_open():
        raise EventError(_("La constitution des équipes est close pour cet événement."))


def team_create(
    *,
    actor: Actor,
    event: Event,
    name: str,
    looking_for: str = "",
    challenge: Challenge | None = None,
) -> Team:
    name = name.strip()
    if not name:
        raise EventError(_("Indiquez le nom de l'équipe."), field="name")
    if challenge is not None and challenge.event_id != event.pk:
        raise EventError(_("Ce défi n'appartient pas à cet événement."), field="challenge")
    try:
        with transaction.atomic():
            locked = _lock(event)
            _check_team_phase(locked)
            participant = _participant(actor, locked)
            if participant.team_id is not None:
                raise EventError(_("Vous faites déjà partie d'une équipe : quittez-la d'abord."))
            team = Team.objects.create(
                event=locked, name=name, looking_for=looking_for.strip(), challenge=challenge
            )
            participant.team = team
            participant.save(update_fields=["team"])
            _audit(actor, "event.team_create", team, name=name)
    except IntegrityError as error:
        raise EventError(_("Une équipe porte déjà ce nom."), field="name") from error
    return team


def team_join(*, actor: Actor, event: Event, code: str) -> Team:
    """Join the team of this code, within the team's maximum size."""
    code = code.strip().upper().replace(" ", "")
    with transaction.atomic():
        locked = _lock(event)
        _check_team_phase(locked)
        participant = _participant(actor, locked)
        if participant.team_id is not None:
            raise EventError(_("Vous faites déjà partie d'une équipe : quittez-la d'abord."))
        team = Team.objects.filter(event=locked, code=code).first()
        if team is None:
            raise EventError(
                _("Aucune équipe de cet événement n'a ce code. Vérifiez-le auprès de l'équipe."),
                field="code",
            )
        size = Participant.objects.filter(team=team).count()
        if size >= locked.team_max:
            raise EventError(
                _("L'équipe « %(name)s » est complète (%(max)s personnes au plus).")
                % {"name": team.name, "max": locked.team_max},
                field="code",
            )
        participant.team = team
        participant.save(update_fields=["team"])
        _audit(actor, "event.team_join", team)
    return team


def team_leave(*, actor: Actor, event: Event) -> None:
    """Leave one's team; the last member leaving a team without a project removes it."""
    with transaction.atomic():
        locked = _lock(event)
        _check_team_phase(locked)
        participant = _participant(actor, locked)
        team = participant.team
        if team is None:
            raise EventError(_("Vous ne faites partie d'aucune équipe."))
        participant.team = None
        participant.save(update_fields=["team"])
        _audit(actor, "event.team_leave", team)
        if not Participant.objects.filter(team=team).exists():
            team.delete()


def team_update(*, actor: Actor, team: Team, looking_for: str, challenge: Challenge | None) -> Team:
    participant = _participant(actor, team.event)
    if participant.team_id != team.pk:
        raise PermissionDenied(_("Seuls les membres de l'équipe la modifient."))
    _check_team_phase(team.event)
    if challenge is not None and challenge.event_id != team.event_id:
        raise EventError(_("Ce défi n'appartient pas à cet événement."), field="challenge")
    with transaction.atomic():
        team.looking_for = looking_for.strip()
        team.challenge = challenge
        team.save(update_fields=["looking_for", "challenge"])
        _audit(actor, "event.team_update", team)
    return team


# ---------------------------------------------------------------- submissions


def submission_save(
    *,
    actor: Actor,
    team: Team,
    title: str,
    description: str,
    link: str = "",
    file: UploadedFile | None = None,
    now: datetime | None = None,
) -> Submission:
    """Hand in or update the team's project, until the submission deadline."""
    event = team.event
    participant = _participant(actor, event)
    if participant.team_id != team.pk:
        raise PermissionDenied(_("Seuls les membres de l'équipe déposent son projet."))
    moment = now or timezone.now()
    if moment >= event.submission_deadline:
        raise EventError(
            _("La date limite de dépôt (%(deadline)s) est passée : le projet ne change plus.")
            % {
                "deadline": timezone.localtime(event.submission_deadline).strftime(
                    "%d/%m/%Y à %H h %M"
                )
            }
        )
    if not event.submissions_open(moment):
        raise EventError(_("Le dépôt des projets n'est pas ouvert."))
    size = Participant.objects.filter(team=team).count()
    if size < event.team_min:
        raise EventError(
            _("Une équipe compte au moins %(min)s personnes pour déposer son projet.")
            % {"min": event.team_min}
        )
    with transaction.atomic():
        submission = Submission.objects.filter(team=team).first() or Submission(
            team=team, submitted_at=moment
        )
        created = submission.pk is None
        submission.title = title.strip()
        submission.description = description.strip()
        submission.link = link.strip()
        if file is not None:
            submission.file = file
        submission.save()
        _audit(
            actor, "event.submission_create" if created else "event.submission_update", submission
        )
    return submission


# ---------------------------------------------------------------- jury


@dataclass(frozen=True)
class Conflict:
    member: User
    reason: str

    @property
    def message(self) -> str:
        return self.reason


def juror_conflicts(juror: Juror, team: Team) -> list[Conflict]:
    """The team's members employed by the juror's organisation or interns of it."""
    if juror.organisation_id is None:
        return []
    org = juror.organisation_id
    members = [p.user for p in Participant.objects.filter(team=team).select_related("user")]
    employed = set(
        Membership.objects.filter(
            organisation_id=org, is_active=True, user__in=members
        ).values_list("user_id", flat=True)
    )
    interned = set(
        Agreement.objects.binding()
        .filter(company_id=org, learner__in=members)
        .values_list("learner_id", flat=True)
    )
    conflicts = []
    for member in members:
        name = member.get_full_name() or member.email
        if member.pk in employed:
            conflicts.append(
                Conflict(
                    member,
                    _(
                        "Vous ne pouvez pas noter l'équipe %(team)s : %(name)s est salarié(e) "
                        "de votre organisation."
                    )
                    % {"team": team.name, "name": name},
                )
            )
        elif member.pk in interned:
            conflicts.append(
                Conflict(
                    member,
                    _(
                        "Vous ne pouvez pas noter l'équipe %(team)s : %(name)s est stagiaire "
                        "ou apprenti(e) de votre organisation."
                    )
                    % {"team": team.name, "name": name},
                )
            )
    return conflicts


def submissions_for_juror(juror: Juror) -> QuerySet[Submission]:
    """The event's submissions the juror may score: none with a member of the juror's
    organisation (employee or intern)."""
    submissions = Submission.objects.filter(team__event_id=juror.event_id)
    if juror.organisation_id is not None:
        conflicted = Participant.objects.filter(team=OuterRef("team")).filter(
            conflicted_member_q(juror.organisation_id)
        )
        submissions = submissions.exclude(Exists(conflicted))
    return submissions.select_related("team", "team__challenge").annotate(
        my_scores=Count("scores", filter=Q(scores__juror=juror))
    )


def score_record(
    *, actor: Actor, juror: Juror, submission: Submission, values: Mapping[int, int]
) -> list[Score]:
    """The juror's marks of the submission, one per criterion of the event, each from 0 to 10."""
    if actor.user is None or juror.user_id != actor.user.pk:
        raise PermissionDenied(_("Seul le juré note en son nom."))
    event = juror.event
    if submission.team.event_id != event.pk:
        raise PermissionDenied(_("Ce projet n'appartient pas à cet événement."))
    conflicts = juror_conflicts(juror, submission.team)
    if conflicts:
        raise EventError(conflicts[0].reason)
    if not event.judging_open():
        if event.results_published_at is not None:
            raise EventError(_("Les résultats sont publiés : les notes ne changent plus."))
        raise EventError(_("Le jury note les projets après la date limite de dépôt."))
    criteria = list(Criterion.objects.filter(event=event))
    missing = [c.name for c in criteria if c.pk not in values]
    if missing:
        raise EventError(
            _("Notez chaque critère ; il manque : %(names)s.") % {"names": ", ".join(missing)}
        )
    for criterion in criteria:
        value = values[criterion.pk]
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise EventError(
                _("Chaque note va de %(min)s à %(max)s.") % {"min": SCORE_MIN, "max": SCORE_MAX},
                field=f"criterion_{criterion.pk}",
            )
    scores = []
    with transaction.atomic():
        for criterion in criteria:
            score, _created = Score.objects.update_or_create(
                submission=submission,
                juror=juror,
                criterion=criterion,
                defaults={"value": values[criterion.pk]},
            )
            scores.append(score)
        _audit(
            actor,
            "event.score",
            submission,
            values={str(k): v for k, v in values.items()},
        )
    return scores


# ---------------------------------------------------------------- results


def event_ranking(event: Event) -> list[ranking.Ranked]:
    """The ranking of the event's submissions, by normalised scores (see `ranking`)."""
    marks = [
        ranking.Mark(juror=j, submission=s, criterion=c, value=float(v))
        for j, s, c, v in Score.objects.filter(criterion__event=event).values_list(
            "juror_id", "submission_id", "criterion_id", "value"
        )
    ]
    weights = dict(Criterion.objects.filter(event=event).values_list("pk", "weight"))
    submitted = dict(Submission.objects.filter(team__event=event).values_list("pk", "submitted_at"))
    return ranking.rank(marks, weights=weights, submitted=submitted)


def _achievement(event: Event, *, winner: bool) -> Achievement:
    kind = event.action.get_kind_display().lower()
    title = event.action.title
    if winner:
        return Achievement(
            id=f"{settings.SITE_URL}{event.get_absolute_url()}#laureats",
            name=f"Lauréat — {title}",
            description=f"Équipe classée parmi les {event.prize_places} premières du {kind} « {title} ».",
            criteria=(
                f"Être membre d'une équipe classée dans les {event.prize_places} premières "
                "places par le jury, notes de chaque juré normalisées."
            ),
        )
    return Achievement(
        id=f"{settings.SITE_URL}{event.get_absolute_url()}",
        name=f"Participation — {title}",
        description=f"A participé au {kind} « {title} » et déposé un projet avec son équipe.",
        criteria="Être membre d'une équipe qui a déposé un projet avant la date limite.",
    )


def _issuer(actor: Actor, event: Event) -> Organisation:
    """The badges are signed by the organisation that publishes the results."""
    assert actor.organisation is not None
    return actor.organisation


@dataclass(frozen=True)
class PublishSummary:
    teams: int
    participants: int
    winners: int


def results_summary(event: Event) -> PublishSummary:
    """What publishing would do, for the confirmation page."""
    teams = Team.objects.filter(event=event, submission__isnull=False)
    participants = Participant.objects.filter(team__in=teams).count()
    winning = min(event.prize_places, teams.count())
    winners = Participant.objects.filter(
        team__submission__pk__in=[r.submission for r in event_ranking(event)[:winning]]
    ).count()
    return PublishSummary(teams=teams.count(), participants=participants, winners=winners)


def results_publish(*, actor: Actor, event: Event, now: datetime | None = None) -> list[TeamResult]:
    """Rank the projects, publish the results and sign every participant's badges."""
    _require_manager(actor, event)
    moment = now or timezone.now()
    if actor.organisation is None:
        raise PermissionDenied(_("Publiez les résultats au nom de votre organisation."))
    with transaction.atomic():
        locked = _lock(event)
        if locked.results_published_at is not None:
            raise EventError(_("Les résultats de cet événement sont déjà publiés."))
        if moment < locked.submission_deadline:
            raise EventError(_("Les résultats se publient après la date limite de dépôt."))
        ranked = event_ranking(locked)
        if not ranked:
            raise EventError(_("Aucun projet n'a été déposé : il n'y a rien à classer."))
        team_of = dict(Submission.objects.filter(team__event=locked).values_list("pk", "team_id"))
        results = [
            TeamResult(
                team_id=team_of[row.submission],
                rank=row.rank,
                score=row.score,
                jurors=row.jurors,
                is_winner=row.rank <= locked.prize_places,
            )
            for row in ranked
        ]
        TeamResult.objects.bulk_create(results)
        winning_teams = {r.team_id for r in results if r.is_winner}
        issuer = _issuer(actor, locked)
        participation = _achievement(locked, winner=False)
        winner = _achievement(locked, winner=True)
        members = Participant.objects.filter(team_id__in=team_of.values()).select_related("user")
        for participant in members:
            badge = badge_issue(
                actor=actor,
                issuer=issuer,
                learner=participant.user,
                achievement=participation,
                issued_at=moment,
            )
            participant.participation_badge = badge.uid
            if participant.team_id in winning_teams:
                participant.winner_badge = badge_issue(
                    actor=actor,
                    issuer=issuer,
                    learner=participant.user,
                    achievement=winner,
                    issued_at=moment,
                ).uid
            participant.save(update_fields=["participation_badge", "winner_badge"])
            notify_by_email(
                to=[participant.user.email],
                subject=_("Résultats : %(title)s") % {"title": locked.action.title},
                template="partnerships/events/emails/results.txt",
                context={
                    "event": locked,
                    "participant": participant,
                    "is_winner": participant.team_id in winning_teams,
                    "event_url": settings.SITE_URL + locked.get_absolute_url(),
                    "badge_url": _badge_url(participant.participation_badge),
                    "winner_badge_url": _badge_url(participant.winner_badge),
                },
            )
        locked.results_published_at = moment
        locked.results_published_by = actor.user
        locked.save(update_fields=["results_published_at", "results_published_by"])
        _audit(actor, "event.results_publish", locked, teams=len(results))
        _mark_action_held(actor, locked, participants=len(members), teams=len(results))
    event.refresh_from_db()
    return results


def _mark_action_held(actor: Actor, event: Event, *, participants: int, teams: int) -> None:
    """The results are the event's outcome: its action, still planned, becomes held, with the
    people whose team submitted a project as its participants (the organisers may correct the
    outcome on the action's page). A held action keeps the outcome its organisers wrote."""
    action = Action.objects.select_for_update().get(pk=event.action_id)
    if action.status != Action.Status.PLANNED:
        return
    action.status = Action.Status.HELD
    action.participants = participants
    action.outcome_notes = _("Résultats publiés : %(teams)s projets classés.") % {"teams": teams}
    action.save(update_fields=["status", "participants", "outcome_notes", "updated_at"])
    audit_record(
        actor=actor,
        action="action.held",
        obj=action,
        changes={"from": Action.Status.PLANNED, "participants": participants, "by": "results"},
    )


def _badge_url(uid: Any) -> str:
    if uid is None:
        return ""
    return settings.SITE_URL + reverse("training:certificate_verify", kwargs={"uid": uid})
