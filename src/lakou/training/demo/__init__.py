"""Demo data of the training app: the catalogue, then the learners' enrolments and certificates.

The names seed each seeder's random generator: they are the modules' former paths, kept so that
the demo stays the same.
"""

from __future__ import annotations

from lakou.core.demo import register
from lakou.training.demo import catalogue, learners

register("lakou.training.demo.seed", catalogue.seed)
register("lakou.training.demo_learners.seed", learners.seed)
