"""The RGPD tools: export or erase everything held about one e-mail address.

Each app declares its own personal data with the Wagtail hook `register_personal_data`,
whose function returns a source: an object with a `name` (its key in the export),
`export(email) -> dict` and `erase(email) -> int` (records erased or anonymised) that call
the app's services and queries.
The management commands `export_personal_data` / `erase_personal_data` and the admin
view (Settings → Personal data) go through the two functions below."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext
from post_office.models import Email
from wagtail import hooks
from wagtail.models import ModelLogEntry


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


class OutboxPersonalData:
    """The e-mails of the outbox sent (or to be sent) to an address: their subject, state
    and dates are exported; erasing deletes them with their attachments."""

    name = "emails"

    def emails(self, email):
        wanted = normalise(email).lower()
        candidates = Email.objects.filter(to__icontains=wanted).order_by("created")
        return [message for message in candidates if wanted in {address.lower() for address in message.to}]

    def export(self, email):
        return [
            {
                "subject": message.subject,
                "to": list(message.to),
                "state": message.get_status_display() if message.status is not None else "",
                "created_at": iso(message.created),
            }
            for message in self.emails(email)
        ]

    def erase(self, email):
        count = 0
        for message in self.emails(email):
            for attachment in message.attachments.all():
                if attachment.emails.count() == 1:
                    attachment.file.delete(save=False)
                    attachment.delete()
            message.delete()
            count += 1
        return count


def forget_log_labels(model, pks):
    """Anonymising records also anonymises their Wagtail log entries: an entry keeps the
    record's name of the time (`label`), which may be a person's name."""
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
    ).update(label=gettext("(anonymised)"))
