"""Certificate URLs (assembled in urls/__init__.py): public verification, downloads, provider pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training.views import certificates as views

urlpatterns: list[URLPattern] = [
    path("certificats/", views.certificate_list, name="certificate_list"),
    path("certificats/verifier/", views.certificate_check, name="certificate_check"),
    path("certificats/<uuid:uid>/", views.certificate_verify, name="certificate_verify"),
    path("certificats/<uuid:uid>/certificat.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("certificats/<uuid:uid>/certificat.jwt", views.certificate_jwt, name="certificate_jwt"),
    path("certificats/<uuid:uid>/revoquer/", views.certificate_revoke, name="certificate_revoke"),
    path(
        "inscriptions/<int:pk>/certificat/",
        views.certificate_issue,
        name="certificate_issue",
    ),
]
