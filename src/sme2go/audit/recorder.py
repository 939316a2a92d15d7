"""The one place that turns model writes into audit entries.

Signal receivers on every model of the ``sme2go.*`` apps (and the user model) compute
what changed: ``pre_save`` reads the stored row (one query per update), ``post_save``
and ``post_delete`` compare, ``m2m_changed`` covers many-to-many fields. Inside a write
(:func:`sme2go.audit.context.acting`, opened by ``core.domain.domain_write`` and the admin)
the changes of one object are merged into one draft and written by :func:`flush` in the
write's transaction, so a domain call that fails leaves no entry and one that creates an
object and sets its tags leaves one "create" entry. Outside a write (demo loader, shell)
each change is written at once with no actor.

Not recorded by the receivers: ``bulk_create`` / ``bulk_update`` / ``QuerySet.update``
(Django sends no signals; the match ranking refresh uses them for derived data, see
docs/ARCHITECTURE.md), many-to-many changes made from the reverse side, raw saves of
fixtures. A domain function that bulk-creates or bulk-updates records (the company import)
records each object itself with :func:`record_created` / :func:`record_changed`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from sme2go.audit.context import Write, acting, current_write

# Models outside the sme2go apps that hold data about people.
EXTRA_MODELS = frozenset({"auth.user"})
# Fields that change on every login, API call or solver heartbeat and say nothing about
# who did what (auto_now fields are left out as well).
IGNORED_FIELDS = frozenset({"last_login", "last_used_at", "heartbeat_at"})
# Recorded as changed, never with their values: credentials and their hashes.
HIDDEN_FIELDS = frozenset({"password", "digest"})
HIDDEN = "[hidden]"
# The name an erased person's records keep (stored data, so not translated).
ERASED_LABEL = "Erased person"
# Long texts are cut in the log (with their length and a digest): the object keeps the
# full text, the log says it changed.
MAX_TEXT = 1000

# Personal data per model: these values are scrubbed from the log when the person is
# erased (sme2go.audit.domain.erase_person) or the record is deleted.
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "organisations.contactperson": frozenset({"name", "title", "email", "phone", "languages"}),
    "auth.user": frozenset({"username", "first_name", "last_name", "email"}),
}


@dataclass
class Draft:
    """The changes of one object within one write, not yet saved."""

    model: type[models.Model]
    object_id: Any
    action: str
    object_repr: str
    changes: dict[str, list[Any]]
    programme_id: int | None
    organisation_id: int | None
    # Fields whose "old" side is already known in this write (merging keeps the first).
    seen: set[str] = field(default_factory=set)


def is_audited(model: type[models.Model]) -> bool:
    meta = model._meta
    if meta.apps is not global_apps or meta.auto_created:
        return False  # historical models in migrations; m2m through tables
    label = meta.label_lower
    if label == "audit.auditentry":
        return False
    if not isinstance(meta.pk, models.AutoField | models.BigAutoField):
        # Entries key objects by an integer id; the models keyed by text (taxonomy
        # domains, CPV codes) are reference data, not tenant records anyone edits.
        return False
    return label in EXTRA_MODELS or meta.app_config.name.startswith("sme2go.")


# Values JSON keeps as they are: returned without the round trip below, which is most
# of the cost of recording a created object (the company import records ~9 a row).
_PLAIN = (bool, int, type(None))


def _json(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN or (kind is str and len(value) <= MAX_TEXT):
        return value
    if kind is list and all(type(item) is str for item in value):
        return list(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = value.astimezone(dt.UTC)
    if isinstance(value, models.fields.files.FieldFile):
        value = value.name or None
    if isinstance(value, bytes | memoryview):
        # Binary content (an uploaded import file) is data, not a change to read: the
        # log keeps its size and digest.
        value = bytes(value)
        digest = hashlib.sha256(value).hexdigest()[:12]
        return f"({len(value)} bytes, sha256 {digest})"
    if isinstance(value, str) and len(value) > MAX_TEXT:
        # The digest keeps two long texts that differ only past the cut apart.
        digest = hashlib.sha256(value.encode()).hexdigest()[:12]
        value = f"{value[:MAX_TEXT]}… ({len(value)} characters, sha256 {digest})"
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except TypeError:
        return str(value)


def _fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields whose changes are recorded."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name not in IGNORED_FIELDS
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def _without_mirrors(
    model: type[models.Model], changes: dict[str, list[Any]]
) -> dict[str, list[Any]]:
    """Drop a translation column (django-modeltranslation) whose change only mirrors its
    original field's: the original language's column holds the same text as the field."""
    out = {}
    for name, pair in changes.items():
        try:
            base = getattr(model._meta.get_field(name), "translated_field", None)
        except FieldDoesNotExist:
            base = None
        if base is not None and changes.get(base.name) == pair:
            continue
        out[name] = pair
    return out


def _masked(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Hidden fields' values are compared, then replaced here, so a change still shows."""
    return {
        name: [None if old is None else HIDDEN, None if new is None else HIDDEN]
        if name in HIDDEN_FIELDS
        else [old, new]
        for name, (old, new) in changes.items()
    }


