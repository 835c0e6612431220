"""A real Chromium against the live server: one browser per run, a fresh context per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Error, Page, sync_playwright

from tests.e2e.helpers import DESKTOP

# Playwright's sync API runs an asyncio loop in the test thread; Django's ORM then believes it is
# called from async code. The calls are in fact synchronous, one at a time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("LAKOU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run. A missing browser is a failure, never a skip."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        found = shutil.which("chromium")
        pytest.fail(
            f"Chromium est introuvable à {CHROMIUM} (trouvé dans le PATH : {found}). "
            "Installez le paquet Debian `chromium` (make chromium) ou indiquez LAKOU_CHROMIUM. "
            "Ne lancez pas `playwright install`.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as error:
            pytest.fail(f"Chromium ({CHROMIUM}) ne démarre pas : {error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, live_server: Any) -> Any:
    """pytest-django's live server, started after the test database exists.

    Started first, it would not see the in-memory SQLite database to share with its threads:
    each request would open its own connection, never closed (ResourceWarning, an error here).
    """
    return live_server


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[Callable[..., BrowserContext]]:
    """Make browser contexts on the live server (French, desktop size unless told otherwise)."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "fr-FR")
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(5_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a fresh context, with the site's Content-Security-Policy enforced."""
    return new_context().new_page()


@pytest.fixture
def audited_page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page where axe-core can be injected: the CSP rightly refuses inline scripts."""
    return new_context(bypass_csp=True).new_page()


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    """Rate limits and used TOTP codes live in the cache, shared with the server thread."""
    cache.clear()


@pytest.fixture
def outbox(mailoutbox: list[Any], settings: Any) -> list[Any]:
    """The locmem outbox; the live server runs in this process, so its e-mails land here.

    No worker runs beside the live server: e-mails queued on commit (login codes among them) are
    sent as soon as they are queued.
    """
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return mailoutbox
