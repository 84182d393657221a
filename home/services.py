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

from django.conf import settings


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


def site_root_url():
    """The site's public address, without a trailing slash (settings.WAGTAILADMIN_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path_or_url):
    """`/fr/agenda/` → `https://reseau.example.org/fr/agenda/`; an absolute URL is returned as is."""
    if not path_or_url:
        return site_root_url() + "/"
    if "://" in path_or_url:
        return path_or_url
    if not path_or_url.startswith("/"):
        path_or_url = "/" + path_or_url
    return site_root_url() + path_or_url
