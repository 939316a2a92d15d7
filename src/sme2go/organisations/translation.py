"""Texts of this app typed by people, with a column per language (django-modeltranslation).

See ``sme2go.core.content_language`` for how a reader's language is chosen.
"""

from modeltranslation.translator import TranslationOptions, register

from sme2go.core.content_language import plain_names_are_originals
from sme2go.organisations.models import Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)


plain_names_are_originals(Organisation)
