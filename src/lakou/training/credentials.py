"""Open Badges 3.0 credentials signed as VC-JWT with Ed25519: build, sign, verify.

Pure functions on plain data (no Django): the payload is the credential itself with the
registered JWT claims added (`iss`, `jti`, `sub`, `nbf`, `exp`), as VC-JOSE-COSE describes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CONTEXTS = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
ALGORITHM = "EdDSA"
TOKEN_TYPE = "vc+jwt"  # noqa: S105 - the JOSE `typ`, not a secret


class CredentialInvalid(Exception):
    """The token is not a valid credential of this issuer; `reason` is French, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str = ""


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria: str


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not text or any(c not in _B64URL_ALPHABET for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def hashed_identity(value: str, *, salt: str) -> str:
    """OB3 `identityHash` of an identifier (e-mail…): `sha256$` + hex digest of value + salt."""
    return "sha256$" + hashlib.sha256((value.strip().lower() + salt).encode()).hexdigest()


def issuer_profile(issuer: Issuer) -> dict[str, Any]:
    """The OB3 issuer `Profile`, embedded in credentials and served at the issuer's URL."""
    profile: dict[str, Any] = {"id": issuer.id, "type": ["Profile"], "name": issuer.name}
    if issuer.url:
        profile["url"] = issuer.url
    return profile


def build_credential(
    *,
    credential_id: str,
    issuer: Issuer,
    achievement: Achievement,
    subject_name: str,
    subject_email_hash: str = "",
    identity_salt: str = "",
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """An `OpenBadgeCredential` as a JSON-ready dict (VC data model 2.0, OB 3.0.3 context).

    The learner is named in clear (what the verification page shows); their e-mail, if
    given, only as a salted hash, so the credential does not publish it.
    """
    identifiers: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": subject_name,
        }
    ]
    if subject_email_hash:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": subject_email_hash,
                "salt": identity_salt,
            }
        )
    credential: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "issuer": issuer_profile(issuer),
        "validFrom": _iso(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": achievement.id,
                "type": ["Achievement"],
                "name": achievement.name,
                "description": achievement.description,
                "criteria": {"narrative": achievement.criteria},
            },
        },
    }
    if valid_until is not None:
        credential["validUntil"] = _iso(valid_until)
    return credential


def _timestamp(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def jwt_claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    """The registered JWT claims that mirror the credential's own properties."""
    issuer = credential["issuer"]
    claims: dict[str, Any] = {
        "iss": issuer["id"] if isinstance(issuer, Mapping) else issuer,
        "jti": credential["id"],
        "nbf": _timestamp(credential["validFrom"]),
    }
    subject_id = credential.get("credentialSubject", {}).get("id")
    if subject_id:
        claims["sub"] = subject_id
    if credential.get("validUntil"):
        claims["exp"] = _timestamp(credential["validUntil"])
    return claims


def _json(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def sign_credential_jwt(
    credential: Mapping[str, Any], *, private_key: Ed25519PrivateKey, kid: str
) -> str:
    """The compact JWS `header.payload.signature` of the credential with its JWT claims."""
    header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "kid": kid}
    payload = {**credential, **jwt_claims(credential)}
    signing_input = f"{b64url_encode(_json(header))}.{b64url_encode(_json(payload))}"
    signature = private_key.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url_encode(signature)}"


def public_jwk(public_key: Ed25519PublicKey) -> dict[str, str]:
    """The public key as an OKP JWK, with its RFC 7638 thumbprint as `kid`."""
    x = b64url_encode(public_key.public_bytes_raw())
    thumbprint_input = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"))
    kid = b64url_encode(hashlib.sha256(thumbprint_input.encode()).digest())
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "use": "sig", "alg": ALGORITHM}


def _public_key_from_jwk(jwk: Mapping[str, Any]) -> Ed25519PublicKey:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise CredentialInvalid("La clé publique n'est pas une clé Ed25519.")
    try:
        return Ed25519PublicKey.from_public_bytes(b64url_decode(str(jwk.get("x", ""))))
    except ValueError as error:
        raise CredentialInvalid("La clé publique est illisible.") from error


def read_header(token: str) -> dict[str, Any]:
    """The decoded JOSE header, without checking anything else (to pick the key by `kid`)."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise CredentialInvalid("Le certificat est mal formé : il doit compter trois parties.")
    return _decode_json(parts[0], what="l'en-tête")


def _decode_json(part: str, *, what: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(part))
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise CredentialInvalid(f"Le certificat est mal formé : {what} est illisible.") from error
    if not isinstance(value, dict):
        raise CredentialInvalid(f"Le certificat est mal formé : {what} n'est pas un objet.")
    return value


def verify_credential_jwt(
    token: str, *, jwk: Mapping[str, Any], now: datetime | None = None
) -> dict[str, Any]:
    """The decoded payload of a token signed by `jwk`, or `CredentialInvalid` saying why not.

    The signature is checked before anything in the payload is read or trusted.
    """
    header = read_header(token)
    if header.get("alg") != ALGORITHM:
        raise CredentialInvalid(
            "Algorithme de signature refusé : seul EdDSA (Ed25519) est accepté."
        )
    if jwk.get("kid") and header.get("kid") != jwk["kid"]:
        raise CredentialInvalid("Le certificat n'a pas été signé avec cette clé.")
    public_key = _public_key_from_jwk(jwk)
    header_part, payload_part, signature_part = token.strip().split(".")
    try:
        signature = b64url_decode(signature_part)
    except (ValueError, binascii.Error) as error:
        raise CredentialInvalid("Le certificat est mal formé : signature illisible.") from error
    try:
        public_key.verify(signature, f"{header_part}.{payload_part}".encode("ascii"))
    except InvalidSignature as error:
        raise CredentialInvalid(
            "La signature ne correspond pas : le certificat a été modifié "
            "ou n'a pas été émis par cet organisme."
        ) from error
    payload = _decode_json(payload_part, what="le contenu")
    _check_dates(payload, now or datetime.now(UTC))
    return payload


def verify_credential_jwks(
    token: str, *, jwks: Mapping[str, Any], now: datetime | None = None
) -> dict[str, Any]:
    """Verify against a JWK Set (the issuer's published keys), picking the key by `kid`."""
    kid = read_header(token).get("kid")
    for jwk in jwks.get("keys", []):
        if isinstance(jwk, Mapping) and jwk.get("kid") == kid:
            return verify_credential_jwt(token, jwk=jwk, now=now)
    raise CredentialInvalid("Le certificat n'a été signé par aucune clé publiée de cet organisme.")


def _check_dates(payload: Mapping[str, Any], now: datetime) -> None:
    moment = now.timestamp()
    for claim in ("nbf", "exp"):
        if claim in payload and not isinstance(payload[claim], int | float):
            raise CredentialInvalid("Le certificat est mal formé : date illisible.")
    if "nbf" in payload and moment < payload["nbf"]:
        raise CredentialInvalid("Le certificat n'est pas encore valide.")
    if "exp" in payload and moment >= payload["exp"]:
        raise CredentialInvalid("Le certificat a expiré.")
