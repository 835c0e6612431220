"""Demo pooled resources: about fifteen resources of every kind lent by demo providers, companies,
the federation and an association, with bookings in every state over the demo year.

History is written through the services as it would have stood on each past day (`today=`), so
the overlap rule holds in the demo as it does live. No e-mail leaves while seeding.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.core.notifications import emails_held_back
from lakou.partnerships.models import Booking, ContentLicence, Resource, ResourceKind
from lakou.partnerships.resource_calendar import ResourceError
from lakou.partnerships.services.resources import (
    ResourceData,
    booking_approve,
    booking_cancel,
    booking_refuse,
    booking_request,
    booking_return,
    resource_create,
)
from lakou.territory.models import Commune

K = ResourceKind
L = ContentLicence

# (owner kind, kind, title, description, quantity, licence, conditions, with a place)
CATALOGUE: list[tuple[str, str, str, str, int | None, str, str, bool]] = [
    (
        "provider",
        K.COURSE_MATERIAL,
        "Kit « Premiers pas sur la tablette »",
        "Diaporama de 40 diapositives, fiches pas-à-pas imprimables en gros caractères et "
        "exercices pour une séance de 2 heures.",
        None,
        L.CC_BY_SA,
        "Citer l'auteur et partager les modifications sous la même licence.",
        False,
    ),
    (
        "provider",
        K.COURSE_MATERIAL,
        "Module « Reconnaître un message frauduleux »",
        "Exemples de SMS et courriels frauduleux, quiz et corrigé pour l'animateur.",
        None,
        L.CC_BY,
        "",
        False,
    ),
    (
        "provider",
        K.LAB,
        "Salle informatique de 12 postes",
        "Douze postes sous Linux, vidéoprojecteur et tableau blanc, connexion fibre.",
        1,
        "",
        "Réservée aux formations gratuites pour le public ; remise en ordre en fin de journée.",
        True,
    ),
    (
        "provider",
        K.SOFTWARE_LICENCE,
        "Licences d'un logiciel de conception graphique",
        "Licences éducation d'un logiciel de PAO et retouche photo, attribuées par compte.",
        15,
        "",
        "Pour des stagiaires en formation ; les comptes sont rendus en fin de réservation.",
        False,
    ),
    (
        "provider",
        K.EQUIPMENT,
        "Casques de réalité virtuelle",
        "Six casques autonomes avec leurs manettes, pour découvrir les métiers du numérique.",
        6,
        "",
        "Caution demandée ; transport par l'emprunteur.",
        True,
    ),
    (
        "provider",
        K.COURSE_MATERIAL,
        "Parcours « Bureautique pour tous » (vidéos)",
        "Vingt vidéos courtes sous-titrées et leurs fichiers d'exercice.",
        None,
        L.PROPRIETARY,
        "Usage interne aux formations des membres, pas de diffusion publique.",
        False,
    ),
    (
        "company",
        K.EQUIPMENT,
        "Ordinateurs portables reconditionnés",
        "Vingt ordinateurs portables reconditionnés avec leur chargeur et une souris.",
        20,
        "",
        "À rendre nettoyés ; signaler toute casse.",
        True,
    ),
    (
        "company",
        K.LAB,
        "Plateforme de travaux pratiques cybersécurité",
        "Environnement virtuel avec machines vulnérables et scénarios d'attaque et de défense.",
        25,
        "",
        "Comptes nominatifs ; aucune utilisation hors formation.",
        False,
    ),
    (
        "company",
        K.SOFTWARE_LICENCE,
        "Licences de suite bureautique en ligne",
        "Comptes d'une suite bureautique en ligne (messagerie, tableur, visioconférence).",
        30,
        "",
        "",
        False,
    ),
    (
        "company",
        K.EQUIPMENT,
        "Vidéoprojecteur portable",
        "Vidéoprojecteur, écran sur pied et câbles HDMI et USB-C.",
        1,
        "",
        "Retrait et retour à l'accueil de l'entreprise.",
        True,
    ),
    (
        "federation",
        K.COURSE_MATERIAL,
        "Référentiel d'ateliers DigComp pour médiateurs",
        "Vingt et une fiches d'atelier, une par compétence DigComp, avec niveaux et évaluation.",
        None,
        L.ETALAB,
        "",
        False,
    ),
    (
        "federation",
        K.EQUIPMENT,
        "Tablettes pour ateliers seniors",
        "Quinze tablettes avec housse et stylet, préparées pour les ateliers de découverte.",
        15,
        "",
        "Réservées aux ateliers gratuits ; retour sous 48 heures après l'atelier.",
        True,
    ),
    (
        "federation",
        K.LAB,
        "Fab lab mobile",
        "Camionnette aménagée : imprimante 3D, découpe vinyle, huit postes.",
        1,
        "",
        "Conduite par un animateur de la fédération.",
        True,
    ),
    (
        "association",
        K.EQUIPMENT,
        "Bornes wifi 4G",
        "Quatre bornes wifi 4G avec forfait, pour les ateliers dans les quartiers sans fibre.",
        4,
        "",
        "Forfait limité à 100 Go par réservation.",
        True,
    ),
    (
        "association",
        K.COURSE_MATERIAL,
        "Guide « Démarches en ligne » en créole et en français",
        "Guide bilingue pour accompagner les démarches CAF, santé et impôts.",
        None,
        L.CC_BY_NC_SA,
        "",
        False,
    ),
]
VENUES = ["Salle de formation", "Accueil", "Médiathèque", "Entrepôt", "Maison des associations"]
PURPOSES = [
    "Atelier de découverte pour les seniors",
    "Session de formation de développeurs web",
    "Semaine de sensibilisation à la cybersécurité pour TPE",
    "Atelier démarches en ligne à la mairie",
    "Journée des métiers du numérique au lycée",
    "Formation bureautique de demandeurs d'emploi",
]
REFUSALS = [
    "Déjà prêté à un partenaire sur ces dates.",
    "En réparation jusqu'à la fin du mois.",
    "Réservé aux formations gratuites pour le public.",
]
DAMAGES = ["Une housse déchirée.", "Un chargeur manquant.", "Écran d'un poste rayé."]


def _actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _members(kind: str, named: str, limit: int) -> list[Membership]:
    """The admins of up to `limit` organisations of `kind`, the named demo account's first."""
    memberships = (
        Membership.objects.active()
        .filter(organisation__kind=kind, role=Membership.Role.ADMIN)
        .select_related("organisation", "user")
        .order_by("organisation__name", "pk")
    )
    chosen: list[Membership] = [m for m in memberships.filter(user__email=named)[:1]]
    seen = {m.organisation_id for m in chosen}
    for membership in memberships[: limit * 4]:
        if len(chosen) >= limit:
            break
        if membership.organisation_id not in seen:
            seen.add(membership.organisation_id)
            chosen.append(membership)
    return chosen


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Resource.objects.exists():
        return {"resources": Resource.objects.count(), "bookings": Booking.objects.count()}
    owners: dict[str, list[Membership]] = {
        "provider": _members(Organisation.Kind.PROVIDER, f"formation@{DEMO_DOMAIN}", 3),
        "company": _members(Organisation.Kind.COMPANY, f"entreprise@{DEMO_DOMAIN}", 3),
        "federation": _members(Organisation.Kind.FEDERATION, f"federation@{DEMO_DOMAIN}", 1),
        "association": _members(Organisation.Kind.ASSOCIATION, f"mediation@{DEMO_DOMAIN}", 2),
    }
    epcis = _members(Organisation.Kind.EPCI, f"cacem@{DEMO_DOMAIN}", 3)
    everyone = [m for group in owners.values() for m in group] + epcis
    communes = list(Commune.objects.order_by("insee_code"))
    if not everyone:
        return {"resources": 0, "bookings": 0}
    with emails_held_back():
        resources = _resources(rng, owners, communes)
        bookings = sum(_bookings(rng, resource, owner, everyone) for resource, owner in resources)
    return {"resources": len(resources), "bookings": bookings}


