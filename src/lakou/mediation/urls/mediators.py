"""URLs of the mediators' pages: the public application, the federation's follow-up."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.mediation.views import mediators as views

urlpatterns: list[URLPattern] = [
    path("devenir-mediateur/", views.mediator_apply, name="mediator_apply"),
    path("devenir-mediateur/merci/", views.mediator_apply_done, name="mediator_apply_done"),
    path("mediateurs/", views.mediator_list, name="mediator_list"),
    path("mediateurs/<int:pk>/", views.mediator_detail, name="mediator_detail"),
    path("mediateurs/<int:pk>/statut/<slug:status>/", views.mediator_move, name="mediator_move"),
    path("mediateurs/<int:pk>/financeur/", views.mediator_funder, name="mediator_funder"),
]
