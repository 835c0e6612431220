"""Follow-up scheduling with frozen time: due dates, reminders, idempotence.

Time is frozen by passing `now=` to the service (the project has no time-freezing library).
E-mails go through the database task backend, delivered by the real worker.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from lakou.core.tasks import send_email
from lakou.training.errors import TrainingError
from lakou.training.models import FollowUp
from lakou.training.services.followup import (
    follow_up_answer,
    follow_up_create,
    follow_ups_send_due,
)
from tests.accounts.factories import UserFactory
from tests.tasks import run_worker
from tests.training.factories_followup import make_certificate, make_follow_up

pytestmark = pytest.mark.django_db(transaction=True)

# The e-mail task as the follow-up sender sees it; tests make its `enqueue` fail.
SEND_EMAIL = "lakou.training.services.followup.send_email"


def at(day: date, hour: int = 10) -> datetime:
    """A moment in Martinique's time zone, as the worker would see it that day."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def deliver() -> list[mail.EmailMessage]:
    """Run the database worker once, as in tests/core/test_tasks.py, and return the outbox."""
    run_worker()
    return list(mail.outbox)


def kinds_per_learner() -> Counter[tuple[str, str]]:
    return Counter(
        (message.to[0], "rappel" if "Rappel" in message.subject else "questionnaire")
        for message in mail.outbox
    )


def test_the_follow_up_is_due_six_months_after_the_certificate() -> None:
    follow_up = make_follow_up(issued_on=date(2026, 1, 15))
    assert follow_up.due_on == date(2026, 7, 15)
    assert follow_up.state == FollowUp.State.DUE


def test_a_certificate_of_31_august_is_followed_up_on_the_last_day_of_february() -> None:
    assert make_follow_up(issued_on=date(2025, 8, 31)).due_on == date(2026, 2, 28)


def test_nothing_is_sent_the_day_before_the_due_date() -> None:
    make_follow_up(issued_on=date(2026, 1, 15))
    run = follow_ups_send_due(now=at(date(2026, 7, 14), hour=23))
    assert run.sent == 0
    assert deliver() == []


def test_the_questionnaire_is_emailed_on_the_due_date_with_the_answer_link() -> None:
    learner = UserFactory(email="line@exemple.mq", first_name="Line", last_name="Hilaire")
    follow_up = make_follow_up(learner=learner, issued_on=date(2026, 1, 15))

    run = follow_ups_send_due(now=at(date(2026, 7, 15), hour=6))

    assert run.sent == 1
    [message] = deliver()
    assert message.to == ["line@exemple.mq"]
    assert "Six mois après votre formation" in message.subject
    assert "Line Hilaire" in message.body
    assert "/formations/suivi/" in message.body
    follow_up.refresh_from_db()
    assert follow_up.sent_at == at(date(2026, 7, 15), hour=6)


def test_reminders_follow_after_7_and_14_days_then_it_becomes_unreachable_after_30() -> None:
    follow_up = make_follow_up(issued_on=date(2026, 1, 15))
    follow_ups_send_due(now=at(date(2026, 7, 15)))

    assert follow_ups_send_due(now=at(date(2026, 7, 21))).first_reminders == 0
    assert follow_ups_send_due(now=at(date(2026, 7, 22))).first_reminders == 1
    assert follow_ups_send_due(now=at(date(2026, 7, 28))).second_reminders == 0
    assert follow_ups_send_due(now=at(date(2026, 7, 29))).second_reminders == 1
    assert follow_ups_send_due(now=at(date(2026, 8, 13))).unreachable == 0
    assert follow_ups_send_due(now=at(date(2026, 8, 14))).unreachable == 1

    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.UNREACHABLE
    assert follow_up.unreachable_at == at(date(2026, 8, 14))
    subjects = [message.subject for message in deliver()]
    assert len(subjects) == 3
    assert sum("Rappel" in subject for subject in subjects) == 2


def test_a_worker_that_was_stopped_for_weeks_does_not_send_both_reminders_at_once() -> None:
    make_follow_up(issued_on=date(2026, 1, 15))
    follow_ups_send_due(now=at(date(2026, 7, 15)))
    run = follow_ups_send_due(now=at(date(2026, 8, 20)))
    assert (run.first_reminders, run.second_reminders, run.unreachable) == (1, 0, 0)


