"""Every page of the access tables, opened in Chromium by its allowed actor: axe-core finds no
serious or critical violation at 1280 px and at 360 px, nothing spills out of the screen at
either width, and tables shown as cards on a phone keep their header row on a wide screen.

Generated: a new URL is checked here as soon as its entry exists in a `tests/<app>/url_access*.py`
table. The pages are opened on the demo data with the access tables' own actors and objects (the
`World`) added to it, so that lists are full and every object an entry names exists. File downloads
(CSV, ICS, PDF…) are checked for their status only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page

from tests.access import UrlAccess
from tests.demo import SMALL, seed_demo
from tests.e2e.helpers import DESKTOP, axe_violations, describe_violations, phone_problems
from tests.test_url_access import CASES
from tests.world import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# The pages are checked in this many tests, which the test workers share out.
SHARDS = 4


def is_page(name: str, case: UrlAccess) -> bool:
    """A page a person opens: a GET outside the API that answers 200 to its allowed actor."""
    return (
        case.method == "get" and 200 in case.ok_status and not name.startswith(("api-", "admin:"))
    )


PAGES = sorted(name for name, case in CASES.items() if is_page(name, case))


def test_the_generated_check_covers_the_pages_of_every_app() -> None:
    apps = {name.split(":")[0] for name in PAGES if ":" in name}
    assert {"training", "diagnostics", "territory", "skills", "accounts"} <= apps
    assert len(PAGES) >= 60


# On a wide screen a table keeps its header row (tables in a closed <details> are not shown).
HEADERLESS_TABLES = """() => [...document.querySelectorAll("main table.cards > thead")]
  .filter(head => head.closest("table").getClientRects().length && !head.getClientRects().length)
  .map(head => `le tableau « ${(head.closest("table").caption?.textContent || "").trim()} » perd `
               + "sa ligne d'en-tête sur un grand écran")"""


class Site:
    """The demo and the World in one database, and a signed-in browser page per actor."""

    def __init__(self, new_context: Callable[..., BrowserContext], base_url: str):
        seed_demo(SMALL)
        self.world = World.build()
        self.new_context = new_context
        self.base_url = base_url
        self.pages: dict[str, Page] = {}

    def page_of(self, actor: str) -> Page:
        """One page per actor, reused from URL to URL: opening a new page costs a renderer
        process, three times what loading a URL in it costs."""
        if actor not in self.pages:
            context = self.new_context(bypass_csp=True, viewport=DESKTOP)
            if actor != "anonymous":
                cookie = self.world.client(actor).cookies[settings.SESSION_COOKIE_NAME]
                context.add_cookies(
                    [{"name": cookie.key, "value": cookie.value, "url": self.base_url}]
                )
            self.pages[actor] = context.new_page()
        return self.pages[actor]

    def problems(self, name: str) -> dict[str, list[str]]:
        """What is wrong with the page at 1280 px and at 360 px, each width loaded afresh."""
        case = CASES[name]
        url = reverse(name, kwargs=case.kwargs(self.world) if case.kwargs else {})
        page = self.page_of(case.allowed)
        # A download is built whole before its first byte (an XLSX, a PDF): on a loaded machine
        # it may take longer than the 5 s a page element is given.
        response = page.request.get(url, max_redirects=0, timeout=20_000)
        if response.status != 200:
            return {"1280": [f"{case.allowed} reçoit {response.status} sur {url}"]}
        if not response.headers.get("content-type", "").startswith("text/html"):
            return {}  # a download: its content is tested with its export
        found: dict[str, list[str]] = {}
        for width, viewport in (("1280", DESKTOP), ("360", PHONE)):
            page.set_viewport_size(viewport)
            page.goto(url)
            violations = axe_violations(page)
            problems = [describe_violations(violations)] if violations else []
            # Nothing off the screen at either width; tables as cards are for phones only.
            problems += phone_problems(page)
            if viewport is DESKTOP:
                problems += page.evaluate(HEADERLESS_TABLES)
            found[width] = [f"{url} ({case.allowed}) : {problem}" for problem in problems]
        return found


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_passes_axe_at_1280_and_360_px(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    subtests: pytest.Subtests,
    shard: int,
) -> None:
    """The pages in SHARDS shares, so that the test workers split them."""
    site = Site(new_context, live_server.url)
    # While working on one app: LAKOU_PAGES=partnerships: checks only the pages named so.
    only = os.environ.get("LAKOU_PAGES", "")
    for name in PAGES[shard::SHARDS]:
        if not name.startswith(only):
            continue
        found = site.problems(name)
        for width in ("1280", "360"):
            with subtests.test(page=name, width=width):
                assert found.get(width, []) == []
