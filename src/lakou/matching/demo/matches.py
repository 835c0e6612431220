"""Demo data of the orientation matches: for the demo profiles (seeded before), the demo learner's
first, matches in every state of `Match` for at least two kinds, made through the services so
that the other apps hold what they would (enrolments, applications, agreements, hires, mentoring
pairs, workshop seats):

- for each person, a training session (proposed, accepted by the person, successful by an
  accepted enrolment, declined by the person or by the provider with a reason); an offer
  (proposed, accepted by the person to apply, applied with a CV, accepted by both — the agreement
  to draw up or the hire to confirm —, declined by the person, the application withdrawn);
  one in two a workshop seat (successful at once);
- outcomes over the past year, so that indicator 5 shows several kinds and quarters: placements
  on offers posted earlier in the year, successful when their agreement begins
  (`agreement_activated`); hires on the job offers (`hire_confirmed`); mentoring, successful on
  the pairs the federation formed (also proposed, waiting for the federation, declined).

The states come from the services and the receivers of signals.py; only the dates are then set
back to when it happened, as the other seeders do. When the seeding runs inside a caller's
transaction (tests/demo.py), the training and partnerships signals wait for its commit: `_follow`
then calls the matching services their receivers would (both are idempotent).

No service lets a company decline a match on its offer (a refused application sends no signal and
`match_decline` sends the company to the applications page), so the offers' matches are declined
by the person only.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.core.notifications import emails_held_back
from lakou.matching.models import Match, MatchStatus, OpportunityKind, Origin, Profile
from lakou.matching.services.matches import (
    MatchError,
    match_accept,
    match_decline,
    match_other_accepted,
    match_propose,
    match_succeed,
    mentoring_pair_formed,
)
from lakou.mediation.models import Workshop
from lakou.partnerships.demo import agreements as agreements_demo
from lakou.partnerships.demo import offers as offers_demo
from lakou.partnerships.models import (
    Agreement,
    Application,
    MenteeRequest,
    MentoringPair,
    MentorProfile,
    Offer,
    Participant,
    PlacementKind,
)
from lakou.partnerships.models.placements import is_job_kind
from lakou.partnerships.services.agreements import (
    AgreementError,
    minimum_monthly_stipend,
)
from lakou.partnerships.services.applications import (
    application_accept,
    application_confirm_hire,
    application_examine,
)
from lakou.partnerships.services.mentoring import MentoringError, live_request, mentor_choices
from lakou.partnerships.services.offers import (
    OfferData,
    OfferError,
    offer_close,
    offer_create,
    offer_publish,
)
from lakou.skills.models import Competence, Occupation
from lakou.training.demo.learners import LEARNER_EMAIL
from lakou.training.errors import TrainingError
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import enrolment_accept

REASONS = (
    "Les dates ne me conviennent plus.",
    "J'ai trouvé une autre formation plus près de chez moi.",
    "Je préfère attendre la rentrée.",
)
OFFER_REASONS = (
    "J'ai accepté une autre proposition entre-temps.",
    "Le trajet jusqu'à l'entreprise est trop long pour moi.",
)
MENTORING_REASON = "Je n'ai plus le temps en ce moment, je reviendrai vers le mentorat plus tard."
MESSAGE = (
    "Bonjour, votre offre correspond à ce que je cherche et je suis disponible aux dates "
    "indiquées. Vous trouverez mon CV en pièce jointe."
)
# Placements of the year: (kind, start in days before today, weeks).
PLACEMENTS = (
    (PlacementKind.INTERNSHIP, 300, 12),
    (PlacementKind.APPRENTICESHIP, 250, 104),
    (PlacementKind.INTERNSHIP, 190, 10),
    (PlacementKind.PROFESSIONALISATION, 140, 52),
    (PlacementKind.INTERNSHIP, 95, 12),
    (PlacementKind.APPRENTICESHIP, 40, 104),
)
HIRES = 3
# Mentoring: matches on pairs formed, then matches waiting, proposed, declined.
PAIRS_FORMED = 4
MENTORING_WAITING = 2
MENTORING_PROPOSED = 2
MENTORING_DECLINED = 1


class _LeftOut(Exception):
    """A step that cannot be built on (an application missing): rolled back, left out."""


ERRORS = (
    _LeftOut,
    MatchError,
    TrainingError,
    OfferError,
    AgreementError,
    MentoringError,
    PermissionDenied,
)


@dataclass(frozen=True)
class Dates:
    """When a match moved, set back once the services and receivers have moved it."""

    created: datetime
    person: datetime | None = None
    other: datetime | None = None
    successful: datetime | None = None


Step = Callable[[], tuple[Match, Dates | None] | None]
# Picks the next person of the outcomes who fits (a predicate on the profile), once.
Picker = Callable[..., Profile | None]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _member(organisation_id: int) -> Actor | None:
    membership = (
        Membership.objects.active()
        .filter(organisation_id=organisation_id)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _counts() -> dict[str, int]:
    per_status = Counter(Match.objects.values_list("status", flat=True))
    return {"mises en relation": sum(per_status.values())} | {
        f"mises en relation « {MatchStatus(status).label} »": n
        for status, n in sorted(per_status.items())
    }


def _cv(profile: Profile) -> ContentFile[bytes]:
    name = profile.user.get_full_name() or "candidat"
    return ContentFile(offers_demo.minimal_pdf(f"CV de {name}"), name="cv.pdf")


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    # Seeded already (the suggestions' seeder makes only the engine's proposals).
    if Match.objects.filter(origin=Origin.PERSON).exists():
        return _counts()
    profiles = list(Profile.objects.select_related("user", "commune").order_by("pk"))
    if not profiles:
        return {}
    profiles.sort(key=lambda profile: profile.user.email != LEARNER_EMAIL)
    today = timezone.localdate()
    sessions = list(
        Session.objects.filter(status=Session.Status.OPEN, starts_on__gt=today)
        .select_related("programme")
        .order_by("pk")[:40]
    )
    offers = list(Offer.objects.published().order_by("pk")[:40])
    workshops = list(
        Workshop.objects.filter(
            status=Workshop.Status.PUBLISHED, starts_at__gt=timezone.now()
        ).order_by("starts_at", "pk")[:20]
    )
    with emails_held_back():
        learner = profiles[0] if profiles[0].user.email == LEARNER_EMAIL else None
        busy = _outcomes(profiles[1:] if learner else profiles, learner, offers, rng)
        _seed(profiles, sessions, offers, workshops, rng, busy)
    return _counts()


def _run(step: Step) -> Match | None:
    """One match in its own transaction (an opportunity full by now, a name missing: the next
    one), then the receivers followed and the dates set back."""
    try:
        with transaction.atomic():
            done = step()
    except ERRORS:
        return None
    if done is None:
        return None
    match, dates = done
    _follow(match)
    if dates is not None:
        _date_back(match, dates)
    return match


def _follow(match: Match) -> None:
    """Inside a caller's transaction the signals sent on commit wait for its end: move the match
    now as their receivers would (signals.py); a match already there stays as it is."""
    if not transaction.get_connection().in_atomic_block:
        return
    match.refresh_from_db()
    if match.enrolment_id is not None:
        if Enrolment.objects.filter(
            pk=match.enrolment_id, status=Enrolment.Status.ACCEPTED
        ).exists():
            match_succeed(actor=None, match=match)
        return
    if match.application_id is None:
        return
    application = Application.objects.get(pk=match.application_id)
    if application.status == Application.Status.ACCEPTED:
        match_other_accepted(actor=None, match=match)
    begun = Agreement.objects.filter(
        application=application, status__in=(Agreement.Status.ACTIVE, Agreement.Status.ENDED)
    ).exists()
    if begun or application.hire_confirmed_at is not None:
        match_succeed(actor=None, match=match)


def _date_back(match: Match, dates: Dates) -> None:
    """Dates only, each of a step the match went through: its states came from the services."""
    match.refresh_from_db()
    fields: dict[str, datetime] = {"created_at": dates.created}
    for name, value in (
        ("person_accepted_at", dates.person),
        ("other_accepted_at", dates.other),
        ("successful_at", dates.successful),
    ):
        if value is not None and getattr(match, name) is not None:
            fields[name] = value
    Match.objects.filter(pk=match.pk).update(**fields)


# ---------------------------------------------------------------- every person


def _seed(
    profiles: list[Profile],
    sessions: list[Session],
    offers: list[Offer],
    workshops: list[Workshop],
    rng: random.Random,
    busy: set[int],
) -> None:
    """`busy`: the people of the year's outcomes, who get no second offer."""
    for index, profile in enumerate(profiles):
        person = Actor(user=profile.user)
        plan: list[Step] = []
        if sessions:
            session = sessions[index % len(sessions)]
            plan.append(partial(_training, profile, person, session, index % 5, rng))
        if offers and profile.pk not in busy:
            offer = offers[index % len(offers)]
            plan.append(partial(_offer, profile, person, offer, (index + 2) % 5, rng))
        if workshops and index % 2 == 0:
            workshop = workshops[index % len(workshops)]
            plan.append(partial(_workshop, profile, person, workshop))
        for step in plan:
            _run(step)


