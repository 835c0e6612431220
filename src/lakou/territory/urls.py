from __future__ import annotations

from django.urls import path

from lakou.territory import views

app_name = "territory"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("epci/<str:siren>/", views.epci_detail, name="epci_detail"),
    path("communes/<str:insee_code>/", views.commune_detail, name="commune_detail"),
]
