"""Reads for the homes and the public list: open campaigns, their live rate, a company's own ones.

A fixed number of aggregate queries whatever the number of responses or companies; the rates
follow `campaigns.campaign_rates` (same scope, same base, same formula) without its per-commune
rows, so that a home can show every open campaign at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.diagnostics.models import Audience, Campaign, Response
from lakou.diagnostics.services.campaigns import RateRow
from lakou.territory.models import Commune


@dataclass(frozen=True)
class CampaignProgress:
    campaign: Campaign
    # Submitted responses: all of them for the federation, those of its communes for an EPCI.
    submitted: int
    total: RateRow

    @property
    def is_public(self) -> bool:
        return self.campaign.audience == Audience.PUBLIC


def open_campaigns_with_rates(actor: Actor, *, today: date) -> list[CampaignProgress]:
    """The open campaigns the actor follows, with their response rate over the actor's scope.

    Five queries when a campaign is open (one otherwise).
    """
    campaigns = list(
        Campaign.objects.visible_to(actor)
        .open_on(today)
        .annotate(
            submitted_count=Count(
                "responses", filter=Q(responses__status=Response.Status.SUBMITTED)
            )
        )
        .order_by("ends_on", "title", "pk")
    )
    if not campaigns:
        return []
    ids = [campaign.pk for campaign in campaigns]
    epcis_of: dict[int, set[int]] = defaultdict(set)
    for campaign_id, epci_id in Campaign.epcis.through.objects.filter(
        campaign_id__in=ids
    ).values_list("campaign_id", "epci_id"):
        epcis_of[campaign_id].add(epci_id)
    communes_of: dict[int, set[int]] = defaultdict(set)
    for campaign_id, commune_id in Campaign.communes.through.objects.filter(
        campaign_id__in=ids
    ).values_list("campaign_id", "commune_id"):
        communes_of[campaign_id].add(commune_id)
    communes = list(
        Commune.objects.annotate(
            open_companies=Count(
                "organisations",
                filter=Q(
                    organisations__kind=Organisation.Kind.COMPANY,
                    organisations__is_closed=False,
                ),
            )
        ).values_list("pk", "epci_id", "population", "open_companies")
    )
    audiences = {campaign.pk: campaign.audience for campaign in campaigns}
    submitted: dict[tuple[int, int | None], int] = defaultdict(int)
    for campaign_id, commune_id, company_commune_id, n in (
        Response.objects.filter(campaign_id__in=ids, status=Response.Status.SUBMITTED)
        .values_list("campaign_id", "commune_id", "company__commune_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        # Where a response counts, as on the campaign page: the person's commune, the company's.
        place = commune_id if audiences[campaign_id] == Audience.PUBLIC else company_commune_id
        submitted[campaign_id, place] += n
    own_epci = None
    if not actor.is_federation:
        own_epci = actor.organisation.epci_id if actor.organisation is not None else None
    progress = []
    for campaign in campaigns:
        covered_epcis, covered_communes = epcis_of[campaign.pk], communes_of[campaign.pk]
        scope = [
            (pk, population, companies)
            for pk, epci_id, population, companies in communes
            if _covers(covered_epcis, covered_communes, pk, epci_id)
            and (actor.is_federation or epci_id == own_epci)
        ]
        in_scope = sum(submitted.get((campaign.pk, pk), 0) for pk, _p, _c in scope)
        is_public = campaign.audience == Audience.PUBLIC
        if is_public:
            populations = [population for _pk, population, _c in scope]
            base = None if None in populations else sum(p for p in populations if p is not None)
        else:
            base = sum(companies for _pk, _p, companies in scope)
        total = RateRow(
            code="",
            name="",
            submitted=in_scope,
            base=base,
            factor=Decimal(1000) if is_public else Decimal(100),
        )
        shown = campaign.submitted_count if actor.is_federation else in_scope
        progress.append(CampaignProgress(campaign=campaign, submitted=shown, total=total))
    return progress


def _covers(epcis: set[int], communes: set[int], commune_id: int, epci_id: int) -> bool:
    """A campaign covers its communes and those of its EPCI, or all of them when both are empty."""
    return (not epcis and not communes) or epci_id in epcis or commune_id in communes


def open_public_campaigns(*, today: date) -> list[Campaign]:
    """The questionnaires anyone may answer today, soonest closing first (one query)."""
    return list(
        Campaign.objects.open_on(today)
        .filter(audience=Audience.PUBLIC)
        .select_related("version__questionnaire")
        .order_by("ends_on", "title", "pk")
    )


@dataclass(frozen=True)
class CompanyCampaign:
    campaign: Campaign
    response_id: int | None
    response_status: str | None


def open_company_campaigns(actor: Actor, *, today: date) -> list[CompanyCampaign]:
    """The open company campaigns covering the acting company's commune, with its own response.

    One query.
    """
    organisation = actor.organisation
    if organisation is None:
        return []
    covers_all = ~Exists(
        Campaign.epcis.through.objects.filter(campaign_id=OuterRef("pk"))
    ) & ~Exists(Campaign.communes.through.objects.filter(campaign_id=OuterRef("pk")))
    commune_id = organisation.commune_id
    covers = covers_all
    if commune_id is not None:
        covers |= Exists(
            Campaign.communes.through.objects.filter(
                campaign_id=OuterRef("pk"), commune_id=commune_id
            )
        ) | Exists(
            Campaign.epcis.through.objects.filter(
                campaign_id=OuterRef("pk"), epci__communes=commune_id
            )
        )
    own = Response.objects.filter(campaign_id=OuterRef("pk"), company_id=organisation.pk)
    campaigns = (
        Campaign.objects.open_on(today)
        .filter(covers, audience=Audience.COMPANIES)
        .annotate(
            own_response_id=Subquery(own.values("pk")[:1]),
            own_response_status=Subquery(own.values("status")[:1]),
        )
        .order_by("ends_on", "title", "pk")
    )
    return [
        CompanyCampaign(
            campaign=campaign,
            response_id=campaign.own_response_id,
            response_status=campaign.own_response_status,
        )
        for campaign in campaigns
    ]
