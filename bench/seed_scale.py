"""Time the reference load and `seed-demo --scale martinique` on a fresh database.

SQLite always; PostgreSQL too when BENCH_POSTGRES_URL is set (a database it may drop and create).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from bench.databases import on_each_database


def _lakou(env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lakou.manage", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.monotonic() - started, 2)


def _measure(database_url: str, var_dir: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "LAKOU_VAR_DIR": var_dir}
    return {
        "migrate_s": _lakou(env, "migrate", "--no-input"),
        "load_reference_s": _lakou(env, "load-reference"),
        "seed_martinique_s": _lakou(env, "seed-demo", "--scale", "martinique"),
        "seed_martinique_again_s": _lakou(env, "seed-demo", "--scale", "martinique"),
    }


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {"scale": "martinique: 40,000 companies, 200,000 people"}
    return figures | on_each_database(_measure)
