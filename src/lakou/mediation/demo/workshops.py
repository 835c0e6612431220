"""Demo workshops: a year of them in the venues that take groups, mostly for seniors, led by the
active mediators who serve the commune. Past ones are held (attendance marked, a few absents)
or cancelled with a reason; the coming ones are open, some full with a waiting list, a few
still drafts. Registrations come from the public form or from an agent on someone's behalf.

Coming workshops go through the services (seats, waiting list); past ones are written with their
past dates, which no service accepts. Nothing is e-mailed nor texted while seeding.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale, person_name
from lakou.core.notifications import emails_held_back
from lakou.mediation.models import (
    Audience,
    Level,
    Mediator,
    MediatorStatus,
    Registration,
    Venue,
    Workshop,
)
from lakou.mediation.services.workshops import (
    AlreadyRegistered,
    WorkshopData,
    WorkshopError,
    registration_create,
    workshop_create,
    workshop_publish,
)

TITLES = (
    ("Mon smartphone pas à pas", Audience.SENIORS, Level.BEGINNER),
    ("Faire ses démarches en ligne : ameli, CAF, impôts", Audience.SENIORS, Level.BEGINNER),
    ("Appels vidéo avec la famille", Audience.SENIORS, Level.BEGINNER),
    ("Se protéger des arnaques sur Internet", Audience.EVERYONE, Level.BEGINNER),
    ("Créer sa fiche d'entreprise en ligne", Audience.SMALL_BUSINESSES, Level.INTERMEDIATE),
    ("Facturer en ligne : la facture électronique", Audience.SMALL_BUSINESSES, Level.INTERMEDIATE),
    ("Ranger ses photos et ses documents", Audience.SENIORS, Level.INTERMEDIATE),
    ("Prendre rendez-vous chez le médecin en ligne", Audience.SENIORS, Level.BEGINNER),
)
HOURS = (9, 10, 14, 15)
PAST_WEEKS = 52
COMING_WEEKS = 8


def _organiser(
    venue: Venue, epci_organisations: dict[int, Organisation], association: Organisation | None
) -> Organisation | None:
    if venue.manager is not None:
        return venue.manager
    return epci_organisations.get(venue.commune.epci_id) or association


def _member(organisation: Organisation) -> Actor | None:
    membership = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        return None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _phone(rng: random.Random) -> str:
    return f"0696{rng.randrange(10**5, 10**6)}"


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Workshop.objects.exists():
        return {
            "ateliers": Workshop.objects.count(),
            "inscriptions aux ateliers": Registration.objects.count(),
        }
    venues = list(
        Venue.objects.published()
        .filter(capacity__gt=0)
        .select_related("commune", "manager")
        .order_by("pk")
    )
    mediators = list(
        Mediator.objects.filter(status=MediatorStatus.ACTIVE)
        .prefetch_related("communes_served")
        .select_related("user")
    )
    epci_organisations = {
        o.epci_id: o for o in Organisation.objects.filter(kind=Organisation.Kind.EPCI) if o.epci_id
    }
    association = (
        Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).order_by("pk").first()
    )
    if not venues:
        return {}
    agents = {pk: _member(o) for pk, o in epci_organisations.items()}
    now = timezone.now()
    count = max(20, min(len(venues) * 2, 90 if scale.name == "demo" else 40))
    with emails_held_back():
        for index in range(count):
            venue = venues[index % len(venues)]
            organiser = _organiser(venue, epci_organisations, association)
            actor = _member(organiser) if organiser else None
            if actor is None:
                continue
            title, audience, level = TITLES[rng.randrange(len(TITLES))]
            # About a third still to come, the rest over the past year.
            coming = rng.random() < 0.3
            week = rng.randint(0, COMING_WEEKS) if coming else rng.randint(-PAST_WEEKS, -1)
            day = timezone.localdate(now) + timedelta(weeks=week, days=rng.randint(0, 4))
            starts_at = timezone.make_aware(datetime.combine(day, time(rng.choice(HOURS))))
            serving = [
                m for m in mediators if venue.commune in m.communes_served.all()
            ] or mediators
            led_by = tuple(rng.sample(serving, k=min(len(serving), rng.randint(1, 2))))
            capacity = min(venue.capacity, rng.choice((6, 8, 10, 12)))
            data = WorkshopData(
                title=title,
                level=level,
                audience=audience,
                venue=venue,
                starts_at=starts_at if starts_at > now else now + timedelta(days=30),
                duration_minutes=rng.choice((60, 90, 120)),
                capacity=capacity,
                mediators=led_by,
            )
            try:
                workshop = workshop_create(actor=actor, data=data)
            except WorkshopError:
                continue
            if coming and rng.random() < 0.1:
                continue  # a draft still being prepared
            workshop = workshop_publish(actor=actor, workshop=workshop)
            agent = agents.get(venue.commune.epci_id)
            people = rng.randint(capacity // 2, capacity + 3)
            for _n in range(people):
                first, last = person_name(rng)
                on_behalf = rng.random() < 0.4
                try:
                    registration_create(
                        workshop=workshop,
                        name=f"{first} {last}",
                        phone=_phone(rng),
                        email=""
                        if on_behalf or rng.random() < 0.5
                        else f"{first}.{last}@exemple.mq".lower().replace(" ", ""),
                        registered_by=agent.user if on_behalf and agent else None,
                    )
                except (AlreadyRegistered, WorkshopError):
                    continue
            if starts_at <= now:
                _into_the_past(workshop, starts_at, rng)
    return {
        "ateliers": Workshop.objects.count(),
        "inscriptions aux ateliers": Registration.objects.count(),
    }


def _into_the_past(workshop: Workshop, starts_at: datetime, rng: random.Random) -> None:
    """The workshop as it went: held with its attendance, or (one in twelve) cancelled."""
    if rng.random() < 1 / 12:
        Workshop.objects.filter(pk=workshop.pk).update(
            starts_at=starts_at,
            status=Workshop.Status.CANCELLED,
            cancellation_reason="Médiateur indisponible, atelier reporté.",
            cancelled_at=starts_at - timedelta(days=2),
        )
        return
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=starts_at)
    for registration in workshop.registrations.filter(status=Registration.Status.CONFIRMED):
        registration.attended = rng.random() < 0.85
        registration.reminder_sent_at = starts_at - timedelta(hours=20)
        registration.save(update_fields=["attended", "reminder_sent_at"])
