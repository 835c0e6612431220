"""The one ninja API object; each app contributes its own router."""

from __future__ import annotations

from ninja import NinjaAPI

from lakou.accounts.api import router as accounts_router
from lakou.api.errors import JsonParser, install_error_handlers, reject_nul_in_path
from lakou.diagnostics.api import router as diagnostics_router
from lakou.skills.api import router as skills_router
from lakou.territory.api import router as territory_router
from lakou.training.api import router as training_router
from lakou.training.api_certificates import router as training_certificates_router
from lakou.training.api_enrolment import router as training_enrolment_router
from lakou.training.api_followup import router as training_followup_router
from lakou.training.api_indicators import router as training_indicators_router
from lakou.training.api_opendata import router as training_opendata_router

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
api.add_router("", accounts_router)
api.add_router("/territoire", territory_router)
api.add_router("/competences", skills_router)
api.add_router("/diagnostic", diagnostics_router)
api.add_router("/formations", training_router)
api.add_router("/formations", training_enrolment_router)
api.add_router("/formations", training_certificates_router)
api.add_router("/formations", training_followup_router)
api.add_router("/formations", training_indicators_router)
api.add_router("/formations", training_opendata_router)
