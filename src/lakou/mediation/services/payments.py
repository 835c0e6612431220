"""Payment per act and the volunteers' hours: the rate table, the monthly statements, their
validation (after which nothing changes) and payment.

A rate is in force from its date until a more recent rate of the same act kind covers part of its
band; an act is priced at the rate in force on its Martinique date. Each month, every mediator with
live acts gets a draft statement — paid per act: a payment statement, volunteer: an hours
statement for the valuation of volunteering — with one line per act that passes the checks of
`act_checks` and is on no other statement of that kind. The database itself refuses a second
payment line of an act (`statement_line_act_once`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.mediation.models import (
    ACT_MAX_MINUTES,
    Act,
    ActKind,
    Compensation,
    Rate,
    Statement,
    StatementKind,
    StatementLine,
    StatementStatus,
)
from lakou.mediation.perms import payments as perms
from lakou.mediation.services.act_checks import act_problems_many

MAX_AMOUNT = Decimal("5000")  # euros for one act: far above any rate, below the column's size
MAX_BAND_MINUTES = 24 * 60
# The daily task prepares the month just ended during the first days of the next one, so that
# acts logged in those days (within MEDIATION_ACT_LATE_DAYS) still reach their statement.
PREPARE_DAYS = 10


class PaymentError(Exception):
    """A change refused as a whole; the French message names the field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# ---------------------------------------------------------------- months and words


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first and next month's first moments, in Martinique time."""
    return (
        timezone.make_aware(datetime.combine(month, time.min)),
        timezone.make_aware(datetime.combine(next_month(month), time.min)),
    )


def month_ended(month: date) -> bool:
    """Has the month ended in Martinique? Only then is its statement validated."""
    return next_month(month) <= timezone.localdate()


def month_label(month: date) -> str:
    """« novembre 2026 »."""
    return date_format(month, "F Y")


def duration_label(minutes: int) -> str:
    """« 45 min », « 2 h », « 1 h 30 »: how a person says it."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)s min") % {"m": rest}
    if not rest:
        return _("%(h)s h") % {"h": hours}
    return _("%(h)s h %(m)02d") % {"h": hours, "m": rest}


def band_label(min_minutes: int, max_minutes: int | None) -> str:
    if max_minutes is None:
        return _("%(low)s et plus") % {"low": duration_label(min_minutes)}
    if min_minutes == 0:
        return _("moins de %(high)s") % {"high": duration_label(max_minutes)}
    return _("de %(low)s à moins de %(high)s") % {
        "low": duration_label(min_minutes),
        "high": duration_label(max_minutes),
    }


# ---------------------------------------------------------------- rates


@dataclass(frozen=True)
class RateData:
    kind: str
    min_minutes: int
    max_minutes: int | None
    amount: Decimal
    valid_from: date


def _overlap(a_min: int, a_max: int | None, b_min: int, b_max: int | None) -> bool:
    return (b_max is None or a_min < b_max) and (a_max is None or b_min < a_max)


class RateTable:
    """Every rate, read once, answering for many acts without a query each.

    A rate ends the day a more recent rate of the same kind whose band overlaps its own starts:
    so the rates in force on a day never overlap, and each act finds at most one."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self.by_kind: dict[str, list[Rate]] = defaultdict(list)
        for rate in rates:
            self.by_kind[rate.kind].append(rate)
        self.until: dict[int, date | None] = {}
        for same_kind in self.by_kind.values():
            same_kind.sort(key=lambda r: (r.valid_from, r.min_minutes))
            for rate in same_kind:
                later = [
                    other.valid_from
                    for other in same_kind
                    if other.valid_from > rate.valid_from
                    and _overlap(
                        rate.min_minutes, rate.max_minutes, other.min_minutes, other.max_minutes
                    )
                ]
                self.until[rate.pk] = min(later) if later else None

    @classmethod
    def load(cls) -> RateTable:
        return cls(Rate.objects.all())

    def in_force_on(self, rate: Rate, day: date) -> bool:
        until = self.until.get(rate.pk)
        return rate.valid_from <= day and (until is None or day < until)

    def rate_for(self, kind: str, minutes: int, on: date) -> Rate | None:
        for rate in self.by_kind.get(kind, ()):
            if (
                rate.min_minutes <= minutes
                and (rate.max_minutes is None or minutes < rate.max_minutes)
                and self.in_force_on(rate, on)
            ):
                return rate
        return None

    def in_force(self, kind: str, on: date) -> list[Rate]:
        return sorted(
            (rate for rate in self.by_kind.get(kind, ()) if self.in_force_on(rate, on)),
            key=lambda r: r.min_minutes,
        )


