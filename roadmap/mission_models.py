"""Volunteer missions (mobilisation des ressources bénévoles): an action of the roadmap
or an event posts missions — what, when, where, how many volunteers, which skills —
and residents sign up without an account. The rules are in `roadmap.services.missions`; the
capacity guarantee is the one registrations have (`workshops.services`)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class MissionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now(), cancelled=False)

    def with_places_taken(self):
        """Each mission with `places_taken`, the confirmed volunteers, in the same query."""
        return self.annotate(
            places_taken=models.Count("volunteers", filter=Q(volunteers__status="confirmed"), distinct=True)
        )


class Mission(models.Model):
    """A volunteer mission posted by an action or by an event (exactly one of them)."""

    action = models.ForeignKey(
        "roadmap.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="missions",
    )
    event = models.ForeignKey(
        "workshops.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="missions",
    )
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("where"), max_length=255, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("volunteers wanted"), validators=[MinValueValidator(1)], help_text=_("Sign-ups stop when it is reached.")
    )
    skills = models.CharField(_("skills wanted"), max_length=255, blank=True)
    host_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("host member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_missions",
        help_text=_("Its representatives see and export the volunteers in their member area."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MissionQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("action"), FieldPanel("event")], heading=_("Posted by (one of them)")),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("skills")]),
        FieldPanel("host_member"),
        FieldPanel("cancelled"),
    ]

    class Meta:
        verbose_name = _("volunteer mission")
        verbose_name_plural = _("volunteer missions")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, event__isnull=True) | Q(action__isnull=True, event__isnull=False),
                name="roadmap_mission_one_poster",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="roadmap_mission_capacity_positive"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if (self.action_id is None) == (self.event_id is None):
            errors["action"] = _("Choose the action or the event that posts this mission (one of them).")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self):
        return self.end <= timezone.now()

    def capacity_for(self, attendance=""):
        """The places of the mission, for the registrations' capacity rules
        (`workshops.services.fits`), which ask an event for its seats by mode."""
        return self.capacity

    def places_left(self):
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.volunteers.filter(status=Volunteer.Status.CONFIRMED).count()
        return max(self.capacity - taken, 0)


class Volunteer(models.Model):
    """A resident's sign-up for a mission (no account): one place per person."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    mission = models.ForeignKey(Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="volunteers")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    skills = models.TextField(_("skills or in-kind help offered"), blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_for = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "email"],
                condition=Q(status="confirmed"),
                name="roadmap_one_confirmed_volunteer_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.mission}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED
