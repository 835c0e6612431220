"""Every CSV and XLSX file Lakou writes goes through this module; nothing else calls `csv.writer`
or `openpyxl.Workbook` (a test in tests/core/test_exports.py holds the rule).

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, so text that a user typed (a name, a title) could call a command or a web address when
the file is opened. Following OWASP's advice on CSV injection, such text is written with a single
quote in front of it; XLSX text is also always a string cell, never a formula. Numbers, decimals
and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (openpyxl refuses them); tab, line feed and return are fine.
XLSX_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

type CellValue = str | int | float | Decimal | dt.date | None


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs: a quote in front of a formula's first sign."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unneutralise(text: str) -> str:
    """The text `neutralise` was given, so a file we wrote imports back unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def export_value(value: Any) -> CellValue:
    """A number or a date as it is (a moment in Martinique time); anything else as neutralised text."""
    if type(value) is str:  # most cells: the fast path keeps a 15,000-line catalogue quick
        return neutralise(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # The pages show Martinique time; a file read next to them must show the same day and hour.
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | dt.date):
        return value
    return neutralise(str(value))


def _csv_text(value: CellValue) -> CellValue:
    """Dates as French Excel reads them (JJ/MM/AAAA, with the time if there is one)."""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return value


class CsvWriter:
    """Rows as CSV that Excel in French opens in columns: `;`, UTF-8 with a byte-order mark.

    `take()` returns the bytes written since the last call, so a long file can be streamed.
    """

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=";", lineterminator="\r\n")
        self._buffer.write("\ufeff")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([_csv_text(export_value(value)) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    def take(self) -> bytes:
        value = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return value.encode("utf-8")


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    writer = CsvWriter()
    writer.writerows(rows)
    return writer.take()


def open_data_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """A CSV for a published schema (a Table Schema): comma-separated, UTF-8 without a byte-order
    mark, one header line, values as given ("" for None). The schema's coded fields (a phone
    number in +596…) must stay as they are: the caller neutralises its free texts itself."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> CellValue:
    value = export_value(value)
    if isinstance(value, str):
        return XLSX_ILLEGAL_CHARACTERS.sub("", value)
    return value


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> bytes:
    """A workbook with one sheet per `(title, rows)`, the first row of each a bold, frozen header."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell as XlsxCell
    from openpyxl.styles import Font

    workbook = Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    bold = Font(bold=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet name
        for number, row in enumerate(rows):
            cells = []
            for value in row:
                cell = XlsxCell(sheet, value=_xlsx_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula nor an error code such as #N/A
                if number == 0:
                    cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        sheet.freeze_panes = "A2"
    body = io.BytesIO()
    workbook.save(body)
    return body.getvalue()


def table_download(
    rows: Sequence[Sequence[Any]], *, filename: str, export_format: str, sheet_title: str
) -> HttpResponse:
    """`rows` (header first) as `filename.csv` or `filename.xlsx` (`export_format` "csv"/"xlsx")."""
    if export_format == "xlsx":
        response = HttpResponse(xlsx_bytes([(sheet_title, rows)]), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_bytes(rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
