"""Pages pass axe-core, fit a 320 px phone, and the text size and skip link work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from lakou.core.context_processors import TEXT_SIZE_COOKIE
from tests.e2e.helpers import (
    PHONE,
    assert_no_axe_violations,
    login_code_from,
    open_menu,
    sign_in,
)
from tests.world import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _root_font_size(page: Page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


def _overflowing(page: Page) -> list[str]:
    """The outermost elements that stick out of the viewport (tables scroll in their wrapper)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
            .filter(e => !e.closest(".table-wrap"))
            .filter(e => !(e.parentElement.getBoundingClientRect().right > innerWidth + 0.5))
            .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`
                      + ` (${Math.round(e.getBoundingClientRect().right)} px)`)"""
    )


def _horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("url_name", ["home", "account_login", "account_request_login_code"])
def test_public_pages_have_no_serious_axe_violation(audited_page: Page, url_name: str) -> None:
    audited_page.goto(reverse(url_name))
    assert_no_axe_violations(audited_page)


def test_the_company_home_has_no_serious_axe_violation(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    world = World.build()
    context = new_context(bypass_csp=True)
    sign_in(context, live_server.url, world.users["company"], world.organisations["company"])
    page = context.new_page()
    page.goto(reverse("home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace entreprise")
    assert_no_axe_violations(page)


def test_the_code_confirmation_page_has_no_serious_axe_violation(
    audited_page: Page, outbox: list[Any]
) -> None:
    page = audited_page
    user = World.build().users["company"]
    page.goto(reverse("account_request_login_code"))
    form = page.locator("form", has=page.locator('input[name="email"]'))
    form.locator('input[name="email"]').fill(user.email)
    form.locator('input[name="email"]').press("Enter")
    expect(page.locator('input[name="code"]')).to_be_visible()
    login_code_from(outbox, user.email)
    assert_no_axe_violations(page)


def test_the_commune_page_has_no_serious_axe_violation(audited_page: Page) -> None:
    from lakou.territory.loaders import load_reference_territory

    page = audited_page
    load_reference_territory(settings.DATA_DIR)
    page.goto(reverse("territory:commune_detail", kwargs={"insee_code": "97209"}))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fort-de-France")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("role", ["anonymous", "company"])
def test_the_home_page_fits_a_320_px_screen(
    new_context: Callable[..., BrowserContext], live_server: Any, role: str
) -> None:
    context = new_context(viewport=PHONE)
    if role != "anonymous":
        world = World.build()
        sign_in(context, live_server.url, world.users[role], world.organisations[role])
    page = context.new_page()
    page.goto(reverse("home"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        f"La page d'accueil ({role}) défile horizontalement à 320 px "
        f"({_horizontal_overflow(page)} px de trop) : {_overflowing(page)}"
    )


def test_the_largest_text_size_is_kept_on_the_next_page(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(viewport=PHONE).new_page()
    page.goto(reverse("home"))
    normal = _root_font_size(page)

    open_menu(page)
    page.get_by_role("button", name="A très grande", exact=True).click()

    open_menu(page)
    expect(page.get_by_role("button", name="A très grande", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    largest = _root_font_size(page)
    assert largest >= normal * 1.25, f"A très grande : {normal} px → {largest} px seulement"
    page.goto(reverse("territory:overview"))
    assert _root_font_size(page) == largest
    open_menu(page)
    expect(page.get_by_role("button", name="A très grande", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )


@pytest.mark.parametrize("size", ["large", "xlarge"])
@pytest.mark.parametrize("url_name", ["home", "account_request_login_code"])
def test_pages_fit_a_320_px_screen_with_larger_text(
    new_context: Callable[..., BrowserContext], live_server: Any, url_name: str, size: str
) -> None:
    context = new_context(viewport=PHONE)
    context.add_cookies([{"name": TEXT_SIZE_COOKIE, "value": size, "url": live_server.url}])
    page = context.new_page()
    page.goto(reverse(url_name))
    expect(page.locator("html")).to_have_class(f"text-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        f"Texte {size} : {reverse(url_name)} défile horizontalement à 320 px "
        f"({_horizontal_overflow(page)} px de trop) : {_overflowing(page)}"
    )


def test_the_text_size_works_without_javascript(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(reverse("home"))
    expect(page.locator("html")).to_have_class("text-normal")
    normal = _root_font_size(page)

    open_menu(page)
    page.get_by_role("button", name="A très grande", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}{reverse('home')}")
    expect(page.locator("html")).to_have_class("text-xlarge")
    page.goto(reverse("skills:index"))
    expect(page.locator("html")).to_have_class("text-xlarge")
    assert _root_font_size(page) >= normal * 1.25


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page: Page) -> None:
    page.goto(reverse("home"))

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    page.keyboard.press("Tab")
    in_main = page.evaluate("document.getElementById('contenu').contains(document.activeElement)")
    assert in_main, "Après le lien d'évitement, Tab doit mener au premier lien du contenu"
