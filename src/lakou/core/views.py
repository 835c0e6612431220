from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.functional import Promise as StrPromise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES
from lakou.core.navigation import home_for

ONE_YEAR = 365 * 24 * 3600


@require_GET
@login_not_required
def home(request: ActorRequest) -> HttpResponse:
    page = home_for(request.actor)
    return render(request, page.template, {"home": page})


@require_GET
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
@login_not_required
def set_text_size(request: HttpRequest) -> HttpResponse:
    size = request.POST.get("size", "normal")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if size in TEXT_SIZES:
        response.set_cookie(TEXT_SIZE_COOKIE, size, max_age=ONE_YEAR, samesite="Lax")
    return response


# Error pages: French, in the site's layout, with a way back. Under /api/ the answer is JSON,
# like every other API answer, so that a client never has to parse an HTML page.
ERROR_TEXTS = {
    400: (_("Demande incorrecte"), _("La demande envoyée n'a pas pu être comprise.")),
    403: (_("Accès refusé"), _("Vous n'avez pas le droit d'ouvrir cette page.")),
    404: (
        _("Page introuvable"),
        _("Cette page n'existe pas, ou vous n'avez pas le droit de la voir."),
    ),
    500: (
        _("Erreur du serveur"),
        _("Une erreur inattendue s'est produite. Elle a été enregistrée ; réessayez plus tard."),
    ),
}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error(request: HttpRequest, status: int, detail: str | StrPromise = "") -> HttpResponse:
    title, text = ERROR_TEXTS[status]
    if _is_api(request):
        return JsonResponse({"detail": str(detail or title)}, status=status)
    template = "core/error_500.html" if status == 500 else "core/error.html"
    context = {"status": status, "title": title, "text": text, "detail": detail}
    if status == 500:
        # No context processors: the database or the session may be what failed.
        return HttpResponse(loader.render_to_string(template, context), status=status)
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that expired (or from another site): say how to try again."""
    return _error(
        request,
        403,
        _(
            "Le formulaire a expiré ou ne vient pas de Lakou. Revenez à la page précédente, "
            "rechargez-la, puis envoyez le formulaire à nouveau."
        ),
    )
