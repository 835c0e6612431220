"""The catalogue's open-data files validate against the published schemas (tests/standards/)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from data_inclusion.schema.v1 import Service, Structure

from lakou.accounts.models import Organisation
from lakou.training.services.opendata import build_data_inclusion, build_lheo, load_catalogue
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme, make_session

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).parent.parent / "standards"
BASE = "https://lakou.example"


@cache
def lheo_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(STANDARDS / "lheo-2.3" / "lheo.xsd")


@cache
def di_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (STANDARDS / "data-inclusion-1.0.8" / f"{name}.json").read_text()
    )
    return schema


def lheo_errors() -> list[str]:
    body = build_lheo(load_catalogue(), base_url=BASE).decode()
    return [f"{error.path}: {error.reason}" for error in lheo_schema().iter_errors(body)]


def hostile_catalogue() -> None:
    """Every shape the export meets: no session, a remote one, no SIRET, no commune, odd text."""
    bare = OrganisationFactory(provider=True, name="AB", siret="", commune=None)
    make_programme(provider=bare, title="IA", objective="Voir.", format="e_learning")
    full = OrganisationFactory(
        provider=True, siret="73282932000074", commune=CommuneFactory(), name="École & Cie."
    )
    programme = make_programme(
        provider=full,
        title="Données & IA <niveau 1> « à Fort-de-France ».",
        objective="x" * 3000,
        audiences=("everyone", "seniors", "career_changers"),
        fundings=("free", "cpf"),
        certification_kind="rncp",
        certification_code="RNCP37827",
        format="hybrid",
        domain="digital_basics",
    )
    make_session(programme, is_remote=True, schedule="")
    make_session(programme, starts_in_days=60, venue="", status="planned")
    make_programme(provider=full, audiences=(), fundings=(), domain="cloud", price=1200)


def test_an_empty_catalogue_misses_only_the_formation_lheo_requires() -> None:
    # LHEO's <offres> needs at least one <formation>: the file of an empty catalogue cannot be valid.
    assert len(errors := lheo_errors()) == 1
    assert "Tag 'lheo:formation' expected" in errors[0]


def test_every_shape_of_programme_gives_a_valid_lheo_file() -> None:
    hostile_catalogue()
    assert lheo_errors() == []


def test_lheo_writes_the_activity_number_and_the_street_address_of_the_provider() -> None:
    provider = OrganisationFactory(
        provider=True, activity_number="97970000197", street_address="5 rue Lamartine"
    )
    make_programme(provider=provider)
    body = build_lheo(load_catalogue(), base_url=BASE)
    assert b"<numero-activite>97970000197</numero-activite>" in body
    assert b"<ligne>5 rue Lamartine</ligne>" in body


def test_a_provider_without_activity_number_stays_out_of_lheo_but_not_of_data_inclusion() -> None:
    # Published before Lakou asked for the number: the organisation still has none.
    before = make_programme(title="Sans NDA")
    Organisation.objects.filter(pk=before.provider_id).update(activity_number="")
    make_programme(title="Avec NDA")
    body = build_lheo(load_catalogue(), base_url=BASE)
    assert b"Avec NDA" in body
    assert b"Sans NDA" not in body
    names = [s["nom"] for s in build_data_inclusion(load_catalogue(), base_url=BASE)["services"]]
    assert sorted(names) == ["Avec NDA", "Sans NDA"]


def test_a_remote_only_programme_of_a_provider_without_commune_stays_out_of_lheo() -> None:
    provider = OrganisationFactory(provider=True, commune=None)
    make_session(make_programme(provider=provider, title="À distance"), is_remote=True)
    assert b"distance</intitule" not in build_lheo(load_catalogue(), base_url=BASE)


# ---------------------------------------------------------------- data·inclusion v1


def data_inclusion() -> dict[str, list[dict[str, Any]]]:
    return build_data_inclusion(load_catalogue(), base_url=BASE)


def test_every_structure_and_service_validates_with_the_v1_models_warnings_included() -> None:
    hostile_catalogue()
    data = data_inclusion()
    assert len(data["structures"]) == 2
    assert len(data["services"]) == 3
    strict = {"ignore_warnings": False}  # also the "no final full stop" rule
    for structure in data["structures"]:
        Structure.model_validate(structure, context=strict)
    for service in data["services"]:
        Service.model_validate(service, context=strict)


@pytest.mark.parametrize("kind", ["structure", "service"])
def test_every_row_validates_against_the_published_json_schema(kind: str) -> None:
    hostile_catalogue()
    validator = jsonschema.Draft202012Validator(di_schema(kind))
    for row in data_inclusion()[f"{kind}s"]:
        assert [error.message for error in validator.iter_errors(row)] == []


def test_hostile_names_are_made_acceptable_without_losing_their_words() -> None:
    hostile_catalogue()
    data = data_inclusion()
    assert sorted(s["nom"] for s in data["structures"]) == ["Organisme AB", "École & Cie"]
    names = {s["nom"] for s in data["services"]}
    assert {"Formation IA", "Données & IA <niveau 1> « à Fort-de-France »"} <= names


def test_a_provider_without_siret_or_commune_has_empty_fields_not_invented_ones() -> None:
    provider = OrganisationFactory(provider=True, siret="", commune=None)
    make_programme(provider=provider, format="e_learning")
    Organisation.objects.filter(pk=provider.pk).update(street_address="")
    (structure,) = data_inclusion()["structures"]
    assert [structure[key] for key in ("siret", "commune", "code_insee", "adresse")] == [None] * 4
    (service,) = data_inclusion()["services"]
    assert (service["commune"], service["modes_accueil"]) == (None, ["a-distance"])


def test_the_schema_copies_are_those_of_the_package_in_use() -> None:
    # The JSON Schema files are 1.0.8; the installed models must describe the same fields.
    for kind, model in (("structure", Structure), ("service", Service)):
        assert set(di_schema(kind)["properties"]) == set(model.model_fields)