def _training(
    profile: Profile, person: Actor, session: Session, step: int, rng: random.Random
) -> tuple[Match, None]:
    """0 proposed, 1 accepted by the person, 2 successful, 3 declined by the person, 4 declined
    by the provider."""
    match = match_propose(
        actor=person,
        profile=profile,
        kind=OpportunityKind.TRAINING,
        session=session,
        origin=Origin.ENGINE,
        score=round(rng.uniform(0.55, 0.95), 3),
    )
    if step == 0:
        return match, None
    if step == 3:
        return match_decline(actor=person, match=match, reason=rng.choice(REASONS)), None
    match = match_accept(actor=person, match=match).match
    provider = _member(session.programme.provider_id)
    if provider is None or match.enrolment is None:
        return match, None
    if step == 2:
        enrolment_accept(actor=provider, enrolment=match.enrolment)
    elif step == 4:
        match_decline(
            actor=provider, match=match, reason="La session demande des bases en bureautique."
        )
    return match, None


def _offer(
    profile: Profile, person: Actor, offer: Offer, step: int, rng: random.Random
) -> tuple[Match, None]:
    """0 proposed, 1 accepted by the person (to apply with a CV), 2 applied with a CV, 3 declined
    by the person once applied (the application withdrawn), 4 accepted by both: the company
    accepted, the agreement to draw up (a placement) or the hire to confirm (a job). A person
    who applied on the offer's page already links that application, where it stands."""
    kind = OpportunityKind.JOB if is_job_kind(offer.kind) else OpportunityKind.INTERNSHIP
    match = match_propose(
        actor=person, profile=profile, kind=kind, offer=offer, origin=Origin.PERSON
    )
    applied = (
        Application.objects.filter(offer=offer, learner_id=profile.user_id)
        .exclude(status=Application.Status.WITHDRAWN)
        .exists()
    )
    if step == 0:
        return match, None
    if step == 1 or applied:
        return match_accept(actor=person, match=match).match, None
    match = match_accept(actor=person, match=match, message=MESSAGE, cv=_cv(profile)).match
    if step == 3:
        return match_decline(actor=person, match=match, reason=rng.choice(OFFER_REASONS)), None
    company = _member(offer.company_id)
    if step == 4 and match.application is not None and company is not None:
        application_examine(actor=company, application=match.application)
        application_accept(actor=company, application=match.application)
    return match, None


