"""Profiles, occupations with programmes and offers, sessions and saved plans for the advice
tests, built through the other apps' services where they exist."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.matching.models import CompetenceSource, Profile, ProfileCompetence, SavedPlan
from lakou.matching.services.advice import plan_save
from lakou.skills.models import Competence, Occupation, ProficiencyLevel
from lakou.territory.models import Commune
from lakou.training.models import Programme, Session
from tests.skills.factories import CompetenceFactory, OccupationFactory, ProficiencyLevelFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme, make_session

FORT_DE_FRANCE = (14.6161, -61.0588)
LAMENTIN = (14.6130, -60.9997)
SAINTE_ANNE = (14.4340, -60.8800)


def commune(
    insee: str = "97209", name: str = "Fort-de-France", at: tuple[float, float] = FORT_DE_FRANCE
) -> Commune:
    place = CommuneFactory(insee_code=insee, name=name)
    place.centroid_lat, place.centroid_lon = at
    place.save(update_fields=["centroid_lat", "centroid_lon"])
    return place


def level(rank: int) -> ProficiencyLevel:
    return ProficiencyLevelFactory(rank=rank, code=str(rank))


def competence(code: str, name: str) -> Competence:
    return CompetenceFactory(code=code, name_fr=name)


def make_profile(user: User, *, place: Commune | None = None, **fields: Any) -> Profile:
    """The user's profile (made once: a second call returns it, updated with `fields`)."""
    values: dict[str, Any] = {
        "commune": place or commune(),
        "situation": "job_seeker",
        "mobility": "car",
        "max_travel_minutes": 45,
    }
    values.update(fields)
    profile, _created = Profile.objects.update_or_create(user=user, defaults=values)
    return profile


def hold(
    profile: Profile, comp: Competence, rank: int, *, source: str = CompetenceSource.SELF
) -> None:
    ProfileCompetence.objects.create(profile=profile, competence=comp, level=rank, source=source)


def teaching_programme(
    occupation: Occupation, teaches: list[tuple[Competence, int]], **fields: Any
) -> Programme:
    values: dict[str, Any] = {"fundings": ("region",), "format": "in_person"}
    values.update(fields)
    return make_programme(
        competences=tuple((c, level(rank)) for c, rank in teaches),
        occupations=(occupation,),
        **values,
    )


def open_session(programme: Programme, *, place: Commune | None = None, **fields: Any) -> Session:
    if not fields.get("is_remote"):
        fields.setdefault("commune", place or commune())
    return make_session(programme, **fields)


class Scenario:
    """A web developer occupation: two competences, a programme teaching both, an open session
    in Fort-de-France, a person in Fort-de-France holding neither."""

    def __init__(self, user: User, *, code: str = "M1805") -> None:
        self.place = commune()
        self.occupation = OccupationFactory(code_rome=code, label="Développeur / Développeuse web")
        self.html = competence("9.1", "Développement web")
        self.security = competence("9.2", "Sécurité")
        self.programme = teaching_programme(
            self.occupation,
            [(self.html, 3), (self.security, 3)],
            title="Développeur web",
            price=Decimal("900.00"),
            duration_hours=35,
        )
        self.session = open_session(self.programme, place=self.place)
        self.profile = make_profile(user, place=self.place, fundings=["region"])

    def save_plan(self, *, shared: bool = False) -> SavedPlan:
        plan = plan_save(actor=Actor(user=self.profile.user), occupation=self.occupation)
        if shared:
            SavedPlan.objects.filter(pk=plan.pk).update(shared_with_advisers=True)
            plan.refresh_from_db()
        return plan
