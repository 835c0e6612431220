from __future__ import annotations

from django.urls import URLPattern, path

from lakou.partnerships.views import actions as views

urlpatterns: list[URLPattern] = [
    path("actions/", views.action_list, name="action_list"),
    path("actions/nouvelle/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/bilan/", views.action_held, name="action_held"),
    path("actions/<int:pk>/annuler/", views.action_cancel, name="action_cancel"),
    path("actions/<int:pk>/partenaires/ajouter/", views.partner_add, name="partner_add"),
    path("partenaires/<int:pk>/retirer/", views.partner_remove, name="partner_remove"),
    path("partenaires/<int:pk>/apports/ajouter/", views.contribution_add, name="contribution_add"),
    path("apports/<int:pk>/supprimer/", views.contribution_remove, name="contribution_remove"),
    path("agenda/", views.calendar, name="calendar"),
    path("agenda.ics", views.calendar_ics, name="calendar_ics"),
    path("releves/", views.statements, name="statements"),
    path("releves/<int:pk>/<int:year>/", views.statement, name="statement"),
    path("releves/<int:pk>/<int:year>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("releves/<int:pk>/<int:year>/xlsx/", views.statement_xlsx, name="statement_xlsx"),
    path("indicateurs/", views.indicators, name="indicators"),
]
