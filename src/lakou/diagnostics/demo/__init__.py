"""The diagnostics' demo data: campaigns and their answers, then audits."""

from __future__ import annotations

from lakou.core.demo import register
from lakou.diagnostics.demo import audits, campaigns

# The names are those of before the move: each seeds its random generator (core.demo.register).
register("lakou.diagnostics.demo_campaigns.seed", campaigns.seed)
register("lakou.diagnostics.demo_audits.seed", audits.seed)
