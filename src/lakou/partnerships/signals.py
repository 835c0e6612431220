"""Signal receivers of the partnerships app, connected when it starts (apps.py)."""

from __future__ import annotations

from typing import Any

from lakou.accounts.signals import organisations_renamed


def _reindex_offers(pks: list[int], **kwargs: Any) -> None:
    """An offer is found by its company's name: a renamed company's offers are found by the new."""
    from lakou.partnerships.services.offers import offers_reindex

    offers_reindex(pks)


def connect() -> None:
    organisations_renamed.connect(_reindex_offers, dispatch_uid="partnerships-offers-renamed")
