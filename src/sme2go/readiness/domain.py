"""Write paths for readiness assessments: start, save answers, submit, review, evidence.

Keyword-only, one audited transaction each (``domain_write``). ``actor`` is the acting
user (``PermissionDenied`` when not allowed) or ``None`` for system work such as the demo
loader. Who may do what:

- the company's own users and the programme's operator staff start an assessment, save
  answers while it is a draft, submit it and attach evidence;
- only operator staff review it (evidence level per answer), at any status after
  submission;
- hosts and counterparts see no assessment at all (the views answer 404).

Bad input raises ``ValidationError`` keyed by the item id (or the field), with a message
that names the item; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sme2go.core.domain import domain_write, require_change
from sme2go.core.tenancy import access_for
from sme2go.followup.evidence import check_evidence_file
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment, Programme
from sme2go.readiness import results, scoring
from sme2go.readiness.bank import Bank, BankError, load_bank
from sme2go.readiness.models import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Answer,
    Assessment,
    EvidenceFile,
    ScoreSnapshot,
)


def _require_participant(actor: Any, company: Organisation, programme: Programme) -> None:
    """The company's own users or the programme's operator staff (or the system)."""
    if actor is None:
        return
    access = access_for(actor)
    if access.is_superuser:
        return
    if access.is_operator and programme.pk in access.programme_ids:
        return
    if access.is_company and access.organisation_id == company.pk:
        return
    raise PermissionDenied


def _require_operator(actor: Any, assessment: Assessment) -> None:
    require_change(actor, assessment)
    if actor is None:
        return
    access = access_for(actor)
    if not (access.is_superuser or access.is_operator):
        raise PermissionDenied


@domain_write
def start_assessment(
    *,
    company: Organisation,
    programme: Programme,
    wave: str,
    actor: Any,
    mission: Mission | None = None,
    modules: list[dict[str, str]] | None = None,
) -> Assessment:
    """Start a draft assessment of ``company`` for ``programme`` (and ``mission``).

    ``modules`` (``[{"bank", "version"}]``) defaults to the latest generic bank plus the
    market modules of the company's target markets and the mission's destinations. One
    assessment per company, programme, mission and wave.
    """
    _require_participant(actor, company, programme)
    errors: dict[str, list[str]] = {}
    if company.kind != Organisation.Kind.COMPANY:
        errors["company"] = [_("Only companies are assessed.")]
    elif not Enrolment.objects.filter(programme=programme, organisation=company).exists():
        errors["company"] = [
            _("%(company)s is not enrolled in %(programme)s.")
            % {"company": company, "programme": programme}
        ]
    if wave not in Assessment.Wave.values:
        errors["wave"] = [_("Unknown wave “%(wave)s”.") % {"wave": wave}]
    if mission is not None and mission.programme_id != programme.pk:
        errors["mission"] = [_("The mission belongs to another programme.")]
    if errors:
        raise ValidationError(errors)
    duplicate = Assessment.objects.filter(
        company=company, programme=programme, mission=mission, wave=wave
    )
    if duplicate.exists():
        raise ValidationError(
            {
                "wave": _("%(company)s already has an assessment for this wave (%(wave)s).")
                % {"company": company, "wave": Assessment.Wave(wave).label}
            }
        )
    profile = getattr(company, "profile", None)
    if modules is None:
        markets = list(profile.target_markets) if profile is not None else []
        if mission is not None:
            markets += [
                country.country_code
                for country in (r.country for r in mission.destinations.all())
                if country is not None and country.country_code
            ]
        modules = results.default_modules(markets)
    _check_modules(modules)
    return Assessment.objects.create(
        company=company,
        programme=programme,
        mission=mission,
        wave=wave,
        modules=modules,
        profile=results.profile_data(profile),
        started_by=actor,
    )


def _check_modules(modules: list[dict[str, str]]) -> None:
    kinds = []
    for module in modules:
        try:
            kinds.append(load_bank(module["bank"], module["version"]).kind)
        except BankError as error:
            raise ValidationError({"modules": bank_message(error)}) from None
        except (KeyError, TypeError):
            raise ValidationError(
                {"modules": _("Name each module as its bank and version.")}
            ) from None
    if kinds.count("generic") != 1:
        raise ValidationError({"modules": _("An assessment uses exactly one readiness index.")})


def _banks(assessment: Assessment) -> dict[str, Bank]:
    return {bank.id: bank for bank in results.banks_of(assessment)}


def _item_bank(banks: Mapping[str, Bank], item_id: str) -> Bank:
    for bank in banks.values():
        if item_id in bank:
            return bank
    versions = ", ".join(f"{b.id} {b.version}" for b in banks.values())
    raise ValidationError(
        {
            item_id: _("%(item)s: no such item in this assessment's banks (%(banks)s).")
            % {"item": item_id, "banks": versions}
        }
    )


#: The user's words for the codes of ``scoring.AnswerError`` and of ``load_bank``'s
#: errors (scoring and bank know no Django, so they give codes and plain parameters).
BANK_MESSAGES = {
    "no_such_item": gettext_lazy("%(item)s: no such item in %(bank)s version %(version)s"),
    "unknown_evidence": gettext_lazy(
        "%(item)s: “%(value)s” is not an evidence level (self-declared, confirmed by an "
        "adviser or checked against documents)"
    ),
    "na_not_allowed": gettext_lazy("%(item)s: this item cannot be N/A"),
    "na_needs_reason": gettext_lazy("%(item)s: N/A needs a reason"),
    "level_not_status": gettext_lazy("%(item)s: a scale item takes a level, not a status"),
    "outside_scale": gettext_lazy("%(item)s: %(value)s is outside the scale %(low)s-%(high)s"),
    "status_not_level": gettext_lazy("%(item)s: a checklist item takes a status, not a level"),
    "unknown_status": gettext_lazy(
        "%(item)s: “%(value)s” is not a status (not started, in progress, done)"
    ),
    "no_bank": gettext_lazy("There is no item bank “%(bank)s” (there are: %(have)s)."),
    "no_version": gettext_lazy(
        "There is no version %(version)s of the item bank “%(bank)s” (there are: %(have)s)."
    ),
}


def bank_message(error: BankError) -> str:
    """``error`` in the active language: the words of its code, else (an invalid bank
    file, which the test suite meets before any user) its English message."""
    text = BANK_MESSAGES.get(error.code)
    if text is None:
        return str(error)
    return str(text) % {
        "item": error.item,
        "low": scoring.SCALE[0],
        "high": scoring.SCALE[-1],
        **error.params,
    }


def _answer_error(error: scoring.AnswerError) -> ValidationError:
    return ValidationError({error.item: bank_message(error)})


@domain_write
def save_answers(
    *,
    assessment: Assessment,
    answers: Mapping[str, Mapping[str, Any]],
    actor: Any,
    facts: Mapping[str, bool | None] | None = None,
) -> Assessment:
    """Save some answers of a draft (save and continue later).

    ``answers`` maps item ids to ``{"level" | "status", "not_applicable", "na_reason",
    "note"}``; an item given with neither a value nor N/A is cleared. ``facts`` answers
    the market modules' screening questions (``None`` clears one). Every item is checked
    against the assessment's bank versions first: an unknown item id, a level outside
    0–4, an unknown status or an N/A without a reason is refused, naming the item, and
    nothing is saved.
    """
    require_change(actor, assessment)
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(
            _("This assessment was submitted; its answers can no longer be changed.")
        )
    banks = _banks(assessment)
    prepared: list[tuple[Bank, str, dict[str, Any] | None]] = []
    errors: dict[str, list[str]] = {}
    for item_id, raw in answers.items():
        try:
            bank = _item_bank(banks, item_id)
            prepared.append((bank, item_id, _prepared(bank, item_id, raw)))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if facts:
        known = {fact.id for bank in banks.values() for fact in bank.facts}
        for fact_id in facts:
            if fact_id not in known:
                errors.setdefault(fact_id, []).append(
                    _("%(fact)s: no such screening question in this assessment.")
                    % {"fact": fact_id}
                )
    if errors:
        raise ValidationError(errors)
    existing = {(a.bank, a.item_id): a for a in assessment.answers.all()}
    for bank, item_id, values in prepared:
        answer = existing.get((bank.id, item_id))
        if values is None:
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = Answer(assessment=assessment, bank=bank.id, item_id=item_id)
        changed = any(getattr(answer, k) != v for k, v in values.items())
        if answer.pk is None or changed:
            for key, value in values.items():
                setattr(answer, key, value)
            answer.save()
    if facts:
        merged = {**assessment.facts, **facts}
        assessment.facts = {k: v for k, v in merged.items() if v is not None}
        assessment.save(update_fields=["facts"])
    return assessment


def _prepared(bank: Bank, item_id: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """The model fields of one answer, checked against ``bank`` by the scoring rules."""
    level = raw.get("level")
    status = raw.get("status") or None
    na = bool(raw.get("not_applicable"))
    reason = str(raw.get("na_reason") or "").strip()
    note = str(raw.get("note") or "").strip()
    if len(reason) > REASON_MAX_LENGTH or len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({item_id: _("%(item)s: the text is too long.") % {"item": item_id}})
    if level is None and status is None and not na:
        return None
    if level is not None and not isinstance(level, int):
        try:
            level = int(level)
        except (TypeError, ValueError):
            raise ValidationError(
                {
                    item_id: _("%(item)s: “%(value)s” is not a level of the scale 0–4.")
                    % {"item": item_id, "value": level}
                }
            ) from None
    answer = scoring.Answer(
        level=None if na else level,
        status=None if na else status,
        na=na,
        na_reason=reason,
    )
    try:
        scoring.score(bank, {item_id: answer})
    except scoring.AnswerError as error:
        raise _answer_error(error) from None
    return {
        "level": answer.level,
        "status": answer.status or "",
        "not_applicable": na,
        "na_reason": reason if na else "",
        "note": note,
    }


def _snapshot(assessment: Assessment, kind: str, actor: Any) -> ScoreSnapshot:
    return ScoreSnapshot.objects.create(
        assessment=assessment,
        kind=kind,
        taken_by=actor,
        **results.snapshot_fields(assessment),
    )


@domain_write(action="submit")
def submit_assessment(*, assessment: Assessment, actor: Any) -> ScoreSnapshot:
    """Submit a draft for review and store its score (with the company profile as it
    is now, which the applicability rules read)."""
    require_change(actor, assessment)
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(_("This assessment has already been submitted."))
    if not assessment.answers.exists():
        raise ValidationError(_("Answer at least one question before submitting."))
    assessment.profile = results.profile_data(getattr(assessment.company, "profile", None))
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_by = actor
    assessment.submitted_at = timezone.now()
    assessment.save()
    return _snapshot(assessment, ScoreSnapshot.Kind.SUBMITTED, actor)


@domain_write(action="review")
def review_assessment(
    *,
    assessment: Assessment,
    evidence: Mapping[str, str],
    actor: Any,
    note: str = "",
) -> ScoreSnapshot:
    """An adviser's review: set the evidence level of answers (item id -> ``self``,
    ``adviser`` or ``document``), mark the assessment reviewed and store a new score.

    Reviewing again (after more evidence) stores another snapshot; earlier ones stay.
    """
    _require_operator(actor, assessment)
    if assessment.status == Assessment.Status.DRAFT:
        raise ValidationError(_("The company has not submitted this assessment yet."))
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("The note is too long.")})
    answers = {a.item_id: a for a in assessment.answers.all()}
    errors: dict[str, list[str]] = {}
    for item_id, level in evidence.items():
        if item_id not in answers:
            errors.setdefault(item_id, []).append(
                _("%(item)s: this item has no answer to confirm.") % {"item": item_id}
            )
        elif level not in Answer.Evidence.values:
            errors.setdefault(item_id, []).append(
                _("%(item)s: unknown evidence level “%(level)s”.")
                % {"item": item_id, "level": level}
            )
    if errors:
        raise ValidationError(errors)
    for item_id, level in evidence.items():
        answer = answers[item_id]
        if answer.evidence != level:
            answer.evidence = level
            answer.save(update_fields=["evidence", "updated_at"])
    assessment.status = Assessment.Status.REVIEWED
    assessment.reviewed_by = actor
    assessment.reviewed_at = timezone.now()
    assessment.review_note = note.strip()
    assessment.save()
    return _snapshot(assessment, ScoreSnapshot.Kind.REVIEWED, actor)


@domain_write
def attach_evidence(
    *,
    assessment: Assessment,
    upload: UploadedFile,
    actor: Any,
    item_id: str = "",
) -> EvidenceFile:
    """Attach a document to the assessment, to the answer of ``item_id`` if given.

    The file is checked as the project checks every evidence file
    (:func:`sme2go.followup.evidence.check_evidence_file`: PDF, PNG or JPEG by its
    content, matching its name, at most 10 MB).
    """
    require_change(actor, assessment)
    checked = check_evidence_file(upload, upload.name or "")
    answer = None
    if item_id:
        answer = assessment.answers.filter(item_id=item_id).first()
        if answer is None:
            raise ValidationError(
                {"item_id": _("%(item)s: this item has no answer yet.") % {"item": item_id}}
            )
    evidence = EvidenceFile(
        assessment=assessment,
        answer=answer,
        name=checked.name[-200:],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    evidence.file.save(checked.name, ContentFile(checked.data), save=False)
    try:
        evidence.save()
    except Exception:
        # The row is rolled back; its file must not stay behind.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence
