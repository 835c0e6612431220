"""Certificates: issue an Open Badge 3.0 to a learner who completed a certifying programme,
revoke it, and verify a stored or submitted credential against the issuer's published keys.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation, User
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.training.credentials import (
    Achievement,
    CredentialInvalid,
    b64url_decode,
    build_credential,
    hashed_identity,
    read_header,
    verify_credential_jwks,
)
from lakou.training.errors import TrainingError
from lakou.training.models import Certificate, Enrolment, Programme
from lakou.training.perms import certificates as perms_certificates
from lakou.training.services import signals
from lakou.training.services.followup import follow_up_create
from lakou.training.services.keys import organisation_issuer, organisation_jwks, sign_credential

INVALID = "invalid"


def certificate_url(certificate: Certificate) -> str:
    """The absolute address of the public verification page: the credential's `id`."""
    return f"{settings.SITE_URL}{certificate.get_absolute_url()}"


def _end_of_day(day: date | None) -> datetime | None:
    """A certificate "valid until" a day stays valid through that whole local day."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max.replace(microsecond=0)))


def _achievement(programme: Programme) -> Achievement:
    description = [programme.objective.strip()]
    if programme.is_certifying:
        kind = programme.get_certification_kind_display()
        description.append(f"Certification {kind} {programme.certification_code}.".strip())
    if programme.certifier:
        description.append(f"Certificateur : {programme.certifier}.")
    criteria = programme.expected_results.strip() or (
        f"Avoir suivi la formation « {programme.title} » jusqu'à son terme "
        "et satisfait à son évaluation."
    )
    return Achievement(
        id=f"{settings.SITE_URL}{programme.get_absolute_url()}",
        name=programme.title,
        description=" ".join(part for part in description if part),
        criteria=criteria,
    )


def _check_issuable(enrolment: Enrolment, status: str, valid_until: date | None) -> None:
    programme = enrolment.session.programme
    if not programme.is_certifying:
        raise TrainingError(
            _("Cette formation n'est pas certifiante : elle ne donne pas lieu à un certificat.")
        )
    if status != Enrolment.Status.COMPLETED:
        label = Enrolment.Status(status).label
        raise TrainingError(
            _(
                "Le certificat se délivre quand la formation est terminée ; "
                "cette inscription est au statut « %(status)s »."
            )
            % {"status": label}
        )
    if not (enrolment.learner.first_name.strip() and enrolment.learner.last_name.strip()):
        # Without a name the certificate would carry the e-mail address in clear.
        raise TrainingError(
            _(
                "Le prénom et le nom de la personne ne sont pas connus : "
                "elle doit les indiquer dans son inscription avant que le certificat soit délivré."
            )
        )
    if Certificate.objects.filter(enrolment_id=enrolment.pk).exists():
        raise TrainingError(_("Un certificat a déjà été délivré pour cette inscription."))
    if valid_until is not None and valid_until <= timezone.localdate():
        raise TrainingError(_("La date de fin de validité doit être postérieure à aujourd'hui."))


def certificate_issue(
    *,
    actor: Actor,
    enrolment: Enrolment,
    valid_until: date | None = None,
    issued_at: datetime | None = None,
) -> Certificate:
    """Sign the learner's credential, schedule the six-month follow-up and e-mail the learner.

    `issued_at` (now by default) lets a provider's earlier certificates be brought into Lakou
    with their real date, and the demo have a history; pages and the API never pass it.
    """
    programme = enrolment.session.programme
    if not perms_certificates.can_issue_certificate(actor, programme):
        raise PermissionDenied(_("Seul l'organisme de la formation délivre ses certificats."))
    try:
        with transaction.atomic():
            # The lock makes a double click, or two staff at once, issue one certificate.
            status = (
                Enrolment.objects.select_for_update()
                .values_list("status", flat=True)
                .get(pk=enrolment.pk)
            )
            _check_issuable(enrolment, status, valid_until)
            certificate = _sign_and_store(actor, enrolment, valid_until, issued_at)
            follow_up_create(certificate)
            audit_record(
                actor=actor,
                action="certificate.issue",
                obj=certificate,
                changes={
                    "enrolment": enrolment.pk,
                    "valid_until": valid_until.isoformat() if valid_until else None,
                },
            )
            _notify(
                certificate,
                "training/emails/certificate_issued.txt",
                _("Votre certificat : %(achievement)s") % {"achievement": certificate.achievement},
            )
            _announce(signals.certificate_issued, certificate, actor)
    except IntegrityError as error:
        raise TrainingError(
            _("Un certificat a déjà été délivré pour cette inscription.")
        ) from error
    return certificate


def _sign_and_store(
    actor: Actor, enrolment: Enrolment, valid_until: date | None, issued_at: datetime | None
) -> Certificate:
    session = enrolment.session
    programme = session.programme
    provider = programme.provider
    learner = enrolment.learner
    issued_at = issued_at or timezone.now()
    certificate = Certificate(
        uid=uuid.uuid4(),
        enrolment=enrolment,
        learner=learner,
        programme=programme,
        provider=provider,
        commune_id=session.commune_id or provider.commune_id,
        learner_name=learner.get_full_name()[:200],
        achievement=programme.title[:300],
        issued_on=timezone.localdate(issued_at),
        valid_until=valid_until,
        issued_by=actor.user,
    )
    salt = secrets.token_hex(16)
    credential = build_credential(
        credential_id=certificate_url(certificate),
        issuer=organisation_issuer(provider),
        achievement=_achievement(programme),
        subject_name=certificate.learner_name,
        subject_email_hash=hashed_identity(learner.email, salt=salt),
        identity_salt=salt,
        valid_from=issued_at,
        valid_until=_end_of_day(valid_until),
    )
    certificate.token = sign_credential(organisation=provider, payload=credential)
    certificate.kid = str(read_header(certificate.token)["kid"])
    certificate.save()
    return certificate


def badge_issue(
    *,
    actor: Actor,
    issuer: Organisation,
    learner: User,
    achievement: Achievement,
    issued_at: datetime | None = None,
) -> Certificate:
    """Sign an Open Badge that no training stands behind (a contest or hackathon badge).

    Another solution calls it once it has decided who earns the badge; the badge is signed with
    the issuer's key, verified on the same public page as a certificate, and never counted by
    indicator 2. Only a member of the issuing organisation signs in its name. No e-mail here: the
    caller says why the person receives it.
    """
    if actor.organisation_id is None or actor.organisation_id != issuer.pk:
        raise PermissionDenied(_("Seule l'organisation émettrice signe ses badges."))
    name = learner.get_full_name().strip()
    if not name:
        raise TrainingError(
            _(
                "Le prénom et le nom de la personne ne sont pas connus : le badge ne peut être signé."
            )
        )
    issued_at = issued_at or timezone.now()
    with transaction.atomic():
        certificate = Certificate(
            uid=uuid.uuid4(),
            kind=Certificate.Kind.BADGE,
            learner=learner,
            provider=issuer,
            commune_id=issuer.commune_id,
            learner_name=name[:200],
            achievement=achievement.name[:300],
            issued_on=timezone.localdate(issued_at),
            issued_by=actor.user,
        )
        salt = secrets.token_hex(16)
        credential = build_credential(
            credential_id=certificate_url(certificate),
            issuer=organisation_issuer(issuer),
            achievement=achievement,
            subject_name=certificate.learner_name,
            subject_email_hash=hashed_identity(learner.email, salt=salt),
            identity_salt=salt,
            valid_from=issued_at,
        )
        certificate.token = sign_credential(organisation=issuer, payload=credential)
        certificate.kid = str(read_header(certificate.token)["kid"])
        certificate.save()
        audit_record(
            actor=actor,
            action="certificate.badge_issue",
            obj=certificate,
            changes={"achievement": achievement.id},
        )
    return certificate


def certificate_revoke(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke for good: the verification page then says so, with the date and the reason."""
    if not perms_certificates.can_manage_certificate(actor, certificate):
        raise PermissionDenied(_("Seul l'organisme émetteur révoque ses certificats."))
    reason = reason.strip()
    if not reason:
        raise TrainingError(
            _("Indiquez le motif de la révocation : la personne certifiée le lira.")
        )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise TrainingError(_("Ce certificat est déjà révoqué."))
        Certificate.objects.filter(pk=certificate.pk).update(
            revoked_at=timezone.now(), revoked_by=actor.user, revocation_reason=reason
        )
        certificate.refresh_from_db()
        audit_record(
            actor=actor, action="certificate.revoke", obj=certificate, changes={"reason": reason}
        )
        _notify(
            certificate,
            "training/emails/certificate_revoked.txt",
            _("Certificat révoqué : %(achievement)s") % {"achievement": certificate.achievement},
        )
        _announce(signals.certificate_revoked, certificate, actor)
    return certificate


