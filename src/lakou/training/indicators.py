"""Indicator 2, people certified and employment at six months, as ARCHITECTURE.md defines it.

Aggregate queries only: one query for the whole territory and one per breakdown (programme,
provider, domain, EPCI), each counting distinct people with conditional `COUNT(DISTINCT ...)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lakou.core import indicators
from lakou.core.period import Period, Territory, indicator_frame, parse_period, parse_territory
from lakou.core.secrecy import THRESHOLD, protect_lines
from lakou.training.models import (
    EMPLOYED_SITUATIONS,
    Certificate,
    CertificateQuerySet,
    Domain,
    FollowUp,
)

PEOPLE_CERTIFIED = "people-certified"
EMPLOYMENT_6_MONTHS = "employment-6-months"

# An answer recorded long after the six-month date no longer describes the situation at six
# months: it counts only when given between the due date and about three months later.
ANSWER_WINDOW_DAYS = 92

# The four disjoint parts of a row's people, whose sum is the people certified; secrecy is
# decided on them, so that no published figure lets anyone subtract their way to a small group.
PARTS = ("not_yet_due", "unanswered", "not_employed", "employed")
FIGURE_PARTS: dict[str, tuple[int, ...]] = {
    "people_certified": (0, 1, 2, 3),
    "due": (1, 2, 3),
    "respondents": (2, 3),
    "employed": (3,),
    "not_yet_due": (0,),
}


@dataclass(frozen=True)
class Outcomes:
    """People counts of one row (or of the whole territory); None is a secret figure."""

    key: str
    label: str
    people_certified: int | None
    due: int | None
    respondents: int | None
    employed: int | None
    not_yet_due: int | None
    # A programme row's provider and domain keys: its row is part of theirs.
    links: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def rate(self) -> float | None:
        """Share of respondents in employment at six months."""
        if self.employed is None or not self.respondents:
            return None
        return self.employed / self.respondents

    @property
    def percentage(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 1)

    @property
    def response_rate(self) -> float | None:
        if self.respondents is None or not self.due:
            return None
        return self.respondents / self.due

    @property
    def response_percentage(self) -> float | None:
        return None if self.response_rate is None else round(100 * self.response_rate, 1)

    def parts(self) -> list[int]:
        """The four disjoint counts (exact figures only)."""
        certified, due = self.people_certified or 0, self.due or 0
        respondents, employed = self.respondents or 0, self.employed or 0
        # Clamped: an answer dated before today's date in another time zone must not go negative.
        parts = [certified - due, due - respondents, respondents - employed, employed]
        return [max(part, 0) for part in parts]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["links"]
        return data | {
            "rate": self.rate,
            "percentage": self.percentage,
            "response_rate": self.response_rate,
            "response_percentage": self.response_percentage,
        }


@dataclass(frozen=True)
class TrainingOutcomes:
    period: Period
    territory: Territory
    overall: Outcomes
    breakdowns: dict[str, list[Outcomes]]
    is_public: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            **indicator_frame(self.period, self.territory, is_public=self.is_public),
            "breakdowns": {
                name: [row.as_dict() for row in rows] for name, rows in self.breakdowns.items()
            },
        }


# ---------------------------------------------------------------- queries


def period_certificates(period: Period, territory: Territory) -> CertificateQuerySet:
    """Non-revoked certificates issued in the period, where the training took place."""
    return (
        Certificate.objects.of_trainings()
        .not_revoked()
        .issued_between(period.start, period.end)
        .in_territory(territory.code)
    )


def counting_answer() -> Q:
    """A recorded answer given in [due date, due date + ANSWER_WINDOW_DAYS], local dates."""
    window_end = ExpressionWrapper(
        F("follow_up__due_on") + timedelta(days=ANSWER_WINDOW_DAYS), output_field=DateField()
    )
    return Q(
        follow_up__state=FollowUp.State.ANSWERED,
        follow_up__answered_at__date__gte=F("follow_up__due_on"),
        follow_up__answered_at__date__lte=window_end,
    )


def outcome_counts(today: date) -> dict[str, Count]:
    """Distinct people per figure, as conditional aggregates of one query."""
    answered = counting_answer()
    return {
        "people_certified": Count("learner", distinct=True),
        "due": Count("learner", distinct=True, filter=Q(follow_up__due_on__lte=today)),
        "respondents": Count("learner", distinct=True, filter=answered),
        "employed": Count(
            "learner",
            distinct=True,
            filter=answered & Q(follow_up__situation__in=EMPLOYED_SITUATIONS),
        ),
    }


def _outcomes(key: str, label: str, counts: dict[str, Any]) -> Outcomes:
    certified, due = counts["people_certified"], counts["due"]
    links = {}
    if "programme__domain" in counts and "provider_id" in counts:
        links = {"provider": str(counts["provider_id"]), "domain": counts["programme__domain"]}
    return Outcomes(
        key=key,
        label=label,
        people_certified=certified,
        due=due,
        respondents=counts["respondents"],
        employed=counts["employed"],
        not_yet_due=certified - due,
        links=links,
    )


GROUPINGS: dict[str, tuple[str, ...]] = {
    "programme": (
        "programme_id",
        "programme__title",
        "programme__is_published",
        "provider_id",
        "provider__name",
        "programme__domain",
    ),
    "provider": ("provider_id", "provider__name"),
    "domain": ("programme__domain",),
    "epci": ("commune__epci__siren", "commune__epci__short_name"),
}


def _key_and_label(name: str, row: dict[str, Any]) -> tuple[str, str]:
    if name == "programme":
        if row["programme__is_published"]:
            # Several providers teach a programme of the same title: name the provider too.
            label = f"{row['programme__title']} ({row['provider__name']})"
            return str(row["programme_id"]), label
        # A draft's title is the provider's business until it publishes it.
        label = _("Formation non publiée n° %(pk)s") % {"pk": row["programme_id"]}
        return str(row["programme_id"]), label
    if name == "provider":
        return str(row["provider_id"]), row["provider__name"]
    if name == "domain":
        code = row["programme__domain"]
        return code, str(dict(Domain.choices).get(code, code))
    return row["commune__epci__siren"] or "", row["commune__epci__short_name"] or _(
        "Commune non renseignée"
    )


def _breakdown(certificates: CertificateQuerySet, name: str, today: date) -> list[Outcomes]:
    """One GROUP BY query; a person in two groups counts once in each."""
    rows: Iterable[dict[str, Any]] = (
        certificates.order_by().values(*GROUPINGS[name]).annotate(**outcome_counts(today))
    )
    outcomes = [_outcomes(*_key_and_label(name, row), row) for row in rows]
    return sorted(outcomes, key=lambda row: (row.label.casefold(), row.key))


def training_outcomes(
    period: Period, territory: Territory, *, today: date | None = None
) -> TrainingOutcomes:
    """Exact figures: 1 query for the territory, then 1 per breakdown."""
    today = today or timezone.localdate()
    certificates = period_certificates(period, territory)
    overall = certificates.aggregate(**outcome_counts(today))
    return TrainingOutcomes(
        period=period,
        territory=territory,
        overall=_outcomes("", territory.label, overall),
        breakdowns={name: _breakdown(certificates, name, today) for name in GROUPINGS},
    )


def programme_outcomes(programme_id: int, *, today: date | None = None) -> Outcomes:
    """All the non-revoked certificates of a programme since the first one: one query."""
    today = today or timezone.localdate()
    counts = (
        Certificate.objects.not_revoked()
        .filter(programme_id=programme_id)
        .aggregate(**outcome_counts(today))
    )
    return _outcomes(str(programme_id), "", counts)


# ---------------------------------------------------------------- statistical secrecy


def _shown(outcomes: Outcomes, secret: Sequence[bool], total_secret: bool) -> Outcomes:
    """Hide each figure that the visible parts and total do not already give away."""
    values: dict[str, int | None] = {}
    for figure, indexes in FIGURE_PARTS.items():
        others = [index for index in range(len(PARTS)) if index not in indexes]
        from_parts = not any(secret[index] for index in indexes)
        by_subtraction = not total_secret and not any(secret[index] for index in others)
        visible = from_parts or by_subtraction
        if figure == "people_certified":
            visible = not total_secret
        values[figure] = getattr(outcomes, figure) if visible else None
    return Outcomes(
        key=outcomes.key,
        label=outcomes.label,
        people_certified=values["people_certified"],
        due=values["due"],
        respondents=values["respondents"],
        employed=values["employed"],
        not_yet_due=values["not_yet_due"],
        links=outcomes.links,
    )


def _secrecy_lines(result: TrainingOutcomes) -> tuple[list[int], list[list[int]], dict[Any, int]]:
    """Flatten every published count (4 parts + total per row) and list the additions among them.

    Additions: a row's parts make its total; a table's rows make the territory's figure; the
    programmes of a provider (of a domain) make the provider's (the domain's) row. Totals of
    distinct people may be smaller than the sums, which only makes the rule safer.
    """
    values: list[int] = []
    index: dict[Any, int] = {}
    rows: dict[Any, Outcomes] = {("overall",): result.overall}
    for name, table in result.breakdowns.items():
        for position, row in enumerate(table):
            rows[(name, position)] = row
    for row_id, row in rows.items():
        for part, value in enumerate([*row.parts(), row.people_certified or 0]):
            index[(*row_id, part)] = len(values)
            values.append(value)
    columns = range(len(PARTS) + 1)
    lines = [[index[(*row_id, part)] for part in columns] for row_id in rows]
    for name, table in result.breakdowns.items():
        lines += [
            [
                *(index[(name, position, part)] for position in range(len(table))),
                index[("overall", part)],
            ]
            for part in columns
        ]
    for parent in ("provider", "domain"):
        positions = {
            row.key: position for position, row in enumerate(result.breakdowns.get(parent, []))
        }
        children: dict[int, list[int]] = {}
        for position, row in enumerate(result.breakdowns.get("programme", [])):
            if row.links.get(parent) in positions:
                children.setdefault(positions[row.links[parent]], []).append(position)
        lines += [
            [
                *(index[("programme", child, part)] for child in kids),
                index[(parent, position, part)],
            ]
            for position, kids in children.items()
            for part in columns
        ]
    return values, lines, index


def with_secrecy(result: TrainingOutcomes, threshold: int = THRESHOLD) -> TrainingOutcomes:
    """The public figures: every group of 1 to `threshold - 1` people is secret, with complements.

    Secrecy is decided on the four disjoint parts of every row of the four linked tables and of
    the territory, so that no total, difference of columns or parent row gives a small group away.
    """
    values, lines, index = _secrecy_lines(result)
    secret = protect_lines(values, lines, threshold=threshold)

    def shown(row_id: tuple[Any, ...], row: Outcomes) -> Outcomes:
        parts = [secret[index[(*row_id, part)]] for part in range(len(PARTS))]
        return _shown(row, parts, secret[index[(*row_id, len(PARTS))]])

    return replace(
        result,
        overall=shown(("overall",), result.overall),
        breakdowns={
            name: [shown((name, position), row) for position, row in enumerate(table)]
            for name, table in result.breakdowns.items()
        },
        is_public=True,
    )


def programme_outcomes_public(outcomes: Outcomes, threshold: int = THRESHOLD) -> Outcomes:
    """On a programme page, each figure appears once at least `threshold` people make it up."""
    certified_ok = (outcomes.people_certified or 0) >= threshold
    answers_ok = (outcomes.respondents or 0) >= threshold
    return replace(
        outcomes,
        people_certified=outcomes.people_certified if certified_ok else None,
        due=outcomes.due if answers_ok else None,
        respondents=outcomes.respondents if answers_ok else None,
        employed=outcomes.employed if answers_ok else None,
        not_yet_due=None,
    )


# ---------------------------------------------------------------- the registry


def _people_certified(*, period: str, territory: str) -> dict[str, Any]:
    result = training_outcomes(parse_period(period), parse_territory(territory))
    return people_certified_dict(result)


def people_certified_dict(result: TrainingOutcomes) -> dict[str, Any]:
    """JSON-ready: the distinct people certified, with a row per programme, provider, domain, EPCI."""
    data = result.as_dict()
    count = result.overall.people_certified
    for rows in data["breakdowns"].values():
        for row in rows:
            for name in ("due", "respondents", "employed", "not_yet_due", "rate", "percentage"):
                row.pop(name)
            row.pop("response_rate")
            row.pop("response_percentage")
    return {
        "numerator": count,
        "denominator": None,
        "rate": None,
        "percentage": None,
        "people_certified": count,
    } | data


def employment_dict(result: TrainingOutcomes) -> dict[str, Any]:
    """JSON-ready: employed among respondents, the response rate and the same breakdowns."""
    overall = result.overall
    return {
        "numerator": overall.employed,
        "denominator": overall.respondents,
        "rate": overall.rate,
        "percentage": overall.percentage,
        "people_certified": overall.people_certified,
        "due": overall.due,
        "respondents": overall.respondents,
        "employed": overall.employed,
        "not_yet_due": overall.not_yet_due,
        "response_rate": overall.response_rate,
        "response_percentage": overall.response_percentage,
        "answer_window_days": ANSWER_WINDOW_DAYS,
    } | result.as_dict()


def _employment_6_months(*, period: str, territory: str) -> dict[str, Any]:
    return employment_dict(training_outcomes(parse_period(period), parse_territory(territory)))


indicators.register(PEOPLE_CERTIFIED, _people_certified, title=gettext_lazy("Personnes certifiées"))
indicators.register(
    EMPLOYMENT_6_MONTHS,
    _employment_6_months,
    title=gettext_lazy("Taux d'emploi à six mois des personnes certifiées"),
)
