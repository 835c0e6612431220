"""Signals the partnerships services send once their transaction is committed
(`transaction.on_commit`), for the other solutions to follow an application or an agreement
without a second entry (solution 5 moves its matches with them).

They live beside the services, as in training: `partnerships/signals.py`, which holds the app's
receivers and imports the services, re-exports them (the two modules would import each other).
Each is sent with `sender=` the model class and `instance=` the object, and `actor=` who did it
(None for the daily task).

- `application_accepted` (sender: `Application`; `instance`, `actor`): the company accepted an
  application, to a placement or to a job (`application_accept`).
- `agreement_activated` (sender: `Agreement`; `instance`, `actor`): a signed placement agreement
  became active on its start date (`agreements_activate_due`): the placement has begun.
- `hire_confirmed` (sender: `Application`; `instance`, `actor`): for a job (CDI, CDD, freelance
  mission), the company confirmed that the person it accepted was hired
  (`application_confirm_hire`).
- `application_refused` (sender: `Application`; `instance`, `actor`, `reason`: the reason's
  French label): the company declined the application (`application_refuse`).
- `application_withdrawn` (sender: `Application`; `instance`, `actor`): the person took their
  application back (`application_withdraw`).
"""

from __future__ import annotations

from django.dispatch import Signal

application_accepted = Signal()
agreement_activated = Signal()
hire_confirmed = Signal()
application_refused = Signal()
application_withdrawn = Signal()
