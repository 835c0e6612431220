"""The Coop export: its header, one line per live act of the reader's scope and period, Coop's
codes as values, a typed text that looks like a formula neutralised."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lakou.mediation.models import Act
from lakou.mediation.services.acts import COOP_COLUMNS
from tests.mediation.factories_acts import active_mediator, an_hour_ago, make_act, train
from tests.mediation.factories_mediators import lamentin
from tests.mediation.factories_venues import make_venue
from tests.world import World

pytestmark = pytest.mark.django_db
EXPORT = reverse("mediation:act_export")


def rows(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_one_line_per_live_act_with_coops_codes() -> None:
    world = World.build()
    mediator = active_mediator(world.users["association"])
    train(mediator)
    venue = make_venue(commune=lamentin(), name='=HYPERLINK("http://x")')
    make_act(
        mediator,
        venue=venue,
        themes=("Email", "Sante"),
        procedure_themes=("ArgentImpots",),
        equipment=("Telephone",),
        autonomy="PartiellementAutonome",
        outcome="redirected",
        redirected_structure="AideAuxDemarchesAdministratives",
        age_band="SoixanteDixPlus",
        situation="Retraite",
        first_time=True,
    )
    make_act(mediator, place_type="remote", commune=lamentin(), starts_at=an_hour_ago(3))
    make_act(mediator, kind="collective", participants=9, venue=venue, starts_at=an_hour_ago(5))
    withdrawn = make_act(mediator, starts_at=an_hour_ago(8))
    Act.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    make_act(starts_at=an_hour_ago(9))  # someone else's

    response = world.client("association").get(EXPORT)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.lstrip("\ufeff").split("\r\n")[0] == ";".join(COOP_COLUMNS)
    lines = rows(response.content)
    assert [line["type"] for line in lines] == ["Collectif", "Individuel", "Demarche"]
    procedure = lines[2]
    assert procedure["type_lieu"] == "LieuActivite"
    assert procedure["code_insee"] == "97213"
    assert procedure["thematiques"] == "Email|Sante"
    assert procedure["thematiques_demarche"] == "ArgentImpots"
    assert procedure["materiel"] == "Telephone"
    assert procedure["autonomie"] == "PartiellementAutonome"
    assert procedure["oriente"] == "oui"
    assert procedure["structure_de_redirection"] == "AideAuxDemarchesAdministratives"
    assert procedure["tranche_age"] == "SoixanteDixPlus"
    assert procedure["statut_social"] == "Retraite"
    assert procedure["premiere_fois"] == "oui"
    assert procedure["duree_minutes"] == "30"
    assert procedure["lieu"].startswith("'=HYPERLINK")  # never a formula
    assert lines[1]["type_lieu"] == "ADistance"
    assert lines[1]["lieu"] == ""
    assert lines[0]["participants"] == "9"


def test_the_federation_exports_everyone_and_the_period_is_kept() -> None:
    world = World.build()
    make_act(starts_at=an_hour_ago(2))
    make_act(starts_at=an_hour_ago(24 * 40))
    federation = world.client("federation")
    assert len(rows(federation.get(EXPORT).content)) == 2
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert len(rows(federation.get(EXPORT, {"start": since}).content)) == 1
    until = (timezone.localdate() - timedelta(days=39)).isoformat()
    assert len(rows(federation.get(EXPORT, {"end": until}).content)) == 1
    assert federation.get(EXPORT, {"start": "2026-02-10", "end": "2026-02-01"}).status_code == 400


def test_the_epci_exports_the_acts_of_the_mediators_it_funds() -> None:
    world = World.build()
    funded = active_mediator(funder=world.organisations["epci"])
    make_act(funded)
    make_act()
    assert len(rows(world.client("epci").get(EXPORT).content)) == 1
