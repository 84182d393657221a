"""The rules of follows and subscriptions: the only place where they change.

- `request_follow()` / `subscribe_newsletter()` record what a person asks for, with the
  consent's date and wording, and e-mail a confirmation link (double opt-in): nothing is
  sent to the address before it is confirmed. One confirmation e-mail per address a minute
  at most, and a cap on what one address may have pending, so a flood stays harmless.
- `confirm()` starts everything the address asked for (idempotent).
- The personal page (`subscriber_for_manage_token`) changes the frequency, stops one
  follow or all, the newsletter on or off.
- `unsubscribe()` is the one-click unsubscribe (RFC 8058) of every e-mail: a replay says
  so, never fails.
- `notify_*()` are the immediate notices of important changes, called through the other
  apps' hooks (see wagtail_hooks.py); `follows.digest` builds the weekly digest and
  `follows.newsletter` sends the newsletter.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from home.emails import OutboxBatch, default_sender, send_templated_email
from home.models import NetworkSettings, Publication
from home.personal_data import iso
from home.services import ServiceError, absolute_url

from .models import Consent, Delivery, Follow, Subscriber

# `from . import queries` stays inside the notify_* functions: queries imports the roadmap
# and workshops models, whose modules import this one.

CONFIRM_SALT = "follows.confirm"
MANAGE_SALT = "follows.manage"
UNSUBSCRIBE_SALT = "follows.unsubscribe"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a week to confirm
CONFIRMATION_INTERVAL = datetime.timedelta(minutes=1)  # one confirmation e-mail per address
MAX_PENDING_FOLLOWS = 30

FOLLOW_WORDING = _(
    "I want to receive e-mails about what I follow: important changes at once and a weekly digest. "
    "Every e-mail has a link to stop; my address is used for nothing else."
)
NEWSLETTER_WORDING = _(
    "Yes, send me the network's newsletter (a few times a year). I can unsubscribe in one click from any issue."
)


def normalise_email(email):
    return (email or "").strip().lower()


def language_or_default(language):
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


# --- Tokens and links -----------------------------------------------------------------


def _subscriber_token(subscriber, salt):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=salt)


def _subscriber_for_token(token, salt, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise ServiceError(_("This link has expired. Ask for a new one below."), code="expired") from None
    except signing.BadSignature:
        raise ServiceError(_("This link is not valid. Check that you copied it in full."), code="invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("k"), str):
        raise ServiceError(_("This link is not valid. Check that you copied it in full."), code="invalid")
    subscriber = Subscriber.objects.filter(pk=data["s"], key=data["k"]).first()
    if subscriber is None:
        raise ServiceError(
            _("This link no longer works: the follows it was about were stopped or erased."), code="gone"
        )
    return subscriber


def confirm_token(subscriber):
    return _subscriber_token(subscriber, CONFIRM_SALT)


def manage_token(subscriber):
    return _subscriber_token(subscriber, MANAGE_SALT)


def unsubscribe_token(email, scope):
    """`scope`: "newsletter", "follows" (all of them) or "follow:<id>" (one)."""
    return signing.dumps({"e": normalise_email(email), "u": scope}, salt=UNSUBSCRIBE_SALT)


def url(name, language, **kwargs):
    with translation.override(language_or_default(language)):
        return absolute_url(reverse(f"follows:{name}", kwargs=kwargs))


def manage_path(subscriber):
    """The personal page's path in the active language (for links in the site's pages)."""
    return reverse("follows:manage", kwargs={"token": manage_token(subscriber)})


def manage_url(subscriber, language=None):
    return url("manage", language or subscriber.language, token=manage_token(subscriber))


def unsubscribe_url(email, scope, language):
    return url("unsubscribe", language, token=unsubscribe_token(email, scope))


def list_headers(unsubscribe):
    """One-click unsubscribe (RFC 8058): the mail program POSTs to the URL."""
    return {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# --- Asking -----------------------------------------------------------------------------


def _subscriber_for(email, language, lock=True):
    email = normalise_email(email)
    if not email:
        raise ServiceError(_("Give your e-mail address."), code="missing_email", field="email")
    subscriber, created = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
    if lock and not created:
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    return subscriber


def _send_confirmation(subscriber, language, what):
    """The double opt-in e-mail, at most once a minute per address (its link confirms
    everything pending, so a second one would add nothing)."""
    now = timezone.now()
    if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_INTERVAL:
        return False
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)
    send_templated_email(
        "follows/emails/confirm",
        {
            "what": what,
            "confirm_url": url("confirm", language, token=confirm_token(subscriber)),
            "max_days": CONFIRM_MAX_AGE // 86400,
        },
        [subscriber.email],
        language=language,
    )
    return True


def request_follow(
    email, target, *, language="fr", newsletter=False, source=Consent.Source.FOLLOW, newsletter_wording=None
):
    """Record a follow of `target` (a `follows.queries.Target`) waiting for the address's
    confirmation, and e-mail the confirmation link. Asking again is harmless."""
    language = language_or_default(language)
    with transaction.atomic():
        subscriber = _subscriber_for(email, language)
        pending = Follow.objects.filter(subscriber=subscriber, confirmed_at__isnull=True).count()
        key = Follow.make_key(
            target.kind, target.target_id, target.commune_id, target.intercommunality, target.theme_id
        )
        follow = Follow.objects.filter(subscriber=subscriber, key=key).first()
        if follow is None:
            if pending >= MAX_PENDING_FOLLOWS:
                raise ServiceError(
                    _("This address already has many follows waiting for confirmation: open the e-mail we sent."),
                    code="too_many",
                    field="email",
                )
            follow = Follow.objects.create(
                subscriber=subscriber,
                kind=target.kind,
                target_id=target.target_id,
                commune_id=target.commune_id,
                intercommunality=target.intercommunality,
                theme_id=target.theme_id,
                key=key,
            )
            Consent.objects.create(
                subscriber=subscriber,
                purpose=Consent.Purpose.FOLLOW,
                source=source,
                wording=str(FOLLOW_WORDING),
                language=language,
            )
        if newsletter:
            _record_newsletter_consent(subscriber, source, language, newsletter_wording)
        if follow.confirmed_at is None or newsletter:
            _send_confirmation(subscriber, language, target.title)
    return follow


def _record_newsletter_consent(subscriber, source, language, wording=None, confirmed=False):
    now = timezone.now() if confirmed else None
    Consent.objects.create(
        subscriber=subscriber,
        purpose=Consent.Purpose.NEWSLETTER,
        source=source,
        wording=str(wording or NEWSLETTER_WORDING),
        language=language,
        confirmed_at=now,
    )
    if confirmed:
        subscriber.newsletter = True
        subscriber.newsletter_opt_out = False
        subscriber.newsletter_source = source
        subscriber.save(update_fields=["newsletter", "newsletter_opt_out", "newsletter_source"])


def subscribe_newsletter(email, *, language="fr", source=Consent.Source.FOOTER, wording=None, commune=None):
    """Ask for the newsletter: the subscription starts when the address is confirmed.
    Called by the footer's form and by the other apps' forms (registration, proposal,
    support) when their unticked box is ticked."""
    language = language_or_default(language)
    with transaction.atomic():
        subscriber = _subscriber_for(email, language)
        if commune is not None and subscriber.commune_id is None:
            subscriber.commune = commune
            subscriber.save(update_fields=["commune"])
        if subscriber.newsletter and subscriber.is_confirmed:
            return subscriber  # already receives it: nothing to ask
        _record_newsletter_consent(subscriber, source, language, wording)
        _send_confirmation(subscriber, language, _("The network's newsletter"))
    return subscriber


def newsletter_opt_in(form, source, language, *, commune=None):
    """For the other apps' forms with the unticked newsletter box (NewsletterOptInMixin):
    when it was ticked, ask for the newsletter (confirmed by e-mail, wording recorded)."""
    if form.cleaned_data.get("newsletter") and form.cleaned_data.get("email"):
        subscribe_newsletter(form.cleaned_data["email"], language=language, source=source, commune=commune)


@dataclass
class Confirmation:
    subscriber: Subscriber
    follows: int
    newsletter: bool


def confirm(token):
    """Open the confirmation link: the address is confirmed and everything it asked for
    starts. Opening it again changes nothing."""
    subscriber = _subscriber_for_token(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = now
        follows = Follow.objects.filter(subscriber=subscriber, confirmed_at__isnull=True).update(confirmed_at=now)
        pending_newsletter = list(
            Consent.objects.filter(
                subscriber=subscriber, purpose=Consent.Purpose.NEWSLETTER, confirmed_at__isnull=True, withdrawn_at=None
            ).order_by("-given_at")
        )
        Consent.objects.filter(subscriber=subscriber, confirmed_at__isnull=True, withdrawn_at=None).update(
            confirmed_at=now
        )
        if pending_newsletter:
            subscriber.newsletter = True
            subscriber.newsletter_opt_out = False
            subscriber.newsletter_source = pending_newsletter[-1].source
        subscriber.save()
    return Confirmation(subscriber, follows, bool(pending_newsletter))


def resend_confirmation(token):
    """An expired confirmation link: its address gets a fresh one (if it still exists)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT)
    except signing.BadSignature:
        return False
    subscriber = (
        Subscriber.objects.filter(pk=data.get("s"), key=data.get("k")).first() if isinstance(data, dict) else None
    )
    if subscriber is None:
        return False
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        return _send_confirmation(subscriber, subscriber.language, _("Your follows"))


