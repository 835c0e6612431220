"""Solution 3 (partnerships) in the menus and on the homes of each role, one function per area."""

from __future__ import annotations

from dataclasses import replace
from functools import wraps

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.core.actor import Actor
from lakou.core.navigation import (
    HomePart,
    LiveItem,
    MenuEntry,
    MenuFunction,
    NextStep,
    register_home,
    register_menu,
)
from lakou.partnerships.models import (
    Action,
    Application,
    Booking,
    Event,
    Juror,
    MenteeRequest,
    MentoringPair,
    Participant,
)
from lakou.partnerships.services.agreements import (
    accepted_without_agreement,
    waiting_for_signature,
)


def grouped(function: MenuFunction) -> MenuFunction:
    """The partnership entries fold under one menu group: « Partenariats » for an organisation,
    « Stages et partenariats » for a person or a visitor (its first entries are about them)."""

    @wraps(function)
    def menu(actor: Actor) -> list[MenuEntry]:
        label = (
            _("Partenariats") if actor.organisation_id is not None else _("Stages et partenariats")
        )
        return [entry if entry.group else replace(entry, group=label) for entry in function(actor)]

    return menu


@register_menu
@grouped
def resources_menu(actor: Actor) -> list[MenuEntry]:
    """« Ressources mutualisées » for the members of every organisation."""
    if actor.user is None or actor.organisation_id is None:
        return []
    return [
        MenuEntry(
            _("Ressources mutualisées"),
            reverse("partnerships:resource_catalogue"),
            order=45,
            views=(
                "partnerships:resource_detail",
                "partnerships:resource_create",
                "partnerships:resource_edit",
                "partnerships:resource_book",
                "partnerships:resource_report",
                "partnerships:resource_member_report",
                "partnerships:booking_inbox",
                "partnerships:my_bookings",
                "partnerships:booking_refuse",
                "partnerships:booking_cancel",
                "partnerships:booking_return",
            ),
        )
    ]


@register_home
def resources_home(actor: Actor) -> HomePart:
    """The owner sees the requests waiting for its decision."""
    if actor.user is None or actor.organisation_id is None:
        return HomePart()
    pending = Booking.objects.for_owner(actor.organisation_id).pending().count()
    inbox = reverse("partnerships:booking_inbox")
    items = []
    if pending:
        items.append(
            LiveItem(
                label=ngettext(
                    "demande de réservation de ressource à décider",
                    "demandes de réservation de ressources à décider",
                    pending,
                ),
                url=inbox,
                count=pending,
                detail=_("D'autres membres demandent à réserver des ressources que vous prêtez."),
                order=45,
            )
        )
    return HomePart(
        items=items,
        steps=[
            NextStep(
                _("Ressources mutualisées"),
                _(
                    "Supports de cours, salles de TP, licences et matériel que les membres se "
                    "prêtent : réservez ou partagez les vôtres."
                ),
                reverse("partnerships:resource_catalogue"),
                order=45,
            )
        ],
    )


AGREEMENT_VIEWS = (
    "partnerships:agreement_detail",
    "partnerships:agreement_create",
    "partnerships:agreement_edit",
    "partnerships:agreement_submit",
    "partnerships:agreement_sign",
    "partnerships:agreement_back_to_draft",
    "partnerships:agreement_break_off",
)


@register_menu
@grouped
def agreements(actor: Actor) -> list[MenuEntry]:
    if not (actor.is_company or actor.is_provider or actor.is_federation or actor.is_person):
        return []
    entries = [
        MenuEntry(
            _("Conventions"),
            reverse("partnerships:agreement_list"),
            order=46,
            views=AGREEMENT_VIEWS,
        )
    ]
    if actor.is_company:
        entries.append(
            MenuEntry(
                _("Mes stagiaires et apprentis"),
                reverse("partnerships:agreement_placements"),
                order=47,
            )
        )
    elif actor.is_provider:
        entries.append(
            MenuEntry(
                _("Stages de mes apprenants"),
                reverse("partnerships:agreement_placements"),
                order=47,
            )
        )
    return entries


