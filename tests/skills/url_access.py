"""Skills pages and API are public reference data: everyone, anonymous included, may read them."""

from __future__ import annotations

from tests.access import UrlAccess
from tests.skills.factories import CompetenceFactory, FrameworkFactory, OccupationFactory

CASES = {
    "skills:index": UrlAccess(allowed="anonymous", public=True),
    "skills:framework_detail": UrlAccess(
        allowed="anonymous", public=True, kwargs=lambda w: {"code": FrameworkFactory().code}
    ),
    "skills:competence_detail": UrlAccess(
        allowed="anonymous",
        public=True,
        kwargs=lambda w: {"framework_code": "digcomp", "code": CompetenceFactory(code="1.2").code},
    ),
    "skills:occupation_list": UrlAccess(allowed="anonymous", public=True),
    "skills:occupation_detail": UrlAccess(
        allowed="anonymous",
        public=True,
        kwargs=lambda w: {"code_rome": OccupationFactory(developer=True).code_rome},
    ),
    "api-1.0.0:list_frameworks": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:get_framework": UrlAccess(
        allowed="anonymous", public=True, kwargs=lambda w: {"code": FrameworkFactory(ecf=True).code}
    ),
    "api-1.0.0:list_occupations": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:get_occupation": UrlAccess(
        allowed="anonymous",
        public=True,
        kwargs=lambda w: {"code_rome": OccupationFactory(cyber_analyst=True).code_rome},
    ),
}
