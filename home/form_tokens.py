"""Per-visitor tokens in pages the page cache may keep (home/page_cache.py).

A public form carries two tokens that differ for every visitor: Django's CSRF token and
the signed time token of the bot protection (home/forms.py, accepted once). A page holding
them could not be cached, so the registration form of an event made every visit to the
event page a full render. Instead, `{% form_tokens form %}` writes the two hidden inputs
with placeholders, the page is cached with them, and `FormTokensMiddleware` puts fresh
tokens in their place in every response that leaves the site — freshly rendered or taken
from the cache. Django's CSRF middleware, placed just outside it, then sets the visitor's
CSRF cookie as usual.

Only whole hidden inputs are replaced (the markup below, which escaped text written by
visitors can never contain), so a placeholder typed into a form or a profile is shown
as typed and never becomes the reader's token.
"""

import re

from django.middleware.csrf import get_token

from .forms import new_form_token

CSRF_PLACEHOLDER = "@@csrf-token@@"
FORM_STARTED_PLACEHOLDER = "@@form-started@@"
_CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'.encode()
_STARTED_INPUT = re.compile(rb'(<input type="hidden" name="[\w-]+" value=")' + FORM_STARTED_PLACEHOLDER.encode() + b'"')


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
        if _CSRF_INPUT not in content and FORM_STARTED_PLACEHOLDER.encode() not in content:
            return response
        content = content.replace(
            _CSRF_INPUT, _CSRF_INPUT.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        )
        # A time token of its own for each form on the page (each is accepted once).
        content = _STARTED_INPUT.sub(lambda match: match.group(1) + new_form_token().encode() + b'"', content)
        response.content = content
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(content))
        return response
