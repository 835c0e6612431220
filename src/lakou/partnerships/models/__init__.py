"""Solution 3: partnership actions, events, pooled resources, mentoring and placements.

One module per area; every table and choice is imported from here
(`from lakou.partnerships.models import Action`), which is also how Django finds the models.
"""

from __future__ import annotations

from lakou.partnerships.models.actions import Action, ActionKind, ActionQuerySet

__all__ = ["Action", "ActionKind", "ActionQuerySet"]
