"""Run a measurement on a fresh SQLite database, then on a fresh PostgreSQL one if asked.

`BENCH_POSTGRES_URL` (e.g. postgres://postgres@127.0.0.1:5432/lakou_bench) names a database that
is dropped and created again before the measurement.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from typing import Any

Measure = Callable[[str, str], dict[str, Any]]


def on_each_database(measure: Measure) -> dict[str, Any]:
    """`measure(database_url, var_dir)` on SQLite, and on PostgreSQL when configured."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as var_dir:
        figures["sqlite"] = measure(f"sqlite:///{var_dir}/bench.sqlite3", var_dir)
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if postgres:
        base, _, name = postgres.rpartition("/")
        admin = f"{base}/postgres"
        for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", admin, "-qc", statement], check=True)  # noqa: S603, S607
        with tempfile.TemporaryDirectory() as var_dir:
            figures["postgresql"] = measure(postgres, var_dir)
    return figures


def inner_figures(module: str, database_url: str, var_dir: str) -> dict[str, Any]:
    """Migrate and load the reference data, then run `python -m module` and read its JSON line."""
    env = {**os.environ, "DATABASE_URL": database_url, "LAKOU_VAR_DIR": var_dir}
    for args in (["migrate", "--no-input"], ["load-reference"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "lakou.manage", *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", module], env=env, check=True, capture_output=True, text=True
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures
