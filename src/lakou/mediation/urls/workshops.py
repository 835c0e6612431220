"""URLs of the workshops: public list and page, the seat-freeing link, the organisers' pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.mediation.views import workshops as views

urlpatterns: list[URLPattern] = [
    path("ateliers/", views.workshop_list, name="workshop_list"),
    path("ateliers/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path(
        "ateliers/inscription/<uuid:token>/annuler/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("ateliers/mes-ateliers/", views.workshop_mine, name="workshop_mine"),
    path("ateliers/nouveau/", views.workshop_create, name="workshop_create"),
    path("ateliers/<int:pk>/modifier/", views.workshop_edit, name="workshop_edit"),
    path("ateliers/<int:pk>/publier/", views.workshop_publish, name="workshop_publish"),
    path("ateliers/<int:pk>/annuler/", views.workshop_cancel, name="workshop_cancel"),
    path("ateliers/<int:pk>/inscrits/", views.workshop_roster, name="workshop_roster"),
    path("ateliers/<int:pk>/emargement.pdf", views.sign_in_sheet, name="workshop_sign_in_sheet"),
    path(
        "ateliers/commune/<str:insee_code>.ics",
        views.commune_calendar,
        name="workshops_commune_ics",
    ),
    path("ateliers/lieu/<int:pk>.ics", views.venue_calendar, name="workshops_venue_ics"),
]
