"""Job offers (CDI, CDD, freelance mission) in the partnerships offers: written, published, applied
to, the hire confirmed on a confirmation page; no agreement and no count in indicator 3; the
signals the other solutions follow; the ROME occupations proposed for an offer's title."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from lakou.core.period import parse_period, parse_territory
from lakou.partnerships import signals
from lakou.partnerships.indicators import placements_hosted
from lakou.partnerships.models import (
    JOB_KINDS,
    PLACEMENT_KINDS,
    Agreement,
    Application,
    Offer,
    PlacementKind,
)
from lakou.partnerships.services.agreements import (
    AgreementError,
    accepted_without_agreement,
    agreement_create,
    agreements_activate_due,
)
from lakou.partnerships.services.applications import (
    application_accept,
    application_confirm_hire,
)
from lakou.partnerships.services.offers import (
    OfferError,
    OfferQuery,
    offer_create,
    offer_job_posting,
    offers_search,
)
from tests.partnerships.factories_agreements import make_agreement
from tests.partnerships.factories_offers import (
    application_in,
    apply,
    company_actor,
    make_offer,
    offer_data,
    private_media,  # noqa: F401 - a fixture
)
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = Application.Status
CDI = PlacementKind.JOB_PERMANENT
CDD = PlacementKind.JOB_FIXED_TERM


@pytest.fixture
def world() -> World:
    return World.build()


def text_of(response: Any) -> str:
    return html.unescape(response.content.decode())


@contextmanager
def received(signal: Signal) -> Iterator[list[dict[str, Any]]]:
    """The keyword arguments of each sending of `signal` while the block runs."""
    calls: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        calls.append(kwargs)

    signal.connect(receiver, weak=False)
    try:
        yield calls
    finally:
        signal.disconnect(receiver)


def job(actor: Any = None, **fields: Any) -> Offer:
    values: dict[str, Any] = {
        "kind": CDI,
        "title": "Développeur full stack (H/F)",
        "duration_weeks": None,
        "monthly_pay": None,
    }
    values.update(fields)
    return make_offer(actor, **values)


# ---------------------------------------------------------------- writing a job offer


def test_a_cdi_needs_no_duration_and_a_cdd_one() -> None:
    actor = company_actor()
    offer = offer_create(actor=actor, data=offer_data(kind=CDI, duration_weeks=None))
    assert offer.duration_weeks is None
    assert offer.is_job
    with pytest.raises(OfferError, match="n'est facultative que pour un CDI") as error:
        offer_create(actor=actor, data=offer_data(kind=CDD, duration_weeks=None))
    assert error.value.field == "duration_weeks"
    with pytest.raises(OfferError, match="Un CDI n'a pas de durée"):
        offer_create(actor=actor, data=offer_data(kind=CDI, duration_weeks=12))
    with pytest.raises(OfferError, match="n'est facultative que pour un CDI"):
        offer_create(actor=actor, data=offer_data(kind="internship", duration_weeks=None))


def test_a_job_has_no_partner_school() -> None:
    from tests.accounts.factories import OrganisationFactory

    school = OrganisationFactory(kind="provider")
    with pytest.raises(OfferError, match="Un emploi n'a pas d'école partenaire") as error:
        offer_create(
            actor=company_actor(),
            data=offer_data(kind=PlacementKind.FREELANCE, duration_weeks=6, school=school),
        )
    assert error.value.field == "school"


def test_the_company_writes_a_cdi_in_the_form_and_publishes_it(world: World) -> None:
    client = world.client("company")
    response = client.post(
        reverse("partnerships:offer_create"),
        {
            "kind": CDI,
            "title": "Développeur full stack (H/F)",
            "description": "Faire évoluer nos applications.",
            "commune": CommuneFactory().pk,
            "starts_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "duration_weeks": "",
            "weekly_hours": "35",
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert (offer.kind, offer.duration_weeks) == (CDI, None)
    client.post(reverse("partnerships:offer_publish", kwargs={"pk": offer.pk}))
    page = text_of(world.client("anonymous").get(offer.get_absolute_url()))
    assert "CDI" in page
    assert "Sans limite de durée (CDI)" in page
    assert '"employmentType": "FULL_TIME"' in page


def test_a_cdd_without_duration_is_said_at_its_field(world: World) -> None:
    response = world.client("company").post(
        reverse("partnerships:offer_create"),
        {
            "kind": CDD,
            "title": "Technicien support",
            "description": "Dépanner.",
            "commune": CommuneFactory().pk,
            "starts_on": "2030-01-01",
            "weekly_hours": "35",
        },
    )
    assert response.status_code == 400
    assert "elle n'est facultative que pour un CDI" in text_of(response)
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("kind", "hours", "expected"),
    [
        (CDI, 35, "FULL_TIME"),
        (CDI, 24, "PART_TIME"),
        (CDD, 35, "TEMPORARY"),
        (PlacementKind.FREELANCE, 20, "CONTRACTOR"),
    ],
)
def test_a_job_posting_says_the_employment_type(kind: str, hours: int, expected: str) -> None:
    offer = job(kind=kind, weekly_hours=hours, duration_weeks=None if kind == CDI else 26)
    assert offer_job_posting(Offer.objects.with_place().get(pk=offer.pk))["employmentType"] == (
        expected
    )


# ---------------------------------------------------------------- the public search


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("internships", {"Stage web"}),
        ("work_study", {"Apprenti réseaux", "Contrat pro support"}),
        ("jobs", {"Développeur full stack (H/F)", "Data analyst CDD"}),
        ("job_fixed_term", {"Data analyst CDD"}),
        (
            "",
            {
                "Stage web",
                "Apprenti réseaux",
                "Contrat pro support",
                "Développeur full stack (H/F)",
                "Data analyst CDD",
            },
        ),
    ],
)
def test_the_search_filters_by_stage_alternance_or_emploi(group: str, expected: set[str]) -> None:
    actor = company_actor()
    make_offer(actor, title="Stage web")
    make_offer(actor, title="Apprenti réseaux", kind="apprenticeship", duration_weeks=104)
    make_offer(actor, title="Contrat pro support", kind="professionalisation", duration_weeks=52)
    job(actor)
    job(actor, kind=CDD, title="Data analyst CDD", duration_weeks=52)
    found = {offer.title for offer in offers_search(OfferQuery(kind=group))}
    assert found == expected


def test_the_search_page_offers_the_three_broad_kinds(world: World) -> None:
    job(world.actor("company"))
    make_offer(world.actor("company"), title="Stage web")
    client = world.client("anonymous")
    page = text_of(client.get(reverse("partnerships:offer_search")))
    assert "Offres de stage, d'alternance et d'emploi" in page
    assert "Emploi (CDI, CDD, mission freelance)" in page
    jobs = text_of(client.get(reverse("partnerships:offer_search") + "?kind=jobs"))
    assert "1 offre trouvée" in jobs
    assert "Développeur full stack (H/F)" in jobs


# ---------------------------------------------------------------- applying, accepting, hiring


def test_a_job_application_accepted_then_the_hire_confirmed_on_a_confirmation_page(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    offer = job(world.actor("company"))
    application = application_in(offer, S.ACCEPTED)
    client = world.client("company")
    pipeline = text_of(
        client.get(reverse("partnerships:offer_applications", kwargs={"pk": offer.pk}))
    )
    confirm = reverse("partnerships:application_confirm_hire", kwargs={"pk": application.pk})
    assert "Confirmer l'embauche…" in pipeline
    assert "Établir la convention" not in pipeline

    page = text_of(client.get(confirm))
    assert "Confirmer l'embauche" in page
    assert "a embauché" in page
    client.post(confirm)  # without the confirmation: the page again, nothing done
    application.refresh_from_db()
    assert application.hire_confirmed_at is None

    with (
        received(signals.hire_confirmed) as calls,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(confirm, {"confirme": "oui"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.hire_confirmed_at is not None
    assert len(calls) == 1
    assert calls[0]["sender"] is Application
    assert calls[0]["instance"].pk == application.pk
    assert calls[0]["actor"].organisation_id == world.organisations["company"].pk
    pipeline = text_of(
        client.get(reverse("partnerships:offer_applications", kwargs={"pk": offer.pk}))
    )
    assert "Embauche confirmée le" in pipeline
    # Once only: the page now sends the company back to the pipeline.
    again = client.get(confirm)
    assert again.status_code == 302


def test_the_hire_is_confirmed_once_by_the_company_of_an_accepted_job_application(
    world: World,
) -> None:
    offer = job(world.actor("company"))
    waiting = application_in(offer, S.NEW)
    with pytest.raises(OfferError, match="Acceptez d'abord la candidature"):
        application_confirm_hire(actor=world.actor("company"), application=waiting)
    internship = make_offer(world.actor("company"))
    accepted = application_in(internship, S.ACCEPTED)
    with pytest.raises(OfferError, match="Seule une offre d'emploi"):
        application_confirm_hire(actor=world.actor("company"), application=accepted)
    hired = application_in(offer, S.ACCEPTED)
    application_confirm_hire(actor=world.actor("company"), application=hired)
    with pytest.raises(OfferError, match="déjà confirmée"):
        application_confirm_hire(actor=world.actor("company"), application=hired)


@pytest.mark.parametrize("name", ["person", "other_company", "federation"])
def test_only_the_offers_company_confirms_a_hire(world: World, name: str) -> None:
    offer = job(world.actor("company"))
    application = application_in(offer, S.ACCEPTED)
    url = reverse("partnerships:application_confirm_hire", kwargs={"pk": application.pk})
    response = world.client(name).post(url, {"confirme": "oui"})
    assert response.status_code in (403, 404)
    application.refresh_from_db()
    assert application.hire_confirmed_at is None


def test_accepting_sends_application_accepted_with_the_application(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    offer = make_offer()
    application = apply(offer)
    company = company_actor(offer.company)
    with received(signals.application_accepted) as calls:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            application_accept(actor=company, application=application)
        assert calls == []  # registered for after the commit, not sent inside it
        for callback in callbacks:
            callback()
    assert [(c["sender"], c["instance"].pk, c["actor"]) for c in calls] == [
        (Application, application.pk, company)
    ]
    assert calls[0]["instance"].status == S.ACCEPTED


def test_an_agreement_becoming_active_sends_agreement_activated(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    agreement = make_agreement(status=Agreement.Status.SIGNED)
    Agreement.objects.filter(pk=agreement.pk).update(starts_on=timezone.localdate())
    with (
        received(signals.agreement_activated) as calls,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert agreements_activate_due() == 1
    assert len(calls) == 1
    assert calls[0]["sender"] is Agreement
    assert calls[0]["instance"].pk == agreement.pk
    assert calls[0]["instance"].status == Agreement.Status.ACTIVE
    assert calls[0]["actor"] is None


# ---------------------------------------------------------------- no agreement, no indicator 3


def test_a_job_has_no_agreement(world: World) -> None:
    offer = job(world.actor("company"))
    application = application_in(offer, S.ACCEPTED)
    assert list(accepted_without_agreement(world.actor("company"))) == []
    with pytest.raises(AgreementError, match="Un emploi n'a pas de convention"):
        agreement_create(actor=world.actor("company"), application=application)
    create = reverse("partnerships:agreement_create", kwargs={"application_pk": application.pk})
    response = world.client("company").post(create)
    assert not Agreement.objects.exists()
    assert response.status_code == 409
    assert "Un emploi (CDI, CDD, mission freelance) n'a pas de convention" in text_of(response)


def test_indicator_3_counts_placements_only_and_jobs_change_nothing() -> None:
    make_agreement(status=Agreement.Status.ACTIVE)
    agreement = Agreement.objects.get()
    period = parse_period(f"{agreement.starts_on.year}")
    territory = parse_territory("")
    before = placements_hosted(period, territory)
    for kind in JOB_KINDS:
        offer = job(kind=kind, duration_weeks=None if kind == CDI else 26)
        hired = application_in(offer, S.ACCEPTED)
        application_confirm_hire(actor=company_actor(offer.company), application=hired)
    after = placements_hosted(period, territory)
    assert after == before
    assert after.overall.placements == 1
    assert [row.key for row in after.breakdowns["kind"]] == list(PLACEMENT_KINDS)


# ---------------------------------------------------------------- the ROME occupations proposed


@pytest.fixture
def occupations() -> None:
    OccupationFactory(code_rome="M1855", label="Développeur full-stack")
    OccupationFactory(code_rome="M1805", label="Développeur informatique")
    OccupationFactory(code_rome="M1811", label="Data engineer")
    OccupationFactory(code_rome="M1419", label="Data analyst")


def form_body(**fields: str) -> dict[str, Any]:
    return {
        "kind": CDI,
        "title": "Développeur full stack (H/F)",
        "description": "Faire évoluer nos applications.",
        "commune": str(CommuneFactory().pk),
        "starts_on": "2030-01-15",
        "duration_weeks": "",
        "weekly_hours": "35",
        **fields,
    }


def test_proposer_un_metier_shows_the_top_3_with_their_reason_and_saves_nothing(
    world: World, occupations: None
) -> None:
    response = world.client("company").post(
        reverse("partnerships:offer_create"), {**form_body(description=""), "proposer": "1"}
    )
    page = text_of(response)
    assert response.status_code == 200
    assert not Offer.objects.exists()
    assert 'type="radio" name="occupation_choice" value="M1855"' in page
    assert (
        "M1855 — Développeur full-stack : intitulé proche de « Développeur / Développeuse full-stack » (ressemblance 100\N{NO-BREAK SPACE}%)"
        in page
    )
    assert page.index('value="M1855"') < page.index('value="M1805"') < page.index('value="M1811"')
    assert "Aucun de ceux-ci" in page
    assert '<select name="occupation"' in page
    assert "Décrivez" not in page  # what is missing is said when saving, not now
    assert 'value="Développeur full stack (H/F)"' in page  # what was typed stays


def test_the_company_confirms_a_proposed_occupation(world: World, occupations: None) -> None:
    response = world.client("company").post(
        reverse("partnerships:offer_create"), form_body(occupation_choice="M1805")
    )
    assert response.status_code == 302
    assert Offer.objects.get().occupation.code_rome == "M1805"


def test_none_of_these_takes_the_occupation_of_the_full_list(
    world: World, occupations: None
) -> None:
    response = world.client("company").post(
        reverse("partnerships:offer_create"),
        form_body(occupation_choice="other", occupation="M1419"),
    )
    assert response.status_code == 302
    assert Offer.objects.get().occupation.code_rome == "M1419"


def test_a_proposal_of_an_older_title_is_said_at_the_field(world: World, occupations: None) -> None:
    response = world.client("company").post(
        reverse("partnerships:offer_create"),
        form_body(title="Data analyst", occupation_choice="M1855"),
    )
    assert response.status_code == 400
    assert "Les métiers proposés ont changé avec l'intitulé" in text_of(response)
    assert not Offer.objects.exists()


def test_the_edit_page_shows_the_proposals_with_the_offers_occupation_checked(
    world: World, occupations: None
) -> None:
    from lakou.skills.models import Occupation

    offer = job(world.actor("company"), occupation=Occupation.objects.get(code_rome="M1855"))
    page = text_of(
        world.client("company").get(reverse("partnerships:offer_edit", kwargs={"pk": offer.pk}))
    )
    assert 'value="M1855" id="id_occupation_choice_0" checked' in page
    assert "ressemblance" in page


def test_a_title_like_no_occupation_proposes_none(world: World, occupations: None) -> None:
    page = text_of(
        world.client("company").post(
            reverse("partnerships:offer_create"), {**form_body(title="Stage"), "proposer": "1"}
        )
    )
    assert 'name="occupation_choice"' not in page
    assert "Aucun métier du numérique ne ressemble à cet intitulé" in page


def test_the_offer_form_speaks_of_jobs(world: World) -> None:
    page = text_of(world.client("company").get(reverse("partnerships:offer_create")))
    assert "Proposer un stage, une alternance ou un emploi" in page
    for label in ("CDI", "CDD", "Mission freelance"):
        assert label in page
    assert "Proposer un métier" in page


# ---------------------------------------------------------------- the API


API = "/api/v1/partenariats"


def api_post(world: World, name: str, path: str, body: dict[str, Any]) -> Any:
    from django.test import Client

    return Client().post(
        f"{API}{path}", body, content_type="application/json", headers=world.api_headers(name)
    )


def test_the_api_writes_a_cdi_without_duration_and_confirms_a_hire(world: World) -> None:
    body = {
        "kind": "job_permanent",
        "title": "Développeur full stack (H/F)",
        "description": "Faire évoluer nos applications.",
        "commune": CommuneFactory().insee_code,
        "starts_on": "2030-01-01",
        "weekly_hours": 35,
    }
    created = api_post(world, "company", "/mes-offres", body)
    assert created.status_code == 201
    assert created.json()["duration_weeks"] is None
    assert created.json()["kind_label"] == "CDI"
    cdd = api_post(world, "company", "/mes-offres", {**body, "kind": "job_fixed_term"})
    assert cdd.status_code == 409
    assert "facultative que pour un CDI" in cdd.json()["detail"]

    offer = job(world.actor("company"))
    application = application_in(offer, S.ACCEPTED)
    decision = f"/candidatures/{application.pk}/decision"
    answer = api_post(world, "company", decision, {"action": "confirm_hire"})
    assert answer.status_code == 200
    assert answer.json()["hire_confirmed_at"] is not None
    again = api_post(world, "company", decision, {"action": "confirm_hire"})
    assert again.status_code == 409
    assert "déjà confirmée" in again.json()["detail"]
