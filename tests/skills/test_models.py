from __future__ import annotations

import pytest

from lakou.skills.models import Competence, Occupation, OccupationTitle


@pytest.mark.parametrize(
    ("query", "code_rome"),
    [
        ("developpeur", "M1805"),
        ("DÉVELOPPEUR informatique", "M1805"),
        ("CYBERSÉCURITÉ", "M1844"),
        ("cybersecurite", "M1844"),
        ("data analyst", "M1419"),
        ("administrateur reseau", "M1854"),
        # Found through a job title only: the fiche is "Chef / Cheffe de projet Web".
        ("chef de projet digital", "M1886"),
        ("technicien support informatique", "I1404"),
        ("m1805", "M1805"),
    ],
)
@pytest.mark.django_db
def test_search_ignores_accents_and_case_and_reads_job_titles(
    reference: dict[str, int], query: str, code_rome: str
) -> None:
    found = set(Occupation.objects.search(query).values_list("code_rome", flat=True))
    assert code_rome in found


@pytest.mark.django_db
def test_search_needs_every_word(reference: dict[str, int]) -> None:
    assert not Occupation.objects.search("developpeur boulangerie").exists()


@pytest.mark.django_db
def test_an_empty_search_keeps_everything(reference: dict[str, int]) -> None:
    assert Occupation.objects.search("  ").count() == 170


@pytest.mark.django_db
def test_job_titles_can_be_searched_on_their_own(reference: dict[str, int]) -> None:
    titles = OccupationTitle.objects.search("Chef de projet DIGITAL")
    assert "510491" in set(titles.values_list("code_ogr", flat=True))


@pytest.mark.django_db
def test_competences_are_found_by_their_french_or_english_title(
    reference: dict[str, int],
) -> None:
    assert set(Competence.objects.search("securite").values_list("code", flat=True)) >= {
        "D.1",
        "E.8",
    }
    assert "1.2" in set(Competence.objects.search("evaluating").values_list("code", flat=True))


@pytest.mark.django_db
def test_domains_list_each_professional_domain_with_its_count(reference: dict[str, int]) -> None:
    domains = {code: (label, count) for code, label, count in Occupation.objects.domains()}
    assert domains["M18"] == ("Systèmes d'information et de télécommunication", 88)
    assert sum(count for _label, count in domains.values()) == 170
    assert Occupation.objects.in_domain("M18").count() == 88


@pytest.mark.django_db
def test_titles_are_listed_principal_first(reference: dict[str, int]) -> None:
    occupation = Occupation.objects.with_titles().get(code_rome="M1805")
    titles = list(occupation.titles.all())
    assert titles[0].label_long == "Développeur / Développeuse informatique"
    assert titles[0].classification == OccupationTitle.Classification.PRINCIPAL
    assert len(titles) == 16
