"""URLs of the orientation advice pages and of saved plans."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.matching.views import advice as views

urlpatterns: list[URLPattern] = [
    path("conseils/", views.advice_page, name="advice"),
    path("conseils/<str:code>/", views.advice_occupation, name="advice_occupation"),
    path("conseils/<str:code>/enregistrer/", views.plan_save, name="plan_save"),
    path("plans/", views.plan_mine, name="plan_mine"),
    path("plans/partages/", views.plan_shared, name="plan_shared"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/partage/", views.plan_share, name="plan_share"),
    path("plans/<int:pk>/supprimer/", views.plan_delete, name="plan_delete"),
    path("plans/<int:pk>/conseiller/", views.plan_adviser, name="plan_adviser"),
    path(
        "plans/<int:pk>/proposer/<int:session_pk>/",
        views.plan_propose,
        name="plan_propose",
    ),
]
