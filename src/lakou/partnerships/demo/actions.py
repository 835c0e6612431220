"""Demo partnership actions: a year of actions of every kind, organised by the federation, the
demo companies and training providers, with partners and their contributions of the three kinds.

Past actions are mostly held (with their figures), some cancelled, a few left « prévues » for the
federation to close; future ones are planned. Hackathon events and placements are other areas'.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.partnerships.models import Action, ActionKind, ContributionKind
from lakou.partnerships.services.actions import (
    ActionData,
    ContributionData,
    action_cancel,
    action_create,
    action_mark_held,
    contribution_add,
    partner_add,
)
from lakou.territory.models import Commune

# (kind, title, hours long, online?): what such actions are called in Martinique.
TEMPLATES = [
    (ActionKind.JOB_DATING, "Job dating des métiers du numérique", 4, False),
    (ActionKind.JOB_DATING, "Job dating alternance : développement et réseaux", 3, False),
    (ActionKind.HACKATHON, "Hackathon « Numérique et tourisme durable »", 48, False),
    (ActionKind.CONTEST, "Concours des jeunes développeurs de Martinique", 6, False),
    (ActionKind.CONTEST, "Trophées de la transformation numérique des TPE", 3, False),
    (
        ActionKind.MENTORING,
        "Programme de mentorat des reconversions vers le numérique",
        24 * 120,
        True,
    ),
    (ActionKind.MENTORING, "Mentorat des apprentis développeurs", 24 * 90, False),
    (
        ActionKind.EXPERT_INTERVENTION,
        "Intervention d'un expert cybersécurité en bootcamp",
        3,
        False,
    ),
    (
        ActionKind.EXPERT_INTERVENTION,
        "Retour d'expérience : la donnée dans la distribution",
        2,
        True,
    ),
    (ActionKind.EXPERT_INTERVENTION, "Atelier cloud animé par un architecte", 4, False),
    (
        ActionKind.POOLED_RESOURCE,
        "Parc d'ordinateurs portables partagé entre organismes",
        24 * 180,
        False,
    ),
    (
        ActionKind.POOLED_RESOURCE,
        "Bibliothèque de cas pratiques d'entreprises martiniquaises",
        24 * 150,
        True,
    ),
    (ActionKind.CHAIR, "Chaire « Compétences numériques des TPE » co-financée", 24 * 300, False),
    (ActionKind.OTHER, "Visite d'entreprise pour les stagiaires d'un bootcamp", 3, False),
    (ActionKind.OTHER, "Petit-déjeuner des employeurs du numérique", 2, False),
]
VENUES = [
    "Salle de conférence",
    "Locaux de l'entreprise",
    "Médiathèque",
    "Campus",
    "Hôtel de ville",
]
IN_KIND = [
    ("Prêt de la salle et du matériel de projection", (300, 1200)),
    ("Repas et boissons des participants", (200, 900)),
    ("10 ordinateurs portables reconditionnés", (1500, 3500)),
    ("Lots pour les lauréats", (300, 1500)),
    ("Impression des supports et affiches", (100, 400)),
]
EXPERTISE = [
    "Heures de mentorat de salariés",
    "Animation par une ingénieure de l'entreprise",
    "Jury et évaluation des projets",
    "Préparation des études de cas",
]
MONEY = ["Mécénat financier", "Participation aux frais d'organisation", "Dotation des prix"]
CANCEL_REASONS = [
    "Alerte météo : vigilance orange pour fortes pluies, la préfecture déconseille les déplacements.",
    "Trop peu d'inscrits à dix jours de la date ; l'action sera reprogrammée.",
    "La salle prévue n'est plus disponible ; aucune autre n'a pu être trouvée à temps.",
]


def _actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _admins(kind: str) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(organisation__kind=kind, role=Membership.Role.ADMIN)
        .select_related("organisation", "user")
        .order_by("organisation__name", "pk")
    )


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Action.objects.exists():
        return {"partnership_actions": Action.objects.count()}
    federations = _admins(Organisation.Kind.FEDERATION)
    communes = list(Commune.objects.order_by("insee_code"))
    if not federations or not communes:
        return {"partnership_actions": 0}
    federation = _actor(federations[0])
    organisers = [
        _actor(m)
        for m in _admins(Organisation.Kind.COMPANY)[:3] + _admins(Organisation.Kind.PROVIDER)[:3]
    ]
    partners = list(
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY, is_closed=False)
        .exclude(siret="")
        .order_by("siret")[:60]
    ) + [m.organisation for m in _admins(Organisation.Kind.PROVIDER)]
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    contributions = 0
    # A year: from about ten months ago to three months ahead, one action every ~2 weeks.
    for index in range(26):
        kind, title, hours, online = TEMPLATES[index % len(TEMPLATES)]
        day = today - dt.timedelta(days=300) + dt.timedelta(days=index * 15 + rng.randint(0, 10))
        starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.choice([9, 14, 18]))))
        ends_at = starts_at + dt.timedelta(hours=hours)
        organiser = federation if not organisers or rng.random() < 0.4 else rng.choice(organisers)
        commune = None if online else rng.choice(communes)
        action = action_create(
            actor=organiser,
            data=ActionData(
                kind=kind,
                title=title if index < len(TEMPLATES) else f"{title} ({day.year})",
                description=(
                    "Une action portée avec les entreprises du territoire pour rapprocher les "
                    "formations au numérique des besoins des employeurs."
                ),
                starts_at=starts_at,
                ends_at=ends_at,
                is_online=online,
                commune=commune,
                venue="" if online else rng.choice(VENUES),
                is_public=rng.random() < 0.85,
            ),
        )
        created += 1
        for partner in rng.sample(partners, k=min(len(partners), rng.randint(1, 3))):
            link = partner_add(
                actor=organiser,
                action=action,
                organisation=partner,
                role=rng.choice(["Mécène", "Accueille l'action", "Fournit les experts", ""]),
            )
            for _ in range(rng.randint(1, 3)):
                contribution_add(
                    actor=organiser,
                    partner=link,
                    data=_contribution(rng, min(day, today)),
                )
                contributions += 1
        if starts_at > now:
            if rng.random() < 0.1:
                action_cancel(actor=organiser, action=action, reason=rng.choice(CANCEL_REASONS))
            continue
        draw = rng.random()
        if ends_at > now or draw < 0.7:
            participants = rng.randint(12, 120) if ends_at <= now else None
            hires = (
                rng.randint(0, max(1, participants // 10))
                if participants and kind in (ActionKind.JOB_DATING, ActionKind.MENTORING)
                else None
            )
            if ends_at <= now:
                action_mark_held(
                    actor=organiser,
                    action=action,
                    participants=participants,
                    hires=hires,
                    outcome_notes="Bonne participation ; les partenaires souhaitent renouveler l'action.",
                )
        elif draw < 0.85:
            action_cancel(actor=organiser, action=action, reason=rng.choice(CANCEL_REASONS))
        # Otherwise the action stays « prévue » although over: the federation's home asks to close it.
    return {"partnership_actions": created, "partnership_contributions": contributions}


def _contribution(rng: random.Random, day: dt.date) -> ContributionData:
    kind = rng.choice(ContributionKind.values)
    if kind == ContributionKind.EXPERTISE:
        return ContributionData(
            kind=kind,
            date=day,
            description=rng.choice(EXPERTISE),
            hours=Decimal(rng.choice([2, 3, 4, 6, 8, 12, 20])),
            hourly_value=Decimal(rng.choice([45, 60, 75, 90])),
        )
    if kind == ContributionKind.IN_KIND:
        description, (low, high) = rng.choice(IN_KIND)
        return ContributionData(
            kind=kind,
            date=day,
            description=description,
            amount=Decimal(rng.randrange(low, high, 50)),
        )
    return ContributionData(
        kind=kind,
        date=day,
        description=rng.choice(MONEY),
        amount=Decimal(rng.randrange(500, 5000, 250)),
    )
