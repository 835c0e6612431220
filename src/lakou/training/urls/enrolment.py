from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training.views import enrolment as views

urlpatterns: list[URLPattern] = [
    path("sessions/<int:pk>/inscription/", views.session_enrol, name="session_enrol"),
    path("mes-inscriptions/", views.my_enrolments, name="my_enrolments"),
    path("inscriptions/<int:pk>/annuler/", views.enrolment_cancel_view, name="enrolment_cancel"),
    path("sessions/<int:pk>/inscriptions/", views.session_roster, name="session_roster"),
    path("sessions/<int:pk>/inscriptions.csv", views.session_roster_csv, name="session_roster_csv"),
    path(
        "sessions/<int:pk>/inscriptions.xlsx",
        views.session_roster_xlsx,
        name="session_roster_xlsx",
    ),
    path("inscriptions/<int:pk>/decision/", views.enrolment_decide_view, name="enrolment_decide"),
    path("inscriptions/<int:pk>/refuser/", views.enrolment_refuse_view, name="enrolment_refuse"),
]
