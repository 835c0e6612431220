"""Demo data of the partnerships app, one seeder per area (registered with core.demo)."""

from __future__ import annotations
