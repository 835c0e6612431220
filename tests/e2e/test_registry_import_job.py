"""The page of a big import updates itself under its CSP until the report: htmx swaps the progress
with JavaScript, the whole page reloads without it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, expect

from lakou.core.import_jobs import import_job_run
from lakou.core.models import ImportJob
from tests.e2e.helpers import assert_no_axe_violations, sign_in
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REGISTRY = (
    "siret;denomination;naf;codeCommuneEtablissement;etatAdministratifEtablissement\n"
    "73282932000074;Boulangerie du Bourg;10.71C;97209;A\n"
)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_job_page_reloads_by_itself_until_it_shows_the_report(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    settings: Any,
    tmp_path: Path,
    javascript: bool,
) -> None:
    settings.IMPORT_FILES_DIR = tmp_path
    (tmp_path / "kept.csv").write_text(REGISTRY, encoding="utf-8")
    CommuneFactory()
    world = World.build()
    job = ImportJob.objects.create(
        kind="companies",
        file_name="registre.csv",
        stored_name="kept.csv",
        user=world.users["federation"],
        organisation=world.organisations["federation"],
    )
    # The site's CSP is enforced (no bypass): the refresh must pass under it.
    context = new_context(java_script_enabled=javascript)
    sign_in(context, live_server.url, world.users["federation"], world.organisations["federation"])
    page = context.new_page()
    page.goto(reverse("diagnostics:registry_import_job", args=[job.pk]))
    expect(page.locator("progress")).to_be_visible()
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))

    import_job_run(job=job)

    expect(page.get_by_text("Import réussi : 1 ligne(s) lue(s), 1 créée(s)")).to_be_visible(
        timeout=8_000
    )
    if javascript:
        assert loads == [], "la page entière s'est rechargée au lieu de mettre à jour l'avancement"
    else:
        assert loads, "la page ne s'est pas rechargée toute seule"
    assert page.locator('meta[http-equiv="refresh"]').count() == 0


def test_the_job_page_has_no_serious_axe_violation(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    world = World.build()
    job = ImportJob.objects.create(
        kind="companies",
        file_name="registre.csv",
        stored_name="absent.csv",
        user=world.users["federation"],
        organisation=world.organisations["federation"],
        status=ImportJob.Status.READING,
        lines_read=12_000,
        lines_total=200_000,
    )
    context = new_context(bypass_csp=True)
    sign_in(context, live_server.url, world.users["federation"], world.organisations["federation"])
    page = context.new_page()
    # With its automatic update on, as a person first sees it.
    page.goto(reverse("diagnostics:registry_import_job", args=[job.pk]))
    expect(page.get_by_text("12\xa0000 lignes lues sur 200\xa0000")).to_be_visible()
    assert_no_axe_violations(page)
