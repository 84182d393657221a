"""Residents between events: follows by e-mail without an account, the weekly digest and
the network's newsletter (lettre du réseau).

- `Subscriber`: one e-mail address (no account), its language, how often it wants news,
  whether it receives the newsletter. Its `key` signs its personal links; a new key
  makes every old link stop working.
- `Follow`: what an address follows (an action, the roadmap, the agenda — optionally of
  one commune, intercommunality or theme —, an event, a member, a proposal). It starts
  when the address confirms it (double opt-in).
- `Consent`: each consent given, with its date, its exact wording and where it was given.
- `Delivery`: the sending history (notices, digests, newsletters): what went to whom, when.
- `NewsletterIndexPage` (the archive) and `NewsletterPage` (one issue of the newsletter,
  written in Wagtail, previewed as an e-mail, sent to a chosen audience in batches).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from home.models import paginate
from home.queries import CachedViewRestrictionsMixin


def new_key():
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Important changes at once, everything else in a weekly digest")
        NOTICES = "notices", _("Only important changes, no digest")

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    key = models.CharField(max_length=32, default=new_key, editable=False)
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    newsletter = models.BooleanField(_("receives the newsletter"), default=False)
    newsletter_source = models.CharField(_("newsletter consent given on"), max_length=20, blank=True)
    newsletter_opt_out = models.BooleanField(
        _("refuses the newsletter"),
        default=False,
        help_text=_("Unsubscribed from the newsletter: never sent again, also as a member's representative."),
    )
    commune = models.ForeignKey(
        "members.Commune", verbose_name=_("commune"), null=True, blank=True, on_delete=models.SET_NULL
    )
    digest_sent_until = models.DateTimeField(_("digest sent up to"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Follow(models.Model):
    class Kind(models.TextChoices):
        ACTION = "action", _("A roadmap action")
        ROADMAP = "roadmap", _("The whole roadmap")
        AGENDA = "agenda", _("The agenda")
        EVENT = "event", _("An event")
        MEMBER = "member", _("A member")
        PROPOSAL = "proposal", _("A proposal")
        CALL = "call", _("A call for ideas")
        IDEA = "idea", _("An idea of a call")

    # Kinds that name one object (target_id); the others follow a whole listing.
    TARGETED = {Kind.ACTION, Kind.EVENT, Kind.MEMBER, Kind.PROPOSAL, Kind.CALL, Kind.IDEA}

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    commune = models.ForeignKey(
        "members.Commune", verbose_name=_("commune"), null=True, blank=True, on_delete=models.CASCADE
    )
    intercommunality = models.CharField(_("intercommunality"), max_length=255, blank=True)
    theme = models.ForeignKey("home.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.CASCADE)
    # What is followed, as one string ("action:12", "agenda:c=4:i=:t="): one follow each.
    key = models.CharField(max_length=400, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "key"], name="follows_follow_unique"),
        ]
        indexes = [models.Index(fields=["kind", "target_id"])]

    def __str__(self):
        return f"{self.subscriber} → {self.get_kind_display()} {self.target_id or ''}".strip()

    @staticmethod
    def make_key(kind, target_id=None, commune_id=None, intercommunality="", theme_id=None):
        if kind in Follow.TARGETED:
            return f"{kind}:{target_id}"
        if kind == Follow.Kind.AGENDA:
            return f"agenda:c={commune_id or ''}:i={intercommunality or ''}:t={theme_id or ''}"
        return str(kind)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Consent(models.Model):
    class Purpose(models.TextChoices):
        NEWSLETTER = "newsletter", _("The network's newsletter")
        FOLLOW = "follow", _("Follow by e-mail")

    class Source(models.TextChoices):
        FOOTER = "footer", _("Sign-up form in the footer")
        FOLLOW = "follow", _("Follow form")
        MANAGE = "manage", _("Personal page")
        REGISTRATION = "registration", _("Event registration form")
        PROPOSAL = "proposal", _("Proposal form")
        SUPPORT = "support", _("Support form")

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    source = models.CharField(_("given on"), max_length=20, choices=Source.choices)
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=10)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_at", "pk"]

    def __str__(self):
        return f"{self.subscriber} — {self.get_purpose_display()} ({self.given_at:%Y-%m-%d})"


class Delivery(models.Model):
    """One e-mail sent to one address: the sending history (kept for the retention period)."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice of an important change")
        DIGEST = "digest", _("Weekly digest")
        NEWSLETTER = "newsletter", _("Newsletter")

    email = models.EmailField(_("e-mail address"), db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    items = models.JSONField(_("items"), default=list, blank=True)
    newsletter = models.ForeignKey(
        "follows.NewsletterPage",
        verbose_name=_("newsletter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "email"], condition=Q(kind="newsletter"), name="follows_newsletter_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"


# --- The newsletter -------------------------------------------------------------------


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    class Meta:
        icon = "link"
        label = _("Button")
        template = "follows/blocks/button.html"


class NewsletterBlock(blocks.StreamBlock):
    """A small set, that every mail program shows well."""

    heading = blocks.CharBlock(label=_("Heading"), icon="title", max_length=120, template="follows/blocks/heading.html")
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"], template="follows/blocks/paragraph.html"
    )
    image = ImageBlock(label=_("Image"), template="follows/blocks/image.html")
    button = ButtonBlock()


class NewsletterIndexPage(CachedViewRestrictionsMixin, Page):
    """The archive of the newsletter: the issues already sent, newest first."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["follows.NewsletterPage"]
    max_count_per_parent = 1
    template = "follows/newsletter_index_page.html"

    class Meta:
        verbose_name = _("newsletter archive")
        verbose_name_plural = _("newsletter archives")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = NewsletterPage.objects.child_of(self).live().filter(sent_at__isnull=False).order_by("-sent_at")
        context["issues_page"] = paginate(request, issues)
        return context


class NewsletterPage(CachedViewRestrictionsMixin, Page):
    """One issue of the network's newsletter. Publish it (and its translations), then
    send it from the page's "Send" button: a test to yourself, now or at a set time."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Not sent")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    intro = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences: shown in the archive and at the top of the e-mail."),
    )
    body = StreamField(NewsletterBlock(), verbose_name=_("content"), blank=True)
    # Audience (kept on the page in the default language; translations share it)
    to_subscribers = models.BooleanField(_("newsletter subscribers"), default=True)
    to_representatives = models.BooleanField(_("member representatives"), default=False)
    to_participants = models.BooleanField(
        _("past participants who agreed to hear from the network"),
        default=False,
        help_text=_("Already included when all newsletter subscribers are chosen."),
    )
    audience_commune = models.ForeignKey(
        "members.Commune",
        verbose_name=_("only in this commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience_intercommunality = models.CharField(_("only in this intercommunality"), max_length=255, blank=True)
    audience_theme = models.ForeignKey(
        "home.Theme",
        verbose_name=_("only people interested in this theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Applies to member representatives (their structure's themes)."),
    )
    # Sending
    state = models.CharField(_("sending"), max_length=10, choices=State.choices, default=State.DRAFT)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("to_subscribers"), FieldPanel("to_representatives"), FieldPanel("to_participants")]
                ),
                FieldPanel("audience_commune"),
                FieldPanel("audience_intercommunality"),
                FieldPanel("audience_theme"),
                HelpPanel(template="follows/admin/audience_count_panel.html"),
            ],
            heading=_("Audience"),
        ),
    ]
    parent_page_types = ["follows.NewsletterIndexPage"]
    subpage_types = []
    template = "follows/newsletter_page.html"
    preview_modes = [("", _("Web page")), ("email", _("E-mail"))]

    AUDIENCE_FIELDS = (
        "to_subscribers",
        "to_representatives",
        "to_participants",
        "audience_commune",
        "audience_intercommunality",
        "audience_theme",
    )

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    @property
    def is_sent(self):
        return self.state == self.State.SENT

    def serve(self, request, *args, **kwargs):
        # Public once sent: before, only staff see it (preview).
        if self.sent_at is None:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.sent_at else []

    def serve_preview(self, request, mode_name):
        if mode_name == "email":
            from . import newsletter  # imported here: newsletter imports this module

            return HttpResponse(newsletter.preview_html(self))
        return super().serve(request)


def default_language():
    return settings.LANGUAGE_CODE
