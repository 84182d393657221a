"""The network's practices library, its competency framework and the "who can help me?" finder.

- `Domain` → `Competency`: the translatable competency framework (snippets). Tags always point
  to the competency in the default language; pages show its translation (`queries.localize`).
  Staff tag resources and events (trainings) on the competency itself, so that neither the
  home nor the workshops models change.
- `Practice`: a field practice (fiche pratique) submitted by a member from the member area,
  reviewed by staff (`services.publish_practice`…), with its revisions and log entries.
- Pages: `PracticeIndexPage` (the library and a practice's page), `CompetencyFrameworkPage`
  (the framework and a page per competency), `FinderPage` ("who can help me?").
  Their `@re_path` routes are the views: they read a form, ask `queries` for what to show and
  `self.render` it.

The modules the routes call (`forms`, `queries`, `services`) import the models of this module,
so this module imports them last, once every model is defined: no cycle, and no import inside a
function.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.models import Page, RevisionMixin, TranslatableMixin
from wagtail.search import index

from home import layout
from home.forms import INVALID_FORM_STATUS
from home.queries import CachedViewRestrictionsMixin, public
from home.text_search import SearchText
from members.queries import active_themes

TEXT_MAX = 5000


class Domain(TranslatableMixin, models.Model):
    """A domain of the competency framework (e.g. "Mobilising residents")."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("competency domain")
        verbose_name_plural = _("competency domains")
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


def default_locale_choices():
    return {"locale__language_code": settings.LANGUAGE_CODE}


