from __future__ import annotations

from tests.access import UrlAccess

CASES = {
    "home": UrlAccess(allowed="anonymous", public=True),
    "healthz": UrlAccess(allowed="anonymous", public=True),
    "set_text_size": UrlAccess(
        allowed="anonymous",
        public=True,
        method="post",
        data=lambda w: {"size": "large"},
        ok_status=(302,),
    ),
    "admin:index": UrlAccess(allowed="superuser", denied=("anonymous", "federation", "company")),
}
