"""Audit pages, the indicator page and the audit API, as the people using them see them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lakou.diagnostics.models import Audit
from tests.diagnostics.factories_audits import AuditFactory, RegistryCompanyFactory
from tests.skills.factories import CompetenceFactory
from tests.world import World

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def world(db: None, settings: pytest.FixtureRequest, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return World.build()


def audit_post_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "audited_on": "2026-04-02",
        "method": "on_site",
        "score_strategy": "40",
        "score_data": "70",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "50",
        "form-0-competence": str(CompetenceFactory().pk),
        "form-0-headcount": "3",
        "form-0-horizon": "lt6",
        "form-0-mode": "train",
        "form-1-horizon": "",
    }
    data.update(overrides)
    return data


def test_an_auditor_finds_a_company_and_records_its_audit(world: World) -> None:
    company = RegistryCompanyFactory(name="Distillerie Saint-James", siret="73282932000074")
    client = world.client("auditor")
    search = client.get(reverse("diagnostics:audit_company_search"), {"q": "saint-james"})
    create_url = reverse("diagnostics:audit_create", args=[company.pk])
    assert create_url in search.content.decode()

    report = SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")
    response = client.post(create_url, {**audit_post_data(), "report": report})
    assert response.status_code == 302, response.content.decode()[-3000:]
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("diagnostics:audit_detail", args=[audit.pk])
    assert audit.scores == {"strategy": 40, "data": 70}
    assert audit.needs.get().headcount == 3
    page = client.get(response["Location"]).content.decode()
    assert "Distillerie Saint-James" in page
    assert "Télécharger le rapport (PDF)" in page


def test_a_fake_pdf_is_refused_next_to_the_field(world: World) -> None:
    company = RegistryCompanyFactory()
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = world.client("auditor").post(
        reverse("diagnostics:audit_create", args=[company.pk]),
        {**audit_post_data(), "report": fake},
    )
    assert response.status_code == 400
    assert "pas un vrai PDF" in response.content.decode()
    assert not Audit.objects.exists()


def test_a_need_without_skill_is_refused(world: World) -> None:
    response = world.client("auditor").post(
        reverse("diagnostics:audit_create", args=[RegistryCompanyFactory().pk]),
        audit_post_data(**{"form-0-competence": ""}),
    )
    assert response.status_code == 400
    assert "Choisissez une compétence ou un métier" in response.content.decode()


def test_the_company_sees_its_audit_without_a_median_of_too_few_companies(world: World) -> None:
    audit = AuditFactory(company=world.organisations["company"])
    page = world.client("company").get(reverse("diagnostics:audit_detail", args=[audit.pk]))
    assert page.status_code == 200
    assert "pas assez d'entreprises pour comparer" in page.content.decode()


def test_another_company_gets_a_404(world: World) -> None:
    audit = AuditFactory(company=world.organisations["company"])
    page = world.client("other_company").get(reverse("diagnostics:audit_detail", args=[audit.pk]))
    assert page.status_code == 404


def test_the_auditor_list_shows_only_its_audits_in_constant_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    for _ in range(5):
        AuditFactory(auditor=world.organisations["auditor"])
    AuditFactory(company=RegistryCompanyFactory(name="Pas chez nous"))
    client = world.client("auditor")
    client.get(reverse("diagnostics:audit_list"))  # warm the session and caches
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = client.get(reverse("diagnostics:audit_list"))
    assert page.content.decode().count("/diagnostic/audits/") >= 5
    assert "Pas chez nous" not in page.content.decode()


def test_the_indicator_page_explains_and_computes(world: World) -> None:
    AuditFactory(company=RegistryCompanyFactory(), audited_on=dt.date(2026, 2, 1))
    RegistryCompanyFactory()
    page = world.client("federation").get(
        reverse("diagnostics:indicator"), {"period": "2026", "territory": "97209"}
    )
    text = page.content.decode()
    assert "ne compte qu'une fois" in text
    assert "50,0 %" in text
    assert "1 entreprises diagnostiquées sur 2" in text


def test_the_indicator_page_says_what_is_wrong_with_the_period(world: World) -> None:
    page = world.client("epci").get(reverse("diagnostics:indicator"), {"period": "2026-Q9"})
    assert page.status_code == 400
    assert "Période invalide" in page.content.decode()


def test_the_api_records_an_audit_for_an_auditor_token(world: World) -> None:
    company = RegistryCompanyFactory(siret="73282932000074")
    competence = CompetenceFactory()
    body = {
        "company_siret": company.siret,
        "audited_on": "2026-06-01",
        "method": "remote",
        "scores": {"strategy": 50},
        "needs": [
            {
                "competence": f"{competence.framework.code}:{competence.code}",
                "headcount": 2,
                "horizon": "6to12",
                "mode": "recruit",
            }
        ],
    }
    response = world.client("anonymous").post(
        "/api/v1/diagnostic/audits",
        json.dumps(body),
        content_type="application/json",
        headers=world.api_headers("auditor"),
    )
    assert response.status_code == 201, response.content
    assert response.json()["needs"][0]["headcount"] == 2
    listed = world.client("anonymous").get(
        "/api/v1/diagnostic/audits", headers=world.api_headers("auditor")
    )
    assert [a["company_siret"] for a in listed.json()["results"]] == [company.siret]


def test_the_api_refuses_bad_scores_in_french(world: World) -> None:
    company = RegistryCompanyFactory(siret="73282932000074")
    body = {
        "company_siret": company.siret,
        "audited_on": "2026-06-01",
        "method": "remote",
        "scores": {"strategy": 500},
    }
    response = world.client("anonymous").post(
        "/api/v1/diagnostic/audits",
        json.dumps(body),
        content_type="application/json",
        headers=world.api_headers("auditor"),
    )
    assert response.status_code == 422
    assert "scores.strategy : Doit être inférieur ou égal à 100" in response.json()["detail"]


def test_a_company_token_lists_only_its_audits(world: World) -> None:
    AuditFactory(company=world.organisations["company"])
    AuditFactory()
    listed = world.client("anonymous").get(
        "/api/v1/diagnostic/audits", headers=world.api_headers("company")
    )
    assert listed.json()["count"] == 1


def test_the_indicator_api(world: World) -> None:
    AuditFactory(company=RegistryCompanyFactory(), audited_on=dt.date(2026, 2, 1))
    response = world.client("anonymous").get(
        "/api/v1/diagnostic/indicateurs/companies-diagnosed",
        {"period": "2026", "territory": "97209"},
        headers=world.api_headers("federation"),
    )
    assert response.json()["rate"] == 1.0
    bad = world.client("anonymous").get(
        "/api/v1/diagnostic/indicateurs/companies-diagnosed",
        {"period": "2026", "territory": "00000"},
        headers=world.api_headers("federation"),
    )
    assert bad.status_code == 422
    assert "code INSEE d'une commune (97201 à 97234)" in bad.json()["detail"]
    unknown = world.client("anonymous").get(
        "/api/v1/diagnostic/indicateurs/companies-diagnosed",
        {"period": "2026", "territory": "123456789"},
        headers=world.api_headers("federation"),
    )
    assert unknown.status_code == 404
    assert "Aucun EPCI" in unknown.json()["detail"]


def test_the_diagnostic_indicator_api_does_not_serve_the_training_indicators(world: World) -> None:
    """Those are public with statistical secrecy under /formations/: no way around it here."""
    response = world.client("anonymous").get(
        "/api/v1/diagnostic/indicateurs/people-certified",
        {"period": "2026"},
        headers=world.api_headers("epci"),
    )
    assert response.status_code == 404


def test_the_auditor_edits_its_audit(world: World) -> None:
    audit = AuditFactory(auditor=world.organisations["auditor"])
    client = world.client("auditor")
    form = client.get(reverse("diagnostics:audit_edit", args=[audit.pk])).content.decode()
    assert 'value="40"' in form  # the current strategy score
    response = client.post(
        reverse("diagnostics:audit_edit", args=[audit.pk]),
        audit_post_data(score_strategy="80"),
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.scores == {"strategy": 80, "data": 70}
    assert audit.needs.count() == 1
