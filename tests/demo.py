"""The demo of `lakou seed-demo` in tests: seeded through the services once per test worker, database
and scale, then copied back table by table wherever another test needs it.

Seeding the demo scale takes about 25 s (every answer, enrolment and certificate goes through its
service); putting its rows back takes under a second. `tests/core/test_seed_demo.py` seeds for real
every time: this copy serves the tests that read the demo, not the one that checks the seeding.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from lakou.core.demo import Scale, seed_all
from tests.conftest import FAST_PASSWORD_HASHERS

SEED = 972

# The scale the tests read: one, so that each test worker seeds it once (a seed takes 15 to 25 s).
SMALL = Scale("small", companies=120, people=50, providers=2, auditors=1, associations=1)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] | bytes  # SQLite rows as read; PostgreSQL's COPY text


# (database vendor, database name, scale) -> every table just after seeding, in this process.
_SEEDED: dict[tuple[str, str, Scale], list[Table]] = {}


def seed_demo(scale: Scale) -> None:
    """The reference data and `seed_all(scale, seed=972)` in the current database, which must be
    as the test run made it (migrated, nothing else): seeded the first time, copied after."""
    key = (connection.vendor, str(connection.settings_dict["NAME"]), scale)
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS), transaction.atomic():
        if key in _SEEDED:
            _restore(_SEEDED[key])
        else:
            call_command("load_reference", verbosity=0, stdout=io.StringIO())
            seed_all(scale=scale, seed=SEED)
            _SEEDED[key] = _capture()


@contextmanager
def demo_seeded(django_db_blocker: Any, scale: Scale) -> Iterator[None]:
    """Reference data and demo in one transaction that is rolled back at the end, for a module:
    each test runs in a savepoint inside. Module fixtures run before the function-scoped settings
    of tests/conftest.py, hence the hashers in `seed_demo`."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(scale)
        yield
        transaction.set_rollback(True)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _capture() -> list[Table]:
    tables = []
    with connection.cursor() as cursor:
        for name in _tables():
            quoted = connection.ops.quote_name(name)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy:  # type: ignore[attr-defined]
                    text = b"".join(bytes(block) for block in copy)
                tables.append(Table(name, (), text))
            else:
                columns = tuple(
                    column.name
                    for column in connection.introspection.get_table_description(cursor, name)
                )
                # `+column` is the stored value itself: an expression has no declared type, so
                # SQLite's converters (dates, booleans) leave it as it is written.
                values = ", ".join(f"+{connection.ops.quote_name(c)}" for c in columns)
                cursor.execute(f"SELECT {values} FROM {quoted}")  # noqa: S608 (our table names)
                tables.append(Table(name, columns, list(cursor.fetchall())))
    return tables


def _restore(tables: list[Table]) -> None:
    """Every table as captured, inside the caller's transaction (foreign keys are checked at its
    end, when all the rows are back). PostgreSQL refuses to TRUNCATE a table with deferred checks
    still pending, so they are run first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(table.name) for table in tables)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {names}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:
                quoted = connection.ops.quote_name(table.name)
                with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy:  # type: ignore[attr-defined]
                    copy.write(table.rows)
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table.name)}")  # noqa: S608
            for table in tables:
                if table.rows:
                    quoted = connection.ops.quote_name(table.name)
                    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
                    marks = ", ".join("%s" for _ in table.columns)
                    cursor.executemany(
                        f"INSERT INTO {quoted} ({columns}) VALUES ({marks})",  # noqa: S608
                        table.rows,
                    )
    # What the processes remember of the database they were seeded in.
    ContentType.objects.clear_cache()
    caches["default"].clear()
    caches["local"].clear()