def _snapshot(instance: models.Model, only: Any = None) -> dict[str, Any]:
    return {
        f.name: _json(getattr(instance, f.attname))
        for f in _fields(type(instance))
        if only is None or f.name in only or f.attname in only
    }


def _stored(instance: models.Model, only: Any = None) -> dict[str, Any] | None:
    fields = [
        f for f in _fields(type(instance)) if only is None or f.name in only or f.attname in only
    ]
    if not fields:
        return {}
    row = (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values(*[f.attname for f in fields])
        .first()
    )
    if row is None:
        return None
    return {f.name: _json(row[f.attname]) for f in fields}


@functools.cache
def _path_to(model: type[models.Model], target: str) -> str | None:
    """The shortest chain of forward foreign keys from ``model`` to the model labelled
    ``target`` ("pk" for the model itself), so new apps are scoped without declaring it."""
    if model._meta.label_lower == target:
        return "pk"
    queue: deque[tuple[type[models.Model], list[str]]] = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if len(path) >= 4:
            continue
        for f in current._meta.concrete_fields:
            related = f.related_model if f.is_relation else None
            if related is None or not (f.many_to_one or f.one_to_one):
                continue
            if related._meta.label_lower == target:
                return "__".join([*path, f.name])
            if related not in seen and related._meta.app_config.name.startswith("sme2go."):
                seen.add(related)
                queue.append((related, [*path, f.name]))
    return None


def scope_of(instance: models.Model) -> tuple[int | None, int | None]:
    """(programme id, organisation id) the object belongs to; either may be ``None``.

    Objects of one programme (needs, missions and what hangs below them) have a
    programme; organisation-level data (profiles, contacts, accounts) only an
    organisation, since an organisation may take part in several programmes.
    """
    model = type(instance)
    if model is get_user_model():
        from sme2go.organisations.models import Membership

        org = Membership.objects.filter(user_id=instance.pk).values_list(
            "organisation_id", flat=True
        )
        return None, next(iter(org), None)
    paths = [_path_to(model, "programmes.programme"), _path_to(model, "organisations.organisation")]
    values: list[Any] = [None, None]
    lookups = []
    for i, path in enumerate(paths):
        if path is None:
            continue
        if path == "pk":
            values[i] = instance.pk
        elif "__" not in path:
            values[i] = getattr(instance, model._meta.get_field(path).attname)
        else:
            lookups.append((i, path))
    # A chain whose objects are already loaded (a product saved with its profile, which
    # holds its organisation) is followed in memory; the rest costs one query.
    unresolved = []
    for i, path in lookups:
        found, value = _follow_loaded(instance, path)
        if found:
            values[i] = value
        else:
            unresolved.append((i, path))
    if unresolved:
        row = (
            model._base_manager.filter(pk=instance.pk)
            .values_list(*[p for _, p in unresolved])
            .first()
        )
        for (i, _), value in zip(unresolved, row or [None] * len(unresolved), strict=True):
            values[i] = value
    return values[0], values[1]


def _follow_loaded(instance: models.Model, path: str) -> tuple[bool, Any]:
    """``(True, value)`` when every foreign key of ``path`` but the last is already loaded
    on the objects along it (the last one's id is a column of the last object); else
    ``(False, None)``."""
    obj: Any = instance
    *hops, last = path.split("__")
    for name in hops:
        f = obj._meta.get_field(name)
        if not f.is_cached(obj):
            return False, None
        obj = getattr(obj, name)
        if obj is None:
            return True, None
    return True, getattr(obj, obj._meta.get_field(last).attname)


def _label(instance: models.Model) -> str:
    try:
        return str(instance)[:255]
    except models.ObjectDoesNotExist:  # a parent already gone during a cascade
        return f"{instance._meta.verbose_name} {instance.pk}"


