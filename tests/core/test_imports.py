"""The import framework: file formats, line numbers, all-or-nothing, dry run, the command."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lakou.core.actor import Actor
from lakou.core.imports import (
    Importer,
    ImportFileError,
    ImportProblem,
    ImportReport,
    ImportRow,
    WriteCounts,
    count_data_lines,
    read_table,
    run_import,
    sniff_separator,
)
from lakou.core.models import AuditEntry
from lakou.territory.imports import CommuneAgesImporter
from lakou.territory.models import AgeGroupPopulation
from tests.accounts.factories import UserFactory
from tests.territory.factories import CommuneFactory

HEADER = "insee_code,year,age_group,population\n"


@pytest.fixture
def communes(db: None) -> None:
    CommuneFactory()
    CommuneFactory(lamentin=True)


def write(tmp_path: Path, content: str, *, name: str = "ages.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


def save_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def rewrite_sheet(path: Path, old: bytes, new: bytes) -> None:
    """Change the first sheet's XML inside the XLSX file, as a broken writer would."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert old in parts[sheet]
    parts[sheet] = parts[sheet].replace(old, new)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def import_file(path: Path, *, dry_run: bool = False) -> tuple[int, str, str]:
    """Runs `lakou import commune-ages FILE`; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    args = ["import_data", "commune-ages", str(path)] + (["--dry-run"] if dry_run else [])
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


class TestReading:
    def test_utf8_with_a_bom_and_a_semicolon_separator(self, tmp_path: Path) -> None:
        path = write(tmp_path, "\ufeffinsee_code;year\n97209;2020\n")

        table = read_table(path)

        assert table.columns == ["insee_code", "year"]
        assert table.rows[0].values == {"insee_code": "97209", "year": "2020"}

    def test_windows_1252_with_accents(self, tmp_path: Path) -> None:
        path = write(tmp_path, "commune;année\nSchœlcher;2020\n", encoding="cp1252")

        table = read_table(path)

        assert table.columns == ["commune", "année"]
        assert table.rows[0]["commune"] == "Schœlcher"

    def test_line_numbers_are_those_of_the_file_even_with_blank_lines(self, tmp_path: Path) -> None:
        path = write(tmp_path, 'a,b\n1,2\n\n3,"x\ny"\n4,5\n')

        lines = [row.line for row in read_table(path).rows]

        assert lines == [2, 4, 6]

    def test_xlsx_first_sheet(self, tmp_path: Path) -> None:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["Insee_Code ", "year", "population"])
        sheet.append([97209, 2020, 1234.0])
        sheet.append([None, None, None])
        sheet.append(["97213", 2020, 12])
        path = tmp_path / "ages.xlsx"
        workbook.save(path)

        table = read_table(path)

        assert table.columns == ["insee_code", "year", "population"]
        assert [(row.line, row["insee_code"], row["population"]) for row in table.rows] == [
            (2, "97209", "1234"),
            (4, "97213", "12"),
        ]

    @pytest.mark.parametrize(
        ("header", "separator"),
        [("a;b;c", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ("a", ","), ("a;b,c", ";")],
    )
    def test_the_separator_is_taken_from_the_header_line(self, header: str, separator: str) -> None:
        assert sniff_separator(header) == separator

    def test_a_cell_longer_than_the_csv_limit_is_a_problem_of_its_line(
        self, tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + "97209,2020,0-14,1\n" + "x" * 200_000 + ",2020,0-14,1\n")

        with pytest.raises(ImportFileError) as error:
            read_table(path)

        assert error.value.line == 3
        assert "une cellule dépasse 131072 caractères" in str(error.value)

    def test_a_damaged_xlsx_sheet_is_a_problem_of_the_line_where_it_breaks(
        self, tmp_path: Path
    ) -> None:
        rows: list[list[object]] = [["insee_code", "year"]]
        rows += [["97209", 2000 + number] for number in range(20)]
        path = save_xlsx(tmp_path / "ages.xlsx", [*rows, ["CASSE", 2020]])
        # A raw control byte is not allowed in XML: the sheet cannot be parsed from there on.
        rewrite_sheet(path, b"CASSE", b"CA\x1bSSE")

        with pytest.raises(ImportFileError) as error:
            read_table(path)

        assert error.value.line == 22
        assert "le fichier XLSX est abîmé à partir de cette ligne" in str(error.value)

    def test_an_xlsx_sheet_with_a_wrong_dimension_is_read_to_its_last_row(
        self, tmp_path: Path
    ) -> None:
        path = save_xlsx(tmp_path / "ages.xlsx", [["insee_code"], ["97209"], ["97213"], ["97216"]])
        rewrite_sheet(path, b'<dimension ref="A1:A4"', b'<dimension ref="A1:A2"')

        table = read_table(path)

        assert [row["insee_code"] for row in table.rows] == ["97209", "97213", "97216"]


class TestCounting:
    """Lines are counted before parsing, to decide whether an import runs in the background."""

    @pytest.mark.parametrize(
        ("content", "lines"),
        [
            (b"a;b\n1;2\n3;4\n", 2),
            (b"a;b\r\n1;2\r\n3;4", 2),
            (b"a;b\r1;2\r3;4\r", 2),
            (b"a;b\n", 0),
            (b"", 0),
        ],
    )
    def test_csv_line_breaks(self, tmp_path: Path, content: bytes, lines: int) -> None:
        path = tmp_path / "ages.csv"
        path.write_bytes(content)

        assert count_data_lines(path) == lines

    @pytest.mark.parametrize("write_only", [False, True])
    def test_xlsx_rows_with_or_without_a_dimension(self, tmp_path: Path, write_only: bool) -> None:
        workbook = Workbook(write_only=write_only)
        sheet = workbook.create_sheet() if write_only else workbook.active
        assert sheet is not None
        for number in range(2_501):
            sheet.append([number, "x"])
        path = tmp_path / "ages.xlsx"
        workbook.save(path)

        assert count_data_lines(path) == 2_500

    def test_counting_can_stop_early(self, tmp_path: Path) -> None:
        path = tmp_path / "ages.csv"
        path.write_bytes(b"a\n" + b"1\n" * 3_000_000)

        assert 10 < count_data_lines(path, stop_at=10) < 3_000_000

    @pytest.mark.parametrize(("name", "content"), [("a.ods", b"x"), ("a.xlsx", b"not a zip")])
    def test_a_file_that_cannot_be_counted_gives_none(
        self, tmp_path: Path, name: str, content: bytes
    ) -> None:
        path = tmp_path / name
        path.write_bytes(content)

        assert count_data_lines(path) is None


@pytest.mark.usefixtures("communes")
class TestRunImport:
    def test_a_valid_file_is_written_and_counted(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "97209,2020,0-14,12000\n97213,2020,75+,3000\n")

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert report.ok
        assert (report.rows_read, report.created, report.updated) == (2, 2, 0)
        assert AgeGroupPopulation.objects.count() == 2

    def test_one_bad_line_writes_nothing(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "97209,2020,0-14,12000\n97213,2020,75+,beaucoup\n")

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert report.problems == [
            ImportProblem(
                line=3,
                column="population",
                reason="« beaucoup » n'est pas un nombre entier d'habitants (positif ou nul).",
            )
        ]
        assert not AgeGroupPopulation.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_a_dry_run_counts_but_leaves_the_database_unchanged(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "97209,2020,0-14,12000\n97213,2020,75+,3000\n")

        report = run_import(CommuneAgesImporter(), path, actor=None, dry_run=True)

        assert report.ok
        assert (report.created, report.updated) == (2, 0)
        assert not AgeGroupPopulation.objects.exists()
        assert not AuditEntry.objects.exists()
        assert "Essai sans enregistrement" in report.summary()

    def test_a_missing_column_is_named(self, tmp_path: Path) -> None:
        path = write(tmp_path, "insee_code,year,population\n97209,2020,12\n")

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert [(p.line, p.column) for p in report.problems] == [(1, "age_group")]
        assert "colonne obligatoire absente" in report.problems[0].reason

    def test_a_column_given_twice_is_refused(self, tmp_path: Path) -> None:
        path = write(
            tmp_path, "insee_code,year,age_group,population,year\n97209,2020,0-14,1,2021\n"
        )

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert [(p.line, p.column) for p in report.problems] == [(1, "year")]

    @pytest.mark.parametrize(
        ("name", "content", "reason"),
        [
            ("ages.csv", b"", "Le fichier est vide"),
            ("ages.csv", HEADER.encode(), "aucune ligne de données"),
            ("ages.ods", b"x", "non pris en charge"),
            ("ages.xlsx", b"not a zip", "ne peut pas être ouvert"),
            ("ages.csv", b"insee_code\n\x81\x8d\n", "Encodage du fichier non reconnu"),
        ],
    )
    def test_an_unreadable_file_gets_one_clear_problem(
        self, tmp_path: Path, name: str, content: bytes, reason: str
    ) -> None:
        path = tmp_path / name
        path.write_bytes(content)

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert len(report.problems) == 1
        assert report.problems[0].line is None
        assert reason in report.problems[0].reason

    def test_a_missing_file_is_reported(self, tmp_path: Path) -> None:
        report = run_import(CommuneAgesImporter(), tmp_path / "absent.csv", actor=None)

        assert not report.ok
        assert str(report.problems[0]).startswith("Fichier : Le fichier ne peut pas être lu")


class NamesImporter(Importer[str]):
    """Writes nothing: counts the names, to watch the framework alone."""

    kind = "names"
    label = "noms"
    required_columns = ("name",)

    def clean_row(self, row: ImportRow) -> str | list[ImportProblem]:
        return row["name"] or [row.problem("name", "valeur manquante.")]

    def write(self, objs: Sequence[str], *, actor: Actor | None, file_name: str) -> WriteCounts:
        return WriteCounts(created=len(objs))


@pytest.mark.django_db
class TestBigFiles:
    def test_progress_is_told_every_thousand_lines_then_before_the_write(
        self, tmp_path: Path
    ) -> None:
        path = write(tmp_path, "name\n" + "".join(f"n{number}\n" for number in range(2_500)))
        calls: list[tuple[int, bool]] = []

        report = run_import(
            NamesImporter(), path, actor=None, on_progress=lambda n, w: calls.append((n, w))
        )

        assert report.created == 2_500
        assert calls == [(1_000, False), (2_000, False), (2_500, True)]

    def test_past_the_kept_problems_the_report_counts_the_others(self, tmp_path: Path) -> None:
        path = write(tmp_path, "name\n" + "\n".join([",x"] * 30) + "\n")

        report = run_import(NamesImporter(), path, actor=None, keep_problems=10)

        assert (len(report.problems), report.problem_count, report.ok) == (10, 30, False)
        assert "Import refusé : 30 problème(s)" in report.summary()

    def test_a_report_survives_its_trip_through_json(self, tmp_path: Path) -> None:
        path = write(tmp_path, "name\nAda\n,x\n")
        report = run_import(NamesImporter(), path, actor=None, file_name="noms.csv")

        again = ImportReport.from_dict(json.loads(json.dumps(report.to_dict())))

        assert again == report
        assert again.summary() == report.summary()
        assert "« noms.csv »" in again.summary()


class MultilineSourceImporter(CommuneAgesImporter):
    multiline_columns = ("source",)


@pytest.mark.usefixtures("communes")
class TestControlCharacters:
    @pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
    def test_a_control_character_is_refused_with_its_line_and_column(
        self, tmp_path: Path, character: str
    ) -> None:
        path = write(
            tmp_path,
            "insee_code,year,age_group,population,source\n"
            "97213,2020,75+,3000,INSEE\n"
            f"97209,2020,0-14,12000,INSEE{character}RP\n",
        )

        report = run_import(CommuneAgesImporter(), path, actor=None)

        code = f"U+{ord(character):04X}"
        assert [str(problem) for problem in report.problems] == [
            f"Ligne 3, colonne « source » : caractère de contrôle interdit ({code}) : "
            "retirez-le du fichier."
        ]
        assert not AgeGroupPopulation.objects.exists()

    @pytest.mark.parametrize(
        ("cell", "name"),
        [
            ('"INSEE\nRP"', "retour à la ligne"),
            ('"INSEE\rRP"', "retour chariot"),
            ("IN\tSEE", "tabulation"),
        ],
    )
    def test_a_line_break_or_a_tab_inside_a_single_line_cell_is_refused(
        self, tmp_path: Path, cell: str, name: str
    ) -> None:
        path = write(
            tmp_path, f"insee_code,year,age_group,population,source\n97209,2020,0-14,1,{cell}\n"
        )

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert [(p.line, p.column) for p in report.problems] == [(2, "source")]
        assert f"caractère de contrôle interdit ({name}" in report.problems[0].reason
        assert "cette colonne tient sur une seule ligne" in report.problems[0].reason

    def test_spaces_and_line_breaks_around_a_cell_are_trimmed_as_before(
        self, tmp_path: Path
    ) -> None:
        path = write(
            tmp_path,
            'insee_code,year,age_group,population,source\n97209,2020,0-14,1," INSEE\n"\n',
        )

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert report.ok, report.problems
        assert AgeGroupPopulation.objects.get().source == "INSEE"

    def test_a_multiline_column_takes_line_breaks_and_tabs_but_never_nul(
        self, tmp_path: Path
    ) -> None:
        header = "insee_code,year,age_group,population,source\n"
        good = write(tmp_path, header + '97209,2020,0-14,1,"INSEE\r\nRP\t2020"\n')
        bad = write(tmp_path, header + "97209,2020,0-14,1,IN\x00SEE\n", name="bad.csv")

        assert run_import(MultilineSourceImporter(), good, actor=None).ok
        assert AgeGroupPopulation.objects.get().source == "INSEE\r\nRP\t2020"
        assert [
            p.line for p in run_import(MultilineSourceImporter(), bad, actor=None).problems
        ] == [2]

    def test_the_other_problems_of_the_line_are_still_listed(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "insee_code,year,age_group,population,source\n97209,2020,0-14,beaucoup,IN\x07SEE\n",
        )

        report = run_import(CommuneAgesImporter(), path, actor=None)

        assert [(p.line, p.column) for p in report.problems] == [(2, "source"), (2, "population")]


@pytest.mark.usefixtures("communes")
class TestCommand:
    def test_it_prints_the_counts_on_success(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "97209,2020,0-14,12000\n")

        code, out, _err = import_file(path)

        assert code == 0
        assert "Import réussi : 1 ligne(s) lue(s), 1 créée(s), 0 modifiée(s)" in out

    def test_it_exits_non_zero_with_every_bad_line_in_french(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "insee_code;year;age_group;population\n"
            "97299;2020;0-14;10\n"
            "97209;vingt;0-14;10\n"
            "97209;2020;0-14;10\n",
        )

        code, _out, err = import_file(path)

        assert code == 1
        assert "Ligne 2, colonne « insee_code » : code INSEE inconnu « 97299 »" in err
        assert "Ligne 3, colonne « year » : année invalide « vingt »" in err
        assert "Import refusé : 2 problème(s)" in err
        assert "Rien n'a été enregistré" in err
        assert not AgeGroupPopulation.objects.exists()

    def test_dry_run_writes_nothing(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "97209,2020,0-14,12000\n")

        code, out, _err = import_file(path, dry_run=True)

        assert code == 0
        assert "Un import réel créerait 1 ligne(s)" in out
        assert not AgeGroupPopulation.objects.exists()

    def test_a_missing_column_stops_the_command_with_its_name(self, tmp_path: Path) -> None:
        path = write(tmp_path, "insee_code,year,population\n97209,2020,12\n")

        code, _out, err = import_file(path)

        assert code == 1
        assert "Ligne 1, colonne « age_group » : colonne obligatoire absente" in err

    def test_it_records_the_import_in_the_name_of_the_given_user(self, tmp_path: Path) -> None:
        user = UserFactory(email="import@exemple.mq")
        path = write(tmp_path, HEADER + "97209,2020,0-14,12000\n")

        call_command(
            "import_data", "commune-ages", str(path), "--user", user.email, stdout=io.StringIO()
        )

        assert AuditEntry.objects.get(action="territory.commune_ages.import").user == user

    def test_an_unknown_user_is_refused_before_reading(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "97209,2020,0-14,12000\n")

        with pytest.raises(CommandError, match="Aucun compte actif"):
            call_command("import_data", "commune-ages", str(path), "--user", "personne@exemple.mq")
        assert not AgeGroupPopulation.objects.exists()

    def test_an_unknown_kind_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="Type d'import inconnu « pokemons »"):
            call_command("import_data", "pokemons", str(tmp_path / "x.csv"))


def test_a_too_long_cell_is_refused_whatever_the_process_wide_csv_limit(tmp_path: Path) -> None:
    """A library (frictionless) may raise `csv.field_size_limit` when imported: same refusal."""
    import csv

    previous = csv.field_size_limit(10**9)
    try:
        path = write(tmp_path, HEADER + "x" * 200_000 + ",2020,0-14,1\n")
        with pytest.raises(ImportFileError) as error:
            read_table(path)
    finally:
        csv.field_size_limit(previous)
    assert error.value.line == 2
    assert "une cellule dépasse 131072 caractères" in str(error.value)
