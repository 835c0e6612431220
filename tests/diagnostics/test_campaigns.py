from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lakou.core.models import AuditEntry
from lakou.diagnostics.models import Audience, Campaign, Response
from lakou.diagnostics.services import campaigns as services
from tests.diagnostics.factories import ResponseFactory
from tests.diagnostics.factories_campaigns import (
    company_in,
    open_campaign,
    small_version,
    two_epcis,
)
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def _epci_world(world: World) -> World:
    """The EPCI staff of the world work for CACEM."""
    cacem, _cap_nord, _fdf, _marigot = two_epcis()
    organisation = world.organisations["epci"]
    organisation.epci = cacem
    organisation.save()
    return world


def _submitted(campaign: Campaign, **fields: object) -> Response:
    return ResponseFactory(
        campaign=campaign,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
        **fields,
    )


# ---------------------------------------------------------------- services


def test_federation_staff_create_a_draft_campaign_with_an_audit_entry(world: World) -> None:
    version = small_version()
    cacem, cap_nord, _fdf, _marigot = two_epcis()
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=world.actor("federation"),
        title="Besoins numériques du Nord",
        version=version,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        epcis=[cap_nord],
        relaying_epcis=[cap_nord, cacem],
    )
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.audience == Audience.PUBLIC
    assert campaign.owner == world.organisations["federation"]
    assert set(campaign.relaying_epcis.all()) == {cacem, cap_nord}
    assert AuditEntry.objects.for_object(campaign).get().action == "campaign.create"


@pytest.mark.parametrize("role", ["epci", "company", "person"])
def test_only_federation_staff_create_campaigns(world: World, role: str) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=world.actor(role),
            title="Campagne",
            version=small_version(),
            starts_on=today,
            ends_on=today,
        )


def test_a_campaign_cannot_end_before_it_starts(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(services.CampaignError, match="date de fin"):
        services.campaign_create(
            actor=world.actor("federation"),
            title="Campagne",
            version=small_version(),
            starts_on=today,
            ends_on=today - datetime.timedelta(days=1),
        )


def test_it_opens_closes_and_reopens_a_campaign(world: World) -> None:
    actor = world.actor("federation")
    campaign = open_campaign(status=Campaign.Status.DRAFT)
    services.campaign_open(actor=actor, campaign=campaign)
    assert Campaign.objects.get().status == Campaign.Status.OPEN
    with pytest.raises(services.CampaignError, match="déjà ouverte"):
        services.campaign_open(actor=actor, campaign=campaign)
    services.campaign_close(actor=actor, campaign=campaign)
    assert Campaign.objects.get().status == Campaign.Status.CLOSED
    services.campaign_open(actor=actor, campaign=campaign)
    actions = list(AuditEntry.objects.for_object(campaign).values_list("action", flat=True))
    assert sorted(actions) == ["campaign.close", "campaign.open", "campaign.open"]


def test_the_questionnaire_of_a_campaign_with_responses_cannot_change(world: World) -> None:
    campaign = open_campaign()
    ResponseFactory(campaign=campaign)
    with pytest.raises(services.CampaignError, match="déjà des réponses"):
        services.campaign_update(
            actor=world.actor("federation"),
            campaign=campaign,
            title=campaign.title,
            version=small_version(),
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
        )
    services.campaign_update(
        actor=world.actor("federation"),
        campaign=campaign,
        title="Nouveau titre",
        version=campaign.version,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on + datetime.timedelta(days=7),
    )
    assert Campaign.objects.get().title == "Nouveau titre"


def test_campaigns_are_visible_to_federation_and_to_the_relaying_epci(world: World) -> None:
    _epci_world(world)
    cacem, cap_nord, _fdf, _marigot = two_epcis()
    relayed = open_campaign(title="Relayée")
    relayed.relaying_epcis.set([cacem])
    other = open_campaign(title="Autre")
    other.relaying_epcis.set([cap_nord])
    assert set(Campaign.objects.visible_to(world.actor("federation"))) == {relayed, other}
    assert list(Campaign.objects.visible_to(world.actor("epci"))) == [relayed]
    assert list(Campaign.objects.visible_to(world.actor("company"))) == []


def test_open_on_honours_status_and_dates() -> None:
    today = timezone.localdate()
    current = open_campaign()
    open_campaign(status=Campaign.Status.DRAFT)
    open_campaign(ends_on=today - datetime.timedelta(days=1))
    assert list(Campaign.objects.open_on(today)) == [current]


# ---------------------------------------------------------------- rates


def test_company_rates_count_submitted_companies_over_the_registry() -> None:
    cacem, _cap_nord, fort_de_france, marigot = two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES)
    answering = [company_in(fort_de_france) for _ in range(2)]
    for _ in range(2):
        company_in(fort_de_france)
    company_in(fort_de_france, is_closed=True)  # closed: not in the registry's denominator
    draft_company = company_in(marigot)
    for company in answering:
        _submitted(campaign, company=company)
    ResponseFactory(campaign=campaign, company=draft_company)  # a draft is not counted

    rates = services.campaign_rates(campaign, ["97209", "97216"])

    by_code = {row.code: row for row in rates.communes}
    assert (by_code["97209"].submitted, by_code["97209"].base) == (2, 4)
    assert by_code["97209"].rate == Decimal("50.0")
    assert (by_code["97216"].submitted, by_code["97216"].base) == (0, 1)
    assert [(row.name, row.submitted, row.base) for row in rates.epcis] == [
        ("CACEM", 2, 4),
        ("CAP Nord Martinique", 0, 1),
    ]
    assert rates.total.rate == Decimal("40.0")
    assert cacem.short_name == "CACEM"