def _submit(draft: Draft) -> None:
    write = current_write()
    if write is None:
        _save([draft], actor_id=None, via="", action=None)
        return
    key = (draft.model._meta.label_lower, draft.object_id)
    known = write.pending.get(key)
    if known is None:
        draft.seen = set(draft.changes)
        write.pending[key] = draft
        return
    _merge(known, draft)


def _merge(known: Draft, new: Draft) -> None:
    """Fold ``new`` into the earlier draft of the same object: first old, last new."""
    if new.action == "delete":
        known.action = "delete"
        known.changes = {}
    else:
        for name, (old, value) in new.changes.items():
            if name in known.seen:
                known.changes[name] = [known.changes[name][0], value]
            else:
                known.changes[name] = [old, value]
                known.seen.add(name)
        if known.action != "create":
            known.changes = {
                k: v for k, v in known.changes.items() if v[0] != v[1] or k in HIDDEN_FIELDS
            }
    known.object_repr = new.object_repr
    known.programme_id = new.programme_id or known.programme_id
    known.organisation_id = new.organisation_id or known.organisation_id


@contextmanager
def recording(actor: Any, *, via: str, action: str | None = None) -> Iterator[Write]:
    """A transaction whose writes are recorded as ``actor``'s (``domain_write``, admin)."""
    with acting(actor, via=via, action=action) as write, transaction.atomic():
        yield write
        flush(write)


def flush(write: Write) -> None:
    """Save the entries of ``write``; call inside its transaction, after the work."""
    drafts = [d for d in write.pending.values() if d.changes or d.action != "change"]
    write.pending.clear()
    _save(drafts, actor_id=write.actor_id, via=write.via, action=write.action)


def _save(drafts: list[Draft], *, actor_id: int | None, via: str, action: str | None) -> None:
    from sme2go.audit.models import AuditEntry
    from sme2go.organisations.models import Organisation
    from sme2go.programmes.models import Programme

    if not drafts:
        return
    if any(d.action == "delete" for d in drafts):
        # A deleted programme or organisation (or one gone in the same cascade) cannot be
        # referenced; the entry keeps its label and stays visible to superusers.
        programmes = set(
            Programme.objects.filter(pk__in={d.programme_id for d in drafts}).values_list(
                "pk", flat=True
            )
        )
        organisations = set(
            Organisation.objects.filter(pk__in={d.organisation_id for d in drafts}).values_list(
                "pk", flat=True
            )
        )
        for d in drafts:
            d.programme_id = d.programme_id if d.programme_id in programmes else None
            d.organisation_id = d.organisation_id if d.organisation_id in organisations else None
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=now,
            actor_id=actor_id,
            via=via or "system",
            action=action if action and d.action == "change" else d.action,
            content_type=ContentType.objects.get_for_model(d.model),
            object_id=d.object_id,
            object_repr=d.object_repr,
            changes=d.changes,
            programme_id=d.programme_id,
            organisation_id=d.organisation_id,
        )
        for d in drafts
    )


def _pre_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    adding = instance._state.adding or instance.pk is None
    instance._audit_old = None if adding else _stored(instance, update_fields)


