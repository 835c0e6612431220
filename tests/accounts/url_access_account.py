from __future__ import annotations

from tests.access import UrlAccess

CASES = {
    "my_account": UrlAccess(allowed="person", denied=("anonymous",)),
}