def _workshop(profile: Profile, person: Actor, workshop: Workshop) -> tuple[Match, None]:
    """Successful at once when a seat is free (the workshop's seat is the outcome)."""
    match = match_propose(
        actor=person,
        profile=profile,
        kind=OpportunityKind.WORKSHOP,
        workshop=workshop,
        origin=Origin.ENGINE,
    )
    return match_accept(actor=person, match=match).match, None


# ---------------------------------------------------------------- the year's outcomes


def _outcomes(
    people: list[Profile], learner: Profile | None, offers: list[Offer], rng: random.Random
) -> set[int]:
    """Placements, hires and mentoring over the past year, each for a different person (the
    demo learner's mentor only); returns the people they took."""
    queue = list(people)
    rng.shuffle(queue)
    taken: set[int] = set()

    def next_person(fits: Callable[[Profile], bool] = lambda _p: True) -> Profile | None:
        for profile in queue:
            if profile.pk not in taken and fits(profile):
                taken.add(profile.pk)
                return profile
        return None

    _placements(next_person, offers, rng)
    _hires(next_person, offers, rng)
    _mentoring(next_person, learner, rng)
    return taken


def _placements(next_person: Picker, offers: list[Offer], rng: random.Random) -> None:
    hosts = []
    for company_id in dict.fromkeys(o.company_id for o in offers if not o.is_job):
        actor = _member(company_id)
        if actor is not None and actor.organisation is not None:
            hosts.append(actor)
    schools = list(Organisation.objects.filter(kind=Organisation.Kind.PROVIDER).order_by("pk"))
    if not hosts or not schools:
        return
    occupations = {o.code_rome: o for o in Occupation.objects.all()}
    competences = offers_demo.competences_by_key()
    today = timezone.localdate()
    # The hackathon's jury was drawn given every intern link (events seeder): no new one there.
    participants = set(Participant.objects.values_list("user_id", flat=True))
    for index, (kind, days_ago, weeks) in enumerate(PLACEMENTS):
        profile = next_person(lambda p: p.user_id not in participants)
        if profile is None:
            return
        _run(
            partial(
                _placement,
                profile,
                hosts[index % len(hosts)],
                rng.choice(schools),
                kind,
                today - timedelta(days=days_ago + rng.randint(-10, 10)),
                weeks,
                occupations,
                competences,
                rng,
            )
        )


