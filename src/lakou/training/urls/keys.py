"""Public URLs of certificate issuers (assembled in urls/__init__.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training.views import keys as views

urlpatterns: list[URLPattern] = [
    path("emetteurs/<int:pk>/", views.issuer_profile_view, name="issuer_profile"),
    path("emetteurs/<int:pk>/jwks.json", views.issuer_jwks, name="issuer_jwks"),
]
