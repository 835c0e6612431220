"""The pure VC-JWT core: OB3 structure, signature, tampering, dates, independent verification."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from lakou.training.credentials import (
    CONTEXTS,
    Achievement,
    CredentialInvalid,
    Issuer,
    b64url_decode,
    b64url_encode,
    build_credential,
    hashed_identity,
    public_jwk,
    read_header,
    sign_credential_jwt,
    verify_credential_jwks,
    verify_credential_jwt,
)

ISSUED = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
ISSUER = Issuer(id="https://lakou.example/formations/emetteurs/7/", name="Code Caraïbes")
ACHIEVEMENT = Achievement(
    id="https://lakou.example/formations/programmes/3/",
    name="Développeur web",
    description="Titre RNCP de développeur web et web mobile.",
    criteria="Avoir suivi la formation et réussi l'évaluation finale.",
)


def credential(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "credential_id": "https://lakou.example/formations/certificats/abc/",
        "issuer": ISSUER,
        "achievement": ACHIEVEMENT,
        "subject_name": "Léa Joseph-Angélique",
        "valid_from": ISSUED,
        **overrides,
    }
    return build_credential(**arguments)


@pytest.fixture(scope="module")
def private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def jwk(private_key: Ed25519PrivateKey) -> dict[str, str]:
    return public_jwk(private_key.public_key())


def sign(private_key: Ed25519PrivateKey, jwk: dict[str, str], **overrides: Any) -> str:
    return sign_credential_jwt(credential(**overrides), private_key=private_key, kid=jwk["kid"])


def tampered(token: str, change: Any) -> str:
    """The token with a modified payload re-encoded, keeping the original signature."""
    header, payload, signature = token.split(".")
    data = json.loads(b64url_decode(payload))
    change(data)
    return ".".join([header, b64url_encode(json.dumps(data).encode()), signature])


def jwcrypto_verify(token: str, jwk: dict[str, str]) -> dict[str, Any]:
    signed = jwcrypto_jws.JWS()
    signed.deserialize(token)
    signed.verify(jwcrypto_jwk.JWK(**jwk), alg="EdDSA")
    payload: dict[str, Any] = json.loads(signed.payload)
    return payload


def test_the_credential_has_the_open_badges_3_structure() -> None:
    data = credential(valid_until=ISSUED + timedelta(days=365))
    assert data["@context"] == list(CONTEXTS)
    assert data["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert data["issuer"] == {"id": ISSUER.id, "type": ["Profile"], "name": "Code Caraïbes"}
    assert data["validFrom"] == "2026-06-01T09:30:00Z"
    assert data["validUntil"] == "2027-06-01T09:30:00Z"
    subject = data["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["name"] == "Développeur web"
    assert subject["achievement"]["criteria"] == {"narrative": ACHIEVEMENT.criteria}
    assert subject["identifier"][0]["identityHash"] == "Léa Joseph-Angélique"


def test_the_email_is_only_published_as_a_salted_hash() -> None:
    digest = hashed_identity("Lea@Exemple.mq", salt="sel")
    data = credential(subject_email_hash=digest, identity_salt="sel")
    assert "lea@exemple.mq" not in json.dumps(data).lower()
    email = data["credentialSubject"]["identifier"][1]
    assert email["hashed"] is True
    assert email["identityHash"] == hashed_identity("lea@exemple.mq", salt="sel")
    assert email["identityHash"].startswith("sha256$")


def test_the_token_has_the_vc_jwt_header_and_claims(
    private_key: Ed25519PrivateKey, jwk: dict[str, str]
) -> None:
    token = sign(private_key, jwk, valid_until=ISSUED + timedelta(days=30))
    assert read_header(token) == {"alg": "EdDSA", "typ": "vc+jwt", "kid": jwk["kid"]}
    payload = verify_credential_jwt(token, jwk=jwk, now=ISSUED)
    assert payload["iss"] == ISSUER.id
    assert payload["jti"] == "https://lakou.example/formations/certificats/abc/"
    assert payload["nbf"] == int(ISSUED.timestamp())
    assert payload["exp"] == int((ISSUED + timedelta(days=30)).timestamp())
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


def test_an_independent_jose_library_verifies_our_token(
    private_key: Ed25519PrivateKey, jwk: dict[str, str]
) -> None:
    token = sign(private_key, jwk)
    assert jwcrypto_verify(token, jwk)["credentialSubject"]["achievement"]["name"] == (
        "Développeur web"
    )


CHANGES = {
    "learner name": lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="X"),
    "achievement": lambda d: d["credentialSubject"]["achievement"].update(name="Autre titre"),
    "issuer": lambda d: d.update(iss="https://ailleurs.example/"),
    "dates": lambda d: d.update(nbf=d["nbf"] - 86400),
    "added claim": lambda d: d.update(exp=4102444800),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_to_the_payload_breaks_the_signature(
    private_key: Ed25519PrivateKey, jwk: dict[str, str], change: Any
) -> None:
    token = tampered(sign(private_key, jwk), change)
    with pytest.raises(CredentialInvalid, match="signature ne correspond pas"):
        verify_credential_jwt(token, jwk=jwk, now=ISSUED)
    with pytest.raises(jwcrypto_jws.InvalidJWSSignature):
        jwcrypto_verify(token, jwk)


def test_flipping_any_single_payload_character_breaks_it(
    private_key: Ed25519PrivateKey, jwk: dict[str, str]
) -> None:
    header, payload, signature = sign(private_key, jwk).split(".")
    for index in range(0, len(payload), 7):
        flipped = "A" if payload[index] != "A" else "B"
        token = f"{header}.{payload[:index]}{flipped}{payload[index + 1 :]}.{signature}"
        with pytest.raises(CredentialInvalid):
            verify_credential_jwt(token, jwk=jwk, now=ISSUED)


def test_a_token_signed_by_another_key_is_refused(
    private_key: Ed25519PrivateKey, jwk: dict[str, str]
) -> None:
    other = Ed25519PrivateKey.generate()
    forged = sign_credential_jwt(credential(), private_key=other, kid=jwk["kid"])
    with pytest.raises(CredentialInvalid, match="signature ne correspond pas"):
        verify_credential_jwt(forged, jwk=jwk, now=ISSUED)
    unknown = sign(other, public_jwk(other.public_key()))
    with pytest.raises(CredentialInvalid, match="aucune clé publiée"):
        verify_credential_jwks(unknown, jwks={"keys": [jwk]}, now=ISSUED)


def test_an_expired_credential_is_refused(
    private_key: Ed25519PrivateKey, jwk: dict[str, str]
) -> None:
    token = sign(private_key, jwk, valid_until=ISSUED + timedelta(days=365))
    assert verify_credential_jwt(token, jwk=jwk, now=ISSUED + timedelta(days=364))
    with pytest.raises(CredentialInvalid, match="a expiré"):
        verify_credential_jwt(token, jwk=jwk, now=ISSUED + timedelta(days=365))


def test_a_credential_not_yet_valid_is_refused(
    private_key: Ed25519PrivateKey, jwk: dict[str, str]
) -> None:
    token = sign(private_key, jwk)
    with pytest.raises(CredentialInvalid, match="pas encore valide"):
        verify_credential_jwt(token, jwk=jwk, now=ISSUED - timedelta(seconds=1))


def test_another_algorithm_is_refused(private_key: Ed25519PrivateKey, jwk: dict[str, str]) -> None:
    _header, payload, signature = sign(private_key, jwk).split(".")
    for alg in ("none", "HS256", "ES256"):
        header = b64url_encode(json.dumps({"alg": alg, "kid": jwk["kid"]}).encode())
        with pytest.raises(CredentialInvalid, match="Algorithme de signature refusé"):
            verify_credential_jwt(f"{header}.{payload}.{signature}", jwk=jwk, now=ISSUED)


@pytest.mark.parametrize(
    "token",
    ["", "abc", "a.b", "a.b.c.d", "!!!.e30.e30", "e30.e30.e30", "bnVsbA.e30.e30"],
)
def test_a_malformed_token_is_refused_in_french(jwk: dict[str, str], token: str) -> None:
    with pytest.raises(CredentialInvalid, match=r"mal formé|Algorithme"):
        verify_credential_jwt(token, jwk=jwk, now=ISSUED)


def test_the_kid_is_the_rfc_7638_thumbprint(jwk: dict[str, str]) -> None:
    assert jwk["kid"] == jwcrypto_jwk.JWK(**jwk).thumbprint()
    assert "d" not in jwk


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=80))
def test_any_learner_name_round_trips(name: str) -> None:
    private_key = Ed25519PrivateKey.generate()
    jwk = public_jwk(private_key.public_key())
    token = sign(private_key, jwk, subject_name=name)
    for payload in (verify_credential_jwt(token, jwk=jwk, now=ISSUED), jwcrypto_verify(token, jwk)):
        assert payload["credentialSubject"]["identifier"][0]["identityHash"] == name
