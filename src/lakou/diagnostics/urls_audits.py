from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics import views_audits

urlpatterns: list[URLPattern] = [
    path("audits/", views_audits.audit_list, name="audit_list"),
    path("audits/entreprises/", views_audits.audit_company_search, name="audit_company_search"),
    path(
        "audits/nouveau/<int:company_pk>/",
        views_audits.audit_create_view,
        name="audit_create",
    ),
    path("audits/<int:pk>/", views_audits.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/modifier/", views_audits.audit_edit, name="audit_edit"),
    path("audits/<int:pk>/rapport.pdf", views_audits.audit_report, name="audit_report"),
    path("resultats/<int:pk>/", views_audits.response_result, name="response_result"),
    path("besoins/", views_audits.needs_map, name="needs_map"),
    path("besoins/public/", views_audits.needs_map_public, name="needs_map_public"),
    path("indicateur/", views_audits.indicator, name="indicator"),
]
