"""Keep rankings current: any change to a profile, a need or an enrolment re-ranks the
programmes concerned, with no manual step.

Changes are collected per thread; once the transaction commits, one background job
(:func:`rerank_programme`, django-tasks) per programme concerned is enqueued, so
loading a hundred profiles in one transaction re-ranks each programme once, not a
hundred times, and the request that saved a profile does not wait for the ranking
(its first run takes seconds). A worker (``sme2go worker``) runs the jobs.

Two things keep the queue short. A save that changes no field the ranking reads
(:data:`RANKED_FIELDS`, compared with the stored row before the save) schedules nothing:
forms sent back unchanged are common. And a programme whose job is still waiting in the
database queue gets no second one: the waiting job's need ids are widened instead (to
"all needs" when either asks for all), so it ranks everything either would have.
"""

from __future__ import annotations

import threading

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.needs.models import Need
from sme2go.programmes.models import Enrolment

_pending = threading.local()

# What :mod:`sme2go.matches.documents` reads of each model (attribute names; m2m fields
# have their own receivers). A save changing none of these cannot change a ranking.
RANKED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Need: (
        "programme_id",
        "host_id",
        "region_id",
        "status",
        "title",
        "description",
        "cpv_codes",
        "required_languages",
        "excluded_countries",
        "required_certification",
    ),
    CompanyProfile: (
        "organisation_id",
        "offering",
        "cpv_codes",
        "home_country",
        "languages",
        "target_markets",
        "size_band",
        "excluded_markets",
    ),
    Product: ("profile_id", "kind", "name", "description"),
    Certification: ("profile_id", "name"),
    Enrolment: ("programme_id", "organisation_id", "status"),
}
_UNCHANGED = "_sme2go_ranking_unchanged"


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
        wanted = None if need_ids is None else sorted(need_ids)
        if not _widen_waiting_job(programme_id, wanted):
            rerank_programme.enqueue(programme_id, wanted)


def _widen_waiting_job(programme_id: int, need_ids: list[int] | None) -> bool:
    """Fold this re-ranking into a job for the same programme still waiting (READY) in
    the database queue; False when there is none (or the backend keeps no queue)."""
    backend = rerank_programme.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    with transaction.atomic():
        waiting = (
            DBTaskResult.objects.select_for_update()
            .filter(
                status=TaskResultStatus.READY,
                task_path=rerank_programme.module_path,
                backend_name=backend.alias,
                queue_name=rerank_programme.queue_name,
                args_kwargs__args__0=programme_id,
            )
            .order_by("enqueued_at")
            .first()
        )
        if waiting is None:
            return False
        args = list(waiting.args_kwargs["args"])
        queued = args[1] if len(args) > 1 else waiting.args_kwargs["kwargs"].get("need_ids")
        merged = None if queued is None or need_ids is None else sorted({*queued, *need_ids})
        # A worker may claim the row meanwhile (it skips locked rows, but the lock is ours
        # only on databases that have row locks): change it only while it still waits.
        return bool(
            DBTaskResult.objects.filter(pk=waiting.pk, status=TaskResultStatus.READY).update(
                args_kwargs={"args": [programme_id, merged], "kwargs": {}}
            )
        )


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


def _ranking_unchanged(sender, instance, update_fields) -> bool:
    fields = RANKED_FIELDS[sender]
    if instance._state.adding or instance.pk is None:
        return False
    if update_fields is not None and not {
        sender._meta.get_field(name.removesuffix("_id")).name for name in fields
    } & set(update_fields):
        return True
    stored = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    return stored is not None and all(stored[name] == getattr(instance, name) for name in fields)


@receiver(pre_save, sender=Need)
@receiver(pre_save, sender=CompanyProfile)
@receiver(pre_save, sender=Product)
@receiver(pre_save, sender=Certification)
@receiver(pre_save, sender=Enrolment)
def _note_ranked_change(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    # Compared with the stored row, not with what a form reports as changed: saves come
    # from the API, importers and domain functions too, and a form's has_changed()
    # counts fields the ranking never reads.
    if not raw:
        setattr(instance, _UNCHANGED, _ranking_unchanged(sender, instance, update_fields))


def _changed(instance, kwargs) -> bool:
    """For a post_save/post_delete receiver: whether the ranking may have changed."""
    if kwargs.get("raw"):
        return False
    if "created" not in kwargs:  # post_delete
        return True
    return not instance.__dict__.pop(_UNCHANGED, False)


@receiver(post_save, sender=Need)
def _need_saved(sender, instance: Need, **kwargs) -> None:
    if _changed(instance, kwargs):
        schedule_refresh([instance.programme_id], {instance.pk})


@receiver(m2m_changed, sender=Need.domains.through)
def _need_domains_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Need):
        schedule_refresh([instance.programme_id], {instance.pk})


@receiver(post_save, sender=CompanyProfile)
@receiver(post_delete, sender=CompanyProfile)
def _profile_changed(sender, instance: CompanyProfile, **kwargs) -> None:
    if _changed(instance, kwargs):
        schedule_refresh(_programmes_of_company(instance.organisation_id))


@receiver(m2m_changed, sender=CompanyProfile.domains.through)
def _profile_domains_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, CompanyProfile):
        schedule_refresh(_programmes_of_company(instance.organisation_id))


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
@receiver(post_save, sender=Certification)
@receiver(post_delete, sender=Certification)
def _profile_item_changed(sender, instance, **kwargs) -> None:
    if not _changed(instance, kwargs):
        return
    # During a cascade the profile row may already be gone; look it up, do not follow it.
    organisation_ids = CompanyProfile.objects.filter(pk=instance.profile_id).values_list(
        "organisation_id", flat=True
    )
    for organisation_id in organisation_ids:
        schedule_refresh(_programmes_of_company(organisation_id))


@receiver(post_save, sender=Enrolment)
@receiver(post_delete, sender=Enrolment)
def _enrolment_changed(sender, instance: Enrolment, **kwargs) -> None:
    if _changed(instance, kwargs):
        schedule_refresh([instance.programme_id])
