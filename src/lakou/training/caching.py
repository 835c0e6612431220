"""The public catalogue (page and API list) is kept a few seconds per process (core.microcache);
any write to what it shows forgets it: a saved row of the tables it reads, and any audited
write (every service leaves an audit entry, also those that write with a bulk UPDATE)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from lakou.accounts.models import Organisation
from lakou.core import microcache
from lakou.core.models import AuditEntry
from lakou.territory.models import Commune, Epci
from lakou.training.models import (
    Enrolment,
    Programme,
    ProgrammeAudience,
    ProgrammeCompetence,
    ProgrammeFunding,
    Session,
)

CATALOGUE = "training-catalogue"
SHOWN_IN_CATALOGUE = (
    Programme,
    ProgrammeAudience,
    ProgrammeFunding,
    ProgrammeCompetence,
    Session,
    Enrolment,  # a session fills up or frees a seat
    Organisation,  # the provider's name
    Commune,
    Epci,
    AuditEntry,
)


def _forget_catalogue(**kwargs: object) -> None:
    microcache.bump(CATALOGUE)


def connect() -> None:
    for model in SHOWN_IN_CATALOGUE:
        post_save.connect(_forget_catalogue, sender=model, dispatch_uid=f"catalogue-{model}")
        post_delete.connect(_forget_catalogue, sender=model, dispatch_uid=f"catalogue-d-{model}")
    m2m_changed.connect(
        _forget_catalogue, sender=Programme.occupations.through, dispatch_uid="catalogue-m2m"
    )