def _announce(signal: Signal, certificate: Certificate, actor: Actor) -> None:
    """Send `signal` once the transaction is committed (nothing is said of a rolled-back one)."""
    transaction.on_commit(
        lambda: signal.send(sender=Certificate, certificate=certificate, actor=actor)
    )


def _notify(certificate: Certificate, template: str, subject: str) -> None:
    notify_by_email(
        to=[certificate.learner.email],
        subject=subject,
        template=template,
        context={
            "certificate": certificate,
            "provider_name": certificate.provider.name,
            "verification_url": certificate_url(certificate),
            "pdf_url": settings.SITE_URL
            + reverse("training:certificate_pdf", kwargs={"uid": certificate.uid}),
        },
    )


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Verification:
    """What a verifier learns: the state, why it is invalid, and what the signed payload says."""

    state: str
    certificate: Certificate | None = None
    reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def is_signed(self) -> bool:
        return self.state != INVALID

    @property
    def issuer_name(self) -> str:
        issuer = self.payload.get("issuer", {})
        return str(issuer.get("name", "")) if isinstance(issuer, dict) else ""

    @property
    def learner_name(self) -> str:
        subject = self.payload.get("credentialSubject", {})
        for identifier in subject.get("identifier", []) if isinstance(subject, dict) else []:
            if isinstance(identifier, dict) and identifier.get("identityType") == "name":
                return str(identifier.get("identityHash", ""))
        return ""

    @property
    def achievement_name(self) -> str:
        subject = self.payload.get("credentialSubject", {})
        achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
        return str(achievement.get("name", "")) if isinstance(achievement, dict) else ""

    @property
    def issued_at(self) -> datetime | None:
        return _moment(self.payload.get("nbf"))

    @property
    def expires_at(self) -> datetime | None:
        return _moment(self.payload.get("exp"))


