"""Dossier rendering and the dossier links of other apps' pages: ``{% load dossiers %}``.

* ``{% label "why" %}``: a dossier label in English and Chinese side by side;
  ``value|bilingual`` the same for a :class:`~sme2go.dossiers.labels.Bilingual`.
* ``{% typed text %}`` / ``{% typed text block=True %}``: a text people typed, in its
  original language (``lang``), followed by its English and Chinese versions.
* ``{% need_dossier need %}``, ``{% mission_dossiers mission %}``,
  ``{% dossiers_received %}``, ``{% company_sharing company %}``: the cards and links the
  need, mission, dashboard and company pages show.
"""

from __future__ import annotations

from django import template
from django.db.models import Max, Q
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from sme2go.core.tenancy import scoped
from sme2go.dossiers.content import Text
from sme2go.dossiers.labels import Bilingual
from sme2go.dossiers.labels import label as bilingual_label
from sme2go.dossiers.models import Dossier, DossierShare, RefusedShare, SharingConsent

register = template.Library()


@register.filter
def bilingual(value: Bilingual | None) -> SafeString | str:
    if value is None:
        return ""
    if not value.zh:
        return format_html('<span lang="en">{}</span>', value.en)
    return format_html(
        '<span lang="en">{}</span> <span class="zh" lang="zh-Hans">{}</span>', value.en, value.zh
    )


@register.simple_tag
def label(key: str) -> SafeString:
    return bilingual(bilingual_label(key))


def _lang(code: str) -> str:
    return "zh-Hans" if code == "zh-hans" else code


@register.simple_tag
def typed(value: Text | None, block: bool = False) -> SafeString | str:
    """The original (with its ``lang``; none for a text whose language is not recorded),
    then each other dossier language's version."""
    if not value:
        return ""
    parts = []
    for code, text in [(value.language, value.text), *value.others]:
        lang = format_html(' lang="{}"', _lang(code)) if code else ""
        if block:
            # linebreaks escapes the text itself and returns plain str.
            paragraphs = mark_safe(linebreaks(text, autoescape=True))
            parts.append(format_html('<div class="typed"{}>{}</div>', lang, paragraphs))
        else:
            parts.append(format_html('<span class="typed"{}>{}</span>', lang, text))
    return mark_safe(" ".join(parts))


# Links on other pages ---------------------------------------------------------------------


def _is_operator(context) -> bool:
    access = context["access"]
    return access.is_operator or access.is_superuser


@register.inclusion_tag("dossiers/_need_card.html", takes_context=True)
def need_dossier(context, need):
    """Operators: the need's own dossier (or the button that prepares it) and the host's
    dossier of the mission the need was heard on, which covers it too."""
    if not _is_operator(context):
        return {"show": False}
    about = Q(need=need)
    if need.mission_id:
        about |= Q(host=need.host_id, mission=need.mission_id)
    dossiers = list(
        scoped(Dossier.objects.filter(about), context["user"])
        .select_related("mission")
        .annotate(last_version=Max("versions__number"), last_sent=Max("versions__shares__sent_at"))
    )
    return {
        "show": True,
        "need": need,
        "own": next((d for d in dossiers if d.need_id), None),
        "mission_dossier": next((d for d in dossiers if d.mission_id), None),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("dossiers/_mission_link.html", takes_context=True)
def mission_dossiers(context, mission):
    return {"mission": mission, "show": _is_operator(context)}


@register.inclusion_tag("dossiers/_received.html", takes_context=True)
def dossiers_received(context):
    """A host's dossiers sent to it, newest first."""
    shares = (
        scoped(DossierShare, context["user"])
        .select_related("version__dossier__need", "version__dossier__mission", "sent_by")
        .order_by("-sent_at")[:10]
    )
    return {"shares": shares}


@register.inclusion_tag("dossiers/_company_card.html", takes_context=True)
def company_sharing(context, company):
    """The company page's card: consents, dossiers sent with its profile, refusals."""
    user = context["user"]
    access = context["access"]
    show = _is_operator(context) or access.organisation_id == company.pk
    if not show:
        return {"show": False}
    return {
        "show": True,
        "company": company,
        "consents": scoped(SharingConsent.objects.active().filter(company=company), user).count(),
        "shares": scoped(DossierShare.objects.filter(version__companies=company), user).count(),
        "refusals": scoped(RefusedShare.objects.filter(company=company), user).count(),
    }