def test_public_rates_count_responses_per_thousand_residents() -> None:
    _cacem, _cap_nord, fort_de_france, marigot = two_epcis()
    campaign = open_campaign()
    for _ in range(3):
        _submitted(campaign, commune=fort_de_france)
    _submitted(campaign, commune=marigot)

    rates = services.campaign_rates(campaign, ["97209", "97216"])

    by_code = {row.code: row for row in rates.communes}
    assert by_code["97216"].submitted == 1
    assert by_code["97216"].rate == Decimal("0.3")  # 1 / 3,187 residents × 1,000
    assert by_code["97209"].rate == Decimal("0.0")  # 3 / 75,506 × 1,000 = 0.04
    assert rates.total.submitted == 4


def test_the_territory_of_a_campaign_is_its_epci_and_communes_or_all() -> None:
    _cacem, cap_nord, fort_de_france, marigot = two_epcis()
    everywhere = open_campaign()
    assert set(services.campaign_communes(everywhere)) == {fort_de_france, marigot}
    north = open_campaign()
    north.epcis.set([cap_nord])
    assert list(services.campaign_communes(north)) == [marigot]


# ---------------------------------------------------------------- pages


def test_federation_staff_list_campaigns_in_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    for n in range(5):
        open_campaign(title=f"Campagne {n}")
    client = world.client("federation")
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = client.get(reverse("diagnostics:campaign_list"))
    assert page.status_code == 200
    assert page.content.decode().count("Campagne ") >= 5


def test_federation_staff_create_a_campaign_in_the_pages(world: World) -> None:
    version = small_version()
    today = timezone.localdate()
    page = world.client("federation").post(
        reverse("diagnostics:campaign_create"),
        {
            "title": "Besoins numériques 2026",
            "version": version.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=20)).isoformat(),
        },
    )
    campaign = Campaign.objects.get()
    assert page.status_code == 302
    assert page["Location"] == campaign.get_absolute_url()
    assert campaign.title == "Besoins numériques 2026"


