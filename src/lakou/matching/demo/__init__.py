"""Demo data of solution 5, one seeder per area (registered with core.demo): profiles (visible
and not), then the engine's suggestions turned into matches in every state, then a saved plan."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.matching.demo import advice, matches, profiles, suggestions

register("lakou.matching.demo.profiles.seed", profiles.seed)
register("lakou.matching.demo.suggestions.seed", suggestions.seed)
register("lakou.matching.demo.matches.seed", matches.seed)
register("lakou.matching.demo.advice.seed", advice.seed)
