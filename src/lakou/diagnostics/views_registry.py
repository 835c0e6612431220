"""The company registry pages: import (upload) and list. Federation staff only."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from lakou.accounts.models import Organisation, OrganisationQuerySet
from lakou.core.actor import ActorRequest
from lakou.core.imports import ImportReport, run_import
from lakou.diagnostics.forms_registry import RegistryFilterForm, RegistryImportForm
from lakou.diagnostics.registry import CompanyRegistryImporter, in_naf_section
from lakou.territory.models import Commune, Epci

COMPANIES_PER_PAGE = 50


class ActorHtmxRequest(ActorRequest):
    htmx: HtmxDetails


def require_federation(request: ActorRequest) -> None:
    """The registry is the federation's tool; others are told it does not exist."""
    if not request.actor.is_federation:
        raise Http404


def registry_companies(
    *, epci: Epci | None, commune: Commune | None, section: str
) -> OrganisationQuerySet:
    companies = Organisation.objects.companies().select_related("commune__epci")
    if epci is not None:
        companies = companies.filter(commune__epci=epci)
    if commune is not None:
        companies = companies.filter(commune=commune)
    return in_naf_section(companies, section).order_by("name", "pk")


def import_upload(form: RegistryImportForm, request: ActorRequest) -> ImportReport:
    upload = form.cleaned_data["file"]
    name = Path(upload.name).name
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        with path.open("wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        return run_import(
            CompanyRegistryImporter(),
            path,
            actor=request.actor,
            dry_run=form.cleaned_data["dry_run"],
        )


@require_http_methods(["GET", "POST"])
def registry_import(request: ActorRequest) -> HttpResponse:
    require_federation(request)
    report = None
    if request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_upload(form, request)
    else:
        form = RegistryImportForm()
    status = 400 if (form.errors or (report is not None and not report.ok)) else 200
    return render(
        request,
        "diagnostics/registry/import.html",
        {"form": form, "report": report},
        status=status,
    )


@require_GET
def registry_list(request: ActorHtmxRequest) -> HttpResponse:
    require_federation(request)
    form = RegistryFilterForm(request.GET)
    filters = form.filters()
    companies = registry_companies(**filters)
    page = Paginator(companies, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    template = "diagnostics/registry/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "filtered": any(filters.values())},
    )
