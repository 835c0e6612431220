"""Audits: only auditor firms record them, scores are checked, the PDF report is really a PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from lakou.core.models import AuditEntry
from lakou.diagnostics.models import Audit, Horizon, NeedMode, SkillNeed
from lakou.diagnostics.services.audits import (
    REPORT_MAX_BYTES,
    NeedInput,
    audit_create,
    audit_update,
    compare_with_peers,
    get_audit_for_actor,
    registry_search,
)
from tests.diagnostics.factories_audits import (
    AuditFactory,
    RegistryCompanyFactory,
    ResponseFactory,
)
from tests.skills.factories import CompetenceFactory, OccupationFactory
from tests.world import World

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
SCORES = {"strategy": 40, "readiness": 55, "human": 60, "data": 35, "automation": 20, "green": 15}


@pytest.fixture
def world(db: None, settings: pytest.FixtureRequest, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return World.build()


def pdf(content: bytes = PDF, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile("rapport.pdf", content, content_type=content_type)


def create(world: World, **overrides: object) -> Audit:
    arguments: dict[str, object] = {
        "actor": world.actor("auditor"),
        "company": RegistryCompanyFactory(),
        "audited_on": dt.date(2026, 4, 2),
        "method": Audit.Method.ON_SITE,
        "scores": SCORES,
        "needs": [
            NeedInput(
                competence=CompetenceFactory(),
                headcount=3,
                horizon=Horizon.UNDER_6_MONTHS,
                mode=NeedMode.TRAIN,
                level="4",
            ),
            NeedInput(
                occupation=OccupationFactory(developer=True),
                headcount=1,
                horizon=Horizon.OVER_12_MONTHS,
                mode=NeedMode.RECRUIT,
            ),
        ],
    }
    arguments.update(overrides)
    return audit_create(**arguments)  # type: ignore[arg-type]


def test_it_records_an_audit_with_its_needs_and_an_audit_entry(world: World) -> None:
    audit = create(world, report=pdf())
    assert audit.auditor == world.organisations["auditor"]
    assert audit.scores == SCORES
    assert audit.report.name.endswith(".pdf")
    needs = SkillNeed.objects.filter(audit=audit)
    assert sorted(needs.values_list("headcount", flat=True)) == [1, 3]
    assert set(needs.values_list("recorded_on", flat=True)) == {dt.date(2026, 4, 2)}
    assert set(needs.values_list("company", flat=True)) == {audit.company_id}
    entry = AuditEntry.objects.get(action="diagnostics.audit_create")
    assert entry.organisation == world.organisations["auditor"]


@pytest.mark.parametrize("role", ["company", "federation", "epci", "provider", "person"])
def test_only_an_auditor_firm_records_an_audit(world: World, role: str) -> None:
    with pytest.raises(PermissionDenied):
        create(world, actor=world.actor(role))
    assert not Audit.objects.exists()


def test_only_a_company_can_be_audited(world: World) -> None:
    with pytest.raises(ValidationError, match="Seule une entreprise"):
        create(world, company=world.organisations["provider"])


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"strategy": 101}, "entre 0 et 100"),
        ({"strategy": -1}, "entre 0 et 100"),
        ({"strategy": 12.5}, "nombre entier"),
        ({"budget": 50}, "Dimension inconnue"),
        ({}, "au moins un score"),
    ],
)
def test_it_refuses_bad_scores_in_french(
    world: World, scores: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        create(world, scores=scores)


@pytest.mark.parametrize(
    ("report", "message"),
    [
        (pdf(content_type="image/png"), "doit être un fichier PDF"),
        (pdf(content=b"<html>not a pdf</html>"), "pas un vrai PDF"),
        (pdf(content=b"%PDF-" + b"0" * REPORT_MAX_BYTES), "dépasse 10 Mo"),
    ],
)
def test_it_checks_the_report(world: World, report: SimpleUploadedFile, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        create(world, report=report)
    assert not Audit.objects.exists()


def test_a_need_names_a_skill(world: World) -> None:
    need = NeedInput(headcount=2, horizon=Horizon.UNDER_6_MONTHS, mode=NeedMode.TRAIN)
    with pytest.raises(ValidationError, match="compétence ou un métier"):
        create(world, needs=[need])


def test_its_auditor_updates_it_and_replaces_the_needs(world: World) -> None:
    audit = create(world)
    audit_update(
        actor=world.actor("auditor"),
        audit=audit,
        audited_on=dt.date(2026, 5, 1),
        method=Audit.Method.REMOTE,
        scores={"strategy": 70},
        needs=[],
    )
    audit.refresh_from_db()
    assert audit.scores == {"strategy": 70}
    assert audit.needs.count() == 0
    assert AuditEntry.objects.filter(action="diagnostics.audit_update").count() == 1


def test_another_auditor_cannot_update_it(world: World) -> None:
    audit = AuditFactory()  # by another firm
    with pytest.raises(PermissionDenied):
        audit_update(
            actor=world.actor("auditor"),
            audit=audit,
            audited_on=audit.audited_on,
            method=audit.method,
            scores=SCORES,
        )


def test_fetch_helper_hides_other_organisations_audits(world: World) -> None:
    mine = AuditFactory(
        auditor=world.organisations["auditor"], company=world.organisations["company"]
    )
    theirs = AuditFactory()
    assert get_audit_for_actor(world.actor("auditor"), mine.pk) == mine
    assert get_audit_for_actor(world.actor("company"), mine.pk) == mine
    with pytest.raises(Http404):
        get_audit_for_actor(world.actor("auditor"), theirs.pk)
    with pytest.raises(Http404):
        get_audit_for_actor(world.actor("other_company"), mine.pk)
    with pytest.raises(Http404):
        get_audit_for_actor(world.actor("company"), mine.pk, write=True)


def test_registry_search_finds_by_name_or_siret(db: None) -> None:
    company = RegistryCompanyFactory(name="Boulangerie du Lamentin", siret="73282932000074")
    RegistryCompanyFactory(name="Garage Central")
    assert list(registry_search("boulangerie")) == [company]
    assert list(registry_search("732 829")) == [company]
    assert list(registry_search("")) == []


def test_medians_need_five_companies(db: None) -> None:
    """Sector J (62.01Z): 4 peers plus the company = 5; EPCI: the same 5 plus a sector-C one."""
    company = RegistryCompanyFactory(naf_code="62.01Z")
    AuditFactory(company=company, scores={"strategy": 10, "data": 90})
    for value in (20, 30, 40, 50):
        AuditFactory(company=RegistryCompanyFactory(naf_code="63.11Z"), scores={"strategy": value})
    # An older audit of a peer does not count: each company counts for its latest diagnostic.
    peer = RegistryCompanyFactory(naf_code="10.71A")
    AuditFactory(company=peer, scores={"strategy": 0}, audited_on=dt.date(2025, 1, 1))
    ResponseFactory(company=peer, scores={"dimensions": {"strategy": 100, "human": 80}})
    rows = {row.code: row for row in compare_with_peers(company, company.audits.get().scores)}
    assert rows["strategy"].score == 10
    assert rows["strategy"].sector_median == 30.0
    assert rows["strategy"].sector_count == 5
    assert rows["strategy"].epci_median == 35.0  # 10 20 30 40 50 100
    assert rows["data"].sector_median is None  # only one company
    assert rows["human"].epci_median is None  # one response only
    assert rows["human"].epci_count == 1
