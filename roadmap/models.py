"""The network's collaborative roadmap: axes, actions and their history, proposals,
supports and member commitments.

The roadmap is kept in the site's default language (French): statuses, progress, owners,
updates, supports and commitments belong to the action in that language. Editors translate
the *text* of axes and actions with wagtail-localize; the other languages show the
translated titles and descriptions over the same data (see `localized_texts`).

`RoadmapPage`'s `@path` routes are the roadmap's public views: they read a form, call
`services`, and render what `queries` reads. `forms`, `queries` and `services` (and the models
of `agenda_models`, `call_models`, `mission_models`) import the models of this module, so this
module imports them at its end, once every model is defined: no cycle, and no import inside a
function. `views.py` keeps the views of `urls.py` (e-mailed links, the member area)."""

from django.conf import settings
from django.contrib import messages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from follows.services import newsletter_opt_in
from home import layout
from home.forms import INVALID_FORM_STATUS, form_status
from home.models import PreModerated
from home.queries import CachedViewRestrictionsMixin, public
from home.ratelimits import over_limit, rate_limited
from home.routes import LocalizedRoutesMixin
from home.services import ServiceError
from home.text_search import SearchText
from home.widgets import SearchableCheckboxes
from members.access import member_for_user


def default_language():
    """The roadmap's language (the site's default), without a query."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class Axis(TranslatableMixin, models.Model):
    """A strategic orientation of the roadmap."""

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Axes are shown from the lowest number to the highest.")
    )

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("sort_order")]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


class ActionQuerySet(models.QuerySet):
    def in_default_locale(self):
        """The roadmap's actions (their translations only carry translated text)."""
        return self.filter(locale__language_code=default_language())


