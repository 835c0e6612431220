"""Catalogue search by French stems, accents ignored: on PostgreSQL a weighted `tsvector` with a
GIN index and the `french_unaccent` text search configuration; on SQLite the stems in
`search_text`. Every programme already there is indexed again.

On PostgreSQL 13 and later `unaccent` is a trusted extension: the owner of the database creates
it; older servers need a superuser to create it first (docs/exploitation.md).
"""

from __future__ import annotations

from typing import Any

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIGURATION = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$;
"""
INDEX = "CREATE INDEX programme_search_vector_idx ON training_programme USING gin (search_vector)"


def _on_postgresql(schema_editor: Any, *statements: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def create_configuration(apps: Any, schema_editor: Any) -> None:
    _on_postgresql(schema_editor, CONFIGURATION)


def drop_configuration(apps: Any, schema_editor: Any) -> None:
    _on_postgresql(schema_editor, "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")


def create_index(apps: Any, schema_editor: Any) -> None:
    _on_postgresql(schema_editor, INDEX)


def drop_index(apps: Any, schema_editor: Any) -> None:
    _on_postgresql(schema_editor, "DROP INDEX IF EXISTS programme_search_vector_idx")


def reindex(apps: Any, schema_editor: Any) -> None:
    # The service reads only fields this migration's models have, and writes with their manager.
    from lakou.training.services.catalogue import programmes_reindex

    programmes_reindex(apps.get_model("training", "Programme").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_follow_up_token_hash"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_configuration, drop_configuration),
        migrations.AddField(
            model_name="programme",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="index de recherche"
            ),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
