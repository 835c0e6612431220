"""Catalogue URLs: the public catalogue, the provider's programme and session pages, the label."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training.views import catalogue as views

urlpatterns: list[URLPattern] = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/calendrier.ics", views.programme_ics, name="programme_ics"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("organismes/<int:pk>/calendrier.ics", views.provider_ics, name="provider_ics"),
    path("mes-formations/", views.my_programmes, name="my_programmes"),
    path("mes-formations/nouvelle/", views.programme_create, name="programme_create"),
    path("<int:pk>/modifier/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/demander-le-label/", views.programme_submit, name="programme_submit"),
    path("<int:pk>/sessions/nouvelle/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/annuler/", views.session_cancel, name="session_cancel"),
    path("label/", views.label_queue, name="label_queue"),
    path("<int:pk>/labelliser/", views.programme_label, name="programme_label"),
    path("<int:pk>/refuser-le-label/", views.programme_refuse, name="programme_refuse"),
]
