"""Matches: proposed → accepted by the person → accepted by the other side → successful, or
declined with a reason at any step (models/matches.py holds TRANSITIONS).

The person's acceptance acts in the other app through its own services, never a second entry:

- a training session: `enrolment_request` (the match links its enrolment); the provider's
  decision comes back by `enrolment_accepted` (→ successful, through both accepted) or
  `enrolment_refused` (→ declined by the other side, with the provider's reason);
- an offer: an application needs a message and a PDF CV. Given them, `match_accept` submits it
  (`application_submit`); without them the match is accepted by the person and the page sends
  them to the offer's application form: the application links the match when it arrives
  (`application_linked`, from a receiver in signals.py). The company's acceptance makes it
  accepted by both; an active placement agreement or a confirmed hire makes it successful;
- a workshop: `registration_create` with the person's name and e-mail; a seat makes it
  successful at once (the workshop has no other side to wait for), the waiting list leaves it
  accepted by the person until the seat comes (signals.py);
- mentoring: the federation forms the pairs (`pair_create`), from the person's mentoring
  request; the match waits, accepted by the person, and the pair formed with that mentor makes
  it successful (signals.py). The page sends a person without a request to the request form.

Every change locks the match row and checks the transition; the receivers are idempotent (a
match already where the signal would take it stays as it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.matching.models import (
    LIVE_STATUSES,
    TRANSITIONS,
    Match,
    MatchQuerySet,
    MatchStatus,
    OpportunityKind,
    Origin,
    Profile,
    Side,
)
from lakou.matching.perms import matches as perms
from lakou.mediation.models import Registration, Workshop
from lakou.mediation.services.workshops import (
    WorkshopError,
    registration_cancel,
    registration_create,
)
from lakou.partnerships.models import Application, MentorProfile, Offer
from lakou.partnerships.models.placements import is_job_kind
from lakou.partnerships.services.applications import (
    WAITING as APPLICATION_WAITING,
)
from lakou.partnerships.services.applications import (
    application_submit,
    application_withdraw,
)
from lakou.partnerships.services.offers import OfferError, open_for_applications
from lakou.training.errors import TrainingError
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import (
    enrolment_cancel,
    enrolment_refuse,
    enrolment_request,
    open_for_requests,
)

S = MatchStatus
REASON_MAX_LENGTH = SHORT_TEXT_MAX_LENGTH
OFFER_KINDS = (OpportunityKind.INTERNSHIP, OpportunityKind.JOB)
LIVE_ENROLMENT = (
    Enrolment.Status.REQUESTED,
    Enrolment.Status.WAITLISTED,
    Enrolment.Status.ACCEPTED,
)


class MatchError(Exception):
    """A change refused as a whole; the French message names the field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def can_move(match: Match, to: str) -> bool:
    return to in TRANSITIONS.get(match.status, ())


def _label(status: str) -> str:
    return str(MatchStatus(status).label)


def _check(match: Match, to: str) -> None:
    if not can_move(match, to):
        raise MatchError(
            _("Une mise en relation « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": _label(match.status), "to": _label(to)}
        )


def _lock(match: Match) -> Match:
    return Match.objects.select_for_update(of=("self",)).select_related("profile").get(pk=match.pk)


STAMPS: dict[str, str] = {
    S.PERSON_ACCEPTED: "person_accepted_at",
    S.BOTH_ACCEPTED: "other_accepted_at",
    S.SUCCESSFUL: "successful_at",
    S.DECLINED: "declined_at",
}


def _move(
    actor: Actor | None,
    locked: Match,
    to: str,
    *,
    action: str,
    now: datetime | None = None,
    **fields: Any,
) -> None:
    """Check and write one transition of a locked match, with its date and an audit entry."""
    _check(locked, to)
    now = now or timezone.now()
    before = locked.status
    locked.status = to
    changed = ["status", *fields]
    stamp = STAMPS[to]
    if getattr(locked, stamp) is None:
        setattr(locked, stamp, now)
        changed.append(stamp)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=changed)
    audit_record(
        actor=actor,
        action=f"match.{action}",
        obj=locked,
        changes={"from": before, "to": to, **{k: str(v) for k, v in fields.items()}},
    )


