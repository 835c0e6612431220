"""A person answers the public questionnaire on a phone, with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from lakou.diagnostics.models import Response
from lakou.territory.loaders import load_reference_territory
from tests.diagnostics.factories_campaigns import open_campaign
from tests.e2e.helpers import assert_no_axe_violations, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"width": 360, "height": 740}


def press_on(page: Page, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    page.keyboard.press(key)


def horizontal_overflow(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_a_person_answers_leaves_resumes_and_submits_with_the_keyboard(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    load_reference_territory(settings.DATA_DIR)
    campaign = open_campaign(title="Vos besoins numériques 2026")

    phone = new_context(viewport=PHONE_360, bypass_csp=True).new_page()
    phone.goto(f"/diagnostic/r/{campaign.short_code}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Vos besoins numériques 2026")
    assert_no_axe_violations(phone)
    press_on(phone, 'form[action$="/commencer"] button')

    expect(phone.get_by_text("Étape 1 sur 2")).to_be_visible()
    expect(phone.get_by_role("progressbar", name="Étape 1 sur 2")).to_be_visible()
    assert horizontal_overflow(phone) == 0
    assert_no_axe_violations(phone)
    press_on(phone, "#champ-has_computer-1", " ")  # "Oui"
    tab_to(phone, "#champ-commune")
    phone.keyboard.type("Fort-de-France")
    expect(phone.locator("#champ-commune")).to_have_value("97209")
    press_on(phone, 'button[value="next"]')

    # "Oui" opens a follow-up question on the same page; a wrong answer is shown next to it.
    expect(phone.get_by_text("ouvre de nouvelles questions")).to_be_visible()
    tab_to(phone, "#champ-computer_age")
    phone.keyboard.type("très vieux")
    press_on(phone, 'button[value="next"]')
    expect(phone.locator("#champ-computer_age")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#champ-computer_age-erreur")).to_contain_text("Indiquez un nombre")
    expect(phone.get_by_role("alert")).to_contain_text("Quel âge a votre ordinateur")
    assert_no_axe_violations(phone)
    tab_to(phone, "#champ-computer_age")
    phone.keyboard.press("Control+A")
    phone.keyboard.type("4")
    press_on(phone, 'button[value="next"]')
    expect(phone.get_by_text("Étape 2 sur 2")).to_be_visible()

    # Leave: the resume link is on screen.
    press_on(phone, 'button[value="later"]')
    resume_link = phone.locator("#lien-reprise").inner_text()
    assert "/diagnostic/reprendre/" in resume_link
    phone.context.close()

    # Later, on another device: the link brings back the answers.
    other = new_context(viewport=PHONE_360, bypass_csp=True).new_page()
    other.goto(resume_link)
    expect(other.get_by_text("Étape 2 sur 2")).to_be_visible()
    press_on(other, "#champ-confidence-1", "ArrowRight")  # moves to, and checks, "2"
    expect(other.locator("#champ-confidence-2")).to_be_checked()
    press_on(other, 'button[value="next"]')

    expect(other.get_by_role("heading", level=1)).to_have_text("Relire et envoyer")
    expect(other.get_by_text("Fort-de-France")).to_be_visible()
    assert_no_axe_violations(other)
    press_on(other, 'form[action$="/envoyer"] button')
    expect(other.get_by_role("heading", level=1)).to_have_text("Merci, vos réponses sont envoyées")

    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.commune is not None
    assert response.commune.insee_code == "97209"
    assert response.answers.get(question__code="computer_age").value == 4


def test_the_public_needs_map_has_no_serious_axe_violation(audited_page: Page) -> None:
    load_reference_territory(settings.DATA_DIR)
    audited_page.goto(reverse("diagnostics:needs_map_public"))
    assert_no_axe_violations(audited_page)
