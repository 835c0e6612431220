"""The audit log is written by services, inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from lakou.core.actor import Actor
from lakou.core.models import AuditEntry


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=actor.user if actor else None,
        organisation=actor.organisation if actor else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
    )
