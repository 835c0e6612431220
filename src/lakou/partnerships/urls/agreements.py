"""Placement agreements under /partenariats/conventions/."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.partnerships.views import agreements as views

urlpatterns: list[URLPattern] = [
    path("conventions/", views.agreement_list, name="agreement_list"),
    path("conventions/en-cours/", views.agreement_placements, name="agreement_placements"),
    path(
        "conventions/nouvelle/<int:application_pk>/",
        views.agreement_create_view,
        name="agreement_create",
    ),
    path("conventions/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("conventions/<int:pk>/modifier/", views.agreement_edit, name="agreement_edit"),
    path("conventions/<int:pk>/envoyer/", views.agreement_submit_view, name="agreement_submit"),
    path("conventions/<int:pk>/liens/", views.agreement_resend, name="agreement_resend"),
    path("conventions/<int:pk>/signer/", views.agreement_sign_view, name="agreement_sign"),
    path(
        "conventions/<int:pk>/modification/",
        views.agreement_back_to_draft_view,
        name="agreement_back_to_draft",
    ),
    path(
        "conventions/<int:pk>/rupture/", views.agreement_break_off_view, name="agreement_break_off"
    ),
    path("conventions/<int:pk>/terminer/", views.agreement_end_view, name="agreement_end"),
    path(
        "conventions/<int:pk>/evaluation/<str:kind>/",
        views.agreement_evaluation_send,
        name="agreement_evaluation_send",
    ),
    path("conventions/<int:pk>/convention.pdf", views.agreement_pdf_view, name="agreement_pdf"),
    path(
        "conventions/<int:pk>/cerfa.<str:export_format>",
        views.agreement_cerfa,
        name="agreement_cerfa",
    ),
    path("conventions/lien/<str:token>/", views.agreement_link, name="agreement_link"),
    path(
        "conventions/lien/<str:token>/modification/",
        views.agreement_link_change,
        name="agreement_link_change",
    ),
    path("conventions/merci/", views.agreement_link_done, name="agreement_link_done"),
]
