"""Import framework: read a CSV or XLSX file, check every line, write all of it or nothing.

An importer declares its columns, turns one line into a clean object or problems
(`clean_row`), and writes the clean objects through a service (`write`). `run_import` reads the
file, collects every problem with the line and column the user sees in the file (header = line
1), and writes only when there is none. A dry run does the whole write in a transaction and rolls
it back, so its counts are those a real import would give.
"""

from __future__ import annotations

import csv
import io
import warnings
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from lakou.core.actor import Actor

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx",)
SEPARATORS = (";", ",", "\t")


@dataclass(frozen=True)
class ImportProblem:
    """`line` as numbered in the file (header = 1), None for the whole file; `column` may be ""."""

    line: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = _("Fichier") if self.line is None else _("Ligne %(line)d") % {"line": self.line}
        if self.column:
            where += ", " + _("colonne « %(column)s »") % {"column": self.column}
        return f"{where} : {self.reason}"


@dataclass(frozen=True)
class WriteCounts:
    created: int = 0
    updated: int = 0


@dataclass
class ImportReport:
    kind: str
    file_name: str
    dry_run: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unchanged(self) -> int:
        return max(self.rows_read - self.created - self.updated, 0)

    def summary(self) -> str:
        if not self.ok:
            return _(
                "Import refusé : %(count)d problème(s) dans « %(file)s ». "
                "Rien n'a été enregistré ; corrigez le fichier et relancez l'import."
            ) % {"count": len(self.problems), "file": self.file_name}
        counts = {
            "read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            return (
                _(
                    "Essai sans enregistrement (--dry-run) : %(read)d ligne(s) lue(s), aucune erreur. "
                    "Un import réel créerait %(created)d ligne(s), en modifierait %(updated)d "
                    "et en laisserait %(unchanged)d inchangée(s)."
                )
                % counts
            )
        return (
            _(
                "Import réussi : %(read)d ligne(s) lue(s), %(created)d créée(s), "
                "%(updated)d modifiée(s), %(unchanged)d inchangée(s)."
            )
            % counts
        )


@dataclass(frozen=True)
class ImportRow:
    """One line of the file, with its values keyed by normalised column name (always strings)."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    def problem(self, column: str, reason: str) -> ImportProblem:
        return ImportProblem(line=self.line, column=column, reason=reason)


@dataclass
class Table:
    columns: list[str]
    rows: list[ImportRow]


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, empty); the message is in French."""


class Importer[T](ABC):
    """Subclasses set `kind`, `label` and the columns, and implement `clean_row` and `write`.

    `clean_row` returns a clean object, or a list of problems for that line (so `T` is never
    itself a list). `key` says which objects must not appear twice in one file.
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    required_columns: ClassVar[tuple[str, ...]]
    optional_columns: ClassVar[tuple[str, ...]] = ()
    key_columns: ClassVar[tuple[str, ...]] = ()

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Load what every line needs (lookups) once, before the first `clean_row`."""

    @abstractmethod
    def clean_row(self, row: ImportRow) -> T | list[ImportProblem]: ...

    def key(self, obj: T) -> Hashable | None:
        """Objects with the same key in one file are duplicates; None means no check."""
        return None

    @abstractmethod
    def write(self, objs: Sequence[T], *, actor: Actor | None, file_name: str) -> WriteCounts: ...


def normalise_column(name: object) -> str:
    return str(name if name is not None else "").replace("\ufeff", "").strip().lower()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252.")
        ) from error


def sniff_separator(header_line: str) -> str:
    """The separator that appears most in the header line (`;` wins a tie, as French Excel uses it)."""
    counts = {separator: header_line.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    header_line = text.splitlines()[0] if text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(header_line))
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                _("Ligne %(line)d illisible : %(error)s") % {"line": start, "error": error}
            ) from error
        yield start, values


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # Files saved by some spreadsheets lack a default style; openpyxl warns, reads fine.
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(_("Ce fichier XLSX ne peut pas être ouvert.")) from error
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(cell) for cell in cells]
    finally:
        workbook.close()


