import re

from django import forms
from django.core.validators import validate_email
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from follows.forms import NewsletterOptInMixin
from home.forms import BotProtectionMixin, LongSelect, ModelMultipleChoiceField
from members.models import Commune
from members.reference import use_commune_choices

from .models import EventPage, PollAnswer, Registration, seats_taken
from .services import WhenFull


class ListedChoices(ModelChoiceIterator):
    """The choices of the activities the form has already read, without a new query."""

    def __iter__(self):
        for activity in self.field.listed:
            yield self.choice(activity)

    def __len__(self):
        return len(self.field.listed)


class ActivityChoiceField(ModelMultipleChoiceField):
    """Activities of the event, labelled in the page's language with their times and
    the seats left."""

    iterator = ListedChoices

    def __init__(self, *args, listed=(), labels=None, seats_left=None, has_waitlist=True, **kwargs):
        self.listed = listed
        self.has_waitlist = has_waitlist
        self.labels = labels or {}
        self.seats_left = seats_left or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, activity):
        local = self.labels.get(activity.translation_key, activity)
        left = self.seats_left.get(activity.pk, 0)
        times = f"{timezone.localtime(activity.start):%H:%M}–{timezone.localtime(activity.end):%H:%M}"
        if left > 0:
            seats = ngettext("%(count)s seat left", "%(count)s seats left", left) % {"count": left}
        elif self.has_waitlist:
            seats = _("full: waiting list")
        else:
            seats = _("full")
        return f"{local.title} ({times}) — {seats}"


