"""Public URLs of certificate issuers (included in training/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training import views_keys

urlpatterns: list[URLPattern] = [
    path("emetteurs/<int:pk>/", views_keys.issuer_profile_view, name="issuer_profile"),
    path("emetteurs/<int:pk>/jwks.json", views_keys.issuer_jwks, name="issuer_jwks"),
]
