from __future__ import annotations

from django.urls import path

from lakou.accounts import views

app_name = "accounts"

urlpatterns = [
    path("changer", views.organisation_switch, name="organisation_switch"),
    path("jetons/", views.token_list, name="token_list"),
    path("jetons/creer", views.token_create, name="token_create"),
    path("jetons/<int:pk>/revoquer", views.token_revoke, name="token_revoke"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
