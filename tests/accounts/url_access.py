from __future__ import annotations

from typing import Any

from tests.access import UrlAccess


# The confirmation page's button; without it a POST only shows the page again.
def confirmed(world: Any) -> dict[str, Any]:
    return {"confirme": "oui"}


CASES = {
    "accounts:organisation_switch": UrlAccess(
        allowed="company",
        denied=("anonymous",),
        method="post",
        data=lambda w: {"organisation": w.organisations["company"].pk},
        ok_status=(302,),
    ),
    "accounts:organisation_detail": UrlAccess(
        allowed="company",
        denied=("anonymous", "other_company", "person", "provider"),
        kwargs=lambda w: {"pk": w.organisations["company"].pk},
    ),
    "accounts:token_list": UrlAccess(allowed="company", denied=("anonymous",)),
    "accounts:token_create": UrlAccess(
        allowed="company", denied=("anonymous",), method="post", data=lambda w: {"name": "Tableur"}
    ),
    "accounts:token_revoke": UrlAccess(
        allowed="company",
        denied=("anonymous", "other_company"),
        method="post",
        kwargs=lambda w: {"pk": w.api_token_pk("company")},
        data=confirmed,
        ok_status=(302,),
    ),
}
