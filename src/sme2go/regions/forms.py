"""Region choice field: every region labelled with its full path, in one query."""

from __future__ import annotations

from typing import Any

from django import forms

from sme2go.regions.models import Region


def region_label(region: Region) -> str:
    """``China 中国 › Shandong 山东 › Weifang 潍坊`` (Chinese names where known)."""
    chain = [*reversed(region.ancestors()), region]
    return " › ".join(f"{r.name} {r.name_zh}".strip() for r in chain)


class RegionChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        # Three levels of parents are fetched with the region, so labels cost no queries.
        queryset = Region.objects.select_related("parent__parent__parent").order_by(
            "parent__parent__parent__name", "parent__parent__name", "parent__name", "name"
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Region) -> str:
        return region_label(obj)
