"""URLs of the mediation payments: the rate table and the monthly statements."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.mediation.views import payments as views

urlpatterns: list[URLPattern] = [
    path("tarifs/", views.rate_list, name="rate_list"),
    path("tarifs/nouveau/", views.rate_create, name="rate_create"),
    path("releves/", views.statement_list, name="statement_list"),
    path("releves/preparer/", views.statement_prepare, name="statement_prepare"),
    path("releves/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("releves/<int:pk>/mettre-a-jour/", views.statement_refresh, name="statement_refresh"),
    path("releves/<int:pk>/valider/", views.statement_validate, name="statement_validate"),
    path("releves/<int:pk>/payer/", views.statement_pay, name="statement_pay"),
    path("releves/<int:pk>/releve.csv", views.statement_csv, name="statement_csv"),
    path("releves/<int:pk>/releve.pdf", views.statement_pdf, name="statement_pdf"),
]
