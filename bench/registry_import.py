"""Time `lakou import companies` on a 40,000-row SIRENE-style CSV: first import, then re-import;
then a 200,000-row XLSX, from the command and as the background job the web page starts.

The re-import file changes every line (name, headcount band, one in ten closed), so it measures
40,000 updates. The job is run by a real worker process while this process reads the job's
progress as the page would (and tries a small write of its own meanwhile, as a request would).
SQLite always; PostgreSQL too when BENCH_POSTGRES_URL is set (a database it may drop and create).
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.databases import on_each_database
from lakou.core.demo import NAF_MIX, demo_siret

ROWS = 40_000
XLSX_ROWS = 200_000
POLL_SECONDS = 0.5
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


def registry_lines(*, rows: int, seed: int, changed: bool) -> Iterator[list[str]]:
    """The header, then `rows` establishments with valid, distinct SIRETs."""
    rng = random.Random(seed)
    sirets: set[str] = set()
    while len(sirets) < rows:
        sirets.add(demo_siret(rng))
    codes = [code for code, _word, _w in NAF_MIX]
    trades = {code: word for code, word, _w in NAF_MIX}
    weights = [w for _c, _word, w in NAF_MIX]
    yield HEADER
    for number, siret in enumerate(sorted(sirets)):
        naf = rng.choices(codes, weights=weights)[0]
        created = date(1970, 1, 1) + timedelta(days=rng.randrange(20_000))
        closed = changed and number % 10 == 0
        band = rng.choices(BANDS, weights=BAND_WEIGHTS)[0]
        yield [
            siret,
            f"{trades[naf]} {'Renouveau' if changed else 'Caraïbes'} {number}",
            naf.replace(".", "") if number % 2 else naf,
            band,
            rng.choice(COMMUNES),
            created.isoformat(),
            "F" if closed else "A",
            (created + timedelta(days=365)).isoformat() if closed else "",
        ]


def write_registry(path: Path, *, seed: int, changed: bool, rows: int = ROWS) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=";").writerows(
            registry_lines(rows=rows, seed=seed, changed=changed)
        )


def write_registry_xlsx(path: Path, *, rows: int, seed: int = 2026) -> None:
    """The same lines in an XLSX workbook (streamed by openpyxl's write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for line in registry_lines(rows=rows, seed=seed, changed=False):
        sheet.append(line)
    workbook.save(path)


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


def _measured(env: dict[str, str], *args: str) -> dict[str, float]:
    """Wall time and peak resident memory of one `lakou` command."""
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "lakou.manage", *args], env=env, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    if status:
        raise subprocess.CalledProcessError(status, args)
    # ru_maxrss is in KiB on Linux.
    return {"s": round(time.monotonic() - started, 2), "max_rss_mb": round(usage.ru_maxrss / 1024)}


def _measure_xlsx(database_url: str, var_dir: str, xlsx: Path) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "LAKOU_VAR_DIR": var_dir}
    _lakou(env, "migrate", "--no-input")
    _lakou(env, "load-reference")
    figures: dict[str, Any] = {
        "command_dry_run": _measured(env, "import", "companies", str(xlsx), "--dry-run")
    }
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.registry_import", str(xlsx)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures["background_job"] = json.loads(output.strip().splitlines()[-1])
    return figures


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {
        "rows": ROWS,
        "note": "wall time of `lakou import companies` (process start included), target < 30 s",
    }
    with tempfile.TemporaryDirectory() as files_dir:
        first, second = Path(files_dir) / "registre.csv", Path(files_dir) / "registre-maj.csv"
        write_registry(first, seed=2026, changed=False)
        write_registry(second, seed=2026, changed=True)
        figures.update(
            on_each_database(
                lambda database_url, var_dir: _measure(database_url, var_dir, first, second)
            )
        )
        xlsx = Path(files_dir) / "registre.xlsx"
        write_registry_xlsx(xlsx, rows=XLSX_ROWS)
        figures["xlsx"] = {
            "rows": XLSX_ROWS,
            "note": "command: wall time and peak memory of `lakou import companies FILE.xlsx "
            "--dry-run`; background_job: the job the page starts, run by `lakou db_worker`, "
            "its progress read every 0.5 s by another process",
            **on_each_database(
                lambda database_url, var_dir: _measure_xlsx(database_url, var_dir, xlsx)
            ),
        }
    return figures