def _moment(timestamp: object) -> datetime | None:
    if isinstance(timestamp, int | float) and not isinstance(timestamp, bool):
        return datetime.fromtimestamp(timestamp, UTC)
    return None


def _unverified_payload(token: str) -> dict[str, Any]:
    """The payload, read only to find which certificate and key to check against."""
    read_header(token)
    try:
        payload = json.loads(b64url_decode(token.strip().split(".")[1]))
    except ValueError as error:
        raise CredentialInvalid(
            _("Le certificat est mal formé : le contenu est illisible.")
        ) from error
    if not isinstance(payload, dict):
        raise CredentialInvalid(_("Le certificat est mal formé : le contenu n'est pas un objet."))
    return payload


def _judge(certificate: Certificate, token: str, now: datetime | None) -> Verification:
    try:
        issued_at = _moment(_unverified_payload(token).get("nbf"))
        # The signature is checked at the issue moment; expiry is a state of its own below.
        payload = verify_credential_jwks(
            token, jwks=organisation_jwks(certificate.provider), now=issued_at
        )
    except CredentialInvalid as error:
        return Verification(state=INVALID, certificate=certificate, reason=error.reason)
    if urlsplit(str(payload.get("jti", ""))).path != certificate.get_absolute_url():
        return Verification(
            state=INVALID,
            certificate=certificate,
            reason=_("Le certificat signé ne correspond pas à cette adresse."),
        )
    expires_at = _moment(payload.get("exp"))
    moment = now or timezone.now()
    if certificate.revoked_at is not None:
        state = Certificate.State.REVOKED
    elif expires_at is not None and moment >= expires_at:
        state = Certificate.State.EXPIRED
    else:
        state = Certificate.State.VALID
    return Verification(state=state, certificate=certificate, payload=payload)


def certificate_verify(certificate: Certificate, *, now: datetime | None = None) -> Verification:
    """Check the stored token against the issuer's published keys, then revocation and expiry."""
    return _judge(certificate, certificate.token, now)


def certificate_check_token(token: str, *, now: datetime | None = None) -> Verification:
    """Check a credential file someone holds; `CredentialInvalid` if it is not one of ours."""
    token = token.strip()
    jti = str(_unverified_payload(token).get("jti", ""))
    try:
        match = resolve(urlsplit(jti).path)
    except Resolver404:
        match = None
    if match is None or match.view_name != "training:certificate_verify":
        raise CredentialInvalid(
            _("Ce fichier ne désigne aucun certificat délivré sur Lakou (champ « jti »).")
        )
    certificate = (
        Certificate.objects.select_related("provider").filter(uid=match.kwargs["uid"]).first()
    )
    if certificate is None:
        raise CredentialInvalid(_("Aucun certificat délivré sur Lakou ne porte cet identifiant."))
    return _judge(certificate, token, now)