def read_table(path: Path) -> Table:
    """Read the first sheet of an XLSX file, or a CSV file (UTF-8 with or without BOM, or
    Windows-1252; separator `;`, `,` or tab taken from the header line). Blank lines are skipped."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        raw_rows = list(_xlsx_rows(path))
    elif suffix in CSV_SUFFIXES:
        raw_rows = list(_csv_rows(_decode(path.read_bytes())))
    else:
        raise ImportFileError(
            _("Format « %(suffix)s » non pris en charge : envoyez un fichier CSV ou XLSX.")
            % {"suffix": suffix or path.name}
        )
    raw_rows = [(line, values) for line, values in raw_rows if any(v.strip() for v in values)]
    if not raw_rows:
        raise ImportFileError(
            _("Le fichier est vide : la première ligne doit nommer les colonnes.")
        )
    header = raw_rows[0][1]
    columns = [normalise_column(name) for name in header]
    rows = [
        ImportRow(
            line=line,
            values={
                column: values[index].strip() if index < len(values) else ""
                for index, column in enumerate(columns)
                if column
            },
        )
        for line, values in raw_rows[1:]
    ]
    return Table(columns=columns, rows=rows)


def check_columns(columns: Sequence[str], importer: Importer[Any]) -> list[ImportProblem]:
    problems = [
        ImportProblem(
            line=1,
            column=column,
            reason=_(
                "colonne obligatoire absente. Colonnes attendues : %(required)s "
                "(facultatives : %(optional)s)."
            )
            % {
                "required": ", ".join(importer.required_columns),
                "optional": ", ".join(importer.optional_columns) or _("aucune"),
            },
        )
        for column in importer.required_columns
        if column not in columns
    ]
    seen: set[str] = set()
    for column in columns:
        if column and column in seen:
            problems.append(
                ImportProblem(line=1, column=column, reason=_("colonne présente deux fois."))
            )
        seen.add(column)
    return problems


def run_import[T](
    importer: Importer[T],
    path: Path,
    *,
    actor: Actor | None,
    dry_run: bool = False,
) -> ImportReport:
    """Check every line; write all of them through the importer, or nothing if any is wrong."""
    report = ImportReport(kind=importer.kind, file_name=path.name, dry_run=dry_run)
    try:
        table = read_table(path)
    except ImportFileError as error:
        report.problems.append(ImportProblem(line=None, column="", reason=str(error)))
        return report
    except OSError as error:
        report.problems.append(
            ImportProblem(
                line=None,
                column="",
                reason=_("Le fichier ne peut pas être lu (%(error)s).") % {"error": error.strerror},
            )
        )
        return report

    report.rows_read = len(table.rows)
    report.problems.extend(check_columns(table.columns, importer))
    if report.problems:
        return report
    if not table.rows:
        report.problems.append(
            ImportProblem(line=None, column="", reason=_("Le fichier n'a aucune ligne de données."))
        )
        return report

    importer.prepare()
    clean: list[T] = []
    first_line_of: dict[Hashable, int] = {}
    for row in table.rows:
        result = importer.clean_row(row)
        if isinstance(result, list):
            report.problems.extend(result)
            continue
        key = importer.key(result)
        if key is not None:
            if key in first_line_of:
                report.problems.append(
                    row.problem(
                        ", ".join(importer.key_columns),
                        _("ligne en double : la ligne %(line)d a déjà ces valeurs.")
                        % {"line": first_line_of[key]},
                    )
                )
                continue
            first_line_of[key] = row.line
        clean.append(result)
    if report.problems:
        return report

    try:
        with transaction.atomic():
            counts = importer.write(clean, actor=actor, file_name=path.name)
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        report.problems.append(
            ImportProblem(
                line=None,
                column="",
                reason=_(
                    "La base de données a refusé l'import, rien n'a été enregistré (%(error)s)."
                )
                % {"error": error},
            )
        )
        return report
    report.created, report.updated = counts.created, counts.updated
    return report