def rate_for(kind: str, minutes: int, on: date) -> Rate | None:
    """The rate in force on `on` (a Martinique date: `timezone.localdate(act.starts_at)`) for an
    act of `kind` lasting `minutes`; None when the table has none."""
    return RateTable(Rate.objects.filter(kind=kind, valid_from__lte=on)).rate_for(kind, minutes, on)


def rate_check(data: RateData) -> None:
    """What the form cannot see alone: the band's edges, and no other band of the same kind
    starting the same day that overlaps it."""
    if data.kind not in ActKind.values:
        raise PaymentError(_("Choisissez le type d'acte."), field="kind")
    if not 0 <= data.min_minutes < ACT_MAX_MINUTES:
        raise PaymentError(
            _("La tranche commence entre 0 et %(max)s minutes.") % {"max": ACT_MAX_MINUTES - 1},
            field="min_minutes",
        )
    if data.max_minutes is not None:
        if data.max_minutes <= data.min_minutes:
            raise PaymentError(
                _("La fin de la tranche vient après son début (%(low)s minutes).")
                % {"low": data.min_minutes},
                field="max_minutes",
            )
        if data.max_minutes > MAX_BAND_MINUTES:
            raise PaymentError(
                _(
                    "La fin de la tranche ne dépasse pas %(max)s minutes ; laissez vide pour « sans limite »."
                )
                % {"max": MAX_BAND_MINUTES},
                field="max_minutes",
            )
    if not Decimal(0) <= data.amount <= MAX_AMOUNT:
        raise PaymentError(
            _("Le montant va de 0 à %(max)s euros.") % {"max": MAX_AMOUNT}, field="amount"
        )
    if data.amount != data.amount.quantize(Decimal("0.01")):
        raise PaymentError(_("Le montant s'écrit avec deux décimales au plus."), field="amount")
    for other in Rate.objects.filter(kind=data.kind, valid_from=data.valid_from):
        if _overlap(data.min_minutes, data.max_minutes, other.min_minutes, other.max_minutes):
            raise PaymentError(
                _(
                    "Cette tranche chevauche celle « %(band)s » (%(amount)s €) qui entre déjà en "
                    "vigueur le même jour : changez ses limites ou sa date."
                )
                % {
                    "band": band_label(other.min_minutes, other.max_minutes),
                    "amount": other.amount,
                },
                field="min_minutes",
            )


def rate_create(*, actor: Actor, data: RateData) -> Rate:
    """A new rate. Rates are never edited: a change is a new rate valid from a date, which ends
    the rates it overlaps from that date on (statements already validated keep theirs)."""
    if not perms.can_manage_rates(actor):
        raise PermissionDenied(_("Seule la fédération tient la grille des tarifs."))
    rate_check(data)
    try:
        with transaction.atomic():
            rate = Rate.objects.create(
                kind=data.kind,
                min_minutes=data.min_minutes,
                max_minutes=data.max_minutes,
                amount=data.amount,
                valid_from=data.valid_from,
            )
            audit_record(
                actor=actor,
                action="mediation.rate_create",
                obj=rate,
                changes={"amount": str(rate.amount), "valid_from": rate.valid_from.isoformat()},
            )
    except IntegrityError as error:  # the same band entered twice at the same moment
        raise PaymentError(
            _("Un tarif de cette tranche entre déjà en vigueur ce jour-là."), field="min_minutes"
        ) from error
    return rate


# ---------------------------------------------------------------- statements


def federation_organisation() -> Organisation | None:
    return Organisation.objects.filter(kind=Organisation.Kind.FEDERATION).order_by("pk").first()


def statement_kind_for(compensation: str) -> str:
    return StatementKind.PAYMENT if compensation == Compensation.PER_ACT else StatementKind.HOURS


@dataclass
class PrepareReport:
    month: date
    created: int = 0
    refreshed: int = 0
    removed: int = 0
    locked: int = 0
    lines_added: int = 0
    lines_dropped: int = 0
    left_out: int = 0
    statement_ids: list[int] = field(default_factory=list)


def _act_month_q(month: date) -> Q:
    start, end = month_bounds(month)
    return Q(starts_at__gte=start, starts_at__lt=end)


def _mediator_scope(actor: Actor | None) -> Q:
    """The mediators whose statements the actor prepares: all for the federation (and the
    daily task), those an EPCI funds for the EPCI."""
    if actor is None or actor.is_federation:
        return Q()
    if perms.can_prepare(actor):
        return Q(mediator__funder_id=actor.organisation_id)
    raise PermissionDenied(
        _("Seuls la fédération et les EPCI qui financent préparent les relevés.")
    )


