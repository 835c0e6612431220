"""Mediation acts: a mediator logs what they did (in under a minute on a phone), corrects it while
no validated statement holds it, withdraws it while no statement does; a coordinator accepts an
act logged late. A workshop's act is its attendance: `workshop_acts_sync` writes one collective
act per mediator who led it. The Coop export (docs/formats/actes-coop.md) is written here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.exports import csv_bytes
from lakou.mediation.models import (
    ACT_MAX_MINUTES,
    ACT_MIN_MINUTES,
    MAX_CAPACITY,
    Act,
    ActKind,
    AgeBand,
    Autonomy,
    Equipment,
    Mediator,
    Outcome,
    PlaceType,
    ProcedureTheme,
    RedirectStructure,
    Registration,
    Situation,
    StatementStatus,
    Theme,
    Venue,
    Workshop,
)
from lakou.mediation.perms import acts as perms
from lakou.mediation.services.act_checks import is_late
from lakou.mediation.services.training import training_certificate
from lakou.territory.models import Commune
from lakou.training.models import Programme

# How far back an act may be logged (a year): older ones are no longer paid nor counted.
MAX_DAYS_BACK = 365
DURATION_CHOICES = (15, 30, 45, 60, 90, 120)
DEFAULT_DURATION = 30
# A workshop's DigComp area (its code) stands for these Coop themes in its act.
AREA_THEMES = {
    "1": (Theme.BROWSING,),
    "2": (Theme.EMAIL, Theme.SOCIAL),
    "3": (Theme.CREATING,),
    "4": (Theme.SECURITY,),
    "5": (Theme.DEVICE,),
}


class ActError(Exception):
    """An act refused as a whole; the French message names the field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ActData:
    starts_at: datetime
    duration_minutes: int
    kind: str = ActKind.INDIVIDUAL
    place_type: str = PlaceType.VENUE
    venue: Venue | None = None
    commune: Commune | None = None
    themes: tuple[str, ...] = ()
    procedure_themes: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    outcome: str = ""
    redirected_programme: Programme | None = None
    redirected_structure: str = ""
    autonomy: str = ""
    age_band: str = AgeBand.UNKNOWN
    situation: str = Situation.UNKNOWN
    first_time: bool | None = None
    participants: int | None = None


def default_start(now: datetime | None = None, duration: int = DEFAULT_DURATION) -> datetime:
    """Now in Martinique, rounded down to five minutes, minus the duration: an act just ended."""
    local = timezone.localtime(now or timezone.now())
    rounded = local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)
    return rounded - timedelta(minutes=duration)


def default_venue(mediator: Mediator) -> Venue | None:
    """The venue of the mediator's last act, else the first venue of the communes they serve."""
    last = (
        Act.objects.filter(mediator=mediator, venue__isnull=False, venue__is_published=True)
        .order_by("-logged_at", "-pk")
        .select_related("venue__commune")
        .first()
    )
    if last is not None:
        return last.venue
    return (
        Venue.objects.published()
        .filter(commune__in=mediator.communes_served.all())
        .select_related("commune")
        .order_by("commune__name", "name", "pk")
        .first()
    )


def late_limit() -> int:
    """After this many days, an act waits for a coordinator's approval before it is paid."""
    return int(settings.MEDIATION_ACT_LATE_DAYS)


def is_trained(mediator: Mediator) -> bool:
    return training_certificate(mediator) is not None


def _choices(values: Iterable[str], allowed: type, field: str) -> list[str]:
    codes = {str(v) for v in allowed.values}  # type: ignore[attr-defined]
    chosen = list(dict.fromkeys(values))
    if any(v not in codes for v in chosen):
        raise ActError(_("Choisissez dans la liste proposée."), field=field)
    return chosen


def _one(value: str, allowed: type, field: str, *, blank: bool = True) -> str:
    if value == "" and blank:
        return ""
    if value not in {str(v) for v in allowed.values}:  # type: ignore[attr-defined]
        raise ActError(_("Choisissez dans la liste proposée."), field=field)
    return value


