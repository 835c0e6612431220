from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from lakou.skills.models import Occupation
from tests.skills.factories import (
    CompetenceFactory,
    FrameworkFactory,
    OccupationFactory,
    OccupationTitleFactory,
)

OWN_WORDING = "libellé rédigé par Lakou, pas de traduction officielle"


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.django_db
def test_the_index_presents_the_frameworks_and_the_occupations(
    client: Client, reference: dict[str, int]
) -> None:
    response = client.get(reverse("skills:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "DigComp 2.2" in page
    assert "e-CF 3.0" in page
    assert reverse("skills:framework_detail", kwargs={"code": "ecf"}) in page
    assert reverse("skills:occupation_list") in page


@pytest.mark.django_db
def test_the_index_says_when_nothing_is_loaded(client: Client) -> None:
    response = client.get(reverse("skills:index"))
    assert "pas encore chargés" in response.content.decode()


@pytest.mark.django_db
def test_a_framework_page_lists_areas_competences_and_levels(
    client: Client, reference: dict[str, int]
) -> None:
    response = client.get(reverse("skills:framework_detail", kwargs={"code": "digcomp"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Domaine 1 — Informations et données" in page
    assert "Naviguer, rechercher et filtrer" in page
    assert "Browsing, searching and filtering data, information and digital content" in page
    assert OWN_WORDING in page
    assert "libellé français non officiel, source : comprendredigcomp.com" in page
    assert "Hautement spécialisé" in page
    assert '<th scope="col">' in page
    assert "<caption>" in page


@pytest.mark.django_db
def test_the_ecf_page_warns_that_it_is_version_3(client: Client, reference: dict[str, int]) -> None:
    response = client.get(reverse("skills:framework_detail", kwargs={"code": "ecf"}))
    page = response.content.decode()
    assert "version 3.0 de l&#x27;e-CF" in page
    assert "4.0" in page
    assert "e-5" in page


@pytest.mark.django_db
def test_a_framework_page_has_a_constant_number_of_queries(
    client: Client,
    reference: dict[str, int],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(4):
        client.get(reverse("skills:framework_detail", kwargs={"code": "ecf"}))


@pytest.mark.django_db
def test_a_competence_page_shows_both_titles_and_the_note(
    client: Client, reference: dict[str, int]
) -> None:
    response = client.get(
        reverse("skills:competence_detail", kwargs={"framework_code": "ecf", "code": "D.10"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gérer l&#x27;information et les connaissances" in page
    assert "Information and Knowledge Management" in page
    assert OWN_WORDING in page
    assert "http://www.ecompetences.eu/uri/D10" in page


@pytest.mark.django_db
def test_an_official_french_label_has_no_own_wording_note(client: Client) -> None:
    competence = CompetenceFactory(
        framework=FrameworkFactory(custom=True), name_fr_is_own_wording=False, code="X.1"
    )
    response = client.get(competence.get_absolute_url())
    assert response.status_code == 200
    assert OWN_WORDING not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("skills:framework_detail", {"code": "digcomp-3"}),
        ("skills:competence_detail", {"framework_code": "digcomp", "code": "9.9"}),
        ("skills:competence_detail", {"framework_code": "ecf", "code": "1.1"}),
        ("skills:occupation_detail", {"code_rome": "Z9999"}),
    ],
)
@pytest.mark.django_db
def test_an_unknown_code_answers_404(
    client: Client, reference: dict[str, int], name: str, kwargs: dict[str, str]
) -> None:
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.django_db
def test_the_occupation_list_shows_25_per_page_with_labelled_pagination(
    client: Client, reference: dict[str, int]
) -> None:
    response = client.get(reverse("skills:occupation_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    page = response.content.decode()
    assert "170 métiers trouvés" in page
    assert "Page 1 sur 7" in page
    assert 'aria-label="Page suivante, page 2"' in page
    assert 'href="?page=2"' in page
    assert '<label for="id_q">' in page


@pytest.mark.django_db
def test_the_occupation_search_ignores_accents_and_case(
    client: Client, reference: dict[str, int]
) -> None:
    response = client.get(reverse("skills:occupation_list"), {"q": "developpeur"})
    page = response.content.decode()
    assert "Développeur / Développeuse informatique" in page
    response = client.get(reverse("skills:occupation_list"), {"q": "CYBERSÉCURITÉ"})
    codes = {o.code_rome for o in response.context["page"].object_list}
    assert "M1844" in codes


@pytest.mark.django_db
def test_the_occupation_list_filters_by_domain_and_keeps_the_filter_in_page_links(
    client: Client, reference: dict[str, int]
) -> None:
    response = client.get(reverse("skills:occupation_list"), {"domain": "M18"})
    occupations = response.context["page"].object_list
    assert {o.domain_code for o in occupations} == {"M18"}
    assert response.context["page"].paginator.count == 88
    assert 'href="?domain=M18&amp;page=2"' in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_domain_is_reported_and_filters_nothing(
    client: Client, reference: dict[str, int]
) -> None:
    response = client.get(reverse("skills:occupation_list"), {"domain": "ZZZ"})
    assert response.status_code == 200
    assert response.context["form"].errors["domain"]
    assert response.context["page"].paginator.count == 170


@pytest.mark.django_db
def test_a_search_without_result_says_so(client: Client, reference: dict[str, int]) -> None:
    response = client.get(reverse("skills:occupation_list"), {"q": "boulanger"})
    assert "Aucun métier ne correspond" in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_search_returns_only_the_results(client: Client, reference: dict[str, int]) -> None:
    response = client.get(
        reverse("skills:occupation_list"), {"q": "data"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="resultats">')
    assert "<h1>" not in page
    assert "Data analyst" in page


@pytest.mark.parametrize("page_number", [1, 2])
@pytest.mark.django_db
def test_the_occupation_list_query_count_does_not_grow_with_the_page(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, page_number: int
) -> None:
    for occupation in OccupationFactory.create_batch(30):
        OccupationTitleFactory.create_batch(2, occupation=occupation)
    with django_assert_num_queries(3):
        response = client.get(reverse("skills:occupation_list"), {"page": page_number})
    assert len(response.context["page"].object_list) == (25 if page_number == 1 else 5)


@pytest.mark.django_db
def test_the_occupation_list_query_count_is_the_same_with_a_search(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    OccupationFactory.create_batch(30)
    with django_assert_num_queries(3):
        client.get(reverse("skills:occupation_list"), {"q": "numerique", "domain": "M18"})


@pytest.mark.django_db
def test_an_occupation_page_lists_its_job_titles(
    client: Client, reference: dict[str, int], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):
        response = client.get(reverse("skills:occupation_detail", kwargs={"code_rome": "I1404"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Technicien / Technicienne support informatique" in page
    assert "Equipements domestiques et informatique" in page
    occupation = Occupation.objects.get(code_rome="I1404")
    assert f"{occupation.titles.count()} appellations" in page
