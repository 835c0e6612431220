from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from lakou.skills import wording
from lakou.skills.loaders import ReferenceDataError, load_reference_skills
from lakou.skills.models import (
    Area,
    Competence,
    Framework,
    Occupation,
    OccupationTitle,
    ProficiencyLevel,
)

EXPECTED_COUNTS = {
    "frameworks": 2,
    "areas": 10,
    "competences": 61,
    "levels": 13,
    "occupations": 170,
    "titles": 1016,
}


def table_counts() -> dict[str, int]:
    return {
        "frameworks": Framework.objects.count(),
        "areas": Area.objects.count(),
        "competences": Competence.objects.count(),
        "levels": ProficiencyLevel.objects.count(),
        "occupations": Occupation.objects.count(),
        "titles": OccupationTitle.objects.count(),
    }


@pytest.mark.django_db
def test_it_loads_every_row_of_the_reference_files(reference: dict[str, int]) -> None:
    assert reference == EXPECTED_COUNTS
    assert table_counts() == EXPECTED_COUNTS


@pytest.mark.parametrize(
    ("framework", "areas", "competences", "levels"),
    [("digcomp", 5, 21, 8), ("ecf", 5, 40, 5)],
)
@pytest.mark.django_db
def test_each_framework_has_its_areas_competences_and_levels(
    reference: dict[str, int], framework: str, areas: int, competences: int, levels: int
) -> None:
    loaded = Framework.objects.with_counts().get(code=framework)
    assert (loaded.area_count, loaded.competence_count, loaded.level_count) == (
        areas,
        competences,
        levels,
    )


@pytest.mark.django_db
def test_loading_twice_changes_nothing(data_dir: Path) -> None:
    load_reference_skills(data_dir)
    first = {
        model.__name__: sorted(model._default_manager.values_list())
        for model in (Framework, Area, Competence, ProficiencyLevel, Occupation, OccupationTitle)
    }
    assert load_reference_skills(data_dir) == EXPECTED_COUNTS
    second = {
        model.__name__: sorted(model._default_manager.values_list())
        for model in (Framework, Area, Competence, ProficiencyLevel, Occupation, OccupationTitle)
    }
    assert second == first
    assert table_counts() == EXPECTED_COUNTS


@pytest.mark.django_db
def test_every_competence_has_a_french_label(reference: dict[str, int]) -> None:
    assert not Competence.objects.filter(name_fr="").exists()
    assert not Area.objects.filter(name_fr="").exists()
    assert not ProficiencyLevel.objects.filter(name_fr="").exists()


@pytest.mark.parametrize("framework", ["digcomp", "ecf"])
@pytest.mark.django_db
def test_the_own_wording_flag_is_set_exactly_where_the_data_has_no_french_label(
    reference: dict[str, int], data_dir: Path, framework: str
) -> None:
    document = json.loads((data_dir / f"{framework}.json").read_text(encoding="utf-8"))
    without_french = {
        competence["id"]
        for area in document["areas"]
        for competence in area["competences"]
        if not competence.get("name_fr")
    }
    flagged = set(
        Competence.objects.of_framework(framework)
        .filter(name_fr_is_own_wording=True)
        .values_list("code", flat=True)
    )
    assert flagged == without_french
    areas_without_french = {area["id"] for area in document["areas"] if not area.get("name_fr")}
    flagged_areas = set(
        Area.objects.filter(framework__code=framework, name_fr_is_own_wording=True).values_list(
            "code", flat=True
        )
    )
    assert flagged_areas == areas_without_french


@pytest.mark.django_db
def test_digcomp_area_names_keep_their_unofficial_source(reference: dict[str, int]) -> None:
    area = Area.objects.get(framework__code="digcomp", code="1")
    assert area.name_fr == "Informations et données"
    assert area.name_fr_is_own_wording is False
    assert area.name_fr_is_official is False
    assert area.name_fr_source == "comprendredigcomp.com"


@pytest.mark.django_db
def test_ecf_area_names_are_lakou_wording(reference: dict[str, int]) -> None:
    area = Area.objects.get(framework__code="ecf", code="A")
    assert (area.name_fr, area.name_en) == ("Planifier", "Plan")
    assert area.name_fr_is_own_wording is True
    assert area.name_fr_is_official is False


