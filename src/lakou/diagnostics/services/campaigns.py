"""Campaign services: create, edit, open, close, invite the registry's companies, remind them.

Also the read that the campaign pages show: live response rates per commune and per EPCI; and the
worker's tasks that send one campaign's invitations and reminders.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.diagnostics.models import (
    Audience,
    Campaign,
    Invitation,
    QuestionnaireVersion,
    Response,
)
from lakou.territory.models import Commune, Epci

REMINDER_DELAY = timedelta(days=7)


class CampaignError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _require_federation(actor: Actor) -> None:
    if not actor.is_federation:
        raise PermissionDenied("Seule l'équipe de la fédération gère les campagnes.")


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise CampaignError("La date de fin doit suivre la date de début.")


def campaign_create(
    *,
    actor: Actor,
    title: str,
    version: QuestionnaireVersion,
    starts_on: date,
    ends_on: date,
    audience: str = "",
    epcis: Iterable[Epci] = (),
    communes: Iterable[Commune] = (),
    relaying_epcis: Iterable[Epci] = (),
) -> Campaign:
    """A draft campaign owned by the actor's federation; its audience defaults to the questionnaire's."""
    _require_federation(actor)
    _check_dates(starts_on, ends_on)
    assert actor.organisation is not None
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            version=version,
            audience=audience or version.questionnaire.audience,
            starts_on=starts_on,
            ends_on=ends_on,
            owner=actor.organisation,
        )
        campaign.epcis.set(list(epcis))
        campaign.communes.set(list(communes))
        campaign.relaying_epcis.set(list(relaying_epcis))
        audit_record(actor=actor, action="campaign.create", obj=campaign)
    return campaign


def campaign_update(
    *,
    actor: Actor,
    campaign: Campaign,
    title: str,
    version: QuestionnaireVersion,
    starts_on: date,
    ends_on: date,
    audience: str = "",
    epcis: Iterable[Epci] = (),
    communes: Iterable[Commune] = (),
    relaying_epcis: Iterable[Epci] = (),
) -> Campaign:
    """Change a campaign; once it has responses its questionnaire and audience stay as they are."""
    _require_federation(actor)
    _check_dates(starts_on, ends_on)
    audience = audience or version.questionnaire.audience
    with transaction.atomic():
        has_responses = campaign.responses.exists()
        if has_responses and (version.pk != campaign.version_id or audience != campaign.audience):
            raise CampaignError(
                "La campagne a déjà des réponses : son questionnaire et son public ne changent plus."
            )
        before = {
            "title": campaign.title,
            "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(),
        }
        campaign.title = title
        campaign.version = version
        campaign.audience = audience
        campaign.starts_on = starts_on
        campaign.ends_on = ends_on
        campaign.save()
        campaign.epcis.set(list(epcis))
        campaign.communes.set(list(communes))
        campaign.relaying_epcis.set(list(relaying_epcis))
        audit_record(actor=actor, action="campaign.update", obj=campaign, changes=before)
    return campaign


def _transition(actor: Actor, campaign: Campaign, *, to: str, allowed_from: set[str]) -> Campaign:
    _require_federation(actor)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status not in allowed_from:
            status = locked.get_status_display().lower()
            raise CampaignError(f"La campagne est déjà {status}.")
        Campaign.objects.filter(pk=campaign.pk).update(status=to)
        campaign.status = to
        audit_record(
            actor=actor,
            action=f"campaign.{'open' if to == Campaign.Status.OPEN else 'close'}",
            obj=campaign,
            changes={"from": locked.status, "to": to},
        )
    return campaign


def campaign_open(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Open a draft campaign, or reopen a closed one."""
    return _transition(
        actor,
        campaign,
        to=Campaign.Status.OPEN,
        allowed_from={Campaign.Status.DRAFT, Campaign.Status.CLOSED},
    )


