"""The page checkers find what they are for: a test that cannot fail proves nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import axe_violations, phone_problems

pytestmark = pytest.mark.e2e

BAD_PAGE = """<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>
<h1>Essai</h1>
<p style="color:#bbb;background:#fff">Texte gris clair sur blanc</p>
<input type="text">
<div style="width:900px">Trop large</div>
</main></body></html>"""


def test_axe_reports_serious_violations_and_the_phone_check_reports_overflow(
    audited_page: Page,
) -> None:
    audited_page.set_viewport_size({"width": 360, "height": 740})
    audited_page.set_content(BAD_PAGE)
    found = {violation["id"] for violation in axe_violations(audited_page)}
    assert {"color-contrast", "label"} <= found
    problems = phone_problems(audited_page)
    assert any("défile" in problem for problem in problems), problems


def test_a_sound_page_has_nothing_to_report(audited_page: Page) -> None:
    audited_page.set_viewport_size({"width": 360, "height": 740})
    audited_page.set_content(
        '<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>'
        "<h1>Essai</h1><p>Texte lisible.</p></main></body></html>"
    )
    assert axe_violations(audited_page) == []
    assert phone_problems(audited_page) == []
