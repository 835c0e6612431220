"""Issuing and revoking certificates, and verifying them from outside with an independent library."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws
from jwcrypto.common import JWKeyNotFound

from lakou.core.models import AuditEntry
from lakou.training.credentials import (
    CredentialInvalid,
    b64url_decode,
    b64url_encode,
    hashed_identity,
    verify_credential_jwks,
)
from lakou.training.errors import TrainingError
from lakou.training.models import Certificate, Enrolment, FollowUp
from lakou.training.services.certificates import (
    INVALID,
    certificate_check_token,
    certificate_issue,
    certificate_revoke,
    certificate_url,
    certificate_verify,
)
from lakou.training.services.followup import months_after
from lakou.training.services.keys import organisation_jwks, signing_key_for
from tests.tasks import run_worker
from tests.training.factories import provider_actor
from tests.training.factories_certificates import (
    actor_of,
    certifying_programme,
    completed_enrolment,
    in_days,
    issued_certificate,
)

pytestmark = pytest.mark.django_db

# What jwcrypto raises when no key of the set verifies the signature.
JWCRYPTO_REFUSALS = (jwcrypto_jws.InvalidJWSSignature, JWKeyNotFound)


def fetch_jwks(certificate: Certificate) -> dict[str, Any]:
    """The issuer's keys as a verifier gets them: over HTTP, from the published address."""
    url = reverse("training:issuer_jwks", kwargs={"pk": certificate.provider_id})
    response = Client().get(url)
    assert response.status_code == 200
    jwks: dict[str, Any] = response.json()
    return jwks


