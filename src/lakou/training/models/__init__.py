"""Solution 2: programmes, sessions, enrolments, certificates and the six-month follow-up.

One module per area; every table and choice is imported from here
(`from lakou.training.models import Programme`), which is also how Django finds the models.
"""

from __future__ import annotations

from lakou.training.models.catalogue import (
    LONG_TEXT,
    SEARCH_CONFIG,
    SEARCH_WEIGHTS,
    SHORT_TEXT,
    Audience,
    CertificationKind,
    Domain,
    EntryLevel,
    Format,
    Funding,
    Programme,
    ProgrammeAudience,
    ProgrammeCompetence,
    ProgrammeFunding,
    ProgrammeQuerySet,
    Session,
    SessionQuerySet,
)
from lakou.training.models.certificates import Certificate, CertificateQuerySet
from lakou.training.models.enrolment import Enrolment, EnrolmentQuerySet
from lakou.training.models.followup import (
    EMPLOYED_SITUATIONS,
    FollowUp,
    FollowUpQuerySet,
    Situation,
)
from lakou.training.models.keys import SigningKey, SigningKeyQuerySet

__all__ = [
    "EMPLOYED_SITUATIONS",
    "LONG_TEXT",
    "SEARCH_CONFIG",
    "SEARCH_WEIGHTS",
    "SHORT_TEXT",
    "Audience",
    "Certificate",
    "CertificateQuerySet",
    "CertificationKind",
    "Domain",
    "Enrolment",
    "EnrolmentQuerySet",
    "EntryLevel",
    "FollowUp",
    "FollowUpQuerySet",
    "Format",
    "Funding",
    "Programme",
    "ProgrammeAudience",
    "ProgrammeCompetence",
    "ProgrammeFunding",
    "ProgrammeQuerySet",
    "Session",
    "SessionQuerySet",
    "SigningKey",
    "SigningKeyQuerySet",
    "Situation",
]
