"""DigComp, e-CF and the ROME digital occupations."""

from __future__ import annotations

from lakou.core.reference import register
from lakou.skills.loaders import load_reference_skills

register("skills", load_reference_skills, order=20)
