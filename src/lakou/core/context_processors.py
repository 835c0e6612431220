from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lakou.core.navigation import menu_for

TEXT_SIZES = ("normal", "large", "xlarge")
TEXT_SIZE_COOKIE = "lakou_text_size"


def _menu(request: HttpRequest) -> Any:
    # Lazy: a fragment that never shows the menu costs no query for the actor behind it.
    def build() -> Any:
        actor = getattr(request, "actor", None)
        if actor is None:
            return []
        match = request.resolver_match
        return menu_for(actor, path=request.path, view_name=match.view_name if match else "")

    return SimpleLazyObject(build)


def lakou(request: HttpRequest) -> dict[str, Any]:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return {
        "actor": getattr(request, "actor", None),
        "menu": _menu(request),
        "text_size": size if size in TEXT_SIZES else "normal",
        "text_sizes": TEXT_SIZES,
    }