def test_a_learner_who_answered_gets_no_reminder() -> None:
    follow_up = make_follow_up(issued_on=date(2026, 1, 15))
    follow_ups_send_due(now=at(date(2026, 7, 15)))
    FollowUp.objects.filter(pk=follow_up.pk).update(state=FollowUp.State.ANSWERED)
    run = follow_ups_send_due(now=at(date(2026, 7, 23)))
    assert run.first_reminders == 0
    assert len(deliver()) == 1


def test_a_revoked_certificate_gets_no_email_and_stays_due() -> None:
    follow_up = make_follow_up(issued_on=date(2026, 1, 15))
    follow_up.certificate.revoked_at = at(date(2026, 3, 1))
    follow_up.certificate.save()
    run = follow_ups_send_due(now=at(date(2026, 9, 1)))
    assert run.sent == 0
    assert deliver() == []
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.DUE


def test_running_twice_the_same_day_sends_nothing_twice() -> None:
    make_follow_up(issued_on=date(2026, 1, 15))
    make_follow_up(issued_on=date(2026, 1, 15))
    follow_ups_send_due(now=at(date(2026, 7, 15)))
    second = follow_ups_send_due(now=at(date(2026, 7, 15), hour=11))
    assert second.sent == 0
    assert len(deliver()) == 2


def test_the_worker_restarts_mid_run_and_each_learner_gets_each_email_once() -> None:
    learners = [UserFactory(email=f"apprenant{n}@exemple.mq") for n in range(3)]
    for learner in learners:
        make_follow_up(learner=learner, issued_on=date(2026, 1, 15))

    def crash_for_the_second_learner(**kwargs: object) -> object:
        if kwargs["to"] == ["apprenant1@exemple.mq"]:
            raise RuntimeError("le travailleur s'arrête")
        return send_email.enqueue(**kwargs)

    # First run: the e-mail of the second learner fails, so its claim is rolled back.
    with mock.patch(SEND_EMAIL) as failing_task:
        failing_task.enqueue.side_effect = crash_for_the_second_learner
        with pytest.raises(RuntimeError):
            follow_ups_send_due(now=at(date(2026, 7, 15)))
    assert FollowUp.objects.filter(sent_at__isnull=False).count() == 1

    # The restarted worker runs the whole thing again, then once more the same day.
    follow_ups_send_due(now=at(date(2026, 7, 15), hour=11))
    follow_ups_send_due(now=at(date(2026, 7, 15), hour=12))
    deliver()
    # Reminders, run twice too.
    follow_ups_send_due(now=at(date(2026, 7, 23)))
    follow_ups_send_due(now=at(date(2026, 7, 23), hour=11))
    deliver()

    assert kinds_per_learner() == Counter(
        {(learner.email, kind): 1 for learner in learners for kind in ("questionnaire", "rappel")}
    )


def test_a_questionnaire_claimed_but_not_committed_is_sent_by_the_next_run() -> None:
    follow_up = follow_up_create(make_certificate(issued_on=date(2026, 1, 15)))
    with mock.patch(SEND_EMAIL) as failing_task:
        failing_task.enqueue.side_effect = RuntimeError
        with pytest.raises(RuntimeError):
            follow_ups_send_due(now=at(date(2026, 7, 15)))
    follow_up.refresh_from_db()
    assert follow_up.sent_at is None

    assert follow_ups_send_due(now=at(date(2026, 7, 16))).sent == 1
    assert len(deliver()) == 1


def test_an_answer_cannot_be_recorded_before_the_six_months_are_over() -> None:
    follow_up = make_follow_up(issued_on=timezone.localdate())

    with pytest.raises(TrainingError, match="se recueille à partir du"):
        follow_up_answer(
            follow_up=follow_up,
            situation="job_seeking",
            is_digital_job=None,
            occupation=None,
            employer_commune=None,
            channel=FollowUp.Channel.EMAIL,
        )
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.DUE
