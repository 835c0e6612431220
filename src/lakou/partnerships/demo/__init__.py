"""Demo data of the partnerships app, one seeder per area (registered with core.demo)."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.partnerships.demo import agreements, events, mentoring, resources

register("lakou.partnerships.demo.resources.seed", resources.seed)


register("lakou.partnerships.demo.agreements.seed", agreements.seed)


register("lakou.partnerships.demo.mentoring.seed", mentoring.seed)


register("lakou.partnerships.demo.events.seed", events.seed)