def test_the_campaign_form_says_when_the_dates_are_reversed(world: World) -> None:
    today = timezone.localdate()
    page = world.client("federation").post(
        reverse("diagnostics:campaign_create"),
        {
            "title": "Campagne",
            "version": small_version().pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert page.status_code == 400
    assert "La date de fin doit suivre la date de début." in page.content.decode()
    assert not Campaign.objects.exists()


def test_federation_staff_open_a_campaign_from_its_page(world: World) -> None:
    campaign = open_campaign(status=Campaign.Status.DRAFT)
    page = world.client("federation").post(
        reverse("diagnostics:campaign_open", kwargs={"pk": campaign.pk})
    )
    assert page.status_code == 302
    assert Campaign.objects.get().status == Campaign.Status.OPEN


def test_the_campaign_page_shows_rates_per_commune_and_the_map(world: World) -> None:
    _cacem, _cap_nord, fort_de_france, _marigot = two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES)
    company = company_in(fort_de_france)
    company_in(fort_de_france)
    _submitted(campaign, company=company)
    page = world.client("federation").get(campaign.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Taux de réponse des entreprises" in html
    assert 'data-insee="97209"' in html
    assert '<td data-label="Taux (%)">50,0</td>' in html
    assert campaign.short_code in html


def test_epci_staff_see_the_rates_of_their_communes_only(world: World) -> None:
    _epci_world(world)
    cacem, _cap_nord, _fdf, _marigot = two_epcis()
    campaign = open_campaign()
    campaign.relaying_epcis.set([cacem])
    page = world.client("epci").get(campaign.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    tables = html.split("Par commune", 1)[1]
    assert "Fort-de-France" in tables
    assert '<th scope="row">Le Marigot</th>' not in tables
    # Relaying staff may print the poster but not change the campaign.
    assert "Modifier" not in html
    edit = world.client("epci").get(
        reverse("diagnostics:campaign_edit", kwargs={"pk": campaign.pk})
    )
    assert edit.status_code == 403


def test_epci_staff_do_not_see_a_campaign_their_epci_does_not_relay(world: World) -> None:
    _epci_world(world)
    campaign = open_campaign()
    page = world.client("epci").get(campaign.get_absolute_url())
    assert page.status_code == 404


def test_the_short_link_opens_the_landing_page_for_anyone(world: World) -> None:
    campaign = open_campaign(title="Vos besoins numériques 2026")
    page = world.client("anonymous").get(f"/diagnostic/r/{campaign.short_code}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Vos besoins numériques 2026" in html
    assert "Commencer le questionnaire" in html
    assert "Ne pas remplir" in html


def test_a_closed_campaign_says_it_accepts_no_answer(world: World) -> None:
    campaign = open_campaign(status=Campaign.Status.CLOSED)
    page = world.client("anonymous").get(
        reverse("diagnostics:campaign_short", kwargs={"short_code": campaign.short_code})
    )
    html = page.content.decode()
    assert "n'accepte pas de réponse" in html
    assert "Commencer le questionnaire" not in html


# ---------------------------------------------------------------- API


def test_the_api_lists_the_campaigns_the_token_follows(world: World) -> None:
    _epci_world(world)
    cacem, _cap_nord, _fdf, _marigot = two_epcis()
    relayed = open_campaign(title="Relayée")
    relayed.relaying_epcis.set([cacem])
    open_campaign(title="Autre")
    client = world.client("anonymous")
    federation = client.get("/api/v1/diagnostic/campagnes", headers=world.api_headers("federation"))
    epci = client.get("/api/v1/diagnostic/campagnes", headers=world.api_headers("epci"))
    company = client.get("/api/v1/diagnostic/campagnes", headers=world.api_headers("company"))
    assert sorted(c["title"] for c in federation.json()["results"]) == ["Autre", "Relayée"]
    assert [c["title"] for c in epci.json()["results"]] == ["Relayée"]
    assert epci.json()["results"][0]["relaying_epcis"] == [cacem.siren]
    assert company.json()["results"] == []


def test_an_outside_tool_pushes_a_whole_public_response(world: World) -> None:
    two_epcis()
    campaign = open_campaign()
    page = world.client("anonymous").post(
        f"/api/v1/diagnostic/campagnes/{campaign.pk}/reponses",
        {
            "answers": {
                "has_computer": True,
                "computer_age": 4,
                "commune": "97216",
                "confidence": "2",
                "formats": ["video"],
            }
        },
        content_type="application/json",
        headers=world.api_headers("federation"),
    )
    assert page.status_code == 201, page.content
    response = Response.objects.get()
    assert page.json()["status"] == "submitted"
    assert response.commune is not None
    assert response.commune.insee_code == "97216"
    assert response.answers.get(question__code="formats").value == ["video"]


def test_a_pushed_response_with_errors_is_refused_whole(world: World) -> None:
    two_epcis()
    campaign = open_campaign()
    page = world.client("anonymous").post(
        f"/api/v1/diagnostic/campagnes/{campaign.pk}/reponses",
        {"answers": {"has_computer": "peut-être", "commune": "97216", "confidence": 9}},
        content_type="application/json",
        headers=world.api_headers("federation"),
    )
    assert page.status_code == 400
    errors = page.json()["errors"]
    assert errors["has_computer"] == "Répondez par oui ou par non."
    assert "entre 1 et 4" in errors["confidence"]
    assert not Response.objects.exists()


def test_a_company_pushes_its_own_response_once(world: World) -> None:
    two_epcis()
    campaign = open_campaign(audience=Audience.COMPANIES)
    answers = {"has_computer": "no", "commune": "97209", "confidence": 3}
    url = f"/api/v1/diagnostic/campagnes/{campaign.pk}/reponses"
    headers = world.api_headers("company")
    client = world.client("anonymous")
    first = client.post(url, {"answers": answers}, content_type="application/json", headers=headers)
    again = client.post(url, {"answers": answers}, content_type="application/json", headers=headers)
    assert first.status_code == 201
    assert again.status_code == 409
    assert Response.objects.get().company == world.organisations["company"]


def test_a_provider_cannot_push_a_response(world: World) -> None:
    campaign = open_campaign()
    page = world.client("anonymous").post(
        f"/api/v1/diagnostic/campagnes/{campaign.pk}/reponses",
        {"answers": {}},
        content_type="application/json",
        headers=world.api_headers("provider"),
    )
    assert page.status_code == 404


# ---------------------------------------------------------------- demo


def test_the_demo_opens_two_campaigns_with_answers_spread_over_communes() -> None:
    import random

    from lakou.accounts.demo import seed as seed_accounts
    from lakou.core.demo import Scale
    from lakou.diagnostics.demo.campaigns import seed
    from tests.diagnostics.factories import load_reference_data

    load_reference_data()
    scale = Scale("petite", companies=80, people=10, providers=1, auditors=1, associations=1)
    seed_accounts(scale=scale, rng=random.Random(1))
    counts = seed(scale=scale, rng=random.Random(2))

    assert Campaign.objects.filter(status=Campaign.Status.OPEN).count() == 2
    assert counts["réponses d'entreprises envoyées"] >= 10
    assert counts["réponses du public envoyées"] >= 30
    public = Campaign.objects.get(audience=Audience.PUBLIC)
    assert public.relaying_epcis.count() == 3
    communes = public.responses.filter(status=Response.Status.SUBMITTED).values("commune")
    assert communes.distinct().count() >= 10

    # Seeding again adds no campaign.
    seed(scale=scale, rng=random.Random(2))
    assert Campaign.objects.count() == 2


def test_the_short_link_of_a_draft_campaign_is_not_public_yet(world: World) -> None:
    campaign = open_campaign(status=Campaign.Status.DRAFT)
    page = world.client("anonymous").get(f"/diagnostic/r/{campaign.short_code}")
    assert page.status_code == 404
