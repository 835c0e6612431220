"""An active mediator logs an individual act on a 360 × 740 screen with the keyboard alone: the
presets (date, time, duration, venue, commune) are kept, one theme is ticked, the act is saved
and « Saisir un autre acte » comes next. The test counts the key presses and the seconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from lakou.mediation.models import Act
from tests.e2e.helpers import assert_no_axe_violations, sign_in
from tests.e2e.test_agreements import patient_expect, site_url, slow_tolerant
from tests.mediation.factories_acts import active_mediator
from tests.mediation.factories_mediators import lamentin
from tests.mediation.factories_venues import make_venue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["patient_expect", "site_url"]  # fixtures used by name

PHONE = {"width": 360, "height": 740}
# Measured at 22 presses (19 Tab through the header and the presets, Space, Enter) and about half
# a second of script; tabbing on to the button instead of Enter in the checkbox takes 48.
MAX_KEY_PRESSES = 25


class Keyboard:
    """The page's keyboard, counting every key pressed."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.presses = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def tab_to(self, selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            self.press("Tab")
            if self.page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
                return
        raise AssertionError(f"{selector} jamais atteint en {limit} Tab")


def test_a_mediator_logs_an_act_by_keyboard_on_a_phone(
    new_context: Callable[..., BrowserContext],
    site_url: str,
    patient_expect: None,
    record_property: Any,
) -> None:
    mediator = active_mediator(served=(lamentin(),))
    venue = make_venue(commune=lamentin(), name="Médiathèque du Lamentin")
    phone = slow_tolerant(new_context(viewport=PHONE, bypass_csp=True))  # axe is injected
    sign_in(phone, site_url, mediator.user)
    page = phone.new_page()
    page.goto(reverse("mediation:act_create"))
    expect(page.get_by_role("heading", name="Noter un acte")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    started = time.monotonic()
    keys = Keyboard(page)
    # « Aller au contenu », then through the presets to the first theme.
    keys.tab_to('input[name="themes"][value="PrendreEnMainDuMateriel"]')
    keys.press("Space")
    expect(page.get_by_label("Prendre en main du matériel")).to_be_checked()
    keys.press("Enter")  # Enter in a form's checkbox submits it
    expect(page.get_by_role("heading", name="Acte enregistré")).to_be_visible()
    seconds = time.monotonic() - started
    another = page.get_by_role("link", name="Saisir un autre acte")
    expect(another).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    act = Act.objects.get(mediator=mediator)
    assert act.venue == venue
    assert act.commune == venue.commune
    assert act.kind == "individual"
    assert act.duration_minutes == 30
    assert act.themes == ["PrendreEnMainDuMateriel"]
    print(f"\nActe noté au clavier : {keys.presses} touches, {seconds:.1f} s")  # noqa: T201
    record_property("key_presses", keys.presses)
    record_property("seconds", round(seconds, 1))
    assert keys.presses <= MAX_KEY_PRESSES

    # The next act starts from the big button, by keyboard too.
    another.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Noter un acte")).to_be_visible()
