"""Whether a mediator is trained: a valid Lakou certificate of a qualifying programme."""

from __future__ import annotations

from lakou.mediation.models import Mediator, QualifyingProgramme
from lakou.training.models import Certificate


def training_certificate(mediator: Mediator) -> Certificate | None:
    """The mediator's most recent certificate of a qualifying programme that is valid today
    (not revoked, not expired), or None."""
    qualifying = QualifyingProgramme.objects.values("programme_id")
    certificates = Certificate.objects.filter(
        learner_id=mediator.user_id, programme_id__in=qualifying
    ).order_by("-issued_on", "-pk")
    return next((c for c in certificates if c.state == Certificate.State.VALID), None)
