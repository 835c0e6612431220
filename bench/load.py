"""A real server under load: 20 clients for 30 s on each of four addresses, on loopback only.

The demo database (SQLite, as `make demo`) is built in a temporary folder, `lakou serve` serves
it (gunicorn, several workers, compressed static files), and each address is hammered in turn
by the same client: `/healthz` first, the reference measured in the same run, then the
catalogue, a public questionnaire and an API read. Bounded in time and in requests.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "20"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "30"))
MAX_REQUESTS = 200_000
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _prepare(var: Path, env: dict[str, str]) -> None:
    for args in (
        ["migrate", "--no-input", "-v", "0"],
        ["createcachetable"],
        ["load-reference"],
        ["seed-demo", "--scale", "demo"],
    ):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "lakou.manage", *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def _public_questionnaire(var: Path) -> str:
    with sqlite3.connect(var / "lakou.sqlite3") as db:
        (code,) = db.execute(
            "SELECT short_code FROM diagnostics_campaign WHERE status = 'open' "
            "AND audience = 'public' ORDER BY id LIMIT 1"
        ).fetchone()
    return f"/diagnostic/r/{code}"


def _hammer(port: int, path: str) -> dict[str, Any]:
    """CLIENTS threads, each with its own keep-alive connection, until the time is up."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        bad: list[int] = []
        while time.perf_counter() < deadline and len(mine) < MAX_REQUESTS // CLIENTS:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                status = 0
            mine.append(time.perf_counter() - start)
            if status != 200:
                bad.append(status)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "path": path,
        "requests": len(latencies),
        "errors": len(errors),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
    }


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        var = Path(directory)
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SITE_URL"}},
            "LAKOU_VAR_DIR": str(var),
        }
        _prepare(var, env)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "lakou.manage", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            _wait_until_up(port)
            targets = {
                "healthz": "/healthz",
                "catalogue": "/formations/",
                "questionnaire": _public_questionnaire(var),
                "api": "/api/v1/formations/catalogue",
            }
            for path in targets.values():  # warm every worker's caches
                _hammer_briefly(port, path)
            figures: dict[str, Any] = {
                "clients": CLIENTS,
                "seconds_per_address": SECONDS,
                "workers": "lakou serve default (2 per core + 1)",
            }
            for name, path in targets.items():
                figures[name] = _hammer(port, path)
            reference = figures["healthz"]["p95_ms"]
            for name in ("catalogue", "questionnaire", "api"):
                figures[name]["p95_ratio_to_healthz"] = round(
                    figures[name]["p95_ms"] / reference, 2
                )
            return figures
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _hammer_briefly(port: int, path: str) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    for _ in range(20):
        connection.request("GET", path)
        connection.getresponse().read()
    connection.close()


def _wait_until_up(port: int) -> None:
    for _ in range(240):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("lakou serve did not answer /healthz within 2 minutes")
