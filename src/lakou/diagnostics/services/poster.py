"""The printable A4 poster of a campaign: title, dates, short link and its QR code, as a PDF."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from lakou.diagnostics.models import Campaign


def campaign_short_url(campaign: Campaign) -> str:
    return settings.SITE_URL + reverse(
        "diagnostics:campaign_short", kwargs={"short_code": campaign.short_code}
    )


def qr_svg(data: str) -> str:
    """An inline SVG QR code; error correction "M" survives a poster that is a little worn."""
    return segno.make(data, error="m", micro=False).svg_inline(
        scale=10, border=2, dark="#000", light="#fff", omitsize=True
    )


def poster_html(campaign: Campaign) -> str:
    url = campaign_short_url(campaign)
    return render_to_string(
        "diagnostics/campaigns/poster.html",
        {
            "campaign": campaign,
            "url": url,
            "display_url": url.split("://", 1)[-1],
            "qr": mark_safe(qr_svg(url)),  # noqa: S308 — SVG built by segno from our own URL
        },
    )


def campaign_poster_pdf(campaign: Campaign) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf = HTML(string=poster_html(campaign), base_url=settings.SITE_URL).write_pdf()
    assert pdf is not None
    return bytes(pdf)
