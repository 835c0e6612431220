"""Every page of the access tables, opened in Chromium by its allowed actor: axe-core finds no
serious or critical violation at 1280 px and at 360 px, and nothing spills out of a 360 px phone.

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
from playwright.sync_api import BrowserContext

from lakou.core.demo import Scale
from tests.access import UrlAccess
from tests.demo import seed_demo
from tests.e2e.helpers import DESKTOP, axe_violations, describe_violations, phone_problems
from tests.test_url_access import CASES
from tests.world import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DEMO = Scale("e2e", companies=120, people=50, providers=2, auditors=1, associations=1)


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


class Site:
    """The demo and the World in one database, and a signed-in browser context per actor."""

    def __init__(self, new_context: Callable[..., BrowserContext], base_url: str, **options: Any):
        seed_demo(DEMO)
        self.world = World.build()
        self.new_context = new_context
        self.base_url = base_url
        self.options = options
        self.contexts: dict[str, BrowserContext] = {}

    def context_of(self, actor: str) -> BrowserContext:
        if actor not in self.contexts:
            context = self.new_context(bypass_csp=True, **self.options)
            if actor != "anonymous":
                cookie = self.world.client(actor).cookies[settings.SESSION_COOKIE_NAME]
                context.add_cookies(
                    [{"name": cookie.key, "value": cookie.value, "url": self.base_url}]
                )
            self.contexts[actor] = context
        return self.contexts[actor]

    def problems(self, name: str, *, phone: bool) -> list[str]:
        case = CASES[name]
        url = reverse(name, kwargs=case.kwargs(self.world) if case.kwargs else {})
        context = self.context_of(case.allowed)
        response = context.request.get(url, max_redirects=0)
        if response.status != 200:
            return [f"{case.allowed} reçoit {response.status} sur {url}"]
        if not response.headers.get("content-type", "").startswith("text/html"):
            return []  # a download: its content is tested with its export
        page = context.new_page()
        try:
            page.goto(url)
            violations = axe_violations(page)
            found = [describe_violations(violations)] if violations else []
            if phone:
                found += phone_problems(page)
            return [f"{url} ({case.allowed}) : {problem}" for problem in found]
        finally:
            page.close()


def _check_every_page(site: Site, subtests: pytest.Subtests, *, phone: bool) -> None:
    # While working on one app: LAKOU_PAGES=partnerships: checks only the pages named so.
    only = os.environ.get("LAKOU_PAGES", "")
    for name in PAGES:
        if not name.startswith(only):
            continue
        with subtests.test(page=name):
            assert site.problems(name, phone=phone) == []


def test_every_page_passes_axe_on_a_wide_screen(
    new_context: Callable[..., BrowserContext], live_server: Any, subtests: pytest.Subtests
) -> None:
    _check_every_page(Site(new_context, live_server.url, viewport=DESKTOP), subtests, phone=False)


def test_every_page_passes_axe_and_fits_a_360_px_phone(
    new_context: Callable[..., BrowserContext], live_server: Any, subtests: pytest.Subtests
) -> None:
    _check_every_page(Site(new_context, live_server.url, viewport=PHONE), subtests, phone=True)
