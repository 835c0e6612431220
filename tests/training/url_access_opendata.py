"""Open data of the catalogue: the page, the three files and the API are public."""

from __future__ import annotations

from tests.access import UrlAccess

PUBLIC = {"allowed": "anonymous", "public": True}

CASES = {
    "training:opendata": UrlAccess(**PUBLIC),
    "training:opendata_lheo": UrlAccess(**PUBLIC),
    "training:opendata_data_inclusion": UrlAccess(**PUBLIC),
    "training:opendata_csv": UrlAccess(**PUBLIC),
    "api-1.0.0:training_opendata_data_inclusion": UrlAccess(**PUBLIC),
}
