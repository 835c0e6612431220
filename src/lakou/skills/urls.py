from __future__ import annotations

from django.urls import path

from lakou.skills import views

app_name = "skills"

urlpatterns = [
    path("", views.index, name="index"),
]
