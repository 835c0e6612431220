"""Signing keys per organisation, the published JWK Set and issuer Profile, checked from outside."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws
from jwcrypto.common import JWKeyNotFound

from lakou.accounts.models import Organisation
from lakou.training.credentials import (
    Achievement,
    CredentialInvalid,
    b64url_decode,
    b64url_encode,
    build_credential,
    verify_credential_jwks,
)
from lakou.training.models import SigningKey
from lakou.training.services.keys import (
    decrypt_private_key,
    organisation_issuer,
    sign_credential,
    signing_key_for,
    signing_key_rotate,
    signing_keys_reencrypt,
)
from tests.accounts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ISSUED = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
# What jwcrypto raises when no key of the set verifies the signature.
JWCRYPTO_REFUSALS = (jwcrypto_jws.InvalidJWSSignature, JWKeyNotFound)


@pytest.fixture
def provider() -> Organisation:
    return OrganisationFactory(provider=True, name="Code Caraïbes")


def payload(organisation: Organisation, **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "credential_id": "http://testserver/formations/certificats/1/",
        "issuer": organisation_issuer(organisation),
        "achievement": Achievement(
            id="http://testserver/formations/programmes/1/",
            name="Analyste cybersécurité",
            description="Bloc de compétences RNCP.",
            criteria="Réussir l'évaluation finale.",
        ),
        "subject_name": "Mélissa Théodore",
        "valid_from": ISSUED,
        **overrides,
    }
    return build_credential(**arguments)


def fetch_jwks(organisation: Organisation) -> dict[str, Any]:
    response = Client().get(reverse("training:issuer_jwks", kwargs={"pk": organisation.pk}))
    assert response.status_code == 200
    jwks: dict[str, Any] = response.json()
    return jwks


def jwcrypto_verify(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    key_set = jwcrypto_jwk.JWKSet.from_json(json.dumps(jwks))
    signed = jwcrypto_jws.JWS()
    signed.deserialize(token)
    signed.verify(key_set, alg="EdDSA")
    result: dict[str, Any] = json.loads(signed.payload)
    return result


def test_a_key_is_created_on_first_use_and_then_reused(provider: Organisation) -> None:
    key = signing_key_for(provider)
    assert signing_key_for(provider) == key
    assert SigningKey.objects.filter(organisation=provider).count() == 1


def test_an_organisation_has_one_active_key_at_a_time(provider: Organisation) -> None:
    key = signing_key_for(provider)
    with pytest.raises(IntegrityError):
        SigningKey.objects.create(
            organisation=provider, kid="autre", public_jwk={}, private_key_pem=key.private_key_pem
        )


def test_the_private_key_is_not_stored_in_clear(provider: Organisation) -> None:
    key = signing_key_for(provider)
    assert "PRIVATE KEY" not in key.private_key_pem
    assert b"PRIVATE KEY" in decrypt_private_key(key.private_key_pem, kid=key.kid)


def test_the_stored_key_cannot_be_read_with_another_secret(provider: Organisation) -> None:
    key = signing_key_for(provider)
    with pytest.raises(InvalidTag):
        decrypt_private_key(key.private_key_pem, kid=key.kid, secret="un autre secret")


def test_an_independent_library_verifies_our_credential_with_the_published_keys(
    provider: Organisation,
) -> None:
    token = sign_credential(organisation=provider, payload=payload(provider))
    jwks = fetch_jwks(provider)
    verified = jwcrypto_verify(token, jwks)
    profile = Client().get(reverse("training:issuer_profile", kwargs={"pk": provider.pk})).json()
    assert verified["iss"] == verified["issuer"]["id"] == profile["id"]
    assert verified["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert verified["issuer"]["name"] == "Code Caraïbes"
    assert verified["credentialSubject"]["identifier"][0]["identityHash"] == "Mélissa Théodore"
    assert verify_credential_jwks(token, jwks=jwks, now=ISSUED) == verified


def test_a_changed_payload_fails_with_both_verifiers(provider: Organisation) -> None:
    token = sign_credential(organisation=provider, payload=payload(provider))
    header, body, signature = token.split(".")
    data = json.loads(b64url_decode(body))
    data["credentialSubject"]["achievement"]["name"] = "Expert cybersécurité"
    forged = ".".join([header, b64url_encode(json.dumps(data).encode()), signature])
    jwks = fetch_jwks(provider)
    with pytest.raises(JWCRYPTO_REFUSALS):
        jwcrypto_verify(forged, jwks)
    with pytest.raises(CredentialInvalid):
        verify_credential_jwks(forged, jwks=jwks, now=ISSUED)


def test_a_credential_of_another_organisation_fails_against_this_one(
    provider: Organisation,
) -> None:
    other = OrganisationFactory(provider=True)
    token = sign_credential(organisation=other, payload=payload(provider))
    signing_key_for(provider)
    jwks = fetch_jwks(provider)
    with pytest.raises(JWCRYPTO_REFUSALS):
        jwcrypto_verify(token, jwks)
    with pytest.raises(CredentialInvalid, match="aucune clé publiée"):
        verify_credential_jwks(token, jwks=jwks, now=ISSUED)


def test_expiry_and_start_are_enforced_by_our_verifier(provider: Organisation) -> None:
    token = sign_credential(
        organisation=provider,
        payload=payload(provider, valid_until=ISSUED + timedelta(days=730)),
    )
    jwks = fetch_jwks(provider)
    with pytest.raises(CredentialInvalid, match="pas encore valide"):
        verify_credential_jwks(token, jwks=jwks, now=ISSUED - timedelta(days=1))
    with pytest.raises(CredentialInvalid, match="a expiré"):
        verify_credential_jwks(token, jwks=jwks, now=ISSUED + timedelta(days=731))


def test_a_retired_key_stays_published_so_old_certificates_still_verify(
    provider: Organisation,
) -> None:
    old_token = sign_credential(organisation=provider, payload=payload(provider))
    old_key = signing_key_for(provider)
    new_key = signing_key_rotate(organisation=provider)
    old_key.refresh_from_db()
    assert old_key.retired_at is not None
    assert signing_key_for(provider) == new_key
    jwks = fetch_jwks(provider)
    assert [key["kid"] for key in jwks["keys"]] == [old_key.kid, new_key.kid]
    assert verify_credential_jwks(old_token, jwks=jwks, now=ISSUED)
    new_token = sign_credential(organisation=provider, payload=payload(provider))
    assert json.loads(b64url_decode(new_token.split(".")[0]))["kid"] == new_key.kid


def test_keys_are_re_encrypted_when_the_secret_changes(
    provider: Organisation, settings: Any
) -> None:
    key = signing_key_for(provider)
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "un nouveau secret assez long pour les tests de rotation"
    assert signing_keys_reencrypt(old_secret=old_secret) == 1
    token = sign_credential(organisation=provider, payload=payload(provider))
    assert verify_credential_jwks(token, jwks={"keys": [key.public_jwk]}, now=ISSUED)


def test_no_private_material_is_ever_published(provider: Organisation) -> None:
    key = signing_key_for(provider)
    signing_key_rotate(organisation=provider)
    client = Client()
    for name in ("training:issuer_jwks", "training:issuer_profile"):
        response = client.get(reverse(name, kwargs={"pk": provider.pk}))
        text = response.content.decode()
        assert key.private_key_pem not in text
        assert "PRIVATE" not in text
        assert '"d"' not in text
    assert all(
        set(jwk) == {"kty", "crv", "x", "kid", "use", "alg"} for jwk in fetch_jwks(provider)["keys"]
    )


def test_the_issuer_profile_is_an_open_badges_profile(
    provider: Organisation, settings: Any
) -> None:
    settings.SITE_URL = "https://lakou.example"
    response = Client().get(reverse("training:issuer_profile", kwargs={"pk": provider.pk}))
    assert response.json() == {
        "id": f"https://lakou.example/formations/emetteurs/{provider.pk}/",
        "type": ["Profile"],
        "name": "Code Caraïbes",
    }
    assert response["Cache-Control"] == "public, max-age=3600"


def test_the_jwks_is_public_and_cached(provider: Organisation) -> None:
    signing_key_for(provider)
    response = Client().get(reverse("training:issuer_jwks", kwargs={"pk": provider.pk}))
    assert response["Content-Type"] == "application/jwk-set+json"
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("name", ["training:issuer_jwks", "training:issuer_profile"])
def test_an_organisation_that_is_not_a_provider_has_no_issuer_pages(name: str) -> None:
    company = OrganisationFactory(company=True)
    assert Client().get(reverse(name, kwargs={"pk": company.pk})).status_code == 404


@pytest.mark.parametrize("name", ["training:issuer_jwks", "training:issuer_profile"])
def test_the_issuer_pages_only_answer_get(provider: Organisation, name: str) -> None:
    assert Client().post(reverse(name, kwargs={"pk": provider.pk})).status_code == 405
