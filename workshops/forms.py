from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from follows.forms import NewsletterOptInMixin
from home.forms import BotProtectionMixin, LongSelect, ModelMultipleChoiceField
from members.models import Commune
from members.reference import use_commune_choices

from .models import EventPage, seats_taken


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

    def __init__(self, *args, listed=(), labels=None, seats_left=None, **kwargs):
        self.listed = listed
        self.labels = labels or {}
        self.seats_left = seats_left or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, activity):
        local = self.labels.get(activity.translation_key, activity)
        left = self.seats_left.get(activity.pk, 0)
        times = f"{timezone.localtime(activity.start):%H:%M}–{timezone.localtime(activity.end):%H:%M}"
        if left > 0:
            seats = ngettext("%(count)s seat left", "%(count)s seats left", left) % {"count": left}
        else:
            seats = _("full: waiting list")
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
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps these details to organise the event; they are anonymised "
            "some months after the event."
        )
    )

    def __init__(self, *args, event: EventPage, page: EventPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        use_commune_choices(self.fields["commune"])
        self.fields["party_size"].choices = [(n, str(n)) for n in range(1, event.max_party_size + 1)]
        self.activities = activities = list(event.activities.all())
        if activities:
            taken = seats_taken(event, activities)
            self.fields["activities"] = ActivityChoiceField(
                label=_("Activities"),
                help_text=_("Choose one or more; their times must not overlap."),
                queryset=event.activities.all(),
                listed=activities,
                widget=forms.CheckboxSelectMultiple,
                labels=(
                    {a.translation_key: a for a in activities} if page.pk == event.pk else page.localized_activities()
                ),
                seats_left={a.pk: a.capacity - taken[a.pk] for a in activities},
            )
            order = ["name", "email", "commune", "party_size", "activities", "needs", "consent", "newsletter"]
            self.order_fields(order)

    def visible_fields_in_order(self):
        return [self[name] for name in self.fields if name not in self.bot_fields]


class ReducePartyForm(forms.Form):
    party_size = forms.TypedChoiceField(label=_("New number of people"), coerce=int)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"].choices = [(n, str(n)) for n in range(1, registration.party_size)]


class MessageParticipantsForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)