def _refresh(match: Match) -> Match:
    match.refresh_from_db()
    return match


# ---------------------------------------------------------------- propose


def _opportunity_check(
    kind: str,
    session: Session | None,
    offer: Offer | None,
    mentor: MentorProfile | None,
    workshop: Workshop | None,
) -> None:
    given = [o for o in (session, offer, mentor, workshop) if o is not None]
    if len(given) != 1:
        raise MatchError(_("Une mise en relation porte sur une seule opportunité."))
    expected = (
        (session is not None and kind == OpportunityKind.TRAINING)
        or (
            offer is not None
            and kind
            == (OpportunityKind.JOB if is_job_kind(offer.kind) else OpportunityKind.INTERNSHIP)
        )
        or (mentor is not None and kind == OpportunityKind.MENTORING)
        or (workshop is not None and kind == OpportunityKind.WORKSHOP)
    )
    if not expected:
        raise MatchError(_("Le type de la mise en relation ne correspond pas à l'opportunité."))
    closed = _("Cette opportunité n'accepte plus personne : elle est complète ou close.")
    if session is not None:
        current = Session.objects.get(pk=session.pk)
        if current.status == Session.Status.FULL or not open_for_requests(current):
            raise MatchError(closed)
    if offer is not None and not open_for_applications(Offer.objects.get(pk=offer.pk)):
        raise MatchError(closed)
    if mentor is not None:
        current_mentor = (
            MentorProfile.objects.filter(pk=mentor.pk)
            .annotate(load=Count("pairs", filter=Q(pairs__status="active")))
            .get()
        )
        if not current_mentor.is_active or current_mentor.load >= current_mentor.capacity:
            raise MatchError(closed)
    if workshop is not None:
        current_workshop = Workshop.objects.get(pk=workshop.pk)
        seated = current_workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if (
            current_workshop.status != Workshop.Status.PUBLISHED
            or current_workshop.starts_at <= timezone.now()
            or seated >= current_workshop.capacity
        ):
            raise MatchError(closed)


def _place(
    profile: Profile,
    session: Session | None,
    offer: Offer | None,
    mentor: MentorProfile | None,
    workshop: Workshop | None,
) -> tuple[int, bool]:
    """The commune of indicator 5 (the opportunity's; the person's for a remote one) and
    whether the opportunity is remote."""
    if session is not None:
        if session.is_remote or session.commune_id is None:
            return profile.commune_id, True
        return session.commune_id, False
    if offer is not None:
        if getattr(offer, "is_remote", False):
            return profile.commune_id, True
        return offer.commune_id, False
    if workshop is not None:
        return Workshop.objects.values_list("venue__commune_id", flat=True).get(
            pk=workshop.pk
        ), False
    # Mentoring meets near the mentee, or remotely when the mentor meets nowhere in person.
    assert mentor is not None
    remote = mentor.accepts_remote and not mentor.communes.exists()
    return profile.commune_id, remote


def match_propose(
    *,
    actor: Actor,
    profile: Profile,
    kind: str,
    session: Session | None = None,
    offer: Offer | None = None,
    mentor: MentorProfile | None = None,
    workshop: Workshop | None = None,
    origin: str,
    score: float | None = None,
    parts: dict[str, float] | None = None,
    reasons: list[Any] | None = None,
) -> Match:
    """Bring a person and one opportunity together. Refused: a second live match for the same
    person and opportunity, a full or closed opportunity, an adviser without the person's
    consent."""
    if origin not in Origin.values:
        raise MatchError(_("Origine inconnue : « %(o)s ».") % {"o": origin})
    if kind not in OpportunityKind.values:
        raise MatchError(_("Type d'opportunité inconnu : « %(k)s ».") % {"k": kind})
    if not perms.can_propose(actor, profile, origin):
        raise PermissionDenied(
            _(
                "Seule la personne, ou un conseiller à qui elle a ouvert son profil, "
                "propose une mise en relation."
            )
        )
    _opportunity_check(kind, session, offer, mentor, workshop)
    already = _("Cette mise en relation existe déjà et elle est en cours.")
    live = Match.objects.filter(profile=profile, status__in=LIVE_STATUSES)
    if (
        (session is not None and live.filter(session=session).exists())
        or (offer is not None and live.filter(offer=offer).exists())
        or (mentor is not None and live.filter(mentor=mentor).exists())
        or (workshop is not None and live.filter(workshop=workshop).exists())
    ):
        raise MatchError(already)
    commune_id, is_remote = _place(profile, session, offer, mentor, workshop)
    try:
        with transaction.atomic():
            match = Match.objects.create(
                profile=profile,
                kind=kind,
                session=session,
                offer=offer,
                mentor=mentor,
                workshop=workshop,
                origin=origin,
                proposed_by=actor.user,
                score=score,
                parts=parts or {},
                reasons=reasons or [],
                commune_id=commune_id,
                is_remote=is_remote,
            )
            audit_record(
                actor=actor,
                action="match.propose",
                obj=match,
                changes={"kind": kind, "origin": origin},
            )
    except IntegrityError as error:  # the same match proposed twice at the same moment
        raise MatchError(already) from error
    return match


