"""Offer URLs: the public search and offer pages, the company's offers and pipelines."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.partnerships.views import offers as views

urlpatterns: list[URLPattern] = [
    path("offres/", views.offer_search, name="offer_search"),
    path("offres/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("mes-offres/", views.my_offers, name="my_offers"),
    path("mes-offres/nouvelle/", views.offer_create_view, name="offer_create"),
    path("offres/<int:pk>/modifier/", views.offer_edit, name="offer_edit"),
    path("offres/<int:pk>/publier/", views.offer_publish_view, name="offer_publish"),
    path("offres/<int:pk>/clore/", views.offer_close_view, name="offer_close"),
    path("offres/<int:pk>/candidatures/", views.offer_applications, name="offer_applications"),
]
