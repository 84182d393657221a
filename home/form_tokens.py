"""Per-visitor tokens in pages the page cache may keep (home/page_cache.py).

A public form carries two tokens that differ for every visitor: Django's CSRF token and
the signed time token of the bot protection (home/forms.py, accepted once). A page holding
them could not be cached, so the registration form of an event made every visit to the
event page a full render. Instead, `{% form_tokens form %}` writes two placeholders, the
page is cached with them, and `FormTokensMiddleware` puts fresh tokens in their place in
every response that leaves the site — freshly rendered or taken from the cache. Django's
CSRF middleware, placed just outside it, then sets the visitor's CSRF cookie as usual.
"""

from django.middleware.csrf import get_token

from .forms import new_form_token

CSRF_PLACEHOLDER = "@@csrf-token@@"
FORM_STARTED_PLACEHOLDER = "@@form-started@@"
_CSRF = CSRF_PLACEHOLDER.encode()
_STARTED = FORM_STARTED_PLACEHOLDER.encode()


class FormTokensMiddleware:
    """Replace the placeholders of `{% form_tokens %}` with this visitor's tokens.
    Must come after `CsrfViewMiddleware` and before `UpdatePageCacheMiddleware`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = response.content
        if _CSRF not in content and _STARTED not in content:
            return response
        content = content.replace(_CSRF, get_token(request).encode())
        # One time token per form on the page (each is accepted once).
        while _STARTED in content:
            content = content.replace(_STARTED, new_form_token().encode(), 1)
        response.content = content
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(content))
        return response
