"""Keep rankings current: any change to a profile, a need or an enrolment re-ranks the
programmes concerned, with no manual step.

Changes are collected per thread; once the transaction commits, one background job
(:func:`rerank_programme`, django-tasks) per programme concerned is enqueued, so
loading a hundred profiles in one transaction re-ranks each programme once, not a
hundred times, and the request that saved a profile does not wait for the ranking
(its first run takes seconds). A worker (``sme2go worker``) runs the jobs.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_tasks import task

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.needs.models import Need
from sme2go.programmes.models import Enrolment

_pending = threading.local()


def _state() -> dict[int, set[int] | None]:
    # programme id -> need ids to re-rank, or None for "all open needs".
    if not hasattr(_pending, "programmes"):
        _pending.programmes = {}
    return _pending.programmes


def flush_rankings() -> None:
    """Re-rank what is pending now, inside the current transaction; the commit then finds
    nothing left to do. For loaders that decide on the rankings they just caused."""
    from sme2go.matches.domain import refresh_matches

    pending = _state()
    work = dict(pending)
    pending.clear()
    for programme_id, need_ids in work.items():
        refresh_matches(
            actor=None,
            programme_id=programme_id,
            need_ids=None if need_ids is None else sorted(need_ids),
        )


@task()
def rerank_programme(programme_id: int, need_ids: list[int] | None = None) -> int:
    """The job: re-rank the programme's open needs (``need_ids``: only these). Returns
    the number of proposals written."""
    from sme2go.matches.domain import refresh_matches

    return refresh_matches(actor=None, programme_id=programme_id, need_ids=need_ids)


def _enqueue_pending() -> None:
    pending = _state()
    work = dict(pending)
    pending.clear()
    for programme_id, need_ids in work.items():
        rerank_programme.enqueue(programme_id, None if need_ids is None else sorted(need_ids))


def schedule_refresh(programme_ids, need_ids: set[int] | None = None) -> None:
    """Enqueue a re-ranking job per programme once the current transaction commits
    (now, outside a transaction)."""
    pending = _state()
    for programme_id in programme_ids:
        if need_ids is None or pending.get(programme_id, set()) is None:
            pending[programme_id] = None
        else:
            pending.setdefault(programme_id, set()).update(need_ids)
    transaction.on_commit(_enqueue_pending)


def _programmes_of_company(organisation_id: int) -> list[int]:
    return list(
        Enrolment.objects.filter(organisation_id=organisation_id).values_list(
            "programme_id", flat=True
        )
    )


@receiver(post_save, sender=Need)
def _need_saved(sender, instance: Need, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_refresh([instance.programme_id], {instance.pk})


@receiver(m2m_changed, sender=Need.domains.through)
def _need_domains_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Need):
        schedule_refresh([instance.programme_id], {instance.pk})


@receiver(post_save, sender=CompanyProfile)
@receiver(post_delete, sender=CompanyProfile)
def _profile_changed(sender, instance: CompanyProfile, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_refresh(_programmes_of_company(instance.organisation_id))


@receiver(m2m_changed, sender=CompanyProfile.domains.through)
def _profile_domains_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, CompanyProfile):
        schedule_refresh(_programmes_of_company(instance.organisation_id))


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
@receiver(post_save, sender=Certification)
@receiver(post_delete, sender=Certification)
def _profile_item_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    # During a cascade the profile row may already be gone; look it up, do not follow it.
    organisation_ids = CompanyProfile.objects.filter(pk=instance.profile_id).values_list(
        "organisation_id", flat=True
    )
    for organisation_id in organisation_ids:
        schedule_refresh(_programmes_of_company(organisation_id))


@receiver(post_save, sender=Enrolment)
@receiver(post_delete, sender=Enrolment)
def _enrolment_changed(sender, instance: Enrolment, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_refresh([instance.programme_id])
