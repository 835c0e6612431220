"""XLSForm import and export, the spreadsheet format KoboToolbox and ODK users already write.

Sheets: `survey` (type, name, label, hint, required, relevant, appearance, parameters,
constraint, plus our `dimension`, `competence` and `labels`), `choices` (list_name, name, label, plus our
`dimension` and `points`), `settings` (form_title, form_id, version, plus our `audience` and
`description`) and our optional `dimensions` (name, label). Kinds map as follows:

    select_one L → single choice        select_multiple L → multiple choice
    range (parameters start=… end=…) → scale; our `labels` column names a `choices` list
        that gives each point its words (name 1, label « Pas du tout »)     decimal → number
    integer → number, or skill level when the `competence` column is filled
    text → short text; with appearance multiline → long text
    select_one yes_no → yes/no          select_one communes → commune (list of the 34 communes)
    begin_group / end_group → a section

A condition (`relevant`) must be `${q} = 'value'` or `selected(${q}, 'value')`; a constraint
is read only in the form `. >= 1 and . <= 500` (the bounds of a number), otherwise ignored.
An import is all-or-nothing: every error is reported with its sheet, row and column. Text that
starts with a formula sign is exported with a quote in front (core/exports.py) and read back
without it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any
from zipfile import BadZipFile

from django.utils.text import slugify
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.exports import unneutralise, xlsx_bytes
from lakou.core.validators import LONG_TEXT_MAX_LENGTH
from lakou.diagnostics.models import Audience, Question, QuestionnaireVersion
from lakou.diagnostics.services.questionnaires import (
    ChoiceSpec,
    QuestionnaireSpec,
    QuestionSpec,
    SectionSpec,
    find_competence,
    questionnaire_create_from_spec,
    version_spec,
)
from lakou.territory.models import Commune

K = Question.Kind
YES_NO_LIST = "yes_no"
COMMUNES_LIST = "communes"
SPECIAL_LISTS = (YES_NO_LIST, COMMUNES_LIST)
SURVEY_COLUMNS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "appearance",
    "parameters",
    "constraint",
    "dimension",
    "competence",
    "labels",
]
CHOICES_COLUMNS = ["list_name", "name", "label", "dimension", "points"]
# Metadata that ODK collects on its own; nothing to ask, so an import skips them.
METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "audit",
    "simserial",
    "subscriberid",
    "calculate",
}
UNSUPPORTED_TYPES = {
    "note",
    "date",
    "time",
    "datetime",
    "geopoint",
    "geotrace",
    "geoshape",
    "image",
    "audio",
    "video",
    "file",
    "barcode",
    "acknowledge",
    "rank",
    "begin_repeat",
    "end_repeat",
    "select_one_from_file",
    "select_multiple_from_file",
}
TRUE_WORDS = {"yes", "true", "true()", "1", "oui", "vrai"}
FALSE_WORDS = {"", "no", "false", "false()", "0", "non", "faux"}
EQUALS_RE = re.compile(r"^\$\{(?P<code>[\w-]+)\}\s*=\s*(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)$")
SELECTED_RE = re.compile(
    r"^selected\(\s*\$\{(?P<code>[\w-]+)\}\s*,\s*(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)\s*\)$"
)
BOUNDS_RE = re.compile(r"^\.\s*>=\s*(?P<low>-?\d+)\s+and\s+\.\s*<=\s*(?P<high>-?\d+)$")
RANGE_PARAM_RE = re.compile(r"(start|end|step)\s*=\s*(-?\d+)")


class XlsFormError(Exception):
    """The workbook was refused; `errors` lists every problem, in French."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# ---------------------------------------------------------------- export


def _cell_number(points: Decimal) -> int | float:
    return int(points) if points == points.to_integral_value() else float(points)


def _list_name(question: QuestionSpec) -> str:
    return f"{question.code}_list" if question.code in SPECIAL_LISTS else question.code


