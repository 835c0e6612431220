"""Mediators and their applications: the DigComp areas and communes they choose, the actors who
handle them (the federation, an EPCI), and mediators written directly at a given status."""

from __future__ import annotations

from typing import Any

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.mediation.models import Compensation, Mediator, MediatorKind, MediatorStatus
from lakou.mediation.services.mediators import MediatorApplication
from lakou.skills.models import Area
from lakou.territory.models import Commune, Epci
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.skills.factories import AreaFactory
from tests.territory.factories import CommuneFactory, EpciFactory

AREAS = [
    ("1", "Informations et données"),
    ("2", "Communication et collaboration"),
    ("3", "Création de contenus numériques"),
    ("4", "Sécurité"),
    ("5", "Résolution de problèmes"),
]


def digcomp_areas() -> list[Area]:
    """The five DigComp areas, as the reference data loads them."""
    return [AreaFactory(code=code, name_fr=name, position=int(code)) for code, name in AREAS]


def fort_de_france() -> Commune:
    return CommuneFactory()


def lamentin() -> Commune:
    return CommuneFactory(lamentin=True)


def marigot() -> Commune:
    """A commune of CAP Nord, outside the CACEM of the other two."""
    return CommuneFactory(marigot=True)


def federation_actor() -> Actor:
    membership = MembershipFactory(
        user=UserFactory(email="coordination@federation.mq"),
        organisation=OrganisationFactory(federation=True),
    )
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def epci_actor(epci: Epci | None = None) -> Actor:
    """Staff of the EPCI (the CACEM by default), whose organisation stands for it."""
    organisation = OrganisationFactory(epci=True, name="CACEM")
    organisation.epci = epci or EpciFactory()  # `epci=` is the factory's trait, not the field
    organisation.save(update_fields=["epci"])
    membership = MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def town_hall_actor() -> Actor:
    """An agent of the town hall of Le Lamentin."""
    organisation = OrganisationFactory(town_hall=True, commune=lamentin())
    membership = MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def application(**fields: Any) -> MediatorApplication:
    """What a newcomer writes on the form: an association's employee in Fort-de-France."""
    values: dict[str, Any] = {
        "first_name": "Rosette",
        "last_name": "Ursulet",
        "email": "rosette.ursulet@exemple.mq",
        "phone": "0696 12 34 56",
        "kind": MediatorKind.ASSOCIATION,
        "home_commune": fort_de_france(),
        "communes_served": (fort_de_france(), lamentin()),
        "topics": tuple(digcomp_areas()[:2]),
        "speaks_french": True,
        "speaks_creole": True,
        "weekly_hours": 6,
        "compensation": Compensation.PER_ACT,
        "motivation": "J'aide déjà les anciens de mon quartier.",
    }
    values.update(fields)
    return MediatorApplication(**values)


def make_mediator(
    user: User | None = None,
    *,
    status: str = MediatorStatus.APPLICANT,
    served: tuple[Commune, ...] | None = None,
    topics: tuple[Area, ...] | None = None,
    **fields: Any,
) -> Mediator:
    """A mediator written directly at `status`, without its e-mails or audit."""
    values: dict[str, Any] = {
        "user": user or UserFactory(first_name="Joël", last_name="Sainte-Luce"),
        "kind": MediatorKind.RETIREE,
        "phone": "+596696987654",
        "home_commune": fort_de_france(),
        "weekly_hours": 4,
        "compensation": Compensation.VOLUNTEER,
        "status": status,
        "motivation": "Retraité de La Poste, j'ai envie de transmettre.",
    }
    values.update(fields)
    mediator = Mediator.objects.create(**values)
    mediator.communes_served.set(served if served is not None else (values["home_commune"],))
    mediator.topics.set(topics if topics is not None else digcomp_areas()[:1])
    return mediator
