"""`lakou serve` (what `make demo` runs): a real WSGI server, as in production."""

from __future__ import annotations

import gzip
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lakou.core.management.commands.serve import served_environment

# The server fixture runs once: every test of the module on the same test worker. The server has
# its own SQLite database: the PostgreSQL pass leaves it out.
pytestmark = [pytest.mark.xdist_group("serve"), pytest.mark.one_database]


def test_the_served_address_goes_into_every_link() -> None:
    env = served_environment({}, host="127.0.0.1", port=8100)
    assert env["SITE_URL"] == "http://127.0.0.1:8100"
    assert env["DEBUG"] == "0"
    assert env["STATIC_COMPRESSED"] == "1"


def test_an_address_set_by_the_operator_is_kept() -> None:
    env = served_environment({"SITE_URL": "https://lakou.mq"}, host="0.0.0.0", port=8000)  # noqa: S104
    assert env["SITE_URL"] == "https://lakou.mq"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# Session scope: the tests of the group run on one worker, though not always one after the other
# (a module fixture was set up twice, a minute each).
@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    var = tmp_path_factory.mktemp("var")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"}
        },
        "LAKOU_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'lakou.sqlite3'}",
    }
    manage = [sys.executable, "-m", "lakou.manage"]
    for command in (["migrate", "--no-input", "-v", "0"], ["createcachetable"]):
        subprocess.run([*manage, *command], env=env, check=True, timeout=180)  # noqa: S603
    port = _free_port()
    log = (var / "serve.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [*manage, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Up to 3 minutes: collectstatic compresses every file first, and the machine may be busy.
        for _ in range(360):
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail((var / "serve.log").read_text())
        yield base, var / "serve.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_it_serves_through_gunicorn_with_several_workers(served: tuple[str, Path]) -> None:
    base, log = served
    status, headers, _ = _get(f"{base}/healthz")
    assert status == 200
    assert "gunicorn" in headers.get("Server", "")
    assert log.read_text().count("Booting worker") >= 2


def test_static_files_are_compressed_and_named_by_their_content(served: tuple[str, Path]) -> None:
    base, _ = served
    _, _, page = _get(f"{base}/training-missing-page-to-read-the-layout/")
    htmx = next(part.split('"')[0] for part in page.decode().split('src="')[1:] if "htmx" in part)
    assert htmx.startswith("/static/vendor/htmx/htmx.min.")
    assert htmx != "/static/vendor/htmx/htmx.min.js"
    status, headers, body = _get(f"{base}{htmx}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert len(body) < 20_000
    assert b"htmx" in gzip.decompress(body)
    assert "max-age=315360000" in headers["Cache-Control"]
    # Only the hashed copies are kept (WHITENOISE_KEEP_ONLY_HASHED_FILES): a page never asks for
    # the plain name, which would be cached for ever under a name that does not change.
    assert _get(f"{base}/static/vendor/htmx/htmx.min.js")[0] == 404


def test_a_missing_page_is_french_not_the_debug_page(served: tuple[str, Path]) -> None:
    base, _ = served
    status, _, body = _get(f"{base}/nulle-part/")
    assert status == 404
    assert "Page introuvable" in body.decode()
    assert "URLconf" not in body.decode()


def test_the_terminal_shows_one_line_per_request_without_traceback(
    served: tuple[str, Path],
) -> None:
    base, log = served
    _get(f"{base}/organisations/1/")
    _get(f"{base}/diagnostic/campagnes/")
    time.sleep(0.5)
    text = log.read_text()
    assert '"GET /organisations/1/ HTTP/1.1" 302' in text
    assert "Traceback" not in text
