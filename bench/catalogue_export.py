"""Time the three open data exports of the catalogue with 5,000 programmes and 20,000 sessions.

The dataset is catalogue-search's (same generator, same seed). Each measure runs in a subprocess on
a fresh database: SQLite always, PostgreSQL too when BENCH_POSTGRES_URL is set (a database it may
drop and create). For each file it times the whole view (queries, building, streaming the body)
through Django's test client and counts the queries, which must not depend on the catalogue size.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from functools import partial
from typing import Any

from bench.catalogue_search import PROGRAMMES, SESSIONS
from bench.databases import inner_figures, on_each_database

ROUNDS = 5
FILES = {
    "lheo": "training:opendata_lheo",
    "data-inclusion": "training:opendata_data_inclusion",
    "csv": "training:opendata_csv",
}


def inner() -> None:
    """Runs inside the subprocess, with DATABASE_URL pointing to a migrated database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakou.config.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.catalogue_search import _seed

    _seed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    figures: dict[str, Any] = {}
    for name, url_name in FILES.items():
        url = reverse(url_name)
        timings = []
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        figures[name] = {
            "rounds": ROUNDS,
            "p50_ms": round(statistics.median(timings), 1),
            "max_ms": round(max(timings), 1),
            "queries": len(queries.captured_queries),
            "bytes": len(body),
        }
    print(json.dumps(figures))


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {
        "data": f"{PROGRAMMES} programmes (about 90 % published), {SESSIONS} sessions; "
        "each file downloaded whole through its view",
        "target": "a fixed number of queries (5) whatever the catalogue size",
    }
    return figures | on_each_database(partial(inner_figures, "bench.catalogue_export"))


if __name__ == "__main__":
    inner()
