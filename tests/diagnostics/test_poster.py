from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from lakou.diagnostics.services.poster import campaign_poster_pdf
from tests.diagnostics.factories_campaigns import open_campaign
from tests.world import World

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext est introuvable : installez le paquet Debian poppler-utils"
    result = subprocess.run(  # noqa: S603 — fixed executable, our own PDF on stdin
        [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdf_info(pdf: bytes) -> str:
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo est introuvable : installez le paquet Debian poppler-utils"
    result = subprocess.run(  # noqa: S603 — fixed executable, our own PDF on stdin
        [pdfinfo, "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_the_poster_is_an_a4_pdf_with_the_title_dates_and_short_link(settings: object) -> None:
    settings.SITE_URL = "https://lakou.mq"  # type: ignore[attr-defined]
    campaign = open_campaign(title="Vos besoins numériques 2026")
    pdf = campaign_poster_pdf(campaign)
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf).split())
    assert f"lakou.mq/diagnostic/r/{campaign.short_code}" in text
    assert "Vos besoins numériques 2026" in text
    assert f"{campaign.ends_on.year}" in text
    assert "(A4)" in pdf_info(pdf)


def test_federation_staff_download_the_poster() -> None:
    world = World.build()
    campaign = open_campaign()
    response = world.client("federation").get(
        reverse("diagnostics:campaign_poster", kwargs={"pk": campaign.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"affiche-{campaign.short_code}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
