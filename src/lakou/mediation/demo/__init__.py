"""Demo data of the mediation app, one seeder per area (registered with core.demo): the venues
first, the mediators who work in them, then the workshops they lead."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.mediation.demo import (
    acts,
    mediators,
    payments,
    planning,
    training,
    venues,
    workshops,
)

register("lakou.mediation.demo.venues.seed", venues.seed)
register("lakou.mediation.demo.mediators.seed", mediators.seed)
# Their training: most active mediators hold the qualifying certificate (« formé(e) »).
register("lakou.mediation.demo.training.seed", training.seed)
# After the mediators: each workshop is led by active mediators who serve its commune.
register("lakou.mediation.demo.workshops.seed", workshops.seed)
# After the workshops: a year of acts (workshops' attendance is theirs already), the rate table and
# the monthly statements priced from those acts, then the planner's proposal for the next quarter.
register("lakou.mediation.demo.acts.seed", acts.seed)
register("lakou.mediation.demo.payments.seed", payments.seed)
register("lakou.mediation.demo.planning.seed", planning.seed)
