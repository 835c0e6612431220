"""The needs map: skill needs aggregated by commune, EPCI, sector and skill area (aggregate queries)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lakou.core.period import Period, Territory
from lakou.core.secrecy import THRESHOLD, protect_column
from lakou.diagnostics.models import Response, SkillNeed
from lakou.diagnostics.models.naf import section_expression, section_label
from lakou.territory.models import Commune, Epci, territory_q

GROUPINGS = {
    "commune": gettext_lazy("Commune"),
    "epci": gettext_lazy("EPCI"),
    "sector": gettext_lazy("Secteur (section NAF)"),
    "area": gettext_lazy("Domaine de compétences"),
}


@dataclass(frozen=True)
class NeedsFilters:
    period: Period
    territory: Territory
    horizon: str = ""
    mode: str = ""


HEADINGS = {
    "commune": gettext_lazy("Par commune"),
    "epci": gettext_lazy("Par communauté d'agglomération (EPCI)"),
    "sector": gettext_lazy("Par secteur d'activité (section NAF)"),
    "area": gettext_lazy("Par domaine de compétences"),
}


@dataclass(frozen=True)
class NeedsRow:
    key: str
    label: str
    companies: int | None
    headcount: int | None
    needs: int | None

    @property
    def is_secret(self) -> bool:
        return self.companies is None


@dataclass(frozen=True)
class NeedsTable:
    grouping: str
    rows: list[NeedsRow]
    total_companies: int | None
    total_headcount: int | None
    total_needs: int | None
    is_public: bool = False

    @property
    def title(self) -> str:
        return str(GROUPINGS[self.grouping])

    @property
    def heading(self) -> str:
        return str(HEADINGS[self.grouping])

    def commune_values(self) -> dict[str, int | None]:
        return {row.key: row.headcount for row in self.rows}


def filtered_needs(filters: NeedsFilters) -> QuerySet[SkillNeed]:
    """Needs recorded in the period, in the territory, from an audit or a submitted questionnaire."""
    needs = SkillNeed.objects.filter(
        Q(audit__isnull=False) | Q(response__status=Response.Status.SUBMITTED),
        recorded_on__gte=filters.period.start,
        recorded_on__lte=filters.period.end,
    )
    needs = needs.filter(territory_q(filters.territory.code, commune="company__commune"))
    if filters.horizon:
        needs = needs.filter(horizon=filters.horizon)
    if filters.mode:
        needs = needs.filter(mode=filters.mode)
    return needs.order_by()


_MEASURES = {
    "companies": Count("company", distinct=True),
    "headcount": Sum("headcount"),
    "needs": Count("pk"),
}


def _row(key: str, label: str, values: Mapping[str, Any]) -> NeedsRow:
    return NeedsRow(
        key=key,
        label=label,
        companies=values.get("companies") or 0,
        headcount=values.get("headcount") or 0,
        needs=values.get("needs") or 0,
    )


def _by_place(needs: QuerySet[SkillNeed], grouping: str, territory: Territory) -> list[NeedsRow]:
    field = (
        "company__commune__insee_code" if grouping == "commune" else "company__commune__epci__siren"
    )
    found = {
        row["key"]: row for row in needs.annotate(key=F(field)).values("key").annotate(**_MEASURES)
    }
    # Every place of the territory has a row, zeros included, so the map has no false gaps.
    if grouping == "commune":
        places = list(
            Commune.objects.in_territory(territory.code).values_list("insee_code", "name")
        )
    else:
        epcis = Epci.objects.all()
        if len(territory.code) == 9:
            epcis = epcis.filter(siren=territory.code)
        elif territory.code:
            epcis = epcis.filter(communes__insee_code=territory.code)
        places = list(epcis.values_list("siren", "short_name"))
    rows = [_row(key, label, found.pop(key, {})) for key, label in places]
    rows += [_row(key or "", _("commune inconnue"), values) for key, values in found.items()]
    return rows


def _by_sector(needs: QuerySet[SkillNeed]) -> list[NeedsRow]:
    grouped = (
        needs.annotate(key=section_expression("company__naf_code"))
        .values("key")
        .annotate(**_MEASURES)
        .order_by("key")
    )
    return [_row(row["key"], section_label(row["key"] or None), row) for row in grouped]


def _by_area(needs: QuerySet[SkillNeed]) -> list[NeedsRow]:
    """DigComp or e-CF area for a competence, ROME professional domain for an occupation."""
    competences = (
        needs.filter(competence__isnull=False)
        .values(
            "competence__framework__code",
            "competence__framework__short_name",
            "competence__area__code",
            "competence__area__name_fr",
        )
        .annotate(**_MEASURES)
        .order_by("competence__framework__code", "competence__area__code")
    )
    occupations = (
        needs.filter(competence__isnull=True)
        .values("occupation__domain_code", "occupation__domain_label")
        .annotate(**_MEASURES)
        .order_by("occupation__domain_code")
    )
    rows = [
        _row(
            f"{row['competence__framework__code']}:{row['competence__area__code']}",
            f"{row['competence__framework__short_name']} {row['competence__area__code']}. "
            f"{row['competence__area__name_fr']}",
            row,
        )
        for row in competences
    ]
    rows += [
        _row(
            f"rome:{row['occupation__domain_code']}",
            _("ROME %(code)s. %(label)s")
            % {"code": row["occupation__domain_code"], "label": row["occupation__domain_label"]},
            row,
        )
        for row in occupations
    ]
    return rows


def needs_table(filters: NeedsFilters, grouping: str) -> NeedsTable:
    """Companies (distinct), people and needs per group, with the overall totals."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping: {grouping}")
    needs = filtered_needs(filters)
    if grouping in ("commune", "epci"):
        rows = _by_place(needs, grouping, filters.territory)
    elif grouping == "sector":
        rows = _by_sector(needs)
    else:
        rows = _by_area(needs)
    totals = needs.aggregate(**_MEASURES)
    return NeedsTable(
        grouping=grouping,
        rows=rows,
        total_companies=totals["companies"] or 0,
        total_headcount=totals["headcount"] or 0,
        total_needs=totals["needs"] or 0,
    )


def with_secrecy(table: NeedsTable, threshold: int = THRESHOLD) -> NeedsTable:
    """The public table: a row counting 1 to 4 companies is secret, and so are its complements.

    The secret set is decided on companies (the statistical units) and hides the whole row; the
    totals are the true distinct totals, so a company counted in several rows stays safe.
    """
    protected = protect_column(
        [row.companies or 0 for row in table.rows],
        total=table.total_companies or 0,
        threshold=threshold,
    )
    rows = [
        replace(row, companies=None, headcount=None, needs=None)
        if protected.is_secret(index, 0)
        else row
        for index, row in enumerate(table.rows)
    ]
    total_secret = protected.is_secret(-1, -1)
    return replace(
        table,
        rows=rows,
        total_companies=None if total_secret else table.total_companies,
        total_headcount=None if total_secret else table.total_headcount,
        total_needs=None if total_secret else table.total_needs,
        is_public=True,
    )
