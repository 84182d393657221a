"""Translating a page or a snippet with wagtail-localize from given strings, the path an
editor takes (a translation source, string translations, then the translated object is
saved): used by the demo content (`home.demo.translate`, with the English strings its
`t()` calls register) and by the tests' factories (with strings of their own)."""

from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource


def translate(instance, locale, strings=None, slugs=None):
    """The translation of `instance` into `locale`, published: each source string found in
    `strings` (source text → translation; a slug in `slugs`) is translated, the others stay
    in the source language (the fallback)."""
    strings, slugs = strings or {}, slugs or {}
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = strings.get(segment.string.data)
        if text is None and segment.context.path == "slug":
            text = slugs.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )
    if isinstance(instance, Page):
        # Save a draft, then publish it now: wagtail-localize would otherwise publish on
        # transaction commit, which never comes inside a test and, in one long
        # transaction, publishes stale revisions.
        translation.save_target(publish=False)
        target = instance.get_translation(locale)
        target.get_latest_revision().publish()
        return target
    translation.save_target(publish=True)
    return instance.get_translation(locale)
