"""A workshop for seniors, in Chromium: the town hall registers a senior who has no e-mail on
their behalf, the day-before reminder reaches the senior by SMS (the terminal backend prints it,
as in the demo), and on the day the mediator ticks attendance on a 360 px screen by keyboard
alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, expect

from lakou.mediation.models import MediatorStatus, Registration, Workshop
from lakou.mediation.services.workshops import reminders_send
from tests.e2e.helpers import sign_in
from tests.e2e.test_agreements import patient_expect, site_url, slow_tolerant
from tests.mediation.factories_mediators import make_mediator, town_hall_actor
from tests.mediation.factories_venues import make_venue
from tests.mediation.factories_workshops import make_workshop, move_start, organiser_actor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["patient_expect", "site_url"]  # fixtures used by name

MARTINIQUE = ZoneInfo("America/Martinique")
PHONE = {"width": 360, "height": 740}


def test_a_senior_registered_by_the_town_hall_is_reminded_by_sms_and_ticked_present(
    new_context: Callable[..., BrowserContext],
    outbox: list[Any],
    site_url: str,
    patient_expect: None,
    settings: Any,
    capfd: pytest.CaptureFixture[str],
) -> None:
    settings.SMS_BACKEND = "lakou.core.sms.ConsoleBackend"
    agent = town_hall_actor()
    mediator = make_mediator(status=MediatorStatus.ACTIVE)
    venue = make_venue(name="Médiathèque du Lamentin", capacity=12)
    workshop = make_workshop(
        organiser_actor(), venue=venue, title="Mon smartphone pas à pas", mediators=(mediator,)
    )

    # The town hall agent registers Mme Joseph, who has a mobile phone and no e-mail.
    desk = slow_tolerant(new_context())
    assert agent.user is not None
    sign_in(desk, site_url, agent.user, agent.organisation)
    page = desk.new_page()
    page.goto(workshop.get_absolute_url())
    expect(page.get_by_role("heading", name="Inscrire une personne")).to_be_visible()
    page.get_by_label("Prénom et nom").fill("Lucienne Joseph")
    page.get_by_label("Téléphone portable").fill("0696 45 67 89")
    page.get_by_role("button", name="Réserver la place").click()
    expect(page.get_by_text("Lucienne Joseph est inscrit(e)")).to_be_visible()
    registration = Registration.objects.get(workshop=workshop)
    assert registration.registered_by == agent.user

    # The evening before (Martinique time), the reminder leaves by SMS.
    evening = datetime.now(MARTINIQUE).replace(hour=19, minute=0, second=0, microsecond=0)
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=(evening + timedelta(days=1)).replace(hour=9)
    )
    capfd.readouterr()
    assert reminders_send(now=evening) == 1
    printed = capfd.readouterr().out
    assert "SMS pour : 0696 45 67 89 (+596696456789)" in printed
    assert "Lakou : rappel, atelier Mon smartphone pas à pas demain" in printed
    assert registration.get_cancel_url() in printed

    # On the day, the mediator ticks her present on a phone, with the keyboard alone.
    move_start(workshop, days=-0.01)
    phone = slow_tolerant(new_context(viewport=PHONE))
    sign_in(phone, site_url, mediator.user)
    roster = phone.new_page()
    roster.goto(reverse("mediation:workshop_roster", kwargs={"pk": workshop.pk}))
    box = roster.get_by_label("Lucienne Joseph")
    box.focus()
    roster.keyboard.press("Space")
    expect(box).to_be_checked()
    roster.keyboard.press("Tab")
    expect(roster.get_by_role("button", name="Enregistrer la présence")).to_be_focused()
    roster.keyboard.press("Enter")
    expect(roster.get_by_text("Présence enregistrée : 1 personne présente")).to_be_visible()
    assert roster.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    registration.refresh_from_db()
    assert registration.attended is True
