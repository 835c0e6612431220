"""Signing keys per issuing organisation: created on first use, stored encrypted, published.

The private key is stored as PEM encrypted with AES-GCM under a key derived from
`settings.SECRET_KEY` (HKDF-SHA256), so a database dump alone does not reveal it.
Rotating SECRET_KEY therefore needs `signing_keys_reencrypt(old_secret=...)` first,
otherwise the stored keys can no longer be decrypted (see docs/certificats.md).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.training.credentials import Issuer, public_jwk, sign_credential_jwt
from lakou.training.models import SigningKey

ENCRYPTION_PREFIX = "aesgcm-v1:"
_HKDF_INFO = b"lakou.training.signing-key-encryption.v1"


def _encryption_key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode()
    )


def encrypt_private_key(pem: bytes, *, kid: str, secret: str | None = None) -> str:
    """The PEM encrypted for storage; the `kid` is bound as associated data."""
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key(secret or settings.SECRET_KEY)).encrypt(
        nonce, pem, kid.encode()
    )
    return ENCRYPTION_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt_private_key(stored: str, *, kid: str, secret: str | None = None) -> bytes:
    if not stored.startswith(ENCRYPTION_PREFIX):
        raise ValueError("signing key is not stored in the expected encrypted format")
    raw = base64.b64decode(stored.removeprefix(ENCRYPTION_PREFIX))
    return AESGCM(_encryption_key(secret or settings.SECRET_KEY)).decrypt(
        raw[:12], raw[12:], kid.encode()
    )


def _create_signing_key(organisation: Organisation) -> SigningKey:
    private_key = Ed25519PrivateKey.generate()
    jwk = public_jwk(private_key.public_key())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return SigningKey.objects.create(
        organisation=organisation,
        kid=jwk["kid"],
        public_jwk=jwk,
        private_key_pem=encrypt_private_key(pem, kid=jwk["kid"]),
    )


def signing_key_for(organisation: Organisation) -> SigningKey:
    """The organisation's active signing key, created on first use."""
    key = SigningKey.objects.for_organisation(organisation.pk).active().first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _create_signing_key(organisation)
    except IntegrityError:
        # Another request created it at the same moment (one active key per organisation).
        return SigningKey.objects.for_organisation(organisation.pk).active().get()


def signing_key_rotate(*, organisation: Organisation) -> SigningKey:
    """Retire the active key and create a new one; the retired key stays published."""
    with transaction.atomic():
        SigningKey.objects.for_organisation(organisation.pk).active().select_for_update().update(
            retired_at=timezone.now()
        )
        return _create_signing_key(organisation)


def signing_keys_reencrypt(*, old_secret: str) -> int:
    """Re-encrypt every stored private key from `old_secret` to the current SECRET_KEY."""
    count = 0
    with transaction.atomic():
        for key in SigningKey.objects.select_for_update():
            pem = decrypt_private_key(key.private_key_pem, kid=key.kid, secret=old_secret)
            key.private_key_pem = encrypt_private_key(pem, kid=key.kid)
            key.save(update_fields=["private_key_pem"])
            count += 1
    return count


def organisation_issuer(organisation: Organisation) -> Issuer:
    """The OB3 issuer of an organisation; its id is the absolute URL of its public Profile."""
    path = reverse("training:issuer_profile", kwargs={"pk": organisation.pk})
    return Issuer(id=f"{settings.SITE_URL}{path}", name=organisation.name)


def organisation_jwks(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The public JWK Set: every key, retired ones included, so old certificates still verify."""
    keys = SigningKey.objects.for_organisation(organisation.pk).order_by("created_at", "pk")
    return {"keys": [dict(key.public_jwk) for key in keys]}


def sign_credential(*, organisation: Organisation, payload: Mapping[str, Any]) -> str:
    """The credential signed as a VC-JWT with the organisation's active key."""
    key = signing_key_for(organisation)
    private_key = serialization.load_pem_private_key(
        decrypt_private_key(key.private_key_pem, kid=key.kid), password=None
    )
    if not isinstance(private_key, Ed25519PrivateKey):
        raise TypeError("signing keys are Ed25519")
    return sign_credential_jwt(payload, private_key=private_key, kid=key.kid)
