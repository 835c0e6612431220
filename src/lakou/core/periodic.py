"""Tasks that run on a schedule: `lakou run-periodic` enqueues them; the worker runs them.

django-tasks-db has no scheduler of its own. Each app declares its own in its `tasks.py` with
`@periodic(every=…)` above `@task()`; a periodic task takes no argument and is safe to run more
often than needed (it claims what it sends).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.tasks import Task
from django.utils.module_loading import autodiscover_modules, import_string


@dataclass(frozen=True)
class PeriodicTask:
    path: str
    every: timedelta


_registry: dict[str, PeriodicTask] = {}


def periodic(*, every: timedelta) -> Callable[[Task[..., Any]], Task[..., Any]]:
    """Schedule a task (put this decorator above `@task()`)."""

    def register(task: Task[..., Any]) -> Task[..., Any]:
        path = task.module_path
        _registry[path] = PeriodicTask(path=path, every=every)
        return task

    return register


def periodic_tasks() -> tuple[PeriodicTask, ...]:
    autodiscover_modules("tasks")
    return tuple(sorted(_registry.values(), key=lambda task: task.path))


def load(path: str) -> Task[..., object]:
    task = import_string(path)
    assert isinstance(task, Task), f"{path} is not a task"
    return task
