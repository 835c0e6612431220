"""Write services for responses: start, save as you go, submit; and finding a draft by its link."""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.diagnostics import scoring
from lakou.diagnostics.models import (
    Answer,
    Campaign,
    Dimension,
    NeedMode,
    Question,
    QuestionnaireVersion,
    Response,
    SkillNeed,
)
from lakou.diagnostics.services.answers import (
    AnswerError,
    clean_answer,
    version_questions,
    visible_questions,
)
from lakou.skills.models import Competence, Occupation
from lakou.territory.models import Commune

REQUIRED_MESSAGE = "Merci de répondre à cette question."
UNKNOWN_QUESTION_MESSAGE = "Cette question ne fait pas partie du questionnaire."

# How the skill-needs section becomes SkillNeed rows (see builtin.py and docs/questionnaires.md):
# for each mode, a multiple choice of skills, the number of people and the horizon. Any version
# holding these codes, built-in, edited or imported, records its needs the same way.
NEED_QUESTIONS: dict[str, tuple[str, str, str]] = {
    NeedMode.TRAIN: ("train_skills", "train_headcount", "train_horizon"),
    NeedMode.RECRUIT: ("recruit_skills", "recruit_headcount", "recruit_horizon"),
}


class ResponseError(Exception):
    """A change refused as a whole (e.g. the response was already sent); message in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def response_by_token(raw_token: str) -> Response | None:
    """The response a resume link points to, or None."""
    if not raw_token:
        return None
    return (
        Response.objects.select_related("campaign", "version__questionnaire", "company")
        .filter(resume_token_hash=hash_token(raw_token))
        .first()
    )


def response_start(
    *, actor: Actor, campaign: Campaign, company: Organisation | None = None
) -> tuple[Response, str]:
    """A new draft and its raw resume token (only its sha256 is stored).

    A company has one response per campaign, shared by its members: when it exists it is
    returned with an empty token, because the raw token of an existing draft is not known
    (members reach it through their account, not through a link).
    """
    if company is not None:
        existing = Response.objects.filter(campaign=campaign, company=company).first()
        if existing is not None:
            return existing, ""
    raw_token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                campaign=campaign,
                version=campaign.version,
                company=company,
                user=actor.user,
                resume_token_hash=hash_token(raw_token),
            )
            audit_record(actor=actor, action="response.start", obj=response)
    except IntegrityError:
        # Another member started the company's response at the same moment.
        if company is None:
            raise
        return Response.objects.get(campaign=campaign, company=company), ""
    return response, raw_token


def normalise_email(email: str) -> str:
    """One spelling per address, so that « Line@Exemple.mq » is the address already given."""
    return email.strip().lower()


def mask_email(email: str) -> str:
    """« l•••@exemple.mq »: enough for the person to recognise their address, not to read it."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def resume_email_accepted(response: Response, email: str) -> bool:
    """The resume link goes to the first address given for the draft, and to no other."""
    return not response.resume_email or response.resume_email == normalise_email(email)


def resume_email_refusal(response: Response) -> str:
    """Why another address is refused, naming the kept one half-hidden."""
    return _(
        "Le lien de cette réponse a déjà été envoyé à l'adresse %(kept)s. Il ne peut être "
        "envoyé qu'à cette adresse : saisissez-la à nouveau pour le recevoir encore."
    ) % {"kept": mask_email(response.resume_email)}


def response_send_resume_link(*, actor: Actor, response: Response, email: str, link: str) -> None:
    """E-mail the resume link of an anonymous draft; the first address given is kept on it.

    Another address is refused (`ResponseError`): the form must not relay e-mails to strangers.
    The caller counts the sends (`lakou.core.throttle`) before calling.
    """
    email = normalise_email(email)
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.company_id is not None or locked.status == Response.Status.SUBMITTED:
            raise ResponseError(_("Cette réponse n'a pas de lien de reprise à envoyer."))
        if not resume_email_accepted(locked, email):
            raise ResponseError(resume_email_refusal(locked))
        if not locked.resume_email:
            locked.resume_email = email
            locked.save(update_fields=["resume_email"])
        audit_record(actor=actor, action="response.resume_link", obj=locked)
        notify_by_email(
            to=[email],
            subject=_("Votre lien pour reprendre le questionnaire"),
            template="diagnostics/emails/resume_link.txt",
            context={"campaign": response.campaign, "link": link},
        )
    response.resume_email = locked.resume_email