def _placement(
    profile: Profile,
    company: Actor,
    school: Organisation,
    kind: str,
    starts_on: date,
    weeks: int,
    occupations: dict[str, Occupation],
    competences: dict[str, Competence],
    rng: random.Random,
) -> tuple[Match, Dates]:
    """An offer posted two months before its start, the person's application through the match,
    accepted, the offer closed as filled, the agreement signed and begun on the start date."""
    templates = [t for t in offers_demo.OFFER_TEMPLATES if t[0] == kind]
    _kind, title, missions, codes = rng.choice(templates)
    occupation = next((occupations[c] for c in codes if c in occupations), None)
    assert company.organisation is not None
    commune = company.organisation.commune or profile.commune
    is_internship = kind == PlacementKind.INTERNSHIP
    offer = offer_create(
        actor=company,
        data=OfferData(
            kind=kind,
            title=title,
            description=missions,
            commune=commune,
            starts_on=starts_on,
            duration_weeks=weeks,
            weekly_hours=Decimal(35),
            occupation=occupation,
            competences=offers_demo.offer_competences(occupation, competences),
            # The legal minimum for an internship; a contract's pay left to define.
            monthly_pay=minimum_monthly_stipend(Decimal(35)).quantize(Decimal(1))
            if is_internship
            else None,
            school=None if is_internship else school,
        ),
    )
    offer_publish(actor=company, offer=offer)
    published = _at(starts_on - timedelta(days=60), 9)
    sent = published + timedelta(days=rng.randint(3, 10), hours=3)
    decided = sent + timedelta(days=rng.randint(7, 14))
    person = Actor(user=profile.user)
    match = match_propose(
        actor=person,
        profile=profile,
        kind=OpportunityKind.INTERNSHIP,
        offer=offer,
        origin=Origin.PERSON,
    )
    match = match_accept(actor=person, match=match, message=MESSAGE, cv=_cv(profile)).match
    if match.application is None:
        raise _LeftOut
    application_examine(actor=company, application=match.application)
    application = application_accept(actor=company, application=match.application)
    offer_close(actor=company, offer=offer)
    offers_demo.date_back_offer(offer, published=published, closed=decided)
    offers_demo.date_back_application(application, sent=sent, decided=decided)
    agreements_demo.agreement_begun(
        rng, application=application, school=school, signed_on=starts_on - timedelta(days=14)
    )
    return match, Dates(
        created=sent - timedelta(minutes=20),
        person=sent,
        other=decided,
        successful=_at(starts_on, 8),
    )


def _hires(next_person: Picker, offers: list[Offer], rng: random.Random) -> None:
    """A hire on each of the first job offers on line for long enough, then one accepted on
    another job offer with the hire still to confirm (accepted by both)."""
    today = timezone.localdate()
    latest = today - timedelta(days=7)
    made = 0
    for offer in (o for o in offers if o.is_job and o.published_at is not None):
        if made > HIRES:
            return
        earliest = timezone.localdate(offer.published_at) + timedelta(days=40)
        if made < HIRES and earliest > latest:
            continue
        company = _member(offer.company_id)
        if company is None:
            continue
        profile = next_person(
            lambda p, offer=offer: (
                not Application.objects.filter(offer=offer, learner_id=p.user_id).exists()
            )
        )
        if profile is None:
            return
        hired_on = None
        if made < HIRES:
            hired_on = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        if _run(partial(_hire, profile, company, offer, hired_on)) is not None:
            made += 1


