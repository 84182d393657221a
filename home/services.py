"""What every app's `services.py` shares.

- `ServiceError(message, code, field)`: the one error a rule raises when it refuses a
  change. `message` is for the person (a lazy translation), `code` is for code and tests
  (`"full"`, `"expired"`, `"not_allowed"`…), `field` names the form field it concerns, or
  is None for the whole form. Views show it with `add_to_form()` or as a message; the
  admin and the API do the same from the same exception.
- `absolute_url(path)`: the one way to turn a path into the site's public address
  (e-mails, calendars, feeds, sitemap, personal links).

E-mail goes through `home.emails.send_templated_email`, called inside the transaction
of the change that causes it: the message is stored in the outbox with the change and
delivered by the worker once the transaction has committed.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Site


class ServiceError(Exception):
    """A rule refused a change; nothing was saved by the refused step."""

    def __init__(self, message, code="invalid", field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self):
        return str(self.message)

    def add_to_form(self, form):
        """Show the refusal on the form: on its field when it names one the form has."""
        field = self.field if self.field in getattr(form, "fields", {}) else None
        form.add_error(field, self.message)


SITE_ROOT_CACHE_KEY = "home:site-root-url"


def site_root_url():
    """The site's public address, without a trailing slash: the default Wagtail Site's root
    URL — the same base Wagtail gives `page.full_url`, the sitemap and the feeds. It is set
    from `settings.SITE_URL` at every `migrate` (see `align_default_site`), so there is one
    thing to configure. Kept in the shared cache; any change of a Site clears it."""
    url = cache.get(SITE_ROOT_CACHE_KEY)
    if url is None:
        site = Site.objects.filter(is_default_site=True).first()
        url = (site.root_url if site else settings.SITE_URL).rstrip("/")
        cache.set(SITE_ROOT_CACHE_KEY, url, None)
    return url


def forget_site_root_url(**kwargs):
    cache.delete(SITE_ROOT_CACHE_KEY)


def align_default_site(url=None):
    """Give the default Wagtail Site the host name and port of `url` (settings.SITE_URL):
    `https://reseau.example.org` → reseau.example.org:443, `http://127.0.0.1:8080` →
    127.0.0.1:8080. Returns the Site, or None when there is none yet."""
    parts = urlsplit(url or settings.SITE_URL)
    if not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (parts.hostname, port):
        site.hostname, site.port = parts.hostname, port
        site.save(update_fields=["hostname", "port"])
    forget_site_root_url()
    return site


def absolute_url(path_or_url):
    """`/fr/agenda/` → `https://reseau.example.org/fr/agenda/`; an absolute URL is returned as is."""
    if not path_or_url:
        return site_root_url() + "/"
    if "://" in path_or_url:
        return path_or_url
    if not path_or_url.startswith("/"):
        path_or_url = "/" + path_or_url
    return site_root_url() + path_or_url
