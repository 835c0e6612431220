from __future__ import annotations

from tests.access import UrlAccess

CASES = {
    "api-1.0.0:api-root": UrlAccess(allowed="anonymous", public=True, ok_status=(200, 404)),
    "api-1.0.0:openapi-json": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:openapi-view": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:me": UrlAccess(allowed="company", denied=("anonymous",)),
}
