from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics.views import questionnaires as views

urlpatterns: list[URLPattern] = [
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/nouveau", views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/importer", views.xlsform_upload, name="xlsform_upload"),
    path("questionnaires/versions/<int:pk>/", views.version_detail, name="version_detail"),
    path(
        "questionnaires/versions/<int:pk>/sections/nouvelle",
        views.section_create,
        name="section_create",
    ),
    path(
        "questionnaires/versions/<int:pk>/dimensions/nouvelle",
        views.dimension_create,
        name="dimension_create",
    ),
    path("questionnaires/versions/<int:pk>/publier", views.version_publish, name="version_publish"),
    path(
        "questionnaires/versions/<int:pk>/xlsform.xlsx",
        views.version_xlsform,
        name="version_xlsform",
    ),
    path("questionnaires/sections/<int:pk>/modifier", views.section_edit, name="section_edit"),
    path(
        "questionnaires/sections/<int:pk>/questions/nouvelle",
        views.question_create,
        name="question_create",
    ),
    path("questionnaires/questions/<int:pk>/modifier", views.question_edit, name="question_edit"),
]
