"""Import framework: read a CSV or XLSX file, check every line, write all of it or nothing.

An importer declares its columns, turns one line into a clean object or problems
(`clean_row`), and writes the clean objects through a service (`write`). `run_import` reads the
file, collects every problem with the line and column the user sees in the file (header = line
1), and writes only when there is none. A dry run does the whole write in a transaction and rolls
it back, so its counts are those a real import would give.

Lines are read one at a time (csv reader, openpyxl read-only), so a big file is never held whole
in memory: only the clean objects wait for the write. A cell holding a control character is a
problem of its line, in every import.
"""

from __future__ import annotations

import codecs
import csv
import re
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Hashable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Any, ClassVar

from django.apps import apps
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from lakou.core.actor import Actor

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx",)
SEPARATORS = (";", ",", "\t")
PROGRESS_EVERY = 1000
READ_CHUNK = 1 << 20
# Unicode category Cc is exactly these. Tab, line feed and carriage return are allowed only in
# the columns an importer declares multi-line; NUL and the others never.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_BUT_LINE_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# OOXML writes a control character of a cell as _xHHHH_ (Excel does); openpyxl leaves it so.
OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
# A row element of a worksheet, with or without a namespace prefix; at most 24 bytes long.
XLSX_ROW = re.compile(rb"<(?:\w{1,16}:)?row[\s>/]")
XLSX_ROW_LONGEST = 24


def importers() -> dict[str, str]:
    """Kind (as typed after `lakou import`, and kept by a background job) -> dotted path of its
    importer class. Each app declares its own in its AppConfig: `importers = {kind: path}`."""
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        found.update(getattr(config, "importers", {}))
    return found