def jwcrypto_verify(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    key_set = jwcrypto_jwk.JWKSet.from_json(json.dumps(jwks))
    signed = jwcrypto_jws.JWS()
    signed.deserialize(token)
    signed.verify(key_set, alg="EdDSA")
    payload: dict[str, Any] = json.loads(signed.payload)
    return payload


def with_payload(token: str, change: Any) -> str:
    """The same token, same signature, with its payload changed by `change(payload)`."""
    header, payload_part, signature = token.split(".")
    payload = json.loads(b64url_decode(payload_part))
    change(payload)
    changed = b64url_encode(json.dumps(payload, ensure_ascii=False).encode())
    return f"{header}.{changed}.{signature}"


# ---------------------------------------------------------------- issuing


def test_a_provider_certifies_a_learner_who_completed_a_certifying_programme() -> None:
    enrolment = completed_enrolment()
    actor = actor_of(enrolment.session.programme.provider)

    certificate = certificate_issue(actor=actor, enrolment=enrolment)

    assert certificate.learner_name == "Mélissa Théodore"
    assert certificate.achievement == "Développeur web et web mobile"
    assert certificate.issued_on == timezone.localdate()
    assert certificate.valid_until is None
    assert certificate.provider == enrolment.session.programme.provider
    assert certificate.commune == enrolment.session.commune
    assert certificate.kid == signing_key_for(certificate.provider).kid
    assert certificate.issued_by == actor.user
    assert certificate_verify(certificate).state == Certificate.State.VALID
    entry = AuditEntry.objects.get(action="certificate.issue")
    assert entry.object_id == str(certificate.pk)
    assert entry.user == actor.user


def test_issuing_schedules_the_follow_up_six_months_later() -> None:
    certificate = issued_certificate()
    follow_up = FollowUp.objects.get(certificate=certificate)
    assert follow_up.due_on == months_after(certificate.issued_on, 6)
    assert 180 <= (follow_up.due_on - certificate.issued_on).days <= 184
    assert follow_up.state == FollowUp.State.DUE


@pytest.mark.parametrize(
    "status",
    [
        Enrolment.Status.REQUESTED,
        Enrolment.Status.ACCEPTED,
        Enrolment.Status.ATTENDING,
        Enrolment.Status.DROPPED,
        Enrolment.Status.CANCELLED,
    ],
)
def test_a_learner_who_has_not_completed_the_training_gets_no_certificate(status: str) -> None:
    enrolment = completed_enrolment(status=status)
    with pytest.raises(TrainingError, match="quand la formation est terminée"):
        issued_certificate(enrolment)
    assert not Certificate.objects.exists()
    assert not FollowUp.objects.exists()


def test_a_programme_that_is_not_certifying_gives_no_certificate() -> None:
    programme = certifying_programme(certification_kind="none")
    with pytest.raises(TrainingError, match="n'est pas certifiante"):
        issued_certificate(completed_enrolment(programme))


def test_a_learner_is_certified_once_per_enrolment() -> None:
    enrolment = completed_enrolment()
    issued_certificate(enrolment)
    with pytest.raises(TrainingError, match="déjà été délivré"):
        issued_certificate(enrolment)
    assert Certificate.objects.count() == 1
    assert FollowUp.objects.count() == 1


def test_another_provider_cannot_certify_the_learners_of_a_programme() -> None:
    enrolment = completed_enrolment()
    with pytest.raises(PermissionDenied):
        issued_certificate(enrolment, actor=provider_actor())
    assert not Certificate.objects.exists()


def test_an_expiry_date_must_be_in_the_future() -> None:
    with pytest.raises(TrainingError, match="postérieure à aujourd'hui"):
        issued_certificate(valid_until=timezone.localdate())


@pytest.mark.django_db(transaction=True)
def test_the_learner_receives_an_email_with_the_verification_link() -> None:
    certificate = issued_certificate()
    assert mail.outbox == []  # the e-mail waits for the worker
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [certificate.learner.email]
    assert "Développeur web et web mobile" in message.subject
    assert certificate_url(certificate) in message.body
    assert "Mélissa Théodore" in message.body


# ---------------------------------------------------------------- the credential itself


def test_an_independent_library_verifies_the_certificate_with_the_published_keys(
    settings: Any,
) -> None:
    settings.SITE_URL = "https://lakou.mq"
    certificate = issued_certificate()

    payload = jwcrypto_verify(certificate.token, fetch_jwks(certificate))

    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert (
        payload["id"]
        == payload["jti"]
        == f"https://lakou.mq/formations/certificats/{certificate.uid}/"
    )
    assert payload["issuer"]["name"] == certificate.provider.name
    assert payload["iss"] == f"https://lakou.mq/formations/emetteurs/{certificate.provider_id}/"
    achievement = payload["credentialSubject"]["achievement"]
    assert achievement["id"] == f"https://lakou.mq/formations/{certificate.programme_id}/"
    assert achievement["name"] == "Développeur web et web mobile"
    assert "RNCP37674" in achievement["description"]
    assert "Ministère du Travail" in achievement["description"]
    assert achievement["criteria"]["narrative"].startswith("Développer une application web")
    name, email = payload["credentialSubject"]["identifier"]
    assert name["identityHash"] == "Mélissa Théodore"
    # The e-mail is only there as a salted hash: the public credential does not publish it.
    assert certificate.learner.email not in certificate.token
    assert certificate.learner.email not in json.dumps(payload)
    assert email["identityHash"] == hashed_identity(certificate.learner.email, salt=email["salt"])


def test_an_expiry_date_is_signed_into_the_certificate() -> None:
    certificate = issued_certificate(valid_until=in_days(365))
    payload = jwcrypto_verify(certificate.token, fetch_jwks(certificate))
    # Valid through the whole last day, Martinique time.
    expires = timezone.localtime(datetime.fromtimestamp(payload["exp"], UTC))
    assert (expires.date(), expires.hour, expires.minute) == (in_days(365), 23, 59)
    assert "validUntil" in payload


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda p: p["credentialSubject"]["identifier"][0].update(identityHash="Jean Dupont"),
            id="learner name",
        ),
        pytest.param(
            lambda p: p["credentialSubject"]["achievement"].update(name="Expert cybersécurité"),
            id="achievement",
        ),
        pytest.param(lambda p: p.update(validFrom="2020-01-01T00:00:00Z"), id="issue date"),
        pytest.param(lambda p: p.update(exp=p["nbf"] + 10**9), id="expiry added"),
        pytest.param(lambda p: p["issuer"].update(name="Autre organisme"), id="issuer"),
    ],
)
def test_any_change_to_the_payload_fails_with_both_verifiers(change: Any) -> None:
    certificate = issued_certificate()
    jwks = fetch_jwks(certificate)
    forged = with_payload(certificate.token, change)

    with pytest.raises(JWCRYPTO_REFUSALS):
        jwcrypto_verify(forged, jwks)
    with pytest.raises(CredentialInvalid, match="signature ne correspond pas"):
        verify_credential_jwks(forged, jwks=jwks)
    assert verify_credential_jwks(certificate.token, jwks=jwks)["jti"] == certificate_url(
        certificate
    )


# ---------------------------------------------------------------- verification


def test_a_fresh_certificate_is_valid_and_says_who_what_and_when() -> None:
    certificate = issued_certificate()
    verification = certificate_verify(certificate)
    assert verification.state == Certificate.State.VALID
    assert verification.learner_name == "Mélissa Théodore"
    assert verification.achievement_name == "Développeur web et web mobile"
    assert verification.issuer_name == certificate.provider.name
    assert verification.issued_at is not None
    assert timezone.localtime(verification.issued_at).date() == certificate.issued_on


