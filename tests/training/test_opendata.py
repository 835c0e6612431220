"""Open data of the catalogue: LHEO 2.3 XML, data·inclusion JSON and CSV, page, API and command."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.training.models import Programme, Session
from lakou.training.services.catalogue import session_cancel
from lakou.training.services.opendata import (
    build_csv,
    build_data_inclusion,
    build_lheo,
    load_catalogue,
)
from tests.accounts.factories import OrganisationFactory
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme, make_session, provider_actor

pytestmark = pytest.mark.django_db

NS = {"l": "http://lheo.gouv.fr/2.3"}
BASE = "https://lakou.example"


def parse(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 (our own export, not untrusted input)


def lheo() -> ET.Element:
    return parse(build_lheo(load_catalogue(), base_url=BASE))


def csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def make_provider(**fields: object) -> Organisation:
    fields.setdefault("commune", CommuneFactory())
    return OrganisationFactory(provider=True, siret="73282932000074", **fields)


def cancel(session: Session) -> None:
    membership = session.programme.provider.memberships.first()
    assert membership is not None
    actor = Actor(user=membership.user, membership=membership, memberships=(membership,))
    session_cancel(actor=actor, session=session, reason="Formateur absent")


# ---------------------------------------------------------------- what is exported


def test_only_published_programmes_and_live_sessions_are_exported() -> None:
    published = make_programme(title="Bootcamp données")
    make_programme(title="Brouillon", is_published=False)
    kept = make_session(published)
    cancel(make_session(published, starts_in_days=60))
    rows = load_catalogue()
    assert [row.title for row in rows] == ["Bootcamp données"]
    assert [session.id for session in rows[0].sessions] == [kept.pk]


# ---------------------------------------------------------------- LHEO


def test_lheo_is_well_formed_with_the_namespace_and_one_formation_per_programme() -> None:
    first = make_programme(title="Développeur web")
    make_session(first)
    make_session(first, starts_in_days=90)
    make_programme(title="Cybersécurité")
    root = lheo()
    assert root.tag == "{http://lheo.gouv.fr/2.3}lheo"
    formations = root.findall("l:offres/l:formation", NS)
    assert len(formations) == 2
    by_title = {f.findtext("l:intitule-formation", namespaces=NS): f for f in formations}
    assert len(by_title["Développeur web"].findall("l:action/l:session", NS)) == 2
    # A programme without dates keeps one action whose period is "unknown", as LHEO asks.
    periods = by_title["Cybersécurité"].findall("l:action/l:session/l:periode/*", NS)
    assert [p.text for p in periods] == ["00000000", "99999999"]


def test_lheo_escapes_titles_with_ampersands_brackets_and_accents() -> None:
    make_programme(title="Données & IA <niveau 1> à Fort-de-France")
    body = build_lheo(load_catalogue(), base_url=BASE)
    assert b"Donn\xc3\xa9es &amp; IA &lt;niveau 1&gt;" in body
    title = parse(body).findtext("l:offres/l:formation/l:intitule-formation", namespaces=NS)
    assert title == "Données & IA <niveau 1> à Fort-de-France"


def test_lheo_follows_the_element_order_of_the_2_3_schema() -> None:
    make_session(make_programme(certification_kind="rncp", certification_code="RNCP37827"))
    formation = lheo().find("l:offres/l:formation", NS)
    assert formation is not None
    names = [child.tag.split("}")[1] for child in formation]
    assert names == [
        "domaine-formation",
        "intitule-formation",
        "objectif-formation",
        "resultats-attendus",
        "contenu-formation",
        "certifiante",
        "contact-formation",
        "parcours-de-formation",
        "code-niveau-entree",
        "certification",
        "url-formation",
        "action",
        "organisme-formation-responsable",
    ]
    assert formation.findtext("l:certification/l:code-RNCP", namespaces=NS) == "37827"
    action = formation.find("l:action", NS)
    assert action is not None
    assert [child.tag.split("}")[1] for child in action][:12] == [
        "rythme-formation",
        "code-public-vise",
        "info-public-vise",
        "niveau-entree-obligatoire",
        "modalites-alternance",
        "modalites-enseignement",
        "conditions-specifiques",
        "prise-en-charge-frais-possible",
        "lieu-de-formation",
        "modalites-entrees-sorties",
        "url-action",
        "session",
    ]


def test_lheo_gives_dates_codes_and_the_provider() -> None:
    provider = make_provider(name="École du code")
    occupation = OccupationFactory(code_rome="M1805")
    programme = make_programme(
        provider=provider, entry_level="4", format="hybrid", occupations=(occupation,)
    )
    session = make_session(programme, status="full")
    formation = lheo().find("l:offres/l:formation", NS)
    assert formation is not None
    text = lambda path: formation.findtext(path, namespaces=NS)  # noqa: E731
    assert text("l:domaine-formation/l:code-ROME") == "M1805"
    assert text("l:code-niveau-entree") == "5"  # 2019 level 4 (bac) is LHEO's niveau IV
    assert text("l:action/l:modalites-enseignement") == "1"
    assert text("l:action/l:session/l:periode/l:debut") == session.starts_on.strftime("%Y%m%d")
    assert text("l:action/l:session/l:etat-recrutement") == "2"
    assert text("l:organisme-formation-responsable/l:SIRET-organisme-formation/l:SIRET") == (
        "73282932000074"
    )
    assert text("l:organisme-formation-responsable/l:raison-sociale") == "École du code"
    assert text("l:url-formation/l:urlweb") == f"{BASE}/formations/{programme.pk}/"


# ---------------------------------------------------------------- data·inclusion


def test_data_inclusion_has_one_service_per_programme_and_one_structure_per_provider() -> None:
    provider = make_provider(name="Madin Numérique", street_address="4 rue Perrinon")
    make_programme(provider=provider, title="Tablette pour les seniors")
    make_programme(provider=provider, title="Bureautique")
    data = build_data_inclusion(load_catalogue(), base_url=BASE)
    (structure,) = data["structures"]
    assert (structure["nom"], structure["siret"], structure["adresse"]) == (
        "Madin Numérique",
        "73282932000074",
        "4 rue Perrinon",
    )
    assert sorted(s["nom"] for s in data["services"]) == [
        "Bureautique",
        "Tablette pour les seniors",
    ]
    assert {s["structure_id"] for s in data["services"]} == {structure["id"]}


def test_data_inclusion_maps_audiences_fees_format_and_place() -> None:
    commune = CommuneFactory(lamentin=True, postal_codes="97232")
    programme = make_programme(
        audiences=("seniors", "job_seekers", "career_changers"),
        fundings=("free",),
        format="hybrid",
        domain="digital_basics",
    )
    make_session(programme, commune=commune, venue="Médiathèque")
    (service,) = build_data_inclusion(load_catalogue(), base_url=BASE)["services"]
    assert service["type"] == "formation"
    assert service["publics"] == ["demandeurs-emploi", "seniors"]
    # v1 has no public for career changers: they are said in words.
    assert "Personnes en reconversion" in service["publics_precisions"]
    assert service["frais"] == "gratuit"
    assert service["modes_accueil"] == ["a-distance", "en-presentiel"]
    assert service["thematiques"] == ["numerique--maitriser-les-fondamentaux-du-numerique"]
    assert (service["commune"], service["code_insee"], service["code_postal"]) == (
        "Le Lamentin",
        "97213",
        "97232",
    )
    assert service["adresse"] == "Médiathèque"
    assert service["zone_eligibilite"] == ["972"]
    assert service["lien_source"] == f"{BASE}/formations/{programme.pk}/"
    assert service["modes_mobilisation"] == ["utiliser-lien-mobilisation"]


def test_everyone_stands_alone_among_the_publics() -> None:
    make_programme(audiences=("everyone", "seniors"))
    (service,) = build_data_inclusion(load_catalogue(), base_url=BASE)["services"]
    assert service["publics"] == ["tous-publics"]


def test_a_paid_programme_says_its_price_and_fundings() -> None:
    make_programme(price=Decimal("1200.00"), fundings=("cpf", "france_travail"))
    (service,) = build_data_inclusion(load_catalogue(), base_url=BASE)["services"]
    assert service["frais"] == "payant"
    assert (
        service["frais_precisions"]
        == "Prix : 1200,00 € ; financements possibles : CPF, France Travail"
    )


def test_the_description_keeps_every_part_of_the_programme_with_its_title() -> None:
    objective = "Apprendre à programmer. " * 30
    make_programme(objective=objective, prerequisites="Savoir lire")
    (service,) = build_data_inclusion(load_catalogue(), base_url=BASE)["services"]
    assert service["description"].startswith("Objectif : " + objective.strip())
    assert service["description"].endswith("Prérequis : Savoir lire")
    assert service["conditions_acces"] == "Savoir lire"


# ---------------------------------------------------------------- CSV


def test_csv_has_a_bom_semicolons_french_headers_and_one_line_per_session() -> None:
    programme = make_programme(title="Réseaux ; câblage")
    first = make_session(programme)
    make_session(programme, starts_in_days=90, is_remote=True)
    make_programme(title="Sans session")
    rows = csv_rows(build_csv(load_catalogue(), base_url=BASE))
    assert [row["intitule"] for row in rows] == ["Réseaux ; câblage"] * 2 + ["Sans session"]
    assert rows[0]["debut"] == first.starts_on.isoformat()
    assert rows[0]["commune"] == "Fort-de-France"
    assert rows[1]["a_distance"] == "oui"
    assert rows[2]["identifiant_session"] == ""


def test_a_hostile_title_in_the_public_csv_is_quoted_text(client: Client) -> None:
    title = '=HYPERLINK("http://evil","x")'
    programme = make_programme(provider=make_provider(name="@SUM(A1)"), title=title)
    make_session(programme, schedule="-2+3", venue="+1+1")
    make_programme(title="Marie-Anne - bureautique")
    rows = csv_rows(body_of(client.get(reverse("training:opendata_csv"))))
    hostile = next(row for row in rows if row["identifiant_formation"] == str(programme.pk))
    assert hostile["intitule"] == "'" + title
    assert hostile["organisme"] == "'@SUM(A1)"
    assert (hostile["horaires"], hostile["lieu"]) == ("'-2+3", "'+1+1")
    assert hostile["places"] == "12"
    assert "Marie-Anne - bureautique" in [row["intitule"] for row in rows]


# ---------------------------------------------------------------- pages, API, command


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("training:opendata_lheo", "application/xml; charset=utf-8"),
        ("training:opendata_data_inclusion", "application/json; charset=utf-8"),
        ("training:opendata_csv", "text/csv; charset=utf-8"),
    ],
)
def test_anyone_downloads_the_files(client: Client, name: str, content_type: str) -> None:
    make_session(make_programme(title="Cloud & DevOps"))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    body = body_of(response)
    assert b"Cloud & DevOps" in body or b"Cloud &amp; DevOps" in body
    assert "max-age=600" in response["Cache-Control"]


def test_the_page_explains_the_files_their_licence_and_the_last_change(client: Client) -> None:
    make_session(make_programme())
    page = client.get(reverse("training:opendata")).content.decode()
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in page
    assert "1 formation publiée" in page
    assert "Dernière modification du catalogue" in page
    for name in (
        "training:opendata_lheo",
        "training:opendata_data_inclusion",
        "training:opendata_csv",
    ):
        assert reverse(name) in page


def test_files_cannot_be_posted_to(client: Client) -> None:
    assert client.post(reverse("training:opendata_csv")).status_code == 405


def test_the_api_serves_the_data_inclusion_catalogue(client: Client) -> None:
    make_programme(title="Analyste données")
    response = client.get(reverse("api-1.0.0:training_opendata_data_inclusion"))
    assert response.status_code == 200
    assert [s["nom"] for s in response.json()["services"]] == ["Analyste données"]


@pytest.mark.parametrize("fmt", ["lheo", "data-inclusion", "csv"])
def test_the_command_writes_each_format_to_a_file(tmp_path: Path, fmt: str) -> None:
    make_session(make_programme(title="Premiers pas sur tablette"))
    output = tmp_path / "export"
    out = io.StringIO()
    call_command("export_catalogue", format=fmt, output=str(output), stdout=out)
    assert "1 formations exportées" in out.getvalue()
    assert b"Premiers pas sur tablette" in output.read_bytes()


def test_the_command_writes_json_to_the_standard_output() -> None:
    make_programme(title="Cybersécurité")
    out = io.StringIO()
    call_command("export_catalogue", format="data-inclusion", stdout=out)
    assert json.loads(out.getvalue())["services"][0]["nom"] == "Cybersécurité"


# ---------------------------------------------------------------- query counts


def _catalogue(size: int) -> None:
    actor = provider_actor(make_provider())
    occupation = OccupationFactory()
    for number in range(size):
        programme = make_programme(
            actor=actor, title=f"Formation {number}", occupations=(occupation,)
        )
        make_session(programme)
        make_session(programme, is_remote=True)


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize(
    "name", ["training:opendata_lheo", "training:opendata_data_inclusion", "training:opendata_csv"]
)
def test_exports_use_the_same_queries_whatever_the_catalogue_size(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, name: str, size: int
) -> None:
    _catalogue(size)
    with django_assert_num_queries(5):
        response = client.get(reverse(name))
        body = body_of(response)
    assert body.count(b"Formation ") >= size


@pytest.mark.parametrize("size", [1, 6])
def test_the_page_uses_the_same_queries_whatever_the_catalogue_size(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    _catalogue(size)
    with django_assert_num_queries(2):
        client.get(reverse("training:opendata"))
    assert Programme.objects.published().count() == size