type Lines = Generator[tuple[int, list[str]]]
"""(line number in the file, cell texts) of each line, read one at a time."""


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
    # Problems counted but not kept, once `keep_problems` are listed (a background job's page).
    problems_left_out: int = 0
    keep_problems: int | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problem_count

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_left_out

    def add_problems(self, problems: Iterable[ImportProblem]) -> None:
        for problem in problems:
            if self.keep_problems is None or len(self.problems) < self.keep_problems:
                self.problems.append(problem)
            else:
                self.problems_left_out += 1

    @property
    def unchanged(self) -> int:
        return max(self.rows_read - self.created - self.updated, 0)

    def summary(self) -> str:
        if not self.ok:
            return _(
                "Import refusé : %(count)d problème(s) dans « %(file)s ». "
                "Rien n'a été enregistré ; corrigez le fichier et relancez l'import."
            ) % {"count": self.problem_count, "file": self.file_name}
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

    def to_dict(self) -> dict[str, Any]:
        """Plain values for a JSON field (a background job keeps its report so)."""
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "problems": [[p.line, p.column, p.reason] for p in self.problems],
            "problems_left_out": self.problems_left_out,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        return cls(
            kind=data["kind"],
            file_name=data["file_name"],
            dry_run=data["dry_run"],
            rows_read=data["rows_read"],
            created=data["created"],
            updated=data["updated"],
            problems=[
                ImportProblem(line, column, reason) for line, column, reason in data["problems"]
            ],
            problems_left_out=data["problems_left_out"],
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
    """The file cannot be read (format, encoding, empty), from `line` on if given; in French."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


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
    # Columns whose cells may hold tabs and line breaks (a description); names never do.
    multiline_columns: ClassVar[tuple[str, ...]] = ()

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


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes so, else Windows-1252; read in chunks."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while chunk := file.read(READ_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportFileError(
        _("Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252.")
    )


def sniff_separator(header_line: str) -> str:
    """The separator that appears most in the header line (`;` wins a tie, as French Excel uses it)."""
    counts = {separator: header_line.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


# Python's own default for a CSV cell. Checked by us too: a library may raise the process-wide
# `csv.field_size_limit` when it is imported (frictionless does), and a file must be read the same.
CSV_CELL_LIMIT = 131_072


def _too_long_cell() -> str:
    return _("une cellule dépasse %(limit)d caractères : la ligne ne peut pas être lue.") % {
        "limit": CSV_CELL_LIMIT
    }


def _csv_error_reason(error: csv.Error) -> str:
    # Python's messages are in English. Since 3.11 a NUL byte is read as a character (and refused
    # by `control_character_problems`); a too long cell is what a file can still cause.
    if "field larger than field limit" in str(error):
        return _too_long_cell()
    return _("la ligne ne peut pas être lue (%(error)s).") % {"error": error}


def _csv_lines(path: Path) -> Lines:
    with path.open(encoding=_csv_encoding(path), newline="") as file:
        header_line = file.readline()
        reader = csv.reader(chain([header_line], file), delimiter=sniff_separator(header_line))
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(_csv_error_reason(error), line=start) from error
            if any(len(value) > CSV_CELL_LIMIT for value in values):
                raise ImportFileError(_too_long_cell(), line=start)
            yield start, values


def _ooxml_unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _ooxml_unescape(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _xlsx_lines(path: Path) -> Lines:
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
        # Read every row the sheet holds, not only those its (possibly stale) dimension names.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception as error:
                # The sheet is parsed while it is read: a damaged one fails here, not on opening.
                raise ImportFileError(
                    _(
                        "illisible : le fichier XLSX est abîmé à partir de cette ligne ; enregistrez-le de nouveau depuis le tableur."
                    ),
                    line=number + 1,
                ) from error
            number += 1
            yield number, [_cell_text(cell) for cell in cells]
    finally:
        workbook.close()


def read_lines(path: Path) -> Lines:
    """The non-blank lines of the first sheet of an XLSX file, or of a CSV file (UTF-8 with or
    without BOM, or Windows-1252; separator `;`, `,` or tab taken from the header line), one at a
    time, with their line number in the file."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        lines = _xlsx_lines(path)
    elif suffix in CSV_SUFFIXES:
        lines = _csv_lines(path)
    else:
        raise ImportFileError(
            _("Format « %(suffix)s » non pris en charge : envoyez un fichier CSV ou XLSX.")
            % {"suffix": suffix or path.name}
        )
    with closing(lines):
        for line, values in lines:
            if any(value.strip() for value in values):
                yield line, values


def _header(lines: Iterator[tuple[int, list[str]]]) -> list[str]:
    first = next(lines, None)
    if first is None:
        raise ImportFileError(
            _("Le fichier est vide : la première ligne doit nommer les colonnes.")
        )
    return [normalise_column(name) for name in first[1]]


def _import_rows(columns: list[str], lines: Iterator[tuple[int, list[str]]]) -> Iterator[ImportRow]:
    for line, values in lines:
        yield ImportRow(
            line=line,
            values={
                column: values[index].strip() if index < len(values) else ""
                for index, column in enumerate(columns)
                if column
            },
        )


def read_table(path: Path) -> Table:
    """The whole file at once (for small files and tests; imports read it line by line)."""
    with closing(read_lines(path)) as lines:
        columns = _header(lines)
        return Table(columns=columns, rows=list(_import_rows(columns, lines)))


def _count_newlines(file: IO[bytes], stop_at: int | None) -> int:
    newlines = returns = 0
    last = b""
    while chunk := file.read(READ_CHUNK):
        newlines += chunk.count(b"\n")
        returns += chunk.count(b"\r")
        last = chunk[-1:]
        if stop_at is not None and max(newlines, returns) > stop_at:
            break
    return max(newlines, returns) + (1 if last not in (b"", b"\n", b"\r") else 0)


def _count_xlsx_rows(file: IO[bytes], stop_at: int | None) -> int:
    count, tail = 0, b""
    while chunk := file.read(READ_CHUNK):
        data = tail + chunk
        # A row element starting in the last bytes may be cut: it is counted with the next chunk.
        limit = len(data) - XLSX_ROW_LONGEST
        count += sum(1 for match in XLSX_ROW.finditer(data) if match.start() < limit)
        tail = data[max(limit, 0) :]
        if stop_at is not None and count > stop_at:
            return count
    return count + len(XLSX_ROW.findall(tail))


def count_data_lines(path: Path, *, stop_at: int | None = None) -> int | None:
    """How many lines follow the header, counted without parsing (blank lines included): line
    breaks of a CSV file, row elements of the first XLSX sheet. Counting may stop past `stop_at`.
    None when the file cannot be counted (it will not be read either)."""
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            with path.open("rb") as file:
                lines = _count_newlines(file, stop_at)
        elif suffix in XLSX_SUFFIXES:
            lines = _count_xlsx_sheet_rows(path, stop_at)
        else:
            return None
    except Exception:
        # A file that cannot even be counted gets its French report from the reader.
        return None
    return max(lines - 1, 0)


def _count_xlsx_sheet_rows(path: Path, stop_at: int | None) -> int:
    """The row elements of the first worksheet's XML, read as a stream; the sheet's dimension is
    not trusted (openpyxl writes none, and finding it out costs a parse of the whole sheet)."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(str(path), read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        worksheet = next(
            rel.target
            for _sheet, rel in reader.parser.find_sheets()
            if rel.Type.endswith("/worksheet")
        )
        with reader.archive.open(worksheet) as file:
            return _count_xlsx_rows(file, stop_at)
    finally:
        reader.archive.close()


def control_character_problems(
    row: ImportRow, multiline_columns: Sequence[str] = ()
) -> list[ImportProblem]:
    """One problem per cell that holds a control character (first one named)."""
    if CONTROL_CHARACTERS.search(" ".join(row.values.values())) is None:
        return []
    problems = []
    for column, value in row.values.items():
        pattern = (
            CONTROL_CHARACTERS_BUT_LINE_BREAKS
            if column in multiline_columns
            else CONTROL_CHARACTERS
        )
        match = pattern.search(value)
        if match is None:
            continue
        character = match.group()
        names = {"\t": _("tabulation"), "\n": _("retour à la ligne"), "\r": _("retour chariot")}
        code = f"U+{ord(character):04X}"
        if character in names:
            reason = _(
                "caractère de contrôle interdit (%(name)s, %(code)s) : "
                "cette colonne tient sur une seule ligne."
            ) % {"name": names[character], "code": code}
        else:
            reason = _("caractère de contrôle interdit (%(code)s) : retirez-le du fichier.") % {
                "code": code
            }
        problems.append(row.problem(column, reason))
    return problems


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


Progress = Callable[[int, bool], None]
"""Told the number of lines read so far, and whether the write has started."""


def _check_lines[T](
    importer: Importer[T], path: Path, report: ImportReport, on_progress: Progress | None
) -> list[T]:
    """Every line cleaned, problems added to the report; the clean objects, to write."""
    clean: list[T] = []
    with closing(read_lines(path)) as lines:
        columns = _header(lines)
        report.add_problems(check_columns(columns, importer))
        if report.problems:
            return clean
        importer.prepare()
        first_line_of: dict[Hashable, int] = {}
        for row in _import_rows(columns, lines):
            report.rows_read += 1
            if on_progress is not None and report.rows_read % PROGRESS_EVERY == 0:
                on_progress(report.rows_read, False)
            controls = control_character_problems(row, importer.multiline_columns)
            result = importer.clean_row(row)
            if controls:
                # The control character is the problem of its cell; the line's others still count.
                flagged = {problem.column for problem in controls}
                others = result if isinstance(result, list) else []
                report.add_problems(controls)
                report.add_problems(
                    p for p in others if p.line != row.line or p.column not in flagged
                )
                continue
            if isinstance(result, list):
                report.add_problems(result)
                continue
            key = importer.key(result)
            if key is not None:
                if key in first_line_of:
                    report.add_problems(
                        [
                            row.problem(
                                ", ".join(importer.key_columns),
                                _("ligne en double : la ligne %(line)d a déjà ces valeurs.")
                                % {"line": first_line_of[key]},
                            )
                        ]
                    )
                    continue
                first_line_of[key] = row.line
            if not report.problem_count:
                clean.append(result)
    if not report.rows_read and not report.problem_count:
        report.add_problems(
            [
                ImportProblem(
                    line=None, column="", reason=_("Le fichier n'a aucune ligne de données.")
                )
            ]
        )
    return clean


def run_import[T](
    importer: Importer[T],
    path: Path,
    *,
    actor: Actor | None,
    dry_run: bool = False,
    file_name: str = "",
    on_progress: Progress | None = None,
    keep_problems: int | None = None,
) -> ImportReport:
    """Check every line; write all of them through the importer, or nothing if any is wrong.

    `file_name` is the name the user knows (the path's by default). `on_progress` is called
    every `PROGRESS_EVERY` lines and once before the write; past `keep_problems` problems, the
    report only counts them."""
    report = ImportReport(
        kind=importer.kind,
        file_name=file_name or path.name,
        dry_run=dry_run,
        keep_problems=keep_problems,
    )
    try:
        clean = _check_lines(importer, path, report, on_progress)
    except ImportFileError as error:
        report.add_problems([ImportProblem(line=error.line, column="", reason=str(error))])
        return report
    except OSError as error:
        report.add_problems(
            [
                ImportProblem(
                    line=None,
                    column="",
                    reason=_("Le fichier ne peut pas être lu (%(error)s).")
                    % {"error": error.strerror},
                )
            ]
        )
        return report
    if not report.ok:
        return report

    if on_progress is not None:
        on_progress(report.rows_read, True)
    try:
        with transaction.atomic():
            counts = importer.write(clean, actor=actor, file_name=report.file_name)
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        report.add_problems(
            [
                ImportProblem(
                    line=None,
                    column="",
                    reason=_(
                        "La base de données a refusé l'import, rien n'a été enregistré (%(error)s)."
                    )
                    % {"error": error},
                )
            ]
        )
        return report
    report.created, report.updated = counts.created, counts.updated
    return report
