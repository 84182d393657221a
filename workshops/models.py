"""Citizen days and remote workshops: the agenda, events, their activities and the
registrations residents make without an account.

The rules that change a registration's state live in `workshops.services`; the
models only describe the data and answer read-only questions. The pages' `@path` routes
are their thin views: they read a form, call `services`, read with `queries` and
`self.render(...)`.

Import order, without a cycle and without imports inside functions: `services`,
`forms`, `queries`, `availability`, `calendars` and `tokens` import the models of this
module; this module imports them *at its end*, once every model they use is defined
(the routes only look them up when a request comes). Whichever side Python imports
first, the other finds what it needs.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, IntegerField, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index

from follows.services import newsletter_opt_in
from home.blocks import BaseStreamBlock
from home.forms import INVALID_FORM_STATUS
from home.layout import shared
from home.queries import CachedViewRestrictionsMixin, localized, public
from home.ratelimits import over_limit, rate_limited
from home.routes import LocalizedRoutesMixin
from home.services import absolute_url
from home.text_search import SearchText
from home.widgets import SearchableCheckboxes


def busy(request):
    """The answer to `services.RegistrationBusy` (the lock was not obtained in time): 503,
    "please try again". Shared by the page routes and `views.py`."""
    return TemplateResponse(request, "workshops/busy.html", {"message": services.RegistrationBusy.message}, status=503)


class EventIndexPage(CachedViewRestrictionsMixin, LocalizedRoutesMixin, Page):
    """The agenda: upcoming events with filters, an archive and an iCalendar feed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["workshops.EventPage"]
    template = "workshops/event_index_page.html"
    french_routes = {"archive": "archives/"}

    class Meta:
        verbose_name = _("agenda")

    def events(self):
        return (
            public(EventPage.objects.live().child_of(self))
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
        return self._agenda(request, archive=False)

    @path("archive/", name="archive")
    def archive_route(self, request):
        return self._agenda(request, archive=True)

    def _agenda(self, request, *, archive):
        """The upcoming events (or the archive), filtered by kind, commune, theme, month
        and keywords, a page at a time with each card's seats (or report)."""
        context = queries.agenda(self, request, archive=archive)
        return self.render(request, context_overrides=context)

    @path("ical/", name="feed")
    def feed_route(self, request):
        events = self.upcoming_events().filter(cancelled=False).select_related("calendar_state")[:200]
        content = calendars.feed_calendar(events, self.title, request)
        return calendars.ics_response(content, "agenda.ics")

    @path("reports/rss/", name="reports_feed")
    def reports_feed_route(self, request):
        return queries.ReportsFeed(self)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["network_figures"] = shared("workshops-network-figures", queries.network_figures)
        return context


class EventPageForm(WagtailAdminPageForm):
    """Themes in the event's language only; members (hosts) by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or (self.parent_page.locale_id if self.parent_page else None)
        if "themes" in self.fields and locale_id:
            self.fields["themes"].queryset = self.fields["themes"].queryset.filter(locale_id=locale_id).order_by("name")
        if "host_members" in self.fields:
            self.fields["host_members"].queryset = self.fields["host_members"].queryset.order_by("name")


class EventPage(CachedViewRestrictionsMixin, RoutablePageMixin, SearchText, Page):
    class Kind(models.TextChoices):
        CITIZEN_DAY = "citizen_day", _("Citizen day")
        REMOTE_WORKSHOP = "remote_workshop", _("Remote workshop")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        TRAINING = "training", _("Training")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remote")
        HYBRID = "hybrid", _("Hybrid (in person and remote)")

    base_form_class = EventPageForm
    # What the agenda's and the site's search look in (home.text_search.SearchText).
    search_text_fields = ("title", "intro", "place_name", "commune")

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
    # Network meetings and trainings
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=Format.choices,
        default=Format.IN_PERSON,
        help_text=_("A remote workshop is always remote. A hybrid event counts in-person and remote seats apart."),
    )
    remote_capacity = models.PositiveIntegerField(
        _("remote seats"),
        null=True,
        blank=True,
        help_text=_("For a hybrid event: the seats of remote participants (the seats above are in person)."),
    )
    trainer = models.CharField(_("trainer"), max_length=255, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("format")]),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [FieldPanel("place_name"), FieldPanel("address"), FieldPanel("commune"), FieldPanel("video_link")],
            heading=_("Place"),
        ),
        FieldPanel("host_members", widget=SearchableCheckboxes),
        MultiFieldPanel(
            [FieldPanel("trainer"), FieldPanel("objectives"), FieldPanel("prerequisites")],
            heading=_("Training"),
            classname="collapsed",
        ),
        FieldPanel("themes", widget=SearchableCheckboxes),
        FieldPanel("programme"),
        FieldPanel("accessibility"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("remote_capacity"), FieldPanel("max_party_size")]),
                FieldPanel("has_waitlist"),
                FieldRowPanel([FieldPanel("reminder_days"), FieldPanel("offer_window_hours")]),
                FieldPanel("cancelled"),
            ],
            heading=_("Registration"),
        ),
        InlinePanel("activities", label=_("Activities")),
    ]
    # The video link is deliberately absent from the search index.
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("programme"),
        index.SearchField("objectives"),
        index.SearchField("trainer"),
    ]

    parent_page_types = ["workshops.EventIndexPage"]
    subpage_types = ["workshops.EventReportPage"]
    template = "workshops/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # The agenda's order: a page of the next events is read from this index, not by
        # sorting every upcoming event.
        indexes = [models.Index(fields=["start", "page_ptr"], name="workshops_event_start_idx")]

    @classmethod
    def routing_queryset(cls):
        """How the site's routing reads an event (HomePage.route): with its commune and
        locale, which the page and its registration show."""
        return cls.objects.select_related("commune", "locale").defer("commune__contour")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must come after the start.")})
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            raise ValidationError({"registration_closes": _("Registration must close after it opens.")})
        if self.max_party_size < 1:
            raise ValidationError({"max_party_size": _("At least one person.")})
        if self.is_hybrid and self.remote_capacity is None:
            raise ValidationError({"remote_capacity": _("A hybrid event needs its number of remote seats.")})

    @property
    def is_remote(self):
        """Entirely remote: a remote workshop, or a meeting or training held remotely."""
        return self.kind == self.Kind.REMOTE_WORKSHOP or (
            self.kind != self.Kind.CITIZEN_DAY and self.format == self.Format.REMOTE
        )

    @property
    def is_hybrid(self):
        return self.kind in (self.Kind.NETWORK_MEETING, self.Kind.TRAINING) and self.format == self.Format.HYBRID

    @property
    def gives_certificates(self):
        return self.kind in (self.Kind.NETWORK_MEETING, self.Kind.TRAINING)

    def capacity_for(self, attendance=""):
        """Seats of one attendance mode: a hybrid event's remote seats, else `capacity`."""
        if self.is_hybrid and attendance == Registration.Attendance.REMOTE:
            return self.remote_capacity
        return self.capacity

    def has_video_link_for(self, registration):
        """The video link rules of remote workshops: only confirmed participants who attend
        remotely (every participant of a remote event, the remote ones of a hybrid event)."""
        if registration.status != Registration.Status.CONFIRMED or not self.registration_event.video_link:
            return False
        return self.is_remote or (self.is_hybrid and registration.attendance == Registration.Attendance.REMOTE)

    def live_report(self):
        return EventReportPage.objects.live().public().child_of(self).first()

    @property
    def is_past(self):
        return self.end <= timezone.now()

    @cached_property
    def registration_event(self):
        """The page registrations and capacity belong to: the one in the default language
        (translations share its seats)."""
        if self._meta.get_field("locale").is_cached(self):  # read with the page (the agenda's routing)
            if self.locale.language_code == settings.LANGUAGE_CODE:
                return self
        elif self.locale_id == default_locale().pk:
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
        """The event, its seats and, while registration is open, the registration form
        (GET shows it, POST registers through `services.register_for_event`). A POST reads
        no seats before registering (the service decides under the lock): only a page shown
        again reads them."""
        if over_limit(request, "workshops.register"):
            return rate_limited(request, None)
        event = self.registration_event
        # The activities are read once, for the page and for the form.
        event_activities = list(event.activities.all())
        state = event.registration_state()
        form = None
        show_resend_links = False
        if state == "open" and request.method == "POST":
            form = forms.RegistrationForm(request.POST, event=event, page=self, activities=event_activities)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    registration = services.register_for_event(
                        event,
                        name=data["name"],
                        email=data["email"],
                        party_size=data["party_size"],
                        activities=data.get("activities") or (),
                        commune=data.get("commune"),
                        needs=data.get("needs", ""),
                        language=get_language(),
                        attendance=data.get("attendance", ""),
                        organisation=data.get("organisation", ""),
                        sector=data.get("sector", ""),
                        listed_in_report=data.get("listed_in_report", False),
                        when_full=data.get("when_full") or services.WhenFull.WAIT_FOR_ALL,
                    )
                except services.RegistrationBusy:
                    return busy(request)
                except services.RegistrationError as error:
                    form.add_error(error.field, error.message)
                    show_resend_links = isinstance(error, services.AlreadyRegistered)
                else:
                    newsletter_opt_in(form, "registration", get_language(), commune=data.get("commune"))
                    messages.add_message(request, *_registered_message(registration, data.get("activities") or ()))
                    return redirect(registration.personal_url())
        elif request.method == "POST":
            messages.error(request, services.RegistrationClosed.message)
        seats = availability.availability_for([self], activities=event_activities)[self.pk]
        if state == "open" and services.is_full(event, seats=seats):
            state = "full"
            if request.method == "POST":
                # The form is not shown on a full event: say why the registration was refused.
                messages.error(request, services.EventFull.message)
                form = None
        if state == "open" and form is None:
            form = forms.RegistrationForm(event=event, page=self, activities=event_activities, seats=seats)
        activities = event_activities if self.pk == event.pk else list(self.activities.all())
        for activity in activities:
            activity.seats = seats["activities"].get(activity.translation_key)
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "show_resend_links": show_resend_links,
                "registration_state": state,
                "seats": seats,
                "activities": activities,
                "hosts": self.host_members.all(),
                "themes": localized(self.themes.all()),
                "report": self.live_report() if self.is_past else None,
            },
        )
        if request.method == "POST":
            # Not registered (the form's messages, or the page says why): a refused
            # submission, as everywhere on the site (README, "How the code is laid out").
            response.status_code = INVALID_FORM_STATUS
        return response

    @path("ical/", name="ics")
    def ics_route(self, request):
        return calendars.ics_response(calendars.event_calendar(self), f"{self.slug}.ics")

    def localized_activities(self):
        """Activities in the page's language, keyed by translation key."""
        return {activity.translation_key: activity for activity in self.activities.all()}


