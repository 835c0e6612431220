"""Demo catalogue: programmes and sessions of the demo training providers, some labelled.

Each programme teaches the competences of PROGRAMME_COMPETENCES at a level (DigComp 1–8, e-CF
e-1 to e-5): the demo's choices, plausible for the programme and its ROME occupations, not an
official table (the orientation advice derives an occupation's requirements from them)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.skills.models import Competence, Occupation, ProficiencyLevel
from lakou.territory.models import Commune
from lakou.training.models import Audience, EntryLevel, Format, Funding, Programme, Session
from lakou.training.services.catalogue import (
    ProgrammeData,
    SessionData,
    programme_create,
    programme_label,
    programme_refuse_label,
    programme_submit_for_label,
    session_create,
)

# (title, domain, hours, ROME codes, certification code): short, tied to real jobs.
TEMPLATES = [
    ("Développeur web et web mobile", "web", 600, ("M1805",), "RNCP37674"),
    ("Analyste en cybersécurité", "cybersecurity", 450, ("M1844",), "RNCP36924"),
    ("Administrateur systèmes et cloud", "cloud", 500, ("M1810",), "RNCP36061"),
    ("Data analyst", "data", 400, ("M1419",), "RNCP37429"),
    ("Technicien réseaux et fibre", "networks", 350, ("M1810",), ""),
    ("Premiers pas avec la tablette", "digital_basics", 12, (), ""),
    ("Bureautique : tableur et traitement de texte", "office", 35, (), "RS5793"),
    ("Designer UX/UI", "design", 420, (), "RNCP35634"),
    ("Sensibilisation à la cybersécurité pour TPE", "cybersecurity", 14, (), ""),
    ("Démarches en ligne et sécurité du quotidien", "digital_basics", 20, (), ""),
]
# What each programme covers, in the words people search with (« internet », « smartphone »).
CONTENTS = {
    "Premiers pas avec la tablette": (
        "Allumer et régler sa tablette ou son smartphone, naviguer sur internet, "
        "envoyer un message et une photo à ses proches."
    ),
    "Démarches en ligne et sécurité du quotidien": (
        "Créer ses comptes en ligne (impôts, santé, CAF), reconnaître un message frauduleux, "
        "protéger ses mots de passe sur internet et sur son smartphone."
    ),
    "Bureautique : tableur et traitement de texte": (
        "Mettre en forme un courrier, construire un tableau avec des formules, partager un "
        "document sur internet."
    ),
    "Sensibilisation à la cybersécurité pour TPE": (
        "Sauvegardes, mises à jour, hameçonnage, sécurité des smartphones professionnels."
    ),
}
# Title → ("framework:code", level rank) taught: short modules at the foundation levels,
# qualifying programmes at the intermediate and advanced ones, e-CF for the ICT professions.
PROGRAMME_COMPETENCES: dict[str, tuple[tuple[str, int], ...]] = {
    "Développeur web et web mobile": (
        ("digcomp:3.4", 5),
        ("digcomp:3.1", 4),
        ("ecf:B.1", 2),
        ("ecf:B.3", 2),
    ),
    "Analyste en cybersécurité": (
        ("digcomp:4.1", 6),
        ("digcomp:4.2", 5),
        ("ecf:E.8", 2),
        ("ecf:E.3", 2),
    ),
    "Administrateur systèmes et cloud": (
        ("digcomp:5.1", 5),
        ("ecf:B.4", 2),
        ("ecf:C.3", 2),
        ("ecf:E.8", 1),
    ),
    "Data analyst": (("digcomp:1.3", 6), ("digcomp:1.2", 5), ("ecf:D.10", 2)),
    "Technicien réseaux et fibre": (("digcomp:5.1", 4), ("ecf:C.4", 2), ("ecf:C.1", 1)),
    "Premiers pas avec la tablette": (("digcomp:1.1", 2), ("digcomp:2.1", 2), ("digcomp:4.1", 1)),
    "Bureautique : tableur et traitement de texte": (
        ("digcomp:3.1", 3),
        ("digcomp:1.3", 3),
        ("digcomp:2.2", 2),
    ),
    "Designer UX/UI": (("digcomp:3.1", 5), ("digcomp:3.2", 5), ("ecf:A.6", 2)),
    "Sensibilisation à la cybersécurité pour TPE": (("digcomp:4.1", 3), ("digcomp:4.2", 3)),
    "Démarches en ligne et sécurité du quotidien": (
        ("digcomp:2.3", 2),
        ("digcomp:4.2", 2),
        ("digcomp:1.1", 2),
    ),
}
SHORT_AUDIENCES = (Audience.SENIORS, Audience.EVERYONE)
LONG_AUDIENCES = (Audience.CAREER_CHANGERS, Audience.JOB_SEEKERS, Audience.YOUNG_PEOPLE)


def _actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Programme.objects.exists():
        return {"programmes": Programme.objects.count(), "sessions": Session.objects.count()}
    providers = list(
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.PROVIDER, role=Membership.Role.ADMIN)
        .select_related("organisation", "user")
        .order_by("organisation__name", "pk")
    )
    federation = (
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.FEDERATION)
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    communes = list(Commune.objects.order_by("insee_code"))
    if not providers or not communes:
        return {"programmes": 0, "sessions": 0}
    occupations = {o.code_rome: o for o in Occupation.objects.filter(code_rome__in=_rome_codes())}
    competences = {
        f"{c.framework.code}:{c.code}": c for c in Competence.objects.select_related("framework")
    }
    levels = {
        (level.framework.code, level.rank): level
        for level in ProficiencyLevel.objects.select_related("framework")
    }
    today = dt.date.today()
    seen: set[int] = set()
    sessions = 0
    for membership in providers:
        if membership.organisation_id in seen:
            continue
        seen.add(membership.organisation_id)
        actor = _actor(membership)
        for title, domain, hours, romes, code in rng.sample(TEMPLATES, k=rng.randint(3, 6)):
            short = hours < 50
            programme = programme_create(
                actor=actor,
                data=ProgrammeData(
                    title=title,
                    objective=f"Acquérir les compétences du métier ou de l'usage : {title.lower()}.",
                    content=CONTENTS.get(
                        title, "Alternance d'apports, d'exercices pratiques et d'un projet final."
                    ),
                    expected_results="Être autonome sur les tâches décrites dans le programme.",
                    domain=domain,
                    format=rng.choice(Format.values),
                    duration_hours=hours,
                    # Short modules are open to beginners; bootcamps ask for the baccalauréat.
                    entry_level=EntryLevel.NONE if short else EntryLevel.LEVEL_4,
                    certification_kind=_certification_kind(code),
                    certification_code=code,
                    certifier="France compétences" if code else "",
                    price=Decimal(0) if short else Decimal(rng.randrange(1500, 7000, 100)),
                    accessibility="Locaux accessibles ; référent handicap joignable sur demande.",
                    is_published=rng.random() < 0.9,
                    audiences=SHORT_AUDIENCES if short else LONG_AUDIENCES,
                    fundings=(Funding.FREE, Funding.REGION)
                    if short
                    else tuple(
                        rng.sample([Funding.CPF, Funding.FRANCE_TRAVAIL, Funding.EMPLOYER], 2)
                    ),
                    competences=_taught(title, competences, levels),
                    occupations=tuple(occupations[c] for c in romes if c in occupations),
                ),
            )
            for _ in range(rng.randint(1, 4)):
                starts_on = today + dt.timedelta(days=rng.randint(-60, 240))
                remote = programme.format == Format.E_LEARNING
                session_create(
                    actor=actor,
                    programme=programme,
                    data=SessionData(
                        starts_on=starts_on,
                        ends_on=starts_on + dt.timedelta(days=max(1, hours // 7)),
                        seats=rng.choice([8, 10, 12, 15, 20]),
                        schedule="Du lundi au vendredi, 8 h 30 – 16 h 30",
                        is_remote=remote,
                        commune=None if remote else rng.choice(communes),
                        venue="" if remote else "Salle de formation",
                        enrolment_deadline=starts_on - dt.timedelta(days=7),
                        status=Session.Status.DONE if starts_on < today else Session.Status.OPEN,
                    ),
                )
                sessions += 1
            if federation is not None and rng.random() < 0.5:
                programme_submit_for_label(actor=actor, programme=programme)
                decision = rng.random()
                if decision < 0.6:
                    programme_label(actor=_actor(federation), programme=programme)
                elif decision < 0.8:
                    programme_refuse_label(
                        actor=_actor(federation),
                        programme=programme,
                        reason="Les modalités d'évaluation des acquis ne sont pas décrites.",
                    )
    return {"programmes": Programme.objects.count(), "sessions": sessions}


def _taught(
    title: str,
    competences: dict[str, Competence],
    levels: dict[tuple[str, int], ProficiencyLevel],
) -> tuple[tuple[Competence, ProficiencyLevel | None], ...]:
    """The programme's competences (PROGRAMME_COMPETENCES) at their level, those loaded."""
    return tuple(
        (competences[key], levels.get((key.split(":")[0], rank)))
        for key, rank in PROGRAMME_COMPETENCES.get(title, ())
        if key in competences
    )


def _rome_codes() -> set[str]:
    return {code for template in TEMPLATES for code in template[3]}


def _certification_kind(code: str) -> str:
    if code.startswith("RNCP"):
        return "rncp"
    return "rs" if code.startswith("RS") else "none"
