"""The rules of the practices library: a member submits a practice (or edits its own), staff
publish it, send it back for changes or decline it with a reason. The only place a practice's
state changes; each change is a log entry (and a revision) in the practice's admin history."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Locale

from home.emails import send_templated_email, staff_recipients
from home.services import ServiceError, absolute_url
from members.services import representatives_emails

from .models import Practice

RELATIONS = ("themes", "competencies", "contact_people", "events", "roadmap_actions")
TEXT_FIELDS = ("title", "summary", "context", "what_was_done", "participants", "results", "lessons", "do_differently")


def unique_practice_slug(title, locale, exclude=None):
    base = slugify(title)[:200] or "pratique"
    slug, number = base, 2
    others = Practice.objects.filter(locale=locale)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def check_practice_of(practice, member):
    if practice is None or member is None or practice.member_id != member.pk:
        raise ServiceError(_("This practice belongs to another structure."), code="not_allowed")


def _check_contacts(member, people):
    if any(person.member_id != member.pk for person in people):
        raise ServiceError(
            _("Contact people must be people of your structure."), code="foreign_person", field="contact_people"
        )


def _area_url(language):
    with translation.override(language or "fr"):
        return absolute_url(reverse("practices:area_list"))


@transaction.atomic
def submit_practice(member, data, *, by=None, notify=True):
    """A representative submits a new practice of their structure: it waits for staff review."""
    if not member.is_approved:
        raise ServiceError(_("Only an approved member can share practices."), code="not_allowed")
    relations = {name: data.pop(name) for name in RELATIONS if name in data}
    _check_contacts(member, relations.get("contact_people", []))
    locale = Locale.get_default()
    practice = Practice(member=member, locale=locale, submitted_by=by, status=Practice.Status.SUBMITTED, **data)
    practice.slug = unique_practice_slug(practice.title, locale)
    practice.save()
    for name, values in relations.items():
        getattr(practice, name).set(values)
    practice.save_revision(user=by, log_action=False)
    log(instance=practice, action="practices.submit", user=by)
    recipients = staff_recipients() if notify else []
    if recipients:
        send_templated_email(
            "practices/emails/staff_practice_submitted",
            {
                "practice": practice,
                "admin_url": absolute_url(reverse("wagtailsnippets_practices_practice:edit", args=[practice.pk])),
            },
            recipients,
            language="fr",
        )
    return practice


@transaction.atomic
def update_practice(practice, member, data, *, by=None):
    """A representative edits their practice. A practice sent back goes back to review; a
    published one stays published (the change is a new revision, in its history)."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    check_practice_of(practice, member)
    if practice.status == Practice.Status.DECLINED:
        raise ServiceError(_("A declined practice cannot be changed; submit a new one."), code="declined")
    relations = {name: data.pop(name) for name in RELATIONS if name in data}
    _check_contacts(member, relations.get("contact_people", []))
    for field, value in data.items():
        setattr(practice, field, value)
    if practice.status == Practice.Status.RETURNED:
        practice.status = Practice.Status.SUBMITTED
    practice.save()
    for name, values in relations.items():
        getattr(practice, name).set(values)
    practice.save_revision(user=by, log_action=False)
    log(instance=practice, action="wagtail.edit", user=by)
    return practice


def _review(practice, status, *, by, reason="", allowed=(Practice.Status.SUBMITTED,)):
    practice = Practice.objects.select_for_update().select_related("member").get(pk=practice.pk)
    if practice.status not in allowed:
        raise ServiceError(_("This practice is not waiting for review any more."), code="not_submitted")
    practice.status = status
    practice.review_note = reason
    if status == Practice.Status.PUBLISHED:
        practice.published_at = practice.published_at or timezone.now()
    practice.save(update_fields=["status", "review_note", "published_at", "updated_at"])
    # Translations follow their source's state.
    Practice.objects.filter(translation_key=practice.translation_key).exclude(pk=practice.pk).update(
        status=practice.status, published_at=practice.published_at
    )
    log(instance=practice, action=f"practices.{status}", user=by, data={"reason": reason} if reason else None)
    recipients = representatives_emails(practice.member)
    if recipients:
        language = practice.member.language or "fr"
        url = ""
        if status == Practice.Status.PUBLISHED:
            with translation.override(language):
                url = absolute_url(practice.get_absolute_url())
        send_templated_email(
            "practices/emails/practice_reviewed",
            {"practice": practice, "status": status, "reason": reason, "url": url, "area_url": _area_url(language)},
            recipients,
            language=language,
        )
    return practice


@transaction.atomic
def publish_practice(practice, *, by=None):
    return _review(practice, Practice.Status.PUBLISHED, by=by, allowed=(Practice.Status.SUBMITTED,))


@transaction.atomic
def return_practice(practice, *, reason, by=None):
    if not reason.strip():
        raise ServiceError(_("Say what should change."), code="reason_required", field="reason")
    return _review(practice, Practice.Status.RETURNED, by=by, reason=reason)


@transaction.atomic
def decline_practice(practice, *, reason, by=None):
    if not reason.strip():
        raise ServiceError(_("Give the reason."), code="reason_required", field="reason")
    return _review(
        practice,
        Practice.Status.DECLINED,
        by=by,
        reason=reason,
        allowed=(Practice.Status.SUBMITTED, Practice.Status.RETURNED),
    )


@transaction.atomic
def unpublish_practice(practice, *, reason="", by=None):
    return _review(practice, Practice.Status.RETURNED, by=by, reason=reason, allowed=(Practice.Status.PUBLISHED,))