class RegistrationForm(BotProtectionMixin, NewsletterOptInMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send your confirmation and your personal link there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    commune = forms.ModelChoiceField(
        label=_("Your commune of residence (optional)"),
        queryset=Commune.objects.none(),
        required=False,
        widget=LongSelect,
    )
    party_size = forms.TypedChoiceField(label=_("Number of people (you included)"), coerce=int)
    needs = forms.CharField(
        label=_("Accessibility needs or remarks (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organisation = forms.CharField(label=_("Your structure (optional)"), required=False, max_length=255)
    sector = forms.ChoiceField(
        label=_("Your sector (optional)"), required=False, choices=[("", "—")] + Registration.Sector.choices
    )
    listed_in_report = forms.BooleanField(
        label=_("Show my name, structure and sector in the list of participants of the event's public report"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps these details to organise the event; they are anonymised "
            "some months after the event."
        )
    )

    def __init__(self, *args, event: EventPage, page: EventPage, activities=None, seats=None, **kwargs):
        """`activities` (the event's, in the default language) and `seats` (its entry of
        `availability.availability_for`), when the page has read them already."""
        super().__init__(*args, **kwargs)
        self.event = event
        use_commune_choices(self.fields["commune"])
        self.fields["party_size"].choices = [(n, str(n)) for n in range(1, event.max_party_size + 1)]
        if event.is_hybrid:
            self.fields["attendance"] = forms.ChoiceField(
                label=_("I attend"), choices=Registration.Attendance.choices, widget=forms.RadioSelect
            )
            self.order_fields(["name", "email", "commune", "party_size", "attendance"])
        self.activities = activities = list(event.activities.all()) if activities is None else activities
        if activities:
            if seats is None:
                taken = seats_taken(event, activities)
                seats_left = {a.pk: a.capacity - taken[a.pk] for a in activities}
            else:
                seats_left = {a.pk: seats["activities"][a.translation_key]["seats_left"] for a in activities}
            self.fields["activities"] = ActivityChoiceField(
                label=_("Activities"),
                help_text=_("Choose one or more; their times must not overlap."),
                queryset=event.activities.all(),
                listed=activities,
                widget=forms.CheckboxSelectMultiple,
                labels=(
                    {a.translation_key: a for a in activities} if page.pk == event.pk else page.localized_activities()
                ),
                seats_left=seats_left,
                has_waitlist=event.has_waitlist,
            )
            order = ["name", "email", "commune", "party_size", "activities", "needs"]
            if len(activities) > 1:
                self.fields["when_full"] = forms.ChoiceField(
                    label=_("If one of the activities you choose is full"),
                    choices=self.when_full_choices(event),
                    initial=WhenFull.SPLIT,
                    required=False,  # without an answer, the rule's default: wait for all
                    widget=forms.RadioSelect,
                )
                order.insert(order.index("activities") + 1, "when_full")
            self.order_fields(order)
        self.fields["newsletter"] = self.fields.pop("newsletter")  # the unticked newsletter box comes last

    @staticmethod
    def when_full_choices(event):
        if event.has_waitlist:
            return [
                (
                    WhenFull.SPLIT,
                    _(
                        "Register me now for the activities with seats left, and put me on the waiting list of the full ones"
                    ),
                ),
                (
                    WhenFull.WAIT_FOR_ALL,
                    _("Put my whole registration on the waiting list until all of them have seats"),
                ),
            ]
        return [
            (WhenFull.SPLIT, _("Register me only for the activities with seats left")),
            (WhenFull.WAIT_FOR_ALL, _("Do not register me")),
        ]

    def visible_fields_in_order(self):
        return [self[name] for name in self.fields if name not in self.bot_fields]


class ReducePartyForm(forms.Form):
    party_size = forms.TypedChoiceField(label=_("New number of people"), coerce=int)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"].choices = [(n, str(n)) for n in range(1, registration.party_size)]


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=[("1", _("Attended")), ("0", _("Did not attend"))],
        coerce=lambda value: value == "1",
        initial="1",
    )


class MessageParticipantsForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)


class InvitationAcceptForm(forms.Form):
    """An invited guest registers into their reserved seat (the e-mail is the invitation's)."""

    name = forms.CharField(label=_("Your name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    commune = forms.ModelChoiceField(
        label=_("Your commune of residence (optional)"),
        queryset=Commune.objects.none(),
        required=False,
        widget=LongSelect,
    )
    organisation = forms.CharField(label=_("Your structure (optional)"), required=False, max_length=255)
    sector = forms.ChoiceField(
        label=_("Your sector (optional)"), required=False, choices=[("", "—")] + Registration.Sector.choices
    )
    needs = forms.CharField(
        label=_("Accessibility needs or remarks (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    listed_in_report = forms.BooleanField(
        label=_("Show my name, structure and sector in the list of participants of the event's public report"),
        required=False,
    )
    consent = RegistrationForm.base_fields["consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_commune_choices(self.fields["commune"])


class PollAnswerForm(forms.Form):
    """One yes / if need be / no choice per time slot (radio buttons, labelled by the slot)."""

    name = forms.CharField(label=_("Your name"), max_length=255)

    def __init__(self, *args, slots, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        for slot in slots:
            start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
            self.fields[f"slot_{slot.pk}"] = forms.ChoiceField(
                label=f"{formats_date(start)} {start:%H:%M}–{end:%H:%M}",
                choices=PollAnswer.Choice.choices,
                widget=forms.RadioSelect,
                initial=(answers or {}).get(slot.pk),
            )

    def choices(self):
        return {slot.pk: self.cleaned_data[f"slot_{slot.pk}"] for slot in self.slots}


def formats_date(value):
    return date_format(value, "l j F Y")


class PollJoinForm(BotProtectionMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send your personal link there: opening it confirms your address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps my name, address and answers for this poll; they are anonymised some months after it closes."
        )
    )

    def visible_fields_in_order(self):
        return [self[name] for name in self.fields if name not in self.bot_fields]


class CertificateLookupForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=16, help_text=_("For example ABCDE-23456."))


class LocalDateTimeField(forms.DateTimeField):
    """One labelled `datetime-local` input (the browser's date and time picker; ISO 8601)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventProposalForm(forms.Form):
    """A representative proposes an event their structure hosts."""

    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventPage.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    start = LocalDateTimeField(label=_("Start (date and time)"))
    end = LocalDateTimeField(label=_("End (date and time)"))
    place_name = forms.CharField(label=_("Place (optional)"), max_length=255, required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune (optional)"), queryset=Commune.objects.none(), required=False, widget=LongSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_commune_choices(self.fields["commune"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must come after the start."))
        return cleaned


class MemberPollForm(forms.Form):
    """A host member's representative proposes time slots for a meeting their structure hosts."""

    title = forms.CharField(label=_("Title of the meeting"), max_length=255)
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"), choices=EventPage.Kind.choices, initial=EventPage.Kind.NETWORK_MEETING
    )
    is_public = forms.BooleanField(label=_("Anyone with a confirmed e-mail address may answer"), required=False)
    slot_1_start = LocalDateTimeField(label=_("Slot 1: start"))
    slot_1_end = LocalDateTimeField(label=_("Slot 1: end"))
    slot_2_start = LocalDateTimeField(label=_("Slot 2: start (optional)"), required=False)
    slot_2_end = LocalDateTimeField(label=_("Slot 2: end (optional)"), required=False)
    slot_3_start = LocalDateTimeField(label=_("Slot 3: start (optional)"), required=False)
    slot_3_end = LocalDateTimeField(label=_("Slot 3: end (optional)"), required=False)

    def slots(self):
        return [(self.cleaned_data.get(f"slot_{n}_start"), self.cleaned_data.get(f"slot_{n}_end")) for n in (1, 2, 3)]


class InvitationAdminForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[c for c in Registration.Role.choices if c[0] != Registration.Role.PARTICIPANT],
        initial=Registration.Role.OBSERVER,
    )
    attendance = forms.ChoiceField(
        label=_("Attends (hybrid event)"), choices=[("", "—")] + Registration.Attendance.choices, required=False
    )
    valid_days = forms.IntegerField(label=_("Link valid for (days)"), min_value=1, max_value=180, initial=14)
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=[("fr", "Français"), ("en", "English")])
    message = forms.CharField(
        label=_("Personal message (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PollInviteForm(forms.Form):
    people = forms.CharField(
        label=_("People to invite"),
        help_text=_("One per line: name, then the e-mail address between < and >, e.g. Anne Roy <anne@example.org>."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=[("fr", "Français"), ("en", "English")])

    def clean_people(self):
        people = []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = re.fullmatch(r"(.*?)\s*<([^<>\s]+)>", line)
            name, email = (match.group(1).strip(), match.group(2)) if match else ("", line)
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)s is not a valid e-mail address."), params={"number": number}
                ) from None
            people.append((name or email.split("@")[0], email))
        if not people:
            raise forms.ValidationError(_("Give at least one person."))
        return people


class PollCloseForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Chosen slot"), queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = poll.slots.all()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the member)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
