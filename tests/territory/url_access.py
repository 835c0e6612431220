from __future__ import annotations

from tests.access import UrlAccess
from tests.territory.factories import CommuneFactory, EpciFactory

CASES = {
    "territory:overview": UrlAccess(allowed="anonymous", public=True),
    "territory:epci_detail": UrlAccess(
        allowed="anonymous", public=True, kwargs=lambda w: {"siren": EpciFactory().siren}
    ),
    "territory:commune_detail": UrlAccess(
        allowed="anonymous",
        public=True,
        kwargs=lambda w: {"insee_code": CommuneFactory().insee_code},
    ),
    "api-1.0.0:epci_list": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:epci_detail": UrlAccess(
        allowed="anonymous", public=True, kwargs=lambda w: {"siren": EpciFactory().siren}
    ),
    "api-1.0.0:commune_list": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:commune_detail": UrlAccess(
        allowed="anonymous",
        public=True,
        kwargs=lambda w: {"insee_code": CommuneFactory().insee_code},
    ),
}