def statements_prepare(*, month: date, actor: Actor | None = None) -> PrepareReport:
    """Make or refresh the draft statement of every mediator (in the actor's scope) with live
    acts in `month`; validated and paid statements are never touched. Idempotent."""
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise PaymentError(
            _("Les relevés de %(month)s se préparent à partir du premier du mois.")
            % {"month": month_label(month)},
            field="month",
        )
    scope = _mediator_scope(actor)
    report = _prepare(month, scope)
    audit_record(
        actor=actor,
        action="mediation.statements_prepare",
        changes={
            "month": month.isoformat(),
            "created": report.created,
            "refreshed": report.refreshed,
            "locked": report.locked,
            "left_out": report.left_out,
        },
    )
    return report


def statement_refresh(*, actor: Actor, statement: Statement) -> PrepareReport:
    """Bring one draft up to date with its mediator's acts; a locked statement refuses."""
    if not perms.can_validate(actor, statement):
        raise PermissionDenied(_("Seul le financeur du relevé le met à jour."))
    if statement.is_locked:
        raise PaymentError(_("Ce relevé est validé : il ne peut plus changer."))
    report = _prepare(statement.month, Q(mediator_id=statement.mediator_id))
    audit_record(actor=actor, action="mediation.statement_refresh", obj=statement)
    return report


def _prepare(month: date, scope: Q) -> PrepareReport:
    report = PrepareReport(month=month)
    federation: Organisation | None = None
    with transaction.atomic():
        acts = list(
            Act.objects.live()
            .filter(_act_month_q(month) & scope)
            .select_related("venue", "mediator")
            .order_by("starts_at", "pk")
        )
        by_mediator: dict[int, list[Act]] = defaultdict(list)
        for act in acts:
            by_mediator[act.mediator_id].append(act)
        existing = {
            (statement.mediator_id, statement.kind): statement
            for statement in Statement.objects.select_for_update().filter(scope, month=month)
        }
        drafts = [s.pk for s in existing.values() if not s.is_locked]
        lines_of: dict[int, dict[int, StatementLine]] = defaultdict(dict)
        for line in StatementLine.objects.filter(statement_id__in=drafts):
            lines_of[line.statement_id][line.act_id] = line
        taken = dict(
            ((act_id, kind), statement_id)
            for act_id, kind, statement_id in StatementLine.objects.filter(
                act__in=acts
            ).values_list("act_id", "kind", "statement_id")
        )
        problems = act_problems_many(acts)
        table = RateTable.load()
        wanted: set[int] = set()
        new_lines: list[StatementLine] = []
        changed: list[StatementLine] = []
        dropped: list[int] = []
        for mediator_acts in by_mediator.values():
            mediator = mediator_acts[0].mediator
            kind = statement_kind_for(mediator.compensation)
            funder_id = mediator.funder_id
            if funder_id is None:
                federation = federation or federation_organisation()
                if federation is None:
                    raise PaymentError(
                        _("La fédération n'est pas encore inscrite : elle finance ces relevés.")
                    )
                funder_id = federation.pk
            statement = existing.get((mediator.pk, kind))
            if statement is not None and statement.is_locked:
                report.locked += 1
                wanted.add(statement.pk)
                continue
            if statement is None:
                statement = Statement.objects.create(
                    mediator=mediator, month=month, kind=kind, funder_id=funder_id
                )
                report.created += 1
            else:
                report.refreshed += 1
                if statement.funder_id != funder_id:
                    statement.funder_id = funder_id
                    statement.save(update_fields=["funder"])
            wanted.add(statement.pk)
            report.statement_ids.append(statement.pk)
            current = lines_of[statement.pk]
            keep: set[int] = set()
            for act in mediator_acts:
                other = taken.get((act.pk, kind))
                if other is not None and other != statement.pk:
                    continue  # already on another statement of this kind
                if problems[act.pk]:
                    report.left_out += 1
                    continue
                rate = None
                amount = Decimal(0)
                if kind == StatementKind.PAYMENT:
                    rate = table.rate_for(
                        act.kind, act.duration_minutes, timezone.localdate(act.starts_at)
                    )
                    if rate is None:
                        report.left_out += 1
                        continue
                    amount = rate.amount
                keep.add(act.pk)
                existing_line = current.get(act.pk)
                if existing_line is None:
                    new_lines.append(
                        StatementLine(
                            statement=statement,
                            kind=kind,
                            act=act,
                            rate=rate,
                            amount=amount,
                            minutes=act.duration_minutes,
                        )
                    )
                elif (existing_line.rate_id, existing_line.amount, existing_line.minutes) != (
                    rate.pk if rate else None,
                    amount,
                    act.duration_minutes,
                ):
                    existing_line.rate = rate
                    existing_line.amount = amount
                    existing_line.minutes = act.duration_minutes
                    changed.append(existing_line)
            dropped += [line.pk for act_id, line in current.items() if act_id not in keep]
        StatementLine.objects.filter(pk__in=dropped).delete()
        StatementLine.objects.bulk_update(changed, ["rate", "amount", "minutes"])
        StatementLine.objects.bulk_create(new_lines)
        # A draft whose mediator has no live act left in the month, or who changed compensation.
        stale = [pk for pk in drafts if pk not in wanted]
        report.removed = len(stale)
        Statement.objects.filter(pk__in=stale).delete()
        report.lines_added, report.lines_dropped = len(new_lines), len(dropped)
        _totals(report.statement_ids)
    return report


