"""Opportunities in two communes with centroids (the engine needs them for travel), visible and
hidden profiles, through the other apps' services."""

from __future__ import annotations

from typing import Any

from lakou.accounts.models import Organisation, User
from lakou.matching.models import Profile
from lakou.matching.services.opportunities import opportunity_table_clear
from lakou.matching.services.profiles import profile_set_visibility
from lakou.partnerships.models import Offer
from lakou.territory.models import Commune
from lakou.training.models import Session
from tests.accounts.factories import UserFactory
from tests.matching.factories_profiles import make_profile, person
from tests.partnerships.factories_offers import company_actor, make_offer
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme, make_session

CENTROIDS = {
    "97209": ("Fort-de-France", 14.616, -61.06),
    "97213": ("Le Lamentin", 14.61, -60.99),
    "97226": ("Sainte-Anne", 14.44, -60.88),
}


def commune(code: str = "97209") -> Commune:
    name, lat, lon = CENTROIDS[code]
    found = CommuneFactory(insee_code=code, name=name)
    Commune.objects.filter(pk=found.pk).update(centroid_lat=lat, centroid_lon=lon)
    found.centroid_lat, found.centroid_lon = lat, lon
    return found


def training_session(
    provider: Organisation | None = None, *, title: str = "Développeur web", **fields: Any
) -> Session:
    programme = make_programme(provider=provider, title=title, fundings=("cpf", "free"))
    fields.setdefault("commune", commune("97213"))
    session = make_session(programme, **fields)
    opportunity_table_clear()
    return session


def placement_offer(company: Organisation | None = None, **fields: Any) -> Offer:
    actor = company_actor(company) if company is not None else company_actor()
    fields.setdefault("commune", commune("97213"))
    offer = make_offer(actor, **fields)
    opportunity_table_clear()
    return offer


def seeker(
    user: User | None = None, *, visible: bool = True, first_name: str = "Maëva", **fields: Any
) -> Profile:
    user = user or UserFactory(first_name=first_name, last_name="Joseph")
    fields.setdefault("commune", commune("97209"))
    fields.setdefault("max_travel_minutes", 60)
    profile = make_profile(user, **fields)
    if visible:
        profile = profile_set_visibility(actor=person(user), profile=profile, visible=True)
    return profile
