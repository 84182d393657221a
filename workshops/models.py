"""Citizen days and remote workshops: the agenda, events, their activities and the
registrations residents make without an account.

The rules that change a registration's state live in `workshops.registration`; the
models only describe the data and answer read-only questions."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.widgets import SearchableCheckboxes


class EventIndexPage(RoutablePageMixin, Page):
    """The agenda: upcoming events with filters, an archive and an iCalendar feed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["workshops.EventPage"]
    template = "workshops/event_index_page.html"

    class Meta:
        verbose_name = _("agenda")

    def events(self):
        return (
            EventPage.objects.live()
            .public()
            .child_of(self)
            .select_related("commune", "locale")
            .defer("commune__contour")
            .prefetch_related("themes")
            .order_by("start", "pk")
        )

    def upcoming_events(self):
        return self.events().filter(end__gt=timezone.now())

    def past_events(self):
        return self.events().filter(end__lte=timezone.now()).order_by("-start", "-pk")

    @path("")
    def upcoming_route(self, request):
        from .views import agenda

        return agenda(request, self, archive=False)

    @path("archive/", name="archive")
    def archive_route(self, request):
        from .views import agenda

        return agenda(request, self, archive=True)

    @path("ical/", name="feed")
    def feed_route(self, request):
        from .views import agenda_feed

        return agenda_feed(request, self)


class EventPageForm(WagtailAdminPageForm):
    """Themes in the event's language only; members (hosts) by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or (self.parent_page.locale_id if self.parent_page else None)
        if "themes" in self.fields and locale_id:
            self.fields["themes"].queryset = self.fields["themes"].queryset.filter(locale_id=locale_id).order_by("name")
        if "host_members" in self.fields:
            self.fields["host_members"].queryset = self.fields["host_members"].queryset.order_by("name")


class EventPage(RoutablePageMixin, Page):
    class Kind(models.TextChoices):
        CITIZEN_DAY = "citizen_day", _("Citizen day")
        REMOTE_WORKSHOP = "remote_workshop", _("Remote workshop")

    base_form_class = EventPageForm

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN_DAY)
    intro = models.TextField(_("summary"), help_text=_("Shown in the agenda and in calendars."))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place_name = models.CharField(_("place"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "members.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    host_members = ParentalManyToManyField(
        "members.Member",
        verbose_name=_("hosted by"),
        blank=True,
        related_name="hosted_events",
        limit_choices_to={"status": "approved"},
    )
    themes = ParentalManyToManyField("home.Theme", verbose_name=_("themes"), blank=True, related_name="events")
    programme = StreamField(BaseStreamBlock(), verbose_name=_("programme"), blank=True)
    accessibility = models.TextField(
        _("accessibility"), blank=True, help_text=_("Access for wheelchairs, hearing loop, sign language, transport…")
    )
    # Registration settings
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the event starts."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("For a remote workshop (or an event without activities): the number of seats."),
    )
    has_waitlist = models.BooleanField(_("waiting list"), default=True)
    max_party_size = models.PositiveSmallIntegerField(_("maximum party size"), default=4)
    reminder_days = models.PositiveSmallIntegerField(_("reminder (days before)"), default=2)
    offer_window_hours = models.PositiveSmallIntegerField(
        _("offer window (hours)"),
        default=48,
        help_text=_("Time to accept a freed seat; shortened automatically close to the event."),
    )
    video_link = models.URLField(
        _("video meeting link"),
        blank=True,
        help_text=_("Private: only sent to confirmed participants (personal page, e-mail, calendar)."),
    )
    cancelled = models.BooleanField(_("event cancelled"), default=False)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [FieldPanel("place_name"), FieldPanel("address"), FieldPanel("commune"), FieldPanel("video_link")],
            heading=_("Place"),
        ),
        FieldPanel("host_members", widget=SearchableCheckboxes),
        FieldPanel("themes", widget=SearchableCheckboxes),
        FieldPanel("programme"),
        FieldPanel("accessibility"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_party_size"), FieldPanel("has_waitlist")]),
                FieldRowPanel([FieldPanel("reminder_days"), FieldPanel("offer_window_hours")]),
                FieldPanel("cancelled"),
            ],
            heading=_("Registration"),
        ),
        InlinePanel("activities", label=_("Activities")),
    ]
    # The video link is deliberately absent from the search index.
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("programme")]

    parent_page_types = ["workshops.EventIndexPage"]
    subpage_types = []
    template = "workshops/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must come after the start.")})
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            raise ValidationError({"registration_closes": _("Registration must close after it opens.")})
        if self.max_party_size < 1:
            raise ValidationError({"max_party_size": _("At least one person.")})

    @property
    def is_remote(self):
        return self.kind == self.Kind.REMOTE_WORKSHOP

    @property
    def is_past(self):
        return self.end <= timezone.now()

    @cached_property
    def registration_event(self):
        """The page registrations and capacity belong to: the one in the default language
        (translations share its seats)."""
        if self.locale_id == default_locale().pk:
            return self
        original = (
            EventPage.objects.filter(translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE)
            .select_related("locale")
            .first()
        )
        return original or self

    def registration_closes_at(self):
        return self.registration_closes or self.start

    def registration_state(self, now=None):
        """'open', 'not_yet', 'closed', 'past' or 'cancelled'."""
        now = now or timezone.now()
        if self.cancelled:
            return "cancelled"
        if self.end <= now or self.start <= now:
            return "past"
        if self.registration_opens and now < self.registration_opens:
            return "not_yet"
        if now >= self.registration_closes_at():
            return "closed"
        return "open"

    def offer_window(self, now=None):
        """How long a freed seat is held: the configured window, shortened to half the time
        left before the event (at least one hour) when the event is close."""
        now = now or timezone.now()
        window = timedelta(hours=self.offer_window_hours)
        time_left = max(self.start - now, timedelta(0))
        if time_left < window * 2:
            window = max(time_left / 2, timedelta(hours=1))
        # Never beyond the start of the event.
        return min(window, time_left)

    def compute_schedule_fingerprint(self):
        return "|".join(
            [self.start.isoformat(), self.end.isoformat(), self.place_name, self.address, str(self.cancelled)]
        )

    @path("")
    def event_route(self, request):
        from .views import event_detail

        return event_detail(request, self)

    @path("ical/", name="ics")
    def ics_route(self, request):
        from .views import event_ics

        return event_ics(request, self)

    def localized_activities(self):
        """Activities in the page's language, keyed by translation key."""
        return {activity.translation_key: activity for activity in self.activities.all()}


