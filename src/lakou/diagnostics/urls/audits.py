from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics.views import audits as views

urlpatterns: list[URLPattern] = [
    path("audits/", views.audit_list, name="audit_list"),
    path("audits/entreprises/", views.audit_company_search, name="audit_company_search"),
    path(
        "audits/nouveau/<int:company_pk>/",
        views.audit_create_view,
        name="audit_create",
    ),
    path("audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/modifier/", views.audit_edit, name="audit_edit"),
    path("audits/<int:pk>/rapport.pdf", views.audit_report, name="audit_report"),
    path("resultats/<int:pk>/", views.response_result, name="response_result"),
    path("besoins/", views.needs_map, name="needs_map"),
    path("besoins/public/", views.needs_map_public, name="needs_map_public"),
    path("indicateur/", views.indicator, name="indicator"),
]
