"""`lakou import commune-ages`: each kind of bad line, upsert, audit entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from lakou.core.imports import ImportReport, run_import
from lakou.core.models import AuditEntry
from lakou.territory.imports import CommuneAgesImporter
from lakou.territory.models import AgeGroupPopulation, Commune
from tests.territory.factories import AgeGroupPopulationFactory, CommuneFactory
from tests.world import World

HEADER = "insee_code,year,age_group,population\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes() -> None:
    CommuneFactory()
    CommuneFactory(lamentin=True)


def run(tmp_path: Path, lines: str, *, header: str = HEADER) -> ImportReport:
    path = tmp_path / "ages.csv"
    path.write_text(header + lines, encoding="utf-8")
    return run_import(CommuneAgesImporter(), path, actor=None)


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("97299,2020,0-14,10", "insee_code", "code INSEE inconnu « 97299 »"),
        (",2020,0-14,10", "insee_code", "valeur manquante"),
        ("97209,20,0-14,10", "year", "année invalide « 20 »"),
        ("97209,2020,0-17,10", "age_group", "tranche d'âge inconnue « 0-17 »"),
        ("97209,2020,0-14,12.5", "population", "« 12.5 » n'est pas un nombre entier"),
        ("97209,2020,0-14,-3", "population", "« -3 » n'est pas un nombre entier"),
        ("97209,2020,0-14,", "population", "valeur manquante"),
        ("97209,2020,0-14,5000000", "population", "nombre trop grand"),
    ],
)
def test_each_kind_of_bad_line_is_reported_with_its_line_and_column(
    tmp_path: Path, line: str, column: str, reason: str
) -> None:
    report = run(tmp_path, "97213,2020,0-14,10\n" + line + "\n")

    assert [(p.line, p.column) for p in report.problems] == [(3, column)]
    assert reason in report.problems[0].reason
    assert not AgeGroupPopulation.objects.exists()


def test_a_duplicate_row_points_to_the_first_one(tmp_path: Path) -> None:
    report = run(tmp_path, "97209,2020,0-14,10\n97213,2020,0-14,10\n97209,2020,0-14,11\n")

    assert [(p.line, p.column) for p in report.problems] == [(4, "insee_code, year, age_group")]
    assert "la ligne 2 a déjà ces valeurs" in report.problems[0].reason


def test_every_problem_of_a_line_is_reported(tmp_path: Path) -> None:
    report = run(tmp_path, "97299,deux,enfants,beaucoup\n")

    assert [p.column for p in report.problems] == ["insee_code", "year", "age_group", "population"]


def test_it_accepts_spaced_thousands_total_and_spaced_age_groups(tmp_path: Path) -> None:
    report = run(tmp_path, '97209,2020,TOTAL,"75 506"\n97209,2020,75 +,7\u00a0000\n')

    assert report.ok, report.problems
    stored = dict(AgeGroupPopulation.objects.values_list("age_group", "population"))
    assert stored == {"total": 75506, "75+": 7000}


def test_it_updates_an_existing_row_and_leaves_the_others(tmp_path: Path) -> None:
    fort_de_france = Commune.objects.get(insee_code="97209")
    AgeGroupPopulationFactory(commune=fort_de_france, year=2020, age_group="0-14", population=1)
    AgeGroupPopulationFactory(year=2020, age_group="0-14", population=57527)  # regional

    report = run(tmp_path, "97209,2020,0-14,12000\n97209,2020,15-29,13000\n")

    assert (report.created, report.updated) == (1, 1)
    assert (
        AgeGroupPopulation.objects.get(commune=fort_de_france, age_group="0-14").population == 12000
    )
    assert AgeGroupPopulation.objects.regional().get().population == 57527


def test_running_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    run(tmp_path, "97209,2020,0-14,12000\n")

    report = run(tmp_path, "97209,2020,0-14,12000\n")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert AgeGroupPopulation.objects.count() == 1


def test_it_keeps_the_optional_source(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "97209,2020,0-14,12000,Insee RP2020,https://insee.fr/fr/statistiques/1\n",
        header="insee_code,year,age_group,population,source,source_url\n",
    )

    assert report.ok
    row = AgeGroupPopulation.objects.get()
    assert (row.source, row.source_url) == ("Insee RP2020", "https://insee.fr/fr/statistiques/1")


def test_a_bad_source_address_is_refused(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "97209,2020,0-14,12000,Insee,insee.fr\n",
        header="insee_code,year,age_group,population,source,source_url\n",
    )

    assert [(p.line, p.column) for p in report.problems] == [(2, "source_url")]


def test_the_import_leaves_one_audit_entry_with_who_and_what(tmp_path: Path) -> None:
    world = World.build()
    path = tmp_path / "ages.csv"
    path.write_text(HEADER + "97209,2020,0-14,12000\n97213,2020,0-14,9000\n", encoding="utf-8")

    run_import(CommuneAgesImporter(), path, actor=world.actor("federation"))

    entry = AuditEntry.objects.get(action="territory.commune_ages.import")
    assert entry.user == world.users["federation"]
    assert entry.organisation == world.organisations["federation"]
    assert entry.changes["created"] == 2
    assert entry.changes["communes"] == ["97209", "97213"]
    assert entry.changes["file"] == "ages.csv"


def test_a_source_with_a_terminal_escape_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "97213,2020,0-14,9000,Insee,\n97209,2020,0-14,12000,Insee \x1b[31mRP2020,\n",
        header="insee_code,year,age_group,population,source,source_url\n",
    )

    assert [(p.line, p.column) for p in report.problems] == [(3, "source")]
    assert "caractère de contrôle interdit (U+001B)" in report.problems[0].reason
    assert not AgeGroupPopulation.objects.exists()
