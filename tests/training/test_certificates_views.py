"""Certificate pages: public verification, checking a file, PDF and .jwt downloads, provider pages."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from lakou.core.actor import ANONYMOUS, Actor
from lakou.training.credentials import b64url_decode, b64url_encode
from lakou.training.models import Certificate, Enrolment
from lakou.training.services.certificate_pdf import certificate_pdf, certificate_qr_payload
from lakou.training.services.certificates import certificate_revoke, certificate_url
from tests.diagnostics.test_poster import pdf_info, pdf_text
from tests.training.factories import provider_actor
from tests.training.factories_certificates import (
    actor_of,
    certifying_programme,
    completed_enrolment,
    in_days,
    issued_certificate,
)
from tests.world import World

pytestmark = pytest.mark.django_db


def verify_url(certificate: Certificate) -> str:
    return reverse("training:certificate_verify", kwargs={"uid": certificate.uid})


def text_of(response: Any) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def world() -> World:
    return World.build()


def world_certificate(world: World, **kwargs: Any) -> Certificate:
    """Issued by the world's provider to the world's person (the learner)."""
    actor = world.actor("provider")
    enrolment = completed_enrolment(
        certifying_programme(actor=actor), learner=world.users["person"]
    )
    return issued_certificate(enrolment, actor=actor, **kwargs)


# ---------------------------------------------------------------- public verification page


def test_anyone_sees_that_a_certificate_is_valid_with_who_what_and_when() -> None:
    certificate = issued_certificate()
    response = Client().get(verify_url(certificate))
    assert response.status_code == 200
    text = text_of(response)
    assert "Certificat valide" in text
    assert "Mélissa Théodore" in text
    assert "Développeur web et web mobile" in text
    assert certificate.provider.name in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text
    issuer = reverse("training:issuer_profile", kwargs={"pk": certificate.provider_id})
    assert f'href="{issuer}"' in response.content.decode()
    # The page names a person: search engines are asked not to index it.
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_revoked_certificate_says_so_with_the_date_and_reason() -> None:
    certificate = issued_certificate()
    certificate_revoke(
        actor=actor_of(certificate.provider), certificate=certificate, reason="Fraude à l'examen."
    )
    text = text_of(Client().get(verify_url(certificate)))
    day = timezone.localtime(certificate.revoked_at).strftime("%d/%m/%Y")
    assert f"Certificat révoqué le {day}" in text
    assert "Fraude à l'examen." in text
    assert "Certificat valide" not in text


def test_an_expired_certificate_says_so_with_its_end_date(monkeypatch: pytest.MonkeyPatch) -> None:
    last_day = in_days(10)
    certificate = issued_certificate(valid_until=last_day)
    later = timezone.now() + timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: later)
    text = text_of(Client().get(verify_url(certificate)))
    assert f"Certificat expiré le {last_day:%d/%m/%Y}" in text
    assert "Mélissa Théodore" in text


def test_a_certificate_changed_in_the_database_shows_an_invalid_signature() -> None:
    certificate = issued_certificate()
    header, payload, signature = certificate.token.split(".")
    claims = json.loads(b64url_decode(payload))
    claims["credentialSubject"]["achievement"]["name"] = "Ingénieur cloud"
    forged = f"{header}.{b64url_encode(json.dumps(claims).encode())}.{signature}"
    Certificate.objects.filter(pk=certificate.pk).update(
        token=forged, achievement="Ingénieur cloud"
    )

    text = text_of(Client().get(verify_url(certificate)))

    assert "Signature invalide" in text
    assert "Ingénieur cloud" not in text
    assert "Certificat valide" not in text


def test_an_unknown_certificate_is_not_found() -> None:
    response = Client().get(
        reverse(
            "training:certificate_verify", kwargs={"uid": "00000000-0000-4000-8000-000000000000"}
        )
    )
    assert response.status_code == 404


def test_the_learner_finds_the_download_links_on_the_verification_page(world: World) -> None:
    certificate = world_certificate(world)
    pdf = reverse("training:certificate_pdf", kwargs={"uid": certificate.uid})
    assert pdf in world.client("person").get(verify_url(certificate)).content.decode()
    assert pdf not in Client().get(verify_url(certificate)).content.decode()


# ---------------------------------------------------------------- checking a file


def check(data: dict[str, Any]) -> Any:
    return Client().post(reverse("training:certificate_check"), data)


def test_a_pasted_credential_is_checked() -> None:
    certificate = issued_certificate()
    response = check({"token": certificate.token})
    assert response.status_code == 200
    text = text_of(response)
    assert "Certificat valide" in text
    assert "Mélissa Théodore" in text


def test_an_uploaded_credential_file_is_checked() -> None:
    certificate = issued_certificate()
    certificate_revoke(
        actor=actor_of(certificate.provider), certificate=certificate, reason="Erreur de session."
    )
    upload = SimpleUploadedFile("certificat.jwt", certificate.token.encode(), "application/jwt")
    text = text_of(check({"file": upload}))
    assert "Certificat révoqué le" in text
    assert "Erreur de session." in text


def test_a_changed_credential_file_has_an_invalid_signature() -> None:
    certificate = issued_certificate()
    header, payload, signature = certificate.token.split(".")
    claims = json.loads(b64url_decode(payload))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Jean Dupont"
    forged = f"{header}.{b64url_encode(json.dumps(claims).encode())}.{signature}"
    text = text_of(check({"token": forged}))
    assert "Signature invalide" in text
    assert "Jean Dupont" not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"token": "pas un certificat"}, "trois parties"),
        ({"token": "abc.déf.ghi"}, "l'en-tête est illisible"),
        ({}, "Collez le contenu du certificat ou choisissez son fichier"),
    ],
)
def test_a_malformed_credential_gets_a_clear_error(data: dict[str, str], message: str) -> None:
    response = check(data)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert message in content.replace("&#x27;", "'")


def test_a_file_that_is_not_text_is_refused_next_to_the_file_field() -> None:
    upload = SimpleUploadedFile("photo.jwt", b"\xff\xd8\xff\xe0 binary", "image/jpeg")
    response = check({"file": upload})
    assert response.status_code == 400
    assert "ce n'est pas du texte" in response.content.decode().replace("&#x27;", "'")
    assert 'href="#id_file"' in response.content.decode()


# ---------------------------------------------------------------- PDF and credential file


def test_the_pdf_is_an_a4_landscape_page_with_name_achievement_and_verification_address(
    settings: Any,
) -> None:
    settings.SITE_URL = "https://lakou.mq"
    certificate = issued_certificate()
    pdf = certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf).split())
    assert "Mélissa Théodore" in text
    assert "Développeur web et web mobile" in text
    assert "RNCP37674" in text
    assert certificate.provider.name in text
    assert f"https://lakou.mq/formations/certificats/{certificate.uid}/" in text
    info = pdf_info(pdf)
    assert "(A4)" in info
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()  # type: ignore[union-attr]
    assert float(width) > float(height)


def test_the_qr_code_encodes_the_verification_address(settings: Any) -> None:
    settings.SITE_URL = "https://lakou.mq"
    certificate = issued_certificate()
    assert certificate_qr_payload(certificate) == certificate_url(certificate)
    assert certificate_url(certificate) == f"https://lakou.mq{verify_url(certificate)}"


@pytest.mark.parametrize("actor", ["person", "provider"])
def test_the_learner_and_the_provider_download_the_pdf(world: World, actor: str) -> None:
    certificate = world_certificate(world)
    response = world.client(actor).get(
        reverse("training:certificate_pdf", kwargs={"uid": certificate.uid})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"certificat-{certificate.uid}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("actor", ["person", "provider"])
def test_the_learner_and_the_provider_download_the_credential_file(
    world: World, actor: str
) -> None:
    certificate = world_certificate(world)
    response = world.client(actor).get(
        reverse("training:certificate_jwt", kwargs={"uid": certificate.uid})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwt"
    assert (
        f'attachment; filename="certificat-{certificate.uid}.jwt"'
        == response["Content-Disposition"]
    )
    assert response.content.decode() == certificate.token


@pytest.mark.parametrize("name", ["training:certificate_pdf", "training:certificate_jwt"])
def test_another_learner_or_provider_cannot_download_a_certificate(name: str) -> None:
    certificate = issued_certificate()
    other_learner = completed_enrolment(certifying_programme()).learner
    other_provider = provider_actor()
    url = reverse(name, kwargs={"uid": certificate.uid})
    for user in (other_learner, other_provider.user):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 404


# ---------------------------------------------------------------- provider pages


def test_the_provider_lists_its_certificates_and_not_those_of_others(world: World) -> None:
    mine = world_certificate(world)
    theirs = issued_certificate()
    response = world.client("provider").get(reverse("training:certificate_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert verify_url(mine) in content
    assert verify_url(theirs) not in content
    assert reverse("training:certificate_revoke", kwargs={"uid": mine.uid}) in content


def test_the_certificate_list_query_count_does_not_grow_with_its_length(
    world: World, django_assert_num_queries: Any
) -> None:
    actor = world.actor("provider")
    programme = certifying_programme(actor=actor)
    client = world.client("provider")
    url = reverse("training:certificate_list")
    issued_certificate(completed_enrolment(programme), actor=actor)
    client.get(url)  # warm the session and the actor caches
    # Session, user, memberships, count, page.
    with django_assert_num_queries(5) as few:
        client.get(url)
    for _ in range(8):
        issued_certificate(completed_enrolment(programme), actor=actor)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 1 + 9


def test_the_provider_issues_a_certificate_from_the_issue_page(world: World) -> None:
    actor = world.actor("provider")
    enrolment = completed_enrolment(
        certifying_programme(actor=actor), learner=world.users["person"]
    )
    client = world.client("provider")
    url = reverse("training:certificate_issue", kwargs={"pk": enrolment.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Délivrer le certificat" in page.content.decode()

    response = client.post(url, {"valid_until": in_days(730).isoformat()}, follow=True)

    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.valid_until == in_days(730)
    assert "Certificat délivré à Line Jean-Baptiste" in text_of(response)


def test_issuing_twice_from_the_page_shows_the_refusal(world: World) -> None:
    certificate = world_certificate(world)
    url = reverse("training:certificate_issue", kwargs={"pk": certificate.enrolment_id})
    response = world.client("provider").post(url, {})
    assert response.status_code == 400
    assert "Un certificat a déjà été délivré pour cette inscription." in text_of(response)
    assert Certificate.objects.count() == 1


def test_another_provider_gets_a_404_for_an_enrolment_it_does_not_run(world: World) -> None:
    enrolment = completed_enrolment()
    response = world.client("provider").post(
        reverse("training:certificate_issue", kwargs={"pk": enrolment.pk}), {}
    )
    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_the_provider_revokes_from_the_revoke_page(world: World) -> None:
    certificate = world_certificate(world)
    url = reverse("training:certificate_revoke", kwargs={"uid": certificate.uid})
    client = world.client("provider")

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Indiquez le motif de la révocation." in text_of(refused)

    response = client.post(url, {"reason": "Diplôme obtenu par fraude."})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Diplôme obtenu par fraude."


def test_the_learner_cannot_revoke_their_own_certificate(world: World) -> None:
    certificate = world_certificate(world)
    url = reverse("training:certificate_revoke", kwargs={"uid": certificate.uid})
    assert world.client("person").post(url, {"reason": "Je n'en veux plus."}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# ---------------------------------------------------------------- the enrolment partial


def render_partial(enrolment_pk: int, actor: Actor) -> str:
    enrolment = Enrolment.objects.select_related(
        "certificate", "learner", "session__programme"
    ).get(pk=enrolment_pk)
    request = RequestFactory().get("/")
    request.actor = actor  # type: ignore[attr-defined]
    return render_to_string(
        "training/certificates/_enrolment_certificate.html",
        {"enrolment": enrolment},
        request=request,
    )


def test_the_provider_sees_an_issue_button_then_the_links(
    world: World, django_assert_num_queries: Any
) -> None:
    actor = world.actor("provider")
    enrolment = completed_enrolment(certifying_programme(actor=actor))
    issue = reverse("training:certificate_issue", kwargs={"pk": enrolment.pk})
    assert issue in render_partial(enrolment.pk, actor)

    certificate = issued_certificate(enrolment, actor=actor)
    html = render_partial(enrolment.pk, actor)
    assert issue not in html
    assert verify_url(certificate) in html
    assert reverse("training:certificate_pdf", kwargs={"uid": certificate.uid}) in html


def test_no_issue_button_before_completion_or_for_a_programme_that_does_not_certify(
    world: World,
) -> None:
    actor = world.actor("provider")
    attending = completed_enrolment(
        certifying_programme(actor=actor), status=Enrolment.Status.ATTENDING
    )
    not_certifying = completed_enrolment(
        certifying_programme(actor=actor, certification_kind="none")
    )
    for enrolment in (attending, not_certifying):
        assert "Délivrer le certificat" not in render_partial(enrolment.pk, actor)


def test_the_learner_sees_download_links_and_no_issue_button(world: World) -> None:
    certificate = world_certificate(world)
    html = render_partial(certificate.enrolment_id, world.actor("person"))
    assert reverse("training:certificate_jwt", kwargs={"uid": certificate.uid}) in html
    assert "Délivrer le certificat" not in html
    assert "certificat.jwt" not in render_partial(certificate.enrolment_id, ANONYMOUS)


def test_the_partial_reads_nothing_more_from_the_database(
    world: World, django_assert_num_queries: Any
) -> None:
    certificate = world_certificate(world)
    enrolment = Enrolment.objects.select_related(
        "certificate", "learner", "session__programme"
    ).get(pk=certificate.enrolment_id)
    request = RequestFactory().get("/")
    request.actor = world.actor("person")  # type: ignore[attr-defined]
    with django_assert_num_queries(0):
        render_to_string(
            "training/certificates/_enrolment_certificate.html",
            {"enrolment": enrolment},
            request=request,
        )