@pytest.mark.django_db
def test_the_english_official_title_is_kept_next_to_the_french_label(
    reference: dict[str, int],
) -> None:
    competence = Competence.objects.get(framework__code="ecf", code="B.1")
    assert competence.name_en == "Application Development"
    assert competence.name_fr == "Développer des applications"
    assert competence.uri == "http://www.ecompetences.eu/uri/B1"


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("1", "Fondamental"),
        ("2", "Fondamental"),
        ("3", "Intermédiaire"),
        ("4", "Intermédiaire"),
        ("5", "Avancé"),
        ("6", "Avancé"),
        ("7", "Hautement spécialisé"),
        ("8", "Hautement spécialisé"),
    ],
)
@pytest.mark.django_db
def test_digcomp_levels_are_named_by_their_group(
    reference: dict[str, int], code: str, label: str
) -> None:
    level = ProficiencyLevel.objects.get(framework__code="digcomp", code=code)
    assert level.name_fr == label
    assert level.cognitive_domain_en
    assert level.autonomy_fr


@pytest.mark.django_db
def test_ecf_levels_run_from_e1_to_e5(reference: dict[str, int]) -> None:
    levels = ProficiencyLevel.objects.filter(framework__code="ecf").order_by("rank")
    assert [level.code for level in levels] == ["e-1", "e-2", "e-3", "e-4", "e-5"]
    assert levels[0].name_en == "Associate"


@pytest.mark.django_db
def test_the_ecf_framework_says_it_is_version_3_not_4(reference: dict[str, int]) -> None:
    ecf = Framework.objects.get(code="ecf")
    assert ecf.version.startswith("3.0")
    assert "3.0" in ecf.caveat
    assert "4.0" in ecf.caveat


@pytest.mark.django_db
def test_occupations_keep_the_rome_flags_and_domains(reference: dict[str, int]) -> None:
    analyst = Occupation.objects.get(code_rome="M1844")
    assert analyst.label == "Analyste en cybersécurité"
    assert (analyst.parent_code, analyst.domain_code, analyst.major_domain_code) == (
        "M1805",
        "M18",
        "M",
    )
    assert analyst.is_parent_fiche is False
    assert analyst.digital_transition is True
    assert analyst.executive_job is True


@pytest.mark.django_db
def test_titles_are_attached_to_their_occupation_with_one_principal_each(
    reference: dict[str, int],
) -> None:
    title = OccupationTitle.objects.get(code_ogr="489106")
    assert title.label_long == "Technicien / Technicienne support informatique"
    assert title.occupation.code_rome == "I1404"
    assert OccupationTitle.objects.principal().count() == 170


def test_the_wording_covers_exactly_the_codes_of_the_data(data_dir: Path) -> None:
    """A stale or missing key in lakou.skills.wording would show a wrong or empty label."""
    for framework in (wording.DIGCOMP, wording.ECF):
        document = json.loads((data_dir / f"{framework}.json").read_text(encoding="utf-8"))
        codes = {c["id"] for area in document["areas"] for c in area["competences"]}
        assert set(wording.COMPETENCE_LABELS_FR[framework]) == codes


def copy_data(source: Path, target: Path) -> Path:
    for name in ("digcomp.json", "ecf.json", "digital_jobs.csv", "digital_job_appellations.csv"):
        shutil.copy(source / name, target / name)
    return target


@pytest.mark.django_db
def test_a_changed_label_is_updated_in_place(data_dir: Path, tmp_path: Path) -> None:
    load_reference_skills(data_dir)
    before = Occupation.objects.get(code_rome="M1805").pk
    copy_data(data_dir, tmp_path)
    path = tmp_path / "digital_jobs.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["code_rome"] == "M1805":
            row["libelle"] = "Développeur / Développeuse logiciel"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    load_reference_skills(tmp_path)

    occupation = Occupation.objects.get(code_rome="M1805")
    assert occupation.pk == before
    assert occupation.label == "Développeur / Développeuse logiciel"
    assert Occupation.objects.search("logiciel").filter(code_rome="M1805").exists()
    assert Occupation.objects.count() == 170


@pytest.mark.django_db
def test_a_competence_without_any_french_label_stops_the_load(
    data_dir: Path, tmp_path: Path
) -> None:
    copy_data(data_dir, tmp_path)
    path = tmp_path / "ecf.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["areas"][0]["competences"].append({"id": "A.99", "name_en": "Unknown"})
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(ReferenceDataError, match=r"A\.99"):
        load_reference_skills(tmp_path)
    assert Framework.objects.count() == 0