def _fields(mediator: Mediator, data: ActData, *, original: Act | None = None) -> dict[str, object]:
    """The act's columns from what the mediator wrote, or the first reason to refuse it."""
    kind = _one(data.kind, ActKind, "kind", blank=False)
    place_type = _one(data.place_type, PlaceType, "place_type", blank=False)
    if not ACT_MIN_MINUTES <= data.duration_minutes <= ACT_MAX_MINUTES:
        raise ActError(
            _("Un acte dure de %(low)s minutes à %(high)s heures.")
            % {"low": ACT_MIN_MINUTES, "high": ACT_MAX_MINUTES // 60},
            field="duration_minutes",
        )
    now = timezone.now()
    today = timezone.localdate(now)
    day = timezone.localdate(data.starts_at)
    if day > today:
        raise ActError(_("La date est à venir : un acte se note une fois fait."), field="date")
    if data.starts_at > now:
        raise ActError(
            _("L'heure de début est à venir : un acte se note une fois fait."), field="start_time"
        )
    moved = original is None or timezone.localdate(original.starts_at) != day
    if moved and day < today - timedelta(days=MAX_DAYS_BACK):
        raise ActError(
            _("Un acte se note dans l'année : cette date a plus de %(days)s jours.")
            % {"days": MAX_DAYS_BACK},
            field="date",
        )
    venue, commune = data.venue, data.commune
    if place_type == PlaceType.VENUE:
        if venue is None:
            raise ActError(_("Choisissez le lieu de médiation."), field="venue")
        commune = venue.commune
    else:
        venue = None
        if commune is None:
            raise ActError(
                _("Choisissez la commune où l'acte a eu lieu (ou de la personne, à distance)."),
                field="commune",
            )
    themes = _choices(data.themes, Theme, "themes")
    procedures = _choices(data.procedure_themes, ProcedureTheme, "procedure_themes")
    if procedures and kind != ActKind.INDIVIDUAL:
        raise ActError(
            _("Une démarche administrative se note pour un accompagnement individuel."),
            field="procedure_themes",
        )
    if procedures and not is_trained(mediator):
        raise ActError(
            _(
                "Seul un médiateur formé note une aide aux démarches administratives en ligne : "
                "il faut un certificat valide d'une formation qui qualifie les médiateurs."
            ),
            field="procedure_themes",
        )
    if not themes and not procedures:
        raise ActError(_("Cochez au moins un thème."), field="themes")
    equipment = _choices(data.equipment, Equipment, "equipment")
    outcome = _one(data.outcome, Outcome, "outcome")
    programme, structure = data.redirected_programme, data.redirected_structure
    if outcome == Outcome.REDIRECTED:
        structure = _one(structure, RedirectStructure, "redirected_structure")
        if (
            programme is not None
            and not Programme.objects.published().filter(pk=programme.pk).exists()
        ):
            raise ActError(
                _("Cette formation n'est plus au catalogue."), field="redirected_programme"
            )
        if programme is None and not structure:
            raise ActError(
                _(
                    "Indiquez vers quoi la personne est orientée : une formation du catalogue "
                    "ou une structure."
                ),
                field="redirected_programme",
            )
    else:
        programme, structure = None, ""
    if kind == ActKind.INDIVIDUAL:
        participants = 1
        autonomy = _one(data.autonomy, Autonomy, "autonomy")
    else:
        autonomy = ""
        if data.participants is None:
            raise ActError(_("Indiquez le nombre de participants."), field="participants")
        if not 1 <= data.participants <= MAX_CAPACITY:
            raise ActError(
                _("Indiquez de 1 à %(max)s participants.") % {"max": MAX_CAPACITY},
                field="participants",
            )
        participants = data.participants
    return {
        "kind": kind,
        "starts_at": data.starts_at,
        "duration_minutes": data.duration_minutes,
        "place_type": place_type,
        "venue": venue,
        "commune": commune,
        "themes": themes,
        "procedure_themes": procedures,
        "equipment": equipment,
        "outcome": outcome,
        "redirected_programme": programme,
        "redirected_structure": structure,
        "autonomy": autonomy,
        "age_band": _one(data.age_band, AgeBand, "age_band", blank=False),
        "situation": _one(data.situation, Situation, "situation", blank=False),
        "first_time": data.first_time,
        "participants": participants,
    }


def _logging_mediator(actor: Actor) -> Mediator:
    mediator = perms.own_mediator(actor)
    if mediator is None or not perms.can_log(mediator):
        raise PermissionDenied(_("Seuls les médiateurs actifs notent des actes."))
    return mediator


def act_create(*, actor: Actor, data: ActData) -> Act:
    """An act of the actor, who must be an active mediator."""
    mediator = _logging_mediator(actor)
    values = _fields(mediator, data)
    with transaction.atomic():
        act = Act.objects.create(mediator=mediator, logged_by=actor.user, **values)
        audit_record(actor=actor, action="act.create", obj=act)
    return act


def _locked(act: Act) -> Act:
    return (
        Act.objects.select_for_update(of=("self",))
        .select_related("mediator", "workshop")
        .get(pk=act.pk)
    )


def _not_by_hand(act: Act) -> None:
    if act.workshop_id is not None:
        raise ActError(
            _(
                "Cet acte vient de la présence de l'atelier « %(title)s » : corrigez la présence "
                "de l'atelier, l'acte suit."
            )
            % {"title": act.workshop.title if act.workshop else ""}
        )
    if act.withdrawn_at is not None:
        raise ActError(_("Cet acte est retiré."))


def act_update(*, actor: Actor, act: Act, data: ActData) -> Act:
    """The mediator corrects their act, as long as no validated statement holds it."""
    mediator = _logging_mediator(actor)
    if act.mediator_id != mediator.pk:
        raise PermissionDenied(_("Seul le médiateur qui l'a noté corrige un acte."))
    with transaction.atomic():
        locked = _locked(act)
        _not_by_hand(locked)
        if locked.statement_lines.exclude(statement__status=StatementStatus.DRAFT).exists():
            raise ActError(_("Cet acte est sur un relevé validé : il ne se modifie plus."))
        values = _fields(mediator, data, original=locked)
        if timezone.localdate(values["starts_at"]) != timezone.localdate(locked.starts_at):  # type: ignore[arg-type]
            # The accepted delay was for the former date.
            locked.late_approved_at = None
            locked.late_approved_by = None
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(actor=actor, action="act.update", obj=locked)
    return locked


def act_withdraw(*, actor: Actor, act: Act) -> Act:
    """The act no longer counts (a mistake, a double); refused once a statement holds it."""
    if not perms.can_withdraw(actor, act):
        raise PermissionDenied(_("Seuls le médiateur et ses coordinateurs retirent un acte."))
    with transaction.atomic():
        locked = _locked(act)
        _not_by_hand(locked)
        if locked.statement_lines.exists():
            raise ActError(
                _(
                    "Cet acte est sur un relevé mensuel : il ne se retire plus. Si le relevé est "
                    "encore un brouillon, retirez d'abord l'acte du relevé."
                )
            )
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit_record(actor=actor, action="act.withdraw", obj=locked)
    return locked


def act_late_approve(*, actor: Actor, act: Act) -> Act:
    """A coordinator accepts an act logged more than N days after it took place."""
    if not perms.can_review(actor, act):
        raise PermissionDenied(_("Seuls la fédération et l'EPCI qui finance le médiateur le font."))
    with transaction.atomic():
        locked = _locked(act)
        if locked.withdrawn_at is not None:
            raise ActError(_("Cet acte est retiré."))
        if locked.late_approved_at is not None:
            raise ActError(_("Ce retard est déjà accepté."))
        if not is_late(locked):
            raise ActError(_("Cet acte a été noté à temps : il n'y a pas de retard à accepter."))
        locked.late_approved_at = timezone.now()
        locked.late_approved_by = actor.user
        locked.save(update_fields=["late_approved_at", "late_approved_by"])
        audit_record(actor=actor, action="act.late_approve", obj=locked)
    return locked


# ---------------------------------------------------------------- workshops


def workshop_acts_sync(workshop: Workshop) -> list[Act]:
    """The workshop's acts from its attendance: one collective act per mediator who leads it,
    with the number marked present. No one present (or a cancelled workshop): its acts are
    withdrawn. An act on a statement stays as it is (a locked one holds its figures; a draft's
    line would price an act that changed under it). Returns the live acts."""
    present = workshop.registrations.filter(
        status=Registration.Status.CONFIRMED, attended=True
    ).count()
    leaders = {m.pk for m in workshop.mediators.all()}
    existing = {
        act.mediator_id: act for act in Act.objects.select_for_update().filter(workshop=workshop)
    }
    held = set(
        Act.objects.filter(workshop=workshop, statement_lines__isnull=False).values_list(
            "pk", flat=True
        )
    )
    wanted = leaders if present and workshop.status != Workshop.Status.CANCELLED else set()
    now = timezone.now()
    area = workshop.topic.code if workshop.topic_id and workshop.topic else ""
    values: dict[str, object] = {
        "kind": ActKind.COLLECTIVE,
        "starts_at": workshop.starts_at,
        "duration_minutes": min(max(workshop.duration_minutes, ACT_MIN_MINUTES), ACT_MAX_MINUTES),
        "place_type": PlaceType.VENUE,
        "venue_id": workshop.venue_id,
        "commune_id": workshop.venue.commune_id,
        "participants": min(max(present, 1), MAX_CAPACITY),
        "themes": [str(t) for t in AREA_THEMES.get(area, ())],
        "withdrawn_at": None,
    }
    live = []
    with transaction.atomic():
        for mediator_id, act in existing.items():
            if act.pk in held:
                if act.withdrawn_at is None:
                    live.append(act)
                continue
            if mediator_id not in wanted:
                if act.withdrawn_at is None:
                    act.withdrawn_at = now
                    act.save(update_fields=["withdrawn_at"])
                continue
            for name, value in values.items():
                setattr(act, name, value)
            act.save()
            live.append(act)
        for mediator_id in sorted(wanted - existing.keys()):
            live.append(Act.objects.create(mediator_id=mediator_id, workshop=workshop, **values))
    return live


# ---------------------------------------------------------------- Coop export

COOP_COLUMNS = (
    "type",
    "date",
    "heure_debut",
    "duree_minutes",
    "type_lieu",
    "lieu",
    "code_insee",
    "commune",
    "thematiques",
    "thematiques_demarche",
    "materiel",
    "autonomie",
    "oriente",
    "structure_de_redirection",
    "formation_conseillee",
    "tranche_age",
    "statut_social",
    "participants",
    "premiere_fois",
    "mediateur",
    "atelier",
)
COOP_PLACE = {
    PlaceType.VENUE: "LieuActivite",
    PlaceType.HOME: "Domicile",
    PlaceType.REMOTE: "ADistance",
    PlaceType.OTHER: "Autre",
}


def coop_type(act: Act) -> str:
    """Coop's three activity types: a collective workshop, an individual act, or an individual
    help with an administrative procedure."""
    if act.kind == ActKind.COLLECTIVE:
        return "Collectif"
    return "Demarche" if act.is_procedure else "Individuel"


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "oui" if value else "non"


def coop_row(act: Act) -> list[object]:
    local = timezone.localtime(act.starts_at)
    return [
        coop_type(act),
        local.date().isoformat(),
        local.strftime("%H:%M"),
        act.duration_minutes,
        COOP_PLACE[PlaceType(act.place_type)],
        act.venue.name if act.venue else "",
        act.commune.insee_code,
        act.commune.name,
        "|".join(act.themes),
        "|".join(act.procedure_themes),
        "|".join(act.equipment),
        act.autonomy,
        _yes_no(act.outcome == Outcome.REDIRECTED) if act.outcome else "",
        act.redirected_structure,
        act.redirected_programme.title if act.redirected_programme else "",
        act.age_band,
        act.situation,
        act.participants,
        _yes_no(act.first_time),
        str(act.mediator),
        act.workshop.title if act.workshop else "",
    ]


def coop_csv(acts: Sequence[Act] | Iterable[Act]) -> bytes:
    """One line per act, Coop's codes as values; `acts` with their mediator's user, commune,
    venue, programme and workshop selected. Text typed by someone is neutralised by core.exports."""
    return csv_bytes([COOP_COLUMNS, *(coop_row(act) for act in acts)])


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of the month and of the next one, in Martinique time."""
    start = month.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(following, time.min)),
    )
