"""Signals the accounts app sends, for the solutions to keep what they derive from it.

`organisations_renamed` (sender: `Organisation`, `pks`: the renamed organisations' keys) is sent
inside the transaction that renames them, by `Organisation.save()` (the administration) and by
the company registry import (which writes with an UPDATE of its own): the search texts that hold
an organisation's name (training programmes, partnership offers) are rebuilt in that transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

organisations_renamed = Signal()
