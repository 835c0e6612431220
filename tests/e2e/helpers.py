"""Helpers of the browser tests: axe-core, login codes, signed-in contexts."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page

from lakou.accounts.models import Organisation, User
from lakou.core.middleware import SESSION_ORGANISATION_KEY

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}

# allauth writes the code alone on its line, possibly dashed for readability ("ABCD-EFGH").
LOGIN_CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*)\s*$", re.MULTILINE)


def axe_violations(page: Page, impacts: Sequence[str] = ("serious", "critical")) -> list[dict]:
    """Run axe-core on the page and return the violations of the given impacts."""
    axe = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
    assert axe.is_file(), f"axe-core est introuvable : {axe} (lancez npm ci)"
    page.add_script_tag(path=str(axe))
    # Only the violations are wanted: axe then skips building the passed and inapplicable
    # results, which took nine tenths of its time on our pages.
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    """A readable list: rule id, impact, help, the selectors of the failing nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, impacts: Sequence[str] = ("serious", "critical")) -> None:
    violations = axe_violations(page, impacts)
    assert not violations, f"axe-core sur {page.url} :\n{describe_violations(violations)}"


def login_code_from(outbox: list[Any], email: str, timeout: float = 5.0) -> str:
    """The code of the last login e-mail sent to `email`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(outbox):
            if email in message.to:
                match = LOGIN_CODE.search(message.body)
                assert match, f"Pas de code de connexion dans l'e-mail :\n{message.body}"
                return match.group(1)
        time.sleep(0.05)
    raise AssertionError(f"Aucun e-mail envoyé à {email} ; boîte : {[m.to for m in outbox]}")


def sign_in(
    context: BrowserContext, base_url: str, user: User, organisation: Organisation | None = None
) -> None:
    """Give the browser a session of `user`, without the login pages (they are tested apart)."""
    client = Client()
    client.force_login(user)
    if organisation is not None:
        session = client.session
        session[SESSION_ORGANISATION_KEY] = organisation.pk
        session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def current_totp_code(user: User) -> str:
    """What the user's authenticator app shows now, computed with allauth's own functions."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    # allauth accepts only the current period (no tolerance): never type a code about to expire.
    if app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD < 3:
        time.sleep(app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD + 0.1)
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    focused = page.evaluate("() => document.activeElement?.outerHTML.slice(0, 200)")
    raise AssertionError(
        f"{selector} jamais atteint en {limit} Tab sur {page.url} ; focus : {focused}"
    )


def sign_in_with_code(page: Page, outbox: list[Any], email: str) -> None:
    """Sign in through the real pages, as a person would: « Se connecter », e-mail, code."""
    from django.urls import reverse

    page.goto(reverse("home"))
    open_menu(page)
    page.get_by_role("link", name="Se connecter", exact=True).click()
    page.locator(f'a[href="{reverse("account_request_login_code")}"]').first.click()
    form = page.locator("form", has=page.locator('input[name="email"]'))
    form.locator('input[name="email"]').fill(email)
    form.locator('button[type="submit"], input[type="submit"]').first.click()
    form = page.locator("form", has=page.locator('input[name="code"]'))
    form.locator('input[name="code"]').fill(login_code_from(outbox, email))
    form.locator('button[type="submit"], input[type="submit"]').first.click()
    page.wait_for_url(re.compile(re.escape(reverse("home")) + r"$"))


def open_menu(page: Page) -> None:
    """On a narrow screen the menu and the header tools sit behind « Menu »: unfold it."""
    toggle = page.locator("summary.site-menu-toggle")
    if toggle.is_visible() and page.locator("details.site-menu[open]").count() == 0:
        toggle.click()


# What a person on a phone would notice, measured in the page (one message per problem).
PHONE_PROBLEMS = """() => {
  const width = innerWidth;
  const problems = [];
  const describe = e => {
    const text = (e.innerText || e.getAttribute("aria-label") || e.textContent || "")
      .replace(/\\s+/g, " ").trim().slice(0, 60);
    return `<${e.tagName.toLowerCase()}> « ${text} »`;
  };
  const overflow = document.documentElement.scrollWidth - width;
  if (overflow > 0) {
    const outermost = [...document.querySelectorAll("body *")]
      .filter(e => e.getBoundingClientRect().right > width + 0.5)
      .filter(e => !(e.parentElement.getBoundingClientRect().right > width + 0.5))
      .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} « ${(e.textContent || "").trim().slice(0, 40)} »`);
    problems.push(`la page défile de ${overflow} px vers la droite : ${outermost.join(", ")}`);
  }
  for (const e of document.querySelectorAll("main a, main button, main summary")) {
    const r = e.getBoundingClientRect();
    // Hidden (closed <details>, display: none) or visually hidden (1 px): not for the eye.
    if (!e.getClientRects().length || r.width <= 1 || r.height <= 1) continue;
    if (getComputedStyle(e).visibility === "hidden") continue;
    if (r.left < -0.5 || r.right > width + 0.5)
      problems.push(`${describe(e)} hors de l'écran (${Math.round(r.left)} à ${Math.round(r.right)} px)`);
  }
  for (const table of document.querySelectorAll("main table")) {
    const r = table.getBoundingClientRect();
    const caption = (table.caption?.textContent || table.querySelector("th")?.textContent || "")
      .replace(/\\s+/g, " ").trim().slice(0, 60);
    if (r.width > 0 && r.right > width + 0.5)
      problems.push(`le tableau « ${caption} » dépasse l'écran (${Math.round(r.right)} px)`);
    if (!table.classList.contains("cards")) continue;
    const heads = [...table.querySelectorAll("thead th")]
      .map(th => th.textContent.replace(/\\s+/g, " ").trim());
    for (const row of table.querySelectorAll("tbody tr, tfoot tr")) {
      let column = 0;
      for (const cell of row.cells) {
        const label = (cell.dataset.label ?? "").replace(/\\s+/g, " ").trim();
        if (cell.tagName === "TD" && cell.colSpan === 1 && label !== heads[column])
          problems.push(`tableau « ${caption} » : la cellule « ${cell.textContent.trim().slice(0, 30)} »`
                        + ` porte l'étiquette « ${label} » au lieu de « ${heads[column]} »`);
        column += cell.colSpan;
      }
    }
  }
  for (const item of document.querySelectorAll("main li")) {
    if (!item.querySelector(":scope > .button, :scope > button, :scope > form button")) continue;
    const style = getComputedStyle(item);
    if (style.display === "list-item" && style.listStyleType !== "none")
      problems.push(`un bouton « ${item.textContent.trim().slice(0, 40)} » porte une puce de liste`);
  }
  return problems;
}"""


def phone_problems(page: Page) -> list[str]:
    return page.evaluate(PHONE_PROBLEMS)
