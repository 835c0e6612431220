from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES
from lakou.core.homes import home_for

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
