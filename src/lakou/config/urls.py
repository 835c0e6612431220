from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from lakou.accounts import views as accounts_views
from lakou.api.api import api
from lakou.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("preferences/taille-du-texte", core_views.set_text_size, name="set_text_size"),
    path("comptes/", include("allauth.urls")),
    path("mon-compte/", accounts_views.my_account, name="my_account"),
    path("organisations/", include("lakou.accounts.urls")),
    path("territoire/", include("lakou.territory.urls")),
    path("competences/", include("lakou.skills.urls")),
    path("diagnostic/", include("lakou.diagnostics.urls")),
    path("formations/", include("lakou.training.urls")),
    path("partenariats/", include("lakou.partnerships.urls")),
    path("mediation/", include("lakou.mediation.urls")),
    path("orientation/", include("lakou.matching.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "lakou.core.views.bad_request"
handler403 = "lakou.core.views.permission_denied"
handler404 = "lakou.core.views.page_not_found"
handler500 = "lakou.core.views.server_error"