def _survey_row(q: QuestionSpec, kinds: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": q.code,
        "label": q.label,
        "hint": q.help_text,
        "required": "yes" if q.required else "no",
        "dimension": q.scale_dimension,
    }
    if q.kind == K.SINGLE_CHOICE:
        row["type"] = f"select_one {_list_name(q)}"
    elif q.kind == K.MULTIPLE_CHOICE:
        row["type"] = f"select_multiple {_list_name(q)}"
    elif q.kind == K.YES_NO:
        row["type"] = f"select_one {YES_NO_LIST}"
    elif q.kind == K.COMMUNE:
        row["type"] = f"select_one {COMMUNES_LIST}"
    elif q.kind == K.SCALE:
        row["type"] = "range"
        row["parameters"] = f"start={q.min_value or 0} end={q.max_value or 0} step=1"
        if q.choices:
            row["labels"] = _list_name(q)
    elif q.kind == K.NUMBER:
        row["type"] = "decimal"
    elif q.kind == K.SKILL_LEVEL:
        row["type"] = "integer"
        row["competence"] = q.competence or "digcomp"
    elif q.kind == K.LONG_TEXT:
        row["type"] = "text"
        row["appearance"] = "multiline"
    else:
        row["type"] = "text"
    if q.kind == K.NUMBER and q.min_value is not None and q.max_value is not None:
        row["constraint"] = f". >= {q.min_value} and . <= {q.max_value}"
    if q.shown_if_question:
        if kinds.get(q.shown_if_question) == K.MULTIPLE_CHOICE:
            row["relevant"] = f"selected(${{{q.shown_if_question}}}, '{q.shown_if_value}')"
        else:
            row["relevant"] = f"${{{q.shown_if_question}}} = '{q.shown_if_value}'"
    return row


def _sheet(
    title: str, columns: list[str], rows: Iterable[dict[str, Any]]
) -> tuple[str, list[list[Any]]]:
    return title, [columns, *([row.get(column, "") for column in columns] for row in rows)]


def spec_to_xlsform(spec: QuestionnaireSpec, number: int = 1) -> bytes:
    """An XLSForm workbook (.xlsx bytes) for a questionnaire's content."""
    kinds = {q.code: q.kind for s in spec.sections for q in s.questions}
    survey: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []
    needs = set()
    for position, section in enumerate(spec.sections, start=1):
        survey.append(
            {
                "type": "begin_group",
                "name": f"section_{position}",
                "label": section.title,
                "hint": section.description,
            }
        )
        for question in section.questions:
            survey.append(_survey_row(question, kinds))
            if question.kind in (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE, K.SCALE):
                choices.extend(
                    {
                        "list_name": _list_name(question),
                        "name": c.value,
                        "label": c.label,
                        "dimension": c.dimension,
                        "points": _cell_number(c.points) if c.dimension or c.points else "",
                    }
                    for c in question.choices
                )
            needs.add(question.kind)
        survey.append({"type": "end_group", "name": f"section_{position}"})
    if K.YES_NO in needs:
        choices += [
            {"list_name": YES_NO_LIST, "name": "yes", "label": "Oui"},
            {"list_name": YES_NO_LIST, "name": "no", "label": "Non"},
        ]
    if K.COMMUNE in needs:
        choices += [
            {"list_name": COMMUNES_LIST, "name": code, "label": name}
            for code, name in Commune.objects.order_by("name").values_list("insee_code", "name")
        ]
    return xlsx_bytes(
        [
            _sheet("survey", SURVEY_COLUMNS, survey),
            _sheet("choices", CHOICES_COLUMNS, choices),
            _sheet(
                "settings",
                ["form_title", "form_id", "version", "audience", "description"],
                [
                    {
                        "form_title": spec.title,
                        "form_id": spec.slug,
                        "version": str(number),
                        "audience": spec.audience,
                        "description": spec.description,
                    }
                ],
            ),
            _sheet(
                "dimensions",
                ["name", "label"],
                ({"name": code, "label": label} for code, label in spec.dimensions),
            ),
        ]
    )


def version_to_xlsform(version: QuestionnaireVersion) -> bytes:
    return spec_to_xlsform(version_spec(version), version.number)


# ---------------------------------------------------------------- import


