"""Solution 2: programmes, sessions, enrolments, certificates and the six-month follow-up."""

from __future__ import annotations

from lakou.training.models_keys import SigningKey

__all__ = ["SigningKey"]
