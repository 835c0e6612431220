"""URLs of « Mon profil d'orientation »."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.matching.views import profiles as views

urlpatterns: list[URLPattern] = [
    path("profil/", views.profile, name="profile"),
    path("profil/modifier/", views.profile_edit, name="profile_edit"),
    path("profil/auto-evaluation/", views.profile_self_assessment, name="profile_self_assessment"),
    path(
        "profil/reprendre-le-questionnaire/",
        views.profile_questionnaire_import,
        name="profile_import_questionnaire",
    ),
    path("profil/visibilite/", views.profile_visibility, name="profile_visibility"),
]