def _totals(statement_ids: Sequence[int]) -> None:
    """The statements' totals, summed by the database."""
    sums: dict[int, dict[str, Any]] = {
        row["statement"]: dict(row)
        for row in StatementLine.objects.filter(statement_id__in=statement_ids)
        .order_by()
        .values("statement")
        .annotate(amount=Sum("amount"), minutes=Sum("minutes"))
    }
    statements = list(Statement.objects.filter(pk__in=statement_ids))
    for statement in statements:
        row: dict[str, Any] = sums.get(statement.pk, {})
        statement.total_amount = row.get("amount") or Decimal(0)
        statement.total_minutes = row.get("minutes") or 0
    Statement.objects.bulk_update(statements, ["total_amount", "total_minutes"])


def _lock(statement: Statement) -> Statement:
    return Statement.objects.select_for_update().get(pk=statement.pk)


def statement_validate(*, actor: Actor, statement: Statement) -> Statement:
    """The funder (or the federation) validates: from then on the statement never changes."""
    if not perms.can_validate(actor, statement):
        raise PermissionDenied(_("Seul le financeur du relevé, ou la fédération, le valide."))
    with transaction.atomic():
        locked = _lock(statement)
        if locked.is_locked:
            raise PaymentError(_("Ce relevé est déjà validé : il ne peut plus changer."))
        if not month_ended(locked.month):
            raise PaymentError(
                _("Le mois n'est pas fini : ce relevé se valide à partir du %(day)s.")
                % {"day": next_month(locked.month).strftime("%d/%m/%Y")}
            )
        lines = list(locked.lines.select_related("act__venue"))
        if not lines:
            raise PaymentError(_("Ce relevé n'a aucune ligne : il n'y a rien à valider."))
        acts = [line.act for line in lines]
        problems = act_problems_many(acts)
        if any(act.withdrawn_at is not None or problems[act.pk] for act in acts):
            raise PaymentError(
                _(
                    "Des actes de ce relevé ont changé depuis sa préparation (retirés ou en "
                    "anomalie) : mettez le relevé à jour, puis validez-le."
                )
            )
        _totals([locked.pk])
        locked.refresh_from_db(fields=["total_amount", "total_minutes"])
        locked.status = StatementStatus.VALIDATED
        locked.validated_at = timezone.now()
        locked.validated_by = actor.user
        locked.save(update_fields=["status", "validated_at", "validated_by"])
        audit_record(
            actor=actor,
            action="mediation.statement_validate",
            obj=locked,
            changes={"amount": str(locked.total_amount), "minutes": locked.total_minutes},
        )
    return locked


def statement_mark_paid(*, actor: Actor, statement: Statement) -> Statement:
    """Once the money is sent: a validated payment statement, marked once."""
    if not perms.can_validate(actor, statement):
        raise PermissionDenied(_("Seul le financeur du relevé, ou la fédération, le marque payé."))
    with transaction.atomic():
        locked = _lock(statement)
        if locked.kind != StatementKind.PAYMENT:
            raise PaymentError(
                _(
                    "Un relevé d'heures de bénévolat ne se paie pas : il sert à valoriser le bénévolat."
                )
            )
        if locked.status == StatementStatus.DRAFT:
            raise PaymentError(_("Validez d'abord le relevé, puis marquez-le payé."))
        if locked.status == StatementStatus.PAID:
            raise PaymentError(_("Ce relevé est déjà marqué payé."))
        locked.status = StatementStatus.PAID
        locked.paid_at = timezone.now()
        locked.paid_by = actor.user
        locked.save(update_fields=["status", "paid_at", "paid_by"])
        audit_record(actor=actor, action="mediation.statement_mark_paid", obj=locked)
    return locked


def statements_prepare_due(*, today: date | None = None) -> PrepareReport | None:
    """The daily task's work: in the first days of a month, the month just ended."""
    today = today or timezone.localdate()
    if today.day > PREPARE_DAYS:
        return None
    return statements_prepare(month=previous_month(today))


# ---------------------------------------------------------------- reading a statement


@dataclass(frozen=True)
class LeftOut:
    act: Act
    reasons: list[str]


def statement_lines(statement: Statement) -> list[StatementLine]:
    """The lines in the act's order, each with `duration` and `band` in words."""
    lines = list(
        statement.lines.select_related("act__commune", "act__venue", "rate").order_by(
            "act__starts_at", "pk"
        )
    )
    for line in lines:
        line.duration = duration_label(line.minutes)  # type: ignore[attr-defined]
        line.band = (  # type: ignore[attr-defined]
            band_label(line.rate.min_minutes, line.rate.max_minutes) if line.rate else ""
        )
    return lines


def statement_left_out(statement: Statement) -> list[LeftOut]:
    """The mediator's live acts of the month that are not on the statement, each with why (for
    a draft: what to fix; for a locked statement: acts logged or fixed after validation)."""
    acts = list(
        Act.objects.live()
        .filter(_act_month_q(statement.month), mediator_id=statement.mediator_id)
        .exclude(statement_lines__statement=statement)
        .select_related("venue", "commune")
        .order_by("starts_at", "pk")
    )
    if not acts:
        return []
    problems = act_problems_many(acts)
    elsewhere = dict(
        StatementLine.objects.filter(act__in=acts, kind=statement.kind).values_list(
            "act_id", "statement__month"
        )
    )
    table = RateTable.load() if statement.kind == StatementKind.PAYMENT else RateTable(())
    left_out = []
    for act in acts:
        reasons = list(problems[act.pk])
        if act.pk in elsewhere:
            reasons.append(
                _("Déjà sur le relevé de %(month)s.") % {"month": month_label(elsewhere[act.pk])}
            )
        elif statement.kind == StatementKind.PAYMENT and (
            table.rate_for(act.kind, act.duration_minutes, timezone.localdate(act.starts_at))
            is None
        ):
            reasons.append(
                _("Aucun tarif en vigueur le %(date)s pour un acte de ce type et de cette durée.")
                % {"date": timezone.localdate(act.starts_at).strftime("%d/%m/%Y")}
            )
        if not reasons and statement.is_locked:
            reasons.append(_("Enregistré ou corrigé après la validation du relevé."))
        elif not reasons:
            reasons.append(_("Pas encore sur le relevé : mettez-le à jour."))
        left_out.append(LeftOut(act=act, reasons=reasons))
    return left_out


def statement_rows(statement: Statement, lines: Sequence[StatementLine]) -> list[list[object]]:
    """The statement as a table, header first and total last (CSV)."""
    payment = statement.kind == StatementKind.PAYMENT
    header: list[object] = [
        _("Médiateur"),
        _("Mois"),
        _("Date"),
        _("Heure"),
        _("Type d'acte"),
        _("Commune"),
        _("Durée (minutes)"),
    ]
    if payment:
        header += [_("Tranche du tarif"), _("Montant (€)")]
    rows: list[list[object]] = [header]
    name = statement.mediator.user.display_name
    month = month_label(statement.month)
    for line in lines:
        local = timezone.localtime(line.act.starts_at)
        row: list[object] = [
            name,
            month,
            local.date(),
            local.strftime("%H:%M"),
            line.act.get_kind_display(),
            line.act.commune.name,
            line.minutes,
        ]
        if payment:
            row += [line.band, line.amount]  # type: ignore[attr-defined]
        rows.append(row)
    total: list[object] = [name, month, "", "", _("Total"), "", statement.total_minutes]
    if payment:
        total += ["", statement.total_amount]
    rows.append(total)
    return rows


def statement_pdf(statement: Statement, lines: Sequence[StatementLine]) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string(
        "mediation/payments/statement_pdf.html",
        {
            "statement": statement,
            "lines": lines,
            "month": month_label(statement.month),
            "total_duration": duration_label(statement.total_minutes),
            "payment": statement.kind == StatementKind.PAYMENT,
        },
    )
    pdf = HTML(string=html, base_url=settings.SITE_URL).write_pdf()
    assert pdf is not None
    return bytes(pdf)
