from __future__ import annotations

from django.urls import path

from lakou.skills import views

app_name = "skills"

urlpatterns = [
    path("", views.index, name="index"),
    path("metiers/", views.occupation_list, name="occupation_list"),
    path("metiers/<str:code_rome>/", views.occupation_detail, name="occupation_detail"),
    path("<slug:code>/", views.framework_detail, name="framework_detail"),
    path("<slug:framework_code>/<str:code>/", views.competence_detail, name="competence_detail"),
]
