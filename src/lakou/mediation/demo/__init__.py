"""Demo data of the mediation app, one seeder per area (registered with core.demo): the venues
first, the mediators who work in them, then the workshops they lead."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.mediation.demo import mediators, venues, workshops

register("lakou.mediation.demo.venues.seed", venues.seed)
register("lakou.mediation.demo.mediators.seed", mediators.seed)
# After the mediators: each workshop is led by active mediators who serve its commune.
register("lakou.mediation.demo.workshops.seed", workshops.seed)
