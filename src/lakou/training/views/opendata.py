"""Public open data: the page that explains the catalogue files, and the three files themselves."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lakou.training.services.opendata import (
    LICENCE,
    LICENCE_URL,
    build_data_inclusion,
    build_lheo,
    catalogue_summary,
    iter_csv,
    load_catalogue,
)

# The files are rebuilt on each request; a short public cache spares the database.
FILE_CACHE_SECONDS = 600


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _named(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"


@login_not_required
@require_GET
def opendata(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/opendata/opendata.html",
        {"summary": catalogue_summary(), "licence": LICENCE, "licence_url": LICENCE_URL},
    )


@login_not_required
@require_GET
@cache_control(public=True, max_age=FILE_CACHE_SECONDS)
def catalogue_lheo(request: HttpRequest) -> HttpResponse:
    body = build_lheo(load_catalogue(), base_url=_base_url(request))
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    _named(response, "catalogue.lheo.xml")
    return response


@login_not_required
@require_GET
@cache_control(public=True, max_age=FILE_CACHE_SECONDS)
def catalogue_data_inclusion(request: HttpRequest) -> HttpResponse:
    data = build_data_inclusion(load_catalogue(), base_url=_base_url(request))
    body = json.dumps(data, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    _named(response, "catalogue.data-inclusion.json")
    return response


@login_not_required
@require_GET
@cache_control(public=True, max_age=FILE_CACHE_SECONDS)
def catalogue_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = iter_csv(load_catalogue(), base_url=_base_url(request))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    _named(response, "catalogue.csv")
    return response