# ---------------------------------------------------------------- the person accepts


@dataclass(frozen=True)
class Accepted:
    """What the page does next: `next_step` is "" (done), "apply" (the offer's application
    form, for the CV) or "mentoring_request" (the request form, for a person without one)."""

    match: Match
    next_step: str = ""


def _accept_training(actor: Actor, locked: Match) -> None:
    assert locked.session is not None
    try:
        enrolment = enrolment_request(actor=actor, session=locked.session)
    except TrainingError as error:
        raise MatchError(str(error)) from error
    _move(actor, locked, S.PERSON_ACCEPTED, action="accept", enrolment=enrolment)


def _accept_offer(actor: Actor, locked: Match, message: str, cv: File[Any] | None) -> str:
    assert locked.offer is not None
    existing = (
        Application.objects.filter(offer=locked.offer, learner_id=locked.profile.user_id)
        .exclude(status=Application.Status.WITHDRAWN)
        .filter(match__isnull=True)
        .first()
    )
    if existing is not None:  # the person applied on the offer's page already
        _move(actor, locked, S.PERSON_ACCEPTED, action="accept", application=existing)
        if existing.status == Application.Status.ACCEPTED:
            _move(actor, locked, S.BOTH_ACCEPTED, action="other_accept")
        return ""
    if cv is None:
        _move(actor, locked, S.PERSON_ACCEPTED, action="accept")
        return "apply"
    try:
        application = application_submit(actor=actor, offer=locked.offer, message=message, cv=cv)
    except OfferError as error:
        raise MatchError(str(error), field=getattr(error, "field", None)) from error
    locked.refresh_from_db()  # the receiver of the new application may have linked it already
    if locked.application_id != application.pk:
        _move(actor, locked, S.PERSON_ACCEPTED, action="accept", application=application)
    return ""


def _accept_workshop(actor: Actor, locked: Match) -> None:
    assert locked.workshop is not None
    assert actor.user is not None
    user = actor.user
    name = " ".join(f"{user.first_name} {user.last_name}".split()) or str(user)
    try:
        registration = registration_create(
            workshop=locked.workshop, name=name, email=user.email, registered_by=user
        )
    except WorkshopError as error:
        raise MatchError(error.message) from error
    _move(actor, locked, S.PERSON_ACCEPTED, action="accept")
    if registration.status == Registration.Status.CONFIRMED:
        _move(actor, locked, S.SUCCESSFUL, action="seated")


def _accept_mentoring(actor: Actor, locked: Match) -> str:
    from lakou.partnerships.services.mentoring import live_request

    _move(actor, locked, S.PERSON_ACCEPTED, action="accept")
    return "" if live_request(locked.profile.user_id) is not None else "mentoring_request"


