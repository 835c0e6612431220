"""The header on a phone: one « Menu » button, the page's title on the first screen; the homes pass axe.

Screens: 360 px (a common Android phone) and 1280 px, at the normal and the largest text size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from lakou.core.context_processors import TEXT_SIZE_COOKIE
from lakou.diagnostics.models import Audience
from lakou.training.models import Enrolment
from tests.accounts.factories import MembershipFactory
from tests.diagnostics.factories_campaigns import open_campaign
from tests.e2e.helpers import DESKTOP, assert_no_axe_violations, open_menu, sign_in
from tests.training.factories import make_programme, make_session, provider_actor
from tests.training.factories_enrolment import enrolment_in
from tests.world import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"width": 360, "height": 640}
FIRST_SCREEN = 640
# What the header may take at most on a 360 px phone, closed, by text size.
HEADER_MAX = {"normal": 120, "xlarge": 200}
ROLES = (
    "anonymous",
    "person",
    "federation",
    "epci",
    "company",
    "provider",
    "auditor",
    "association",
)


def live_world() -> World:
    """The named actors, with something live on each home: open campaigns, a request, a label."""
    world = World.build()
    open_campaign(title="Vos besoins numériques 2026", owner=world.organisations["federation"])
    open_campaign(
        audience=Audience.COMPANIES,
        title="Maturité numérique des entreprises 2026",
        owner=world.organisations["federation"],
    )
    staff = provider_actor(world.organisations["provider"])
    programme = make_programme(actor=staff, title="Développeur web et web mobile")
    session = make_session(programme)
    enrolment_in(session, Enrolment.Status.REQUESTED)
    enrolment_in(session, Enrolment.Status.ACCEPTED, learner=world.users["person"])
    return world


def open_home(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    world: World,
    role: str,
    *,
    viewport: dict[str, int],
    text_size: str = "normal",
    **options: Any,
) -> Page:
    context = new_context(viewport=viewport, **options)
    context.add_cookies([{"name": TEXT_SIZE_COOKIE, "value": text_size, "url": live_server.url}])
    if role != "anonymous":
        sign_in(context, live_server.url, world.users[role], world.organisations.get(role))
    page = context.new_page()
    page.goto(reverse("home"))
    expect(page.locator("html")).to_have_class(f"text-{text_size}")
    return page


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return found


@pytest.mark.parametrize("text_size", sorted(HEADER_MAX))
@pytest.mark.parametrize("role", ["anonymous", "federation", "company"])
def test_on_a_phone_the_header_is_short_and_the_title_is_on_the_first_screen(
    new_context: Callable[..., BrowserContext], live_server: Any, role: str, text_size: str
) -> None:
    world = World.build()
    if role == "company":  # two organisations: the header holds the switch too
        MembershipFactory(
            user=world.users["company"], organisation=world.organisations["association"]
        )
    page = open_home(new_context, live_server, world, role, viewport=PHONE_360, text_size=text_size)

    header = box(page, "header.site-header")
    assert header["height"] <= HEADER_MAX[text_size], (
        f"{role}, texte {text_size} : l'en-tête fermé mesure {header['height']:.0f} px"
    )
    heading = box(page, "h1")
    assert heading["y"] + heading["height"] <= FIRST_SCREEN, (
        f"{role}, texte {text_size} : le titre finit à {heading['y'] + heading['height']:.0f} px"
    )
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    expect(page.locator("summary", has_text="Menu")).to_be_visible()


def test_without_javascript_the_menu_opens_on_a_phone_and_its_links_work(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    world = World.build()
    page = open_home(
        new_context, live_server, world, "company", viewport=PHONE_360, java_script_enabled=False
    )
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu).to_be_hidden()

    page.locator("summary", has_text="Menu").click()

    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.get_by_role("button", name="A très grande", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Accueil")).to_have_attribute("aria-current", "page")
    menu.get_by_role("link", name="Mes diagnostics").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('diagnostics:audit_list')}")
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    open_menu(page)
    expect(page.get_by_role("link", name="Mes diagnostics")).to_have_attribute(
        "aria-current", "page"
    )


def test_on_a_wide_screen_the_menu_shows_open_without_a_button(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    world = World.build()
    page = open_home(new_context, live_server, world, "provider", viewport=DESKTOP)

    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu).to_be_visible()
    menu.get_by_role("link", name="Suivis").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('training:followup_list')}")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_360], ids=["1280", "360"])
def test_a_menu_group_opens_with_the_keyboard_and_its_links_stay_on_the_screen(
    new_context: Callable[..., BrowserContext], live_server: Any, viewport: dict[str, int]
) -> None:
    world = World.build()
    page = open_home(new_context, live_server, world, "company", viewport=viewport)
    open_menu(page)
    menu = page.get_by_role("navigation", name="Menu principal")
    offers = menu.get_by_role("link", name="Mes offres")
    expect(offers).to_be_hidden()
    group = menu.locator("summary", has_text="Partenariats")
    group.focus()
    page.keyboard.press("Enter")
    expect(offers).to_be_visible()
    width = viewport["width"]
    for link in menu.locator(".menu-group details[open] ul a").all():
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
    offers.click()
    expect(page).to_have_url(f"{live_server.url}{reverse('partnerships:my_offers')}")
    open_menu(page)
    expect(menu.locator("summary.is-current", has_text="Partenariats")).to_be_visible()
    expect(menu.get_by_role("link", name="Mes offres")).to_be_hidden()


@pytest.mark.parametrize("role", ROLES)
def test_each_home_passes_axe_on_a_wide_screen_and_a_phone_menu_open_or_closed(
    new_context: Callable[..., BrowserContext], live_server: Any, role: str
) -> None:
    world = live_world()
    for viewport in (DESKTOP, PHONE_360):
        page = open_home(new_context, live_server, world, role, viewport=viewport, bypass_csp=True)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)
        if viewport is PHONE_360:
            open_menu(page)
            expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
            assert_no_axe_violations(page)
