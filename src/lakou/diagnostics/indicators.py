"""Indicator 1, companies diagnosed, exactly as ARCHITECTURE.md defines it; aggregate queries only."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation, OrganisationQuerySet
from lakou.core import indicators
from lakou.core.period import Period, Territory, parse_period, parse_territory
from lakou.diagnostics.models import Audience, Audit, Response

COMPANIES_DIAGNOSED = "companies-diagnosed"


@dataclass(frozen=True)
class CompaniesDiagnosed:
    numerator: int
    denominator: int
    rate: float | None
    period: str
    period_start: str
    period_end: str
    territory: str
    territory_label: str

    @property
    def percentage(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 1)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"percentage": self.percentage}


def registry_companies(period: Period, territory: Territory) -> OrganisationQuerySet:
    """The denominator: companies of the registry active in the period, located in the territory."""
    return (
        Organisation.objects.companies()
        .active_between(period.start, period.end)
        .in_territory(territory.code)
    )


def diagnosed_in(period: Period) -> Q:
    """A completed diagnostic in the period: an audit, or a submitted company questionnaire."""
    start, end = period.datetimes()
    audits = Audit.objects.filter(
        company=OuterRef("pk"), audited_on__gte=period.start, audited_on__lte=period.end
    )
    responses = Response.objects.filter(
        company=OuterRef("pk"),
        status=Response.Status.SUBMITTED,
        submitted_at__gte=start,
        submitted_at__lt=end,
        campaign__audience=Audience.COMPANIES,
    )
    return Q(Exists(audits)) | Q(Exists(responses))


def companies_diagnosed(period: Period, territory: Territory) -> CompaniesDiagnosed:
    registry = registry_companies(period, territory)
    # Two counts, each one SQL query; EXISTS counts a company diagnosed twice once.
    denominator = registry.count()
    numerator = registry.filter(diagnosed_in(period)).count()
    return CompaniesDiagnosed(
        numerator=numerator,
        denominator=denominator,
        rate=numerator / denominator if denominator else None,
        period=period.code,
        period_start=period.start.isoformat(),
        period_end=period.end.isoformat(),
        territory=territory.code,
        territory_label=territory.label,
    )


def _companies_diagnosed(*, period: str, territory: str) -> dict[str, Any]:
    return companies_diagnosed(parse_period(period), parse_territory(territory)).as_dict()


indicators.register(
    COMPANIES_DIAGNOSED, _companies_diagnosed, title=_("Entreprises diagnostiquées")
)