def _hire(
    profile: Profile, company: Actor, offer: Offer, hired_on: date | None
) -> tuple[Match, Dates]:
    """The person applies through the match, the company accepts and confirms the hire on
    `hired_on`; None: accepted these days, the hire still to confirm."""
    person = Actor(user=profile.user)
    match = match_propose(
        actor=person, profile=profile, kind=OpportunityKind.JOB, offer=offer, origin=Origin.PERSON
    )
    match = match_accept(actor=person, match=match, message=MESSAGE, cv=_cv(profile)).match
    if match.application is None:
        raise _LeftOut
    application_examine(actor=company, application=match.application)
    application = application_accept(actor=company, application=match.application)
    today = timezone.localdate()
    if hired_on is None:
        sent, decided = _at(today - timedelta(days=12), 10), _at(today - timedelta(days=2), 15)
        offers_demo.date_back_application(application, sent=sent, decided=decided)
        return match, Dates(created=sent - timedelta(minutes=15), person=sent, other=decided)
    application_confirm_hire(actor=company, application=application)
    sent = _at(hired_on - timedelta(days=30), 10)
    decided = _at(hired_on - timedelta(days=9), 15)
    hired = _at(hired_on, 11)
    offers_demo.date_back_application(application, sent=sent, decided=decided, hired=hired)
    return match, Dates(
        created=sent - timedelta(minutes=15), person=sent, other=decided, successful=hired
    )


def _mentoring(next_person: Picker, learner: Profile | None, rng: random.Random) -> None:
    """Matches on the pairs the mentoring demo formed over the past months (the demo learner's
    first), then waiting for the federation, proposed, and one declined by the person. The pairs
    and requests stay those of partnerships' seeder (its tests picture them)."""
    pairs = {
        pair.mentee.learner_id: pair
        for pair in MentoringPair.objects.active()
        .select_related("mentee", "mentor")
        .order_by("started_at", "pk")
    }
    first = [learner] if learner is not None else []
    formed = 0
    while formed < PAIRS_FORMED:
        profile = first.pop() if first else next_person(lambda p: p.user_id in pairs)
        if profile is None:
            break
        if profile.user_id in pairs:
            formed += _run(partial(_paired, profile, pairs[profile.user_id], rng)) is not None
    for _n in range(MENTORING_WAITING):
        profile = next_person(
            lambda p: MenteeRequest.objects.waiting().filter(learner_id=p.user_id).exists()
        )
        if profile is not None:
            _run(partial(_mentor_match, profile, "waiting", rng))
    for state in ("proposed",) * MENTORING_PROPOSED + ("declined",) * MENTORING_DECLINED:
        profile = next_person(lambda p: live_request(p.user_id) is None)
        if profile is not None:
            _run(partial(_mentor_match, profile, state, rng))


def _paired(profile: Profile, pair: MentoringPair, rng: random.Random) -> tuple[Match, Dates]:
    """The person had accepted Lakou's suggestion of this mentor before the federation formed
    the pair: the match is made now and moved by `mentoring_pair_formed`, the service the
    receiver of the pair's creation calls (signals.py), then dated before the pair."""
    person = Actor(user=profile.user)
    match = match_propose(
        actor=person,
        profile=profile,
        kind=OpportunityKind.MENTORING,
        mentor=pair.mentor,
        origin=Origin.ENGINE,
        score=round(rng.uniform(0.5, 0.9), 3),
    )
    match_accept(actor=person, match=match)
    mentoring_pair_formed(mentor_id=pair.mentor_id, learner_id=profile.user_id)
    started = pair.started_at
    return match, Dates(
        created=started - timedelta(days=12),
        person=started - timedelta(days=11),
        other=started,
        successful=started,
    )


def _mentor_match(profile: Profile, state: str, rng: random.Random) -> tuple[Match, None] | None:
    """waiting: accepted by the person, whose request waits for the federation; proposed;
    declined by the person."""
    mentor = _mentor_for(live_request(profile.user_id), rng)
    if mentor is None:
        return None
    person = Actor(user=profile.user)
    match = match_propose(
        actor=person,
        profile=profile,
        kind=OpportunityKind.MENTORING,
        mentor=mentor,
        origin=Origin.ENGINE,
        score=round(rng.uniform(0.5, 0.9), 3),
    )
    if state == "declined":
        return match_decline(actor=person, match=match, reason=MENTORING_REASON), None
    if state == "waiting":
        match = match_accept(actor=person, match=match).match
    return match, None


def _mentor_for(request: MenteeRequest | None, rng: random.Random) -> MentorProfile | None:
    """The best mentor with a place left for the request (as the federation's list ranks them);
    without a request, an active mentor with a place left."""
    if request is not None:
        choices = mentor_choices(request)
        return choices[0][0] if choices else None
    open_mentors = [
        mentor
        for mentor in MentorProfile.objects.filter(is_active=True).order_by("pk")
        if mentor.pairs.active().count() < mentor.capacity
    ]
    return rng.choice(open_mentors) if open_mentors else None
