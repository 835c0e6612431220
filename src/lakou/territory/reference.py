"""Communes, EPCI and their boundaries: loaded first, everything else names them."""

from __future__ import annotations

from lakou.core.reference import register
from lakou.territory.loaders import load_reference_territory

register("territory", load_reference_territory, order=10)
