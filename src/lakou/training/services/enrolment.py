"""Enrolment services: a learner asks, the provider decides, the seats are never overbooked.

Every change locks the session row first, then the enrolment row, so that two decisions on the
same session run one after the other (on PostgreSQL; SQLite serialises all writes anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lakou.accounts.models import Membership
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.core.validators import PhoneError, normalise_phone
from lakou.training.errors import TrainingError
from lakou.training.models import Enrolment, EnrolmentQuerySet, Session
from lakou.training.perms import enrolment as perms
from lakou.training.services.signals import enrolment_accepted, enrolment_refused

Status = Enrolment.Status

# The whole state machine: from each status, the statuses a change may lead to.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REQUESTED: frozenset(
        {Status.ACCEPTED, Status.WAITLISTED, Status.REFUSED, Status.CANCELLED}
    ),
    Status.WAITLISTED: frozenset({Status.ACCEPTED, Status.REFUSED, Status.CANCELLED}),
    Status.ACCEPTED: frozenset(
        {Status.ATTENDING, Status.COMPLETED, Status.DROPPED, Status.CANCELLED}
    ),
    Status.ATTENDING: frozenset({Status.COMPLETED, Status.DROPPED}),
    Status.REFUSED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.DROPPED: frozenset(),
    Status.CANCELLED: frozenset(),
}

# The statuses a session cancellation closes; completed and dropped enrolments stay as they are.
CANCELLED_WITH_SESSION = (Status.REQUESTED, Status.WAITLISTED, Status.ACCEPTED, Status.ATTENDING)


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def can_move(enrolment: Enrolment, to: str) -> bool:
    return to in allowed_next(enrolment.status)


# ---------------------------------------------------------------- helpers


def _label(status: str) -> str:
    return str(Status(status).label)


def _check_transition(enrolment: Enrolment, to: str) -> None:
    if not can_move(enrolment, to):
        raise TrainingError(
            _("Une inscription « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": _label(enrolment.status), "to": _label(to)}
        )


def _require_provider(actor: Actor, enrolment: Enrolment) -> None:
    if not perms.can_manage_enrolments(actor, enrolment.session):
        raise PermissionDenied(_("Seul l'organisme de la session décide des inscriptions."))


def _lock(enrolment: Enrolment) -> tuple[Session, Enrolment]:
    """The session, then the enrolment, locked in that order everywhere (no deadlock)."""
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=enrolment.session_id)
    )
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    locked.session = session
    return session, locked


def seats_taken(session: Session) -> int:
    return Enrolment.objects.filter(session=session).holding_a_seat().count()


def _refresh_fullness(session: Session) -> None:
    """An open session becomes full when its last seat is taken, and open again when one frees."""
    taken = seats_taken(session)
    status = session.status
    if status == Session.Status.OPEN and taken >= session.seats:
        status = Session.Status.FULL
    elif status == Session.Status.FULL and taken < session.seats:
        status = Session.Status.OPEN
    if status != session.status:
        Session.objects.filter(pk=session.pk).update(status=status, updated_at=timezone.now())
        session.status = status


def _save(enrolment: Enrolment, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(enrolment, name, value)
    enrolment.save(update_fields=[*fields, "updated_at"])


def _audit(actor: Actor, enrolment: Enrolment, action: str, before: str, **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=f"enrolment.{action}",
        obj=enrolment,
        changes={"from": before, "to": enrolment.status, **extra},
    )


SUBJECTS: dict[str, str] = {
    "accepted": gettext_noop("Votre inscription à « %(title)s » est acceptée"),
    "refused": gettext_noop("Votre demande d'inscription à « %(title)s » n'est pas retenue"),
    "waitlisted": gettext_noop("Vous êtes sur liste d'attente pour « %(title)s »"),
    "promoted": gettext_noop("Une place s'est libérée : vous êtes inscrit à « %(title)s »"),
    "cancelled": gettext_noop("Votre inscription à « %(title)s » est annulée"),
    "session_cancelled": gettext_noop("La session de « %(title)s » est annulée"),
}


def _notify(enrolment: Enrolment, session: Session, kind: str) -> None:
    learner = enrolment.learner
    if not learner.email:
        return
    title = session.programme.title
    notify_by_email(
        to=[learner.email],
        subject=_(SUBJECTS[kind]) % {"title": title},
        template=f"training/emails/enrolment_{kind}.txt",
        context={
            "learner": learner,
            "enrolment": enrolment,
            "session": session,
            "programme": session.programme,
            "session_url": settings.SITE_URL + session.get_absolute_url(),
            "my_enrolments_url": settings.SITE_URL + reverse("training:my_enrolments"),
        },
    )


def _notify_provider(enrolment: Enrolment, session: Session) -> None:
    """The provider's members learn of a new request, so that it does not wait unseen."""
    recipients = list(
        Membership.objects.active()
        .filter(organisation_id=session.programme.provider_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    notify_by_email(
        to=recipients,
        subject=_("Nouvelle demande d'inscription : %(title)s")
        % {"title": session.programme.title},
        template="training/emails/enrolment_requested_provider.txt",
        context={
            "learner": enrolment.learner,
            "enrolment": enrolment,
            "session": session,
            "programme": session.programme,
            "roster_url": settings.SITE_URL
            + reverse("training:session_roster", kwargs={"pk": session.pk}),
        },
    )


def _send_after_commit(signal: Any, enrolment: Enrolment, actor: Actor, **extra: Any) -> None:
    """Other solutions learn of the decision once it is committed (services/signals.py)."""
    transaction.on_commit(
        lambda: signal.send(sender=Enrolment, enrolment=enrolment, actor=actor, **extra)
    )


# ---------------------------------------------------------------- the learner asks


def enrolment_request(
    *,
    actor: Actor,
    session: Session,
    first_name: str = "",
    last_name: str = "",
    message: str = "",
    phone: str = "",
) -> Enrolment:
    """The signed-in person asks for a seat; the provider then accepts, refuses or waitlists.

    The person's name is needed: the roster and the certificate carry it. Given here, it
    updates their account.
    """
    if not perms.can_enrol(actor):
        raise PermissionDenied(_("Connectez-vous pour vous inscrire."))
    assert actor.user is not None
    first_name = first_name.strip() or actor.user.first_name
    last_name = last_name.strip() or actor.user.last_name
    if not first_name or not last_name:
        raise TrainingError(
            _(
                "Indiquez votre prénom et votre nom : ils figurent sur la liste des inscrits "
                "et sur votre certificat."
            )
        )
    try:
        phone = normalise_phone(phone)
    except PhoneError as error:
        raise TrainingError(str(error)) from error
    today = timezone.localdate()
    current = Session.objects.select_related("programme").get(pk=session.pk)
    if current.status == Session.Status.CANCELLED:
        raise TrainingError(_("Cette session est annulée : les inscriptions sont fermées."))
    if current.status == Session.Status.DONE or current.ends_on < today:
        raise TrainingError(_("Cette session est terminée : les inscriptions sont fermées."))
    if current.enrolment_deadline is not None and current.enrolment_deadline < today:
        raise TrainingError(
            _("La date limite d'inscription (%(date)s) est passée.")
            % {"date": current.enrolment_deadline.strftime("%d/%m/%Y")}
        )
    already = _("Vous avez déjà une inscription en cours pour cette session.")
    if Enrolment.objects.filter(session=current, learner=actor.user).live().exists():
        raise TrainingError(already)
    try:
        with transaction.atomic():
            if (first_name, last_name) != (actor.user.first_name, actor.user.last_name):
                actor.user.first_name, actor.user.last_name = first_name, last_name
                actor.user.save(update_fields=["first_name", "last_name"])
            enrolment = Enrolment.objects.create(
                session=current,
                learner=actor.user,
                message=message.strip(),
                phone=phone,
            )
            audit_record(actor=actor, action="enrolment.request", obj=enrolment)
            _notify_provider(enrolment, current)
    except IntegrityError as error:  # the same person asking twice at the same moment
        raise TrainingError(already) from error
    return enrolment


# ---------------------------------------------------------------- the provider decides


def enrolment_accept(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Give the learner a seat; refused when every seat is taken."""
    _require_provider(actor, enrolment)
    with transaction.atomic():
        session, locked = _lock(enrolment)
        _check_transition(locked, Status.ACCEPTED)
        if seats_taken(session) >= session.seats:
            raise TrainingError(
                _(
                    "La session est complète : ses %(seats)s places sont prises. "
                    "Mettez plutôt la demande sur liste d'attente."
                )
                % {"seats": session.seats}
            )
        before = locked.status
        _save(locked, status=Status.ACCEPTED, decided_at=timezone.now())
        _refresh_fullness(session)
        _audit(actor, locked, "accept", before)
        _notify(locked, session, "accepted")
        _send_after_commit(enrolment_accepted, locked, actor)
    enrolment.refresh_from_db()
    return enrolment


def enrolment_refuse(*, actor: Actor, enrolment: Enrolment, reason: str) -> Enrolment:
    """Refuse a request, with the reason the learner reads."""
    _require_provider(actor, enrolment)
    reason = reason.strip()
    if not reason:
        raise TrainingError(_("Expliquez à la personne pourquoi sa demande n'est pas retenue."))
    with transaction.atomic():
        session, locked = _lock(enrolment)
        _check_transition(locked, Status.REFUSED)
        before = locked.status
        _save(locked, status=Status.REFUSED, refusal_reason=reason, decided_at=timezone.now())
        _audit(actor, locked, "refuse", before, reason=reason)
        _notify(locked, session, "refused")
        _send_after_commit(enrolment_refused, locked, actor, reason=reason)
    enrolment.refresh_from_db()
    return enrolment


def enrolment_waitlist(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Put a request on the waitlist: first come, first promoted when a seat frees."""
    _require_provider(actor, enrolment)
    with transaction.atomic():
        session, locked = _lock(enrolment)
        _check_transition(locked, Status.WAITLISTED)
        before = locked.status
        now = timezone.now()
        _save(locked, status=Status.WAITLISTED, waitlisted_at=now, decided_at=now)
        _audit(actor, locked, "waitlist", before)
        _notify(locked, session, "waitlisted")
    enrolment.refresh_from_db()
    return enrolment


def _simple_change(actor: Actor, enrolment: Enrolment, to: str, action: str, **fields: Any) -> None:
    _require_provider(actor, enrolment)
    with transaction.atomic():
        session, locked = _lock(enrolment)
        _check_transition(locked, to)
        before = locked.status
        _save(locked, status=to, **fields)
        _refresh_fullness(session)
        _audit(actor, locked, action, before)
    enrolment.refresh_from_db()


def enrolment_attend(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """The accepted learner has started the training."""
    _simple_change(actor, enrolment, Status.ATTENDING, "attend")
    return enrolment


def enrolment_complete(
    *, actor: Actor, enrolment: Enrolment, completed_on: date | None = None
) -> Enrolment:
    """The learner finished the training (today unless another day is given)."""
    day = completed_on or timezone.localdate()
    _simple_change(actor, enrolment, Status.COMPLETED, "complete", completed_on=day)
    return enrolment


def enrolment_drop(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """The learner gave up. The seat counts as free but nobody is promoted: the training runs."""
    _simple_change(actor, enrolment, Status.DROPPED, "drop")
    return enrolment


# ---------------------------------------------------------------- cancelling frees a seat


def _promote_first(actor: Actor, session: Session) -> Enrolment | None:
    """Give the freed seat to the first of the waitlist, and tell them by e-mail."""
    if session.status not in (Session.Status.OPEN, Session.Status.FULL, Session.Status.PLANNED):
        return None
    if session.ends_on < timezone.localdate() or seats_taken(session) >= session.seats:
        return None
    first = (
        Enrolment.objects.filter(session=session)
        .waitlist()
        .select_for_update()
        .select_related("learner")
        .first()
    )
    if first is None:
        return None
    _save(first, status=Status.ACCEPTED, decided_at=timezone.now())
    _audit(actor, first, "promote", Status.WAITLISTED, reason="place libérée")
    _notify(first, session, "promoted")
    _send_after_commit(enrolment_accepted, first, actor)
    return first


def enrolment_cancel(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """The learner (or the provider for them) cancels; a freed seat goes to the waitlist."""
    if not perms.can_cancel_enrolment(actor, enrolment):
        raise PermissionDenied(
            _("Seuls la personne inscrite et l'organisme annulent l'inscription.")
        )
    with transaction.atomic():
        session, locked = _lock(enrolment)
        _check_transition(locked, Status.CANCELLED)
        before = locked.status
        freed = locked.holds_a_seat
        _save(locked, status=Status.CANCELLED)
        by_learner = perms.is_learner(actor, locked)
        _audit(actor, locked, "cancel", before, by="learner" if by_learner else "provider")
        if not by_learner:
            _notify(locked, session, "cancelled")
        if freed:
            _promote_first(actor, session)
        _refresh_fullness(session)
    enrolment.refresh_from_db()
    return enrolment


def enrolments_cancel_with_session(*, actor: Actor, session: Session) -> int:
    """Close the live enrolments of a session being cancelled and tell each learner.

    Called by `session_cancel` inside its transaction, with the session row already locked.
    """
    enrolments = list(
        Enrolment.objects.filter(session=session, status__in=CANCELLED_WITH_SESSION)
        .select_for_update(of=("self",))
        .select_related("learner")
    )
    if not enrolments:
        return 0
    session = Session.objects.select_related("programme").get(pk=session.pk)
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(
        status=Status.CANCELLED, updated_at=timezone.now()
    )
    for enrolment in enrolments:
        before = enrolment.status
        enrolment.status = Status.CANCELLED
        _audit(actor, enrolment, "cancel_with_session", before)
        _notify(enrolment, session, "session_cancelled")
    return len(enrolments)


# ---------------------------------------------------------------- one entry for views and API


# What each action of the roster and of the API leads to.
ACTIONS: dict[str, str] = {
    "accept": Status.ACCEPTED,
    "waitlist": Status.WAITLISTED,
    "refuse": Status.REFUSED,
    "attend": Status.ATTENDING,
    "complete": Status.COMPLETED,
    "drop": Status.DROPPED,
    "cancel": Status.CANCELLED,
}


def enrolment_decide(
    *, actor: Actor, enrolment: Enrolment, action: str, reason: str = ""
) -> Enrolment:
    """Run the service named by `action` (accept, refuse, waitlist, attend, complete, drop, cancel)."""
    services: dict[str, Callable[[], Enrolment]] = {
        "accept": lambda: enrolment_accept(actor=actor, enrolment=enrolment),
        "refuse": lambda: enrolment_refuse(actor=actor, enrolment=enrolment, reason=reason),
        "waitlist": lambda: enrolment_waitlist(actor=actor, enrolment=enrolment),
        "attend": lambda: enrolment_attend(actor=actor, enrolment=enrolment),
        "complete": lambda: enrolment_complete(actor=actor, enrolment=enrolment),
        "drop": lambda: enrolment_drop(actor=actor, enrolment=enrolment),
        "cancel": lambda: enrolment_cancel(actor=actor, enrolment=enrolment),
    }
    if action not in services:
        raise TrainingError(_("Action inconnue : « %(a)s ».") % {"a": action})
    return services[action]()


# ---------------------------------------------------------------- reads


@dataclass(frozen=True)
class RosterCounts:
    seats: int
    taken: int
    waitlist: int
    requested: int

    @property
    def free(self) -> int:
        return max(0, self.seats - self.taken)


def roster_counts(session: Session) -> RosterCounts:
    """Seats, seats taken, waitlist and pending requests, in one query."""
    counts = Enrolment.objects.filter(session=session).aggregate(
        taken=Count("pk", filter=Q(status__in=Enrolment.SEAT_STATUSES)),
        waitlist=Count("pk", filter=Q(status=Status.WAITLISTED)),
        requested=Count("pk", filter=Q(status=Status.REQUESTED)),
    )
    return RosterCounts(seats=session.seats, **counts)


def roster_rows(session: Session) -> EnrolmentQuerySet:
    """A session's enrolments with their learner and certificate, in a fixed number of queries."""
    return (
        Enrolment.objects.filter(session=session)
        .select_related("learner", "certificate", "session__programme")
        .order_by("requested_at", "pk")
    )


def learner_enrolments(user_id: int) -> EnrolmentQuerySet:
    """A person's enrolments, latest session first, with what the list shows."""
    return (
        Enrolment.objects.of_learner(user_id)
        .select_related("session__programme__provider", "session__commune", "certificate")
        .defer("session__commune__boundary")
        .order_by("-session__starts_on", "-pk")
    )


def latest_enrolment(session: Session, user_id: int | None) -> Enrolment | None:
    """The person's live enrolment in the session, or else their last closed one."""
    if user_id is None:
        return None
    return (
        Enrolment.objects.filter(session=session, learner_id=user_id)
        .order_by("-requested_at", "-pk")
        .first()
    )


def open_for_requests(session: Session, *, on: date | None = None) -> bool:
    """Whether `enrolment_request` would accept a new request (the page shows the form then)."""
    on = on or timezone.localdate()
    if session.status in (Session.Status.CANCELLED, Session.Status.DONE) or session.ends_on < on:
        return False
    return session.enrolment_deadline is None or session.enrolment_deadline >= on