@register_home
def agreements_home(actor: Actor) -> HomePart:
    if not (actor.is_company or actor.is_provider or actor.is_person):
        return HomePart()
    url = reverse("partnerships:agreement_list")
    waiting = waiting_for_signature(actor).count()
    items = [
        LiveItem(
            label=ngettext(
                "convention attend votre signature",
                "conventions attendent votre signature",
                waiting,
            ),
            url=url,
            count=waiting,
            detail=_("Le stagiaire ou l'apprenti, l'entreprise et l'école signent chacun."),
            order=30,
        )
    ]
    if actor.is_company:
        to_establish = accepted_without_agreement(actor).count()
        items.append(
            LiveItem(
                label=ngettext(
                    "candidature acceptée sans convention",
                    "candidatures acceptées sans convention",
                    to_establish,
                ),
                url=url,
                count=to_establish,
                detail=_("Établissez la convention à partir de la candidature acceptée."),
                order=31,
            )
        )
    return HomePart(items=items)


MENTORING_MINE_VIEWS = (
    "partnerships:mentoring_mentor_profile",
    "partnerships:mentoring_request",
    "partnerships:mentoring_request_withdraw",
    "partnerships:mentoring_pair",
    "partnerships:mentoring_pair_end",
)


MENTORING_FEDERATION_VIEWS = (
    "partnerships:mentoring_pairs",
    "partnerships:mentoring_pair_create",
    "partnerships:mentoring_pair",
    "partnerships:mentoring_pair_end",
)


@register_menu
@grouped
def mentoring_menu(actor: Actor) -> list[MenuEntry]:
    if actor.is_federation:
        return [
            MenuEntry(
                _("Mentorat"),
                reverse("partnerships:mentoring_suggestions"),
                order=30,
                views=MENTORING_FEDERATION_VIEWS,
            )
        ]
    if actor.is_company or actor.is_person:
        return [
            MenuEntry(
                _("Mentorat"),
                reverse("partnerships:mentoring_mine"),
                order=30,
                views=MENTORING_MINE_VIEWS,
            )
        ]
    return []


@register_home
def mentoring_home(actor: Actor) -> HomePart:
    if actor.is_federation:
        counts = MenteeRequest.objects.aggregate(
            waiting=Count("pk", filter=Q(status=MenteeRequest.Status.OPEN))
        )
        waiting = counts["waiting"]
        return HomePart(
            items=[
                LiveItem(
                    label=ngettext(
                        "demande de mentorat en attente", "demandes de mentorat en attente", waiting
                    ),
                    url=reverse("partnerships:mentoring_suggestions"),
                    count=waiting,
                    detail=_("Lakou vous suggère un mentor pour chacune, avec ses raisons."),
                    empty=_("Aucune demande de mentorat n'attend de mentor."),
                    empty_link=_("Voir les binômes"),
                    order=30,
                )
            ],
            steps=[
                NextStep(
                    _("Mentorat"),
                    _("Former les binômes mentor – mentoré à partir des suggestions."),
                    reverse("partnerships:mentoring_suggestions"),
                    order=30,
                )
            ],
        )
    if actor.user is None or not (actor.is_company or actor.is_person):
        return HomePart()
    mine = Q(mentee__learner_id=actor.user.pk)
    if actor.is_company:
        mine = Q(mentor__user_id=actor.user.pk, mentor__organisation_id=actor.organisation_id)
    active = MentoringPair.objects.active().filter(mine).count()
    return HomePart(
        items=[
            LiveItem(
                label=ngettext(
                    "binôme de mentorat en cours", "binômes de mentorat en cours", active
                ),
                url=reverse("partnerships:mentoring_mine"),
                count=active,
                detail=_("Vos rencontres se notent sur la page du binôme."),
                order=30,
            )
        ],
        steps=[
            NextStep(
                _("Mentorat"),
                _("Devenir mentor d'un apprenant du territoire.")
                if actor.is_company
                else _("Être accompagné par un mentor d'une entreprise de Martinique."),
                reverse("partnerships:mentoring_mine"),
                order=30,
            )
        ],
    )


