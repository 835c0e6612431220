"""Every role signs in with a code sent by e-mail and lands on its own home page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from lakou.core.navigation import ROLE_TEXTS
from tests.e2e.helpers import current_totp_code, login_code_from, tab_to
from tests.world import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = ("person", "federation", "epci", "company", "provider", "auditor", "association")


def _path(url_name: str) -> re.Pattern[str]:
    return re.compile(re.escape(reverse(url_name)) + r"$")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_with_a_code_and_lands_on_its_home(
    page: Page, outbox: list[Any], role: str
) -> None:
    world = World.build()
    user = world.users[role]

    page.goto("/")
    page.get_by_role("link", name="Se connecter", exact=True).click()
    expect(page).to_have_url(_path("account_login"))
    page.locator(f'a[href="{reverse("account_request_login_code")}"]').first.click()

    expect(page).to_have_url(_path("account_request_login_code"))
    form = page.locator("form", has=page.locator('input[name="email"]'))
    form.locator('input[name="email"]').fill(user.email)
    form.locator('button[type="submit"], input[type="submit"]').first.click()

    expect(page).to_have_url(_path("account_confirm_login_code"))
    form = page.locator("form", has=page.locator('input[name="code"]'))
    form.locator('input[name="code"]').fill(login_code_from(outbox, user.email))
    assert outbox[-1].subject.startswith("[Lakou] "), outbox[-1].subject
    form.locator('button[type="submit"], input[type="submit"]').first.click()

    if role == "federation":
        expect(page).to_have_url(_path("mfa_authenticate"))
        form = page.locator("form", has=page.locator('input[name="code"]'))
        form.locator('input[name="code"]').fill(current_totp_code(user))
        form.locator('button[type="submit"], input[type="submit"]').first.click()

    expect(page).to_have_url(_path("home"))
    expect(page.get_by_role("heading", level=1)).to_have_text(str(ROLE_TEXTS[role][0]))
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_signing_in_works_with_the_keyboard_alone(page: Page, outbox: list[Any]) -> None:
    """Federation staff go through every step: e-mail, code, then their authenticator app."""
    role = "federation"
    user = World.build().users[role]

    page.goto("/")
    tab_to(page, f'a[href="{reverse("account_login")}"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(_path("account_login"))

    tab_to(page, f'a[href="{reverse("account_request_login_code")}"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(_path("account_request_login_code"))

    tab_to(page, 'input[name="email"]')
    page.keyboard.type(user.email)
    page.keyboard.press("Enter")
    expect(page).to_have_url(_path("account_confirm_login_code"))

    tab_to(page, 'input[name="code"]')
    page.keyboard.type(login_code_from(outbox, user.email))
    page.keyboard.press("Enter")

    expect(page).to_have_url(_path("mfa_authenticate"))
    tab_to(page, 'input[name="code"]')
    page.keyboard.type(current_totp_code(user))
    page.keyboard.press("Enter")

    expect(page).to_have_url(_path("home"))
    expect(page.get_by_role("heading", level=1)).to_have_text(str(ROLE_TEXTS[role][0]))
