"""The error of the training services: a change refused as a whole, with a message for the user.

Pure (no Django import): every service raises it, and the views, the API and the demo catch it.
"""

from __future__ import annotations


class TrainingError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs to, if one