EVENT_PAGES = ("partnerships:event_detail", "partnerships:event_register")


PARTICIPANT_PAGES = (
    "partnerships:event_my_team",
    "partnerships:event_submission",
    "partnerships:event_team_leave",
    "partnerships:event_jury",
    "partnerships:event_jury_score",
)


ORGANISER_PAGES = ("partnerships:event_manage", "partnerships:event_results_publish")


@register_menu
@grouped
def events_menu(actor: Actor) -> list[MenuEntry]:
    """No query: pages count their queries exactly. Organisers other than the federation reach
    their events from each event's page ("Gérer l'événement")."""
    entries = [
        MenuEntry(
            _("Concours et hackathons"),
            reverse("partnerships:event_list"),
            order=56,
            views=EVENT_PAGES,
        )
    ]
    if actor.user is not None:
        # A person takes part; a member of an organisation may sit on a jury.
        entries.append(
            MenuEntry(
                _("Mes hackathons"),
                reverse("partnerships:event_mine"),
                order=25 if actor.is_person else 57,
                views=PARTICIPANT_PAGES,
            )
        )
    if actor.is_federation:
        entries.append(
            MenuEntry(
                _("Hackathons organisés"),
                reverse("partnerships:event_manage_list"),
                order=35,
                views=ORGANISER_PAGES,
            )
        )
    return entries


@register_home
def events_home(actor: Actor) -> HomePart:
    """A person's ongoing events and juries, or an invitation to take part: one query."""
    if not actor.is_person or actor.user is None:
        return HomePart()
    now = timezone.now()
    ongoing = Q(results_published_at__isnull=True)
    counts = Event.objects.aggregate(
        taking_part=Count(
            "pk",
            filter=ongoing
            & Q(pk__in=Participant.objects.filter(user_id=actor.user.pk).values("event_id")),
        ),
        judging=Count(
            "pk",
            filter=ongoing
            & Q(submission_deadline__lte=now)
            & Q(pk__in=Juror.objects.filter(user_id=actor.user.pk).values("event_id")),
        ),
        open=Count(
            "pk",
            filter=Q(registration_opens_at__lte=now, registration_closes_at__gt=now)
            & Q(action__is_public=True)
            & ~Q(action__status=Action.Status.CANCELLED),
        ),
    )
    items: list[LiveItem] = []
    steps: list[NextStep] = []
    if counts["taking_part"]:
        items.append(
            LiveItem(
                label=ngettext(
                    "%(count)s hackathon ou concours en cours",
                    "%(count)s hackathons ou concours en cours",
                    counts["taking_part"],
                )
                % {"count": counts["taking_part"]},
                url=reverse("partnerships:event_mine"),
                count=counts["taking_part"],
                order=45,
            )
        )
    elif counts["open"]:
        steps.append(
            NextStep(
                title=_("Relever un défi en équipe"),
                description=_(
                    "Des concours et hackathons ouverts à tous : inscrivez-vous, formez une "
                    "équipe, présentez votre projet au jury."
                ),
                url=reverse("partnerships:event_list"),
                order=60,
            )
        )
    if counts["judging"]:
        items.append(
            LiveItem(
                label=ngettext(
                    "%(count)s jury à tenir", "%(count)s jurys à tenir", counts["judging"]
                )
                % {"count": counts["judging"]},
                url=reverse("partnerships:event_mine"),
                count=counts["judging"],
                order=46,
            )
        )
    return HomePart(items=items, steps=steps)


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
@grouped
def offers_menu(actor: Actor) -> list[MenuEntry]:
    public = MenuEntry(
        _("Offres de stage, d'alternance et d'emploi"),
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
                _("Proposer un stage, une alternance ou un emploi"),
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
                        "candidature à une offre sans réponse depuis 30 jours",
                        "candidatures à une offre sans réponse depuis 30 jours",
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
                    empty=_("Cherchez un stage, une alternance ou un emploi dans le numérique :"),
                    empty_link=reverse("partnerships:offer_search"),
                    order=40,
                )
            ],
            steps=[
                NextStep(
                    _("Trouver un stage, une alternance ou un emploi"),
                    _("Les offres des entreprises de la Martinique dans le numérique."),
                    reverse("partnerships:offer_search"),
                    order=45,
                )
            ],
        )
    return HomePart()


