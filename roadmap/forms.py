"""The roadmap's public and member-area forms: proposals, supports and commitments; ideas
and their supports; a volunteer's sign-up.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from follows.forms import NewsletterOptInMixin
from home.forms import BotProtectionMixin

from .models import Action, Axis, Commitment, apply_translations, default_language


def axis_choices():
    """The roadmap's axes with their titles in the active language."""
    return apply_translations(list(Axis.objects.filter(locale__language_code=default_language())), get_language())


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class ProposalFieldsMixin(forms.Form):
    axis = forms.ModelChoiceField(label=_("Axis"), queryset=Axis.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title of the action"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What should the network do, with whom, and why?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        axes = axis_choices()
        self.fields["axis"].queryset = Axis.objects.filter(pk__in=[axis.pk for axis in axes])
        # Keep the translated labels computed above.
        by_pk = {axis.pk: axis for axis in axes}
        self.fields["axis"].label_from_instance = lambda obj: getattr(by_pk.get(obj.pk), "display_title", obj.title)


class ResidentProposalForm(BotProtectionMixin, NewsletterOptInMixin, ProposalFieldsMixin):
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm your proposal. It is never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps my name and e-mail address to handle this proposal and tell me what "
            "becomes of it. Only the title and description are published."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("axis", "title", "description", "name", "email", "consent", "newsletter")


class MemberProposalForm(ProposalFieldsMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("axis", "title", "description")


class ResidentSupportForm(BotProtectionMixin, NewsletterOptInMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link: your support counts once you open it. Supporters are never named."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify = forms.BooleanField(label=_("Send me this action's updates by e-mail"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps my e-mail address to count my support once and, if I asked for it, "
            "to send me updates (each e-mail has an unsubscribe link)."
        )
    )

    def __init__(self, *args, with_notify=True, **kwargs):
        super().__init__(*args, **kwargs)
        fields = ["email", "notify", "consent", "newsletter"] if with_notify else ["email", "consent", "newsletter"]
        if not with_notify:
            del self.fields["notify"]
        self.helper = _helper(*fields)


class CommitmentForm(forms.ModelForm):
    action = forms.ModelChoiceField(label=_("Action"), queryset=Action.objects.none())

    class Meta:
        model = Commitment
        fields = ["action", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"description": _("For instance: a room for 40 people on Saturdays, two volunteers, €500.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = apply_translations(
            list(
                Action.objects.in_default_locale()
                .exclude(status__in=[Action.Status.DONE, Action.Status.DROPPED])
                .select_related("axis")
            ),
            get_language(),
        )
        by_pk = {action.pk: action for action in actions}
        self.fields["action"].queryset = Action.objects.filter(pk__in=list(by_pk))
        self.fields["action"].label_from_instance = lambda obj: by_pk[obj.pk].display_title
        self.helper = _helper("action", "kind", "description")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown publicly with the proposal, and e-mailed to the proposer when they left an address."),
    )


# --- Calls for ideas ------------------------------------------------------------


class IdeaForm(BotProtectionMixin, forms.Form):
    title = forms.CharField(label=_("Title of your idea"), max_length=200)
    description = forms.CharField(
        label=_("Your idea"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What, where, with whom? It is published after the network's team has read it."),
    )
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm your idea. It is never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify = forms.BooleanField(label=_("Tell me the results of the call"), required=False, initial=True)
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps my name and e-mail address to handle this idea and tell me what "
            "becomes of it. Only the title and the idea are published."
        )
    )

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = ["title", "description", "name", "email", "notify", "consent"]
        if member is not None:
            # A representative submits on behalf of the structure: no name nor address asked.
            for name in ("name", "email", "consent"):
                del self.fields[name]
            fields = ["title", "description", "notify"]
        self.helper = _helper(*fields)


class IdeaSupportForm(BotProtectionMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link: your support counts once you open it. Supporters are never named."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify = forms.BooleanField(label=_("Tell me the results of the call"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps my e-mail address to count my support once and, if I asked for it, "
            "to tell me the results."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("email", "notify", "consent")


# --- Volunteer missions ---------------------------------------------------------


class VolunteerForm(BotProtectionMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send your confirmation and your personal link there. It is never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    skills = forms.CharField(
        label=_("Your skills, or the help you can bring (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps these details to organise the mission and gives them to its host; "
            "they are anonymised some months after the mission."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("name", "email", "skills", "consent")
