from django.conf import settings
from django.shortcuts import redirect
from django.utils import translation

from home.layout import live_home_languages


class LocaleFallbackMiddleware:
    """Never trap a visitor in a language that has no live home page: a request for
    /en/… while the English site is not published goes to the French home page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language and language != settings.LANGUAGE_CODE and not has_live_home_page(language):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return redirect("/")
        return self.get_response(request)


def has_live_home_page(language_code):
    return language_code in live_home_languages()
