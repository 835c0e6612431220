"""The reference data that `lakou load-reference` loads, brought by each app in its own
`reference.py` (discovered like `indicators.py`), in the order they depend on each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.module_loading import autodiscover_modules

Loader = Callable[[Path], dict[str, int]]


@dataclass(frozen=True)
class ReferenceLoader:
    name: str
    order: int
    load: Loader


_registry: dict[str, ReferenceLoader] = {}


def register(name: str, load: Loader, *, order: int) -> None:
    """`load(data_dir)` returns what it loaded, by label; lower `order` loads first."""
    _registry[name] = ReferenceLoader(name=name, order=order, load=load)


def reference_loaders() -> list[ReferenceLoader]:
    autodiscover_modules("reference")
    return sorted(_registry.values(), key=lambda loader: (loader.order, loader.name))