def test_a_certificate_past_its_end_of_validity_is_expired_not_invalid() -> None:
    certificate = issued_certificate(valid_until=in_days(30))
    later = timezone.now() + timedelta(days=32)
    verification = certificate_verify(certificate, now=later)
    assert verification.state == Certificate.State.EXPIRED
    assert verification.expires_at is not None
    assert timezone.localtime(verification.expires_at).date() == in_days(30)
    assert certificate_verify(certificate, now=timezone.now() + timedelta(days=29)).state == "valid"


def test_a_token_changed_in_the_database_shows_as_invalid() -> None:
    certificate = issued_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(
        token=with_payload(
            certificate.token,
            lambda p: p["credentialSubject"]["identifier"][0].update(identityHash="Usurpateur"),
        )
    )
    certificate.refresh_from_db()
    verification = certificate_verify(certificate)
    assert verification.state == INVALID
    assert "modifié" in verification.reason
    assert verification.learner_name == ""


def test_the_token_of_another_certificate_does_not_pass_for_this_one() -> None:
    first = issued_certificate()
    second = issued_certificate(completed_enrolment(first.programme))
    Certificate.objects.filter(pk=second.pk).update(token=first.token)
    second.refresh_from_db()
    verification = certificate_verify(second)
    assert verification.state == INVALID
    assert "ne correspond pas à cette adresse" in verification.reason


def test_a_submitted_file_is_found_by_its_identifier_and_checked() -> None:
    certificate = issued_certificate()
    verification = certificate_check_token(f"  {certificate.token}\n")
    assert verification.certificate == certificate
    assert verification.state == Certificate.State.VALID


def test_a_submitted_file_that_names_no_certificate_of_lakou_is_refused() -> None:
    certificate = issued_certificate()
    foreign = with_payload(
        certificate.token, lambda p: p.update(jti="https://ailleurs.example/badge/1")
    )
    with pytest.raises(CredentialInvalid, match="aucun certificat"):
        certificate_check_token(foreign)


def test_a_key_rotation_keeps_old_certificates_valid() -> None:
    from lakou.training.services.keys import signing_key_rotate

    certificate = issued_certificate()
    signing_key_rotate(organisation=certificate.provider)
    assert certificate_verify(certificate).state == Certificate.State.VALID
    assert len(organisation_jwks(certificate.provider)["keys"]) == 2


# ---------------------------------------------------------------- revoking


@pytest.mark.django_db(transaction=True)
def test_the_provider_revokes_a_certificate_with_a_reason() -> None:
    certificate = issued_certificate()
    actor = actor_of(certificate.provider)
    run_worker()  # the e-mail of the issue
    certificate_revoke(
        actor=actor, certificate=certificate, reason="  Évaluation finale annulée.  "
    )
    run_worker()

    assert certificate.revoked_at is not None
    assert certificate.revoked_by == actor.user
    assert certificate.revocation_reason == "Évaluation finale annulée."
    assert certificate_verify(certificate).state == Certificate.State.REVOKED
    assert AuditEntry.objects.filter(action="certificate.revoke").count() == 1
    assert len(mail.outbox) == 2
    assert "révoqué" in mail.outbox[1].subject
    assert "Évaluation finale annulée." in mail.outbox[1].body
    assert certificate_url(certificate) in mail.outbox[1].body


def test_a_revocation_needs_a_reason() -> None:
    certificate = issued_certificate()
    with pytest.raises(TrainingError, match="motif"):
        certificate_revoke(
            actor=actor_of(certificate.provider), certificate=certificate, reason=" "
        )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_certificate_is_revoked_once() -> None:
    certificate = issued_certificate()
    actor = actor_of(certificate.provider)
    certificate_revoke(actor=actor, certificate=certificate, reason="Erreur de nom.")
    with pytest.raises(TrainingError, match="déjà révoqué"):
        certificate_revoke(actor=actor, certificate=certificate, reason="Encore.")


def test_another_provider_cannot_revoke_a_certificate() -> None:
    certificate = issued_certificate()
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=provider_actor(), certificate=certificate, reason="Fraude.")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_certificate_is_refused_while_the_learner_has_no_name() -> None:
    """Otherwise the signed certificate would carry the e-mail address in clear."""
    enrolment = completed_enrolment()
    enrolment.learner.first_name = ""
    enrolment.learner.save()

    with pytest.raises(TrainingError, match="prénom et le nom"):
        issued_certificate(enrolment)
    assert not Certificate.objects.exists()