ACTION_VIEWS = (
    "partnerships:action_create",
    "partnerships:action_detail",
    "partnerships:action_edit",
    "partnerships:action_held",
    "partnerships:action_cancel",
    "partnerships:partner_add",
    "partnerships:partner_remove",
    "partnerships:contribution_add",
    "partnerships:contribution_remove",
    "partnerships:statements",
    "partnerships:statement",
)


NEXT_ACTIONS_SHOWN = 3


@register_menu
@grouped
def actions_menu(actor: Actor) -> list[MenuEntry]:
    indicators = MenuEntry(
        _("Indicateurs partenariats"),
        reverse("partnerships:indicators"),
        order=62,
        group=_("Indicateurs"),
    )
    if actor.organisation_id is not None:
        entries = [
            MenuEntry(
                _("Actions de partenariat"),
                reverse("partnerships:action_list"),
                order=30,
                views=ACTION_VIEWS,
            )
        ]
        if actor.is_federation or actor.is_epci:
            entries.append(indicators)
        return entries
    return [
        MenuEntry(
            _("Agenda des partenariats"),
            reverse("partnerships:calendar"),
            order=45,
            views=("partnerships:action_detail",),
        )
    ]


@register_home
def actions_home(actor: Actor) -> HomePart:
    if actor.organisation_id is None:
        return HomePart(
            steps=[
                NextStep(
                    _("Agenda des partenariats"),
                    _(
                        "Concours, hackathons, job datings et interventions d'experts près de chez vous."
                    ),
                    reverse("partnerships:calendar"),
                    order=45,
                )
            ]
        )
    now = timezone.now()
    actions = Action.objects.all()
    if not actor.is_federation:
        actions = actions.filter(organisers=actor.organisation_id)
    counts = actions.aggregate(
        to_close=Count("pk", filter=Q(status=Action.Status.PLANNED, ends_at__lt=now)),
        upcoming=Count("pk", filter=Q(status=Action.Status.PLANNED, starts_at__gte=now)),
    )
    upcoming = list(
        actions.planned()
        .filter(starts_at__gte=now)
        .order_by("starts_at", "pk")[:NEXT_ACTIONS_SHOWN]
    )
    list_url = reverse("partnerships:action_list")
    mine = not actor.is_federation
    items = [
        LiveItem(
            label=ngettext("action à clôturer", "actions à clôturer", counts["to_close"]),
            url=list_url
            + "?"
            + urlencode({"status": "to_close", **({"mine": "on"} if mine else {})}),
            count=counts["to_close"],
            detail=_(
                "Terminées mais encore « prévues » : marquez-les réalisées, avec le bilan, ou annulées."
            ),
            order=30,
        ),
        LiveItem(
            label=ngettext("action prévue", "actions prévues", counts["upcoming"]),
            url=list_url
            + "?"
            + urlencode({"status": "planned", **({"mine": "on"} if mine else {})}),
            count=counts["upcoming"],
            detail=_("Les prochaines :") if upcoming else "",
            links=tuple(
                (
                    _("%(title)s, le %(date)s")
                    % {
                        "title": action.title,
                        "date": date_format(timezone.localtime(action.starts_at), "j F Y"),
                    },
                    action.get_absolute_url(),
                )
                for action in upcoming
            ),
            empty=_("Aucune action de partenariat prévue."),
            empty_link=_("Voir les actions de partenariat"),
            order=31,
        ),
    ]
    steps = [
        NextStep(
            _("Actions de partenariat"),
            _(
                "Proposer une action, ajouter ses partenaires et leurs apports, enregistrer son bilan."
            ),
            list_url,
            order=30,
        ),
        NextStep(
            _("Relevés annuels des apports"),
            _("Ce que chaque partenaire a apporté dans l'année, en PDF et en tableur."),
            reverse("partnerships:statements"),
            order=31,
        ),
    ]
    return HomePart(items=items, steps=steps)
