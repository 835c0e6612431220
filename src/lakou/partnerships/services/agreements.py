"""Placement agreements: creation from an accepted application, the state machine, the e-mailed
signature and evaluation links, the canonical text and its hash, the PDF and CERFA exports.

Every change goes through one of these services, in a transaction with the agreement's row
locked; a change the state does not allow raises `AgreementError` with a French message.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lakou.accounts.models import hash_token
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.exports import xlsx_bytes
from lakou.core.notifications import notify_by_email
from lakou.core.validators import PhoneError, normalise_phone
from lakou.partnerships.models import (
    PLACEMENT_KINDS,
    Agreement,
    AgreementEvaluation,
    AgreementLink,
    AgreementSignature,
    Application,
    Attendance,
    JobOffer,
    Party,
    PlacementKind,
)
from lakou.partnerships.perms.agreements import (
    can_break_off,
    can_create_agreement,
    can_edit_agreement,
    party_of,
)
from lakou.partnerships.services.signals import agreement_activated

Status = Agreement.Status
Purpose = AgreementLink.Purpose

LINK_VALIDITY = timedelta(days=30)
PARTIES = (Party.LEARNER, Party.COMPANY, Party.SCHOOL)
# A week of presence is 52/12 of a month.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
# Art. L124-6: the stipend is due for an internship of more than two months, i.e. more than
# 44 days of presence at 7 hours (308 hours), consecutive or not.
STIPEND_DUE_ABOVE_HOURS = Decimal(308)
STIPEND_FIELDS = {"stipend_monthly", "weekly_hours", "total_hours", "starts_on", "ends_on"}


class AgreementError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _state_error(agreement: Agreement, action: str) -> AgreementError:
    return AgreementError(
        _("Impossible de %(action)s : la convention est « %(state)s ».")
        % {"action": action, "state": agreement.get_status_display()}
    )


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


# ---------------------------------------------------------------- creation


def agreement_create(*, actor: Actor, application: Application) -> Agreement:
    """The host company establishes the agreement of an accepted application, prefilled from
    the offer; it starts as a draft."""
    if not can_create_agreement(actor, application):
        if application.offer.is_job:
            raise AgreementError(
                _("Un emploi n'a pas de convention : confirmez l'embauche de la candidature.")
            )
        if application.status != Application.Status.ACCEPTED:
            raise AgreementError(_("Seule une candidature acceptée peut devenir une convention."))
        raise AgreementError(_("Seule l'entreprise de l'offre établit la convention."))
    offer = application.offer
    learner = application.learner
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        if Agreement.objects.filter(application=application).exists():
            raise AgreementError(_("Cette candidature a déjà sa convention."))
        weeks = offer.duration_weeks or 0  # a placement always has a duration (constraint)
        ends_on = offer.starts_on + timedelta(weeks=weeks) - timedelta(days=1)
        company = offer.company
        agreement = Agreement(
            application=application,
            kind=offer.kind,
            learner=learner,
            company=company,
            school=offer.school,
            starts_on=offer.starts_on,
            ends_on=max(ends_on, offer.starts_on),
            title=offer.title,
            activities=offer.description,
            competences="\n".join(c.name_fr for c in offer.competences.all()),
            weekly_hours=offer.weekly_hours,
            total_hours=(offer.weekly_hours * weeks).quantize(Decimal("0.1")),
            stipend_monthly=offer.monthly_pay if offer.kind == PlacementKind.INTERNSHIP else None,
            stipend_terms=offer.pay_notes,
            created_by=actor.user,
        )
        if agreement.is_contract:
            agreement.employer_siret = company.siret or ""
            agreement.employer_naf = company.naf_code or ""
            agreement.apprentice_last_name = learner.last_name
            agreement.apprentice_first_names = learner.first_name
            if offer.school is not None:
                agreement.cfa_name = offer.school.name
                agreement.cfa_siret = offer.school.siret or ""
        agreement.save()
        audit_record(actor=actor, action="agreement.create", obj=agreement)
    return agreement


# ---------------------------------------------------------------- changes (draft only)

EDITABLE_FIELDS = (
    "school",
    "starts_on",
    "ends_on",
    "title",
    "activities",
    "competences",
    "total_hours",
    "weekly_hours",
    "schedule",
    "tutor_name",
    "tutor_position",
    "tutor_email",
    "tutor_phone",
    "teacher_name",
    "teacher_email",
    "stipend_monthly",
    "stipend_terms",
    "benefits",
    "leave_terms",
    "employer_siret",
    "employer_naf",
    "employer_headcount",
    "apprentice_last_name",
    "apprentice_first_names",
    "apprentice_birth_date",
    "master_name",
    "master_birth_date",
    "master_position",
    "master_diploma",
    "master2_name",
    "master2_birth_date",
    "master2_position",
    "master2_diploma",
    "diploma_title",
    "diploma_rncp",
    "cfa_name",
    "cfa_siret",
    "cfa_uai",
    "salary_by_year",
)


def _refuse_change_if_signed(agreement: Agreement) -> None:
    if (
        agreement.status != Status.DRAFT
        or agreement.signatures.filter(voided_at__isnull=True).exists()
    ):
        raise AgreementError(
            _(
                "La convention est à la signature ou signée : elle ne peut plus être modifiée. "
                "Demandez d'abord une modification (retour au brouillon), ce qui annule toutes "
                "les signatures."
            )
        )


def agreement_update(*, actor: Actor, agreement: Agreement, changes: dict[str, Any]) -> Agreement:
    """The company changes a draft; refused once the agreement is sent to the signatures."""
    if not can_edit_agreement(actor, agreement):
        raise AgreementError(_("Seule l'entreprise d'accueil modifie la convention."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise AgreementError(_("Champs inconnus : %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if changes.get("tutor_phone"):
        try:
            changes = {**changes, "tutor_phone": normalise_phone(changes["tutor_phone"])}
        except PhoneError as error:
            raise AgreementError(str(error), field="tutor_phone") from error
    with transaction.atomic():
        locked = _locked(agreement)
        _refuse_change_if_signed(locked)
        before = canonical_text(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        try:
            locked.full_clean(exclude=["application", "learner", "company"])
        except ValidationError as error:
            first_field, messages = next(iter(error.message_dict.items()))
            raise AgreementError(
                messages[0], field=None if first_field == "__all__" else first_field
            ) from error
        # A change of the stipend or of what it depends on must respect the minimum; the
        # sending to the signatures checks it in any case.
        problem = stipend_problem(locked) if set(changes) & STIPEND_FIELDS else ""
        if problem:
            raise AgreementError(problem, field="stipend_monthly")
        locked.save()
        if canonical_text(locked) != before:
            audit_record(
                actor=actor,
                action="agreement.update",
                obj=locked,
                changes={"fields": sorted(changes)},
            )
    return locked


# ---------------------------------------------------------------- stipend rule


def min_hourly_stipend() -> Decimal:
    return Decimal(str(settings.INTERNSHIP_MIN_HOURLY_STIPEND))


def monthly_hours(weekly_hours: Decimal) -> Decimal:
    return (weekly_hours * WEEKS_PER_MONTH).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def stipend_is_due(
    *, starts_on: date | None, ends_on: date | None, total_hours: Decimal | None
) -> bool:
    """Over two months of presence: more than 308 hours, or dates more than two months apart."""
    if total_hours is not None and total_hours > STIPEND_DUE_ABOVE_HOURS:
        return True
    if starts_on and ends_on:
        month_index = starts_on.month - 1 + 2
        year, month = starts_on.year + month_index // 12, month_index % 12 + 1
        try:
            two_months_on = starts_on.replace(year=year, month=month)
        except ValueError:
            two_months_on = date(year, month, 28)
        return ends_on >= two_months_on
    return False


def minimum_monthly_stipend(weekly_hours: Decimal) -> Decimal:
    return (min_hourly_stipend() * monthly_hours(weekly_hours)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def stipend_problem_for(
    *,
    kind: str,
    starts_on: date | None,
    ends_on: date | None,
    total_hours: Decimal | None,
    weekly_hours: Decimal | None,
    stipend_monthly: Decimal | None,
) -> str:
    """Why the stipend is below the legal minimum, in French; "" when it is not."""
    if kind != PlacementKind.INTERNSHIP or not weekly_hours:
        return ""
    if not stipend_is_due(starts_on=starts_on, ends_on=ends_on, total_hours=total_hours):
        return ""
    minimum = minimum_monthly_stipend(weekly_hours)
    if stipend_monthly is not None and stipend_monthly >= minimum:
        return ""
    return _(
        "Un stage de plus de deux mois est obligatoirement gratifié : au moins %(minimum)s € "
        "par mois pour %(hours)s heures par mois (%(rate)s € de l'heure — %(source)s)."
    ) % {
        "minimum": f"{minimum:.2f}".replace(".", ","),
        "hours": f"{monthly_hours(weekly_hours):.2f}".replace(".", ","),
        "rate": f"{min_hourly_stipend():.2f}".replace(".", ","),
        "source": settings.INTERNSHIP_MIN_HOURLY_STIPEND_SOURCE,
    }


def stipend_problem(agreement: Agreement) -> str:
    return stipend_problem_for(
        kind=agreement.kind,
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
        total_hours=agreement.total_hours,
        weekly_hours=agreement.weekly_hours,
        stipend_monthly=agreement.stipend_monthly,
    )


# ---------------------------------------------------------------- what the law asks for

COMMON_REQUIRED = (
    "school",
    "title",
    "activities",
    "weekly_hours",
    "tutor_name",
    "tutor_position",
    "tutor_email",
    "teacher_name",
    "teacher_email",
)
INTERNSHIP_REQUIRED = (
    "competences",
    "total_hours",
    "schedule",
    "tutor_phone",
    "stipend_terms",
    "leave_terms",
)
CONTRACT_REQUIRED = (
    "employer_siret",
    "employer_naf",
    "employer_headcount",
    "apprentice_last_name",
    "apprentice_first_names",
    "apprentice_birth_date",
    "master_name",
    "master_birth_date",
    "master_position",
    "master_diploma",
    "diploma_title",
    "diploma_rncp",
    "cfa_name",
    "cfa_siret",
    "cfa_uai",
    "salary_by_year",
)


def missing_fields(agreement: Agreement) -> list[str]:
    """The labels of the legal fields still empty."""
    names = COMMON_REQUIRED + (CONTRACT_REQUIRED if agreement.is_contract else INTERNSHIP_REQUIRED)
    missing = []
    for name in names:
        value = getattr(agreement, name if name != "school" else "school_id")
        if value in (None, "", []):
            field = Agreement._meta.get_field(name)
            missing.append(str(getattr(field, "verbose_name", name)))
    return missing


# ---------------------------------------------------------------- canonical text and hash


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value).replace("\r\n", "\n")


def canonical_text(agreement: Agreement) -> str:
    """A stable rendering of every field of the agreement, one `name: value` per line.

    What a signature's hash covers: the parties, the kind, the dates and each legal field. The
    names are the code's (they do not change with a translation); values are ISO dates,
    normalised decimals and sorted JSON, so the same agreement always gives the same text.
    """
    learner = agreement.learner
    school = agreement.school
    lines = [
        ("agreement", str(agreement.pk)),
        ("application", str(agreement.application_id)),
        ("kind", agreement.kind),
        ("learner", f"{learner.get_full_name()} <{learner.email}>"),
        ("company", f"{agreement.company.name} ({agreement.company.siret or ''})"),
        ("school", f"{school.name} ({school.siret or ''})" if school else ""),
        ("starts_on", _text(agreement.starts_on)),
        ("ends_on", _text(agreement.ends_on)),
    ]
    lines += [(name, _text(getattr(agreement, name))) for name in EDITABLE_FIELDS[3:]]
    return "\n".join(f"{name}: {value}".replace("\n", "\n  ") for name, value in lines) + "\n"


def agreement_hash(agreement: Agreement) -> str:
    return hashlib.sha256(canonical_text(agreement).encode()).hexdigest()


def signature_is_valid(signature: AgreementSignature, current_hash: str | None = None) -> bool:
    """Does the signed text still match the agreement's current text?"""
    if signature.voided_at is not None:
        return False
    return signature.text_hash == (current_hash or agreement_hash(signature.agreement))


