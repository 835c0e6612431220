"""The printable certificate: A4 landscape PDF with a QR code to the public verification page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from lakou.training.models import Certificate
from lakou.training.services.certificates import certificate_url


def certificate_qr_payload(certificate: Certificate) -> str:
    """What the QR code encodes: the verification page, nothing else."""
    return certificate_url(certificate)


def qr_svg(data: str) -> str:
    """Inline SVG; error correction "M" survives a folded or slightly worn printout."""
    return segno.make(data, error="m", micro=False).svg_inline(
        scale=8, border=2, dark="#000", light="#fff", omitsize=True
    )


def certificate_html(certificate: Certificate) -> str:
    url = certificate_url(certificate)
    return render_to_string(
        "training/certificates/pdf.html",
        {
            "certificate": certificate,
            "programme": certificate.programme,
            "provider": certificate.provider,
            "url": url,
            "qr": mark_safe(qr_svg(certificate_qr_payload(certificate))),  # noqa: S308 — segno SVG of our own URL
        },
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf = HTML(string=certificate_html(certificate), base_url=settings.SITE_URL).write_pdf()
    assert pdf is not None
    return bytes(pdf)
