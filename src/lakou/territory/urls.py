from __future__ import annotations

from django.urls import path

from lakou.territory import views

app_name = "territory"

urlpatterns = [
    path("", views.overview, name="overview"),
]