def job_inner(xlsx: Path) -> dict[str, Any]:
    """Runs in a subprocess on a migrated database: start a job as the page does, run a worker,
    read the job's progress meanwhile and, while the import writes, a small write of another
    request (a login's `last_login`)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakou.config.settings")
    django.setup()
    import shutil

    from django.db import OperationalError
    from django.utils import timezone

    from lakou.accounts.models import Membership, Organisation, User
    from lakou.core.actor import Actor
    from lakou.core.import_jobs import import_files_dir, import_job_start, runs_in_background
    from lakou.core.models import ImportJob

    federation = Organisation.objects.create(kind=Organisation.Kind.FEDERATION, name="Fédération")
    user = User.objects.create_user("bench@exemple.mq")
    membership = Membership.objects.create(user=user, organisation=federation)
    import_files_dir().mkdir(parents=True, exist_ok=True)
    kept = import_files_dir() / "bench.xlsx"
    shutil.copy(xlsx, kept)
    # What the request does beyond saving the upload; the first call also imports openpyxl.
    decide_ms = []
    for _attempt in range(2):
        started = time.perf_counter()
        background = runs_in_background(kept)
        decide_ms.append(round((time.perf_counter() - started) * 1000, 1))
    job = import_job_start(
        actor=Actor(user=user, membership=membership, memberships=(membership,)),
        kind="companies",
        path=kept,
        file_name="registre.xlsx",
        dry_run=False,
    )
    started = time.monotonic()
    worker = subprocess.Popen(
        [sys.executable, "-m", "lakou.manage", "db_worker", "--batch", "--no-startup-delay"],
        stdout=subprocess.DEVNULL,
    )
    samples: list[tuple[float, str, int]] = []
    write_waits: list[float] = []
    write_failures = 0
    while worker.poll() is None:
        time.sleep(POLL_SECONDS)
        row = ImportJob.objects.values_list("status", "lines_read").get(pk=job.pk)
        samples.append((round(time.monotonic() - started, 1), row[0], row[1]))
        if row[0] == ImportJob.Status.WRITING:
            write_started = time.monotonic()
            try:
                User.objects.filter(pk=user.pk).update(last_login=timezone.now())
            except OperationalError:
                write_failures += 1
            write_waits.append(time.monotonic() - write_started)
    elapsed = round(time.monotonic() - started, 1)
    # The worker is this process's only child: its peak memory is the children's.
    worker_rss_mb = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    job.refresh_from_db()
    reading = [lines for _t, status, lines in samples if status == ImportJob.Status.READING]
    writing_s = [t for t, status, _lines in samples if status == ImportJob.Status.WRITING]
    return {
        "request_counts_lines_ms_cold_warm": decide_ms,
        "background": background,
        "status": job.status,
        "created": job.report.get("created"),
        "worker_s": elapsed,
        "worker_max_rss_mb": worker_rss_mb,
        "progress_reads": len(samples),
        "distinct_progress_values_seen_while_reading": len(set(reading)),
        "writing_phase_seen_s": round(max(writing_s) - min(writing_s), 1) if writing_s else 0,
        "other_write_during_writing_max_wait_s": round(max(write_waits), 2)
        if write_waits
        else None,
        "other_write_during_writing_failures": write_failures,
        "file_deleted": not kept.exists(),
    }


if __name__ == "__main__":
    print(json.dumps(job_inner(Path(sys.argv[1]))))
