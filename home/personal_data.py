"""The RGPD tools: export or erase everything held about one e-mail address.

Each app declares its own personal data with the Wagtail hook `register_personal_data`,
whose function returns a source: an object with a `label`, `export(email) -> dict` and
`erase(email) -> int` (records erased or anonymised) that call the app's service module.
The management commands `export_personal_data` / `erase_personal_data` and the admin
view (Settings → Personal data) go through the two functions below."""

from django.utils import timezone
from wagtail import hooks


def sources():
    """The registered sources, keyed by their name ("members", "roadmap", …)."""
    found = {}
    for hook in hooks.get_hooks("register_personal_data"):
        source = hook()
        found[source.name] = source
    return found


def normalise(email):
    return (email or "").strip()


def export_personal_data(email):
    """Everything held about `email` (case-insensitive), as JSON-ready data."""
    email = normalise(email)
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "data": {name: source.export(email) for name, source in sources().items()},
    }


def erase_personal_data(email):
    """Erase or anonymise everything held about `email`; returns {source: count}."""
    email = normalise(email)
    if not email:
        return {}
    return {name: source.erase(email) for name, source in sources().items()}


def iso(value):
    return value.isoformat() if value else None