@dataclass
class _Row:
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class _Reader:
    errors: list[str] = field(default_factory=list)

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        where = f"Feuille « {sheet} »"
        if row is not None:
            where += f", ligne {row}"
        if column is not None:
            where += f", colonne « {column} »"
        self.errors.append(f"{where} : {message}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralise(str(value)).strip()


def _rows(sheet: Worksheet) -> tuple[list[str], list[_Row]]:
    """Header names (lower case; `label::French (fr)` read as `label`) and the non-empty rows."""
    values = list(sheet.iter_rows(values_only=True))
    if not values:
        return [], []
    header = [_text(cell).lower() for cell in values[0]]
    names: list[str] = []
    for name in header:
        base = name.split("::", 1)[0]
        names.append(base if base in ("label", "hint") and base not in header else name)
    rows = []
    for number, cells in enumerate(values[1:], start=2):
        texts = {names[i]: _text(cell) for i, cell in enumerate(cells) if i < len(names)}
        if any(texts.values()):
            rows.append(_Row(number, texts))
    return names, rows


def _choices(reader: _Reader, sheet: Worksheet | None) -> dict[str, list[tuple[_Row, ChoiceSpec]]]:
    lists: dict[str, list[tuple[_Row, ChoiceSpec]]] = {}
    if sheet is None:
        return lists
    header, rows = _rows(sheet)
    for column in ("list_name", "name", "label"):
        if column not in header:
            reader.error("choices", None, column, "colonne manquante.")
    if reader.errors:
        return lists
    for row in rows:
        list_name, value, label = row.get("list_name"), row.get("name"), row.get("label")
        if not list_name:
            reader.error("choices", row.number, "list_name", "nom de liste manquant.")
            continue
        if not value or slugify(value) != value.lower() or len(value) > 80:
            reader.error(
                "choices",
                row.number,
                "name",
                f"valeur « {value} » invalide : lettres, chiffres, - et _ seulement.",
            )
            continue
        if list_name not in SPECIAL_LISTS and not label:
            reader.error("choices", row.number, "label", "libellé manquant.")
        points = Decimal(0)
        if row.get("points"):
            try:
                points = Decimal(row.get("points").replace(",", "."))
            except InvalidOperation:
                reader.error(
                    "choices", row.number, "points", f"« {row.get('points')} » n'est pas un nombre."
                )
        if any(value == other.value for _row, other in lists.get(list_name, [])):
            reader.error(
                "choices", row.number, "name", f"valeur « {value} » en double dans la liste."
            )
        lists.setdefault(list_name, []).append(
            (row, ChoiceSpec(value, label[:300], row.get("dimension"), points))
        )
    return lists


def _settings(sheet: Worksheet | None) -> dict[str, str]:
    if sheet is None:
        return {}
    _header, rows = _rows(sheet)
    return rows[0].cells if rows else {}


def _dimensions(sheet: Worksheet | None, reader: _Reader) -> tuple[list[tuple[str, str]], bool]:
    if sheet is None:
        return [], False
    _header, rows = _rows(sheet)
    dimensions: list[tuple[str, str]] = []
    for row in rows:
        code = row.get("name")
        if not code or slugify(code) != code.lower():
            reader.error("dimensions", row.number, "name", f"code « {code} » invalide.")
            continue
        dimensions.append((code, row.get("label") or code))
    return dimensions, True


def _bool(reader: _Reader, row: _Row, column: str) -> bool:
    word = row.get(column).lower()
    if word in TRUE_WORDS:
        return True
    if word not in FALSE_WORDS:
        reader.error("survey", row.number, column, f"« {row.get(column)} » : oui ou non attendu.")
    return False


def _condition(reader: _Reader, row: _Row, known: dict[str, str]) -> tuple[str, str]:
    relevant = row.get("relevant")
    if not relevant:
        return "", ""
    match = EQUALS_RE.match(relevant) or SELECTED_RE.match(relevant)
    if match is None:
        reader.error(
            "survey",
            row.number,
            "relevant",
            f"condition « {relevant} » non reconnue : écrivez ${{question}} = 'valeur' "
            "ou selected(${question}, 'valeur').",
        )
        return "", ""
    code = match.group("code")
    if code not in known:
        reader.error(
            "survey",
            row.number,
            "relevant",
            f"la condition porte sur « {code} », qui n'est pas une question placée avant.",
        )
        return "", ""
    return code, match.group("value")


def parse_xlsform(data: bytes | IO[bytes]) -> QuestionnaireSpec:
    """Read a workbook into plain data; raises XlsFormError listing every problem."""
    reader = _Reader()
    try:
        workbook = load_workbook(
            io.BytesIO(data) if isinstance(data, bytes) else data, data_only=True
        )
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise XlsFormError(["Le fichier n'est pas un classeur Excel (.xlsx) lisible."]) from error
    sheets = {name.lower(): workbook[name] for name in workbook.sheetnames}
    if "survey" not in sheets:
        raise XlsFormError(["Le classeur n'a pas de feuille « survey »."])
    lists = _choices(reader, sheets.get("choices"))
    settings = _settings(sheets.get("settings"))
    dimensions, declared = _dimensions(sheets.get("dimensions"), reader)
    header, rows = _rows(sheets["survey"])
    for column in ("type", "name", "label"):
        if column not in header:
            reader.error("survey", None, column, "colonne manquante.")
    if reader.errors:
        raise XlsFormError(reader.errors)

    dimension_codes = [code for code, _label in dimensions]
    used_dimensions: list[tuple[str, int, str]] = []  # (code, row, sheet) to check or declare
    sections: list[SectionSpec] = []
    current: SectionSpec | None = None
    loose: list[QuestionSpec] = []
    kinds: dict[str, str] = {}
    used_lists: set[str] = set()

    def close(section: SectionSpec | None) -> None:
        if section is not None:
            sections.append(section)

    for row in rows:
        type_text = " ".join(row.get("type").split())
        base, _, list_name = type_text.partition(" ")
        base = base.lower()
        if base in METADATA_TYPES:
            continue
        if base == "begin_group":
            if current is not None:
                reader.error(
                    "survey",
                    row.number,
                    "type",
                    "les groupes imbriqués ne sont pas pris en charge.",
                )
                continue
            if loose:
                sections.append(
                    SectionSpec(
                        title=settings.get("form_title") or "Questions", questions=tuple(loose)
                    )
                )
                loose = []
            current = SectionSpec(
                title=(row.get("label") or row.get("name") or "Section")[:200],
                description=row.get("hint")[:LONG_TEXT_MAX_LENGTH],
            )
            continue
        if base == "end_group":
            if current is None:
                reader.error("survey", row.number, "type", "« end_group » sans « begin_group ».")
            close(current)
            current = None
            continue
        question = _question(reader, row, base, list_name, lists, kinds, used_lists)
        if question is None:
            continue
        for code in (question.scale_dimension, *(c.dimension for c in question.choices)):
            if code:
                used_dimensions.append((code, row.number, "survey"))
        kinds[question.code] = question.kind
        if current is not None:
            current = SectionSpec(
                current.title, current.description, (*current.questions, question)
            )
        else:
            loose.append(question)
    if current is not None:
        reader.error(
            "survey", None, "type", "un « begin_group » n'est jamais fermé par « end_group »."
        )
        close(current)
    if loose:
        sections.append(
            SectionSpec(title=settings.get("form_title") or "Questions", questions=tuple(loose))
        )

    for code, number, _sheet in used_dimensions:
        if code in dimension_codes:
            continue
        if declared:
            reader.error(
                "survey",
                number,
                "dimension",
                f"dimension « {code} » absente de la feuille « dimensions ».",
            )
        elif slugify(code) != code.lower():
            reader.error("survey", number, "dimension", f"code de dimension « {code} » invalide.")
        else:
            dimension_codes.append(code)
            dimensions.append((code, code))
    if not any(section.questions for section in sections) and not reader.errors:
        reader.error("survey", None, None, "aucune question.")
    if reader.errors:
        raise XlsFormError(reader.errors)

    title = settings.get("form_title") or "Questionnaire importé"
    audience = settings.get("audience", "").lower()
    return QuestionnaireSpec(
        slug=slugify(settings.get("form_id") or title)[:80] or "questionnaire",
        title=title[:200],
        audience=Audience.COMPANIES
        if audience in (Audience.COMPANIES, "entreprises")
        else Audience.PUBLIC,
        description=settings.get("description", "")[:LONG_TEXT_MAX_LENGTH],
        dimensions=tuple(dimensions),
        sections=tuple(section for section in sections if section.questions),
    )


def _scale_words(
    reader: _Reader,
    row: _Row,
    lists: dict[str, list[tuple[_Row, ChoiceSpec]]],
    low: int,
    high: int,
) -> tuple[ChoiceSpec, ...]:
    """The words of a range's points, from the `choices` list named in its `labels` column."""
    list_name = row.get("labels")
    if not list_name:
        return ()
    if list_name not in lists:
        reader.error(
            "survey",
            row.number,
            "labels",
            f"liste « {list_name} » absente de la feuille « choices ».",
        )
        return ()
    words = tuple(choice for _r, choice in lists[list_name])
    for choice_row, choice in lists[list_name]:
        if not (choice.value.lstrip("-").isdigit() and low <= int(choice.value) <= high):
            reader.error(
                "choices",
                choice_row.number,
                "name",
                f"« {choice.value} » n'est pas un point de l'échelle (de {low} à {high}).",
            )
    return words


def _question(
    reader: _Reader,
    row: _Row,
    base: str,
    list_name: str,
    lists: dict[str, list[tuple[_Row, ChoiceSpec]]],
    kinds: dict[str, str],
    used_lists: set[str],
) -> QuestionSpec | None:
    code = row.get("name")
    errors_before = len(reader.errors)
    if not code or not re.fullmatch(r"[A-Za-z_][\w-]*", code) or len(code) > 80:
        reader.error("survey", row.number, "name", f"nom de variable « {code} » invalide.")
    elif code in kinds:
        reader.error("survey", row.number, "name", f"nom de variable « {code} » en double.")
    if not row.get("label"):
        reader.error("survey", row.number, "label", "libellé manquant.")
    choices: tuple[ChoiceSpec, ...] = ()
    min_value = max_value = None
    competence = ""
    if base in ("select_one", "select_multiple"):
        if not list_name:
            reader.error("survey", row.number, "type", f"« {base} » sans nom de liste.")
            return None
        if list_name == COMMUNES_LIST and base == "select_one":
            kind = K.COMMUNE
        elif list_name not in lists:
            reader.error(
                "survey",
                row.number,
                "type",
                f"liste « {list_name} » absente de la feuille « choices ».",
            )
            return None
        elif (
            list_name == YES_NO_LIST
            and base == "select_one"
            and {c.value for _r, c in lists[list_name]} == {"yes", "no"}
            and not any(c.dimension or c.points for _r, c in lists[list_name])
        ):
            kind = K.YES_NO
        else:
            kind = K.SINGLE_CHOICE if base == "select_one" else K.MULTIPLE_CHOICE
            choices = tuple(choice for _r, choice in lists[list_name])
            used_lists.add(list_name)
    elif base == "range":
        kind = K.SCALE
        params = dict(RANGE_PARAM_RE.findall(row.get("parameters")))
        if (
            "start" not in params
            or "end" not in params
            or int(params["end"]) <= int(params["start"])
        ):
            reader.error(
                "survey", row.number, "parameters", "indiquez par exemple « start=1 end=5 step=1 »."
            )
        else:
            min_value, max_value = int(params["start"]), int(params["end"])
            choices = _scale_words(reader, row, lists, min_value, max_value)
            if choices:
                used_lists.add(row.get("labels"))
    elif base in ("integer", "decimal"):
        competence = row.get("competence")
        kind = K.SKILL_LEVEL if competence and base == "integer" else K.NUMBER
        if kind == K.SKILL_LEVEL and ":" in competence and find_competence(competence) is None:
            reader.error(
                "survey", row.number, "competence", f"compétence « {competence} » inconnue."
            )
        if kind == K.SKILL_LEVEL and ":" not in competence:
            competence = ""
        bounds = BOUNDS_RE.match(row.get("constraint"))
        if kind == K.NUMBER and bounds:
            min_value, max_value = int(bounds.group("low")), int(bounds.group("high"))
    elif base == "text":
        kind = K.LONG_TEXT if "multiline" in row.get("appearance").lower() else K.SHORT_TEXT
    elif base in UNSUPPORTED_TYPES:
        reader.error("survey", row.number, "type", f"type « {base} » non pris en charge par Lakou.")
        return None
    else:
        reader.error("survey", row.number, "type", f"type inconnu « {row.get('type')} »")
        return None
    required = _bool(reader, row, "required")
    condition, value = _condition(reader, row, kinds)
    if len(reader.errors) > errors_before:
        return None
    return QuestionSpec(
        code=code,
        kind=kind,
        label=row.get("label")[:500],
        help_text=row.get("hint")[:500],
        required=required,
        choices=choices,
        min_value=min_value,
        max_value=max_value,
        scale_dimension=row.get("dimension") if kind in (K.SCALE, K.SKILL_LEVEL) else "",
        competence=competence,
        shown_if_question=condition,
        shown_if_value=value[:100],
    )


def xlsform_import(
    *, actor: Actor, data: bytes | IO[bytes], owner: Organisation | None = None
) -> QuestionnaireVersion:
    """Create a questionnaire (or the next version of the one with this form_id) from a workbook."""
    spec = parse_xlsform(data)
    return questionnaire_create_from_spec(
        actor=actor, spec=spec, owner=owner if owner is not None else actor.organisation
    )
