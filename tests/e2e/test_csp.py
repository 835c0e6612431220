"""Pages work with their Content-Security-Policy enforced: htmx loads, nothing is blocked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "url_name", ["home", "account_login", "account_request_login_code", "territory:overview"]
)
def test_pages_run_under_their_content_security_policy(page: Page, url_name: str) -> None:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # Browsers ask for /favicon.ico by themselves; its 404 is not the page's doing.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(reverse(url_name))

    assert page.evaluate("typeof window.htmx") == "object", "htmx ne s'est pas chargé"
    assert errors == [], f"Erreurs dans la console de {page.url} :\n" + "\n".join(errors)
