"""Solution 1: questionnaires, campaigns, responses, audits and the skill needs they record."""

from __future__ import annotations

from lakou.diagnostics.models.audits import Audit, audit_report_path
from lakou.diagnostics.models.campaigns import (
    Campaign,
    CampaignQuerySet,
    Invitation,
    new_short_code,
)
from lakou.diagnostics.models.needs import Horizon, NeedMode, SkillNeed
from lakou.diagnostics.models.questionnaires import (
    LONG_TEXT,
    Audience,
    Choice,
    Dimension,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
)
from lakou.diagnostics.models.responses import Answer, Response

__all__ = [
    "LONG_TEXT",
    "Answer",
    "Audience",
    "Audit",
    "Campaign",
    "CampaignQuerySet",
    "Choice",
    "Dimension",
    "Horizon",
    "Invitation",
    "NeedMode",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "Response",
    "Section",
    "SkillNeed",
    "audit_report_path",
    "new_short_code",
]
