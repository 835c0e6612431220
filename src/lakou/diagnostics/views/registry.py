"""The company registry pages: import (upload) and list. Federation staff only."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from lakou.accounts.models import Organisation, OrganisationQuerySet
from lakou.core.actor import ActorRequest
from lakou.core.import_jobs import (
    import_file_save,
    import_job_report,
    import_job_start,
    runs_in_background,
)
from lakou.core.imports import ImportReport, run_import
from lakou.core.models import ImportJob
from lakou.diagnostics.forms.registry import RegistryFilterForm, RegistryImportForm
from lakou.diagnostics.services.registry import CompanyRegistryImporter, in_naf_section
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


def get_import_job_for_actor(request: ActorRequest, pk: uuid.UUID) -> ImportJob:
    """A registry import the actor started, acting for the same organisation; others are a 404."""
    jobs = ImportJob.objects.of_actor(request.actor).filter(kind=CompanyRegistryImporter.kind)
    return get_object_or_404(jobs, pk=pk)


def import_upload(form: RegistryImportForm, request: ActorRequest) -> ImportReport | ImportJob:
    """A small file is imported at once; a big one becomes a job for the worker."""
    upload = form.cleaned_data["file"]
    name = Path(upload.name).name
    dry_run = form.cleaned_data["dry_run"]
    path = import_file_save(upload)
    kept_for_the_job = False
    try:
        if runs_in_background(path):
            job = import_job_start(
                actor=request.actor,
                kind=CompanyRegistryImporter.kind,
                path=path,
                file_name=name,
                dry_run=dry_run,
            )
            kept_for_the_job = True
            return job
        return run_import(
            CompanyRegistryImporter(), path, actor=request.actor, dry_run=dry_run, file_name=name
        )
    finally:
        if not kept_for_the_job:
            path.unlink(missing_ok=True)


@require_http_methods(["GET", "POST"])
def registry_import(request: ActorRequest) -> HttpResponse:
    require_federation(request)
    report = None
    if request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_upload(form, request)
            if isinstance(result, ImportJob):
                return redirect("diagnostics:registry_import_job", pk=result.pk)
            report = result
    else:
        form = RegistryImportForm()
    status = 400 if (form.errors or (report is not None and not report.ok)) else 200
    return render(
        request,
        "diagnostics/registry/import.html",
        {
            "form": form,
            "report": report,
            "background_from": settings.IMPORT_BACKGROUND_FROM_LINES,
        },
        status=status,
    )


@require_GET
def registry_import_job(request: ActorRequest, pk: uuid.UUID) -> HttpResponse:
    """The progress of a big import, then its report. Reloads itself while it runs (no JS)."""
    require_federation(request)
    job = get_import_job_for_actor(request, pk)
    total = max(job.lines_total or 0, job.lines_read)
    return render(
        request,
        "diagnostics/registry/import_job.html",
        {
            "job": job,
            "report": import_job_report(job),
            "lines_total": total,
            "auto_refresh": not job.finished and request.GET.get("actualiser") != "non",
        },
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
