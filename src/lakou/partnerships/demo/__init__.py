"""Demo data of the partnerships app, one seeder per area (registered with core.demo)."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.partnerships.demo import actions

register("lakou.partnerships.demo.actions.seed", actions.seed)
