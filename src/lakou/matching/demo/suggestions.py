"""Demo data of the suggestions: a few companies write to visible candidates through Lakou,
and one person answers (so the company sees their e-mail)."""

from __future__ import annotations

import random

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.matching.models import ContactRequest, Profile
from lakou.matching.services.candidates import (
    ContactError,
    contact_answer,
    contact_request_create,
)

MESSAGES = (
    "Bonjour, votre profil correspond à notre offre de stage en développement web au Lamentin. "
    "Seriez-vous disponible pour en parler ?",
    "Bonjour, nous cherchons une personne pour un contrat d'apprentissage en support "
    "informatique. Votre profil nous intéresse : pouvons-nous échanger ?",
    "Bonjour, notre entreprise recrute en cybersécurité. Souhaitez-vous que nous vous "
    "présentions le poste ?",
)


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    profiles = list(Profile.objects.visible().select_related("user").order_by("pk")[:6])
    memberships = list(
        Membership.objects.filter(organisation__kind=Organisation.Kind.COMPANY, is_active=True)
        .select_related("organisation", "user")
        .order_by("organisation__name", "pk")
    )
    first_of: dict[int, Membership] = {}
    for membership in memberships:
        first_of.setdefault(membership.organisation_id, membership)
    companies = list(first_of.values())[:3]
    if not profiles or not companies:
        return {"prises de contact": 0, "prises de contact répondues": 0}
    sent = answered = 0
    for i, profile in enumerate(profiles[: len(MESSAGES)]):
        membership = companies[i % len(companies)]
        actor = Actor(user=membership.user, membership=membership, memberships=(membership,))
        if ContactRequest.objects.filter(
            profile=profile, organisation=membership.organisation
        ).exists():
            continue
        try:
            contact = contact_request_create(actor=actor, profile=profile, message=MESSAGES[i])
        except ContactError:
            continue
        sent += 1
        if i == 0:
            contact_answer(
                actor=Actor(user=profile.user),
                contact=contact,
                answer="Bonjour, oui avec plaisir : je suis disponible dès le mois prochain.",
            )
            answered += 1
    return {"prises de contact": sent, "prises de contact répondues": answered}
