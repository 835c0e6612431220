"""Audit pages (auditors record, companies read), the needs map and the indicator page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor, ActorRequest
from lakou.core.exports import table_download
from lakou.core.forms import PeriodTerritoryForm
from lakou.core.french import de_name
from lakou.core.indicators import IndicatorInputError
from lakou.core.period import parse_period, parse_territory
from lakou.diagnostics.forms.audits import (
    AuditForm,
    CompanySearchForm,
    NeedFormSet,
    NeedsFilterForm,
    needs_of,
)
from lakou.diagnostics.indicators import companies_diagnosed
from lakou.diagnostics.models import Audience, Audit, Response
from lakou.diagnostics.models.dimensions import MIN_COMPANIES_FOR_MEDIAN
from lakou.diagnostics.services.audits import (
    audit_create,
    audit_update,
    audits_visible_to,
    compare_with_peers,
    get_audit_for_actor,
    registry_search,
    sector_name,
)
from lakou.diagnostics.services.needs import (
    GROUPINGS,
    NeedsFilters,
    NeedsTable,
    needs_table,
    with_secrecy,
)
from lakou.territory.models import Epci

# ---------------------------------------------------------------- permissions


def can_record_audits(actor: Actor) -> bool:
    """Auditor firms record audits."""
    return actor.is_auditor


def can_see_full_needs(actor: Actor) -> bool:
    """Federation and EPCI staff see the needs and the indicator without statistical secrecy."""
    return actor.is_federation or actor.is_epci


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Cette page est réservée à d'autres organisations."))


# ---------------------------------------------------------------- audits


@require_GET
def audit_list(request: ActorRequest) -> HttpResponse:
    """An auditor's audits, or the audits and questionnaire results of a company."""
    actor = request.actor
    _require(actor.is_auditor or actor.is_company)
    audits = audits_visible_to(actor).order_by("-audited_on", "-pk")
    page = Paginator(audits, 50).get_page(request.GET.get("page"))
    responses = (
        Response.objects.filter(
            company_id=actor.organisation_id,
            status=Response.Status.SUBMITTED,
            campaign__audience=Audience.COMPANIES,
        ).select_related("campaign")
        if actor.is_company
        else Response.objects.none()
    )
    return render(
        request,
        "diagnostics/audits/audit_list.html",
        {"page": page, "responses": responses, "search_form": CompanySearchForm()},
    )


@require_GET
def audit_company_search(request: ActorRequest) -> HttpResponse:
    _require(can_record_audits(request.actor))
    form = CompanySearchForm(request.GET)
    companies = registry_search(form.data.get("q", "")) if form.is_valid() else []
    return render(
        request,
        "diagnostics/audits/company_search.html",
        {"form": form, "companies": companies},
    )


def _render_audit_form(
    request: ActorRequest,
    *,
    company: Organisation,
    form: AuditForm,
    formset: Any,
    audit: Audit | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "diagnostics/audits/audit_form.html",
        {"company": company, "form": form, "formset": formset, "audit": audit},
        status=status,
    )


def get_company_to_audit(request: ActorRequest, company_pk: int) -> Organisation:
    """A registry company, for an auditor. Others see no registry company but their own: 404
    on any other (as on a missing id), 403 for a company on itself."""
    companies = Organisation.objects.companies()
    if not can_record_audits(request.actor):
        own = request.actor.organisation_id if request.actor.is_company else None
        companies = companies.filter(pk=own) if own is not None else companies.none()
    company = get_object_or_404(companies, pk=company_pk)
    _require(can_record_audits(request.actor))
    return company


