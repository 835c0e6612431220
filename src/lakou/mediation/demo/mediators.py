"""Demo mediators: about forty people of every kind and status (fewer at a small scale), living
in every commune, each serving a few communes of their EPCI in one to three DigComp areas. The
demo account mediation@lakou.test is an active mediator of its association.

They apply through the service, as the public form does, and the federation moves them along
their statuses through the service too; their dates are then set back over the past eighteen
months. Nothing is e-mailed while seeding.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import timedelta

from django.utils import timezone

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import ANONYMOUS, Actor
from lakou.core.demo import Scale, person_name
from lakou.core.notifications import emails_held_back
from lakou.mediation.models import Compensation, Mediator, MediatorKind, MediatorStatus
from lakou.mediation.services.mediators import (
    EMPLOYER_KINDS,
    MediatorApplication,
    mediator_apply,
    mediator_move,
    topic_areas,
)
from lakou.skills.models import Area
from lakou.territory.models import Commune

MEDIATOR_ACCOUNT = f"mediation@{DEMO_DOMAIN}"

# The statuses a mediator goes through to reach each one.
PATHS = {
    MediatorStatus.APPLICANT: (),
    MediatorStatus.IN_TRAINING: (MediatorStatus.IN_TRAINING,),
    MediatorStatus.ACTIVE: (MediatorStatus.IN_TRAINING, MediatorStatus.ACTIVE),
    MediatorStatus.PAUSED: (
        MediatorStatus.IN_TRAINING,
        MediatorStatus.ACTIVE,
        MediatorStatus.PAUSED,
    ),
    MediatorStatus.LEFT: (MediatorStatus.IN_TRAINING, MediatorStatus.ACTIVE, MediatorStatus.LEFT),
}
STATUS_WEIGHTS = {
    MediatorStatus.APPLICANT: 4,
    MediatorStatus.IN_TRAINING: 3,
    MediatorStatus.ACTIVE: 9,
    MediatorStatus.PAUSED: 2,
    MediatorStatus.LEFT: 2,
}
KIND_WEIGHTS = {
    MediatorKind.ASSOCIATION: 4,
    MediatorKind.EMPLOYEE: 3,
    MediatorKind.FREELANCER: 2,
    MediatorKind.RETIREE: 3,
}
MOTIVATIONS = [
    "J'aide déjà les anciens de mon quartier avec leur téléphone et leurs démarches en ligne.",
    "Ancienne secrétaire de mairie, je connais bien les démarches : je veux aider ceux qui "
    "n'osent pas demander.",
    "Je travaille dans l'informatique et je veux rendre service à ma commune quelques heures "
    "par semaine.",
    "Animatrice dans une association de quartier, je vois chaque jour des familles perdues "
    "devant les formulaires en ligne.",
    "Retraité de La Poste, j'ai envie de transmettre et de rester utile.",
    "Je parle créole avec les personnes âgées : cela les met en confiance pour apprendre.",
    "Mon entreprise me met à disposition deux demi-journées par mois pour la médiation.",
    "Je veux accompagner les jeunes qui cherchent un emploi à faire leur CV et leurs "
    "candidatures en ligne.",
]


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Mediator.objects.exists():
        return _counts()
    communes = list(Commune.objects.order_by("insee_code"))
    areas = list(topic_areas())
    federation = (
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.FEDERATION)
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    if not communes or not areas or federation is None:
        return _counts()
    staff = _actor(federation)
    with emails_held_back():
        own = _demo_account(rng, communes, areas, staff)
        _network(rng, scale, communes, areas, staff, start=1 if own else 0)
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "médiateurs et médiatrices": Mediator.objects.count(),
        "médiateurs actifs": Mediator.objects.active().count(),
    }


def _actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def mediator_count(scale: Scale) -> int:
    """Forty for the demo, a dozen for a small one, at most 150 for the whole island."""
    return min(150, max(12, scale.people // 15))


def _demo_account(
    rng: random.Random, communes: list[Commune], areas: list[Area], staff: Actor
) -> Mediator | None:
    """The demo mediator account, active, for its association."""
    membership = (
        Membership.objects.active()
        .filter(user__email=MEDIATOR_ACCOUNT, organisation__kind=Organisation.Kind.ASSOCIATION)
        .select_related("organisation", "user")
        .first()
    )
    if membership is None:
        return None
    user = membership.user
    home = membership.organisation.commune or communes[0]
    mediator = mediator_apply(
        actor=_actor(membership),
        application=MediatorApplication(
            first_name=user.first_name,
            last_name=user.last_name,
            phone="0696 45 12 78",
            kind=MediatorKind.ASSOCIATION,
            employer=membership.organisation,
            home_commune=home,
            communes_served=tuple(_served(rng, home, communes)),
            topics=tuple(areas[:3]),
            speaks_french=True,
            speaks_creole=True,
            weekly_hours=20,
            compensation=Compensation.PER_ACT,
            motivation=MOTIVATIONS[3],
        ),
    )
    _move_along(mediator, PATHS[MediatorStatus.ACTIVE], staff)
    _date_back(rng, mediator)
    return mediator


def _network(
    rng: random.Random,
    scale: Scale,
    communes: list[Commune],
    areas: list[Area],
    staff: Actor,
    *,
    start: int,
) -> None:
    count = mediator_count(scale)
    companies = list(Organisation.objects.companies().filter(is_closed=False).order_by("pk")[:200])
    associations = list(
        Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).order_by("pk")
    )
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    weights = [c.population or 1 for c in communes]
    for index in range(start, count):
        # The first ones take each status, each kind and each commune in turn: all appear.
        n = index - start
        status = statuses[n] if n < len(statuses) else _pick(rng, statuses, status_weights)
        kind = kinds[n % len(kinds)] if n < 2 * len(kinds) else _pick(rng, kinds, kind_weights)
        home = communes[n] if n < len(communes) else rng.choices(communes, weights)[0]
        first, last = person_name(rng)
        french = rng.random() < 0.95
        employer = None
        if kind == MediatorKind.EMPLOYEE and companies:
            employer = rng.choice(companies)
        elif kind == MediatorKind.ASSOCIATION and associations:
            employer = rng.choice(associations)
        mediator = mediator_apply(
            actor=ANONYMOUS,
            application=MediatorApplication(
                first_name=first,
                last_name=last,
                # Their own subdomain: the seeders that pick "demo people" among the
                # @lakou.test accounts without an organisation (mentees) leave them out.
                email=f"{_slug(first, last)}.{index}@mediateurs.{DEMO_DOMAIN}",
                phone=f"{rng.choice(['0696', '0697'])}{rng.randrange(10**6):06d}",
                kind=kind,
                employer=employer if kind in EMPLOYER_KINDS else None,
                home_commune=home,
                communes_served=tuple(_served(rng, home, communes)),
                topics=tuple(
                    sorted(rng.sample(areas, rng.randint(1, min(3, len(areas)))), key=_position)
                ),
                speaks_french=french,
                speaks_creole=not french or rng.random() < 0.7,
                weekly_hours=rng.choice([2, 4, 4, 6, 8, 10, 15, 20, 35]),
                compensation=_compensation(rng, kind, n),
                motivation=rng.choice(MOTIVATIONS),
            ),
        )
        _move_along(mediator, _path(rng, status), staff)
        _date_back(rng, mediator)


def _path(rng: random.Random, status: str) -> tuple[str, ...]:
    """The statuses to go through; some who left were applicants the federation did not keep."""
    if status == MediatorStatus.LEFT and rng.random() < 0.4:
        return (MediatorStatus.LEFT,)
    return PATHS[MediatorStatus(status)]


def _pick[T](rng: random.Random, values: list[T], weights: list[int]) -> T:
    return rng.choices(values, weights)[0]


def _position(area: Area) -> tuple[int, str]:
    return area.position, area.code


def _compensation(rng: random.Random, kind: str, n: int) -> str:
    if n < 2:  # both kinds of compensation appear whatever the draw
        return [Compensation.PER_ACT, Compensation.VOLUNTEER][n]
    if kind == MediatorKind.RETIREE:
        return Compensation.VOLUNTEER
    if kind == MediatorKind.FREELANCER:
        return Compensation.PER_ACT
    return Compensation.PER_ACT if rng.random() < 0.6 else Compensation.VOLUNTEER


def _served(rng: random.Random, home: Commune, communes: list[Commune]) -> list[Commune]:
    """The home commune and up to three others of the same EPCI."""
    neighbours = [c for c in communes if c.epci_id == home.epci_id and c.pk != home.pk]
    chosen = rng.sample(neighbours, rng.randint(0, min(3, len(neighbours))))
    return sorted([home, *chosen], key=lambda c: c.insee_code)


def _move_along(mediator: Mediator, path: tuple[str, ...], staff: Actor) -> None:
    for step in path:
        mediator_move(actor=staff, mediator=mediator, to=step)


def _date_back(rng: random.Random, mediator: Mediator) -> None:
    """An application of the past eighteen months; the last status change some weeks after."""
    now = timezone.now()
    applied = now - timedelta(days=rng.randint(20, 540), hours=rng.randint(0, 23))
    changed = None
    if mediator.status != MediatorStatus.APPLICANT:
        changed = min(now, applied + timedelta(days=rng.randint(10, 200)))
    Mediator.objects.filter(pk=mediator.pk).update(created_at=applied, status_changed_at=changed)


def _slug(first: str, last: str) -> str:
    text = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode()
    return text.lower().replace(" ", "-").replace("'", "")
