"""Pre-moderation of residents' contributions, and "report this content".

Any public text a resident writes (roadmap proposals, the ideas of calls for ideas)
inherits `home.models.PreModerated` and is registered here with `register()`. Then:

- it is shown only once staff `publish()` it (until then only staff see it);
- every published one has a "report this content" link (`report_url()`), whose form
  calls `report()`: the report waits in the staff's queue (admin, Network → Content
  reports) and staff are e-mailed;
- staff `hide()` a published one with a reason (the author is told), or `keep()` it.

Each change is logged with Wagtail's log entries (the object's admin history)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .emails import send_templated_email, staff_recipients
from .models import ContentReport, Publication
from .page_cache import clear_page_cache
from .services import ServiceError, absolute_url

PUBLISH = "home.contribution.publish"
HIDE = "home.contribution.hide"
REPORT = "home.contribution.report"
KEEP = "home.contribution.keep"
MODERATION_FIELDS = ["publication", "moderated_at", "moderated_by", "hidden_reason"]
LOG_ACTIONS = {
    PUBLISH: _("Contribution published after review"),
    HIDE: _("Contribution hidden by the moderators"),
    REPORT: _("Contribution reported by a visitor"),
    KEEP: _("Report reviewed: contribution kept"),
}


@dataclass
class ContributionKind:
    """How `home` handles one kind of contribution: `public_url(obj)` (its public page),
    `author_emails(obj)` (whom to tell when it is hidden) and `language(obj)`;
    `can_publish(obj)` (False while, say, its author has not confirmed the address),
    `after_publish(obj)` (run in the publication's transaction, e.g. to tell the author),
    and `tell_refusal`: whether an author whose contribution is hidden before it was ever
    published is told the reason too."""

    name: str
    model: type
    label: str
    public_url: Callable = field(default=lambda obj: "")
    author_emails: Callable = field(default=lambda obj: [])
    language: Callable = field(default=lambda obj: "fr")
    can_publish: Callable = field(default=lambda obj: True)
    after_publish: Callable = field(default=lambda obj: None)
    tell_refusal: bool = False


_kinds = {}


def register(kind):
    _kinds[kind.name] = kind
    return kind


def kind_of(obj):
    for kind in _kinds.values():
        if isinstance(obj, kind.model):
            return kind
    raise LookupError(f"{type(obj).__name__} is not a registered contribution")


def published(kind_name, pk):
    """The published contribution of that kind and id, or None (for the report form)."""
    kind = _kinds.get(kind_name)
    if kind is None:
        return None
    return kind.model.objects.filter(pk=pk, publication=Publication.PUBLISHED).first()


def report_url(obj):
    return reverse("report_content", kwargs={"kind": kind_of(obj).name, "pk": obj.pk})


def _clear_page_cache():
    transaction.on_commit(clear_page_cache)


def publish(obj, *, user=None):
    """Staff approve a contribution: it becomes public."""
    kind = kind_of(obj)
    original = obj
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        if obj.publication == Publication.PUBLISHED:
            raise ServiceError(_("This contribution is already published."), code="already")
        if not kind.can_publish(obj):
            raise ServiceError(_("This contribution cannot be published yet."), code="not_ready")
        obj.publication = Publication.PUBLISHED
        obj.moderated_at = timezone.now()
        obj.moderated_by = user
        obj.hidden_reason = ""
        obj.save(update_fields=["publication", "moderated_at", "moderated_by", "hidden_reason"])
        log(instance=obj, action=PUBLISH, user=user)
        kind.after_publish(obj)
        _clear_page_cache()
    original.refresh_from_db(fields=MODERATION_FIELDS)
    return original


def hide(obj, reason, *, user=None):
    """Staff hide a contribution, with a reason given to its author; its open reports
    are closed."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason: it is sent to the author."), code="missing_reason", field="reason")
    kind = kind_of(obj)
    original = obj
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        if obj.publication == Publication.HIDDEN:
            raise ServiceError(_("This contribution is already hidden."), code="already")
        was_public = obj.publication == Publication.PUBLISHED
        obj.publication = Publication.HIDDEN
        obj.hidden_reason = reason
        obj.moderated_at = timezone.now()
        obj.moderated_by = user
        obj.save(update_fields=["publication", "hidden_reason", "moderated_at", "moderated_by"])
        ContentReport.objects.filter(kind=kind.name, object_id=obj.pk, outcome=ContentReport.Outcome.OPEN).update(
            outcome=ContentReport.Outcome.HIDDEN, handled_at=timezone.now(), handled_by=user
        )
        log(instance=obj, action=HIDE, user=user, data={"reason": reason})
        recipients = kind.author_emails(obj)
        if recipients and (was_public or kind.tell_refusal):
            send_templated_email(
                "home/emails/contribution_hidden",
                {"title": str(obj), "reason": reason, "kind": kind.label},
                recipients,
                language=kind.language(obj),
            )
        _clear_page_cache()
    original.refresh_from_db(fields=MODERATION_FIELDS)
    return original


def report(obj, reason, *, email=""):
    """A visitor reports a published contribution: a report waits in the staff's queue."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say what is wrong with this content."), code="missing_reason", field="reason")
    kind = kind_of(obj)
    if obj.publication != Publication.PUBLISHED:
        raise ServiceError(_("This content is no longer public."), code="not_public")
    with transaction.atomic():
        created = ContentReport.objects.create(
            kind=kind.name, object_id=obj.pk, content_title=str(obj)[:255], reason=reason[:2000], email=email.strip()
        )
        log(instance=obj, action=REPORT)
        recipients = staff_recipients()
        if recipients:
            send_templated_email(
                "home/emails/content_reported",
                {
                    "report": created,
                    "kind": kind.label,
                    "public_url": absolute_url(kind.public_url(obj)),
                    "admin_url": absolute_url(reverse("wagtailsnippets_home_contentreport:list")),
                },
                recipients,
                language="fr",
            )
    return created


def keep(content_report, *, user=None):
    """Staff read a report and keep the content."""
    if content_report.outcome != ContentReport.Outcome.OPEN:
        raise ServiceError(_("This report has already been handled."), code="already")
    content_report.outcome = ContentReport.Outcome.KEPT
    content_report.handled_at = timezone.now()
    content_report.handled_by = user
    content_report.save(update_fields=["outcome", "handled_at", "handled_by"])
    log(instance=content_report, action=KEEP, user=user)
    return content_report


def content_of(content_report):
    """The contribution a report is about (whatever its publication), or None."""
    kind = _kinds.get(content_report.kind)
    if kind is None:
        return None
    return kind.model.objects.filter(pk=content_report.object_id).first()
