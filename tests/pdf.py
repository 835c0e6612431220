"""A PDF the server made, read back as text with pdftotext (Debian's poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext est introuvable : installez le paquet Debian poppler-utils"
    result = subprocess.run(  # noqa: S603 - our own PDF, a fixed command
        [pdftotext, "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()
