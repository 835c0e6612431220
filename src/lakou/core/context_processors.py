from __future__ import annotations

from typing import Any

from django.http import HttpRequest

TEXT_SIZES = ("normal", "large", "xlarge")
TEXT_SIZE_COOKIE = "lakou_text_size"


def lakou(request: HttpRequest) -> dict[str, Any]:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return {
        "actor": getattr(request, "actor", None),
        "text_size": size if size in TEXT_SIZES else "normal",
        "text_sizes": TEXT_SIZES,
    }