def _post_save(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    old = instance.__dict__.pop("_audit_old", None)
    new = _snapshot(instance, update_fields)
    if created:
        changes = {k: [None, v] for k, v in new.items() if v not in (None, "", [], {})}
    elif old is None:
        return  # saved with a primary key that was not stored: treated as created by Django
    else:
        changes = {k: [old[k], v] for k, v in new.items() if k in old and old[k] != v}
        if not changes:
            return
    changes = _masked(_without_mirrors(sender, changes))
    programme_id, organisation_id = scope_of(instance)
    _submit(
        Draft(
            model=sender,
            object_id=instance.pk,
            action="create" if created else "change",
            object_repr=_label(instance),
            changes=changes,
            programme_id=programme_id,
            organisation_id=organisation_id,
        )
    )


def record_created(
    instance: models.Model, *, many_to_many: dict[str, Iterable[Any]] | None = None
) -> None:
    """Record the creation of ``instance``, saved without signals (``bulk_create``).

    The entry is the one a ``save()`` (and setting its many-to-many fields,
    ``many_to_many``: field name to the primary keys set) would have left: the same
    changes, scope and label, in the current write (or at once outside a write). Batch
    domain functions call it for every object they bulk-create, so the log stays complete.
    """
    model = type(instance)
    if not is_audited(model):
        return
    changes = {k: [None, v] for k, v in _snapshot(instance).items() if v not in (None, "", [], {})}
    for name, pks in (many_to_many or {}).items():
        new = _json(sorted(pks))
        if new:
            changes[name] = [[], new]
    programme_id, organisation_id = scope_of(instance)
    _submit(
        Draft(
            model=model,
            object_id=instance.pk,
            action="create",
            object_repr=_label(instance),
            changes=_masked(_without_mirrors(model, changes)),
            programme_id=programme_id,
            organisation_id=organisation_id,
        )
    )


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The recorded fields of ``instance`` as they are in memory, for
    :func:`record_changed`: take it before changing an object that will be saved
    without signals."""
    return _snapshot(instance)


def record_changed(
    instance: models.Model,
    before: dict[str, Any],
    *,
    many_to_many: dict[str, tuple[Iterable[Any], Iterable[Any]]] | None = None,
) -> None:
    """Record the change of ``instance``, saved without signals (``bulk_update``).

    ``before`` is its :func:`snapshot` taken as it was stored (loaded in the same
    transaction); ``many_to_many`` maps a field name to the primary keys (before, after).
    The entry is the one a ``save()`` (and setting the many-to-many fields) would have
    left: only the fields that differ, the same scope and label, in the current write. No
    entry when nothing differs.
    """
    model = type(instance)
    if not is_audited(model):
        return
    changes = {
        name: [before[name], value]
        for name, value in _snapshot(instance).items()
        if name in before and before[name] != value
    }
    for name, (old, new) in (many_to_many or {}).items():
        old, new = _json(sorted(old)), _json(sorted(new))
        if old != new:
            changes[name] = [old, new]
    changes = _masked(_without_mirrors(model, changes))
    if not changes:
        return
    programme_id, organisation_id = scope_of(instance)
    _submit(
        Draft(
            model=model,
            object_id=instance.pk,
            action="change",
            object_repr=_label(instance),
            changes=changes,
            programme_id=programme_id,
            organisation_id=organisation_id,
        )
    )


def _pre_delete(sender, instance, **kwargs) -> None:
    # The object and its parents still exist here, even within a cascade.
    instance._audit_scope = scope_of(instance)
    instance._audit_label = _label(instance)


def _post_delete(sender, instance, **kwargs) -> None:
    programme_id, organisation_id = instance.__dict__.pop("_audit_scope", (None, None))
    label = sender._meta.label_lower
    personal = PERSONAL_FIELDS.get(label)
    if personal:
        # Deleted personal data is gone, not archived: drop it from earlier entries too.
        from sme2go.audit.domain import scrub_log

        scrub_log(sender, instance.pk, personal)
    _submit(
        Draft(
            model=sender,
            object_id=instance.pk,
            action="delete",
            object_repr=ERASED_LABEL if personal else instance.__dict__.pop("_audit_label", ""),
            changes={},
            programme_id=programme_id,
            organisation_id=organisation_id,
        )
    )


def _m2m_field(
    instance: models.Model, through: type[models.Model]
) -> models.ManyToManyField | None:
    for f in instance._meta.many_to_many:
        if f.remote_field.through is through:
            return f
    return None


def _m2m_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    if reverse:
        return
    f = _m2m_field(instance, sender)
    if f is None:
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        instance.__dict__.setdefault("_audit_m2m", {})[f.name] = sorted(
            getattr(instance, f.name).values_list("pk", flat=True)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    old = instance.__dict__.get("_audit_m2m", {}).pop(f.name, [])
    if action == "post_add":
        new = sorted(set(old) | set(pk_set or ()))
    elif action == "post_remove":
        new = sorted(set(old) - set(pk_set or ()))
    else:
        new = []
    old, new = _json(old), _json(new)
    if old == new:
        return
    programme_id, organisation_id = scope_of(instance)
    _submit(
        Draft(
            model=type(instance),
            object_id=instance.pk,
            action="change",
            object_repr=_label(instance),
            changes={f.name: [old, new]},
            programme_id=programme_id,
            organisation_id=organisation_id,
        )
    )


def connect() -> None:
    """Connect the receivers to each audited model (not to all senders: a model with
    delete receivers loses Django's fast bulk delete, which sessions and jobs rely on)."""
    for model in global_apps.get_models():
        if not is_audited(model):
            continue
        uid = f"sme2go.audit.{model._meta.label_lower}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
        post_save.connect(_post_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)
        for f in model._meta.many_to_many:
            m2m_changed.connect(_m2m_changed, sender=f.remote_field.through, dispatch_uid=uid)