def send_manage_link(email, language="fr"):
    """ "Resend my link": the personal page's link goes to the address if we know it
    (the answer is the same either way, so nobody learns who follows what)."""
    subscriber = Subscriber.objects.filter(email=normalise_email(email)).first()
    if subscriber is None:
        return False
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        now = timezone.now()
        if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_INTERVAL:
            return False
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)
        send_templated_email(
            "follows/emails/manage_link",
            {"manage_url": manage_url(subscriber, language)},
            [subscriber.email],
            language=language_or_default(language),
        )
    return True


# --- The personal page ------------------------------------------------------------------


def subscriber_for_manage_token(token):
    subscriber = _subscriber_for_token(token, MANAGE_SALT)
    if not subscriber.is_confirmed:
        # Reaching the personal page proves the address (the link came by e-mail).
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=timezone.now())
        subscriber.refresh_from_db()
    return subscriber


def set_frequency(subscriber, frequency):
    if frequency not in Subscriber.Frequency.values:
        raise ServiceError(_("Choose how often you want news."), code="bad_frequency", field="frequency")
    Subscriber.objects.filter(pk=subscriber.pk).update(frequency=frequency)
    subscriber.frequency = frequency


def set_newsletter(subscriber, wanted, language):
    with transaction.atomic():
        if wanted and not subscriber.newsletter:
            _record_newsletter_consent(subscriber, Consent.Source.MANAGE, language, confirmed=True)
        elif not wanted:
            _stop_newsletter(subscriber)


