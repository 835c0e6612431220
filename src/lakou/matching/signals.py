"""Signal receivers of solution 5, connected when it starts (apps.py): the other apps' services
move the matches, with no second entry.

- training (`training/services/signals.py`, sent after commit): an enrolment accepted makes its
  match successful (through « accepted by both »), an enrolment refused declines it, by the other
  side, with the provider's reason;
- partnerships: a new application links the person's live match on that offer (saved
  application); `application_accepted` makes it accepted by both, `application_refused` declines
  it by the other side with the company's reason, `application_withdrawn` declines it by the
  person, `agreement_activated` and `hire_confirmed` successful (partnerships/services/signals.py, after commit); a mentoring pair formed
  with the match's mentor makes it successful;
- mediation: a registration promoted from the waiting list makes the workshop match successful;
- training's certificates: one issued or revoked re-reads the learner's verified competences
  (`profile_sync_certificates`), so the engine weighs the proof from that moment; one that merely
  expires is dropped the next time the profile is read (the profile and suggestion pages sync).

Each receiver is idempotent and only moves a match that is where the signal can take it.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from lakou.matching.models import Profile
from lakou.matching.services import matches as services
from lakou.matching.services.profiles import profile_sync_certificates
from lakou.mediation.models import Registration
from lakou.partnerships.models import Agreement, Application, MentoringPair
from lakou.partnerships.services.signals import (
    agreement_activated,
    application_accepted,
    application_refused,
    application_withdrawn,
    hire_confirmed,
)
from lakou.training.models import Certificate, Enrolment
from lakou.training.services.signals import (
    certificate_issued,
    certificate_revoked,
    enrolment_accepted,
    enrolment_refused,
)


def _enrolment_accepted(enrolment: Enrolment, actor: Any = None, **kwargs: Any) -> None:
    match = services.enrolment_match(enrolment)
    if match is not None:
        services.match_succeed(actor=actor, match=match)


def _enrolment_refused(
    enrolment: Enrolment, actor: Any = None, reason: str = "", **kwargs: Any
) -> None:
    match = services.enrolment_match(enrolment)
    if match is not None:
        services.match_declined_by_other(actor=actor, match=match, reason=reason)


def _application_of(kwargs: dict[str, Any]) -> Application | None:
    """The application a partnerships signal is about, whatever it names it."""
    for value in kwargs.values():
        if isinstance(value, Application):
            return value
        if isinstance(value, Agreement):
            return value.application
    return None


def _application_accepted(**kwargs: Any) -> None:
    application = _application_of(kwargs)
    match = services.application_match(application) if application is not None else None
    if match is not None:
        services.match_other_accepted(actor=kwargs.get("actor"), match=match)


def _application_refused(reason: str = "", **kwargs: Any) -> None:
    application = _application_of(kwargs)
    match = services.application_match(application) if application is not None else None
    if match is not None:
        services.match_declined_by_other(actor=kwargs.get("actor"), match=match, reason=reason)


def _application_withdrawn(**kwargs: Any) -> None:
    application = _application_of(kwargs)
    match = services.application_match(application) if application is not None else None
    if match is not None:
        services.match_withdrawn_elsewhere(actor=kwargs.get("actor"), match=match)


def _outcome_confirmed(**kwargs: Any) -> None:
    application = _application_of(kwargs)
    match = services.application_match(application) if application is not None else None
    if match is not None:
        services.match_succeed(actor=kwargs.get("actor"), match=match)


def _application_saved(instance: Application, created: bool = False, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        services.application_linked(application=instance)


def _pair_saved(instance: MentoringPair, created: bool = False, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        services.mentoring_pair_formed(
            mentor_id=instance.mentor_id, learner_id=instance.mentee.learner_id
        )


def _registration_saved(instance: Registration, created: bool = False, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    promoted = not created and fields is not None and "status" in fields
    if promoted and not kwargs.get("raw") and instance.status == Registration.Status.CONFIRMED:
        services.workshop_seat_given(registration=instance)


def _certificate_changed(certificate: Certificate, **kwargs: Any) -> None:
    profile = Profile.objects.filter(user_id=certificate.learner_id).first()
    if profile is not None:
        profile_sync_certificates(profile)


def connect() -> None:
    certificate_issued.connect(_certificate_changed, dispatch_uid="matching-certificate-issued")
    certificate_revoked.connect(_certificate_changed, dispatch_uid="matching-certificate-revoked")
    enrolment_accepted.connect(_enrolment_accepted, dispatch_uid="matching-enrolment-accepted")
    enrolment_refused.connect(_enrolment_refused, dispatch_uid="matching-enrolment-refused")
    post_save.connect(_application_saved, sender=Application, dispatch_uid="matching-application")
    post_save.connect(_pair_saved, sender=MentoringPair, dispatch_uid="matching-mentoring-pair")
    post_save.connect(
        _registration_saved, sender=Registration, dispatch_uid="matching-registration"
    )
    application_accepted.connect(_application_accepted, dispatch_uid="matching-app-accepted")
    application_refused.connect(_application_refused, dispatch_uid="matching-app-refused")
    application_withdrawn.connect(_application_withdrawn, dispatch_uid="matching-app-withdrawn")
    agreement_activated.connect(_outcome_confirmed, dispatch_uid="matching-agreement-active")
    hire_confirmed.connect(_outcome_confirmed, dispatch_uid="matching-hire-confirmed")
