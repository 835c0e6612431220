"""Registry read endpoint: the federation's tools look a company up by SIRET."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema

from lakou.accounts.models import Organisation
from lakou.api.auth import TokenAuth, request_actor
from lakou.api.routers import Router

router = Router(tags=["Diagnostic"])


class RegistryCompanyOut(Schema):
    siret: str
    siren: str
    name: str
    naf_code: str
    headcount_band: str
    size_band: str
    commune_insee_code: str | None
    epci_siren: str | None
    created_on: date | None
    is_closed: bool
    closed_on: date | None


@router.get(
    "/registry/companies/{siret}",
    response=RegistryCompanyOut,
    auth=TokenAuth(),
    url_name="registry_company",
    summary="Une entreprise du répertoire, par SIRET (fédération seulement)",
)
def registry_company(request: HttpRequest, siret: str) -> RegistryCompanyOut:
    actor = request_actor(request)
    companies = Organisation.objects.companies().select_related("commune__epci")
    # Others get the same 404 as an unknown SIRET: the registry is the federation's.
    company = get_object_or_404(companies if actor.is_federation else companies.none(), siret=siret)
    commune = company.commune
    return RegistryCompanyOut(
        siret=company.siret,
        siren=company.siren,
        name=company.name,
        naf_code=company.naf_code,
        headcount_band=company.headcount_band,
        size_band=company.size_band,
        commune_insee_code=commune.insee_code if commune else None,
        epci_siren=commune.epci.siren if commune else None,
        created_on=company.registry_created_on,
        is_closed=company.is_closed,
        closed_on=company.registry_closed_on,
    )
