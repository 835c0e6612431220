"""Offer services: drafts, publication, closing, who may do it, the public search and JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lakou.core.models import AuditEntry
from lakou.partnerships.models import Offer
from lakou.partnerships.services.offers import (
    OfferError,
    OfferQuery,
    offer_close,
    offer_create,
    offer_job_posting,
    offer_publish,
    offer_update,
    offers_search,
)
from lakou.partnerships.views.offers import json_ld_script
from tests.accounts.factories import OrganisationFactory
from tests.partnerships.factories_offers import (
    company_actor,
    make_offer,
    offer_data,
    person,
)
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db

S = Offer.Status


# ---------------------------------------------------------------- writes and their rules


def test_a_company_writes_a_draft_then_publishes_it() -> None:
    company = company_actor()
    offer = offer_create(actor=company, data=offer_data())
    assert offer.status == S.DRAFT
    assert offer.published_at is None
    assert offer.company_id == company.organisation_id

    offer_publish(actor=company, offer=offer)

    assert offer.status == S.PUBLISHED
    assert offer.published_at is not None
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["offer.create", "offer.publish"]


def test_closing_takes_the_offer_out_of_the_search() -> None:
    company = company_actor()
    offer = make_offer(company)
    assert list(offers_search(OfferQuery())) == [offer]

    offer_close(actor=company, offer=offer)

    assert offer.status == S.CLOSED
    assert offer.closed_at is not None
    assert list(offers_search(OfferQuery())) == []


@pytest.mark.parametrize(
    ("start", "action", "message"),
    [
        (
            "draft",
            offer_close,
            "Une offre « Brouillon » ne peut pas passer à « Pourvue ou close ».",
        ),
        ("published", offer_publish, "Une offre « Publiée » ne peut pas passer à « Publiée »."),
        (
            "closed",
            offer_publish,
            "Une offre « Pourvue ou close » ne peut pas passer à « Publiée ».",
        ),
        (
            "closed",
            offer_close,
            "Une offre « Pourvue ou close » ne peut pas passer à « Pourvue ou close ».",
        ),
    ],
)
def test_a_refused_transition_says_why(start: str, action: object, message: str) -> None:
    company = company_actor()
    offer = make_offer(company, publish=start != "draft")
    if start == "closed":
        offer_close(actor=company, offer=offer)
    with pytest.raises(OfferError) as error:
        action(actor=company, offer=offer)  # type: ignore[operator]
    assert error.value.message == message
    offer.refresh_from_db()
    assert offer.status == start


def test_a_closed_offer_is_not_edited() -> None:
    company = company_actor()
    offer = make_offer(company)
    offer_close(actor=company, offer=offer)
    with pytest.raises(OfferError, match="close ne se modifie plus"):
        offer_update(actor=company, offer=offer, data=offer_data(title="Autre"))


@pytest.mark.parametrize(
    "actor",
    [
        lambda: person(),
        lambda: company_actor(OrganisationFactory(provider=True)),
        lambda: company_actor(OrganisationFactory(federation=True)),
    ],
    ids=["person", "provider", "federation"],
)
def test_only_a_company_posts_offers(actor: object) -> None:
    with pytest.raises(PermissionDenied):
        offer_create(actor=actor(), data=offer_data())  # type: ignore[operator]
    assert not Offer.objects.exists()


def test_another_company_cannot_publish_or_close_the_offer() -> None:
    offer = make_offer(publish=False)
    other = company_actor()
    with pytest.raises(PermissionDenied):
        offer_publish(actor=other, offer=offer)
    offer_publish(actor=company_actor(offer.company), offer=offer)
    with pytest.raises(PermissionDenied):
        offer_close(actor=other, offer=offer)
    with pytest.raises(PermissionDenied):
        offer_update(actor=other, offer=offer, data=offer_data())


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"duration_weeks": 0}, "duration_weeks"),
        ({"duration_weeks": 157}, "duration_weeks"),
        ({"weekly_hours": Decimal(0)}, "weekly_hours"),
        ({"weekly_hours": Decimal(49)}, "weekly_hours"),
        ({"monthly_pay": Decimal(-1)}, "monthly_pay"),
        ({"valid_through": dt.date(2000, 1, 1)}, "valid_through"),
    ],
)
def test_wrong_values_are_refused_at_their_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(OfferError) as error:
        offer_create(actor=company_actor(), data=offer_data(**fields))
    assert error.value.field == field


def test_the_partner_must_be_a_school_or_provider() -> None:
    with pytest.raises(OfferError) as error:
        offer_create(actor=company_actor(), data=offer_data(school=OrganisationFactory()))
    assert error.value.field == "school"
    offer = offer_create(
        actor=company_actor(), data=offer_data(school=OrganisationFactory(provider=True))
    )
    assert offer.school is not None


# ---------------------------------------------------------------- visibility and search


def test_a_draft_is_seen_by_its_company_and_the_federation_only() -> None:
    company = company_actor()
    draft = make_offer(company, publish=False)
    published = make_offer(company)
    assert set(Offer.objects.visible_to(company)) == {draft, published}
    assert list(Offer.objects.visible_to(person())) == [published]
    assert list(Offer.objects.visible_to(company_actor())) == [published]
    federation = company_actor(OrganisationFactory(federation=True))
    assert set(Offer.objects.visible_to(federation)) == {draft, published}


def test_the_search_filters_by_kind_territory_occupation_start_and_words() -> None:
    today = timezone.localdate()
    fort_de_france = CommuneFactory()
    marigot = CommuneFactory(marigot=True)
    developer = OccupationFactory(code_rome="M1805", label="Développeur informatique")
    web = make_offer(
        title="Stage développeur web",
        commune=fort_de_france,
        occupation=developer,
        starts_on=today + dt.timedelta(days=10),
    )
    network = make_offer(
        kind="apprenticeship",
        title="Apprenti technicien réseaux",
        description="Câblage et dépannage.",
        commune=marigot,
        starts_on=today + dt.timedelta(days=90),
    )
    make_offer(title="Brouillon caché", publish=False)

    def found(**query: object) -> set[Offer]:
        return set(offers_search(OfferQuery(**query)))  # type: ignore[arg-type]

    assert found() == {web, network}
    assert found(kind="apprenticeship") == {network}
    assert found(territory="97216") == {network}
    assert found(territory=EpciFactory().siren) == {web}  # CACEM: Fort-de-France
    assert found(occupation="M1805") == {web}
    assert found(starts_from=today + dt.timedelta(days=30)) == {network}
    assert found(text="RÉSEAUX") == {network}
    assert found(text="dépannage") == {network}
    assert found(text="développeur informatique") == {web}  # the occupation's label counts
    assert found(text="introuvable") == set()


def test_an_offer_past_its_limit_date_leaves_the_search() -> None:
    offer = make_offer(valid_through=timezone.localdate())
    assert list(offers_search(OfferQuery())) == [offer]
    Offer.objects.filter(pk=offer.pk).update(
        valid_through=timezone.localdate() - dt.timedelta(days=1)
    )
    assert list(offers_search(OfferQuery())) == []


# ---------------------------------------------------------------- schema.org JobPosting


REQUIRED = {
    "@context",
    "@type",
    "title",
    "description",
    "datePosted",
    "hiringOrganization",
    "jobLocation",
    "employmentType",
}


def test_an_internship_is_an_intern_job_posting_in_martinique() -> None:
    offer = make_offer(
        title="Stage développeur web",
        monthly_pay=Decimal("659.00"),
        valid_through=timezone.localdate() + dt.timedelta(days=20),
        occupation=OccupationFactory(code_rome="M1805"),
    )
    offer = Offer.objects.with_place().get(pk=offer.pk)
    data = json.loads(json.dumps(offer_job_posting(offer, url="https://lakou.mq/o/1")))

    assert data.keys() >= REQUIRED
    assert data["@type"] == "JobPosting"
    assert data["employmentType"] == "INTERN"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": offer.company.name}
    address = data["jobLocation"]["address"]
    assert address["addressLocality"] == "Fort-de-France"
    assert address["addressRegion"] == "Martinique"
    assert data["datePosted"] == timezone.localdate(offer.published_at).isoformat()
    assert data["validThrough"] == offer.valid_through.isoformat()  # type: ignore[union-attr]
    assert data["baseSalary"]["currency"] == "EUR"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 659.0,
        "unitText": "MONTH",
    }
    assert data["occupationalCategory"].startswith("M1805")


def test_a_contract_without_known_pay_has_no_salary() -> None:
    offer = make_offer(kind="apprenticeship", monthly_pay=None)
    data = offer_job_posting(Offer.objects.with_place().get(pk=offer.pk))
    assert data["employmentType"] == "OTHER"
    assert "baseSalary" not in data
    assert "validThrough" not in data


def test_the_json_ld_cannot_close_its_script_element() -> None:
    offer = make_offer(title="</script><script>alert(1)</script>", description="<!-- & </SCRIPT>")
    script = json_ld_script(offer_job_posting(Offer.objects.with_place().get(pk=offer.pk)))
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body
    assert ">" not in body
    assert json.loads(body)["title"] == "</script><script>alert(1)</script>"


def test_a_renamed_company_is_found_by_its_new_name() -> None:
    """Renamed in the administration (a save) or by the registry import (its own UPDATE)."""
    from lakou.accounts.registry import RegistryRow, company_registry_upsert

    company = company_actor()
    offer = make_offer(company, title="Stage support")
    organisation = company.organisation
    assert organisation is not None

    def found(text: str) -> list[Offer]:
        return list(offers_search(OfferQuery(text=text)))

    organisation.name = "Madin'Numérique"
    organisation.save()
    assert found("madin") == [offer]

    organisation.siret = "73282932000074"
    organisation.save(update_fields=["siret"])  # no rename: nothing to rebuild
    row = RegistryRow(
        siret="73282932000074",
        name="Caraïbes Réseaux",
        naf_code=organisation.naf_code,
        headcount_band=organisation.headcount_band,
        size_band=organisation.size_band,
        commune_id=organisation.commune_id,  # type: ignore[arg-type]
        registry_created_on=None,
        is_closed=False,
        registry_closed_on=None,
    )
    company_registry_upsert(actor=None, rows=[row])
    assert found("caraibes") == [offer]
    assert found("madin") == []
