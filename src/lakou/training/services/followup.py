"""The six-month follow-up of certified learners: scheduling, sending, reminders, answers."""

from __future__ import annotations

import calendar
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import hash_token
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.tasks import send_email
from lakou.skills.models import Occupation
from lakou.territory.models import Commune
from lakou.training.errors import TrainingError
from lakou.training.models import (
    EMPLOYED_SITUATIONS,
    Certificate,
    FollowUp,
    FollowUpQuerySet,
    Situation,
)
from lakou.training.perms.followup import can_record_follow_up

FOLLOW_UP_MONTHS = 6
# Reminders are counted from the questionnaire e-mail; each one waits for the previous one.
FIRST_REMINDER_AFTER = timedelta(days=7)
SECOND_REMINDER_AFTER = timedelta(days=14)
# Without an answer 30 days after the questionnaire (and a week after the second reminder),
# the follow-up is closed as unreachable; docs/suivi.md tells providers and the federation.
UNREACHABLE_AFTER = timedelta(days=30)
REMINDER_GAP = timedelta(days=7)


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 months = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_create(certificate: Certificate) -> FollowUp:
    """Schedule the follow-up of a new certificate (called inside the issuing transaction).

    Its link is made when the questionnaire is e-mailed; until then the stored hash is that of
    a token nobody holds.
    """
    return FollowUp.objects.create(
        certificate=certificate,
        due_on=months_after(certificate.issued_on, FOLLOW_UP_MONTHS),
        token_hash=hash_token(secrets.token_urlsafe(32)),
    )


# ---------------------------------------------------------------- answer links


def follow_up_new_token(follow_up: FollowUp) -> str:
    """A new token for the follow-up's answer link; only its SHA-256 is stored.

    Each e-mail carries a new link and the previous ones stop working: the token exists only in
    the latest e-mail (docs/suivi.md tells the learners' side of it). Called in the transaction
    that enqueues the e-mail, so the stored hash and the e-mailed link never disagree.
    """
    raw_token = secrets.token_urlsafe(32)
    FollowUp.objects.filter(pk=follow_up.pk).update(token_hash=hash_token(raw_token))
    follow_up.token_hash = hash_token(raw_token)
    return raw_token


def follow_up_answer_url(raw_token: str) -> str:
    return settings.SITE_URL + reverse("training:followup_answer", kwargs={"token": raw_token})


def follow_up_by_token(raw_token: str) -> FollowUp | None:
    """The follow-up an answer link points to (through the unique index on the hash), or None."""
    if not raw_token:
        return None
    return (
        FollowUp.objects.select_related("certificate__programme", "certificate__provider")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )


# ---------------------------------------------------------------- sending


@dataclass
class FollowUpRun:
    """What one run of the sender did, for the task result and the logs."""

    sent: int = 0
    first_reminders: int = 0
    second_reminders: int = 0
    unreachable: int = 0


def enqueue_email_now(
    *, to: list[str], subject: str, template: str, context: dict[str, Any]
) -> None:
    """Enqueue an e-mail in the current transaction, unlike `notify_by_email` (on commit).

    The database task backend writes the task row in the same database: the row that claims a
    follow-up and the e-mail task commit together or not at all, so a crash between the two can
    lose neither one alone, and a restarted worker never sends the same e-mail twice.
    """
    body = render_to_string(template, context)
    send_email.enqueue(to=to, subject=f"[Lakou] {subject}", body=body)


def _pending() -> FollowUpQuerySet:
    """Follow-ups still waiting for an answer; revoked certificates are left alone."""
    return FollowUp.objects.filter(
        state=FollowUp.State.DUE, certificate__revoked_at__isnull=True
    ).select_related("certificate__learner", "certificate__programme", "certificate__provider")


def _email(follow_up: FollowUp, *, template: str, subject: str) -> None:
    certificate = follow_up.certificate
    enqueue_email_now(
        to=[certificate.learner.email],
        subject=subject,
        template=template,
        context={
            "certificate": certificate,
            "learner_name": certificate.learner_name,
            "programme": certificate.achievement,
            "provider": certificate.provider.name,
            "link": follow_up_answer_url(follow_up_new_token(follow_up)),
        },
    )


def _claim_and_email(
    follow_up: FollowUp, *, column: str, now: datetime, send: Callable[[FollowUp], None]
) -> bool:
    """Set `column` to `now` if still empty and enqueue the e-mail, in one transaction."""
    with transaction.atomic():
        claimed = FollowUp.objects.filter(
            pk=follow_up.pk, state=FollowUp.State.DUE, **{f"{column}__isnull": True}
        ).update(**{column: now})
        if claimed:
            send(follow_up)
    return bool(claimed)


