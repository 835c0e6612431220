"""Tasks that run on a schedule: `lakou run-periodic` enqueues them; the worker runs them.

django-tasks-db has no scheduler of its own. Each entry is the import path of a task that takes
no argument and is safe to run more often than needed (it claims what it sends).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.tasks import Task
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PeriodicTask:
    path: str
    every: timedelta


PERIODIC_TASKS = (
    # Six-month follow-up of certified learners: questionnaires, reminders, unreachable.
    PeriodicTask("lakou.training.tasks.send_due_follow_ups", timedelta(hours=1)),
    # Reminders of the open diagnostic campaigns.
    PeriodicTask("lakou.diagnostics.tasks.send_due_reminders", timedelta(days=1)),
)


def load(path: str) -> Task[..., object]:
    task = import_string(path)
    assert isinstance(task, Task), f"{path} is not a task"
    return task
