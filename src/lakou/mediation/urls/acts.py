"""URLs of the mediation acts: logging and correcting (mediators), review (coordinators), export."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.mediation.views import acts as views

urlpatterns: list[URLPattern] = [
    path("actes/", views.act_mine, name="act_mine"),
    path("actes/nouveau/", views.act_create, name="act_create"),
    path("actes/a-verifier/", views.act_review, name="act_review"),
    path("actes.csv", views.act_export, name="act_export"),
    path("actes/<int:pk>/enregistre/", views.act_saved, name="act_saved"),
    path("actes/<int:pk>/modifier/", views.act_edit, name="act_edit"),
    path("actes/<int:pk>/retirer/", views.act_withdraw, name="act_withdraw"),
    path(
        "actes/<int:pk>/accepter-le-retard/",
        views.act_late_approve,
        name="act_late_approve",
    ),
]
