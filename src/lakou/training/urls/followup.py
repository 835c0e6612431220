"""Six-month follow-up: the learner's answer link and the provider's pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training.views import followup as views

urlpatterns: list[URLPattern] = [
    path("suivi/<str:token>/", views.followup_answer, name="followup_answer"),
    path("suivi/<str:token>/merci/", views.followup_thanks, name="followup_thanks"),
    path("suivis/", views.followup_list, name="followup_list"),
    path("suivis/<int:pk>/saisir/", views.followup_record, name="followup_record"),
    path(
        "suivis/<int:pk>/sans-reponse/",
        views.followup_unreachable,
        name="followup_unreachable",
    ),
]