def campaign_close(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _transition(
        actor, campaign, to=Campaign.Status.CLOSED, allowed_from={Campaign.Status.OPEN}
    )


# ---------------------------------------------------------------- territory and rates


def campaign_communes(campaign: Campaign) -> QuerySet[Commune]:
    """The communes a campaign covers: its communes and those of its EPCI, or all when both are empty."""
    epci_ids = list(campaign.epcis.values_list("pk", flat=True))
    commune_ids = list(campaign.communes.values_list("pk", flat=True))
    communes = Commune.objects.with_epci()
    if not epci_ids and not commune_ids:
        return communes
    return communes.filter(Q(epci__in=epci_ids) | Q(pk__in=commune_ids))


def campaign_companies(campaign: Campaign) -> QuerySet[Organisation]:
    """The registry's open companies located in the campaign's territory."""
    return (
        Organisation.objects.companies()
        .filter(is_closed=False, commune__in=campaign_communes(campaign))
        .order_by()
    )


def campaign_scope_codes(campaign: Campaign, actor: Actor) -> list[str]:
    """The INSEE codes the actor may see rates for: the campaign's, cut to their EPCI for EPCI staff."""
    communes = campaign_communes(campaign)
    if not actor.is_federation:
        epci_id = actor.organisation.epci_id if actor.organisation is not None else None
        if epci_id is None:
            return []
        communes = communes.filter(epci_id=epci_id)
    return list(communes.values_list("insee_code", flat=True))


@dataclass(frozen=True)
class RateRow:
    code: str
    name: str
    submitted: int
    # Registry companies (company campaigns) or residents (public campaigns); None when unknown.
    base: int | None
    factor: Decimal = Decimal(100)

    @property
    def rate(self) -> Decimal | None:
        """Percent of companies, or responses per 1,000 residents."""
        if not self.base:
            return None
        return (Decimal(self.submitted) / Decimal(self.base) * self.factor).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class CampaignRates:
    communes: list[RateRow]
    epcis: list[RateRow]
    total: RateRow
    is_public: bool

    def map_values(self) -> dict[str, Decimal | None]:
        return {row.code: row.rate for row in self.communes}


def campaign_rates(campaign: Campaign, scope_codes: Collection[str]) -> CampaignRates:
    """Submitted responses per commune and EPCI, over registry companies or per 1,000 residents.

    Three aggregate queries whatever the number of responses.
    """
    is_public = campaign.audience == Audience.PUBLIC
    factor = Decimal(1000) if is_public else Decimal(100)
    communes = list(Commune.objects.with_epci().filter(insee_code__in=scope_codes).order_by("name"))
    submitted = Response.objects.filter(campaign=campaign, status=Response.Status.SUBMITTED)
    if is_public:
        counts = dict(
            submitted.filter(commune__insee_code__in=scope_codes)
            .values_list("commune__insee_code")
            .annotate(n=Count("pk"))
            .order_by()
        )
        bases: dict[str, int | None] = {c.insee_code: c.population for c in communes}
    else:
        counts = dict(
            submitted.filter(company__commune__insee_code__in=scope_codes)
            .values_list("company__commune__insee_code")
            .annotate(n=Count("pk"))
            .order_by()
        )
        registry = dict(
            campaign_companies(campaign)
            .filter(commune__insee_code__in=scope_codes)
            .values_list("commune__insee_code")
            .annotate(n=Count("pk"))
            .order_by()
        )
        bases = {c.insee_code: registry.get(c.insee_code, 0) for c in communes}
    rows = [
        RateRow(
            code=c.insee_code,
            name=c.name,
            submitted=counts.get(c.insee_code, 0),
            base=bases[c.insee_code],
            factor=factor,
        )
        for c in communes
    ]
    by_epci: dict[int, list[tuple[Commune, RateRow]]] = {}
    for commune, row in zip(communes, rows, strict=True):
        by_epci.setdefault(commune.epci_id, []).append((commune, row))
    epci_rows = [
        _sum_rows(
            pairs[0][0].epci.siren, pairs[0][0].epci.short_name, [r for _c, r in pairs], factor
        )
        for pairs in sorted(by_epci.values(), key=lambda p: p[0][0].epci.short_name)
    ]
    total = _sum_rows("", "Ensemble", rows, factor)
    return CampaignRates(communes=rows, epcis=epci_rows, total=total, is_public=is_public)


def _sum_rows(code: str, name: str, rows: list[RateRow], factor: Decimal) -> RateRow:
    # A population unknown for one commune makes the sum unknown rather than too small.
    bases = [row.base for row in rows]
    base = None if any(b is None for b in bases) else sum(b for b in bases if b is not None)
    return RateRow(
        code=code,
        name=name,
        submitted=sum(row.submitted for row in rows),
        base=base,
        factor=factor,
    )


# ---------------------------------------------------------------- invitations and reminders


@dataclass(frozen=True)
class InvitationCounts:
    """The registry's open companies in a campaign's territory, by what an invitation does."""

    to_invite: int  # with an e-mail address, not invited yet (after inviting: just invited)
    already_invited: int
    without_email: int  # cannot be invited: the registry has no address for them


def campaign_invitation_counts(campaign: Campaign) -> InvitationCounts:
    """What inviting would do now, in one aggregate query (the confirmation page's figures)."""
    invited = Exists(Invitation.objects.filter(campaign=campaign, company_id=OuterRef("pk")))
    counts = campaign_companies(campaign).aggregate(
        to_invite=Count("pk", filter=~Q(invited) & ~Q(email="")),
        already_invited=Count("pk", filter=Q(invited)),
        without_email=Count("pk", filter=~Q(invited) & Q(email="")),
    )
    return InvitationCounts(**counts)


def _check_invitable(campaign: Campaign) -> None:
    if campaign.audience != Audience.COMPANIES:
        raise CampaignError("Seules les campagnes destinées aux entreprises ont des invitations.")
    if campaign.status == Campaign.Status.CLOSED:
        raise CampaignError("La campagne est close : elle n'invite plus personne.")


def campaign_check_invitable(*, actor: Actor, campaign: Campaign) -> InvitationCounts:
    """The figures of the confirmation page; refused as inviting itself would be."""
    _require_federation(actor)
    _check_invitable(campaign)
    return campaign_invitation_counts(campaign)


def campaign_invite_companies(*, actor: Actor, campaign: Campaign) -> InvitationCounts:
    """Invite the territory's registry companies that have an e-mail and are not invited yet.

    Returns how many were invited now, how many were already, how many have no address. The
    e-mails leave from the worker.
    """
    _require_federation(actor)
    _check_invitable(campaign)
    with transaction.atomic():
        counts = campaign_invitation_counts(campaign)
        already = Invitation.objects.filter(campaign=campaign).values("company_id")
        invitations = [
            Invitation(campaign=campaign, company_id=pk, email=email)
            for pk, email in campaign_companies(campaign)
            .exclude(email="")
            .exclude(pk__in=already)
            .values_list("pk", "email")
        ]
        Invitation.objects.bulk_create(invitations, ignore_conflicts=True, batch_size=1000)
        audit_record(
            actor=actor,
            action="campaign.invite",
            obj=campaign,
            changes={
                "invited": len(invitations),
                "already_invited": counts.already_invited,
                "without_email": counts.without_email,
            },
        )
        campaign_id = campaign.pk
        transaction.on_commit(lambda: send_campaign_invitations.enqueue(campaign_id=campaign_id))
    return InvitationCounts(
        to_invite=len(invitations),
        already_invited=counts.already_invited,
        without_email=counts.without_email,
    )


def _campaign_link(campaign: Campaign) -> str:
    return settings.SITE_URL + reverse(
        "diagnostics:campaign_short", kwargs={"short_code": campaign.short_code}
    )


def _email(invitation: Invitation, *, template: str, subject: str) -> None:
    context: dict[str, Any] = {
        "campaign": invitation.campaign,
        "company": invitation.company,
        "link": _campaign_link(invitation.campaign),
    }
    send_mail(f"[Lakou] {subject}", render_to_string(template, context), None, [invitation.email])


def campaign_send_invitations(*, campaign: Campaign, now: datetime | None = None) -> int:
    """Send the invitations not sent yet (run by the worker); each is claimed before it leaves."""
    now = now or timezone.now()
    sent = 0
    pending = Invitation.objects.filter(campaign=campaign, sent_at__isnull=True).select_related(
        "campaign", "company"
    )
    for invitation in pending.iterator():
        # Claiming with a conditional update means two workers never send the same e-mail.
        if Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=now):
            _email(
                invitation,
                template="diagnostics/emails/campaign_invitation.txt",
                subject=f"Diagnostic numérique : {campaign.title}",
            )
            sent += 1
    return sent


