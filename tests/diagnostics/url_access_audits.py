"""Audit pages, needs map, indicator and their API: who may open them."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.access import UrlAccess
from tests.diagnostics.factories_audits import AuditFactory, RegistryCompanyFactory
from tests.territory.factories import CommuneFactory

NOBODY_ELSE = ("anonymous", "person", "provider", "association", "epci")
REPORT_NAME = "audits/tests/rapport-acces.pdf"


def audit_of_company(world: Any) -> dict[str, Any]:
    audit = AuditFactory(
        auditor=world.organisations["auditor"], company=world.organisations["company"]
    )
    return {"pk": audit.pk}


def audit_with_report(world: Any) -> dict[str, Any]:
    if not default_storage.exists(REPORT_NAME):
        default_storage.save(REPORT_NAME, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    audit = AuditFactory(
        auditor=world.organisations["auditor"],
        company=world.organisations["company"],
        report=REPORT_NAME,
    )
    return {"pk": audit.pk}


def company_of_registry(world: Any) -> dict[str, Any]:
    return {"company_pk": RegistryCompanyFactory().pk}


def with_commune(world: Any) -> dict[str, Any]:
    CommuneFactory()
    return {}


CASES = {
    "diagnostics:audit_list": UrlAccess(allowed="auditor", denied=NOBODY_ELSE),
    "diagnostics:audit_company_search": UrlAccess(
        allowed="auditor", denied=(*NOBODY_ELSE, "company")
    ),
    "diagnostics:audit_create": UrlAccess(
        allowed="auditor", denied=(*NOBODY_ELSE, "company"), kwargs=company_of_registry
    ),
    "diagnostics:audit_detail": UrlAccess(
        allowed="company", denied=(*NOBODY_ELSE, "other_company"), kwargs=audit_of_company
    ),
    "diagnostics:audit_edit": UrlAccess(
        allowed="auditor",
        denied=(*NOBODY_ELSE, "company", "other_company"),
        kwargs=audit_of_company,
    ),
    "diagnostics:audit_report": UrlAccess(
        allowed="company", denied=(*NOBODY_ELSE, "other_company"), kwargs=audit_with_report
    ),
    "diagnostics:response_result": UrlAccess(
        allowed="company",
        denied=("anonymous", "other_company", "auditor"),
        kwargs=lambda w: {
            "pk": __import__("tests.diagnostics.factories_audits", fromlist=["ResponseFactory"])
            .ResponseFactory(company=w.organisations["company"])
            .pk
        },
    ),
    "diagnostics:needs_map": UrlAccess(
        allowed="epci", denied=("anonymous", "person", "company", "auditor", "provider")
    ),
    "diagnostics:needs_map_public": UrlAccess(allowed="anonymous", public=True),
    "diagnostics:indicator": UrlAccess(
        allowed="epci", denied=("anonymous", "person", "company", "auditor", "provider")
    ),
    "api-1.0.0:diagnostic_audit_list": UrlAccess(
        allowed="auditor", denied=("anonymous", "person", "epci", "provider")
    ),
    "api-1.0.0:diagnostic_audit_create": UrlAccess(
        allowed="auditor",
        denied=("anonymous", "company", "epci", "federation"),
        method="post",
        data=lambda w: {},
        # The table's client posts a form body: the auditor reaches validation (400 or 422),
        # the others are stopped before. tests/diagnostics/test_audits.py posts real JSON.
        ok_status=(400, 422),
    ),
    "api-1.0.0:diagnostic_needs": UrlAccess(
        allowed="anonymous", public=True, kwargs=with_commune, data=lambda w: {"period": "2026"}
    ),
    "api-1.0.0:diagnostic_indicator": UrlAccess(
        allowed="federation",
        denied=("anonymous", "company", "auditor", "person"),
        kwargs=lambda w: {"indicator_id": "companies-diagnosed"},
        data=lambda w: {"period": "2026"},
    ),
}
