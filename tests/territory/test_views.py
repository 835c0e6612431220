"""The public territory pages: overview, one EPCI, one commune."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lakou.territory.models import AgeGroupPopulation, Commune
from tests.territory.factories import AgeGroupPopulationFactory, CommuneFactory
from tests.territory.html import elements, parse, text

CACEM = "249720061"


@pytest.mark.usefixtures("reference_territory")
class TestOverview:
    def test_it_shows_the_map_of_the_34_communes_and_the_3_epci_with_their_population(
        self, client: Client
    ) -> None:
        response = client.get(reverse("territory:overview"))

        assert response.status_code == 200
        html = response.content.decode()
        root = parse(html)
        assert len([a for a in elements(root, "a") if ("data-insee", "97209") in a.attributes]) == 1
        assert len(list(elements(root, "path"))) == 34
        assert "360\u00a0630" in html
        epci_table = list(elements(root, "table"))[1]
        rows = {text(next(elements(row, "th"))): text(row) for row in elements(epci_table, "tr")}
        assert "150\u00a0642" in rows["CACEM"]
        assert "95\u00a0085" in rows["CAP Nord Martinique"]
        assert "114\u00a0903" in rows["CAESM"]

    def test_its_headings_come_in_order_and_its_tables_have_captions(self, client: Client) -> None:
        html = client.get(reverse("territory:overview")).content.decode()
        root = parse(html)

        assert len(list(elements(root, "h1"))) == 1
        assert html.index("<h1>") < html.index("<h2>")
        assert not list(elements(root, "h3"))
        assert text(next(elements(root, "nav", aria_label="Fil d'Ariane"))) == "Accueil Territoire"
        for table in elements(root, "table"):
            assert text(next(elements(table, "caption")))
            scopes = {dict(th.attributes).get("scope") for th in elements(table, "th")}
            assert scopes <= {"col", "row"}

    def test_its_query_count_does_not_depend_on_the_number_of_communes(
        self, client: Client, django_assert_num_queries: Any
    ) -> None:
        with django_assert_num_queries(3):
            client.get(reverse("territory:overview"))

    def test_an_unknown_population_is_said_and_not_counted(self, client: Client) -> None:
        Commune.objects.filter(insee_code="97209").update(population=None)

        html = client.get(reverse("territory:overview")).content.decode()

        assert "La population de 1 commune est inconnue" in html
        assert "285\u00a0124" in html  # 360 630 - 75 506


@pytest.mark.django_db
def test_the_overview_says_when_the_reference_data_is_not_loaded(client: Client) -> None:
    response = client.get(reverse("territory:overview"))

    assert response.status_code == 200
    assert "lakou load-reference" in response.content.decode()


@pytest.mark.usefixtures("reference_territory")
class TestEpciDetail:
    def test_it_shows_its_communes_and_dims_the_others(self, client: Client) -> None:
        response = client.get(reverse("territory:epci_detail", kwargs={"siren": CACEM}))

        assert response.status_code == 200
        root = parse(response.content.decode())
        assert (
            text(next(elements(root, "h1")))
            == "Communauté d'agglomération du Centre de la Martinique"
        )
        table = next(elements(root, "table"))
        assert sorted(
            text(th) for th in elements(table, "th") if ("scope", "row") in th.attributes
        ) == [
            "Fort-de-France",
            "Le Lamentin",
            "Saint-Joseph",
            "Schœlcher",
        ]
        assert len(list(elements(root, "path"))) == 34
        dimmed = [p for p in elements(root, "path") if ("fill", "#d9d9d9") in p.attributes]
        assert len(dimmed) == 30
        assert "150\u00a0642 habitants" in response.content.decode()

    def test_its_query_count_does_not_depend_on_the_number_of_communes(
        self, client: Client, django_assert_num_queries: Any
    ) -> None:
        with django_assert_num_queries(3):
            client.get(reverse("territory:epci_detail", kwargs={"siren": CACEM}))

    def test_an_unknown_siren_answers_404(self, client: Client) -> None:
        response = client.get(reverse("territory:epci_detail", kwargs={"siren": "123456789"}))

        assert response.status_code == 404


@pytest.mark.usefixtures("reference_territory")
class TestCommuneDetail:
    def url(self, insee_code: str = "97209") -> str:
        return reverse("territory:commune_detail", kwargs={"insee_code": insee_code})

    def test_it_shows_population_year_epci_and_postal_codes(self, client: Client) -> None:
        html = client.get(self.url()).content.decode()

        assert "75\u00a0506 habitants" in html
        assert "2023" in html
        assert "Communauté d&#x27;agglomération du Centre de la Martinique" in html
        assert "97200, 97234" in html

    def test_before_any_import_it_shows_the_regional_figures_and_says_so(
        self, client: Client
    ) -> None:
        html = client.get(self.url()).content.decode()
        root = parse(html)

        notice = text(next(elements(root, "p", id="chiffres-regionaux")))
        assert "ceux de la Martinique entière, pas ceux de Fort-de-France" in notice
        assert "2020" in notice
        assert "Population de la Martinique par tranche d'âge, recensement 2020" in html
        assert "69\u00a0093" in html
        assert "inconnue pour Fort-de-France" in html
        assert "29,1\u00a0%" in html or "29,1 %" in html
        assert "Insee POP T0" in html

    def test_after_an_import_it_shows_the_commune_figures(self, client: Client) -> None:
        commune = Commune.objects.get(insee_code="97209")
        for age_group, population in [("60-74", 15000), ("75+", 7000), ("total", 75000)]:
            AgeGroupPopulationFactory(
                commune=commune, year=2021, age_group=age_group, population=population
            )

        html = client.get(self.url()).content.decode()

        assert 'id="chiffres-regionaux"' not in html
        assert "Population de Fort-de-France par tranche d'âge, recensement 2021" in html
        assert "15\u00a0000" in html
        assert "29,3\u00a0%" in html or "29,3 %" in html  # (15 000 + 7 000) / 75 000
        assert "Population de la Martinique" not in html

    def test_another_commune_still_shows_the_regional_figures(self, client: Client) -> None:
        AgeGroupPopulationFactory(commune=Commune.objects.get(insee_code="97209"), year=2021)

        html = client.get(self.url("97213")).content.decode()

        assert 'id="chiffres-regionaux"' in html

    def test_an_unknown_commune_answers_404(self, client: Client) -> None:
        assert client.get(self.url("97299")).status_code == 404

    def test_it_needs_two_queries(self, client: Client, django_assert_num_queries: Any) -> None:
        with django_assert_num_queries(2):
            client.get(self.url())


@pytest.mark.django_db
def test_a_commune_without_any_age_figure_says_they_are_unknown(client: Client) -> None:
    commune = CommuneFactory()
    assert not AgeGroupPopulation.objects.exists()

    html = client.get(commune.get_absolute_url()).content.decode()

    assert "La répartition par âge est inconnue" in html
