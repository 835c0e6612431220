"""Signals of the partnerships app: the receivers, connected when it starts (apps.py), and the
signals its services send after commit, re-exported from `services/signals.py` where they are
defined (see there what each sends):

- `application_accepted` (sender `Application`, `instance`, `actor`),
- `agreement_activated` (sender `Agreement`, `instance`, `actor`),
- `hire_confirmed` (sender `Application`, `instance`, `actor`).
"""

from __future__ import annotations

from typing import Any

from lakou.accounts.signals import organisations_renamed
from lakou.partnerships.services.signals import (
    agreement_activated,
    application_accepted,
    hire_confirmed,
)

__all__ = ["agreement_activated", "application_accepted", "connect", "hire_confirmed"]


def _reindex_offers(pks: list[int], **kwargs: Any) -> None:
    """An offer is found by its company's name: a renamed company's offers are found by the new."""
    from lakou.partnerships.services.offers import offers_reindex

    offers_reindex(pks)


def connect() -> None:
    organisations_renamed.connect(_reindex_offers, dispatch_uid="partnerships-offers-renamed")