def live_signatures(agreement: Agreement) -> list[AgreementSignature]:
    return [s for s in agreement.signatures.all() if s.voided_at is None]


# ---------------------------------------------------------------- links


def _link_url(raw_token: str) -> str:
    return settings.SITE_URL + reverse("partnerships:agreement_link", kwargs={"token": raw_token})


def _party_email(agreement: Agreement, party: str) -> str:
    if party == Party.LEARNER:
        return agreement.learner.email
    if party == Party.COMPANY:
        return agreement.tutor_email
    return agreement.teacher_email


def agreement_link_issue(agreement: Agreement, *, purpose: str, party: str, email: str = "") -> str:
    """A new link (its raw token, for the e-mail); the previous unused links of the same
    purpose and party stop working. Called in the transaction that sends the e-mail."""
    email = email or _party_email(agreement, party)
    now = timezone.now()
    AgreementLink.objects.filter(
        agreement=agreement,
        purpose=purpose,
        party=party,
        used_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    raw = secrets.token_urlsafe(32)
    AgreementLink.objects.create(
        agreement=agreement,
        purpose=purpose,
        party=party,
        email=email,
        token_hash=hash_token(raw),
        expires_at=now + LINK_VALIDITY,
    )
    return raw


def _revoke_links(agreement: Agreement, purpose: str) -> None:
    AgreementLink.objects.filter(
        agreement=agreement, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


class LinkState:
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


@dataclass(frozen=True)
class LinkLookup:
    state: str
    link: AgreementLink | None = None

    @property
    def ok(self) -> bool:
        return self.state == LinkState.OK


def link_lookup(raw_token: str, *, now: datetime | None = None) -> LinkLookup:
    """The link an e-mailed token opens, and whether it still works."""
    if not raw_token:
        return LinkLookup(LinkState.UNKNOWN)
    link = (
        AgreementLink.objects.select_related(
            "agreement__learner", "agreement__company", "agreement__school"
        )
        .filter(token_hash=hash_token(raw_token))
        .first()
    )
    if link is None:
        return LinkLookup(LinkState.UNKNOWN)
    if link.used_at is not None:
        return LinkLookup(LinkState.USED, link)
    if link.revoked_at is not None:
        return LinkLookup(LinkState.REVOKED, link)
    if link.expires_at <= (now or timezone.now()):
        return LinkLookup(LinkState.EXPIRED, link)
    return LinkLookup(LinkState.OK, link)


def _check_link(link: AgreementLink, purposes: Iterable[str]) -> AgreementLink:
    locked = AgreementLink.objects.select_for_update().get(pk=link.pk)
    if locked.purpose not in purposes:
        raise AgreementError(_("Ce lien ne sert pas à cela."))
    if locked.used_at is not None:
        raise AgreementError(_("Ce lien a déjà servi."))
    if locked.revoked_at is not None:
        raise AgreementError(_("Ce lien a été remplacé par un lien plus récent."))
    if locked.expires_at <= timezone.now():
        raise AgreementError(_("Ce lien a expiré : demandez-en un nouveau à l'entreprise."))
    return locked


def _send_sign_links(agreement: Agreement, parties: Iterable[str]) -> None:
    for party in parties:
        email = _party_email(agreement, party)
        raw = agreement_link_issue(agreement, purpose=Purpose.SIGN, party=party, email=email)
        notify_by_email(
            to=[email],
            subject=_("Convention à signer : %(title)s") % {"title": agreement.title},
            template="partnerships/agreements/emails/sign.txt",
            context={
                "agreement": agreement,
                "party": Party(party).label,
                "link": _link_url(raw),
                "days": LINK_VALIDITY.days,
            },
        )


def _notify_parties(agreement: Agreement, *, subject: str, template: str, **extra: Any) -> None:
    emails = sorted({_party_email(agreement, p) for p in PARTIES} - {""})
    notify_by_email(
        to=emails,
        subject=subject,
        template=template,
        context={"agreement": agreement, "url": agreement_url(agreement), **extra},
    )


def agreement_url(agreement: Agreement) -> str:
    return settings.SITE_URL + reverse("partnerships:agreement_detail", kwargs={"pk": agreement.pk})


# ---------------------------------------------------------------- transitions


def agreement_submit(*, actor: Actor, agreement: Agreement) -> Agreement:
    """draft → ready to sign: every legal field is filled; each party gets its signature link."""
    if not can_edit_agreement(actor, agreement):
        raise AgreementError(_("Seule l'entreprise d'accueil envoie la convention à signer."))
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status != Status.DRAFT:
            raise _state_error(locked, _("l'envoyer à la signature"))
        missing = missing_fields(locked)
        if missing:
            raise AgreementError(
                _("Complétez d'abord la convention. Champs manquants : %(fields)s.")
                % {"fields": ", ".join(missing)}
            )
        problem = stipend_problem(locked)
        if problem:
            raise AgreementError(problem, field="stipend_monthly")
        locked.status = Status.READY_TO_SIGN
        locked.ready_at = timezone.now()
        locked.draft_reason = ""
        locked.save(update_fields=["status", "ready_at", "draft_reason", "updated_at"])
        _send_sign_links(locked, PARTIES)
        audit_record(actor=actor, action="agreement.submit", obj=locked)
    return locked


def agreement_resend_links(*, actor: Actor, agreement: Agreement) -> int:
    """New signature links for the parties that have not signed; the older ones stop working."""
    if not can_edit_agreement(actor, agreement):
        raise AgreementError(_("Seule l'entreprise d'accueil renvoie les liens de signature."))
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status not in (Status.READY_TO_SIGN, Status.PARTLY_SIGNED):
            raise _state_error(locked, _("renvoyer les liens de signature"))
        signed = {s.party for s in live_signatures(locked)}
        parties = [p for p in PARTIES if p not in signed]
        _send_sign_links(locked, parties)
        audit_record(actor=actor, action="agreement.resend_links", obj=locked)
    return len(parties)


def agreement_sign(
    *,
    agreement: Agreement,
    signer_name: str,
    signer_role: str,
    link: AgreementLink | None = None,
    actor: Actor | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    now: datetime | None = None,
) -> AgreementSignature:
    """One party signs, through its e-mailed link or, for the learner, from their account.

    ready to sign → partly signed → signed (the third signature). The signature keeps the hash
    of the canonical text as it is now.
    """
    signer_name, signer_role = signer_name.strip(), signer_role.strip()
    if not signer_name:
        raise AgreementError(_("Tapez votre nom et prénom pour signer."), field="signer_name")
    if not signer_role:
        raise AgreementError(_("Indiquez à quel titre vous signez."), field="signer_role")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(agreement)
        if link is not None:
            checked = _check_link(link, [Purpose.SIGN])
            if checked.agreement_id != locked.pk:
                raise AgreementError(_("Ce lien ne concerne pas cette convention."))
            party: str | None = checked.party
        else:
            party = party_of(actor, locked) if actor is not None else None
            if party != Party.LEARNER:
                raise AgreementError(
                    _("L'entreprise et l'école signent par le lien reçu par e-mail.")
                )
        assert party is not None
        if locked.status not in (Status.READY_TO_SIGN, Status.PARTLY_SIGNED):
            raise _state_error(locked, _("signer"))
        if locked.signatures.filter(party=party, voided_at__isnull=True).exists():
            raise AgreementError(_("Cette partie a déjà signé la convention."))
        signature = AgreementSignature.objects.create(
            agreement=locked,
            party=party,
            signer_name=signer_name[:200],
            signer_role=signer_role[:200],
            signer=actor.user if actor is not None else None,
            signed_at=now,
            ip_address=ip_address or None,
            user_agent=user_agent[:300],
            text_hash=agreement_hash(locked),
        )
        if link is not None:
            AgreementLink.objects.filter(pk=link.pk).update(used_at=now)
        else:
            # The learner signed from the account: their e-mailed link is no longer needed.
            AgreementLink.objects.filter(
                agreement=locked, purpose=Purpose.SIGN, party=party, used_at__isnull=True
            ).update(revoked_at=now)
        signed = locked.signatures.filter(voided_at__isnull=True).count()
        if signed >= len(PARTIES):
            locked.status = Status.SIGNED
            locked.signed_at = now
        else:
            locked.status = Status.PARTLY_SIGNED
        locked.save(update_fields=["status", "signed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="agreement.sign",
            obj=locked,
            changes={"party": party, "hash": signature.text_hash},
        )
        if locked.status == Status.SIGNED:
            _notify_parties(
                locked,
                subject=_("Convention signée par les trois parties : %(t)s") % {"t": locked.title},
                template="partnerships/agreements/emails/signed.txt",
            )
    agreement.status = locked.status
    return signature


def agreement_back_to_draft(
    *,
    agreement: Agreement,
    reason: str,
    actor: Actor | None = None,
    link: AgreementLink | None = None,
) -> Agreement:
    """A party asks for a change: back to draft, every signature is voided, links stop working."""
    reason = reason.strip()
    if not reason:
        raise AgreementError(_("Dites ce qui doit changer dans la convention."), field="reason")
    with transaction.atomic():
        locked = _locked(agreement)
        if link is not None:
            checked = _check_link(link, [Purpose.SIGN])
            if checked.agreement_id != locked.pk:
                raise AgreementError(_("Ce lien ne concerne pas cette convention."))
            party: str | None = checked.party
        else:
            party = party_of(actor, locked) if actor is not None else None
            if party is None:
                raise AgreementError(_("Seules les trois parties demandent une modification."))
        if locked.status not in (Status.READY_TO_SIGN, Status.PARTLY_SIGNED, Status.SIGNED):
            raise _state_error(locked, _("revenir au brouillon"))
        now = timezone.now()
        voided = locked.signatures.filter(voided_at__isnull=True).update(voided_at=now)
        _revoke_links(locked, Purpose.SIGN)
        locked.status = Status.DRAFT
        locked.signed_at = None
        locked.ready_at = None
        locked.draft_reason = reason[:2000]
        locked.save(update_fields=["status", "signed_at", "ready_at", "draft_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="agreement.back_to_draft",
            obj=locked,
            changes={"party": party, "voided_signatures": voided},
        )
        _notify_parties(
            locked,
            subject=_("Modification demandée : %(t)s") % {"t": locked.title},
            template="partnerships/agreements/emails/back_to_draft.txt",
            reason=reason,
            party=Party(party).label if party else "",
        )
    return locked


def agreements_activate_due(*, today: date | None = None) -> int:
    """signed → active from the start date (Martinique's day); each sends `agreement_activated`
    after commit."""
    today = today or timezone.localdate()
    count = 0
    due = Agreement.objects.filter(status=Status.SIGNED, starts_on__lte=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().filter(pk=pk).first()
            if locked is not None and locked.status == Status.SIGNED:
                locked.status = Status.ACTIVE
                locked.activated_at = timezone.now()
                locked.save(update_fields=["status", "activated_at", "updated_at"])
                audit_record(actor=None, action="agreement.activate", obj=locked)
                transaction.on_commit(
                    partial(agreement_activated.send, sender=Agreement, instance=locked, actor=None)
                )
                count += 1
    return count


def agreement_end(*, actor: Actor | None, agreement: Agreement) -> Agreement:
    """active → ended (by the company, or by the daily task after the end date); the tutor gets
    the final evaluation's link."""
    if actor is not None and not can_edit_agreement(actor, agreement):
        raise AgreementError(_("Seule l'entreprise d'accueil clôt la convention."))
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status != Status.ACTIVE:
            raise _state_error(locked, _("la clore"))
        locked.status = Status.ENDED
        locked.ended_at = timezone.now()
        locked.save(update_fields=["status", "ended_at", "updated_at"])
        audit_record(actor=actor, action="agreement.end", obj=locked)
        if (
            locked.tutor_email
            and not locked.evaluations.filter(kind=AgreementEvaluation.Kind.FINAL).exists()
        ):
            _send_evaluation_link(locked, AgreementEvaluation.Kind.FINAL)
    return locked


def agreement_break_off(*, actor: Actor, agreement: Agreement, on: date, reason: str) -> Agreement:
    """signed or active → broken off, with its date and reason."""
    if not can_break_off(actor, agreement):
        raise AgreementError(_("Seules l'entreprise et l'école déclarent une rupture."))
    reason = reason.strip()
    if not reason:
        raise AgreementError(_("Indiquez le motif de la rupture."), field="reason")
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status not in (Status.SIGNED, Status.ACTIVE):
            raise _state_error(locked, _("la rompre"))
        if on > locked.ends_on:
            raise AgreementError(
                _("La date de rupture ne peut pas dépasser la date de fin (%(d)s).")
                % {"d": date_format(locked.ends_on, "d/m/Y")},
                field="on",
            )
        if locked.status == Status.ACTIVE and on < locked.starts_on:
            raise AgreementError(
                _("La date de rupture ne peut pas précéder le début (%(d)s).")
                % {"d": date_format(locked.starts_on, "d/m/Y")},
                field="on",
            )
        locked.status = Status.BROKEN_OFF
        locked.broken_off_on = on
        locked.break_reason = reason[:2000]
        locked.save(update_fields=["status", "broken_off_on", "break_reason", "updated_at"])
        _revoke_links(locked, Purpose.MID_EVALUATION)
        audit_record(actor=actor, action="agreement.break_off", obj=locked, changes={"on": str(on)})
        _notify_parties(
            locked,
            subject=_("Rupture de la convention : %(t)s") % {"t": locked.title},
            template="partnerships/agreements/emails/broken_off.txt",
            reason=reason,
        )
    return locked


# ---------------------------------------------------------------- evaluations

EVALUATION_PURPOSE = {
    AgreementEvaluation.Kind.MID: Purpose.MID_EVALUATION,
    AgreementEvaluation.Kind.FINAL: Purpose.FINAL_EVALUATION,
}
EVALUATION_KIND = {purpose: kind for kind, purpose in EVALUATION_PURPOSE.items()}


def _send_evaluation_link(agreement: Agreement, kind: str) -> None:
    raw = agreement_link_issue(
        agreement,
        purpose=EVALUATION_PURPOSE[AgreementEvaluation.Kind(kind)],
        party=Party.COMPANY,
        email=agreement.tutor_email,
    )
    notify_by_email(
        to=[agreement.tutor_email],
        subject=_("Évaluation %(kind)s de %(name)s")
        % {
            "kind": AgreementEvaluation.Kind(kind).label.lower(),
            "name": agreement.learner_display_name,
        },
        template="partnerships/agreements/emails/evaluation.txt",
        context={
            "agreement": agreement,
            "kind": AgreementEvaluation.Kind(kind).label.lower(),
            "link": _link_url(raw),
            "days": LINK_VALIDITY.days,
        },
    )


def evaluation_send_link(*, actor: Actor, agreement: Agreement, kind: str) -> None:
    """The company sends (again) the tutor's evaluation link."""
    if not can_edit_agreement(actor, agreement):
        raise AgreementError(_("Seule l'entreprise d'accueil envoie le lien d'évaluation."))
    if kind not in AgreementEvaluation.Kind.values:
        raise AgreementError(_("Moment d'évaluation inconnu."))
    allowed = (
        (Status.ACTIVE,)
        if kind == AgreementEvaluation.Kind.MID
        else (Status.ACTIVE, Status.ENDED, Status.BROKEN_OFF)
    )
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status not in allowed:
            raise _state_error(locked, _("envoyer ce lien d'évaluation"))
        if locked.evaluations.filter(kind=kind).exists():
            raise AgreementError(_("Cette évaluation est déjà remplie."))
        if not locked.tutor_email:
            raise AgreementError(_("Indiquez d'abord l'e-mail du tuteur."))
        _send_evaluation_link(locked, kind)
        audit_record(
            actor=actor, action="agreement.evaluation_link", obj=locked, changes={"kind": kind}
        )


def evaluation_record(
    *,
    link: AgreementLink,
    evaluator_name: str,
    assessment: str,
    competences_assessment: str = "",
    attendance: str = "",
    job_offer: str = "",
) -> AgreementEvaluation:
    """The tutor's evaluation through the e-mailed link; the final one says how the placement
    went (completed, partly, did not show) and whether a job was offered."""
    if not evaluator_name.strip():
        raise AgreementError(_("Tapez votre nom."), field="evaluator_name")
    if not assessment.strip():
        raise AgreementError(_("Écrivez votre appréciation."), field="assessment")
    with transaction.atomic():
        checked = _check_link(link, [Purpose.MID_EVALUATION, Purpose.FINAL_EVALUATION])
        kind = EVALUATION_KIND[AgreementLink.Purpose(checked.purpose)]
        if kind == AgreementEvaluation.Kind.FINAL:
            if attendance not in Attendance.values:
                raise AgreementError(_("Dites si le stage a été effectué."), field="attendance")
            if job_offer not in JobOffer.values:
                raise AgreementError(_("Dites si une embauche a été proposée."), field="job_offer")
        else:
            attendance, job_offer = "", ""
        agreement = _locked(checked.agreement)
        if agreement.evaluations.filter(kind=kind).exists():
            raise AgreementError(_("Cette évaluation est déjà remplie."))
        evaluation = AgreementEvaluation.objects.create(
            agreement=agreement,
            kind=kind,
            evaluator_name=evaluator_name.strip()[:200],
            assessment=assessment.strip()[:2000],
            competences_assessment=competences_assessment.strip()[:2000],
            attendance=attendance,
            job_offer=job_offer,
        )
        AgreementLink.objects.filter(pk=checked.pk).update(used_at=timezone.now())
        audit_record(
            actor=None, action="agreement.evaluation", obj=agreement, changes={"kind": kind}
        )
    return evaluation


def midpoint(agreement: Agreement) -> date:
    return agreement.starts_on + (agreement.ends_on - agreement.starts_on) / 2


@dataclass
class DailyRun:
    activated: int = 0
    ended: int = 0
    mid_evaluation_links: int = 0


def agreements_daily(*, today: date | None = None) -> DailyRun:
    """The daily work: start the signed agreements whose day has come, end the finished ones
    (the tutor gets the final evaluation), send the mid-term evaluation links."""
    today = today or timezone.localdate()
    run = DailyRun(activated=agreements_activate_due(today=today))
    for agreement in Agreement.objects.filter(status=Status.ACTIVE, ends_on__lt=today):
        agreement_end(actor=None, agreement=agreement)
        run.ended += 1
    sent_mid = AgreementLink.objects.filter(purpose=Purpose.MID_EVALUATION).values("agreement")
    mids = (
        Agreement.objects.filter(status=Status.ACTIVE)
        .exclude(tutor_email="")
        .exclude(pk__in=sent_mid)
        .exclude(evaluations__kind=AgreementEvaluation.Kind.MID)
    )
    for agreement in mids:
        if midpoint(agreement) <= today:
            with transaction.atomic():
                _send_evaluation_link(_locked(agreement), AgreementEvaluation.Kind.MID)
            run.mid_evaluation_links += 1
    return run


# ---------------------------------------------------------------- reads


def agreements_for(actor: Actor) -> Any:
    return (
        Agreement.objects.visible_to(actor)
        .select_related("learner", "company", "school")
        .order_by("-starts_on", "pk")
    )


def waiting_for_signature(actor: Actor) -> Any:
    """The agreements waiting for this actor's party to sign."""
    rows = Agreement.objects.visible_to(actor).filter(
        status__in=(Status.READY_TO_SIGN, Status.PARTLY_SIGNED)
    )
    if actor.is_company:
        party = Party.COMPANY
    elif actor.is_provider:
        party = Party.SCHOOL
    elif actor.is_person:
        party = Party.LEARNER
    else:
        return rows
    signed = AgreementSignature.objects.filter(party=party, voided_at__isnull=True)
    return rows.exclude(pk__in=signed.values("agreement"))


def accepted_without_agreement(actor: Actor) -> Any:
    """The company's accepted applications that have no agreement yet."""
    if not actor.is_company:
        return Application.objects.none()
    return (
        Application.objects.filter(
            offer__company_id=actor.organisation_id,
            status=Application.Status.ACCEPTED,
            agreement__isnull=True,
            offer__kind__in=PLACEMENT_KINDS,
        )
        .select_related("offer", "learner")
        .order_by("-decided_at", "pk")
    )


# ---------------------------------------------------------------- PDF and CERFA exports


def agreement_html(agreement: Agreement) -> str:
    current = agreement_hash(agreement)
    signatures = [
        (s, signature_is_valid(s, current)) for s in agreement.signatures.all() if not s.voided_at
    ]
    return render_to_string(
        "partnerships/agreements/pdf.html",
        {
            "agreement": agreement,
            "signatures": signatures,
            "hash": current,
            "evaluations": list(agreement.evaluations.all()),
            "stipend_source": settings.INTERNSHIP_MIN_HOURLY_STIPEND_SOURCE,
            "min_hourly": min_hourly_stipend(),
        },
    )


def agreement_pdf(agreement: Agreement) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf = HTML(string=agreement_html(agreement), base_url=settings.SITE_URL).write_pdf()
    assert pdf is not None
    return bytes(pdf)


# (JSON key, rubric of CERFA FA 13 n° 10103, attribute or callable)
CERFA_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("employeur.denomination", "Employeur — Nom et prénom ou dénomination", "company_name"),
    (
        "employeur.siret",
        "Employeur — N° SIRET de l'établissement d'exécution du contrat",
        "employer_siret",
    ),
    ("employeur.naf", "Employeur — Code activité de l'entreprise (NAF)", "employer_naf"),
    ("employeur.effectif", "Employeur — Effectif salarié de l'entreprise", "employer_headcount"),
    ("apprenti.nom", "Apprenti(e) — Nom de naissance", "apprentice_last_name"),
    ("apprenti.prenoms", "Apprenti(e) — Prénoms", "apprentice_first_names"),
    ("apprenti.date_naissance", "Apprenti(e) — Date de naissance", "apprentice_birth_date"),
    ("apprenti.courriel", "Apprenti(e) — Courriel", "learner_email"),
    ("maitre1.nom", "Maître d'apprentissage n° 1 — Nom et prénom", "master_name"),
    (
        "maitre1.date_naissance",
        "Maître d'apprentissage n° 1 — Date de naissance",
        "master_birth_date",
    ),
    ("maitre1.emploi", "Maître d'apprentissage n° 1 — Emploi occupé", "master_position"),
    (
        "maitre1.diplome",
        "Maître d'apprentissage n° 1 — Diplôme ou titre le plus élevé obtenu",
        "master_diploma",
    ),
    ("maitre2.nom", "Maître d'apprentissage n° 2 — Nom et prénom", "master2_name"),
    (
        "maitre2.date_naissance",
        "Maître d'apprentissage n° 2 — Date de naissance",
        "master2_birth_date",
    ),
    ("maitre2.emploi", "Maître d'apprentissage n° 2 — Emploi occupé", "master2_position"),
    (
        "maitre2.diplome",
        "Maître d'apprentissage n° 2 — Diplôme ou titre le plus élevé obtenu",
        "master2_diploma",
    ),
    ("contrat.type", "Contrat — Type de contrat", "kind_label"),
    ("contrat.date_debut", "Contrat — Date de début d'exécution du contrat", "starts_on"),
    ("contrat.date_fin", "Contrat — Date de fin du contrat", "ends_on"),
    (
        "contrat.duree_hebdomadaire",
        "Contrat — Durée hebdomadaire du travail (heures)",
        "weekly_hours",
    ),
    ("formation.diplome", "Formation — Diplôme ou titre visé", "diploma_title"),
    ("formation.rncp", "Formation — Code RNCP", "diploma_rncp"),
    ("formation.cfa_denomination", "CFA — Dénomination du CFA responsable", "cfa_name"),
    ("formation.cfa_siret", "CFA — N° SIRET du CFA", "cfa_siret"),
    ("formation.cfa_uai", "CFA — N° UAI du CFA", "cfa_uai"),
)


def _cerfa_value(agreement: Agreement, attribute: str) -> Any:
    if attribute == "company_name":
        return agreement.company.name
    if attribute == "learner_email":
        return agreement.learner.email
    if attribute == "kind_label":
        return str(agreement.get_kind_display())
    return getattr(agreement, attribute)


def salary_rows(agreement: Agreement) -> list[tuple[str, str, str]]:
    """(JSON key, rubric, value) of each year's gross salary: "% du SMIC" or an amount."""
    rows = []
    for entry in sorted(agreement.salary_by_year or [], key=lambda e: int(e.get("year", 0))):
        year = int(entry.get("year", 0))
        percent = str(entry.get("smic_percent") or "")
        amount = str(entry.get("yearly_amount") or "")
        rows.append(
            (
                f"remuneration.annee{year}",
                f"Rémunération — {year}{'re' if year == 1 else 'e'} année",
                f"{percent} % du SMIC"
                if percent
                else (f"{amount} € brut par an" if amount else ""),
            )
        )
    return rows


def cerfa_rows(agreement: Agreement) -> list[tuple[str, str, Any]]:
    rows: list[tuple[str, str, Any]] = [
        (key, label, _cerfa_value(agreement, attribute)) for key, label, attribute in CERFA_FIELDS
    ]
    rows += salary_rows(agreement)
    return rows


def cerfa_json(agreement: Agreement) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value

    return {
        "cerfa": "FA 13 n° 10103",
        "convention": agreement.pk,
        "champs": {key: plain(value) for key, _label, value in cerfa_rows(agreement)},
        "libelles": {key: label for key, label, _value in cerfa_rows(agreement)},
    }


def cerfa_xlsx(agreement: Agreement) -> bytes:
    rows: list[list[Any]] = [["Champ", "Rubrique du CERFA FA 13", "Valeur"]]
    rows += [[key, label, value] for key, label, value in cerfa_rows(agreement)]
    return xlsx_bytes([("CERFA FA 13", rows)])
