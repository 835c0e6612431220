"""Demo acts: the collective acts of the past workshops with attendance (through
`workshop_acts_sync`), then a year of individual acts for the active mediators, a few a week each,
in the venues of their communes, at home or on the phone: seniors' smartphones, e-mail, health
and bank websites, scams; some business owners. Age bands lean old. Most acts are logged the
same day; a few late (most accepted by the federation, three waiting), and two overlaps are left
for « Actes à vérifier ».

Past acts are written with `bulk_create` (no service accepts a logging date in the past), in
slots that never overlap one another nor the mediator's workshops.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from lakou.accounts.models import Membership, Organisation, User
from lakou.core.demo import Scale
from lakou.mediation.models import (
    Act,
    ActKind,
    AgeBand,
    Autonomy,
    Equipment,
    Mediator,
    MediatorStatus,
    Outcome,
    PlaceType,
    ProcedureTheme,
    RedirectStructure,
    Registration,
    Situation,
    Theme,
    Venue,
    Workshop,
)
from lakou.mediation.services.acts import is_trained, late_limit, workshop_acts_sync
from lakou.territory.models import Commune
from lakou.training.models import Programme

WEEKS = 52
# Slots of an hour and a half: acts of at most 90 minutes never overlap one another.
SLOTS = (time(9, 0), time(10, 30), time(14, 0), time(15, 30))
DURATIONS = (15, 30, 30, 45, 45, 60, 60, 90)
AGE_BANDS = (
    (AgeBand.SEVENTY_PLUS, 34),
    (AgeBand.SIXTIES, 30),
    (AgeBand.FORTIES_FIFTIES, 16),
    (AgeBand.TWENTY_FIVE, 8),
    (AgeBand.EIGHTEEN, 4),
    (AgeBand.UNKNOWN, 8),
)
SENIOR_THEMES = (
    (Theme.DEVICE, 30),
    (Theme.EMAIL, 16),
    (Theme.SOCIAL, 14),  # WhatsApp and video calls with the family
    (Theme.HEALTH, 14),  # ameli, Doctolib
    (Theme.BANKING, 10),
    (Theme.SECURITY, 10),  # scams
    (Theme.BROWSING, 10),
    (Theme.CULTURE, 3),
)
BUSINESS_THEMES = (
    (Theme.ENTREPRENEURSHIP, 40),
    (Theme.OFFICE, 25),
    (Theme.EMPLOYMENT, 15),
    (Theme.SECURITY, 10),
    (Theme.CREATING, 10),
)
PROCEDURES = (
    (ProcedureTheme.SOCIAL_HEALTH, 35),
    (ProcedureTheme.MONEY, 25),
    (ProcedureTheme.PAPERS, 20),
    (ProcedureTheme.HOUSING, 10),
    (ProcedureTheme.TRANSPORT, 10),
)
PLACES = ((PlaceType.VENUE, 72), (PlaceType.HOME, 12), (PlaceType.REMOTE, 10), (PlaceType.OTHER, 6))
OUTCOMES = ((Outcome.AUTONOMOUS, 45), (Outcome.FOLLOW_UP, 40), (Outcome.REDIRECTED, 15))
AUTONOMY = ((Autonomy.ACCOMPANIED, 45), (Autonomy.PARTLY, 40), (Autonomy.AUTONOMOUS, 15))
LATE_SHARE = 0.03
WAITING_LATE = 3


def _pick[T](rng: random.Random, weighted: tuple[tuple[T, int], ...]) -> T:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _at(day: date, slot: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, slot))


def _approver() -> User | None:
    membership = (
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.FEDERATION)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _workshop_acts(rng: random.Random) -> dict[int, list[tuple[datetime, datetime]]]:
    """The acts of the held workshops, logged on the day as attendance is; their times by mediator."""
    now = timezone.now()
    held = (
        Workshop.objects.filter(
            starts_at__lt=now,
            status=Workshop.Status.PUBLISHED,
            registrations__status=Registration.Status.CONFIRMED,
            registrations__attended=True,
        )
        .distinct()
        .select_related("venue__commune", "topic")
        .prefetch_related("mediators")
    )
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    logged = []
    for workshop in held:
        for act in workshop_acts_sync(workshop):
            act.logged_at = act.ends_at + timedelta(hours=rng.randint(0, 20))
            logged.append(act)
            busy[act.mediator_id].append((act.starts_at, act.ends_at))
    Act.objects.bulk_update(logged, ["logged_at"], batch_size=500)
    return busy


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Act.objects.exists():
        return _counts()
    busy = _workshop_acts(rng)
    mediators = list(
        Mediator.objects.filter(status=MediatorStatus.ACTIVE)
        .prefetch_related("communes_served")
        .select_related("home_commune")
        .order_by("pk")
    )
    venues_by_commune: dict[int, list[Venue]] = defaultdict(list)
    for venue in Venue.objects.published().order_by("pk"):
        venues_by_commune[venue.commune_id].append(venue)
    programmes = list(Programme.objects.published().order_by("pk")[:20])
    now = timezone.now()
    today = timezone.localdate(now)
    acts: list[Act] = []
    for mediator in mediators:
        trained = is_trained(mediator)
        communes = list(mediator.communes_served.all()) or [mediator.home_commune]
        venues = [v for c in communes for v in venues_by_commune.get(c.pk, [])]
        since = max(
            today - timedelta(weeks=WEEKS),
            timezone.localdate(mediator.status_changed_at or mediator.created_at),
        )
        taken = busy.get(mediator.pk, [])
        for week in range(WEEKS + 1):
            monday = today - timedelta(days=today.weekday(), weeks=week)
            for _n in range(rng.randint(1, 4)):
                day = monday + timedelta(days=rng.randint(0, 4))
                slot = rng.choice(SLOTS)
                duration = rng.choice(DURATIONS)
                starts_at = _at(day, slot)
                ends_at = starts_at + timedelta(minutes=duration)
                if day < since or ends_at > now:
                    continue
                if any(s < ends_at and starts_at < e for s, e in taken):
                    continue
                taken.append((starts_at, ends_at))
                acts.append(
                    _act(rng, mediator, communes, venues, programmes, trained, starts_at, duration)
                )
    _logging_times(rng, acts, now, _approver())
    logged = [act.logged_at for act in acts]
    Act.objects.bulk_create(acts, batch_size=500)
    # `logged_at` is written on creation: put back the moments the acts were logged.
    for act, moment in zip(acts, logged, strict=True):
        act.logged_at = moment
    Act.objects.bulk_update(acts, ["logged_at"], batch_size=500)
    _overlaps(acts, now)
    return _counts()


def _act(
    rng: random.Random,
    mediator: Mediator,
    communes: list[Commune],
    venues: list[Venue],
    programmes: list[Programme],
    trained: bool,
    starts_at: datetime,
    duration: int,
) -> Act:
    age = _pick(rng, AGE_BANDS)
    business = age in (AgeBand.TWENTY_FIVE, AgeBand.FORTIES_FIFTIES) and rng.random() < 0.5
    themes = {_pick(rng, BUSINESS_THEMES if business else SENIOR_THEMES)}
    if rng.random() < 0.35:
        themes.add(_pick(rng, BUSINESS_THEMES if business else SENIOR_THEMES))
    procedures = (
        [_pick(rng, PROCEDURES)] if trained and not business and rng.random() < 0.25 else []
    )
    place = _pick(rng, PLACES) if venues else rng.choice((PlaceType.HOME, PlaceType.REMOTE))
    venue = rng.choice(venues) if place == PlaceType.VENUE else None
    outcome = _pick(rng, OUTCOMES)
    programme, structure = None, ""
    if outcome == Outcome.REDIRECTED:
        if programmes and rng.random() < 0.4:
            programme = rng.choice(programmes)
        else:
            structure = rng.choice(
                (
                    RedirectStructure.PROCEDURES,
                    RedirectStructure.OPERATOR,
                    RedirectStructure.MEDIATION,
                )
            )
    if age in (AgeBand.SEVENTY_PLUS, AgeBand.SIXTIES):
        situation = Situation.RETIRED if rng.random() < 0.85 else Situation.UNKNOWN
    elif business:
        situation = Situation.EMPLOYED
    else:
        situation = rng.choice((Situation.JOBLESS, Situation.EMPLOYED, Situation.UNKNOWN))
    equipment = [
        Equipment.PHONE
        if rng.random() < 0.65
        else rng.choice((Equipment.COMPUTER, Equipment.TABLET))
    ]
    return Act(
        mediator=mediator,
        kind=ActKind.INDIVIDUAL,
        starts_at=starts_at,
        duration_minutes=duration,
        place_type=place,
        venue=venue,
        commune=venue.commune if venue else rng.choice(communes),
        themes=sorted(str(t) for t in themes),
        procedure_themes=[str(p) for p in procedures],
        equipment=[str(e) for e in equipment],
        participants=1,
        outcome=outcome,
        autonomy=_pick(rng, AUTONOMY),
        redirected_programme=programme,
        redirected_structure=structure,
        age_band=age,
        situation=situation,
        first_time=None if rng.random() < 0.1 else rng.random() < 0.45,
        logged_by_id=mediator.user_id,
    )


def _logging_times(
    rng: random.Random, acts: list[Act], now: datetime, approver: User | None
) -> None:
    """Most acts logged within the hour or the next day; a few late, accepted but the last ones."""
    recent = now - timedelta(days=60)
    waiting = 0
    for act in sorted(acts, key=lambda a: a.starts_at, reverse=True):
        if rng.random() < LATE_SHARE:
            act.logged_at = act.ends_at + timedelta(days=late_limit() + rng.randint(1, 12))
            if act.logged_at > now:
                act.logged_at = act.ends_at + timedelta(hours=2)
                continue
            if waiting < WAITING_LATE and act.starts_at > recent:
                waiting += 1
            else:
                act.late_approved_at = min(act.logged_at + timedelta(days=rng.randint(1, 4)), now)
                act.late_approved_by = approver
            continue
        late = timedelta(hours=rng.choice((0, 0, 0, 1, 5, 20, 30)), minutes=rng.randint(2, 50))
        act.logged_at = min(act.ends_at + late, now)


def _overlaps(acts: list[Act], now: datetime) -> None:
    """Two acts of the last month logged twice by mistake, a quarter of an hour apart."""
    recent = [a for a in acts if now - timedelta(days=30) < a.starts_at < now - timedelta(days=2)]
    seen: set[int] = set()
    doubles: list[Act] = []
    for act in recent:
        if act.mediator_id in seen or len(doubles) == 2:
            continue
        seen.add(act.mediator_id)
        double = Act.objects.get(pk=act.pk)
        double.pk = None
        double.starts_at = act.starts_at + timedelta(minutes=15)
        double.logged_at = act.logged_at
        doubles.append(double)
    Act.objects.bulk_create(doubles)
    for double in doubles:
        Act.objects.filter(pk=double.pk).update(logged_at=double.starts_at + timedelta(hours=3))


def _counts() -> dict[str, int]:
    live = Act.objects.live()
    return {
        "actes de médiation": live.count(),
        "actes d'ateliers": live.filter(workshop__isnull=False).count(),
    }
