"""Governance pages, news, minutes, resources and the site-wide settings."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageLogEntry, TranslatableMixin
from wagtail.search import index

from . import layout
from .blocks import BaseStreamBlock
from .charts import network_charts
from .feeds import NewsFeed
from .queries import CachedViewRestrictionsMixin, PublicPageManager
from .text_search import french_order, matches

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE, *, count=None):
    """A page of results from ?page=, forgiving of odd values. `count`: the number of
    results, when the caller already knows it (then nothing is counted)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached property of Paginator: given, it is not computed
    return paginator.get_page(request.GET.get("page"))


# --- Snippets ------------------------------------------------------------------------


class Theme(TranslatableMixin, models.Model):
    """A theme of citizen participation, shared by members, resources, roadmap and events."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class GovernanceBody(TranslatableMixin, ClusterableModel):
    """A body of the network (steering committee, working group…) and who sits on it.
    Names are free text: no account, no personal data beyond what the body publishes."""

    name = models.CharField(_("name"), max_length=255)
    mission = RichTextField(_("mission"), features=["bold", "italic", "link", "ol", "ul"], blank=True)
    meets = models.CharField(
        _("meetings"), max_length=255, blank=True, help_text=_("For instance: every two months, in Angers or remote.")
    )

    panels = [FieldPanel("name"), FieldPanel("mission"), FieldPanel("meets"), InlinePanel("seats", label=_("Members"))]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GovernanceBodySeat(Orderable):
    body = ParentalKey(GovernanceBody, on_delete=models.CASCADE, related_name="seats")
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    term = models.CharField(_("term"), max_length=100, blank=True, help_text=_("For instance: 2026–2028."))

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("term")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("member of the body")
        verbose_name_plural = _("members of the body")


class Resource(TranslatableMixin, index.Indexed, models.Model):
    """A shared tool: a document or a link, filed under a theme."""

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="resources")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("link"), blank=True, help_text=_("Used when there is no document."))
    published_on = models.DateField(_("published on"), default=timezone.localdate)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("theme"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("url")], heading=_("Document or link")),
        FieldPanel("published_on"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "title"]

    def __str__(self):
        return self.title

    @property
    def link(self):
        return self.document.url if self.document_id else self.url

    def clean(self):
        if not self.document_id and not self.url:
            raise ValidationError({"url": _("Choose a document or give a link.")})


# --- Site settings -------------------------------------------------------------------


@register_setting(icon="cog")
class NetworkSettings(BaseSiteSetting, ClusterableModel):
    """What staff change without a developer: contact details, footer, e-mail, retention."""

    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    staff_email = models.EmailField(
        _("staff notification e-mail"), blank=True, help_text=_("Receives new applications and proposals.")
    )
    email_sender = models.CharField(
        _("sender of e-mails"),
        max_length=255,
        blank=True,
        help_text=_("For instance: Réseau citoyenneté <contact@example.org>."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention of registrants' data (months)"),
        default=6,
        help_text=_("Personal data of event registrants is anonymised this many months after the event."),
    )
    legal_page = models.ForeignKey(
        Page, verbose_name=_("legal notice page"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        Page, verbose_name=_("privacy page"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accessibility_page = models.ForeignKey(
        Page,
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("postal_address")],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("staff_email"), FieldPanel("email_sender")], heading=_("E-mail")),
        FieldPanel("retention_months"),
        MultiFieldPanel(
            [FieldPanel("legal_page"), FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading=_("Legal pages"),
        ),
        InlinePanel("footer_links", label=_("Footer links")),
        InlinePanel("social_links", label=_("Social networks")),
    ]

    class Meta:
        verbose_name = _("network settings")
        permissions = [("manage_personal_data", _("Can export and erase personal data (RGPD)"))]

    @property
    def from_email(self):
        return self.email_sender or settings.DEFAULT_FROM_EMAIL


class FooterLink(Orderable):
    setting = ParentalKey(NetworkSettings, on_delete=models.CASCADE, related_name="footer_links")
    label = models.CharField(_("label"), max_length=100)
    page = models.ForeignKey(
        Page, verbose_name=_("page"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("or address"), blank=True)

    panels = [FieldPanel("label"), FieldPanel("page"), FieldPanel("url")]

    @property
    def href(self):
        return self.page.localized.url if self.page_id else self.url


class SocialLink(Orderable):
    setting = ParentalKey(NetworkSettings, on_delete=models.CASCADE, related_name="social_links")
    label = models.CharField(_("network name"), max_length=100)
    url = models.URLField(_("address"))

    panels = [FieldPanel("label"), FieldPanel("url")]


# --- Pages -----------------------------------------------------------------------------


class HomePage(CachedViewRestrictionsMixin, Page):
    """The root of each language's tree: what the network is, live figures, what is next."""

    intro = models.TextField(_("introduction"), help_text=_("One or two sentences that say what the network is."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail looks each level of the path up by its slug, then reads its specific row.
        Here the site's live pages (their paths below this home, ids and types) come from
        the layout's cache, which publishing, unpublishing, moving, renaming or deleting a
        page moves on. Walking down the path as Wagtail does, the first routable page whose
        own routes take the rest of the path, else the deepest live page, is read in one
        query (with what its model's `routing_queryset()` adds) and routes the rest itself
        (its `@path` routes, or a child not in the map yet). Anything else goes Wagtail's way."""
        pages = layout.shared(f"home-pages:{self.pk}", self._live_pages) if path_components else {}
        found = None
        for depth in range(1, len(path_components) + 1):
            entry = pages.get("/".join(path_components[:depth]))
            if entry is None:
                break
            model = ContentType.objects.get_for_id(entry[1]).model_class()
            found = depth, entry[0], model
            if depth < len(path_components) and _own_route(model, path_components[depth:]):
                break
        if found is not None:
            depth, pk, model = found
            queryset = model.routing_queryset() if hasattr(model, "routing_queryset") else model.objects
            # By primary key: no ORDER BY for the ORM to build (`.first()` would add one).
            page = next(iter(queryset.filter(pk=pk)), None)
            if page is not None:
                return page.route(request, path_components[depth:])
        return super().route(request, path_components)

    def _live_pages(self):
        """{path below this home: (id, content type id)} of its live descendants."""
        start = len(self.url_path)
        return {
            url_path[start:].strip("/"): (pk, type_id)
            for url_path, pk, type_id in self.get_descendants().live().values_list("url_path", "pk", "content_type_id")
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["key_figures"] = home_key_figures(request, self)
        # Called by the template only when its fragment is not cached (home_page.html).
        context["home_sections"] = lambda: home_sections(request, self)
        context["latest_news"] = (
            NewsPage.objects.live().public().filter(locale_id=self.locale_id).order_by("-date", "-pk")[:3]
        )
        return context


def _own_route(model, path_components):
    """Whether a routable page of this model takes the path itself (its routes come before
    its children in Wagtail's routing)."""
    if not issubclass(model, RoutablePageMixin):
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(path_components) + "/")
    except Http404:
        return False
    return True


def home_key_figures(request, page):
    """Live figures from every app: each `register_home_key_figures` hook returns a list
    of dicts with `value`, `label` and optionally `url`."""
    figures = []
    for fn in hooks.get_hooks("register_home_key_figures"):
        figures.extend(fn(request, page))
    return figures


def home_sections(request, page):
    """Blocks of the home page that other apps contribute (next events, roadmap…): each
    `register_home_sections` hook returns a list of (template_name, context) pairs."""
    sections = []
    for fn in hooks.get_hooks("register_home_sections"):
        sections.extend(fn(request, page))
    return sections


class ContentPage(CachedViewRestrictionsMixin, Page):
    """A governance page: charter, bodies, how to join, legal notice, privacy, accessibility."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    show_publication_history = models.BooleanField(
        _("show publication history"),
        default=False,
        help_text=_("Lists each publication with its date and summary (for the charter, for instance)."),
    )
    change_summary = models.CharField(
        _("what changed in this version"),
        max_length=255,
        blank=True,
        help_text=_("Shown in the publication history when this version is published."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([FieldPanel("show_publication_history"), FieldPanel("change_summary")], heading=_("History"))
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage", "home.MinutesIndexPage", "home.ResourceIndexPage", "home.NetworkFiguresPage"]
    template = "home/content_page.html"

    class Meta:
        verbose_name = _("content page")

    def publication_history(self):
        """Each published version, newest first: its date and the editor's summary."""
        entries = (
            PageLogEntry.objects.filter(page=self, action="wagtail.publish")
            .select_related("revision")
            .order_by("-timestamp")
        )
        history = []
        for entry in entries:
            content = entry.revision.content if entry.revision_id else {}
            history.append({"date": entry.timestamp, "summary": content.get("change_summary", "")})
        return history

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().public().specific().order_by("path")
        if self.show_publication_history:
            context["publication_history"] = self.publication_history()
        return context


class NewsIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    template = "home/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def news(self):
        return NewsPage.objects.live().public().child_of(self).select_related("image").order_by("-date", "-pk")

    @path("")
    def index_route(self, request):
        return self.render(request, context_overrides={"news_page": paginate(request, self.news())})

    @path("rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self)(request)


class NewsPage(CachedViewRestrictionsMixin, Page):
    objects = PublicPageManager()

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), help_text=_("Shown in lists and in the RSS feed."))
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    template = "home/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class MinutesIndexPage(CachedViewRestrictionsMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.MinutesPage"]
    template = "home/minutes_index_page.html"

    class Meta:
        verbose_name = _("minutes index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        minutes = MinutesPage.objects.live().public().child_of(self).select_related("body").order_by("-date", "-pk")
        context["minutes_page"] = paginate(request, minutes)
        return context


class MinutesPage(CachedViewRestrictionsMixin, Page):
    """Comptes rendus: what a body decided, when, where, with whom."""

    objects = PublicPageManager()

    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("governing body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes",
    )
    date = models.DateField(_("date of the meeting"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    remote = models.BooleanField(_("held remotely"), default=False)
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Names and roles as free text, as published in the minutes.")
    )
    decisions = RichTextField(_("decisions"), features=["bold", "italic", "link", "ol", "ul"], blank=True)
    content = StreamField(BaseStreamBlock(), verbose_name=_("minutes"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("place"), FieldPanel("remote")]),
        FieldPanel("participants"),
        FieldPanel("decisions"),
        FieldPanel("content"),
    ]
    search_fields = Page.search_fields + [index.SearchField("decisions"), index.SearchField("content")]
    parent_page_types = ["home.MinutesIndexPage"]
    subpage_types = []
    template = "home/minutes_page.html"

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")


class ResourceIndexPage(CachedViewRestrictionsMixin, Page):
    """The resources library: documents and links by theme."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    template = "home/resource_index_page.html"

    class Meta:
        verbose_name = _("resources library")

    @cached_property
    def themes(self):
        return Theme.objects.filter(locale_id=self.locale_id).order_by(*french_order("name"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources = Resource.objects.filter(locale_id=self.locale_id).select_related("theme", "document")
        selected_theme = request.GET.get("theme", "")
        if selected_theme:
            resources = resources.filter(theme__slug=selected_theme)
        query = request.GET.get("q", "").strip()[:200]
        if query:
            resources = resources.filter(matches(query, "title", "description", "theme__name"))
        context.update(
            resources_page=paginate(request, resources),
            themes=self.themes,
            selected_theme=selected_theme,
            query=query,
        )
        return context


# --- Residents' contributions: pre-moderation and reports ---------------------------


class Publication(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by the moderators")


class PreModerated(models.Model):
    """Abstract base of any public text a resident writes (roadmap proposals, ideas of
    calls…): it is shown only once staff approve it, and staff can hide it again with a
    reason. The rules are in `home.contributions`."""

    publication = models.CharField(
        _("publication"), max_length=20, choices=Publication.choices, default=Publication.PENDING, db_index=True
    )
    moderated_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.publication == Publication.PUBLISHED


class ContentReport(models.Model):
    """A visitor's report of a public contribution ("report this content"), waiting in
    the staff's queue until they keep or hide the content."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("To review")
        KEPT = "kept", _("Content kept")
        HIDDEN = "hidden", _("Content hidden")

    kind = models.CharField(_("kind of content"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("content id"))
    content_title = models.CharField(_("content"), max_length=255)
    reason = models.TextField(_("reason"), max_length=2000)
    email = models.EmailField(_("e-mail of the reporter"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("content report")
        verbose_name_plural = _("content reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return self.content_title


class NetworkFiguresPage(CachedViewRestrictionsMixin, Page):
    """ "Le réseau en chiffres": the staff dashboard's charts for everyone — registrations,
    fill rates, members by kind and territory, roadmap progress — as accessible SVG with
    their data tables (home/charts.py). Computed on each view (the page cache keeps it a
    few minutes); never any personal data."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "home/network_figures_page.html"

    class Meta:
        verbose_name = _("network in figures page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["charts"] = network_charts(request, public=True)
        return context
