"""Calls for ideas and projects (appels à idées / à projets): staff open a call, residents
(confirmed e-mail, no account) and members submit ideas, published after staff review;
anyone supports an idea once; after the deadline staff shortlist and select with a public
reason; a selected idea becomes a roadmap action or an activity of an event. The rules
are in `roadmap.services.calls`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .models import ResidentContribution


class Call(TranslatableMixin, models.Model):
    """A call for ideas or projects, in the roadmap's language (editors translate its
    texts with wagtail-localize; ideas belong to the call in the default language)."""

    class Kind(models.TextChoices):
        IDEAS = "ideas", _("Call for ideas")
        PROJECTS = "projects", _("Call for projects")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IDEAS)
    title = models.CharField(_("topic"), max_length=255)
    description = models.TextField(_("description"))
    rules = models.TextField(_("rules"), blank=True, help_text=_("Who may take part, how ideas are chosen."))
    deadline = models.DateTimeField(_("deadline for ideas"))
    theme = models.ForeignKey(
        "home.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commune = models.ForeignKey(
        "members.Commune",
        verbose_name=_("territory (commune)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "workshops.EventPage",
        verbose_name=_("event it prepares"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls_for_ideas",
        help_text=_("For instance the next citizen day: selected ideas can become its activities."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("rules"),
        FieldPanel("deadline"),
        MultiFieldPanel([FieldPanel("theme"), FieldPanel("commune"), FieldPanel("event")], heading=_("Scope")),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("rules"),
        SynchronizedField("kind"),
        SynchronizedField("deadline"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("call for ideas")
        verbose_name_plural = _("calls for ideas")
        ordering = ["-deadline", "-pk"]

    def __str__(self):
        return self.title

    def state(self, now=None):
        """'open' (ideas accepted), 'review' (deadline passed, selection under way) or
        'results' (the selection is published)."""
        if self.results_published_at:
            return "results"
        return "open" if (now or timezone.now()) < self.deadline else "review"

    def get_state_display(self):
        return {"open": _("Open"), "review": _("Under review"), "results": _("Results")}[self.state()]


class Idea(ResidentContribution):
    """An idea submitted to a call by a resident (confirmed e-mail) or a member. It is
    public only once staff publish it, and can be reported and hidden like every
    resident's text (`home.contributions`, registered in `roadmap.apps`)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    class Selection(models.TextChoices):
        NONE = "", _("Not decided")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("submitted by member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    notify = models.BooleanField(_("told of the results"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    selection = models.CharField(_("selection"), max_length=20, choices=Selection.choices, blank=True, default="")
    selection_reason = models.TextField(_("public reason of the decision"), blank=True)
    action = models.OneToOneField(
        "roadmap.Action",
        verbose_name=_("resulting action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_idea",
    )
    activity = models.OneToOneField(
        "workshops.Activity",
        verbose_name=_("resulting activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_idea",
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    panels = [FieldPanel("title"), FieldPanel("description"), FieldRowPanel([FieldPanel("call")])]

    class Meta(ResidentContribution.Meta):
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_undecided(self):
        return self.selection in (self.Selection.NONE, self.Selection.SHORTLISTED)


class IdeaSupport(models.Model):
    """One person's support of a published idea; a resident's counts once the e-mail
    link is opened. Identities are never shown."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    notify = models.BooleanField(_("told of the results"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support of an idea")
        verbose_name_plural = _("supports of ideas")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False, email="") | (Q(member__isnull=True) & ~Q(email=""))),
                name="roadmap_ideasupport_one_supporter",
            ),
            models.UniqueConstraint(
                fields=["idea", "email"], condition=~Q(email=""), name="roadmap_ideasupport_once_per_email"
            ),
            models.UniqueConstraint(
                fields=["idea", "member"], condition=Q(member__isnull=False), name="roadmap_ideasupport_once_per_member"
            ),
        ]

    def __str__(self):
        return str(self.idea)