def _answers_by_code(response: Response) -> dict[str, Any]:
    return {
        code: value
        for code, value in Answer.objects.filter(response=response).values_list(
            "question__code", "value"
        )
    }


def _freeze(version: QuestionnaireVersion) -> None:
    if version.frozen_at is None:
        now = timezone.now()
        QuestionnaireVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
            frozen_at=now
        )
        version.frozen_at = now


def response_save(
    *, actor: Actor, response: Response, raw_answers: Mapping[str, list[str]]
) -> dict[str, str]:
    """Keep the valid answers, return {question code: French error} for the others.

    The first answer saved on a version freezes it: from then on it can no longer change.
    """
    if response.status == Response.Status.SUBMITTED:
        raise ResponseError("Cette réponse a déjà été envoyée : elle ne peut plus être modifiée.")
    questions = {question.code: question for question in version_questions(response.version)}
    errors: dict[str, str] = {}
    cleaned: dict[Question, Any] = {}
    for code, raw in raw_answers.items():
        question = questions.get(code)
        if question is None:
            errors[code] = UNKNOWN_QUESTION_MESSAGE
            continue
        try:
            cleaned[question] = clean_answer(question, list(raw))
        except AnswerError as error:
            errors[code] = error.message
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status == Response.Status.SUBMITTED:
            raise ResponseError(
                "Cette réponse a déjà été envoyée : elle ne peut plus être modifiée."
            )
        saved = 0
        for question, value in cleaned.items():
            if value is None:
                Answer.objects.filter(response=response, question=question).delete()
                continue
            Answer.objects.update_or_create(
                response=response, question=question, defaults={"value": value}
            )
            saved += 1
            if question.kind == Question.Kind.COMMUNE and response.commune_id is None:
                response.commune = Commune.objects.get(insee_code=value)
        if saved:
            _freeze(response.version)
        response.save(update_fields=["commune", "updated_at"])
        audit_record(
            actor=actor,
            action="response.save",
            obj=response,
            changes={"saved": sorted(q.code for q in cleaned), "invalid": sorted(errors)},
        )
    return errors


def _is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _points(
    questions: Iterable[Question], answers: Mapping[str, Any]
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Points reachable and earned per dimension code, over the shown questions."""
    reachable: dict[str, Decimal] = defaultdict(Decimal)
    earned: dict[str, Decimal] = defaultdict(Decimal)
    for question in questions:
        answer = answers.get(question.code)
        choices = [choice for choice in question.choices.all() if choice.dimension is not None]
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            for choice in choices:
                assert choice.dimension is not None
                reachable[choice.dimension.code] += max(choice.points, Decimal(0))
                if isinstance(answer, list) and choice.value in answer:
                    earned[choice.dimension.code] += choice.points
        elif choices:
            best: dict[str, Decimal] = defaultdict(Decimal)
            for choice in choices:
                assert choice.dimension is not None
                best[choice.dimension.code] = max(best[choice.dimension.code], choice.points)
                if choice.value == answer or (
                    isinstance(answer, bool) and choice.value == ("yes" if answer else "no")
                ):
                    earned[choice.dimension.code] += choice.points
            for code, points in best.items():
                reachable[code] += points
        if question.scale_dimension is not None and question.kind in (
            Question.Kind.SCALE,
            Question.Kind.SKILL_LEVEL,
        ):
            low = (question.min_value or 0) if question.kind == Question.Kind.SCALE else 0
            high = question.max_value if question.kind == Question.Kind.SCALE else 8
            if high is not None and high > low:
                code = question.scale_dimension.code
                reachable[code] += Decimal(high - low)
                if isinstance(answer, int) and not isinstance(answer, bool):
                    earned[code] += Decimal(answer - low)
    return reachable, earned


def response_scores(response: Response) -> scoring.Scores:
    """The scores of a response from its stored answers (shown questions only)."""
    answers = _answers_by_code(response)
    shown = visible_questions(response.version, answers)
    reachable, earned = _points(shown, answers)
    codes = list(
        Dimension.objects.filter(version=response.version)
        .order_by("position", "pk")
        .values_list("code", flat=True)
    )
    return scoring.compute_scores(codes, reachable, earned)


def _skill_target(value: str) -> tuple[Competence | None, Occupation | None]:
    """`rome-m1805` names a ROME occupation; `digcomp-2-3` the DigComp competence 2.3."""
    prefix, _, rest = value.partition("-")
    if prefix == "rome":
        return None, Occupation.objects.filter(code_rome=rest.upper()).first()
    if rest:
        code = rest.replace("-", ".")
        return Competence.objects.filter(framework__code=prefix, code=code).first(), None
    return None, None


def _record_needs(response: Response, answers: Mapping[str, Any], shown_codes: set[str]) -> int:
    assert response.company is not None
    assert response.submitted_at is not None
    recorded_on = timezone.localdate(response.submitted_at)
    needs = []
    for mode, (skills_code, headcount_code, horizon_code) in NEED_QUESTIONS.items():
        if skills_code not in shown_codes:
            continue
        headcount = answers.get(headcount_code)
        horizon = answers.get(horizon_code)
        if not isinstance(headcount, int) or headcount < 1 or not horizon:
            continue
        for value in answers.get(skills_code) or []:
            competence, occupation = _skill_target(value)
            if competence is None and occupation is None:
                continue
            needs.append(
                SkillNeed(
                    company=response.company,
                    response=response,
                    competence=competence,
                    occupation=occupation,
                    headcount=headcount,
                    horizon=horizon,
                    mode=mode,
                    recorded_on=recorded_on,
                )
            )
    SkillNeed.objects.filter(response=response).delete()
    SkillNeed.objects.bulk_create(needs)
    return len(needs)


def response_submit(*, actor: Actor, response: Response) -> dict[str, str]:
    """Send a response: every shown required question must be answered, else the errors.

    On success the scores are stored, answers to questions that ended up hidden are dropped,
    and a company's skill-needs answers become SkillNeed rows dated the day of submission.
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status == Response.Status.SUBMITTED:
            raise ResponseError("Cette réponse a déjà été envoyée.")
        answers = _answers_by_code(response)
        shown = visible_questions(response.version, answers)
        errors = {
            question.code: REQUIRED_MESSAGE
            for question in shown
            if question.required and not _is_answered(answers.get(question.code))
        }
        if errors:
            return errors
        shown_codes = {question.code for question in shown}
        Answer.objects.filter(response=response).exclude(question__code__in=shown_codes).delete()
        answers = {code: value for code, value in answers.items() if code in shown_codes}
        reachable, earned = _points(shown, answers)
        codes = list(
            Dimension.objects.filter(version=response.version)
            .order_by("position", "pk")
            .values_list("code", flat=True)
        )
        scores = scoring.compute_scores(codes, reachable, earned)
        response.scores = scores.as_json()
        response.status = Response.Status.SUBMITTED
        response.submitted_at = timezone.now()
        # The address only served to resume the draft: a sent response does not keep it.
        response.resume_email = ""
        response.save(
            update_fields=["scores", "status", "submitted_at", "resume_email", "updated_at"]
        )
        need_count = 0
        if response.company is not None:
            need_count = _record_needs(response, answers, shown_codes)
        audit_record(
            actor=actor,
            action="response.submit",
            obj=response,
            changes={"scores": response.scores, "needs": need_count},
        )
    return {}
