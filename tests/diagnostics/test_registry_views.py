"""The registry pages: federation staff upload and browse; everyone else is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lakou.accounts.models import Organisation
from lakou.core.models import AuditEntry
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db

HEADER = "siret;denomination;naf;codeCommuneEtablissement;etatAdministratifEtablissement\n"
GOOD = "73282932000074;Boulangerie du Bourg;10.71C;97209;A\n"
BAD = "73282932000075;Boulangerie du Bourg;10.71C;97299;A\n"


@pytest.fixture
def world() -> World:
    CommuneFactory()
    CommuneFactory(lamentin=True)
    CommuneFactory(marigot=True)
    return World.build()


def upload(world: World, actor: str, content: str, **extra: Any) -> Any:
    return world.client(actor).post(
        reverse("diagnostics:registry_import"),
        {"file": SimpleUploadedFile("registre.csv", content.encode()), **extra},
    )


def test_federation_staff_import_a_file(world: World) -> None:
    response = upload(world, "federation", HEADER + GOOD)

    assert response.status_code == 200
    assert "Import réussi" in response.content.decode()
    company = Organisation.objects.companies().get(siret="73282932000074")
    entry = AuditEntry.objects.get(action="company_registry.import")
    assert entry.user == world.users["federation"]
    assert company.name == "Boulangerie du Bourg"


def test_a_simulation_writes_nothing(world: World) -> None:
    response = upload(world, "federation", HEADER + GOOD, dry_run="on")

    assert response.status_code == 200
    assert "Essai sans enregistrement" in response.content.decode()
    assert not Organisation.objects.filter(siret="73282932000074").exists()


def test_the_report_lists_every_bad_line_in_a_table(world: World) -> None:
    response = upload(world, "federation", HEADER + GOOD + BAD)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Import refusé" in html
    assert '<td class="num" data-label="Ligne">3</td>' in html
    assert "la clé de contrôle est fausse" in html
    assert "code commune inconnu « 97299 »" in html
    assert not Organisation.objects.filter(siret="73282932000074").exists()


def test_a_name_with_a_nul_byte_is_refused_on_the_page_with_its_line(world: World) -> None:
    response = upload(world, "federation", HEADER + GOOD.replace("du Bourg", "du\x00Bourg"))

    html = response.content.decode()
    assert response.status_code == 400
    assert '<td class="num" data-label="Ligne">2</td>' in html
    assert "caractère de contrôle interdit (U+0000)" in html
    assert not Organisation.objects.filter(siret="73282932000074").exists()


def test_a_very_wrong_file_shows_the_first_500_bad_lines_and_says_so(world: World) -> None:
    response = upload(world, "federation", HEADER + BAD * 300)

    html = response.content.decode()
    assert response.status_code == 400
    # 300 lines, two problems each (SIRET key and commune), plus the duplicates.
    assert html.count('<td class="num" data-label="Ligne">') == 500
    assert "Seules les 500 premières lignes à corriger sont affichées" in html


def test_a_file_of_another_format_is_refused_by_the_form(world: World) -> None:
    response = world.client("federation").post(
        reverse("diagnostics:registry_import"),
        {"file": SimpleUploadedFile("registre.ods", b"x")},
    )

    assert response.status_code == 400
    assert "Envoyez un fichier CSV ou XLSX." in response.content.decode()


@pytest.mark.parametrize("actor", ["company", "epci", "person"])
def test_others_cannot_upload(world: World, actor: str) -> None:
    response = upload(world, actor, HEADER + GOOD)

    assert response.status_code == 404
    assert not Organisation.objects.filter(siret="73282932000074").exists()


def test_anonymous_is_sent_to_login(world: World) -> None:
    response = upload(world, "anonymous", HEADER + GOOD)

    assert response.status_code == 302
    assert not Organisation.objects.filter(siret="73282932000074").exists()


def make_companies(count: int) -> None:
    communes = [CommuneFactory(), CommuneFactory(lamentin=True), CommuneFactory(marigot=True)]
    for number in range(count):
        OrganisationFactory(
            company=True,
            name=f"Entreprise {number:03d}",
            naf_code="62.01Z" if number % 2 else "10.71C",
            commune=communes[number % 3],
        )


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_takes_the_same_number_of_queries_whatever_its_size(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    make_companies(count)
    client = world.client("federation")

    # Session, user, memberships, MFA, count, page, EPCI and commune choices.
    with django_assert_num_queries(8):
        response = client.get(reverse("diagnostics:registry_list"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"commune": "97213"}, ["Entreprise 001", "Entreprise 004"]),
        ({"epci": "200041788"}, ["Entreprise 002", "Entreprise 005"]),
        ({"section": "J"}, ["Entreprise 001", "Entreprise 003", "Entreprise 005"]),
        ({"section": "C", "commune": "97209"}, ["Entreprise 000"]),
    ],
)
def test_the_list_filters_by_territory_and_sector(
    world: World, query: dict[str, str], names: list[str]
) -> None:
    make_companies(6)

    response = world.client("federation").get(reverse("diagnostics:registry_list"), query)

    listed = [company.name for company in response.context["page"].object_list]
    assert listed == names


def test_the_list_is_paginated(world: World) -> None:
    make_companies(60)

    response = world.client("federation").get(reverse("diagnostics:registry_list"), {"page": 2})

    assert "Page 2 sur 2" in response.content.decode()
    assert len(response.context["page"].object_list) == 60 + 2 - 50  # the World has two companies


def test_the_api_gives_a_company_to_the_federation(world: World) -> None:
    OrganisationFactory(company=True, siret="73282932000074", commune=CommuneFactory())
    url = reverse("api-1.0.0:registry_company", kwargs={"siret": "73282932000074"})

    response = world.client("anonymous").get(url, headers=world.api_headers("federation"))

    assert response.status_code == 200
    assert response.json()["commune_insee_code"] == "97209"
    assert response.json()["epci_siren"] == "249720061"
