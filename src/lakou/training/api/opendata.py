"""Open data API: the catalogue in the data·inclusion format, public like the file."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from lakou.api.routers import Router
from lakou.training.services.opendata import build_data_inclusion, load_catalogue

router = Router(tags=["Formations"])


class DataInclusionOut(Schema):
    structures: list[dict[str, Any]]
    services: list[dict[str, Any]]


@router.get(
    "/donnees-ouvertes/data-inclusion",
    response=DataInclusionOut,
    url_name="training_opendata_data_inclusion",
    summary="Catalogue publié au format data·inclusion (structures et services)",
)
def data_inclusion(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    base_url = request.build_absolute_uri("/").rstrip("/")
    return build_data_inclusion(load_catalogue(), base_url=base_url)
