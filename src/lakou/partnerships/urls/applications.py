"""Application URLs: applying, « Mes candidatures », the company's answers, the private CV."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.partnerships.views import applications as views

urlpatterns: list[URLPattern] = [
    path("offres/<int:pk>/candidater/", views.offer_apply, name="offer_apply"),
    path("mes-candidatures/", views.my_applications, name="my_applications"),
    path(
        "candidatures/<int:pk>/retirer/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
    path("candidatures/<int:pk>/cv.pdf", views.application_cv, name="application_cv"),
    path(
        "candidatures/<int:pk>/decision/",
        views.application_decide_view,
        name="application_decide",
    ),
    path(
        "candidatures/<int:pk>/embauche/",
        views.application_confirm_hire_view,
        name="application_confirm_hire",
    ),
    path(
        "candidatures/<int:pk>/refuser/", views.application_refuse_view, name="application_refuse"
    ),
    path("candidatures/sans-reponse/", views.applications_flagged, name="applications_flagged"),
]
