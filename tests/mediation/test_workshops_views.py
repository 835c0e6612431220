"""Workshop pages as people use them: a senior registered by the town hall, the seat-freeing link,
the waiting list, the roster ticked on the day."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lakou.mediation.models import Registration
from tests.mediation.factories_mediators import town_hall_actor
from tests.mediation.factories_venues import make_venue
from tests.mediation.factories_workshops import (
    make_workshop,
    move_start,
    organiser_actor,
    register,
)
from tests.pdf import pdf_text
from tests.world import World

pytestmark = pytest.mark.django_db

S = Registration.Status


def test_anyone_registers_without_an_account() -> None:
    workshop = make_workshop(capacity=1)
    page = Client().get(workshop.get_absolute_url()).content.decode()
    response = Client().post(
        workshop.get_absolute_url(), {"name": "Lucienne Joseph", "phone": "0696 11 22 33"}
    )

    assert "Réserver la place" in page
    assert "1 place libre sur 1" in page
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.phone, registration.status) == ("+596696112233", S.CONFIRMED)
    assert registration.registered_by is None
    full = Client().get(workshop.get_absolute_url()).content.decode()
    assert "S&#x27;inscrire sur la liste d&#x27;attente" in full or "liste d'attente" in full


def test_an_agent_registers_a_senior_on_their_behalf() -> None:
    world = World.build()
    workshop = make_workshop()
    client = world.client("epci")
    page = client.get(workshop.get_absolute_url()).content.decode()

    client.post(
        workshop.get_absolute_url(), {"name": "Marcel Louis-Joseph", "phone": "0696 44 55 66"}
    )

    assert "Inscrire une personne" in page
    registration = Registration.objects.get()
    assert registration.registered_by == world.users["epci"]


def test_a_missing_contact_is_said_next_to_the_phone_field() -> None:
    workshop = make_workshop()
    response = Client().post(workshop.get_absolute_url(), {"name": "Sans contact"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Téléphone portable : Indiquez un numéro de téléphone ou une adresse e-mail" in page
    assert not Registration.objects.exists()


def test_the_public_form_is_throttled_by_connection() -> None:
    from lakou.mediation.views.workshops import REGISTRATION_LIMIT_PER_ADDRESS

    workshop = make_workshop(capacity=12, venue=make_venue(capacity=20))
    client = Client()
    statuses = [
        client.post(
            workshop.get_absolute_url(), {"name": f"P {n}", "phone": f"06961000{n:02d}"}
        ).status_code
        for n in range(REGISTRATION_LIMIT_PER_ADDRESS + 1)
    ]
    assert statuses[:-1] == [302] * REGISTRATION_LIMIT_PER_ADDRESS
    assert statuses[-1] == 429
    assert Registration.objects.count() == REGISTRATION_LIMIT_PER_ADDRESS


def test_the_link_frees_the_seat_after_a_confirmation() -> None:
    workshop = make_workshop(capacity=1)
    seated = register(workshop)
    waiting = register(workshop, "Suivante")
    url = seated.get_cancel_url()

    page = Client().get(url).content.decode()
    Client().post(url, {"confirme": "oui"})

    assert "Garder ma place" in page
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (S.CANCELLED, S.CONFIRMED)


def test_the_roster_is_ticked_on_the_day() -> None:
    world = World.build()
    actor = organiser_actor(world.organisations["association"])
    workshop = make_workshop(actor)
    came, missed = register(workshop, "Venue"), register(workshop, "Absente")
    client = world.client("association")
    url = reverse("mediation:workshop_roster", kwargs={"pk": workshop.pk})
    before = client.get(url).content.decode()
    move_start(workshop, days=-0.02)

    client.post(url, {"present": [str(came.pk)]})

    assert (
        "La présence se coche le jour de l&#x27;atelier" in before
        or "le jour de l'atelier" in before
    )
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)


def test_a_draft_is_hidden_from_the_public() -> None:
    workshop = make_workshop(publish=False)
    assert Client().get(workshop.get_absolute_url()).status_code == 404
    assert workshop.title not in Client().get(reverse("mediation:workshop_list")).content.decode()


# ---------------------------------------------------------------- sheet and calendars


def test_the_sign_in_sheet_lists_the_seated_people_and_no_contact() -> None:
    world = World.build()
    workshop = make_workshop(organiser_actor(world.organisations["association"]), capacity=2)
    register(workshop, "Hortense Jean-Baptiste", phone="0696 12 12 12")
    register(workshop, "Victor Sainte-Rose")
    register(workshop, "En attente")  # waiting: not on the sheet
    url = reverse("mediation:workshop_sign_in_sheet", kwargs={"pk": workshop.pk})

    response = world.client("association").get(url)

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Hortense Jean-Baptiste" in text
    assert "Victor Sainte-Rose" in text
    assert "En attente" not in text
    assert "0696" not in text
    assert "2 personnes inscrites sur 2 places" in " ".join(text.split())


def test_the_commune_and_venue_calendars_carry_the_coming_workshops() -> None:
    from icalendar import Calendar

    actor = organiser_actor()
    kept = make_workshop(actor, title="Sécuriser son téléphone")
    cancelled = make_workshop(actor, title="Atelier annulé", venue=kept.venue)
    make_workshop(actor, title="Brouillon", venue=kept.venue, publish=False)
    from lakou.mediation.services.workshops import workshop_cancel

    workshop_cancel(actor=actor, workshop=cancelled, reason="Salle indisponible.")
    commune = kept.venue.commune

    for url in (
        reverse("mediation:workshops_commune_ics", kwargs={"insee_code": commune.insee_code}),
        reverse("mediation:workshops_venue_ics", kwargs={"pk": kept.venue.pk}),
    ):
        response = Client().get(url)
        assert response["Content-Type"].startswith("text/calendar")
        events = {
            str(e["summary"]): str(e["status"])
            for e in Calendar.from_ical(response.content).walk("VEVENT")
        }
        assert events == {"Sécuriser son téléphone": "CONFIRMED", "Atelier annulé": "CANCELLED"}
    assert Client().get("/mediation/ateliers/commune/99999.ics").status_code == 404


def test_the_home_counts_the_workshops_to_come_of_the_organiser_and_of_the_mediator() -> None:
    from lakou.core.navigation import home_for
    from lakou.mediation.models import MediatorStatus
    from tests.mediation.factories_mediators import make_mediator

    world = World.build()
    mediator = make_mediator(world.users["person"], status=MediatorStatus.ACTIVE)
    actor = organiser_actor(world.organisations["association"])
    make_workshop(actor, mediators=(mediator,))
    make_workshop(actor)
    make_workshop(organiser_actor())  # another association's

    def count(name: str) -> int | None:
        items = home_for(world.actor(name)).items
        return next((i.count for i in items if "atelier" in i.label and "venir" in i.label), None)

    assert count("association") == 2
    assert count("person") == 1  # the one she leads
    assert count("company") is None  # neither organiser nor mediator: nothing


def test_a_town_hall_agent_registers_residents_and_plans_workshops_in_its_venue() -> None:
    agent = town_hall_actor()
    assert agent.user is not None
    assert agent.organisation is not None
    venue = make_venue(commune=agent.organisation.commune, manager=agent.organisation)
    workshop = make_workshop(agent, venue=venue)
    client = Client()
    client.force_login(agent.user)

    page = client.get(workshop.get_absolute_url()).content.decode()
    client.post(workshop.get_absolute_url(), {"name": "Lucienne Joseph", "phone": "0696 45 67 89"})

    assert "Inscrire une personne" in page
    assert Registration.objects.get().registered_by == agent.user
    mine = client.get(reverse("mediation:workshop_mine")).content.decode()
    assert workshop.title in mine
    assert client.get(reverse("mediation:venue_edit", args=[venue.pk])).status_code == 200
