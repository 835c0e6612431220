"""Pooled resources pages under /partenariats/ressources/."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.partnerships.views import resources as views

urlpatterns: list[URLPattern] = [
    path("ressources/", views.resource_catalogue, name="resource_catalogue"),
    path("ressources/partager/", views.resource_create_view, name="resource_create"),
    path("ressources/demandes/", views.booking_inbox, name="booking_inbox"),
    path("ressources/mes-reservations/", views.my_bookings, name="my_bookings"),
    path("ressources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("ressources/<int:pk>/modifier/", views.resource_edit_view, name="resource_edit"),
    path("ressources/<int:pk>/reserver/", views.resource_book, name="resource_book"),
    path("ressources/<int:pk>/rapport/", views.resource_report_view, name="resource_report"),
    path(
        "ressources/<int:pk>/rapport.xlsx",
        views.resource_report_xlsx,
        name="resource_report_xlsx",
    ),
    path(
        "ressources/reservations/<int:pk>/accepter/",
        views.booking_approve_view,
        name="booking_approve",
    ),
    path(
        "ressources/reservations/<int:pk>/refuser/",
        views.booking_refuse_view,
        name="booking_refuse",
    ),
    path(
        "ressources/reservations/<int:pk>/annuler/",
        views.booking_cancel_view,
        name="booking_cancel",
    ),
    path(
        "ressources/reservations/<int:pk>/retour/",
        views.booking_return_view,
        name="booking_return",
    ),
    path(
        "ressources/organisations/<int:pk>/rapport/",
        views.member_report_view,
        name="resource_member_report",
    ),
    path(
        "ressources/organisations/<int:pk>/rapport.xlsx",
        views.member_report_xlsx,
        name="resource_member_report_xlsx",
    ),
]
