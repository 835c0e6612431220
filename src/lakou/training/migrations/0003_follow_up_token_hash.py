"""Follow-up answer links: keep the SHA-256 of their token instead of the token itself.

The tokens already stored are hashed in place, so the links already e-mailed keep working.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import migrations, models

BATCH_SIZE = 1000


def hash_clear_tokens(apps: Any, schema_editor: Any) -> None:
    """Replace every clear token of `token_hash` by its SHA-256 (hex), as the lookup expects."""
    FollowUp = apps.get_model("training", "FollowUp")
    batch = []
    for follow_up in FollowUp.objects.only("pk", "token_hash").iterator(chunk_size=BATCH_SIZE):
        follow_up.token_hash = hashlib.sha256(follow_up.token_hash.encode()).hexdigest()
        batch.append(follow_up)
        if len(batch) == BATCH_SIZE:
            FollowUp.objects.bulk_update(batch, ["token_hash"])
            batch = []
    FollowUp.objects.bulk_update(batch, ["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_enrolments_certificates_follow_ups"),
    ]

    operations = [
        migrations.RenameField(model_name="followup", old_name="token", new_name="token_hash"),
        migrations.AlterField(
            model_name="followup",
            name="token_hash",
            field=models.CharField(
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="empreinte du jeton du lien de réponse",
            ),
        ),
        # No way back: a hash cannot be turned into its token again.
        migrations.RunPython(hash_clear_tokens, migrations.RunPython.noop, elidable=False),
    ]
