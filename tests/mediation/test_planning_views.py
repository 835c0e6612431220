"""The planner's pages: an EPCI's staff plan their own communes (the next quarter unless they choose
another), see their runs by quarter, accept with a confirmation."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from lakou.core.actor import Actor
from lakou.mediation.models import PlanRun, ProposalStatus, Workshop
from tests.mediation.factories_mediators import epci_actor, lamentin, marigot
from tests.mediation.factories_planning import a_mediator, coming_quarter, make_run
from tests.mediation.factories_venues import make_venue
from tests.mediation.test_planning import regional_ages

pytestmark = pytest.mark.django_db


def client_for(actor: Actor) -> Client:
    from lakou.core.middleware import SESSION_ORGANISATION_KEY

    client = Client()
    assert actor.user is not None
    client.force_login(actor.user)
    session = client.session
    session[SESSION_ORGANISATION_KEY] = actor.organisation_id
    session.save()
    return client


def test_an_epci_computes_the_plan_of_its_communes_and_sees_it() -> None:
    regional_ages()
    venue = make_venue(commune=lamentin())
    a_mediator(venue.commune)
    actor = epci_actor(venue.commune.epci)
    client = client_for(actor)
    page = client.get(reverse("mediation:plan_list"))
    assert page.status_code == 200
    assert "Territoire" not in {f.label for f in page.context["form"]}
    response = client.post(
        reverse("mediation:plan_list"), {"quarter": coming_quarter().isoformat()}
    )
    run = PlanRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:plan_detail", kwargs={"pk": run.pk})
    assert run.epci == venue.commune.epci
    detail = client.get(response["Location"])
    assert "Le Lamentin" in detail.content.decode()
    assert "personnes de 60 ans et plus" in detail.content.decode()


def test_the_form_offers_the_next_quarter_first() -> None:
    client = client_for(epci_actor(lamentin().epci))
    form = client.get(reverse("mediation:plan_list")).context["form"]
    assert form["quarter"].initial == coming_quarter().isoformat()
    assert f'<option value="{coming_quarter().isoformat()}" selected>' in str(form["quarter"])


def test_the_runs_are_listed_by_their_quarter() -> None:
    epci = lamentin().epci
    actor = epci_actor(epci)
    make_run(actor.organisation, epci=epci, quarter_start=date(2027, 1, 1))
    make_run(actor.organisation, epci=epci, quarter_start=date(2026, 10, 1))
    page = client_for(actor).get(reverse("mediation:plan_list")).content.decode()
    assert "1er trimestre 2027</a>" in page
    assert "4e trimestre 2026</a>" in page
    assert "Janvier 2027" not in page


def test_a_wrong_quarter_is_said_at_the_field() -> None:
    client = client_for(epci_actor(lamentin().epci))
    response = client.post(reverse("mediation:plan_list"), {"quarter": "2020-01-01"})
    assert response.status_code == 400
    assert "Choisissez un des trimestres proposés." in response.content.decode()


def test_another_epcis_run_is_not_found() -> None:
    other = epci_actor(marigot().epci)
    run = make_run(other.organisation, epci=marigot().epci)
    client = client_for(epci_actor(lamentin().epci))
    assert client.get(reverse("mediation:plan_detail", kwargs={"pk": run.pk})).status_code == 404


def test_accepting_asks_first_then_creates_the_draft_workshops() -> None:
    actor = epci_actor(lamentin().epci)
    run = make_run(actor.organisation, epci=lamentin().epci)
    proposal = run.proposals.get()
    client = client_for(actor)
    url = reverse("mediation:plan_proposal_accept", kwargs={"pk": proposal.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Accepter et créer les ateliers" in page.content.decode()
    assert client.post(url).status_code == 200  # no confirmation: the page again
    assert not Workshop.objects.exists()
    response = client.post(url, {"confirme": "oui"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    workshop = proposal.accepted_workshops.get()
    detail = client.get(reverse("mediation:plan_detail", kwargs={"pk": run.pk}))
    assert (
        reverse("mediation:workshop_roster", kwargs={"pk": workshop.pk}) in detail.content.decode()
    )


def test_dismissing_asks_first() -> None:
    actor = epci_actor(lamentin().epci)
    proposal = make_run(actor.organisation, epci=lamentin().epci).proposals.get()
    client = client_for(actor)
    url = reverse("mediation:plan_proposal_dismiss", kwargs={"pk": proposal.pk})
    assert client.get(url).status_code == 200
    client.post(url, {"confirme": "oui"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED
