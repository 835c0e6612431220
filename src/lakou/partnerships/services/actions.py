"""Partnership actions: create and edit, partners and their contributions, held or cancelled,
and the partners' yearly statements. Every write is here, with its audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.core.audit import audit_record
from lakou.partnerships.models import (
    Action,
    ActionKind,
    ActionPartner,
    ActionQuerySet,
    Contribution,
    ContributionKind,
)
from lakou.partnerships.perms.actions import (
    can_choose_organisers,
    can_create_action,
    can_edit_action,
)

if TYPE_CHECKING:
    from lakou.accounts.models import Organisation
    from lakou.core.actor import Actor
    from lakou.territory.models import Commune

CENT = Decimal("0.01")
# Bounds that keep a typing slip out of the statements: 10 M€, 99,999 hours, 10,000 €/hour.
MAX_VALUE = Decimal("10000000")
MAX_HOURS = Decimal("99999")
MAX_HOURLY_VALUE = Decimal("10000")
MAX_PEOPLE = 100_000


class ActionError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _clean(obj: Any, **options: Any) -> None:
    """Model validation as the service's own refusal (a message the user reads, never a 500)."""
    try:
        obj.full_clean(**options)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ActionError(
            " ".join(messages), field=None if field == NON_FIELD_ERRORS else field
        ) from error


def _require_editor(actor: Actor, action: Action) -> None:
    if not can_edit_action(actor, action):
        raise ActionError(_("Seuls la fédération et les organisateurs modifient cette action."))


def _require_open(action: Action) -> None:
    if action.status == Action.Status.CANCELLED:
        raise ActionError(_("Cette action est annulée : elle ne peut plus être modifiée."))


# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class ActionData:
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    is_online: bool = False
    commune: Commune | None = None
    venue: str = ""
    description: str = ""
    is_public: bool = True
    # Named by the federation; anyone else organises with its own organisation.
    organisers: Sequence[Organisation] = ()


def _check_action(data: ActionData) -> None:
    if data.kind not in ActionKind.values:
        raise ActionError(_("Type d'action inconnu."), field="kind")
    if not data.title.strip():
        raise ActionError(_("Donnez un intitulé à l'action."), field="title")
    if data.ends_at < data.starts_at:
        raise ActionError(_("La fin doit venir après le début."), field="ends_at")
    if not data.is_online and data.commune is None:
        raise ActionError(
            _("Choisissez la commune de l'action, ou cochez « en ligne »."), field="commune"
        )


def _organisers(actor: Actor, data: ActionData, action: Action | None) -> list[Organisation]:
    """The federation names them (itself when it names none); others keep their own."""
    chosen = list(dict.fromkeys(data.organisers))
    if can_choose_organisers(actor):
        if chosen:
            return chosen
        if action is not None:
            return list(action.organisers.all())
        assert actor.organisation is not None
        return [actor.organisation]
    assert actor.organisation is not None
    if action is not None:
        return list(action.organisers.all())
    return [actor.organisation]


def _write(action: Action, data: ActionData) -> Action:
    action.kind = data.kind
    action.title = data.title.strip()
    action.description = data.description.strip()
    action.starts_at = data.starts_at
    action.ends_at = data.ends_at
    action.is_online = data.is_online
    action.commune = None if data.is_online else data.commune
    action.venue = "" if data.is_online else data.venue.strip()
    action.is_public = data.is_public
    _clean(action, exclude=["organisers"])
    action.save()
    return action


def action_create(*, actor: Actor, data: ActionData) -> Action:
    if not can_create_action(actor):
        raise ActionError(_("Seuls les membres d'une organisation proposent une action."))
    _check_action(data)
    organisers = _organisers(actor, data, None)
    with transaction.atomic():
        action = _write(Action(created_by=actor.user), data)
        action.organisers.set(organisers)
        audit_record(
            actor=actor,
            action="action.create",
            obj=action,
            changes={"organisers": [o.pk for o in organisers]},
        )
    return action


def action_update(*, actor: Actor, action: Action, data: ActionData) -> Action:
    _require_editor(actor, action)
    _require_open(action)
    _check_action(data)
    organisers = _organisers(actor, data, action)
    with transaction.atomic():
        before = {
            "starts_at": action.starts_at.isoformat(),
            "ends_at": action.ends_at.isoformat(),
            "commune": action.commune_id,
            "is_public": action.is_public,
        }
        _write(action, data)
        action.organisers.set(organisers)
        audit_record(actor=actor, action="action.update", obj=action, changes=before)
    return action


def _check_people(value: int | None, field: str) -> None:
    if value is not None and not 0 <= value <= MAX_PEOPLE:
        raise ActionError(_("Nombre entre 0 et 100 000."), field=field)


def action_mark_held(
    *,
    actor: Actor,
    action: Action,
    outcome_notes: str = "",
    participants: int | None = None,
    hires: int | None = None,
    now: datetime | None = None,
) -> Action:
    """Planned → held, with the outcome; on a held action, corrects the outcome."""
    _require_editor(actor, action)
    _require_open(action)
    now = now or timezone.now()
    _check_people(participants, "participants")
    _check_people(hires, "hires")
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.status == Action.Status.CANCELLED:
            raise ActionError(_("Cette action est annulée : elle ne peut plus être modifiée."))
        if locked.starts_at > now:
            raise ActionError(
                _("L'action n'a pas encore commencé : elle ne peut pas être déjà réalisée.")
            )
        changes: dict[str, Any] = {"from": locked.status}
        locked.status = Action.Status.HELD
        locked.outcome_notes = outcome_notes.strip()
        locked.participants = participants
        locked.hires = hires
        _clean(locked, exclude=["organisers"])
        locked.save(
            update_fields=["status", "outcome_notes", "participants", "hires", "updated_at"]
        )
        changes |= {"participants": participants, "hires": hires}
        audit_record(actor=actor, action="action.held", obj=locked, changes=changes)
    action.refresh_from_db()
    return action


def action_cancel(*, actor: Actor, action: Action, reason: str) -> Action:
    _require_editor(actor, action)
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Dites pourquoi l'action est annulée."), field="reason")
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.status != Action.Status.PLANNED:
            raise ActionError(_("Seule une action prévue peut être annulée."))
        locked.status = Action.Status.CANCELLED
        locked.cancellation_reason = reason
        _clean(locked, exclude=["organisers"])
        locked.save(update_fields=["status", "cancellation_reason", "updated_at"])
        audit_record(actor=actor, action="action.cancel", obj=locked, changes={"reason": reason})
    action.refresh_from_db()
    return action


# ---------------------------------------------------------------- partners and contributions


def partner_add(
    *, actor: Actor, action: Action, organisation: Organisation, role: str = ""
) -> ActionPartner:
    _require_editor(actor, action)
    _require_open(action)
    with transaction.atomic():
        if ActionPartner.objects.filter(action=action, organisation=organisation).exists():
            raise ActionError(
                _("Cette organisation est déjà partenaire de l'action."), field="organisation"
            )
        partner = ActionPartner(action=action, organisation=organisation, role=role.strip())
        _clean(partner)
        partner.save()
        audit_record(
            actor=actor,
            action="action.partner_add",
            obj=partner,
            changes={"action": action.pk, "organisation": organisation.pk},
        )
    return partner


def partner_remove(*, actor: Actor, partner: ActionPartner) -> None:
    """Removes the partner and its contributions."""
    _require_editor(actor, partner.action)
    _require_open(partner.action)
    with transaction.atomic():
        removed = partner.contributions.count()
        audit_record(
            actor=actor,
            action="action.partner_remove",
            obj=partner,
            changes={
                "action": partner.action_id,
                "organisation": partner.organisation_id,
                "contributions": removed,
            },
        )
        partner.delete()


@dataclass(frozen=True)
class ContributionData:
    kind: str
    date: date
    description: str
    # Money given, or the stated value of what is given in kind (euros).
    amount: Decimal | None = None
    hours: Decimal | None = None
    hourly_value: Decimal | None = None


