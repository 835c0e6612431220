"""Every page and API read of the access tables makes as many queries with three more of each
list item as with one: no query per row.

Generated like the access test: a new URL is measured as soon as its entry exists. Each app's
`tests/<app>/growth.py` (or `growth_<area>.py`) adds one more of every thing its lists show
(`grow(world)`); every read is measured after one growth and again after two more, with the
caches emptied before each request.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import tests
from tests.access import UrlAccess
from tests.test_url_access import CASES
from tests.world import World

# Reads whose queries grow with the data on purpose, with the reason (none today).
EXCEPTIONS: dict[str, str] = {}


def load_growth() -> list[Callable[[Any], None]]:
    growth = []
    for module_info in pkgutil.walk_packages(tests.__path__, "tests."):
        # `growth.py`, or `growth_<area>.py` when an app has several.
        name = module_info.name.rsplit(".", 1)[-1]
        if name == "growth" or name.startswith("growth_"):
            growth.append(importlib.import_module(module_info.name).grow)
    return growth


GROWTH = load_growth()


def is_read(name: str, case: UrlAccess) -> bool:
    return case.method == "get" and 200 in case.ok_status and not name.startswith("admin:")


READS = sorted(
    name for name, case in CASES.items() if is_read(name, case) and name not in EXCEPTIONS
)


def test_the_check_covers_pages_and_api_reads_of_every_app() -> None:
    assert len(GROWTH) >= 3
    assert sum(name.startswith("api-") for name in READS) >= 15
    assert len(READS) >= 90


def test_every_exception_names_a_read_and_says_why() -> None:
    assert all(name in CASES and reason for name, reason in EXCEPTIONS.items())


def _grow(world: World) -> None:
    for grow in GROWTH:
        grow(world)


def _queries(world: World, name: str, url: str) -> list[str]:
    case = CASES[name]
    data = case.data(world) if case.data else {}
    if name.startswith("api-"):
        client = world.client("anonymous")
        headers = {**case.headers, **world.api_headers(case.allowed)}
    else:
        client, headers = world.client(case.allowed), dict(case.headers)
    for alias in ("default", "local"):
        caches[alias].clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data, headers=headers)
    assert response.status_code in case.ok_status, (
        f"{case.allowed}: {response.status_code} on {url}"
    )
    return [query["sql"] for query in context.captured_queries]


# The reads are measured in this many tests, which the test workers share out. Each builds one
# World and grows it three times for all its reads, instead of once per read.
SHARDS = 4


@pytest.mark.django_db
@pytest.mark.parametrize("shard", range(SHARDS))
def test_a_read_makes_as_many_queries_with_more_rows(shard: int, subtests: pytest.Subtests) -> None:
    world = World.build()
    names = READS[shard::SHARDS]
    urls = {}
    for name in names:
        case = CASES[name]
        urls[name] = reverse(name, kwargs=case.kwargs(world) if case.kwargs else {})
    _grow(world)
    before = {name: _queries(world, name, url) for name, url in urls.items()}
    _grow(world)
    _grow(world)
    for name, url in urls.items():
        with subtests.test(read=name):
            after = _queries(world, name, url)
            more = Counter(after) - Counter(before[name])
            assert len(after) == len(before[name]), (
                f"{url}: {len(before[name])} requêtes avec une ligne de plus, {len(after)} avec "
                "trois ; répétées :\n"
                + "\n".join(f"{n} × {sql[:200]}" for sql, n in more.most_common(3))
            )