def _resources(
    rng: random.Random, owners: dict[str, list[Membership]], communes: list[Commune]
) -> list[tuple[Resource, Membership]]:
    made: list[tuple[Resource, Membership]] = []
    turn: dict[str, int] = {}
    for owner_kind, kind, title, description, quantity, licence, conditions, placed in CATALOGUE:
        group = owners.get(owner_kind) or []
        if not group:
            continue
        owner = group[turn.get(owner_kind, 0) % len(group)]
        turn[owner_kind] = turn.get(owner_kind, 0) + 1
        commune = owner.organisation.commune or (rng.choice(communes) if communes else None)
        resource = resource_create(
            actor=_actor(owner),
            data=ResourceData(
                kind=kind,
                title=title,
                description=description,
                quantity=quantity,
                conditions=conditions,
                licence=licence,
                commune_id=commune.pk if placed and commune else None,
                venue=rng.choice(VENUES) if placed else "",
            ),
        )
        made.append((resource, owner))
    return made


def _bookings(
    rng: random.Random, resource: Resource, owner: Membership, everyone: list[Membership]
) -> int:
    """A dozen bookings spread over the nine months past and the three to come, in every state."""
    today = timezone.localdate()
    owner_actor = _actor(owner)
    bookers = [m for m in everyone if m.organisation_id != owner.organisation_id]
    count = 0
    for _ in range(rng.randint(8, 14)):
        start = today + dt.timedelta(days=rng.randint(-270, 90))
        length = rng.choice((0, 0, 1, 2, 4, 6, 13))
        end = start + dt.timedelta(days=length)
        top = resource.quantity or 30
        quantity = rng.randint(1, max(1, top // 2))
        asked = start - dt.timedelta(days=rng.randint(3, 30))
        booker = _actor(rng.choice(bookers))
        try:
            booking = booking_request(
                actor=booker,
                resource=resource,
                starts_on=start,
                ends_on=end,
                quantity=quantity,
                purpose=rng.choice(PURPOSES),
                today=min(asked, today),
            )
        except ResourceError:
            continue  # already full on these days: the member would have chosen other dates
        count += 1
        _decide(rng, booking, owner_actor, booker, asked, today)
    return count


def _decide(
    rng: random.Random,
    booking: Booking,
    owner: Actor,
    booker: Actor,
    asked: dt.date,
    today: dt.date,
) -> None:
    """What became of the request, as it would stand today."""
    decided_on = min(asked + dt.timedelta(days=rng.randint(1, 3)), today)
    draw = rng.random()
    started = booking.starts_on <= today
    if not started and draw < 0.3:
        return  # still waiting for the owner
    if draw < 0.15:
        booking_refuse(actor=owner, booking=booking, reason=rng.choice(REFUSALS))
        return
    if not started and draw < 0.2 and booking.starts_on > decided_on:
        booking_cancel(actor=booker, booking=booking, today=decided_on)
        return
    if booking.ends_on < decided_on:
        booking_refuse(actor=owner, booking=booking, reason=rng.choice(REFUSALS))
        return
    try:
        booking_approve(actor=owner, booking=booking, today=decided_on)
    except ResourceError:
        booking_refuse(actor=owner, booking=booking, reason=REFUSALS[0])
        return
    if not started:
        if draw > 0.9:
            booking_cancel(
                actor=booker, booking=booking, today=booking.starts_on - dt.timedelta(days=1)
            )
        return
    # Past or under way: most are returned; the last few wait for the owner's note.
    if booking.ends_on < today - dt.timedelta(days=7) or (booking.ends_on < today and draw < 0.6):
        booking_return(
            actor=owner,
            booking=booking,
            returned_on=booking.ends_on,
            damage_notes=rng.choice(DAMAGES) if rng.random() < 0.15 else "",
            today=booking.ends_on,
        )
