"""E-mails to registrants, in their language, with the calendar file attached.
`workshops.services` queues each one with the `send_later` task *inside* the
transaction of the change (with the database task backend, a task row committed with the
change), so the request holding the event's lock does not render templates and calendar
files; the worker renders the e-mail and stores it in the outbox (home.emails), which
delivers it."""

from django.db import transaction
from django.utils import translation
from django_tasks import task

from home.emails import send_templated_email

from . import calendars
from .models import Registration

# kind -> (template name, iCalendar method or None)
KINDS = {
    "confirmation": ("confirmation", "PUBLISH"),
    "waitlisted": ("waitlisted", None),
    "offer": ("offer", None),
    "offer_expired": ("offer_expired", None),
    "cancellation": ("cancellation", "CANCEL"),
    "reminder": ("reminder", "PUBLISH"),
    "event_changed": ("event_changed", "PUBLISH"),
    "event_cancelled": ("event_cancelled", "CANCEL"),
    "message": ("message", None),
}


def localized_event(registration):
    """The event page in the registrant's language when it exists."""
    return localized_page(registration.event, registration.language)


def localized_page(page, language):
    """A page in the given language when it is translated, else the page itself."""
    translated = page.get_translations(inclusive=True).filter(locale__language_code=language).first()
    return translated.specific if translated else page


# E-mails that announce a status: not sent if the status has changed by the time the task
# runs (it may run later than the change, in another process).
ABOUT_A_STATUS = {"confirmation", "waitlisted", "offer"}


@task()
def send_later(registration_id, kind, status, extra):
    """Render and send one e-mail about a registration, unless the registration has been
    erased meanwhile or no longer has the status the e-mail announces."""
    # All or nothing: a task cut short (a lost database connection) and run again leaves
    # one e-mail, not two.
    with transaction.atomic():
        registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
        if registration is None or (kind in ABOUT_A_STATUS and registration.status != status):
            return
        send(registration, kind, **extra)


def send(registration, kind, **extra):
    template, method = KINDS[kind]
    with translation.override(registration.language):
        source = registration.event
        event = localized_event(registration)
        activity_titles = event.localized_activities()
        activities = [
            activity_titles.get(activity.translation_key, activity) for activity in registration.activities.all()
        ]
        context = {
            "registration": registration,
            "event": event,
            "activities": activities,
            "event_url": calendars._absolute(event.full_url or event.url or ""),
            "personal_url": registration.absolute_personal_url(),
            "show_video_link": source.has_video_link_for(registration),
            "video_link": source.video_link if registration.status == "confirmed" else "",
            **extra,
        }
        attachments = []
        if method:
            content = calendars.event_calendar(
                event, registration=registration if method == "PUBLISH" else None, method=method
            )
            attachments.append(("event.ics", content.decode("utf-8"), "text/calendar"))
    send_templated_email(
        f"workshops/emails/{template}",
        context,
        [registration.email],
        language=registration.language,
        attachments=attachments,
    )