def campaign_send_reminders(*, campaign: Campaign, now: datetime) -> int:
    """Remind once the companies invited at least 7 days ago that have not sent their response."""
    if not campaign.is_open_on(timezone.localdate(now)):
        return 0
    submitted = Response.objects.filter(
        campaign=campaign, status=Response.Status.SUBMITTED, company__isnull=False
    ).values("company_id")
    due = (
        Invitation.objects.filter(
            campaign=campaign,
            sent_at__lte=now - REMINDER_DELAY,
            reminded_at__isnull=True,
        )
        .exclude(company_id__in=submitted)
        .select_related("campaign", "company")
    )
    reminded = 0
    for invitation in due.iterator():
        if Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            _email(
                invitation,
                template="diagnostics/emails/campaign_reminder.txt",
                subject=f"Rappel — diagnostic numérique : {campaign.title}",
            )
            reminded += 1
    return reminded


@task()
def send_campaign_invitations(*, campaign_id: int) -> int:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return campaign_send_invitations(campaign=campaign) if campaign else 0


@task()
def send_campaign_reminders(*, campaign_id: int) -> int:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return campaign_send_reminders(campaign=campaign, now=timezone.now()) if campaign else 0


def campaign_request_reminders(*, actor: Actor, campaign: Campaign) -> None:
    """Ask the worker to remind the companies that are due a reminder."""
    _require_federation(actor)
    audit_record(actor=actor, action="campaign.remind", obj=campaign)
    campaign_id = campaign.pk
    transaction.on_commit(lambda: send_campaign_reminders.enqueue(campaign_id=campaign_id))
