"""The diagnostics' demo data: campaigns and their answers, then audits."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.diagnostics import demo_audits, demo_campaigns

register("lakou.diagnostics.demo_campaigns.seed", demo_campaigns.seed)
register("lakou.diagnostics.demo_audits.seed", demo_audits.seed)