def match_accept(
    *, actor: Actor, match: Match, message: str = "", cv: File[Any] | None = None
) -> Accepted:
    """The person accepts a proposed match; the other app hears of it through its services.
    `message` and `cv` are the application to an offer (see the module's docstring)."""
    if not perms.can_accept(actor, match):
        raise PermissionDenied(_("Seule la personne concernée accepte une mise en relation."))
    with transaction.atomic():
        locked = _lock(match)
        _check(locked, S.PERSON_ACCEPTED)
        next_step = ""
        if locked.session_id is not None:
            _accept_training(actor, locked)
        elif locked.offer_id is not None:
            next_step = _accept_offer(actor, locked, message, cv)
        elif locked.workshop_id is not None:
            _accept_workshop(actor, locked)
        else:
            next_step = _accept_mentoring(actor, locked)
    return Accepted(match=_refresh(match), next_step=next_step)


# ---------------------------------------------------------------- decline


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise MatchError(_("Dites en quelques mots pourquoi vous déclinez."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise MatchError(
            _("Le motif tient en %(n)s caractères au plus.") % {"n": REASON_MAX_LENGTH},
            field="reason",
        )
    return reason


def _withdraw_elsewhere(actor: Actor, locked: Match) -> None:
    """The person declines: what their acceptance started in the other app is withdrawn there,
    through its services."""
    if locked.enrolment_id is not None:
        enrolment = Enrolment.objects.get(pk=locked.enrolment_id)
        if enrolment.status in LIVE_ENROLMENT:
            try:
                enrolment_cancel(actor=actor, enrolment=enrolment)
            except TrainingError as error:
                raise MatchError(str(error)) from error
    if locked.application_id is not None:
        application = Application.objects.get(pk=locked.application_id)
        if application.status in APPLICATION_WAITING:
            application_withdraw(actor=actor, application=application)
    if locked.workshop_id is not None and actor.user is not None:
        registration = (
            Registration.objects.filter(workshop_id=locked.workshop_id, registered_by=actor.user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is not None:
            try:
                registration_cancel(registration=registration)
            except WorkshopError as error:
                raise MatchError(error.message) from error


def match_decline(*, actor: Actor, match: Match, reason: str) -> Match:
    """The person, or the other side once the person has accepted, declines with a reason.

    The provider declining a match with a pending enrolment refuses the enrolment (its service,
    which e-mails the person; the match follows through `enrolment_refused`). A company answers
    an application on the offer's applications page: the match follows."""
    reason = _clean_reason(reason)
    if not perms.can_decline(actor, match):
        raise PermissionDenied(_("Seules la personne et l'autre partie déclinent."))
    by_person = perms.is_person(actor, match)
    with transaction.atomic():
        locked = _lock(match)
        _check(locked, S.DECLINED)
        if by_person:
            _withdraw_elsewhere(actor, locked)
        elif locked.enrolment_id is not None:
            enrolment = Enrolment.objects.get(pk=locked.enrolment_id)
            if enrolment.status in (Enrolment.Status.REQUESTED, Enrolment.Status.WAITLISTED):
                try:
                    enrolment_refuse(actor=actor, enrolment=enrolment, reason=reason)
                except TrainingError as error:
                    raise MatchError(str(error)) from error
        elif locked.application_id is not None:
            raise MatchError(
                _("Répondez à la candidature depuis la liste des candidatures de l'offre.")
            )
        _move(
            actor,
            locked,
            S.DECLINED,
            action="decline",
            declined_by=Side.PERSON if by_person else Side.OTHER,
            declined_reason=reason,
        )
    return _refresh(match)


# ---------------------------------------------------------------- from the other apps


def _live(queryset: MatchQuerySet) -> Match | None:
    return queryset.filter(status__in=LIVE_STATUSES).select_for_update(of=("self",)).first()


def match_other_accepted(*, actor: Actor | None, match: Match) -> Match:
    """The other side said yes (an application accepted)."""
    with transaction.atomic():
        locked = _lock(match)
        if locked.status == S.PERSON_ACCEPTED:
            _move(actor, locked, S.BOTH_ACCEPTED, action="other_accept")
    return _refresh(match)


def match_succeed(*, actor: Actor | None, match: Match) -> Match:
    """The outcome is confirmed: through « accepted by both » when the other side had not said
    so yet (an accepted enrolment, a pair formed are both at once); a workshop has no other
    side, its seat is the outcome."""
    with transaction.atomic():
        locked = _lock(match)
        if locked.status == S.PERSON_ACCEPTED and locked.workshop_id is None:
            _move(actor, locked, S.BOTH_ACCEPTED, action="other_accept")
        if locked.status in (S.PERSON_ACCEPTED, S.BOTH_ACCEPTED):
            _move(actor, locked, S.SUCCESSFUL, action="succeed")
    return _refresh(match)


def _declined_elsewhere(
    actor: Actor | None, match: Match, *, side: str, reason: str, action: str
) -> Match:
    """A live match declined because of what happened in the other app (nothing to undo
    there); an ended one is left as it is."""
    with transaction.atomic():
        locked = _lock(match)
        if locked.status in LIVE_STATUSES:
            _move(
                actor, locked, S.DECLINED, action=action, declined_by=side, declined_reason=reason
            )
    return _refresh(match)


def match_declined_by_other(*, actor: Actor | None, match: Match, reason: str) -> Match:
    """The other side said no (an enrolment refused, an application refused)."""
    reason = reason.strip()[:REASON_MAX_LENGTH] or _("Refusée par l'autre partie.")
    return _declined_elsewhere(
        actor, match, side=Side.OTHER, reason=reason, action="declined_by_other"
    )


def match_withdrawn_elsewhere(*, actor: Actor | None, match: Match) -> Match:
    """The person took back, in the other app, what their acceptance had started (an
    application withdrawn): declined by the person."""
    return _declined_elsewhere(
        actor,
        match,
        side=Side.PERSON,
        reason=_("Candidature retirée par la personne."),
        action="withdrawn_elsewhere",
    )


def enrolment_match(enrolment: Enrolment) -> Match | None:
    return Match.objects.filter(enrolment=enrolment).first()


def application_match(application: Application) -> Match | None:
    return Match.objects.filter(application=application).first()


def application_linked(*, application: Application) -> Match | None:
    """An application arrived on an offer: the person's live match on that offer, not linked
    yet, links it (and counts as accepted by the person if it was only proposed)."""
    with transaction.atomic():
        locked = _live(
            Match.objects.filter(
                offer_id=application.offer_id,
                profile__user_id=application.learner_id,
                application__isnull=True,
            )
        )
        if locked is None:
            return None
        if locked.status == S.PROPOSED:
            _move(None, locked, S.PERSON_ACCEPTED, action="accept", application=application)
        else:
            locked.application = application
            locked.save(update_fields=["application"])
    return locked


def workshop_seat_given(*, registration: Registration) -> Match | None:
    """A person registered from a match got their seat (from the waiting list)."""
    if registration.registered_by_id is None:
        return None
    match = (
        Match.objects.filter(
            workshop_id=registration.workshop_id,
            profile__user_id=registration.registered_by_id,
            status=S.PERSON_ACCEPTED,
        )
        .only("pk")
        .first()
    )
    return match_succeed(actor=None, match=match) if match is not None else None


def mentoring_pair_formed(*, mentor_id: int, learner_id: int) -> Match | None:
    """The federation paired the person with the mentor of a live match: successful."""
    match = (
        Match.objects.filter(
            mentor_id=mentor_id, profile__user_id=learner_id, status__in=LIVE_STATUSES
        )
        .exclude(status=S.PROPOSED)
        .only("pk")
        .first()
    )
    return match_succeed(actor=None, match=match) if match is not None else None


# ---------------------------------------------------------------- reads


def person_matches(actor: Actor) -> MatchQuerySet:
    """The person's matches, newest first, with what the list shows, in a fixed number of
    queries."""
    return _with_opportunity(perms.own_matches(actor))


def incoming(actor: Actor) -> MatchQuerySet:
    """The matches on the actor's opportunities that the person accepted, newest first."""
    return _with_opportunity(perms.incoming_matches(actor)).select_related("profile__user")


def _with_opportunity(queryset: MatchQuerySet) -> MatchQuerySet:
    return queryset.select_related(
        "session__programme__provider",
        "offer__company",
        "mentor__user",
        "mentor__organisation",
        "workshop__venue",
        "commune",
        "enrolment",
        "application",
    ).defer("commune__boundary")
