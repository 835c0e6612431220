from __future__ import annotations

from tests.access import UrlAccess

CASES = {
    "diagnostics:open_questionnaires": UrlAccess(allowed="anonymous", public=True),
}
