"""`lakou run-periodic`: the scheduler that enqueues the periodic tasks for the worker."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lakou.core.management.commands.run_periodic import due_tasks
from lakou.core.periodic import PeriodicTask, periodic_tasks
from lakou.training.models import FollowUp
from tests.tasks import run_worker
from tests.training.factories_followup import make_follow_up


@pytest.mark.django_db
def test_once_enqueues_the_follow_up_and_the_campaign_reminders() -> None:
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)
    paths = sorted(result.task_path for result in DBTaskResult.objects.all())
    assert paths == [
        "lakou.diagnostics.tasks.send_due_reminders",
        "lakou.matching.tasks.refit_engine_weights",
        "lakou.mediation.tasks.prepare_monthly_statements",
        "lakou.mediation.tasks.send_workshop_reminders",
        "lakou.partnerships.tasks.flag_unanswered_applications",
        "lakou.partnerships.tasks.run_agreements_daily",
        "lakou.training.tasks.send_due_follow_ups",
    ]
    assert "send_due_follow_ups : en file" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_once_then_the_worker_emails_the_questionnaires_that_are_due() -> None:
    today = timezone.localdate()
    follow_up = make_follow_up(issued_on=date(today.year - 1, 1, 1))
    assert follow_up.due_on <= today
    call_command("run_periodic", "--once", stdout=StringIO())
    run_worker()
    assert len(mail.outbox) == 1
    follow_up.refresh_from_db()
    assert follow_up.sent_at is not None
    assert follow_up.state == FollowUp.State.DUE


def test_a_task_runs_at_start_then_again_after_its_interval() -> None:
    hourly = PeriodicTask("a.hourly", timedelta(hours=1))
    daily = PeriodicTask("a.daily", timedelta(days=1))
    start = datetime(2026, 7, 15, 8, tzinfo=UTC)
    assert due_tasks((hourly, daily), {}, start) == [hourly, daily]
    last_runs = {"a.hourly": start, "a.daily": start}
    assert due_tasks((hourly, daily), last_runs, start + timedelta(minutes=59)) == []
    assert due_tasks((hourly, daily), last_runs, start + timedelta(hours=1)) == [hourly]


def test_every_registered_task_can_be_imported() -> None:
    from lakou.core.periodic import load

    for periodic in periodic_tasks():
        assert load(periodic.path).name


def test_each_app_schedules_its_own_tasks_at_its_own_interval() -> None:
    assert {task.path: task.every for task in periodic_tasks()} == {
        "lakou.diagnostics.tasks.send_due_reminders": timedelta(days=1),
        "lakou.matching.tasks.refit_engine_weights": timedelta(days=1),
        "lakou.mediation.tasks.prepare_monthly_statements": timedelta(days=1),
        "lakou.mediation.tasks.send_workshop_reminders": timedelta(hours=1),
        "lakou.partnerships.tasks.flag_unanswered_applications": timedelta(hours=6),
        "lakou.partnerships.tasks.run_agreements_daily": timedelta(days=1),
        "lakou.training.tasks.send_due_follow_ups": timedelta(hours=1),
    }
