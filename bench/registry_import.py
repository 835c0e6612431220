"""Time `lakou import companies` on a 40,000-row SIRENE-style CSV: first import, then re-import.

The re-import file changes every line (name, headcount band, one in ten closed), so it measures
40,000 updates. SQLite always; PostgreSQL too when BENCH_POSTGRES_URL is set (a database it may
drop and create).
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from lakou.core.demo import NAF_MIX, demo_siret

ROWS = 40_000
HEADER = [
    "siret",
    "denomination",
    "activitePrincipaleEtablissement",
    "trancheEffectifsEtablissement",
    "codeCommuneEtablissement",
    "dateCreationEtablissement",
    "etatAdministratifEtablissement",
    "dateFermeture",
]
BANDS = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51"]
BAND_WEIGHTS = [20, 35, 15, 10, 6, 5, 3, 2, 1, 1, 1, 0.5, 0.3, 0.2]
# The 34 communes of Martinique: 97201 to 97234.
COMMUNES = [f"972{n:02d}" for n in range(1, 35)]


def write_registry(path: Path, *, seed: int, changed: bool) -> None:
    rng = random.Random(seed)
    sirets: set[str] = set()
    while len(sirets) < ROWS:
        sirets.add(demo_siret(rng))
    codes = [code for code, _word, _w in NAF_MIX]
    trades = {code: word for code, word, _w in NAF_MIX}
    weights = [w for _c, _word, w in NAF_MIX]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADER)
        for number, siret in enumerate(sorted(sirets)):
            naf = rng.choices(codes, weights=weights)[0]
            created = date(1970, 1, 1) + timedelta(days=rng.randrange(20_000))
            closed = changed and number % 10 == 0
            band = rng.choices(BANDS, weights=BAND_WEIGHTS)[0]
            writer.writerow(
                [
                    siret,
                    f"{trades[naf]} {'Renouveau' if changed else 'Caraïbes'} {number}",
                    naf.replace(".", "") if number % 2 else naf,
                    band,
                    rng.choice(COMMUNES),
                    created.isoformat(),
                    "F" if closed else "A",
                    (created + timedelta(days=365)).isoformat() if closed else "",
                ]
            )


def _lakou(env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lakou.manage", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.monotonic() - started, 2)


def _measure(database_url: str, var_dir: str, first: Path, second: Path) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "LAKOU_VAR_DIR": var_dir}
    _lakou(env, "migrate", "--no-input")
    _lakou(env, "load-reference")
    return {
        "dry_run_s": _lakou(env, "import", "companies", str(first), "--dry-run"),
        "first_import_s": _lakou(env, "import", "companies", str(first)),
        "reimport_unchanged_s": _lakou(env, "import", "companies", str(first)),
        "reimport_all_updated_s": _lakou(env, "import", "companies", str(second)),
    }


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {
        "rows": ROWS,
        "note": "wall time of `lakou import companies` (process start included), target < 30 s",
    }
    with tempfile.TemporaryDirectory() as files_dir:
        first, second = Path(files_dir) / "registre.csv", Path(files_dir) / "registre-maj.csv"
        write_registry(first, seed=2026, changed=False)
        write_registry(second, seed=2026, changed=True)
        with tempfile.TemporaryDirectory() as var_dir:
            figures["sqlite"] = _measure(
                f"sqlite:///{var_dir}/bench.sqlite3", var_dir, first, second
            )
        postgres = os.environ.get("BENCH_POSTGRES_URL")
        if postgres:
            base, _, name = postgres.rpartition("/")
            admin = f"{base}/postgres"
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)  # noqa: S603, S607
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)  # noqa: S603, S607
            with tempfile.TemporaryDirectory() as var_dir:
                figures["postgresql"] = _measure(postgres, var_dir, first, second)
    return figures
