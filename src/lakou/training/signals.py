"""Signal receivers of the training app, registered when it starts (apps.py).

The public catalogue (page and API list) is kept a few seconds per process (core.microcache);
any write to what it shows forgets it: a saved row of the tables it reads, and any audited
write (every service leaves an audit entry, also those that write with a bulk UPDATE).
The territory lists of the catalogue filters are forgotten when an EPCI or a commune changes.
A renamed provider's programmes have their search index rebuilt (`organisations_renamed`).
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from lakou.accounts.models import Organisation
from lakou.accounts.signals import organisations_renamed
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
from lakou.training.services.catalogue import (
    CATALOGUE,
    CATALOGUE_TERRITORIES_CACHE_KEY,
    programmes_reindex,
)

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


def _reindex_programmes(pks: list[int], **kwargs: object) -> None:
    """A programme is found by its provider's name: a renamed provider's by the new one."""
    programmes_reindex(Programme.objects.filter(provider_id__in=pks))


def connect() -> None:
    organisations_renamed.connect(_reindex_programmes, dispatch_uid="training-programmes-renamed")
    for model in SHOWN_IN_CATALOGUE:
        post_save.connect(_forget_catalogue, sender=model, dispatch_uid=f"catalogue-{model}")
        post_delete.connect(_forget_catalogue, sender=model, dispatch_uid=f"catalogue-d-{model}")
    m2m_changed.connect(
        _forget_catalogue, sender=Programme.occupations.through, dispatch_uid="catalogue-m2m"
    )


@receiver(post_save, sender=Epci)
@receiver(post_delete, sender=Epci)
@receiver(post_save, sender=Commune)
@receiver(post_delete, sender=Commune)
def _forget_catalogue_territories(**kwargs: object) -> None:
    # Now for this transaction's own requests, and again on commit so that a request that read
    # the old rows in between does not keep them.
    caches["local"].delete(CATALOGUE_TERRITORIES_CACHE_KEY)
    transaction.on_commit(lambda: caches["local"].delete(CATALOGUE_TERRITORIES_CACHE_KEY))
