"""Run jobs in threads released together, for the PostgreSQL race tests.

SQLite serialises every write, so it cannot show a race: the tests that use this are marked
`POSTGRES_ONLY` and run with DATABASE_URL=postgres://….
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite serialises writes, there is no race to show.",
)


def results_at_once(jobs: list[Callable[[], object]], refusal: type[Exception]) -> list[object]:
    """Each job's result, or the message of the `refusal` it raised."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = ["?"] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcomes[index] = job()
        except refusal as error:
            outcomes[index] = getattr(error, "message", str(error))
        finally:
            connection.close()  # each thread has its own connection; leave none open

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def at_once(jobs: list[Callable[[], object]], refusal: type[Exception]) -> list[str]:
    """ "ok" for each job that went through, or the message of the `refusal` it raised."""
    done = [_Done(job) for job in jobs]
    return ["ok" if outcome is _OK else str(outcome) for outcome in results_at_once(done, refusal)]


_OK = object()


class _Done:
    def __init__(self, job: Callable[[], object]) -> None:
        self.job = job

    def __call__(self) -> object:
        self.job()
        return _OK
