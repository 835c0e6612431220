"""Demo data of the partnerships app, one seeder per area (registered with core.demo), in the
order their data depends on each other: the offers before the agreements made from them, the
events after every link between people and companies, the mentoring after every account."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.partnerships.demo import actions, agreements, events, mentoring, offers, resources

register("lakou.partnerships.demo.actions.seed", actions.seed)
register("lakou.partnerships.demo.resources.seed", resources.seed)
register("lakou.partnerships.demo.offers.seed", offers.seed)
register("lakou.partnerships.demo.agreements.seed", agreements.seed)
# After the offers and agreements: its jury avoids the teams it may not score, given every employee and intern link.
register("lakou.partnerships.demo.events.seed", events.seed)
# After every account the others create: its mentees are the people left without an organisation.
register("lakou.partnerships.demo.mentoring.seed", mentoring.seed)