def follow_ups_send_due(*, now: datetime | None = None) -> FollowUpRun:
    """Send the questionnaires that are due, the reminders, and close the ones left unanswered.

    Safe to run as often as wanted and to restart mid-run: each e-mail is claimed on its row.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = FollowUpRun()

    def questionnaire(follow_up: FollowUp) -> None:
        _email(
            follow_up,
            template="training/emails/followup_questionnaire.txt",
            subject=_("Six mois après votre formation : où en êtes-vous ?"),
        )

    def reminder(follow_up: FollowUp) -> None:
        _email(
            follow_up,
            template="training/emails/followup_reminder.txt",
            subject=_("Rappel : votre situation six mois après la formation"),
        )

    for follow_up in _pending().filter(due_on__lte=today, sent_at__isnull=True).iterator():
        run.sent += _claim_and_email(follow_up, column="sent_at", now=now, send=questionnaire)
    first_due = _pending().filter(
        sent_at__lte=now - FIRST_REMINDER_AFTER, first_reminder_at__isnull=True
    )
    for follow_up in first_due.iterator():
        run.first_reminders += _claim_and_email(
            follow_up, column="first_reminder_at", now=now, send=reminder
        )
    second_due = _pending().filter(
        sent_at__lte=now - SECOND_REMINDER_AFTER,
        first_reminder_at__lte=now - REMINDER_GAP,
        second_reminder_at__isnull=True,
    )
    for follow_up in second_due.iterator():
        run.second_reminders += _claim_and_email(
            follow_up, column="second_reminder_at", now=now, send=reminder
        )
    unanswered = _pending().filter(
        sent_at__lte=now - UNREACHABLE_AFTER, second_reminder_at__lte=now - REMINDER_GAP
    )
    for follow_up in unanswered.iterator():
        with transaction.atomic():
            if FollowUp.objects.filter(pk=follow_up.pk, state=FollowUp.State.DUE).update(
                state=FollowUp.State.UNREACHABLE, unreachable_at=now
            ):
                audit_record(actor=None, action="follow_up.unreachable", obj=follow_up)
                run.unreachable += 1
    return run


# ---------------------------------------------------------------- answers


def _require_owner(actor: Actor | None, follow_up: FollowUp) -> None:
    if actor is None or not can_record_follow_up(actor, follow_up):
        raise PermissionDenied(_("Ce suivi concerne un certificat d'un autre organisme."))


def follow_up_answer(
    *,
    follow_up: FollowUp,
    situation: str,
    is_digital_job: bool | None,
    occupation: Occupation | None,
    employer_commune: Commune | None,
    channel: str,
    actor: Actor | None = None,
) -> FollowUp:
    """Record the learner's answer (online by the learner, or by phone by the provider).

    The job's details only mean something in employment: they are cleared otherwise. "Outside
    Martinique" is an empty employer commune.
    """
    if channel == FollowUp.Channel.PHONE:
        _require_owner(actor, follow_up)
    elif channel != FollowUp.Channel.EMAIL:
        raise TrainingError(_("Canal de réponse inconnu."))
    if situation not in Situation.values:
        raise TrainingError(_("Choisissez une situation dans la liste."))
    if situation in EMPLOYED_SITUATIONS:
        if is_digital_job is None:
            raise TrainingError(_("Indiquez si cet emploi est dans le numérique."))
    else:
        is_digital_job, occupation, employer_commune = None, None, None
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.state == FollowUp.State.ANSWERED:
            raise TrainingError(_("Une réponse est déjà enregistrée pour ce suivi."))
        if locked.due_on > timezone.localdate():
            # An answer taken earlier would not describe the situation six months after.
            raise TrainingError(
                _("Le suivi à six mois se recueille à partir du %(date)s.")
                % {"date": locked.due_on.strftime("%d/%m/%Y")}
            )
        locked.state = FollowUp.State.ANSWERED
        locked.situation = situation
        locked.is_digital_job = is_digital_job
        locked.occupation = occupation
        locked.employer_commune = employer_commune
        locked.channel = channel
        locked.answered_at = timezone.now()
        locked.recorded_by = actor.user if actor and channel == FollowUp.Channel.PHONE else None
        locked.save()
        audit_record(
            actor=actor, action="follow_up.answer", obj=locked, changes={"channel": channel}
        )
    return locked


def follow_up_declare_unreachable(*, actor: Actor, follow_up: FollowUp) -> FollowUp:
    """The provider could not reach the learner either: the follow-up closes without answer."""
    _require_owner(actor, follow_up)
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.state != FollowUp.State.DUE:
            raise TrainingError(_("Ce suivi n'attend plus de réponse."))
        locked.state = FollowUp.State.UNREACHABLE
        locked.unreachable_at = timezone.now()
        locked.save(update_fields=["state", "unreachable_at"])
        audit_record(actor=actor, action="follow_up.unreachable", obj=locked)
    return locked


# ---------------------------------------------------------------- reads


class ListFilter:
    """The states a provider filters the list by; "not yet due" is a due one before its day."""

    NOT_YET_DUE = "not_yet_due"
    DUE = FollowUp.State.DUE.value
    ANSWERED = FollowUp.State.ANSWERED.value
    UNREACHABLE = FollowUp.State.UNREACHABLE.value
    ALL = (NOT_YET_DUE, DUE, ANSWERED, UNREACHABLE)


def follow_ups_of_provider(
    organisation_id: int | None, *, state: str = "", today: date | None = None
) -> FollowUpQuerySet:
    """A provider's follow-ups, soonest due first, with what a list row shows."""
    today = today or timezone.localdate()
    rows = FollowUp.objects.of_provider(organisation_id)
    if state == ListFilter.NOT_YET_DUE:
        rows = rows.filter(state=FollowUp.State.DUE, due_on__gt=today)
    elif state == ListFilter.DUE:
        rows = rows.filter(state=FollowUp.State.DUE, due_on__lte=today)
    elif state in (ListFilter.ANSWERED, ListFilter.UNREACHABLE):
        rows = rows.filter(state=state)
    return rows.select_related(
        "certificate__programme", "certificate__learner", "occupation"
    ).order_by("due_on", "pk")
