"""The text a reader sees on a rendered page, for exact assertions on rendered content."""

from __future__ import annotations

from django.utils.html import strip_tags


def page_text(response) -> str:
    """The page's text with tags removed and runs of whitespace collapsed to one space."""
    return " ".join(strip_tags(response.content.decode()).split())
