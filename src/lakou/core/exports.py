"""Tables people download: CSV that Excel in French opens in columns, or an XLSX workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(
    rows: Sequence[Sequence[Any]], *, filename: str, export_format: str, sheet_title: str
) -> HttpResponse:
    """`rows` (header first) as `filename.csv` or `filename.xlsx` (`export_format` "csv"/"xlsx")."""
    if export_format == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = sheet_title[:31]  # Excel's limit for a sheet name
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        body = io.BytesIO()
        workbook.save(body)
        response = HttpResponse(body.getvalue(), content_type=XLSX_TYPE)
    else:
        text = io.StringIO()
        # Semicolons and a byte-order mark: Excel in French opens it in columns, accents intact.
        csv.writer(text, delimiter=";").writerows(rows)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