def _stop_newsletter(subscriber):
    now = timezone.now()
    Consent.objects.filter(subscriber=subscriber, purpose=Consent.Purpose.NEWSLETTER, withdrawn_at=None).update(
        withdrawn_at=now
    )
    Subscriber.objects.filter(pk=subscriber.pk).update(newsletter=False, newsletter_opt_out=True)
    subscriber.newsletter, subscriber.newsletter_opt_out = False, True


def _stop_follows(subscriber, follows):
    deleted, _detail = follows.delete()
    if deleted and not Follow.objects.filter(subscriber=subscriber).exists():
        Consent.objects.filter(subscriber=subscriber, purpose=Consent.Purpose.FOLLOW, withdrawn_at=None).update(
            withdrawn_at=timezone.now()
        )
    return deleted


def stop_follow(subscriber, follow_id):
    """Stop one of this address's follows (another's is never found)."""
    with transaction.atomic():
        if not _stop_follows(subscriber, Follow.objects.filter(subscriber=subscriber, pk=follow_id)):
            raise ServiceError(_("This follow was already stopped."), code="not_found")


def stop_all(subscriber):
    """Stop every follow and the newsletter."""
    with transaction.atomic():
        _stop_follows(subscriber, Follow.objects.filter(subscriber=subscriber))
        _stop_newsletter(subscriber)


