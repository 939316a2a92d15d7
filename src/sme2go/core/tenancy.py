"""The one scoping mechanism for tenant data.

Every query for tenant data goes through :func:`scoped`. It asks the model's queryset for
``visible_to(access)`` (what the user may see) or ``editable_by(access)`` (what the user
may change). Objects outside that set do not exist for the user: views look them up in
the scoped queryset, so another programme's object answers 404, never 403.

:class:`Access` is computed once per request from the user's membership and cached on
the user object, so scoping costs one query per request, not one per object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

M = TypeVar("M", bound=models.Model)
Action = Literal["view", "change"]

OPERATOR = "operator"
COMPANY = "company"
HOST = "host"
COUNTERPART = "counterpart"


@dataclass(frozen=True)
class Access:
    """What one user is: superuser, or a member of one organisation with a role."""

    user_id: int | None
    is_superuser: bool = False
    organisation_id: int | None = None
    organisation_kind: str | None = None
    role: str | None = None
    programme_ids: frozenset[int] = frozenset()

    @property
    def is_operator(self) -> bool:
        return self.organisation_kind == OPERATOR

    @property
    def is_company(self) -> bool:
        return self.organisation_kind == COMPANY

    @property
    def is_host(self) -> bool:
        return self.organisation_kind in (HOST, COUNTERPART)

    @property
    def role_name(self) -> str:
        if self.is_superuser:
            return "staff"
        return self.organisation_kind or "none"


NOBODY = Access(user_id=None)


def access_for(user: AbstractBaseUser | AnonymousUser | None) -> Access:
    """The :class:`Access` of ``user``, cached on the user object."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, "_sme2go_access", None)
    if cached is not None:
        return cached
    from sme2go.organisations.models import Membership
    from sme2go.programmes.models import Programme

    if user.is_superuser:
        access = Access(user_id=user.pk, is_superuser=True)
    else:
        membership = Membership.objects.select_related("organisation").filter(user=user).first()
        if membership is None:
            access = Access(user_id=user.pk)
        else:
            org = membership.organisation
            access = Access(
                user_id=user.pk,
                organisation_id=org.pk,
                organisation_kind=org.kind,
                role=membership.role,
                programme_ids=Programme.objects.ids_for_organisation(org),
            )
    user._sme2go_access = access
    return access


class TenantQuerySet(models.QuerySet):
    """Base queryset of every tenant model: subclasses say who sees and changes what."""

    def visible_to(self, access: Access) -> models.QuerySet:  # pragma: no cover - abstract
        raise NotImplementedError(f"{self.model.__name__} does not define visible_to()")

    def editable_by(self, access: Access) -> models.QuerySet:
        """By default, operator staff of the programme change what they can see."""
        if not access.is_operator:
            return self.none()
        return self.visible_to(access)


def scoped(
    model_or_queryset: type[M] | models.QuerySet[M],
    user: Any,
    action: Action = "view",
) -> models.QuerySet[M]:
    """The objects of a tenant model (or within a queryset) that ``user`` may view/change."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    if not isinstance(queryset, TenantQuerySet):
        raise TypeError(f"{queryset.model.__name__} is not a tenant model")
    access = user if isinstance(user, Access) else access_for(user)
    if access.is_superuser:
        return queryset
    if access.user_id is None:
        return queryset.none()
    if action == "change":
        return queryset.editable_by(access)
    return queryset.visible_to(access)


def get_scoped_or_404(model_or_queryset: type[M] | models.QuerySet[M], user: Any, **lookup) -> M:
    """One object the user may see; 404 when it does not exist *for this user*."""
    try:
        return scoped(model_or_queryset, user).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError):
        raise Http404 from None


def can_change(user: Any, obj: models.Model) -> bool:
    """Whether ``user`` may change ``obj`` (which it can already see)."""
    return scoped(type(obj), user, action="change").filter(pk=obj.pk).exists()