def contribution_value(data: ContributionData) -> Decimal:
    """Euros: the amount, or hours × hourly value rounded to the cent; checks the figures."""
    if data.kind == ContributionKind.EXPERTISE:
        if data.hours is None or not Decimal(0) < data.hours <= MAX_HOURS:
            raise ActionError(_("Nombre d'heures entre 0 et 99 999."), field="hours")
        if data.hourly_value is None or not Decimal(0) <= data.hourly_value <= MAX_HOURLY_VALUE:
            raise ActionError(_("Valeur d'une heure entre 0 et 10 000 €."), field="hourly_value")
        return (data.hours * data.hourly_value).quantize(CENT, rounding=ROUND_HALF_UP)
    if data.kind not in ContributionKind.values:
        raise ActionError(_("Type d'apport inconnu."), field="kind")
    if data.amount is None or not Decimal(0) < data.amount <= MAX_VALUE:
        raise ActionError(_("Montant entre 0 et 10 000 000 €."), field="amount")
    return data.amount.quantize(CENT, rounding=ROUND_HALF_UP)


def contribution_add(
    *, actor: Actor, partner: ActionPartner, data: ContributionData
) -> Contribution:
    _require_editor(actor, partner.action)
    _require_open(partner.action)
    if not data.description.strip():
        raise ActionError(_("Décrivez l'apport en quelques mots."), field="description")
    value = contribution_value(data)
    expertise = data.kind == ContributionKind.EXPERTISE
    with transaction.atomic():
        contribution = Contribution(
            partner=partner,
            kind=data.kind,
            date=data.date,
            description=data.description.strip(),
            hours=data.hours if expertise else None,
            hourly_value=data.hourly_value if expertise else None,
            value=value,
            created_by=actor.user,
        )
        _clean(contribution)
        contribution.save()
        audit_record(
            actor=actor,
            action="action.contribution_add",
            obj=contribution,
            changes={"partner": partner.pk, "kind": data.kind, "value": str(value)},
        )
    return contribution


def contribution_remove(*, actor: Actor, contribution: Contribution) -> None:
    _require_editor(actor, contribution.partner.action)
    _require_open(contribution.partner.action)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="action.contribution_remove",
            obj=contribution,
            changes={
                "partner": contribution.partner_id,
                "kind": contribution.kind,
                "value": str(contribution.value),
            },
        )
        contribution.delete()


# ---------------------------------------------------------------- the calendar


@dataclass(frozen=True)
class CalendarQuery:
    """The calendar's filters; empty means any. Dates are Martinique days, both included."""

    kind: str = ""
    territory: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def calendar_actions(actions: ActionQuerySet, query: CalendarQuery) -> ActionQuerySet:
    """Actions of `actions` matching the filters: of the kind, in the territory (online ones
    always), running on at least one day of the range."""
    if query.kind:
        actions = actions.filter(kind=query.kind)
    actions = actions.in_territory(query.territory, with_online=True)
    start = _local_midnight(query.date_from) if query.date_from else None
    end = _local_midnight(query.date_to + timedelta(days=1)) if query.date_to else None
    return actions.overlapping(start, end).with_listing().order_by("starts_at", "pk")


# ---------------------------------------------------------------- yearly statements


@dataclass(frozen=True)
class StatementTotals:
    money: Decimal
    in_kind: Decimal
    hours: Decimal
    expertise_value: Decimal
    count: int

    @property
    def total(self) -> Decimal:
        return self.money + self.in_kind + self.expertise_value


@dataclass(frozen=True)
class Statement:
    organisation: Organisation
    year: int
    contributions: list[Contribution]
    totals: StatementTotals
    made_on: date


def statement_contributions(organisation_id: int, year: int) -> Any:
    return (
        Contribution.objects.of_organisation(organisation_id)
        .in_year(year)
        .select_related("partner__action")
        .order_by("date", "pk")
    )


def statement_totals(organisation_id: int, year: int) -> StatementTotals:
    """One aggregate query over the organisation's contributions of the year."""
    zero = Decimal("0.00")
    rows = Contribution.objects.of_organisation(organisation_id).in_year(year)
    sums = rows.aggregate(
        money=Sum("value", filter=Q(kind=ContributionKind.MONEY)),
        in_kind=Sum("value", filter=Q(kind=ContributionKind.IN_KIND)),
        hours=Sum("hours", filter=Q(kind=ContributionKind.EXPERTISE)),
        expertise_value=Sum("value", filter=Q(kind=ContributionKind.EXPERTISE)),
        count=Count("pk"),
    )
    return StatementTotals(
        money=Decimal(sums["money"] or zero).quantize(CENT),
        in_kind=Decimal(sums["in_kind"] or zero).quantize(CENT),
        hours=Decimal(sums["hours"] or zero).quantize(CENT),
        expertise_value=Decimal(sums["expertise_value"] or zero).quantize(CENT),
        count=sums["count"],
    )


