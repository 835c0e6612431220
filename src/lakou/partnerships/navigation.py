"""Solution 3 (partnerships) in the menus and on the homes of each role, one function per area."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.core.actor import Actor
from lakou.core.navigation import (
    HomePart,
    LiveItem,
    MenuEntry,
    NextStep,
    register_home,
    register_menu,
)
from lakou.partnerships.models import Application

# ---------------------------------------------------------------- offers area

OFFER_PUBLIC_VIEWS = ("partnerships:offer_detail",)
COMPANY_OFFER_VIEWS = (
    "partnerships:offer_create",
    "partnerships:offer_edit",
    "partnerships:offer_publish",
    "partnerships:offer_close",
    "partnerships:offer_applications",
    "partnerships:application_decide",
    "partnerships:application_refuse",
)
LEARNER_APPLICATION_VIEWS = ("partnerships:offer_apply", "partnerships:application_withdraw")
WAITING = (Application.Status.NEW, Application.Status.EXAMINING)


@register_menu
def offers_menu(actor: Actor) -> list[MenuEntry]:
    public = MenuEntry(
        _("Offres de stage et d'alternance"),
        reverse("partnerships:offer_search"),
        order=46,
        views=OFFER_PUBLIC_VIEWS,
    )
    if actor.is_company:
        return [
            MenuEntry(
                _("Mes offres"),
                reverse("partnerships:my_offers"),
                order=25,
                views=COMPANY_OFFER_VIEWS,
            ),
            public,
        ]
    if actor.is_person:
        return [
            MenuEntry(
                _("Mes candidatures"),
                reverse("partnerships:my_applications"),
                order=21,
                views=LEARNER_APPLICATION_VIEWS,
            ),
            public,
        ]
    return [public]


@register_home
def offers_home(actor: Actor) -> HomePart:
    if actor.is_company:
        counts = Application.objects.of_company(actor.organisation_id).aggregate(
            waiting=Count("pk", filter=Q(status__in=WAITING)),
            flagged=Count("pk", filter=Q(status__in=WAITING, flagged_at__isnull=False)),
        )
        my_offers = reverse("partnerships:my_offers")
        items = [
            LiveItem(
                ngettext(
                    "candidature à vos offres en attente de réponse",
                    "candidatures à vos offres en attente de réponse",
                    counts["waiting"],
                ),
                my_offers,
                count=counts["waiting"],
                empty=_(
                    "Aucune candidature n'attend votre réponse. Proposez un stage ou une "
                    "alternance :"
                ),
                empty_link=reverse("partnerships:offer_create"),
                order=30,
            )
        ]
        if counts["flagged"]:
            items.insert(
                0,
                LiveItem(
                    ngettext(
                        "candidature sans réponse depuis 30 jours : la fédération en est informée",
                        "candidatures sans réponse depuis 30 jours : la fédération en est informée",
                        counts["flagged"],
                    ),
                    my_offers,
                    count=counts["flagged"],
                    order=5,
                ),
            )
        steps = [
            NextStep(
                _("Proposer un stage ou une alternance"),
                _(
                    "Une offre de stage, d'apprentissage ou de professionnalisation, publiée pour "
                    "les personnes qui se forment au numérique."
                ),
                reverse("partnerships:offer_create"),
                order=30,
            )
        ]
        return HomePart(items=items, steps=steps)
    if actor.is_federation:
        flagged = Application.objects.flagged().count()
        return HomePart(
            items=[
                LiveItem(
                    ngettext(
                        "candidature à un stage ou une alternance sans réponse depuis 30 jours",
                        "candidatures à un stage ou une alternance sans réponse depuis 30 jours",
                        flagged,
                    ),
                    reverse("partnerships:applications_flagged"),
                    count=flagged,
                    order=40,
                )
            ]
        )
    if actor.is_person:
        assert actor.user is not None
        waiting = Application.objects.of_learner(actor.user.pk).filter(status__in=WAITING).count()
        return HomePart(
            items=[
                LiveItem(
                    ngettext(
                        "candidature en attente de réponse",
                        "candidatures en attente de réponse",
                        waiting,
                    ),
                    reverse("partnerships:my_applications"),
                    count=waiting,
                    empty=_("Cherchez un stage ou une alternance dans le numérique :"),
                    empty_link=reverse("partnerships:offer_search"),
                    order=40,
                )
            ],
            steps=[
                NextStep(
                    _("Trouver un stage ou une alternance"),
                    _("Les offres des entreprises de la Martinique dans le numérique."),
                    reverse("partnerships:offer_search"),
                    order=45,
                )
            ],
        )
    return HomePart()