@require_http_methods(["GET", "POST"])
def audit_create_view(request: ActorRequest, company_pk: int) -> HttpResponse:
    company = get_company_to_audit(request, company_pk)
    if request.method == "GET":
        form = AuditForm(initial={"audited_on": timezone.localdate()})
        return _render_audit_form(request, company=company, form=form, formset=NeedFormSet())
    form = AuditForm(request.POST, request.FILES)
    formset = NeedFormSet(request.POST, prefix="form")
    if form.is_valid() and formset.is_valid():
        try:
            audit = audit_create(
                actor=request.actor,
                company=company,
                audited_on=form.cleaned_data["audited_on"],
                method=form.cleaned_data["method"],
                scores=form.scores(),
                needs=needs_of(formset),
                report=form.cleaned_data.get("report"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Audit %(of_name)s enregistré.") % {"of_name": de_name(company.name)}
            )
            return redirect("diagnostics:audit_detail", pk=audit.pk)
    return _render_audit_form(request, company=company, form=form, formset=formset, status=400)


@require_http_methods(["GET", "POST"])
def audit_edit(request: ActorRequest, pk: int) -> HttpResponse:
    audit = get_audit_for_actor(request.actor, pk, write=True)
    if request.method == "GET":
        form = AuditForm(
            initial={
                "audited_on": audit.audited_on,
                "method": audit.method,
                **{f"score_{code}": value for code, value in audit.scores.items()},
            }
        )
        formset = NeedFormSet(
            initial=[
                {
                    "competence": need.competence_id,
                    "occupation": need.occupation_id,
                    "level": need.level,
                    "headcount": need.headcount,
                    "horizon": need.horizon,
                    "mode": need.mode,
                }
                for need in audit.needs.all()
            ]
        )
        return _render_audit_form(
            request, company=audit.company, form=form, formset=formset, audit=audit
        )
    form = AuditForm(request.POST, request.FILES)
    formset = NeedFormSet(request.POST, prefix="form")
    if form.is_valid() and formset.is_valid():
        try:
            audit_update(
                actor=request.actor,
                audit=audit,
                audited_on=form.cleaned_data["audited_on"],
                method=form.cleaned_data["method"],
                scores=form.scores(),
                needs=needs_of(formset),
                report=form.cleaned_data.get("report"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Audit modifié."))
            return redirect("diagnostics:audit_detail", pk=audit.pk)
    return _render_audit_form(
        request, company=audit.company, form=form, formset=formset, audit=audit, status=400
    )


@require_GET
def audit_detail(request: ActorRequest, pk: int) -> HttpResponse:
    audit = get_audit_for_actor(request.actor, pk)
    needs = audit.needs.select_related("competence", "occupation")
    return render(
        request,
        "diagnostics/audits/audit_detail.html",
        {
            "audit": audit,
            "needs": needs,
            "comparisons": compare_with_peers(audit.company, audit.scores),
            "sector": sector_name(audit.company),
            "minimum": MIN_COMPANIES_FOR_MEDIAN,
            "can_edit": request.actor.is_auditor,
        },
    )


@require_GET
def audit_report(request: ActorRequest, pk: int) -> HttpResponse:
    audit = get_audit_for_actor(request.actor, pk)
    if not audit.report:
        raise Http404(_("Cet audit n'a pas de rapport."))
    # Reports are at most 10 Mo: read whole, so the file is closed before the response leaves.
    with audit.report.open("rb") as report:
        content = report.read()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="audit-{audit.pk}.pdf"'
    return response


@require_GET
def response_result(request: ActorRequest, pk: int) -> HttpResponse:
    """A company's questionnaire result next to its peers' medians; anyone else gets a 404."""
    responses = (
        Response.objects.filter(company_id=request.actor.organisation_id)
        if request.actor.is_company
        else Response.objects.none()
    )
    response = get_object_or_404(
        responses.select_related("campaign", "company", "company__commune"),
        pk=pk,
        status=Response.Status.SUBMITTED,
    )
    assert response.company is not None
    return render(
        request,
        "diagnostics/audits/response_result.html",
        {
            "response": response,
            "comparisons": compare_with_peers(response.company, response.scores),
            "sector": sector_name(response.company),
            "minimum": MIN_COMPANIES_FOR_MEDIAN,
        },
    )


# ---------------------------------------------------------------- needs map and indicator


def _default_period() -> str:
    return str(timezone.localdate().year)


def _needs_filters(request: ActorRequest) -> tuple[NeedsFilterForm, NeedsFilters | None]:
    data = request.GET.copy()
    data.setdefault("period", _default_period())
    form = NeedsFilterForm(data)
    if not form.is_valid():
        return form, None
    try:
        period = parse_period(form.cleaned_data["period"])
        territory = parse_territory(form.cleaned_data["territory"])
    except IndicatorInputError as error:
        form.add_error(None, str(error))
        return form, None
    return form, NeedsFilters(
        period=period,
        territory=territory,
        horizon=form.cleaned_data["horizon"],
        mode=form.cleaned_data["mode"],
    )


def _export(tables: list[NeedsTable], export_format: str, filename: str) -> HttpResponse:
    header = [
        _("Regroupement"),
        _("Clé"),
        _("Libellé"),
        _("Entreprises"),
        _("Personnes"),
        _("Besoins"),
    ]

    def shown(value: int | None) -> int | str:
        return _("secret") if value is None else value

    lines: list[list[Any]] = []
    for table in tables:
        for row in table.rows:
            lines.append(
                [
                    table.title,
                    row.key,
                    row.label,
                    shown(row.companies),
                    shown(row.headcount),
                    shown(row.needs),
                ]
            )
        lines.append(
            [
                table.title,
                "",
                _("Total"),
                shown(table.total_companies),
                shown(table.total_headcount),
                shown(table.total_needs),
            ]
        )
    return table_download(
        [header, *lines], filename=filename, export_format=export_format, sheet_title=_("Besoins")
    )


def _needs_page(request: ActorRequest, *, public: bool) -> HttpResponse:
    form, filters = _needs_filters(request)
    tables: list[NeedsTable] = []
    if filters is not None:
        tables = [needs_table(filters, grouping) for grouping in GROUPINGS]
        if public:
            tables = [with_secrecy(table) for table in tables]
    export_format = request.GET.get("format", "")
    if export_format in ("csv", "xlsx") and filters is not None:
        name = f"besoins-{filters.period.code}{'-' + filters.territory.code if filters.territory.code else ''}"
        return _export(tables, export_format, name + ("-public" if public else ""))
    communes = tables[0] if tables else None
    scope: list[str] | None = None
    if communes is not None and public:
        scope = [row.key for row in communes.rows if not row.is_secret]
    elif communes is not None and filters is not None and filters.territory.code:
        scope = [row.key for row in communes.rows]
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "diagnostics/audits/needs_map.html",
        {
            "form": form,
            "filters": filters,
            "tables": tables,
            "communes": communes,
            "scope": scope,
            "public": public,
            "query": query.urlencode(),
        },
        status=200 if filters is not None else 400,
    )


@require_GET
def needs_map(request: ActorRequest) -> HttpResponse:
    _require(can_see_full_needs(request.actor))
    return _needs_page(request, public=False)


@require_GET
@login_not_required
def needs_map_public(request: ActorRequest) -> HttpResponse:
    return _needs_page(request, public=True)


@require_GET
def indicator(request: ActorRequest) -> HttpResponse:
    _require(can_see_full_needs(request.actor))
    data = request.GET.copy()
    data.setdefault("period", _default_period())
    organisation = request.actor.organisation
    if "territory" not in data and organisation is not None and organisation.epci_id:
        data["territory"] = Epci.objects.get(pk=organisation.epci_id).siren
    form = PeriodTerritoryForm(data)
    result = None
    if form.is_valid():
        try:
            result = companies_diagnosed(
                parse_period(form.cleaned_data["period"]),
                parse_territory(form.cleaned_data["territory"]),
            )
        except IndicatorInputError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "diagnostics/audits/indicator.html",
        {"form": form, "result": result},
        status=200 if result is not None else 400,
    )