class Activity(TranslatableMixin, Orderable):
    """A chantier or atelier of a citizen day, with its own capacity."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    team_leader = models.CharField(_("team leader"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("seats"))

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("team_leader"), FieldPanel("capacity")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must come after the start.")})

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def holding_seats(self):
        return self.filter(status__in=Registration.SEAT_STATUSES)


class Registration(models.Model):
    """A resident's registration (no account): who, how many, which activities."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer expired")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    SEAT_STATUSES = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities"), blank=True, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("e-mail"))
    commune = models.ForeignKey(
        "members.Commune", verbose_name=_("commune of residence"), null=True, blank=True, on_delete=models.SET_NULL
    )
    party_size = models.PositiveSmallIntegerField(_("party size"), default=1)
    needs = models.TextField(_("accessibility needs or remarks"), blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    attended = models.BooleanField(_("attended"), default=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_for = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["confirmed", "waitlisted", "offered"]),
                name="workshops_one_active_registration_per_email",
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="workshops_party_size_positive"),
        ]

    def __str__(self):
        return f"{self.name} — {self.event.title}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def holds_seats(self):
        return self.status in self.SEAT_STATUSES

    def personal_url(self):
        from django.urls import reverse
        from django.utils import translation

        from .tokens import make_token

        with translation.override(self.language):
            return reverse("workshops:registration", kwargs={"token": make_token(self)})

    def absolute_personal_url(self):
        from home.services import absolute_url

        return absolute_url(self.personal_url())


def seats_taken(event, activities=None):
    """Seats held (confirmed + offered) per capacity unit: {activity_pk: n} or {None: n}."""
    registrations = Registration.objects.filter(event=event).holding_seats()
    if activities:
        rows = (
            Registration.activities.through.objects.filter(
                activity_id__in=[a.pk for a in activities], registration__in=registrations
            )
            .values("activity_id")
            .annotate(total=Sum("registration__party_size"))
        )
        taken = {a.pk: 0 for a in activities}
        taken.update({row["activity_id"]: row["total"] or 0 for row in rows})
        return taken
    return {None: registrations.aggregate(total=Sum("party_size"))["total"] or 0}


class CalendarState(models.Model):
    """Calendar bookkeeping kept outside the page (so that publishing an old revision
    never rolls it back): SEQUENCE grows each time the schedule, place or status changes."""

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="calendar_state")
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=500, blank=True)

    def __str__(self):
        return f"{self.event_id}: {self.sequence}"


def calendar_sequence(event):
    state = CalendarState.objects.filter(event_id=event.registration_event.pk).first()
    return state.sequence if state else 0


def default_locale():
    from home.layout import shared

    return shared(f"locale:{settings.LANGUAGE_CODE}", lambda: Locale.objects.get(language_code=settings.LANGUAGE_CODE))
