"""The weekly digest: for each confirmed address that wants one, what happened since its
last digest in what it follows — new events in the agenda it follows (of a commune, an
intercommunality, a theme) or hosted by a member it follows, progress notes of the actions
it follows, new actions and every note of the roadmap when it follows the whole roadmap,
the ideas newly published in the calls for ideas it follows.

- Nothing happened: no e-mail.
- Never the same item twice: each address keeps `digest_sent_until`; an item counts
  only if it appeared after it (and after the follow began), and running the command
  twice in a row sends nothing the second time. A status change, already sent at once
  to an action's followers, is not repeated in their digest.
- Addresses are read in batches (`batch_size`), each batch in one transaction, with a
  fixed number of queries whatever its size (tested at 10 and 1,000 followers); the
  e-mails go through `home.emails.send_templated_email` inside that transaction.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.formats import date_format

from home.emails import OutboxBatch, default_sender
from home.models import Publication
from home.services import absolute_url
from roadmap.call_models import Idea
from roadmap.models import Action, ActionUpdate, localized_texts, roadmap_page_for_language
from workshops.models import EventPage

from .models import Delivery, Follow, Subscriber
from .services import language_or_default, send_to_subscriber

BATCH_SIZE = 500


@dataclass
class Item:
    key: str
    kind: str  # "event", "update", "action", "idea"
    appeared: datetime
    title: str = ""
    url: str = ""
    text: str = ""
    date: object = None
    when: str = ""  # the date, formatted once per language (not once per recipient)
    place: str = ""
    status: str = ""


@dataclass
class Found:
    """What appeared in the window of one batch, in the default language."""

    updates: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    events: list = field(default_factory=list)
    ideas: list = field(default_factory=list)


class Links:
    """Pages and translations read once per run and language."""

    def __init__(self):
        self.roadmap_pages = {}

    def roadmap_page(self, language):
        if language not in self.roadmap_pages:
            self.roadmap_pages[language] = roadmap_page_for_language(language)
        return self.roadmap_pages[language]

    def action_url(self, action_id, language):
        page = self.roadmap_page(language)
        if page is None:
            return ""
        return absolute_url(page.url + page.reverse_subpage("action", args=[action_id]))

    def idea_url(self, idea, language):
        page = self.roadmap_page(language)
        if page is None:
            return ""
        with translation.override(language):
            return absolute_url(page.url + page.reverse_subpage("idea", args=[idea.call_id, idea.pk]))


def eligible_subscribers():
    confirmed_follows = Follow.objects.filter(subscriber=OuterRef("pk"), confirmed_at__isnull=False)
    return Subscriber.objects.filter(
        Exists(confirmed_follows), confirmed_at__isnull=False, frequency=Subscriber.Frequency.WEEKLY
    )


def send_digests(now=None, batch_size=BATCH_SIZE):
    """Build and queue every digest due; returns the number of e-mails queued."""
    now = now or timezone.now()
    from_email = default_sender()
    links = Links()
    sent, last_pk = 0, 0
    while True:
        with transaction.atomic():
            batch = list(eligible_subscribers().filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            sent += send_batch(batch, now, from_email=from_email, links=links)
    return sent


def _start(subscriber, follow):
    return max(moment for moment in (subscriber.digest_sent_until, follow.confirmed_at) if moment)


def _find(follows, since, now):
    """Everything that appeared in (since, now] that one of `follows` may want."""
    kinds = {follow.kind for follow in follows}
    found = Found()
    if Follow.Kind.ROADMAP in kinds or Follow.Kind.ACTION in kinds:
        updates = ActionUpdate.objects.filter(created_at__gt=since, created_at__lte=now).select_related("action")
        if Follow.Kind.ROADMAP not in kinds:
            updates = updates.filter(action_id__in={f.target_id for f in follows if f.kind == Follow.Kind.ACTION})
        found.updates = list(updates.order_by("date", "pk"))
    if Follow.Kind.ROADMAP in kinds:
        found.actions = list(
            Action.objects.in_default_locale().filter(created_at__gt=since, created_at__lte=now).order_by("pk")
        )
    if Follow.Kind.AGENDA in kinds or Follow.Kind.MEMBER in kinds:
        found.events = list(
            EventPage.objects.live()
            .public()
            .filter(
                locale__language_code=settings.LANGUAGE_CODE,
                first_published_at__gt=since,
                first_published_at__lte=now,
                end__gt=now,
                cancelled=False,
            )
            .select_related("commune")
            .defer("commune__contour")
            .prefetch_related("themes", "host_members")
            .order_by("start", "pk")
        )
        for event in found.events:
            event.theme_keys = {theme.translation_key for theme in event.themes.all()}
            event.host_ids = {member.pk for member in event.host_members.all()}
    if Follow.Kind.CALL in kinds:
        found.ideas = list(
            Idea.objects.filter(
                call_id__in={f.target_id for f in follows if f.kind == Follow.Kind.CALL},
                publication=Publication.PUBLISHED,
                moderated_at__gt=since,
                moderated_at__lte=now,
            )
            .only("pk", "call_id", "title", "description", "moderated_at")
            .order_by("moderated_at", "pk")
        )
    return found


def _matches_agenda(follow, event):
    if follow.commune_id:
        return event.commune_id == follow.commune_id
    if follow.intercommunality:
        return event.commune is not None and event.commune.intercommunality == follow.intercommunality
    if follow.theme_id:
        return follow.theme.translation_key in event.theme_keys
    return True


def _wanted(subscriber, follows, found):
    """The keys of the items this address gets, without duplicates, in order."""
    keys = {}
    for follow in follows:
        start = _start(subscriber, follow)
        if follow.kind == Follow.Kind.ACTION:
            for update in found.updates:
                if update.action_id == follow.target_id and update.created_at > start and not update.status_changed:
                    keys.setdefault(f"update:{update.pk}", update.created_at)
        elif follow.kind == Follow.Kind.ROADMAP:
            for action in found.actions:
                if action.created_at > start:
                    keys.setdefault(f"action:{action.pk}", action.created_at)
            for update in found.updates:
                if update.created_at > start:
                    keys.setdefault(f"update:{update.pk}", update.created_at)
        elif follow.kind in (Follow.Kind.AGENDA, Follow.Kind.MEMBER):
            for event in found.events:
                if event.first_published_at <= start:
                    continue
                if (follow.kind == Follow.Kind.AGENDA and _matches_agenda(follow, event)) or (
                    follow.kind == Follow.Kind.MEMBER and follow.target_id in event.host_ids
                ):
                    keys.setdefault(f"event:{event.pk}", event.first_published_at)
        elif follow.kind == Follow.Kind.CALL:
            for idea in found.ideas:
                if idea.call_id == follow.target_id and idea.moderated_at > start:
                    keys.setdefault(f"idea:{idea.pk}", idea.moderated_at)
    return list(keys)


def _items_in(language, found, links):
    """{key: Item} of everything found, titled and linked in `language` (one query per
    kind of object and language)."""
    items = {}
    actions = {update.action.pk: update.action for update in found.updates}
    actions.update({action.pk: action for action in found.actions})
    texts = localized_texts(list(actions.values()), language)
    with translation.override(language):
        for action in found.actions:
            local = texts.get(action.translation_key, action)
            items[f"action:{action.pk}"] = Item(
                f"action:{action.pk}",
                "action",
                action.created_at,
                title=local.title,
                url=links.action_url(action.pk, language),
                text=local.description,
                status=action.get_status_display(),
            )
        for update in found.updates:
            local = texts.get(update.action.translation_key, update.action)
            items[f"update:{update.pk}"] = Item(
                f"update:{update.pk}",
                "update",
                update.created_at,
                title=local.title,
                url=links.action_url(update.action_id, language),
                text=update.text,
                date=update.date,
                when=date_format(update.date, "DATE_FORMAT"),
                status=update.get_status_display() if update.status_changed else "",
            )
        translated = {}
        if found.events and language != settings.LANGUAGE_CODE:
            translated = {
                page.translation_key: page
                for page in EventPage.objects.live()
                .filter(
                    translation_key__in=[event.translation_key for event in found.events],
                    locale__language_code=language,
                )
                .only("pk", "title", "intro", "url_path", "path", "depth", "translation_key", "locale_id")
            }
        for event in found.events:
            local = translated.get(event.translation_key, event)
            items[f"event:{event.pk}"] = Item(
                f"event:{event.pk}",
                "event",
                event.first_published_at,
                title=local.title,
                url=absolute_url(local.url or ""),
                text=local.intro,
                date=timezone.localtime(event.start),
                when=date_format(timezone.localtime(event.start), "DATETIME_FORMAT"),
                place=event.commune.name if event.commune_id else "",
            )
        for idea in found.ideas:
            items[f"idea:{idea.pk}"] = Item(
                f"idea:{idea.pk}",
                "idea",
                idea.moderated_at,
                title=idea.title,
                url=links.idea_url(idea, language),
                text=idea.description,
            )
    return items


def send_batch(subscribers, now, *, from_email=None, links=None):
    """Digests of one batch of addresses (inside the caller's transaction)."""
    links = links or Links()
    follows = list(
        Follow.objects.filter(
            subscriber__in=[subscriber.pk for subscriber in subscribers],
            confirmed_at__isnull=False,
            confirmed_at__lte=now,
        )
        .select_related("theme", "commune")
        .defer("commune__contour")
    )
    by_subscriber = {}
    for follow in follows:
        by_subscriber.setdefault(follow.subscriber_id, []).append(follow)
    starts = [_start(s, f) for s in subscribers for f in by_subscriber.get(s.pk, [])]
    deliveries = []
    outbox = OutboxBatch()
    if starts:
        found = _find(follows, min(starts), now)
        items_by_language = {}
        for subscriber in subscribers:
            keys = _wanted(subscriber, by_subscriber.get(subscriber.pk, []), found)
            if not keys:
                continue  # nothing happened: no e-mail
            language = language_or_default(subscriber.language)
            if language not in items_by_language:
                items_by_language[language] = _items_in(language, found, links)
            items = [items_by_language[language][key] for key in keys]
            deliveries.append(
                send_to_subscriber(
                    subscriber,
                    "follows/emails/digest",
                    {
                        "events": [item for item in items if item.kind == "event"],
                        "actions": [item for item in items if item.kind == "action"],
                        "updates": [item for item in items if item.kind == "update"],
                        "ideas": [item for item in items if item.kind == "idea"],
                        "count": len(items),
                    },
                    scope="follows",
                    kind=Delivery.Kind.DIGEST,
                    items=keys,
                    from_email=from_email,
                    subject="digest",
                    outbox=outbox,
                )
            )
    outbox.store()
    Delivery.objects.bulk_create(deliveries)
    Subscriber.objects.filter(pk__in=[subscriber.pk for subscriber in subscribers]).update(digest_sent_until=now)
    return len(deliveries)
