from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lakou.accounts.models import Organisation
from lakou.accounts.services import membership_add, organisation_create
from lakou.core.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.world import World


@pytest.fixture
def world(db: None) -> World:
    return World.build()


def test_an_organisation_with_a_bad_siret_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        organisation_create(
            actor=world.actor("federation"), name="Kaz", kind="company", siret="73282932000075"
        )
    assert "clé de contrôle" in str(error.value)


def test_creating_an_organisation_leaves_an_audit_entry(world: World) -> None:
    organisation = organisation_create(
        actor=world.actor("federation"),
        name="Kaz",
        kind="company",
        siret="73282932000074",
        naf_code="62.01Z",
    )
    entry = AuditEntry.objects.for_object(organisation).get()
    assert entry.user == world.users["federation"]
    assert entry.organisation == world.organisations["federation"]
    assert entry.action == "organisation.create"


@pytest.mark.parametrize(
    ("headcount", "band"), [(0, "tpe"), (9, "tpe"), (10, "pme"), (249, "pme"), (250, "large")]
)
def test_size_band_follows_headcount(headcount: int, band: str) -> None:
    assert Organisation.size_band_for_headcount(headcount) == band


def test_a_user_with_two_memberships_switches_organisation(world: World) -> None:
    user = world.users["company"]
    membership_add(
        actor=world.actor("federation"), organisation=world.organisations["association"], user=user
    )
    client = world.client("company")
    home = client.get(reverse("home")).content.decode()
    assert "J&#x27;agis pour" in home or "J'agis pour" in home
    response = client.post(
        reverse("accounts:organisation_switch"),
        {"organisation": world.organisations["association"].pk, "next": "/"},
        follow=True,
    )
    assert response.context["actor"].organisation == world.organisations["association"]
    assert "Espace médiation numérique" in response.content.decode()


def test_switching_to_an_organisation_one_does_not_belong_to_is_refused(world: World) -> None:
    client = world.client("company")
    response = client.post(
        reverse("accounts:organisation_switch"),
        {"organisation": world.organisations["other_company"].pk},
        follow=True,
    )
    assert response.context["actor"].organisation == world.organisations["company"]
    assert "pas membre" in response.content.decode()


def test_switch_redirects_only_inside_lakou(world: World) -> None:
    response = world.client("company").post(
        reverse("accounts:organisation_switch"),
        {"organisation": world.organisations["company"].pk, "next": "https://ailleurs.example/"},
    )
    assert response["Location"] == "/"


def test_organisation_members_are_listed_for_members_and_federation(world: World) -> None:
    url = reverse("accounts:organisation_detail", args=[world.organisations["company"].pk])
    for actor in ("company", "federation"):
        page = world.client(actor).get(url)
        assert page.status_code == 200
        assert "company@exemple.mq" in page.content.decode()
    assert world.client("other_company").get(url).status_code == 404


def test_members_page_query_count_does_not_grow_with_members(
    world: World, django_assert_max_num_queries: object
) -> None:
    organisation = world.organisations["company"]
    client = world.client("company")
    url = reverse("accounts:organisation_detail", args=[organisation.pk])
    client.get(url)
    for n in range(10):
        membership_add(
            actor=None, organisation=organisation, user=UserFactory(email=f"m{n}@exemple.mq")
        )
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(url)
