"""Every CSV and XLSX goes through core/exports.py, which never lets a cell run as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

import lakou
from lakou.core.exports import (
    csv_bytes,
    export_value,
    neutralise,
    table_download,
    unneutralise,
    xlsx_bytes,
)

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
HARMLESS = ["Marie-Anne", "Jean -Paul", "0696 11 22 33", "a=b", "3-2", "", "Île-de-France"]


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def hostile_table() -> list[list[Any]]:
    return [
        ["Texte", "Nombre", "Montant", "Date"],
        *([value, -3, Decimal("-12.50"), dt.date(2026, 5, 4)] for value in HOSTILE + HARMLESS),
    ]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_sign_at_the_start_gets_a_quote_in_front(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_ordinary_text_is_left_as_it_is(value: str) -> None:
    assert neutralise(value) == value


@given(st.text().filter(lambda text: not text.startswith("'")))
def test_unneutralise_gives_back_what_neutralise_was_given(text: str) -> None:
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize(
    "value", [-3, 0, 2.5, Decimal("-12.50"), dt.date(2026, 5, 4), dt.datetime(2026, 5, 4, 9), None]
)
def test_numbers_and_dates_stay_numbers_and_dates(value: object) -> None:
    assert export_value(value) == value


def test_the_csv_quotes_every_formula_and_keeps_negative_numbers() -> None:
    rows = read_csv(csv_bytes(hostile_table()))
    assert [row[0] for row in rows[1:]] == ["'" + v for v in HOSTILE] + HARMLESS
    assert {tuple(row[1:]) for row in rows[1:]} == {("-3", "-12.50", "04/05/2026")}


def test_the_xlsx_has_no_formula_and_keeps_numbers_as_numbers() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Feuille", hostile_table())]))).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [row[0].value or "" for row in sheet.iter_rows(min_row=2)]
    # XML reads a carriage return back as a line feed.
    assert texts[: len(HOSTILE)] == ["'" + v.replace("\r", "\n") for v in HOSTILE]
    assert texts[len(HOSTILE) :] == HARMLESS
    for row in sheet.iter_rows(min_row=2):
        assert (row[1].value, row[1].data_type) == (-3, "n")
        assert row[2].value == -12.5
        assert row[3].value == dt.datetime(2026, 5, 4)


def test_an_xlsx_text_that_looks_like_an_error_code_stays_text() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Feuille", [["Nom"], ["#N/A"]])]))).active
    assert sheet is not None
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("#N/A", "s")


def test_a_control_character_or_a_time_zone_does_not_break_the_xlsx() -> None:
    aware = dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC)
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Feuille", [["Nom", "Le"], ["A\x01B", aware]])])))
    assert sheet.active is not None
    assert sheet.active["A2"].value == "AB"
    assert sheet.active["B2"].value == dt.datetime(2026, 5, 4, 8)  # Martinique, UTC-4


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_table_download_is_an_attachment_with_its_extension(export_format: str) -> None:
    response = table_download(
        hostile_table(), filename="liste", export_format=export_format, sheet_title="Liste"
    )
    assert response["Content-Disposition"] == f'attachment; filename="liste.{export_format}"'


WRITER = re.compile(
    r"\bcsv\.(writer|DictWriter)\b|Workbook\s*\(|from csv import[^\n]*\b(writer|DictWriter)\b"
)


def test_no_module_but_core_exports_writes_a_csv_or_an_xlsx() -> None:
    source = Path(lakou.__file__).parent
    exports = source / "core" / "exports.py"
    found = [
        f"{path.relative_to(source)}:{number}: {line.strip()}"
        for path in sorted(source.rglob("*.py"))
        if path != exports
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if WRITER.search(line)
    ]
    assert not found, "write CSV/XLSX through lakou.core.exports:\n" + "\n".join(found)
