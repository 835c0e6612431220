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
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.catalogue_search import PROGRAMMES, SESSIONS

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


def _measure(database_url: str, var_dir: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "LAKOU_VAR_DIR": var_dir}
    for args in (["migrate", "--no-input"], ["load-reference"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "lakou.manage", *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    output = subprocess.run(
        [sys.executable, "-m", "bench.catalogue_export"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {
        "data": f"{PROGRAMMES} programmes (about 90 % published), {SESSIONS} sessions; "
        "each file downloaded whole through its view",
        "target": "a fixed number of queries (5) whatever the catalogue size",
    }
    with tempfile.TemporaryDirectory() as var_dir:
        figures["sqlite"] = _measure(f"sqlite:///{var_dir}/bench.sqlite3", var_dir)
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if postgres:
        base, _, name = postgres.rpartition("/")
        admin = f"{base}/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)  # noqa: S603, S607
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)  # noqa: S603, S607
        with tempfile.TemporaryDirectory() as var_dir:
            figures["postgresql"] = _measure(postgres, var_dir)
    return figures


if __name__ == "__main__":
    inner()