class Competency(TranslatableMixin, models.Model):
    """A competency of the framework, with an optional description of its levels. Resources
    and events (trainings) are tagged here; practices and people carry their own tags."""

    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="competencies")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    levels = models.TextField(
        _("levels"), blank=True, max_length=2000, help_text=_("Optional: one level per line, from beginner to expert.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    resources = models.ManyToManyField(
        "home.Resource",
        verbose_name=_("resources"),
        blank=True,
        related_name="competencies",
        limit_choices_to=default_locale_choices,
        help_text=_("Resources of the library that help to build this competency."),
    )
    events = models.ManyToManyField(
        "workshops.EventPage",
        verbose_name=_("trainings and events"),
        blank=True,
        # Not "competencies": that name is left free for a field of the event itself.
        related_name="competency_tags",
        limit_choices_to=default_locale_choices,
        help_text=_("Trainings and other events of the agenda that build this competency."),
    )

    panels = [
        FieldPanel("domain"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("levels"),
        FieldPanel("sort_order"),
        MultiFieldPanel([FieldPanel("resources"), FieldPanel("events")], heading=_("Tagged with this competency")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["domain__sort_order", "sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    @property
    def level_list(self):
        return [line.strip() for line in self.levels.splitlines() if line.strip()]


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED, member__status="approved")

    def in_default_locale(self):
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)


class Practice(TranslatableMixin, RevisionMixin, index.Indexed, SearchText, models.Model):
    """A field practice shared by a member: what was done, with whom, what came of it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Sent back for changes")
        DECLINED = "declined", _("Declined")

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="practices"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    commune = models.ForeignKey(
        "members.Commune",
        verbose_name=_("territory (commune)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        help_text=_("Where it happened; the member's commune when empty."),
    )
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences for the listings."))
    context = models.TextField(_("context"), max_length=TEXT_MAX)
    what_was_done = models.TextField(_("what was done"), max_length=TEXT_MAX)
    participants = models.TextField(_("who took part and who was reached"), max_length=TEXT_MAX, blank=True)
    results = models.TextField(_("results"), max_length=TEXT_MAX, blank=True)
    lessons = models.TextField(_("lessons learned"), max_length=TEXT_MAX, blank=True)
    do_differently = models.TextField(_("what we would do differently"), max_length=TEXT_MAX, blank=True)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    themes = models.ManyToManyField("home.Theme", verbose_name=_("themes"), blank=True, related_name="practices")
    competencies = models.ManyToManyField(
        Competency,
        verbose_name=_("competencies"),
        blank=True,
        related_name="practices",
        limit_choices_to=default_locale_choices,
    )
    contact_people = models.ManyToManyField(
        "members.Person", verbose_name=_("contact people"), blank=True, related_name="practices"
    )
    events = models.ManyToManyField(
        "workshops.EventPage",
        verbose_name=_("linked events"),
        blank=True,
        related_name="practices",
        limit_choices_to=default_locale_choices,
    )
    roadmap_actions = models.ManyToManyField(
        "roadmap.Action",
        verbose_name=_("linked roadmap actions"),
        blank=True,
        related_name="practices",
        limit_choices_to=default_locale_choices,
    )
    review_note = models.TextField(
        _("note of the review"), blank=True, max_length=2000, help_text=_("Why it was sent back or declined.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # What the practices' search looks in (home.text_search.SearchText).
    search_text_fields = ("title", "summary", "what_was_done", "member")

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="practice")

    objects = PracticeQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("member"),
        FieldPanel("commune"),
        FieldPanel("context"),
        FieldPanel("what_was_done"),
        FieldPanel("participants"),
        FieldPanel("results"),
        FieldPanel("lessons"),
        FieldPanel("do_differently"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("document")]),
        FieldPanel("themes"),
        FieldPanel("competencies"),
        FieldPanel("contact_people"),
        FieldPanel("events"),
        FieldPanel("roadmap_actions"),
        FieldPanel("status", read_only=True),
        FieldPanel("review_note", read_only=True),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("what_was_done"),
        index.FilterField("status"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-submitted_at"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        permissions = [("review_practice", _("Can publish, send back or decline practices"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A practice added or edited in the admin gets its slug too.
        if not self.slug and self.title and self.locale_id:
            self.slug = services.unique_practice_slug(self.title, self.locale, exclude=self if self.pk else None)
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def territory(self):
        return self.commune or self.member.seat_commune

    def get_absolute_url(self):
        return PracticeIndexPage.subpage_url("practice", slug=self.slug)


class AppPageMixin:
    """The live page of this type in the active language (else the default one), cached
    in the shared layout until content changes."""

    @classmethod
    def for_active_locale(cls):
        locale = layout.active_locale()

        def build():
            pages = {page.locale_id: page for page in public(cls.objects.live()).select_related("locale")}
            page = pages.get(locale.pk) or next(
                (p for p in pages.values() if p.locale.language_code == settings.LANGUAGE_CODE), None
            )
            return (page.pk, page.get_url() or "") if page is not None else (None, "")

        return layout.shared(f"app-page:{cls._meta.label_lower}:{locale.language_code}", build)

    @classmethod
    def url_for_active_locale(cls):
        return cls.for_active_locale()[1]

    @classmethod
    def subpage_url(cls, name, **kwargs):
        url = cls.url_for_active_locale()
        if not url:
            return ""
        return url + cls().reverse_subpage(name, kwargs=kwargs)


class PracticeIndexPage(CachedViewRestrictionsMixin, AppPageMixin, RoutablePageMixin, Page):
    """The library of practices: a filtered list and each practice's page (`<slug>/`)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "practices/practice_index_page.html"

    class Meta:
        verbose_name = _("practices library")

    @re_path(r"^$")
    def listing(self, request):
        return self.render(request, context_overrides=queries.library(request))

    @re_path(r"^(?P<slug>[-\w]+)/$", name="practice")
    def practice(self, request, slug):
        practice = queries.practice_for_slug(slug[:220])
        if practice is None:
            raise Http404
        return self.render(
            request, template="practices/practice_detail.html", context_overrides=queries.practice_page(practice)
        )


class CompetencyFrameworkPage(CachedViewRestrictionsMixin, AppPageMixin, RoutablePageMixin, Page):
    """The competency framework by domain, and a page per competency (`<slug>/`) listing
    the practices, resources, trainings and people tagged with it."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "practices/competency_framework_page.html"

    class Meta:
        verbose_name = _("competency framework")

    @re_path(r"^$")
    def framework(self, request):
        return self.render(request, context_overrides={"domains": queries.framework()})

    @re_path(r"^(?P<slug>[-\w]+)/$", name="competency")
    def competency(self, request, slug):
        competency = queries.competency_for_slug(slug[:150])
        if competency is None:
            raise Http404
        shown = queries.localized_competency(competency)
        return self.render(
            request,
            template="practices/competency_detail.html",
            context_overrides={
                "competency": shown,
                "title": shown.name,
                "results": queries.competency_page(competency),
            },
        )


class FinderPage(CachedViewRestrictionsMixin, AppPageMixin, RoutablePageMixin, Page):
    """ "Who can help me?": a competency or a theme, a territory, and the practices,
    resources, trainings and people nearest first. A plain GET form, no JavaScript."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "practices/finder_page.html"

    class Meta:
        verbose_name = _('"who can help me?" finder')

    @re_path(r"^$")
    def finder(self, request):
        submitted = any(request.GET.get(name) for name in ("competency", "theme", "territory"))
        form = forms.FinderForm(request.GET if submitted else None, themes=active_themes())
        results = None
        if submitted and form.is_valid():
            results = queries.find_help(
                competency=form.cleaned_data["competency_object"],
                theme=form.cleaned_data["theme_object"],
                territory=form.cleaned_data["territory_object"],
            )
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "results": results,
                "territory": form.cleaned_data.get("territory_object") if results is not None else None,
            },
        )
        if submitted and form.errors:
            response.status_code = INVALID_FORM_STATUS
        return response


# The routes above call these modules, which import the models of this one: they come last.
from . import forms, queries, services  # noqa: E402
