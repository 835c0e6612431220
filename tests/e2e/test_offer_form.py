"""The offer form in Chromium: Enter in a field saves the offer; only a click on « Proposer un
métier » asks for the ROME proposals (the form's first submit button is a hidden « save »)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Request, expect

from lakou.partnerships.models import Offer
from tests.e2e.helpers import sign_in
from tests.e2e.test_agreements import patient_expect, site_url, slow_tolerant
from tests.partnerships.factories_offers import company_actor
from tests.skills.factories import OccupationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["patient_expect", "site_url"]  # fixtures used by name


def test_enter_in_the_title_saves_and_the_button_proposes_occupations(
    new_context: Callable[..., BrowserContext], site_url: str, patient_expect: None
) -> None:
    OccupationFactory(code_rome="M1805", label="Études et développement informatique")
    company = company_actor()
    assert company.user is not None
    context = slow_tolerant(new_context())
    sign_in(context, site_url, company.user, company.organisation)
    page = context.new_page()
    page.goto(site_url + reverse("partnerships:offer_create"))

    page.locator("#id_title").fill("Développeur web H/F")
    posted: list[Request] = []
    page.on("request", lambda r: posted.append(r) if r.method == "POST" else None)
    with page.expect_navigation():
        page.locator("#id_title").press("Enter")
    assert posted
    assert "proposer=" not in (posted[-1].post_data or "")
    # Saving an incomplete offer: the errors are said, nothing is written.
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not Offer.objects.exists()

    posted.clear()
    page.locator("#id_title").fill("Développeur web H/F")
    with page.expect_navigation():
        page.get_by_role("button", name="Proposer un métier").click()
    assert posted
    assert "proposer=1" in (posted[-1].post_data or "")
    expect(page.get_by_text("M1805", exact=False).first).to_be_visible()
    assert not Offer.objects.exists()