def partner_statement(organisation: Organisation, year: int) -> Statement:
    return Statement(
        organisation=organisation,
        year=year,
        contributions=list(statement_contributions(organisation.pk, year)),
        totals=statement_totals(organisation.pk, year),
        made_on=timezone.localdate(),
    )


def statement_years(organisation_id: int) -> list[int]:
    """The years in which the organisation contributed, latest first (one query)."""
    years = Contribution.objects.of_organisation(organisation_id).dates(
        "date", "year", order="DESC"
    )
    return [day.year for day in years]


def statement_note() -> str:
    return _(
        "Ce relevé aide à préparer un reçu au titre du mécénat, mais ce relevé n'est pas le reçu "
        "fiscal (cerfa n° 11580). Seul l'organisme qui reçoit le don peut délivrer ce reçu, "
        "selon ses propres règles ; les valeurs en nature et en heures sont celles déclarées "
        "lors de la saisie."
    )


def statement_rows(statement: Statement) -> list[list[Any]]:
    """The statement as spreadsheet rows, header first, totals last (numbers, no formula)."""
    rows: list[list[Any]] = [
        [
            _("Date"),
            _("Action"),
            _("État de l'action"),
            _("Type d'apport"),
            _("Description"),
            _("Heures"),
            _("Valeur d'une heure (€)"),
            _("Valeur (€)"),
        ]
    ]
    for contribution in statement.contributions:
        action = contribution.partner.action
        rows.append(
            [
                contribution.date,
                action.title,
                action.get_status_display(),
                contribution.get_kind_display(),
                contribution.description,
                contribution.hours,
                contribution.hourly_value,
                contribution.value,
            ]
        )
    totals = statement.totals
    rows += [
        [],
        [_("Total des apports financiers (€)"), *[None] * 6, totals.money],
        [_("Total des apports en nature (€)"), *[None] * 6, totals.in_kind],
        [_("Total des heures d'expert"), *[None] * 4, totals.hours, None, totals.expertise_value],
        [_("Total général (€)"), *[None] * 6, totals.total],
        [],
        [statement_note()],
    ]
    return rows


def statement_pdf(statement: Statement) -> bytes:
    from django.conf import settings
    from django.template.loader import render_to_string
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string(
        "partnerships/actions/statement_pdf.html",
        {"statement": statement, "note": statement_note()},
    )
    pdf = HTML(string=html, base_url=settings.SITE_URL).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def statement_xlsx(statement: Statement) -> bytes:
    from lakou.core.exports import xlsx_bytes

    return xlsx_bytes(
        [(_("Relevé %(year)s") % {"year": statement.year}, statement_rows(statement))]
    )


# ---------------------------------------------------------------- iCalendar feed

PRODID = "-//Lakou//Actions de partenariat en Martinique//FR"


def action_uid(action: Action) -> str:
    """Stable across edits and hosts, so that a calendar updates the event instead of adding one."""
    return f"lakou-partnership-action-{action.pk}@lakou"


def actions_calendar(
    actions: Sequence[Action] | ActionQuerySet, *, name: str, base_url: str
) -> bytes:
    """One VEVENT per action, times in UTC (every calendar shows them in its own zone)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "America/Martinique")
    for action in actions:
        url = base_url + action.get_absolute_url()
        event = Event()
        event.add("uid", action_uid(action))
        event.add("summary", f"{action.title} ({action.get_kind_display()})")
        event.add("dtstart", action.starts_at)
        event.add("dtend", action.ends_at)
        event.add("dtstamp", action.updated_at)
        event.add("last-modified", action.updated_at)
        event.add("location", action.place)
        organisers = ", ".join(organiser.name for organiser in action.organisers.all())
        description = [action.description[:500], organisers, url]
        event.add("description", "\n".join(line for line in description if line))
        event.add("url", url)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