# --- One-click unsubscribe ----------------------------------------------------------------


@dataclass
class Unsubscribed:
    email: str
    scope: str
    already: bool
    subscriber: Subscriber | None


def read_unsubscribe_token(token):
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ServiceError(_("This link is not valid. Check that you copied it in full."), code="invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str) or not _valid_scope(data.get("u")):
        raise ServiceError(_("This link is not valid. Check that you copied it in full."), code="invalid")
    return data["e"], data["u"]


def _valid_scope(scope):
    return isinstance(scope, str) and (
        scope in ("newsletter", "follows") or (scope.startswith("follow:") and scope[7:].isdigit())
    )


def unsubscribe(token):
    """Stop what the e-mail was about: the newsletter, all follows, or one follow. A
    replayed link says it was already done. The newsletter refusal is kept (even for an
    address we did not know, such as a member's representative) so it is honoured."""
    email, scope = read_unsubscribe_token(token)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if scope == "newsletter":
            if subscriber is None:
                try:
                    with transaction.atomic():
                        subscriber = Subscriber.objects.create(
                            email=email, newsletter_opt_out=True, language=settings.LANGUAGE_CODE
                        )
                except IntegrityError:
                    subscriber = Subscriber.objects.get(email=email)
                return Unsubscribed(email, scope, False, subscriber)
            already = subscriber.newsletter_opt_out and not subscriber.newsletter
            _stop_newsletter(subscriber)
            return Unsubscribed(email, scope, already, subscriber)
        if subscriber is None:
            return Unsubscribed(email, scope, True, None)
        if scope == "follows":
            follows = Follow.objects.filter(subscriber=subscriber)
        elif scope.startswith("follow:") and scope[7:].isdigit():
            follows = Follow.objects.filter(subscriber=subscriber, pk=int(scope[7:]))
        else:
            raise ServiceError(_("This link is not valid. Check that you copied it in full."), code="invalid")
        deleted = _stop_follows(subscriber, follows)
        return Unsubscribed(email, scope, not deleted, subscriber)


# --- Sending ------------------------------------------------------------------------------


def send_to_subscriber(
    subscriber, template, context, *, scope, kind, items=(), from_email=None, subject="", newsletter=None, outbox
):
    """Queue one e-mail of a follow or of the newsletter in `outbox` (a
    `home.emails.OutboxBatch` the caller stores): with the personal page's link, a visible
    unsubscribe link and the one-click headers. Returns the `Delivery` to save (unsaved:
    callers bulk-create them)."""
    language = language_or_default(subscriber.language)
    unsubscribe = unsubscribe_url(subscriber.email, scope, language)
    context = {
        **context,
        "unsubscribe_url": unsubscribe,
        "manage_url": manage_url(subscriber, language) if subscriber.pk else "",
    }
    outbox.send_templated_email(
        template,
        context,
        [subscriber.email],
        language=language,
        from_email=from_email,
        headers=list_headers(unsubscribe),
    )
    return Delivery(email=subscriber.email, kind=kind, items=list(items), subject=subject[:255], newsletter=newsletter)


def _followers(follows):
    """Confirmed follows of confirmed addresses, one per address."""
    seen, found = set(), []
    for follow in follows.filter(confirmed_at__isnull=False, subscriber__confirmed_at__isnull=False).select_related(
        "subscriber"
    ):
        if follow.subscriber_id not in seen:
            seen.add(follow.subscriber_id)
            found.append(follow)
    return found


def _notify(follows, template, context_for_language, item, exclude=()):
    """Immediate notice to each follower (inside the caller's transaction), except the
    addresses in `exclude` (already e-mailed about the same change by its app)."""
    exclude = {address.lower() for address in exclude}
    followers = [follow for follow in _followers(follows) if follow.subscriber.email.lower() not in exclude]
    if not followers:
        return 0
    from_email = default_sender()
    contexts = {}
    deliveries = []
    outbox = OutboxBatch()
    for follow in followers:
        language = language_or_default(follow.subscriber.language)
        if language not in contexts:
            with translation.override(language):
                contexts[language] = context_for_language(language)
        deliveries.append(
            send_to_subscriber(
                follow.subscriber,
                template,
                contexts[language],
                scope=f"follow:{follow.pk}",
                kind=Delivery.Kind.NOTICE,
                items=[item],
                from_email=from_email,
                subject=str(contexts[language].get("title", "")),
                outbox=outbox,
            )
        )
    outbox.store()
    Delivery.objects.bulk_create(deliveries)
    return len(deliveries)


def notify_action_status_changed(action, update):
    """An action followed changed status (roadmap.services.add_update)."""
    from . import queries  # imported here: follows.queries imports roadmap, whose models import this module

    def context(language):
        return {
            "title": queries.action_title(action, language),
            "url": queries.action_url(action, language),
            "update": update,
            "status": update.get_status_display(),
            "previous_status": update.get_previous_status_display(),
        }

    follows = Follow.objects.filter(kind=Follow.Kind.ACTION, target_id=action.pk)
    return _notify(follows, "follows/emails/notice_action", context, f"update:{update.pk}")


def notify_proposal_decided(proposal, exclude=()):
    """A decision on a proposal followed (accepted or declined); `exclude`: the addresses
    the roadmap already e-mailed the decision to (one e-mail per person and decision)."""
    from . import queries  # imported here: follows.queries imports roadmap, whose models import this module

    def context(language):
        action = proposal.action
        return {
            "title": proposal.title,
            "proposal": proposal,
            "accepted": proposal.status == "accepted",
            "url": queries.action_url(action, language) if action else queries.proposals_url(language),
        }

    follows = Follow.objects.filter(kind=Follow.Kind.PROPOSAL, target_id=proposal.pk)
    return _notify(follows, "follows/emails/notice_proposal", context, f"proposal:{proposal.pk}", exclude)


def notify_idea_decided(idea, exclude=()):
    """A decision on an idea followed (selected or not, by staff or by the governing
    body); `exclude`: the addresses the roadmap e-mails this decision to itself (one
    e-mail per person and decision)."""
    from . import queries  # imported here: follows.queries imports roadmap, whose models import this module

    def context(language):
        return {
            "title": idea.title,
            "idea": idea,
            "selected": idea.selection == "selected",
            "call_title": queries.call_title(idea.call, language),
            "url": queries.idea_url(idea, language),
        }

    follows = Follow.objects.filter(kind=Follow.Kind.IDEA, target_id=idea.pk)
    return _notify(follows, "follows/emails/notice_idea", context, f"idea-decision:{idea.pk}", exclude)


def notify_call_results(call, exclude=()):
    """The results of a call followed are published: its followers get the selection
    (`exclude`: the addresses the roadmap told their own idea's result)."""
    from . import queries  # imported here: follows.queries imports roadmap, whose models import this module

    selected = list(
        call.ideas.filter(publication=Publication.PUBLISHED, selection="selected").order_by("pk").only("pk", "title")
    )

    def context(language):
        return {
            "title": queries.call_title(call, language),
            "call": call,
            "selected": [{"title": idea.title, "url": queries.idea_url(idea, language)} for idea in selected],
            "url": queries.call_url(call, language),
        }

    follows = Follow.objects.filter(kind=Follow.Kind.CALL, target_id=call.pk)
    return _notify(follows, "follows/emails/notice_call", context, f"call-results:{call.pk}", exclude)


def notify_event_changed(event):
    """An event followed (itself, or through the agenda of its commune, intercommunality
    or themes) was cancelled or rescheduled."""
    from . import queries  # imported here: follows.queries imports roadmap, whose models import this module

    if event.is_past and not event.cancelled:
        return 0
    commune = event.commune
    theme_keys = [theme.translation_key for theme in event.themes.all()]
    agenda = Q(kind=Follow.Kind.AGENDA, commune__isnull=True, intercommunality="", theme__isnull=True)
    if commune is not None:
        agenda |= Q(kind=Follow.Kind.AGENDA, commune=commune)
        if commune.intercommunality:
            agenda |= Q(kind=Follow.Kind.AGENDA, intercommunality=commune.intercommunality)
    if theme_keys:
        agenda |= Q(kind=Follow.Kind.AGENDA, theme__translation_key__in=theme_keys)
    follows = Follow.objects.filter(Q(kind=Follow.Kind.EVENT, target_id=event.pk) | agenda).order_by(
        "-kind"  # the event's own follow first: its unsubscribe link stops just that
    )

    def context(language):
        local = queries.localized_event(event, language)
        return {
            "title": local.title,
            "event": local,
            "cancelled": event.cancelled,
            "url": absolute_url(local.url or ""),
        }

    return _notify(
        follows, "follows/emails/notice_event", context, f"event-change:{event.pk}:{event.start.isoformat()}"
    )


# --- Retention ----------------------------------------------------------------------------

UNCONFIRMED_DAYS = 30


def purge(now=None, *, months=None):
    """Forget what was never confirmed (after 30 days), the addresses left with nothing
    (no follow, no newsletter, no refusal to honour), and the sending history older than
    the site's retention period (months, default 12)."""
    now = now or timezone.now()
    if months is None:
        months = _retention_months()
    limit = now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    with transaction.atomic():
        follows, _d = Follow.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
        Consent.objects.filter(confirmed_at__isnull=True, given_at__lt=limit).delete()
        empty = Subscriber.objects.filter(
            follows__isnull=True, newsletter=False, newsletter_opt_out=False, created_at__lt=limit
        )
        subscribers, _d = Subscriber.objects.filter(pk__in=list(empty.values_list("pk", flat=True))).delete()
        history, _d = Delivery.objects.filter(sent_at__lt=now - datetime.timedelta(days=30 * months)).delete()
    return {"follows": follows, "subscribers": subscribers, "history": history}


def _retention_months():
    site = Site.objects.filter(is_default_site=True).first()
    months = getattr(NetworkSettings.for_site(site), "retention_months", None) if site else None
    return months or 12


# --- Personal data (RGPD) -----------------------------------------------------------------


def export(email):
    email = normalise_email(email)
    subscriber = Subscriber.objects.filter(email=email).first()
    history = [
        {"kind": d.kind, "subject": d.subject, "items": d.items, "sent_at": iso(d.sent_at)}
        for d in Delivery.objects.filter(email=email)
    ]
    if subscriber is None:
        return {"history": history} if history else {}
    return {
        "subscriber": {
            "email": subscriber.email,
            "language": subscriber.language,
            "confirmed_at": iso(subscriber.confirmed_at),
            "frequency": subscriber.frequency,
            "newsletter": subscriber.newsletter,
            "newsletter_refused": subscriber.newsletter_opt_out,
            "commune": str(subscriber.commune) if subscriber.commune_id else None,
            "created_at": iso(subscriber.created_at),
        },
        "follows": [
            {
                "kind": f.kind,
                "object": f.target_id,
                "commune": str(f.commune) if f.commune_id else None,
                "intercommunality": f.intercommunality,
                "theme": str(f.theme) if f.theme_id else None,
                "asked_at": iso(f.created_at),
                "confirmed_at": iso(f.confirmed_at),
            }
            for f in subscriber.follows.select_related("commune", "theme")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "source": c.source,
                "wording": c.wording,
                "language": c.language,
                "given_at": iso(c.given_at),
                "confirmed_at": iso(c.confirmed_at),
                "withdrawn_at": iso(c.withdrawn_at),
            }
            for c in subscriber.consents.all()
        ],
        "history": history,
    }


def erase(email):
    """Delete the address, its follows, consents and sending history."""
    email = normalise_email(email)
    with transaction.atomic():
        history, _d = Delivery.objects.filter(email=email).delete()
        deleted, _d = Subscriber.objects.filter(email=email).delete()
    return history + deleted
