"""Who may issue, revoke and download certificates: shared by the views, the API and the services.

Anyone may check a certificate by its identifier (its public page), so revoking answers 403 to
someone who is not a provider; another provider's certificate, and a download by anyone but the
learner and the issuer, answer 404. Certifying starts from an enrolment, which only the learner
and the session's provider see: 404 for anyone else, 403 for the learner themself.
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.training.models import Certificate, Programme


def can_issue_certificate(actor: Actor, programme: Programme) -> bool:
    """Only a member of the provider that runs the programme certifies its learners."""
    return actor.is_provider and programme.provider_id == actor.organisation_id


def can_manage_certificate(actor: Actor, certificate: Certificate) -> bool:
    """The issuing provider lists its certificates and may revoke them."""
    return actor.is_provider and certificate.provider_id == actor.organisation_id


def can_download_certificate(actor: Actor, certificate: Certificate) -> bool:
    """The certified learner and the issuing provider download the PDF and the credential file."""
    if actor.user is not None and actor.user.pk == certificate.learner_id:
        return True
    return can_manage_certificate(actor, certificate)
