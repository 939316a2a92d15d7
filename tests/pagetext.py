"""The text a reader sees on a rendered page, for exact assertions on rendered content."""

from __future__ import annotations

import re
from html import unescape


def page_text(response) -> str:
    """The page's text: scripts and styles dropped, inline tags (``a``, ``span``,
    ``strong``, ``em``) removed without a gap, other tags read as a word break, entities
    decoded, and runs of whitespace collapsed to one space."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(span|a|strong|em)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
