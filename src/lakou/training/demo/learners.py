"""Demo learners: enrolments in the coming sessions, and a history of certificates and follow-ups.

Coming sessions are filled through the enrolment services, as learners and providers do it.
The history (sessions that ended months ago) cannot be asked for any more, so its completed
enrolments are written as they would stand today; certificates are then signed through the
certificate service with their real date, and follow-ups answered through their service.
Nothing is e-mailed while seeding.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Membership, User
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.core.notifications import emails_held_back
from lakou.skills.models import Occupation
from lakou.territory.models import Commune
from lakou.training.errors import TrainingError
from lakou.training.models import (
    EMPLOYED_SITUATIONS,
    Certificate,
    Enrolment,
    FollowUp,
    Programme,
    Session,
    Situation,
)
from lakou.training.services.catalogue import SessionData, session_create
from lakou.training.services.certificates import certificate_issue
from lakou.training.services.enrolment import (
    enrolment_accept,
    enrolment_refuse,
    enrolment_request,
    enrolment_waitlist,
)
from lakou.training.services.followup import follow_up_answer, follow_up_declare_unreachable

LEARNER_EMAIL = f"apprenante@{DEMO_DOMAIN}"

# Situations six months after, weighted roughly like the outcomes providers report.
SITUATION_WEIGHTS = {
    Situation.PERMANENT: 18,
    Situation.FIXED_TERM_LONG: 14,
    Situation.FIXED_TERM_SHORT: 8,
    Situation.TEMPORARY: 5,
    Situation.APPRENTICESHIP: 6,
    Situation.SELF_EMPLOYED: 9,
    Situation.IN_TRAINING: 10,
    Situation.JOB_SEEKING: 24,
    Situation.INACTIVE: 6,
}


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Enrolment.objects.exists():
        return _counts()
    learners = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", memberships__isnull=True)
        .exclude(email=LEARNER_EMAIL)
        .order_by("pk")
    )
    named = User.objects.filter(email=LEARNER_EMAIL).first()
    if not learners:
        return _counts()
    with emails_held_back():
        _coming_sessions(rng, learners, named)
        _history(rng, learners, named)
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "inscriptions": Enrolment.objects.count(),
        "certificats": Certificate.objects.count(),
        "suivis à six mois": FollowUp.objects.count(),
    }


def _provider_actor(programme: Programme) -> Actor:
    membership = (
        Membership.objects.active()
        .filter(organisation_id=programme.provider_id)
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, "demo providers have members"
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _draw(rng: random.Random, learners: list[User], k: int) -> list[User]:
    return rng.sample(learners, k=min(k, len(learners)))


def _coming_sessions(rng: random.Random, learners: list[User], named: User | None) -> None:
    """Requests in the open sessions: most accepted, some waitlisted once full, a few refused."""
    sessions = list(
        Session.objects.upcoming()
        .filter(status=Session.Status.OPEN, programme__is_published=True)
        .select_related("programme")
        .order_by("starts_on", "pk")
    )
    named_requests = 0  # the demo learner: one accepted request, one waiting for an answer
    for session in sessions:
        provider = _provider_actor(session.programme)
        candidates = _draw(rng, learners, rng.randint(2, session.seats + 3))
        if named is not None and named_requests < 2:
            candidates.insert(0, named)
        for learner in candidates:
            try:
                enrolment = enrolment_request(
                    actor=Actor(user=learner),
                    session=session,
                    message=rng.choice(["", "", "Je suis disponible tous les matins."]),
                )
            except TrainingError:
                break  # deadline passed: the session stays as it is
            if learner == named:
                named_requests += 1
                if named_requests == 2:
                    continue
            decision = rng.random()
            if decision < 0.15 and learner != named:
                continue  # still to be answered by the provider
            if decision < 0.22 and learner != named:
                enrolment_refuse(
                    actor=provider,
                    enrolment=enrolment,
                    reason="Le niveau d'entrée demandé n'est pas encore atteint.",
                )
                continue
            try:
                enrolment_accept(actor=provider, enrolment=enrolment)
            except TrainingError:
                enrolment_waitlist(actor=provider, enrolment=enrolment)


def _history(rng: random.Random, learners: list[User], named: User | None) -> None:
    """For each certifying programme, sessions that ended 1 to 14 months ago, with certificates."""
    today = dt.date.today()
    programmes = list(
        Programme.objects.published().certifying().select_related("provider").order_by("pk")
    )
    communes = list(Commune.objects.order_by("insee_code"))
    occupations = list(Occupation.objects.order_by("code_rome")[:40])
    named_certified = False  # the demo learner: one certificate whose follow-up awaits her answer
    for programme in programmes:
        provider = _provider_actor(programme)
        for months_ago in sorted(rng.sample([1, 3, 7, 9, 11, 14], k=2)):
            ends_on = today - dt.timedelta(days=30 * months_ago)
            session = _past_session(rng, provider, programme, ends_on, communes)
            cohort = _draw(rng, learners, rng.randint(6, min(12, session.seats)))
            if named is not None and not named_certified and 7 <= months_ago <= 9:
                cohort.insert(0, named)
                named_certified = True
            for learner in cohort:
                if rng.random() < 0.12 and learner != named:
                    _write_history(session, learner, Enrolment.Status.DROPPED)
                    continue
                enrolment = _write_history(session, learner, Enrolment.Status.COMPLETED)
                if rng.random() < 0.1 and learner != named:
                    continue  # not certified: failed the final assessment
                issued_at = dt.datetime.combine(
                    session.ends_on + dt.timedelta(days=rng.randint(3, 20)),
                    dt.time(10),
                    tzinfo=ZoneInfo(settings.TIME_ZONE),
                )
                certificate = certificate_issue(
                    actor=provider, enrolment=enrolment, issued_at=issued_at
                )
                if learner != named:
                    _follow_up(rng, provider, certificate, communes, occupations, today)


def _past_session(
    rng: random.Random,
    provider: Actor,
    programme: Programme,
    ends_on: dt.date,
    communes: list[Commune],
) -> Session:
    starts_on = ends_on - dt.timedelta(days=max(1, programme.duration_hours // 7))
    remote = programme.format == "e_learning"
    return session_create(
        actor=provider,
        programme=programme,
        data=SessionData(
            starts_on=starts_on,
            ends_on=ends_on,
            seats=rng.choice([10, 12, 15]),
            schedule="Du lundi au vendredi, 8 h 30 – 16 h 30",
            is_remote=remote,
            commune=None if remote else rng.choice(communes),
            venue="" if remote else "Salle de formation",
            status=Session.Status.DONE,
        ),
    )


def _write_history(session: Session, learner: User, status: str) -> Enrolment:
    requested = dt.datetime.combine(
        session.starts_on - dt.timedelta(days=21), dt.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    return Enrolment.objects.create(
        session=session,
        learner=learner,
        status=status,
        requested_at=requested,
        decided_at=requested + dt.timedelta(days=2),
        completed_on=session.ends_on if status == Enrolment.Status.COMPLETED else None,
    )


def _follow_up(
    rng: random.Random,
    provider: Actor,
    certificate: Certificate,
    communes: list[Commune],
    occupations: list[Occupation],
    today: dt.date,
) -> None:
    follow_up = certificate.follow_up
    if follow_up.due_on > today:
        return
    outcome = rng.random()
    if outcome < 0.15:
        follow_up_declare_unreachable(actor=provider, follow_up=follow_up)
        return
    zone = ZoneInfo(settings.TIME_ZONE)
    sent_at = dt.datetime.combine(follow_up.due_on, dt.time(8), tzinfo=zone)
    if outcome < 0.3:
        # Still waiting for the learner's answer: the questionnaire and the reminders due by
        # today went out then (so that starting the demo does not send them all again).
        now = dt.datetime.combine(today, dt.time(8), tzinfo=zone)
        reminders = [sent_at + dt.timedelta(days=days) for days in (7, 14)]
        FollowUp.objects.filter(pk=follow_up.pk).update(
            sent_at=sent_at,
            first_reminder_at=reminders[0] if reminders[0] <= now else None,
            second_reminder_at=reminders[1] if reminders[1] <= now else None,
        )
        return
    situation = rng.choices(list(SITUATION_WEIGHTS), weights=list(SITUATION_WEIGHTS.values()))[0]
    employed = situation in EMPLOYED_SITUATIONS
    digital = employed and rng.random() < 0.6
    answered = follow_up_answer(
        follow_up=follow_up,
        situation=situation,
        is_digital_job=digital if employed else None,
        occupation=rng.choice(occupations) if digital and occupations else None,
        employer_commune=rng.choice(communes) if employed and communes else None,
        channel=rng.choice([FollowUp.Channel.EMAIL, FollowUp.Channel.PHONE]),
        actor=provider,
    )
    # The history is written today; the answer came in within weeks of the due date.
    answered_on = min(today, follow_up.due_on + dt.timedelta(days=rng.randint(0, 25)))
    FollowUp.objects.filter(pk=answered.pk).update(
        sent_at=sent_at,
        answered_at=dt.datetime.combine(answered_on, dt.time(11), tzinfo=zone),
    )
