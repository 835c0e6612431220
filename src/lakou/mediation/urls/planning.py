"""URLs of the workshop planner: its runs, a run's proposals, accepting or dismissing one."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.mediation.views import planning as views

urlpatterns: list[URLPattern] = [
    path("planificateur/", views.plan_list, name="plan_list"),
    path("planificateur/<int:pk>/", views.plan_detail, name="plan_detail"),
    path(
        "planificateur/propositions/<int:pk>/accepter/",
        views.proposal_accept,
        name="plan_proposal_accept",
    ),
    path(
        "planificateur/propositions/<int:pk>/ecarter/",
        views.proposal_dismiss,
        name="plan_proposal_dismiss",
    ),
]
