"""`lakou import companies`: SIRENE columns, every kind of bad line, encodings, upsert, dry run."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lakou.accounts.models import Organisation
from lakou.core.imports import ImportReport, run_import
from lakou.core.models import AuditEntry
from lakou.diagnostics.models.naf import section_of
from lakou.diagnostics.services.registry import (
    CompanyRegistryImporter,
    parse_date,
    size_band_for,
)
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "siret;denomination;activitePrincipaleEtablissement;trancheEffectifsEtablissement;"
    "codeCommuneEtablissement;dateCreationEtablissement;etatAdministratifEtablissement;"
    "dateFermeture\n"
)
# Valid Luhn SIRETs.
SIRET_A = "73282932000074"
SIRET_B = "44306184100047"
SIRET_C = "12345678200010"
LINE_A = f"{SIRET_A};Boulangerie du Bourg;10.71C;01;97209;2012-05-03;A;\n"
LINE_B = f"{SIRET_B};Informatique Caraïbes;6201Z;11;97213;2019-01-15;A;\n"


@pytest.fixture(autouse=True)
def communes() -> None:
    CommuneFactory()
    CommuneFactory(lamentin=True)


def write(
    tmp_path: Path, content: str, *, name: str = "registre.csv", encoding: str = "utf-8"
) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


def run(tmp_path: Path, lines: str, *, header: str = HEADER, dry_run: bool = False) -> ImportReport:
    return run_import(
        CompanyRegistryImporter(), write(tmp_path, header + lines), actor=None, dry_run=dry_run
    )


def test_a_valid_file_creates_the_companies(tmp_path: Path) -> None:
    report = run(tmp_path, LINE_A + LINE_B)

    assert report.ok, report.problems
    assert (report.created, report.updated) == (2, 0)
    bakery = Organisation.objects.companies().get(siret=SIRET_A)
    assert bakery.name == "Boulangerie du Bourg"
    assert bakery.siren == SIRET_A[:9]
    assert bakery.naf_code == "10.71C"
    assert (bakery.headcount_band, bakery.size_band) == ("01", Organisation.SizeBand.TPE)
    assert bakery.commune is not None
    assert bakery.commune.insee_code == "97209"
    assert bakery.registry_created_on == date(2012, 5, 3)
    assert not bakery.is_closed
    assert Organisation.objects.get(siret=SIRET_B).naf_code == "62.01Z"


def test_one_audit_entry_records_the_whole_import(tmp_path: Path) -> None:
    run(tmp_path, LINE_A + LINE_B)

    entry = AuditEntry.objects.get()
    assert entry.action == "company_registry.import"
    assert entry.changes == {"file": "registre.csv", "created": 2, "updated": 0, "unchanged": 0}


def test_a_valid_xlsx_file_is_imported(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            "SIRET",
            "Denomination",
            "naf",
            "trancheEffectifsEtablissement",
            "codeCommuneEtablissement",
            "dateCreationEtablissement",
            "etatAdministratifEtablissement",
        ]
    )
    sheet.append([int(SIRET_A), "Boulangerie", "10.71C", 1, 97209, date(2012, 5, 3), "A"])
    path = tmp_path / "registre.xlsx"
    workbook.save(path)

    report = run_import(CompanyRegistryImporter(), path, actor=None)

    assert report.ok, report.problems
    bakery = Organisation.objects.get(siret=SIRET_A)
    assert (bakery.headcount_band, bakery.registry_created_on) == ("01", date(2012, 5, 3))


@pytest.mark.parametrize("separator", [";", ","])
def test_both_separators_are_read(tmp_path: Path, separator: str) -> None:
    header = "siret;denomination;naf;codeCommuneEtablissement;etatAdministratifEtablissement\n"
    line = f"{SIRET_A};Boulangerie;10.71C;97209;A\n"

    report = run(tmp_path, line.replace(";", separator), header=header.replace(";", separator))

    assert report.ok, report.problems
    assert Organisation.objects.filter(siret=SIRET_A).exists()


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", "\ufeff"), ("cp1252", ""), ("utf-8", "")]
)
def test_accented_names_survive_each_encoding(tmp_path: Path, encoding: str, prefix: str) -> None:
    content = prefix + HEADER + f"{SIRET_A};Épicerie Schœlcher Créole;47.11F;00;97209;;A;\n"

    report = run_import(
        CompanyRegistryImporter(), write(tmp_path, content, encoding=encoding), actor=None
    )

    assert report.ok, report.problems
    assert Organisation.objects.get(siret=SIRET_A).name == "Épicerie Schœlcher Créole"


def test_an_unreadable_encoding_is_refused(tmp_path: Path) -> None:
    content = HEADER.encode() + f"{SIRET_A};Caf".encode() + b"\x81\x8d;10.71C;01;97209;;A;\n"
    path = tmp_path / "registre.csv"
    path.write_bytes(content)

    report = run_import(CompanyRegistryImporter(), path, actor=None)

    assert [(p.line, p.column) for p in report.problems] == [(None, "")]
    assert "Encodage du fichier non reconnu" in report.problems[0].reason


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_a_control_character_in_a_csv_name_is_refused_with_its_line(
    tmp_path: Path, character: str
) -> None:
    report = run(tmp_path, LINE_B + LINE_A.replace("du Bourg", f"du{character}Bourg"))

    assert [str(problem) for problem in report.problems] == [
        f"Ligne 3, colonne « denomination » : caractère de contrôle interdit "
        f"(U+{ord(character):04X}) : retirez-le du fichier."
    ]
    assert not Organisation.objects.companies().exists()
    assert not AuditEntry.objects.exists()


def registry_xlsx(tmp_path: Path, name: str) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            "siret",
            "denomination",
            "naf",
            "codeCommuneEtablissement",
            "etatAdministratifEtablissement",
        ]
    )
    sheet.append([SIRET_B, "Informatique Caraïbes", "62.01Z", "97213", "A"])
    sheet.append([SIRET_A, name, "10.71C", "97209", "A"])
    path = tmp_path / "registre.xlsx"
    workbook.save(path)
    return path


# Excel writes a control character of a cell as _xHHHH_ in the XML of the sheet.
@pytest.mark.parametrize(
    ("escaped", "code"), [("_x0000_", "U+0000"), ("_x0007_", "U+0007"), ("_x001B_", "U+001B")]
)
def test_a_control_character_in_an_xlsx_name_is_refused_with_its_line(
    tmp_path: Path, escaped: str, code: str
) -> None:
    path = registry_xlsx(tmp_path, f"Boulangerie{escaped}du Bourg")

    report = run_import(CompanyRegistryImporter(), path, actor=None)

    assert [(p.line, p.column) for p in report.problems] == [(3, "denomination")]
    assert f"caractère de contrôle interdit ({code})" in report.problems[0].reason
    assert not Organisation.objects.companies().exists()


def test_an_accented_name_in_an_xlsx_file_passes(tmp_path: Path) -> None:
    path = registry_xlsx(tmp_path, "Épicerie Schœlcher « Ti Kréyòl »")

    report = run_import(CompanyRegistryImporter(), path, actor=None)

    assert report.ok, report.problems
    assert Organisation.objects.get(siret=SIRET_A).name == "Épicerie Schœlcher « Ti Kréyòl »"


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        (f"{SIRET_A[:-1]}5;X;10.71C;01;97209;;A;", "siret", "la clé de contrôle est fausse"),
        ("1234;X;10.71C;01;97209;;A;", "siret", "14 chiffres sont attendus"),
        (";X;10.71C;01;97209;;A;", "siret", "valeur manquante"),
        (f"{SIRET_A};X;10.71C;01;97299;;A;", "codecommuneetablissement", "code commune inconnu"),
        (f"{SIRET_A};X;1071;01;97209;;A;", "activiteprincipaleetablissement", "NAF mal formé"),
        (f"{SIRET_A};X;AB.12C;01;97209;;A;", "activiteprincipaleetablissement", "NAF mal formé"),
        (f"{SIRET_A};X;10.71C;07;97209;;A;", "trancheeffectifsetablissement", "tranche"),
        (f"{SIRET_A};X;10.71C;01;97209;2012-13-01;A;", "datecreationetablissement", "date"),
        (f"{SIRET_A};X;10.71C;01;97209;;X;", "etatadministratifetablissement", "état inconnu"),
        (f"{SIRET_A};;10.71C;01;97209;;A;", "denomination", "valeur manquante"),
        (f"{SIRET_A};X;10.71C;01;97209;;A;2020-01-01", "datefermeture", "établissement actif"),
        (f"{SIRET_A};X;10.71C;01;97209;;F;hier", "datefermeture", "date invalide"),
        (
            f"{SIRET_A};X;10.71C;01;97209;2020-01-01;F;2019-01-01",
            "datefermeture",
            "précède la date de création",
        ),
    ],
)
def test_each_kind_of_bad_line_is_reported_with_its_line_and_column(
    tmp_path: Path, line: str, column: str, reason: str
) -> None:
    report = run(tmp_path, LINE_B + line + "\n")

    assert [(p.line, p.column) for p in report.problems] == [(3, column)]
    assert reason in report.problems[0].reason
    assert not Organisation.objects.companies().exists()
    assert not AuditEntry.objects.exists()


def test_a_duplicate_siret_points_to_its_first_line(tmp_path: Path) -> None:
    report = run(tmp_path, LINE_A + LINE_B + LINE_A)

    assert [(p.line, p.column) for p in report.problems] == [(4, "siret")]
    assert "la ligne 2 a déjà ces valeurs" in report.problems[0].reason


def test_every_bad_line_is_listed(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        LINE_A
        + f"{SIRET_B};X;10.71C;01;97299;;A;\n"
        + LINE_B.replace(SIRET_B, SIRET_C).replace("6201Z", "62")
        + "1;;;;;;;\n",
    )

    assert [(p.line, p.column) for p in report.problems] == [
        (3, "codecommuneetablissement"),
        (4, "activiteprincipaleetablissement"),
        (5, "siret"),
        (5, "denomination"),
        (5, "activiteprincipaleetablissement"),
        (5, "codecommuneetablissement"),
        (5, "etatadministratifetablissement"),
    ]


@pytest.mark.parametrize(
    ("header", "line", "column"),
    [
        (
            "siret;naf;codeCommuneEtablissement;etatAdministratifEtablissement\n",
            f"{SIRET_A};10.71C;97209;A\n",
            "denomination",
        ),
        (
            "siret;denomination;codeCommuneEtablissement;etatAdministratifEtablissement\n",
            f"{SIRET_A};X;97209;A\n",
            "activiteprincipaleetablissement",
        ),
        (
            "siret;denomination;naf;etatAdministratifEtablissement\n",
            f"{SIRET_A};X;10.71C;A\n",
            "codecommuneetablissement",
        ),
    ],
)
def test_a_missing_required_column_is_named_once(
    tmp_path: Path, header: str, line: str, column: str
) -> None:
    report = run(tmp_path, line + line.replace(SIRET_A, SIRET_B), header=header)

    assert [(p.line, p.column) for p in report.problems] == [(1, column)]
    assert "colonne obligatoire absente" in report.problems[0].reason


def test_enseigne_and_naf_are_accepted_instead_of_the_sirene_names(tmp_path: Path) -> None:
    header = "SIRET,Enseigne,NAF,codeCommuneEtablissement,etatAdministratifEtablissement\n"

    report = run(tmp_path, f"{SIRET_A},Chez Man Ya,56.10A,97209,a\n", header=header)

    assert report.ok, report.problems
    company = Organisation.objects.get(siret=SIRET_A)
    assert (company.name, company.naf_code, company.size_band) == ("Chez Man Ya", "56.10A", "")


def test_a_dry_run_leaves_the_database_unchanged(tmp_path: Path) -> None:
    report = run(tmp_path, LINE_A + LINE_B, dry_run=True)

    assert report.ok
    assert (report.created, report.updated) == (2, 0)
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_reimport_updates_a_company_that_closed(tmp_path: Path) -> None:
    run(tmp_path, LINE_A + LINE_B)
    closed = f"{SIRET_A};Boulangerie du Bourg;10.71C;01;97209;2012-05-03;F;2025-06-30\n"

    report = run(tmp_path, closed + LINE_B)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    bakery = Organisation.objects.get(siret=SIRET_A)
    assert bakery.is_closed
    assert bakery.registry_closed_on == date(2025, 6, 30)
    assert Organisation.objects.companies().active_between(date(2026, 1, 1), date(2026, 12, 31))


def test_a_reimport_keeps_the_pk_and_memberships_of_a_known_company(tmp_path: Path) -> None:
    known = OrganisationFactory(company=True, siret=SIRET_A, name="Ancien nom")

    report = run(tmp_path, LINE_A)

    assert (report.created, report.updated) == (0, 1)
    assert Organisation.objects.get(pk=known.pk).name == "Boulangerie du Bourg"


def test_a_non_company_with_the_same_siret_keeps_its_name_and_kind(tmp_path: Path) -> None:
    provider = OrganisationFactory(provider=True, siret=SIRET_A, name="Campus Caraïbes")

    report = run(tmp_path, LINE_A)

    assert report.ok
    provider.refresh_from_db()
    assert (provider.name, provider.kind) == ("Campus Caraïbes", Organisation.Kind.PROVIDER)
    assert provider.naf_code == "10.71C"


def test_the_command_imports_and_reports(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + LINE_A)
    out = io.StringIO()

    call_command("import_data", "companies", str(path), stdout=out)

    assert "1 créée(s)" in out.getvalue()
    assert Organisation.objects.filter(siret=SIRET_A).exists()


def test_the_command_refuses_a_bad_file_and_lists_its_lines(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + LINE_A.replace("97209", "97299"))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Import refusé"):
        call_command("import_data", "companies", str(path), stderr=err)

    assert "Ligne 2, colonne « codecommuneetablissement »" in err.getvalue()


@pytest.mark.parametrize(
    ("band", "size"),
    [
        ("NN", ""),
        ("", ""),
        ("00", "tpe"),
        ("03", "tpe"),
        ("11", "pme"),
        ("31", "pme"),
        ("32", "large"),
        ("41", "large"),
        ("53", "large"),
    ],
)
def test_headcount_bands_map_to_size_bands(band: str, size: str) -> None:
    assert size_band_for(band) == size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-15", date(2021, 3, 15)),
        ("2021-03-15T00:00:00", date(2021, 3, 15)),
        ("15/03/2021", date(2021, 3, 15)),
        ("31/02/2021", None),
        ("2021-3-15", None),
        ("hier", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("naf", "section"), [("01.13Z", "A"), ("10.71C", "C"), ("62.01Z", "J"), ("99.00Z", "U")]
)
def test_naf_sections(naf: str, section: str) -> None:
    assert section_of(naf) == section
