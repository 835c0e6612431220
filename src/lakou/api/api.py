"""The one ninja API object. Each app brings its routers in its `api` module, as
`ROUTES = [(prefix, router), …]`, mounted here in the order of INSTALLED_APPS."""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from ninja import NinjaAPI

from lakou.api.errors import JsonParser, install_error_handlers, reject_nul_in_path

api = NinjaAPI(
    title="API Lakou",
    version="1.0.0",
    description=(
        "API de Lakou, la plateforme d'orchestration de la formation numérique en Martinique. "
        "Les référentiels (territoire, compétences, métiers) sont publics ; le reste demande un "
        "jeton personnel envoyé dans l'en-tête `Authorization: Bearer <jeton>`."
    ),
    docs_url="/docs",
    parser=JsonParser(),
)
install_error_handlers(api)
api.add_decorator(reject_nul_in_path, mode="view")


def _mount_app_routes(api: NinjaAPI) -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("lakou.") or config.name == __package__:
            continue
        if importlib.util.find_spec(f"{config.name}.api") is None:
            continue
        for prefix, router in importlib.import_module(f"{config.name}.api").ROUTES:
            api.add_router(prefix, router)


_mount_app_routes(api)
