"""Filters of the audit log pages: by who acted and by the kind of object."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from sme2go.audit.models import AuditEntry


class ObjectTypeChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class ObjectTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ObjectTypeChoiceField


class ActorChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ActorFilter(django_filters.ModelChoiceFilter):
    field_class = ActorChoiceField


class AuditEntryFilterSet(django_filters.FilterSet):
    """Choices are the actors and object types of the entries on the page (set by the
    view as ``entries``), so a list offers no user or type the viewer cannot see."""

    actor = ActorFilter(
        label=_("Who"), queryset=get_user_model().objects.none(), empty_label=_("anyone")
    )
    content_type = ObjectTypeFilter(
        label=_("Object type"), queryset=ContentType.objects.none(), empty_label=_("any")
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "content_type"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        entries = self.queryset
        self.filters["actor"].queryset = (
            get_user_model().objects.filter(pk__in=entries.values("actor")).order_by("username")
        )
        self.filters["content_type"].queryset = ContentType.objects.filter(
            pk__in=entries.values("content_type")
        ).order_by("model")
