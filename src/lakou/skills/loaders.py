"""Load the skill frameworks and ROME digital occupations from `data/` (idempotent upsert)."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.db import models, transaction

from lakou.skills import wording
from lakou.skills.models import (
    Area,
    Competence,
    Framework,
    Occupation,
    OccupationTitle,
    ProficiencyLevel,
)
from lakou.skills.text import normalise

DIGCOMP_FILE = "digcomp.json"
ECF_FILE = "ecf.json"
OCCUPATIONS_FILE = "digital_jobs.csv"
TITLES_FILE = "digital_job_appellations.csv"

ROME_CLASSIFICATIONS = {
    "PRINCIPALE": OccupationTitle.Classification.PRINCIPAL,
    "SYNONYME": OccupationTitle.Classification.SYNONYM,
}


UNOFFICIAL_MARK = re.compile(r"\s*\(unofficial\)", re.IGNORECASE)


class ReferenceDataError(ValueError):
    """The reference files do not hold what the loader expects; nothing was written."""


def load_reference_skills(data_dir: Path) -> dict[str, int]:
    """Upsert frameworks, areas, competences, levels, occupations and titles; return row counts.

    Running it twice changes nothing: rows are matched on their natural keys (framework code,
    competence code, ROME code, OGR code) and updated in place.
    """
    digcomp = json.loads((data_dir / DIGCOMP_FILE).read_text(encoding="utf-8"))
    ecf = json.loads((data_dir / ECF_FILE).read_text(encoding="utf-8"))
    occupations = _read_csv(data_dir / OCCUPATIONS_FILE)
    titles = _read_csv(data_dir / TITLES_FILE)
    with transaction.atomic():
        counts: dict[str, int] = defaultdict(int)
        for position, (code, kind, document) in enumerate(
            [
                (wording.DIGCOMP, Framework.Kind.DIGCOMP, digcomp),
                (wording.ECF, Framework.Kind.ECF, ecf),
            ],
            start=1,
        ):
            for key, value in _load_framework(code, kind, position, document).items():
                counts[key] += value
        counts.update(_load_occupations(occupations, titles))
    return dict(counts)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert[M: models.Model](model: type[M], rows: Sequence[M], unique_fields: list[str]) -> None:
    update_fields = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in unique_fields
    ]
    model._default_manager.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
        batch_size=500,
    )


def _load_framework(
    code: str, kind: Framework.Kind, position: int, document: dict[str, Any]
) -> dict[str, int]:
    text = wording.FRAMEWORK_TEXTS[code]
    framework_row = Framework(
        code=code,
        kind=kind,
        name=text.name,
        short_name=text.short_name,
        official_title=document.get("framework", ""),
        version=document.get("version", ""),
        publisher=document.get("publisher", ""),
        reference=document.get("reference", ""),
        url=document.get("url", ""),
        description=text.description,
        source_note=text.source_note,
        licence_note=text.licence_note,
        caveat=text.caveat,
        position=position,
    )
    _upsert(Framework, [framework_row], ["code"])
    framework = Framework.objects.get(code=code)

    areas = [
        _area_row(framework, position, area)
        for position, area in enumerate(document["areas"], start=1)
    ]
    _upsert(Area, areas, ["framework", "code"])
    area_ids = dict(Area.objects.filter(framework=framework).values_list("code", "pk"))

    competences: list[Competence] = []
    for area in document["areas"]:
        for competence in area["competences"]:
            competences.append(
                _competence_row(framework, area_ids[area["id"]], len(competences) + 1, competence)
            )
    _upsert(Competence, competences, ["framework", "code"])

    levels = list(_level_rows(framework, document["proficiency_levels"]))
    _upsert(ProficiencyLevel, levels, ["framework", "code"])
    return {
        "frameworks": 1,
        "areas": len(areas),
        "competences": len(competences),
        "levels": len(levels),
    }


def _french_label(
    framework_code: str, kind: str, code: str, name_fr: str | None, mapping: dict[str, str]
) -> tuple[str, bool]:
    """The data's French label when it has one, else Lakou's own wording (flagged as such)."""
    if name_fr:
        return name_fr, False
    try:
        return mapping[code], True
    except KeyError:
        raise ReferenceDataError(
            f"{framework_code} {kind} {code} has no French label in the data "
            "and none in lakou.skills.wording."
        ) from None


def _area_row(framework: Framework, position: int, area: dict[str, Any]) -> Area:
    name_fr, own = _french_label(
        framework.code,
        "area",
        area["id"],
        area.get("name_fr"),
        wording.AREA_LABELS_FR.get(framework.code, {}),
    )
    # The data marks third-party French names with "(unofficial)" in their source.
    source = "" if own else area.get("name_fr_source", "")
    unofficial = UNOFFICIAL_MARK.search(source) is not None
    return Area(
        framework=framework,
        code=area["id"],
        name_en=area.get("name_en", ""),
        name_fr=name_fr,
        name_fr_is_own_wording=own,
        name_fr_is_official=not own and not unofficial,
        name_fr_source=UNOFFICIAL_MARK.sub("", source).strip(),
        uri=area.get("uri", ""),
        position=position,
    )


def _competence_row(
    framework: Framework, area_id: int, position: int, competence: dict[str, Any]
) -> Competence:
    name_fr, own = _french_label(
        framework.code,
        "competence",
        competence["id"],
        competence.get("name_fr"),
        wording.COMPETENCE_LABELS_FR.get(framework.code, {}),
    )
    name_en = competence.get("name_en", "")
    return Competence(
        framework=framework,
        area_id=area_id,
        code=competence["id"],
        name_en=name_en,
        name_fr=name_fr,
        name_fr_is_own_wording=own,
        name_fr_source="" if own else competence.get("name_fr_source", ""),
        uri=competence.get("uri", ""),
        position=position,
        search_text=normalise(" ".join([competence["id"], name_fr, name_en])),
    )


def _level_rows(framework: Framework, levels: list[dict[str, Any]]) -> Iterable[ProficiencyLevel]:
    for rank, level in enumerate(levels, start=1):
        if framework.code == wording.DIGCOMP:
            group = level["name_en"]
            yield ProficiencyLevel(
                framework=framework,
                code=str(level["level"]),
                rank=int(level["level"]),
                name_en=group,
                name_fr=wording.DIGCOMP_LEVEL_GROUPS_FR[group],
                name_fr_is_own_wording=True,
                cognitive_domain_en=level.get("cognitive_domain", ""),
                cognitive_domain_fr=wording.DIGCOMP_COGNITIVE_DOMAINS_FR[level["cognitive_domain"]],
                autonomy_en=level.get("autonomy", ""),
                autonomy_fr=wording.DIGCOMP_AUTONOMY_FR[level["autonomy"]],
            )
        else:
            yield ProficiencyLevel(
                framework=framework,
                code=level["level"],
                rank=rank,
                name_en=level.get("european_title", ""),
                name_fr=wording.ECF_LEVELS_FR[level["level"]],
                name_fr_is_own_wording=True,
            )


def _flag(value: str) -> bool | None:
    """ROME flags are "O" (oui), "N" (non) or empty (not given)."""
    return {"O": True, "N": False}.get(value.strip().upper())


def _load_occupations(
    occupations: list[dict[str, str]], titles: list[dict[str, str]]
) -> dict[str, int]:
    titles_by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for title in titles:
        titles_by_code[title["code_rome"]].append(title)
    unknown = sorted(set(titles_by_code) - {row["code_rome"] for row in occupations})
    if unknown:
        raise ReferenceDataError(f"Job titles refer to unknown ROME codes: {unknown}")

    title_texts = {
        title["code_ogr"]: _unique_words(
            [title["libelle_appellation_long"], title["libelle_appellation_court"]]
        )
        for title in titles
    }
    occupation_rows = []
    for row in occupations:
        # The occupation is found by its own label and by any of its job titles.
        texts = [row["code_rome"], row["libelle"]]
        texts += [title_texts[title["code_ogr"]] for title in titles_by_code[row["code_rome"]]]
        occupation_rows.append(
            Occupation(
                code_rome=row["code_rome"],
                label=row["libelle"],
                parent_code=row["code_rome_parent"],
                parent_label=row["parent_libelle_rome_v4"],
                parent_label_v3=row["parent_libelle_rome_v3"],
                domain_code=row["domaine_professionnel_code"],
                domain_label=row["domaine_professionnel_libelle"],
                major_domain_code=row["grand_domaine_code"],
                major_domain_label=row["grand_domaine_libelle"],
                is_parent_fiche=_flag(row["is_parent_fiche"]) or False,
                digital_transition=_flag(row["transition_num"]) or False,
                executive_job=_flag(row["emploi_cadre"]),
                regulated_job=_flag(row["emploi_reglemente"]),
                code_ogr=row["code_ogr"],
                code_fiche_metier=row["code_fiche_metier"],
                search_text=_unique_words(texts),
            )
        )
    _upsert(Occupation, occupation_rows, ["code_rome"])
    occupation_ids = dict(Occupation.objects.values_list("code_rome", "pk"))

    title_rows = []
    for title in titles:
        try:
            classification = ROME_CLASSIFICATIONS[title["classification"]]
        except KeyError:
            raise ReferenceDataError(
                f"Job title {title['code_ogr']}: unknown classification {title['classification']!r}"
            ) from None
        title_rows.append(
            OccupationTitle(
                code_ogr=title["code_ogr"],
                occupation_id=occupation_ids[title["code_rome"]],
                label_long=title["libelle_appellation_long"],
                label_short=title["libelle_appellation_court"],
                classification=classification,
                digital_transition=_flag(title["transition_num"]),
                executive_job=_flag(title["emploi_cadre"]),
                rarely_used=_flag(title["peu_usite"]) or False,
                search_text=title_texts[title["code_ogr"]],
            )
        )
    _upsert(OccupationTitle, title_rows, ["code_ogr"])
    return {"occupations": len(occupation_rows), "titles": len(title_rows)}


def _unique_words(texts: Iterable[str]) -> str:
    """Normalised words of `texts`, each once, in first-seen order (keeps the column short)."""
    return " ".join(dict.fromkeys(normalise(" ".join(texts)).split()))
