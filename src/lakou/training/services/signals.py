"""Signals the enrolment services send once their transaction is committed, for the other
solutions to follow an enrolment without a second entry (solution 5 turns a match successful
when its enrolment is accepted, and declined when it is refused).

They live beside the services (not in `training/signals.py`, which holds training's own
receivers and imports the services: the two would import each other).

- `enrolment_accepted` (sender: `Enrolment`; `enrolment`, `actor`): a seat was given, by the
  provider (`enrolment_accept`) or by promotion from the waiting list (`actor` is then the one
  whose cancellation freed the seat).
- `enrolment_refused` (sender: `Enrolment`; `enrolment`, `actor`, `reason`): the provider refused.
- `certificate_issued`, `certificate_revoked` (sender: `Certificate`; `certificate`, `actor`): a
  learner's proof changed (solution 5 re-reads the verified competences of their profile).
"""

from __future__ import annotations

from django.dispatch import Signal

enrolment_accepted = Signal()
enrolment_refused = Signal()
certificate_issued = Signal()
certificate_revoked = Signal()