def _registered_message(registration, chosen):
    """What the resident is told after signing up (level, text)."""
    if registration.status == Registration.Status.CONFIRMED and len(chosen) < 2:
        return messages.SUCCESS, gettext("Your registration is confirmed. We have sent you an e-mail.")
    if registration.status == Registration.Status.CONFIRMED:
        if registration.waiting_parts.exists():
            return messages.SUCCESS, gettext(
                "Your registration is confirmed for the activities with seats left, and you are on the waiting "
                "list of the full ones. We have sent you an e-mail."
            )
        if len(chosen) > registration.activities.count():
            return messages.SUCCESS, gettext(
                "Your registration is confirmed for the activities with seats left; the full ones could not be "
                "added. We have sent you an e-mail."
            )
        return messages.SUCCESS, gettext("Your registration is confirmed. We have sent you an e-mail.")
    if chosen:
        return messages.INFO, gettext(
            "One of the activities you chose is full: your registration is on the waiting list. "
            "We have sent you an e-mail."
        )
    return messages.INFO, gettext("The event is full: you are on the waiting list. We have sent you an e-mail.")


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

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remote")

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        OBSERVER = "observer", _("Citizen observer")
        SPEAKER = "speaker", _("Speaker")
        TRAINER = "trainer", _("Trainer")

    class Sector(models.TextChoices):
        COMMUNE = "commune", _("Commune or intercommunality")
        DEPARTMENT = "department", _("Département")
        STATE = "state", _("State or other public body")
        ASSOCIATION = "association", _("Association")
        RESIDENT = "resident", _("Resident")
        OTHER = "other", _("Other")

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
    attendance = models.CharField(
        _("attends"), max_length=20, choices=Attendance.choices, blank=True, help_text=_("For a hybrid event.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    organisation = models.CharField(_("structure"), max_length=255, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    listed_in_report = models.BooleanField(_("listed in the report"), default=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_for = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("waiting part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waiting_parts",
        help_text=_(
            "When a resident chose to register now for the open activities and wait for the full ones: "
            "the registration of the open ones."
        ),
    )

    objects = RegistrationQuerySet.as_manager()

    # Not in Wagtail's reference index: a registration is not content that uses a page, and
    # indexing it queued one task per registration, written inside the event's lock.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["confirmed", "waitlisted", "offered"], part_of__isnull=True),
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
        with translation.override(self.language):
            return reverse("workshops:registration", kwargs={"token": tokens.make_token(self)})

    def absolute_personal_url(self):
        return absolute_url(self.personal_url())


def seats_taken(event, activities=None, attendance=""):
    """Seats held (confirmed + offered, and reserved by pending invitations) per capacity
    unit: {activity_pk: n} or {None: n}; for a hybrid event, of one attendance mode."""
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
    if event.is_hybrid:
        registrations = registrations.filter(attendance=attendance or Registration.Attendance.IN_PERSON)
    # Seats reserved for invited guests are not the public's: counted in the same query
    # (a registration reads this under the event's lock, which should stay short).
    invited = (
        invitations_holding_seats(event, attendance).order_by().values("event_id").annotate(n=Count("pk")).values("n")
    )
    zero = Value(0, output_field=IntegerField())
    held = registrations.aggregate(
        total=Coalesce(Sum("party_size"), zero, output_field=IntegerField())
        + Coalesce(Subquery(invited, output_field=IntegerField()), zero)
    )["total"]
    return {None: held}


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
    return shared(f"locale:{settings.LANGUAGE_CODE}", lambda: Locale.objects.get(language_code=settings.LANGUAGE_CODE))


# --- Network life: invitations, date polls, reports, certificates, proposals -------------


def _new_token():
    return secrets.token_urlsafe(32)


def _poll_slug():
    return secrets.token_urlsafe(9)


class Invitation(models.Model):
    """A seat reserved for an invited guest (citizen observer, speaker, trainer): a
    personal, expiring link lets them register into it without an account. While pending
    the invitation holds its seat (the public capacity is what is left); revoked or
    expired, the seat goes back to the public."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    event = models.ForeignKey(EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=20, choices=Registration.Role.choices, default=Registration.Role.OBSERVER
    )
    attendance = models.CharField(
        _("attends"),
        max_length=20,
        choices=Registration.Attendance.choices,
        blank=True,
        help_text=_("For a hybrid event."),
    )
    message = models.TextField(_("personal message"), blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    token = models.CharField(max_length=64, unique=True, editable=False, default=_new_token)
    expires_at = models.DateTimeField(_("link expires at"))
    registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}) — {self.event.title}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def personal_url(self):
        with translation.override(self.language):
            return reverse("workshops:invitation", kwargs={"token": tokens.sign(self.token, "invitation")})


def invitations_holding_seats(event, attendance="", now=None):
    """Pending, unexpired invitations (of one attendance mode for a hybrid event): each holds a seat."""
    invitations = Invitation.objects.filter(
        event_id=event.pk, status=Invitation.Status.PENDING, expires_at__gt=now or timezone.now()
    )
    if event.is_hybrid:
        invitations = invitations.filter(attendance=attendance or Registration.Attendance.IN_PERSON)
    return invitations


def seats_held_by_invitations(event, attendance="", now=None):
    """Seats held by pending, unexpired invitations (of one attendance mode for a hybrid event)."""
    return invitations_holding_seats(event, attendance, now).count()


class DatePoll(ClusterableModel):
    """A "doodle" to fix the date of a meeting or a training: slots proposed by staff (or a
    host member's representatives), answered yes / if need be / no through personal links;
    closed on one slot, it creates the event as a draft."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=255, help_text=_("The title of the event to be created."))
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind of event"), max_length=20, choices=EventPage.Kind.choices, default=EventPage.Kind.NETWORK_MEETING
    )
    agenda = models.ForeignKey(
        EventIndexPage,
        verbose_name=_("agenda"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the event is created. Empty: the agenda in the default language."),
    )
    host_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("host member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="date_polls",
        limit_choices_to={"status": "approved"},
    )
    is_public = models.BooleanField(
        _("public poll"), default=False, help_text=_("Anyone with a confirmed e-mail address may answer.")
    )
    slug = models.SlugField(max_length=32, unique=True, editable=False, default=_poll_slug)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    chosen_slot = models.ForeignKey(
        "PollSlot", verbose_name=_("chosen slot"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(
        EventPage, verbose_name=_("event created"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("host_member")]),
        FieldRowPanel([FieldPanel("agenda"), FieldPanel("is_public")]),
        InlinePanel("slots", label=_("Time slots"), min_num=1),
    ]

    class Meta:
        verbose_name = _("date poll")
        verbose_name_plural = _("date polls")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def public_url(self):
        return reverse("workshops:poll", kwargs={"slug": self.slug})


class PollSlot(Orderable):
    poll = ParentalKey(DatePoll, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")

    def __str__(self):
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must come after the start.")})


class PollRespondent(models.Model):
    """Someone invited to a poll, or who asked to answer a public one (their e-mail is
    confirmed by opening the personal link sent to it)."""

    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="respondents")
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    invited = models.BooleanField(_("invited"), default=False)
    token = models.CharField(max_length=64, unique=True, editable=False, default=_new_token)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("poll respondent")
        verbose_name_plural = _("poll respondents")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "email"], name="workshops_one_respondent_per_email")]

    def __str__(self):
        return f"{self.name} — {self.poll}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def personal_url(self):
        with translation.override(self.language):
            return reverse("workshops:poll_answer", kwargs={"token": tokens.sign(self.token, "poll")})


class PollAnswer(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "if_need_be", _("If need be")
        NO = "no", _("No")

    respondent = models.ForeignKey(PollRespondent, on_delete=models.CASCADE, related_name="answers")
    slot = models.ForeignKey(PollSlot, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(_("answer"), max_length=20, choices=Choice.choices)

    class Meta:
        verbose_name = _("poll answer")
        verbose_name_plural = _("poll answers")
        constraints = [models.UniqueConstraint(fields=["respondent", "slot"], name="workshops_one_answer_per_slot")]

    def __str__(self):
        return f"{self.slot}: {self.get_choice_display()}"


class EventReportForm(WagtailAdminPageForm):
    """A report is for an event that has taken place: refused, with a message, under a
    future event (nothing else typed is lost: the form comes back filled)."""

    def clean(self):
        cleaned = super().clean()
        event = self.parent_page.specific if self.parent_page else None
        if isinstance(event, EventPage) and not event.is_past:
            raise ValidationError(_("A report can only be written once the event has taken place."), code="future")
        return cleaned


class EventReportPage(CachedViewRestrictionsMixin, Page):
    """The compte rendu of a past event: a child page of the event, translatable and
    published through the moderation workflow."""

    summary = models.TextField(_("summary"), help_text=_("Shown on the event page, in the archive and in the feed."))
    objectives = models.TextField(_("objectives"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("what was done"), blank=True)
    decisions = RichTextField(_("decisions"), features=["bold", "italic", "link", "ol", "ul"], blank=True)
    next_steps = RichTextField(_("next steps"), features=["bold", "italic", "link", "ol", "ul"], blank=True)
    show_participants = models.BooleanField(
        _("show the participants list"),
        default=True,
        help_text=_("Only the participants who chose, when registering, to appear in it."),
    )
    actions = ParentalManyToManyField(
        "roadmap.Action", verbose_name=_("roadmap actions this event fed"), blank=True, related_name="event_reports"
    )
    proposals = ParentalManyToManyField(
        "roadmap.Proposal", verbose_name=_("proposals this event fed"), blank=True, related_name="event_reports"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("decisions"),
        FieldPanel("next_steps"),
        FieldPanel("show_participants"),
        MultiFieldPanel([FieldPanel("actions"), FieldPanel("proposals")], heading=_("Roadmap")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("decisions"),
    ]
    parent_page_types = ["workshops.EventPage"]
    subpage_types = []
    template = "workshops/event_report_page.html"
    base_form_class = EventReportForm

    class Meta:
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")

    @cached_property
    def event(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(queries.report_context(self, request))
        return context


class EventFollowUp(models.Model):
    """Bookkeeping after an event, kept outside the page's revisions: when staff were
    reminded to write the report, when its participants were told it is published."""

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="follow_up")
    report_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    report_notice_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return str(self.event_id)


class AttendanceCertificate(models.Model):
    """An attestation de présence. It keeps a copy of what it certifies, so that its
    verification keeps working after the registration's personal data are purged (the
    holder's name is then removed from it)."""

    code = models.CharField(_("verification code"), max_length=16, unique=True, editable=False)
    registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    holder_name = models.CharField(_("holder"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    event_title = models.CharField(_("event"), max_length=255)
    event_kind = models.CharField(_("kind"), max_length=20, choices=EventPage.Kind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return f"{self.code} — {self.event_title}"

    @property
    def duration(self):
        return self.end - self.start

    def verification_url(self):
        return reverse("workshops:certificate_verify", kwargs={"code": self.code})


class EventProposal(models.Model):
    """An event a member's representative proposes for their structure to host; staff
    accept it (a draft event page with the member as host) or decline it with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="event_proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        _("kind of event"), max_length=20, choices=EventPage.Kind.choices, default=EventPage.Kind.CITIZEN_DAY
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place_name = models.CharField(_("place"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "members.Commune", verbose_name=_("commune"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    event = models.ForeignKey(
        EventPage, verbose_name=_("event created"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("event proposal")
        verbose_name_plural = _("event proposals")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


# Last, once every model above is defined: the modules the routes call import them (see the
# module's docstring).
from . import availability, calendars, forms, queries, services, tokens  # noqa: E402
