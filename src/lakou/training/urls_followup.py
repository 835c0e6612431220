"""Six-month follow-up: the learner's answer link and the provider's pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training import views_followup

urlpatterns: list[URLPattern] = [
    path("suivi/<str:token>/", views_followup.followup_answer, name="followup_answer"),
    path("suivi/<str:token>/merci/", views_followup.followup_thanks, name="followup_thanks"),
    path("suivis/", views_followup.followup_list, name="followup_list"),
    path("suivis/<int:pk>/saisir/", views_followup.followup_record, name="followup_record"),
    path(
        "suivis/<int:pk>/sans-reponse/",
        views_followup.followup_unreachable,
        name="followup_unreachable",
    ),
]
