"""Orientation profiles built through the services, DigComp's key competences, and certificates
whose programmes teach them."""

from __future__ import annotations

from typing import Any

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.matching.models import Profile
from lakou.matching.services.profiles import KEY_COMPETENCES, ProfileData, profile_save
from lakou.skills.models import Competence, ProficiencyLevel
from lakou.training.models import Certificate, ProgrammeCompetence
from tests.accounts.factories import UserFactory
from tests.skills.factories import AreaFactory, CompetenceFactory, ProficiencyLevelFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    issued_certificate,
)

NAMES = {
    "1.1": "Naviguer, rechercher et filtrer des données",
    "1.2": "Évaluer des données, des informations et des contenus numériques",
    "2.1": "Interagir par les technologies numériques",
    "2.2": "Partager par les technologies numériques",
    "3.1": "Développer des contenus numériques",
    "4.1": "Protéger ses appareils",
    "4.2": "Protéger ses données personnelles et sa vie privée",
    "5.1": "Résoudre des problèmes techniques",
}


def person(user: User | None = None) -> Actor:
    return Actor(user=user or UserFactory())


def digcomp(code: str) -> Competence:
    """A DigComp competence, its area created as needed (codes as in data/digcomp.json)."""
    area = AreaFactory(code=code.split(".")[0], name_fr=f"Domaine {code.split('.')[0]}")
    return CompetenceFactory(
        area=area,
        code=code,
        name_fr=NAMES.get(code, f"Compétence {code}"),
        position=int(code.replace(".", "")),
    )


def key_competences() -> list[Competence]:
    return [digcomp(code) for code in KEY_COMPETENCES]


def level(rank: int) -> ProficiencyLevel:
    return ProficiencyLevelFactory(rank=rank, code=str(rank), name_fr=f"Niveau {rank}")


def make_profile(user: User | None = None, **fields: Any) -> Profile:
    values: dict[str, Any] = {"commune": CommuneFactory(), "situation": "job_seeker"}
    values.update(fields)
    return profile_save(actor=person(user), data=ProfileData(**values))


def certificate_teaching(
    user: User, teaches: dict[str, int | None], *, title: str = "Développeur web"
) -> Certificate:
    """A certificate issued to `user` for a programme teaching `teaches` (DigComp code → level)."""
    programme = certifying_programme(title=title)
    for code, rank in teaches.items():
        ProgrammeCompetence.objects.create(
            programme=programme,
            competence=digcomp(code),
            level=level(rank) if rank is not None else None,
        )
    return issued_certificate(completed_enrolment(programme, learner=user))
