"""Demo data of the partnerships app, one seeder per area (registered with core.demo)."""

from __future__ import annotations

from lakou.core.demo import register  # noqa: E402
from lakou.partnerships.demo import events  # noqa: E402

register("lakou.partnerships.demo.events.seed", events.seed)
