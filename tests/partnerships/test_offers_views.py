"""Offer and application pages: the public search and offer page, the company's offers and
pipeline, applying with a CV, « Mes candidatures », the private CV, menus and homes."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.partnerships.demo.offers import minimal_pdf
from lakou.partnerships.models import Application, Offer
from lakou.partnerships.services.applications import applications_flag_unanswered
from tests.partnerships.factories_offers import (
    PNG_BYTES,
    application_in,
    make_offer,
    private_media,  # noqa: F401 - a fixture
)
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = Application.Status


@pytest.fixture
def world() -> World:
    return World.build()


def text_of(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return html.unescape(response.content.decode())


# ---------------------------------------------------------------- the public pages


def test_the_search_lists_published_offers_and_filters_them(world: World) -> None:
    company = world.actor("company")
    make_offer(company, title="Stage développeur web")
    make_offer(company, title="Apprenti technicien réseaux", kind="apprenticeship")
    make_offer(company, title="Brouillon secret", publish=False)
    client = world.client("anonymous")
    url = reverse("partnerships:offer_search")

    text = text_of(client, url)
    assert "2 offres trouvées" in text
    assert "Stage développeur web" in text
    assert "Brouillon secret" not in text

    text = text_of(client, url + "?kind=apprenticeship")
    assert "1 offre trouvée" in text
    assert "Apprenti technicien réseaux" in text
    assert "Stage développeur web" not in text


def test_an_invalid_filter_is_ignored_and_said(world: World) -> None:
    make_offer(world.actor("company"))
    text = text_of(
        world.client("anonymous"), reverse("partnerships:offer_search") + "?occupation=zz"
    )
    assert "Certains filtres ne sont pas valides" in text
    assert "1 offre trouvée" in text


def test_the_search_is_paginated(world: World) -> None:
    company = world.actor("company")
    for number in range(21):
        make_offer(company, title=f"Offre {number}")
    client = world.client("anonymous")
    assert "Page 1 sur 2" in text_of(client, reverse("partnerships:offer_search"))
    second = text_of(client, reverse("partnerships:offer_search") + "?page=2")
    assert "Page 2 sur 2" in second
    assert second.count('<li class="card">') == 1


def test_the_public_offer_page_carries_its_job_posting(world: World) -> None:
    offer = make_offer(world.actor("company"), title="Stage développeur web")
    response = world.client("anonymous").get(offer.get_absolute_url())
    assert response.status_code == 200
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(found) == 1
    data = json.loads(found[0])
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Stage développeur web"
    assert data["hiringOrganization"]["name"] == "Organisation company"
    assert data["jobLocation"]["address"]["addressRegion"] == "Martinique"
    assert data["url"].endswith(offer.get_absolute_url())
    assert "Candidater" in response.content.decode()


def test_a_hostile_title_stays_inside_the_json_ld(world: World) -> None:
    offer = make_offer(world.actor("company"), title="</script><script>alert(1)</script>")
    page = world.client("anonymous").get(offer.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert page.count("</script>") == page.count("<script")


def test_a_draft_is_a_404_for_others_and_has_no_json_ld_for_its_company(world: World) -> None:
    draft = make_offer(world.actor("company"), publish=False)
    for name in ("anonymous", "person", "other_company"):
        assert world.client(name).get(draft.get_absolute_url()).status_code == 404
    page = text_of(world.client("company"), draft.get_absolute_url())
    assert "application/ld+json" not in page
    assert "Publier l'offre" in page


# ---------------------------------------------------------------- the company's pages


def test_a_company_writes_publishes_and_closes_an_offer(world: World) -> None:
    client = world.client("company")
    response = client.post(
        reverse("partnerships:offer_create"),
        {
            "kind": "apprenticeship",
            "title": "Apprenti technicien réseaux",
            "description": "Installer le réseau des clients.",
            "commune": CommuneFactory().pk,
            "starts_on": (timezone.localdate() + dt.timedelta(days=40)).isoformat(),
            "duration_weeks": "104",
            "weekly_hours": "35",
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == offer.get_absolute_url()
    assert offer.status == Offer.Status.DRAFT
    assert offer.company == world.organisations["company"]

    client.post(reverse("partnerships:offer_publish", kwargs={"pk": offer.pk}))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED

    close = reverse("partnerships:offer_close", kwargs={"pk": offer.pk})
    page = text_of(client, close)
    assert "Clore l'offre « Apprenti technicien réseaux » ?" in page
    client.post(close)  # without the confirmation: the page again, nothing done
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    client.post(close, {"confirme": "oui"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.CLOSED


def test_a_wrong_rome_code_is_said_at_its_field(world: World) -> None:
    response = world.client("company").post(
        reverse("partnerships:offer_create"),
        {
            "kind": "internship",
            "title": "Stage",
            "description": "Missions.",
            "occupation": "Z9999",
            "commune": CommuneFactory().pk,
            "starts_on": "2030-01-01",
            "duration_weeks": "8",
            "weekly_hours": "35",
        },
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Un code ROME s'écrit avec une lettre et quatre chiffres" in text
    assert not Offer.objects.exists()


def test_my_offers_counts_the_applications_waiting(world: World) -> None:
    offer = make_offer(world.actor("company"), title="Stage développeur web")
    application_in(offer, S.NEW)
    application_in(offer, S.EXAMINING)
    application_in(offer, S.REFUSED)
    text = text_of(world.client("company"), reverse("partnerships:my_offers"))
    assert "3 candidatures" in text
    assert "2 en attente de réponse" in text


def test_the_pipeline_shows_each_application_with_its_buttons(world: World) -> None:
    offer = make_offer(world.actor("company"))
    new = application_in(offer, S.NEW)
    accepted = application_in(offer, S.ACCEPTED)
    client = world.client("company")
    page = client.get(reverse("partnerships:offer_applications", kwargs={"pk": offer.pk}))
    text = page.content.decode()
    row_new = text.split(f'id="candidature-{new.pk}"')[1].split("</tr>")[0]
    row_accepted = text.split(f'id="candidature-{accepted.pk}"')[1].split("</tr>")[0]
    assert "Accepter" in row_new
    assert reverse("partnerships:application_cv", kwargs={"pk": new.pk}) in row_new
    assert "Accepter" not in row_accepted
    create = reverse("partnerships:agreement_create", kwargs={"application_pk": accepted.pk})
    assert create in row_accepted
    assert "Établir la convention" in row_accepted


def test_the_company_examines_accepts_and_refuses_from_the_pipeline(world: World) -> None:
    offer = make_offer(world.actor("company"))
    first = application_in(offer, S.NEW)
    second = application_in(offer, S.NEW)
    client = world.client("company")
    decide = reverse("partnerships:application_decide", kwargs={"pk": first.pk})
    client.post(decide, {"action": "examine"})
    client.post(decide, {"action": "accept"})
    first.refresh_from_db()
    assert first.status == S.ACCEPTED

    response = client.post(decide, {"action": "accept"}, follow=True)
    assert "ne peut pas passer" in html.unescape(response.content.decode())

    refuse = reverse("partnerships:application_refuse", kwargs={"pk": second.pk})
    response = client.post(refuse, {"reason": "nonsense"})
    assert response.status_code == 400
    client.post(refuse, {"reason": "filled"})
    second.refresh_from_db()
    assert (second.status, second.refusal_reason) == (S.REFUSED, "filled")


def test_the_company_cannot_withdraw_through_the_decision_button(world: World) -> None:
    application = application_in(make_offer(world.actor("company")), S.NEW)
    world.client("company").post(
        reverse("partnerships:application_decide", kwargs={"pk": application.pk}),
        {"action": "withdraw"},
    )
    application.refresh_from_db()
    assert application.status == S.NEW


# ---------------------------------------------------------------- the learner


def _cv(content: bytes, name: str = "mon-cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_person_applies_and_follows_the_application(world: World) -> None:
    offer = make_offer(world.actor("company"), title="Stage développeur web")
    client = world.client("person")
    response = client.post(
        reverse("partnerships:offer_apply", kwargs={"pk": offer.pk}),
        {"message": "Bonjour, je suis disponible.", "cv": _cv(minimal_pdf("CV"))},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:my_applications")
    application = Application.objects.get()
    assert application.learner == world.users["person"]

    text = text_of(client, reverse("partnerships:my_applications"))
    assert "Stage développeur web" in text
    assert "Nouvelle" in text
    assert "Retirer" in text
    assert "Vous avez candidaté" in text_of(client, offer.get_absolute_url())


def test_a_png_renamed_pdf_is_refused_next_to_the_cv_field(world: World) -> None:
    offer = make_offer(world.actor("company"))
    response = world.client("person").post(
        reverse("partnerships:offer_apply", kwargs={"pk": offer.pk}),
        {"message": "Bonjour", "cv": _cv(PNG_BYTES, name="photo.pdf")},
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Votre CV (fichier PDF, 5 Mo au plus) : Ce fichier n'est pas un PDF" in text
    assert 'id="id_cv_error"' in text or "errorlist" in text
    assert not Application.objects.exists()


def test_applying_is_throttled(world: World, settings: object) -> None:
    offer = make_offer(world.actor("company"))
    client = world.client("person")
    url = reverse("partnerships:offer_apply", kwargs={"pk": offer.pk})
    statuses = [client.post(url, {"message": "", "cv": ""}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_the_learner_withdraws_after_a_confirmation(world: World) -> None:
    application = application_in(
        make_offer(world.actor("company")), S.EXAMINING, world.users["person"]
    )
    client = world.client("person")
    url = reverse("partnerships:application_withdraw", kwargs={"pk": application.pk})
    assert "Retirer votre candidature" in text_of(client, url)
    client.post(url)
    application.refresh_from_db()
    assert application.status == S.EXAMINING
    client.post(url, {"confirme": "oui"})
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


# ---------------------------------------------------------------- the private CV


def test_the_cv_is_served_to_the_applicant_and_the_company_only(world: World) -> None:
    application = application_in(make_offer(world.actor("company")), S.NEW, world.users["person"])
    url = reverse("partnerships:application_cv", kwargs={"pk": application.pk})
    for name in ("company", "person"):
        response = world.client(name).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert response.content.startswith(b"%PDF-")
    assert world.client("other_company").get(url).status_code == 404
    assert world.client("federation").get(url).status_code == 403
    assert world.client("anonymous").get(url).status_code == 302
    # No public media address leads to it.
    assert world.client("anonymous").get(f"/media/{application.cv.name}").status_code in (302, 404)


# ---------------------------------------------------------------- menus and homes


def test_each_role_finds_its_menu_entry(world: World) -> None:
    assert "Offres de stage, d'alternance et d'emploi" in text_of(world.client("anonymous"), "/")
    assert "Mes offres" in text_of(world.client("company"), "/")
    assert "Mes candidatures" in text_of(world.client("person"), "/")


def test_flagged_applications_show_on_the_company_and_federation_homes(world: World) -> None:
    offer = make_offer(world.actor("company"))
    application_in(offer, S.NEW, sent=timezone.now() - dt.timedelta(days=31))
    application_in(offer, S.NEW)
    applications_flag_unanswered()

    company_home = text_of(world.client("company"), "/")
    assert "candidature sans réponse depuis 30 jours" in company_home
    assert "candidatures à vos offres en attente de réponse" in company_home
    federation_home = text_of(world.client("federation"), "/")
    assert "sans réponse depuis 30 jours" in federation_home
    flagged = text_of(world.client("federation"), reverse("partnerships:applications_flagged"))
    assert offer.title in flagged
    assert "Organisation company" in flagged