class Action(TranslatableMixin, SearchText, models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    axis = models.ForeignKey(Axis, verbose_name=_("axis"), on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    target_period = models.CharField(
        _("target period"), max_length=100, blank=True, help_text=_("For instance: first half of 2027.")
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    lead_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("lead member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_roadmap_actions",
    )
    contributing_members = models.ManyToManyField(
        "members.Member", verbose_name=_("contributing members"), blank=True, related_name="roadmap_contributions"
    )
    events = models.ManyToManyField(
        "workshops.EventPage",
        verbose_name=_("linked events"),
        blank=True,
        related_name="roadmap_actions",
        help_text=_("Citizen days and workshops that carry this action out."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    # What the roadmap's and the site's search look in (home.text_search.SearchText).
    search_text_fields = ("title", "description")

    panels = [
        FieldPanel("title"),
        FieldPanel("axis"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]), FieldPanel("target_period")],
            heading=_("Progress"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_member"), FieldPanel("contributing_members", widget=SearchableCheckboxes)],
            heading=_("Owners"),
        ),
        FieldPanel("events", widget=SearchableCheckboxes),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("target_period"),
        SynchronizedField("axis"),
        SynchronizedField("status"),
        SynchronizedField("progress"),
        SynchronizedField("lead_member"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["axis__sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="roadmap_action_progress_max_100"),
        ]

    def __str__(self):
        return self.title

    @property
    def canonical(self):
        """This action in the roadmap's language, which holds status, owners and history."""
        language = default_language()
        if self.locale.language_code == language:
            return self
        return (
            Action.objects.filter(translation_key=self.translation_key, locale__language_code=language).first() or self
        )

    @property
    def is_dropped(self):
        return self.status == self.Status.DROPPED


class RoadmapAdminForm(WagtailAdminModelForm):
    """Admin form of the roadmap's records: only the axes and actions of the roadmap's
    language are offered, never their translations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "action" in self.fields:
            self.fields["action"].queryset = Action.objects.in_default_locale()
        if "axis" in self.fields:
            self.fields["axis"].queryset = Axis.objects.filter(locale__language_code=default_language())
        if "events" in self.fields:
            # The events in the roadmap's language only (their translations are the same events).
            self.fields["events"].queryset = (
                self.fields["events"].queryset.filter(locale__language_code=default_language()).order_by("-start")
            )
        if "contributing_members" in self.fields:
            self.fields["contributing_members"].queryset = self.fields["contributing_members"].queryset.order_by("name")
        if "date" in self.fields and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())


Action.base_form_class = RoadmapAdminForm


class ActionUpdate(models.Model):
    """A dated progress note on an action: the action's history."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("progress note"))
    progress = models.PositiveSmallIntegerField(
        _("new progress (%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("new status"), max_length=20, choices=Action.Status.choices, blank=True)
    previous_status = models.CharField(_("previous status"), max_length=20, choices=Action.Status.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    base_form_class = RoadmapAdminForm
    # The previous status and the author are recorded by the service, not typed in.
    panels = [
        FieldPanel("action"),
        FieldPanel("date"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("progress"), FieldPanel("status")]),
    ]

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.action} — {self.date}"

    @property
    def status_changed(self):
        return bool(self.status) and self.status != self.previous_status


class ResidentContribution(PreModerated):
    """Abstract base of a text submitted by a resident (no account: a name and an address
    confirmed by e-mail) or by a member structure (its representatives answer for it):
    proposals and the ideas of calls. Shown once staff publish it (`home.contributions`).
    Each model adds its `member` link (its own name on the member's side)."""

    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta(PreModerated.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def author_label(self):
        """What may be shown publicly: the member's name, never a resident's."""
        return self.member.name if self.member_id else _("A resident")

    def author_addresses(self):
        """Where news of it is e-mailed: the resident's address, or the member's
        representatives' ([] when nobody can be)."""
        if self.member_id is None:
            return [self.email] if self.email else []
        return list(
            self.member.representatives.select_related("user")
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )


class Proposal(ResidentContribution):
    """An action proposed by a resident (confirmed by e-mail) or by a member. A resident's
    proposal is public only once staff publish it (home.contributions); a member's is
    published at once (its representatives answer for it)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        OPEN = "open", _("Open (waiting for moderation)")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    axis = models.ForeignKey(Axis, verbose_name=_("axis"), on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("proposed by member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    action = models.OneToOneField(
        Action,
        verbose_name=_("resulting action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = RoadmapAdminForm

    class Meta(ResidentContribution.Meta):
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Support(models.Model):
    """One person's support of an action or of an open proposal. A resident's support
    counts once the e-mail address is confirmed; identities are never shown."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roadmap_supports",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    notify_updates = models.BooleanField(_("receives updates by e-mail"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(action__isnull=False, proposal__isnull=True) | Q(action__isnull=True, proposal__isnull=False)
                ),
                name="roadmap_support_one_target",
            ),
            models.CheckConstraint(
                condition=(Q(member__isnull=False, email="") | (Q(member__isnull=True) & ~Q(email=""))),
                name="roadmap_support_one_supporter",
            ),
            models.UniqueConstraint(
                fields=["action", "email"],
                condition=Q(action__isnull=False) & ~Q(email=""),
                name="roadmap_support_once_per_email_action",
            ),
            models.UniqueConstraint(
                fields=["action", "member"],
                condition=Q(action__isnull=False, member__isnull=False),
                name="roadmap_support_once_per_member_action",
            ),
            models.UniqueConstraint(
                fields=["proposal", "email"],
                condition=Q(proposal__isnull=False) & ~Q(email=""),
                name="roadmap_support_once_per_email_proposal",
            ),
            models.UniqueConstraint(
                fields=["proposal", "member"],
                condition=Q(proposal__isnull=False, member__isnull=False),
                name="roadmap_support_once_per_member_proposal",
            ),
        ]

    def __str__(self):
        return str(self.action or self.proposal)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Commitment(models.Model):
    """What a member structure brings to an action."""

    class Kind(models.TextChoices):
        HOSTING = "hosting", _("Hosting")
        VOLUNTEERS = "volunteers", _("Volunteers")
        ROOM = "room", _("A room")
        EXPERTISE = "expertise", _("Expertise")
        FUNDING = "funding", _("Funding")
        OTHER = "other", _("Other")

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="commitments")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="roadmap_commitments"
    )
    kind = models.CharField(_("what the member brings"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Hidden commitments are not shown publicly."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    base_form_class = RoadmapAdminForm
    panels = [
        FieldPanel("action"),
        FieldPanel("member"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("hidden"),
    ]

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.member} — {self.action}"


# --- Pages ----------------------------------------------------------------------------


def localized_texts(objects, language):
    """{translation_key: the object's translation in `language`} in one query, so that a
    list shows translated titles over the roadmap's data (missing ones fall back)."""
    objects = list(objects)
    if not objects or language == default_language():
        return {}
    model = type(objects[0])
    return {
        translated.translation_key: translated
        for translated in model.objects.filter(
            translation_key__in={obj.translation_key for obj in objects}, locale__language_code=language
        ).only("translation_key", "title", "description", *(["target_period"] if model is Action else []))
    }


def apply_translations(objects, language):
    """Set `display_title`, `display_description` (and `display_period`) on each object."""
    translations = localized_texts(objects, language)
    for obj in objects:
        source = translations.get(obj.translation_key, obj)
        obj.display_title = source.title
        obj.display_description = source.description
        if isinstance(obj, Action):
            obj.display_period = source.target_period
    return objects


def roadmap_page_for_language(language):
    """The live roadmap page in this language, else in the default one; kept with the shared
    layout (home/layout.py: publishing a page or restricting one moves it on), since every
    event, action and minutes page links to it."""

    def find():
        pages = public(RoadmapPage.objects.live()).select_related("locale")
        return (
            pages.filter(locale__language_code=language).first()
            or pages.filter(locale__language_code=default_language()).first()
        )

    return layout.shared(f"roadmap-page:{language}", find)


class RoadmapPage(CachedViewRestrictionsMixin, LocalizedRoutesMixin, Page):
    """The public roadmap: actions by axis, an action's page with its timeline, the
    proposals, the proposal form and the RSS feed of updates."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "roadmap/roadmap_page.html"
    french_routes = {
        "support_action": "actions/<int:pk>/soutenir/",
        "proposals": "propositions/",
        "proposal": "propositions/<int:pk>/",
        "propose": "proposer/",
        "rss": "mises-a-jour/rss/",
    }

    class Meta:
        verbose_name = _("roadmap page")

    def get_sitemap_urls(self, request=None):
        """The roadmap, its proposals page and every action page."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        urls.append({"location": base + self.reverse_subpage("proposals"), "lastmod": self.last_published_at})
        for pk, updated_at in Action.objects.in_default_locale().values_list("pk", "updated_at"):
            urls.append({"location": base + self.reverse_subpage("action", args=[pk]), "lastmod": updated_at})
        return urls

    # The routes are the views: read the form, call `services`, show what `queries` reads.

    def _subpage_url(self, name, *args):
        return self.url + self.reverse_subpage(name, args=list(args))

    def _render(self, request, template, context, status=200):
        response = self.render(request, template=template, context_overrides=context)
        response.status_code = status
        return response

    @path("")
    def index_route(self, request):
        return self.render(request, context_overrides=queries.roadmap(request, self))

    @path("actions/<int:pk>/", name="action")
    def action_route(self, request, pk):
        return self._action_response(request, queries.action_or_404(pk))

    def _action_response(self, request, action, support_form=None, status=200):
        context = queries.action_page(self, action, member_for_user(request.user))
        if support_form is None and not action.is_dropped:
            support_form = forms.ResidentSupportForm()
        return self._render(request, "roadmap/action_page.html", {**context, "support_form": support_form}, status)

    @path("actions/<int:pk>/support/", name="support_action")
    def support_action_route(self, request, pk):
        if request.method != "POST":
            return redirect(self._subpage_url("action", pk))
        if over_limit(request, "roadmap.support"):
            return rate_limited(request, None)
        action = queries.action_or_404(pk)
        form = forms.ResidentSupportForm(request.POST)
        if form.is_valid():
            try:
                result = services.support(
                    action=action,
                    email=form.cleaned_data["email"],
                    notify=form.cleaned_data.get("notify", False),
                    language=get_language(),
                )
            except services.RoadmapError as error:
                form.add_error("email" if error.code == "already" else None, error.message)
            else:
                newsletter_opt_in(form, "support", get_language())
                messages.success(
                    request,
                    gettext("Thank you! Open the link we have just sent to %(email)s: your support counts once you do.")
                    % {"email": result.support.email},
                )
                return redirect(self._subpage_url("action", pk))
        return self._action_response(request, action, support_form=form, status=form_status(form))

    @path("proposals/", name="proposals")
    def proposals_route(self, request):
        return self.render(request, template="roadmap/proposals_page.html", context_overrides=queries.proposals(self))

    @path("proposals/<int:pk>/", name="proposal")
    def proposal_route(self, request, pk):
        proposal = queries.proposal_or_404(pk)
        form, status = None, 200
        if request.method == "POST":
            if over_limit(request, "roadmap.support"):
                return rate_limited(request, None)
            form = forms.ResidentSupportForm(request.POST, with_notify=False)
            if form.is_valid():
                try:
                    services.support(proposal=proposal, email=form.cleaned_data["email"], language=get_language())
                except services.RoadmapError as error:
                    form.add_error("email" if error.code == "already" else None, error.message)
                else:
                    newsletter_opt_in(form, "support", get_language())
                    messages.success(
                        request,
                        gettext("Thank you! Open the link we have just sent you: your support counts once you do."),
                    )
                    return redirect(self._subpage_url("proposal", pk))
            status = INVALID_FORM_STATUS
        elif proposal.is_open:
            form = forms.ResidentSupportForm(with_notify=False)
        context = queries.proposal_page(self, proposal, member_for_user(request.user))
        context["support_form"] = form if proposal.is_open else None
        return self._render(request, "roadmap/proposal_page.html", context, status)

    @path("propose/", name="propose")
    def propose_route(self, request):
        if over_limit(request, "roadmap.propose"):
            return rate_limited(request, None)
        form = forms.ResidentProposalForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = form.cleaned_data
            services.propose(
                axis=data["axis"],
                title=data["title"],
                description=data["description"],
                name=data["name"],
                email=data["email"],
                language=get_language(),
            )
            newsletter_opt_in(form, "proposal", get_language())
            messages.success(
                request,
                gettext("Thank you! Open the link we have just sent to %(email)s to confirm your proposal.")
                % {"email": data["email"]},
            )
            return redirect(self._subpage_url("proposals"))
        context = {"form": form, "roadmap_url": self.url, "proposals_url": self._subpage_url("proposals")}
        return self._render(request, "roadmap/propose_page.html", context, form_status(form))

    @path("missions/<int:pk>/", name="mission")
    def mission_route(self, request, pk):
        mission = queries.mission_or_404(pk)
        if over_limit(request, "roadmap.volunteer"):
            return rate_limited(request, None)
        state = missions.signup_state(mission)
        form, status = None, 200
        if state == "open":
            form = forms.VolunteerForm(request.POST or None)
            if request.method == "POST":
                status = INVALID_FORM_STATUS
                if form.is_valid():
                    data = form.cleaned_data
                    try:
                        volunteer = missions.sign_up(
                            mission,
                            name=data["name"],
                            email=data["email"],
                            skills=data["skills"],
                            language=get_language(),
                        )
                    except ServiceError as error:
                        if error.code == "busy":
                            return TemplateResponse(
                                request, "workshops/busy.html", {"message": error.message}, status=503
                            )
                        error.add_to_form(form)
                        if error.code == "full":
                            state, status = "full", 409
                    else:
                        messages.success(
                            request, gettext("You are signed up. We have sent you an e-mail with your personal link.")
                        )
                        return redirect(missions.personal_path(volunteer))
        elif request.method == "POST":
            messages.error(request, missions.FULL if state == "full" else missions.CLOSED)
            status = 409
        context = queries.mission_page(self, mission, member_for_user(request.user))
        context.update({"form": form, "signup_state": state})
        return self._render(request, "roadmap/mission_page.html", context, status)

    @path("appels/", name="calls")
    def calls_route(self, request):
        return self.render(request, template="roadmap/calls_page.html", context_overrides=queries.calls(self))

    @path("appels/<int:pk>/", name="call")
    def call_route(self, request, pk):
        call = queries.call_or_404(pk)
        state = call.state()
        member = member_for_user(request.user)
        form, status = None, 200
        if state == "open":
            form = forms.IdeaForm(request.POST or None, member=member)
            if request.method == "POST":
                if over_limit(request, "roadmap.idea"):
                    return rate_limited(request, None)
                status = INVALID_FORM_STATUS
                if form.is_valid():
                    data = form.cleaned_data
                    try:
                        idea = calls.submit_idea(
                            call,
                            title=data["title"],
                            description=data["description"],
                            name=data.get("name", ""),
                            email=data.get("email", ""),
                            member=member,
                            notify=data.get("notify", False),
                            language=get_language(),
                        )
                    except ServiceError as error:
                        error.add_to_form(form)
                    else:
                        if idea.status == Idea.Status.UNCONFIRMED:
                            message = gettext("Thank you! Open the link we have just sent you to confirm your idea.")
                        else:
                            message = gettext("Thank you! Your idea will be published after the team has read it.")
                        messages.success(request, message)
                        return redirect(self._subpage_url("call", call.pk))
        elif request.method == "POST":
            messages.error(request, gettext("This call is closed: its deadline has passed."))
            status = 409
        context = queries.call_page(self, call)
        context.update({"call_state": state, "form": form, "member": member})
        return self._render(request, "roadmap/call_page.html", context, status)

    @path("appels/<int:call_pk>/idees/<int:pk>/", name="idea")
    def idea_route(self, request, call_pk, pk):
        idea = queries.idea_or_404(call_pk, pk)
        member = member_for_user(request.user)
        form, status = None, 200
        if idea.call.state() != "results":
            form = forms.IdeaSupportForm(request.POST or None)
            if request.method == "POST":
                if over_limit(request, "roadmap.idea_support"):
                    return rate_limited(request, None)
                status = INVALID_FORM_STATUS
                if request.POST.get("as_member") and member is not None:
                    try:
                        calls.support_idea(idea, member=member, language=get_language())
                    except ServiceError as error:
                        messages.error(request, error.message)
                    else:
                        messages.success(
                            request, gettext("Thank you: %(name)s supports this idea.") % {"name": member.name}
                        )
                    return redirect(request.path)
                if form.is_valid():
                    try:
                        calls.support_idea(
                            idea,
                            email=form.cleaned_data["email"],
                            notify=form.cleaned_data.get("notify", False),
                            language=get_language(),
                        )
                    except ServiceError as error:
                        error.add_to_form(form)
                    else:
                        messages.success(
                            request,
                            gettext("Thank you! Open the link we have just sent you: your support counts once you do."),
                        )
                        return redirect(request.path)
        elif request.method == "POST":
            status = 409
            messages.error(request, gettext("This idea can no longer be supported."))
        context = queries.idea_page(self, idea, member)
        context["form"] = form
        return self._render(request, "roadmap/idea_page.html", context, status)

    @path("updates/rss/", name="rss")
    def rss_route(self, request):
        return UpdatesFeed(self)(request)


# The agenda of the governing bodies, calls for ideas and volunteer missions live in their own
# modules; then the modules the routes call, which import the models above: they come last.
from . import forms, queries, services  # noqa: E402
from .agenda_models import AgendaItem, ParticipationSettings  # noqa: E402, F401
from .call_models import Call, Idea, IdeaSupport  # noqa: E402, F401
from .feeds import UpdatesFeed  # noqa: E402
from .mission_models import Mission, Volunteer  # noqa: E402, F401
from .services import calls, missions  # noqa: E402
