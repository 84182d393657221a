"""The public forms of follows and the newsletter, and the unticked newsletter box the
other apps' forms add (`NewsletterOptInMixin`)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import BotProtectionMixin

from .models import Subscriber
from .services import FOLLOW_WORDING, NEWSLETTER_WORDING


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class NewsletterOptInMixin(forms.Form):
    """An unticked box: "send me the newsletter". The view then calls
    `follows.services.subscribe_newsletter(email, source=..., wording=NEWSLETTER_WORDING)`;
    the subscription starts once the address is confirmed."""

    newsletter = forms.BooleanField(label=NEWSLETTER_WORDING, required=False, initial=False)


class FollowForm(BotProtectionMixin, NewsletterOptInMixin):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a link there: the follow starts when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(label=FOLLOW_WORDING)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("email", "consent", "newsletter")


class NewsletterSignupForm(forms.Form):
    """The footer's form: in every page, which the page cache keeps, so no per-visitor
    token (the honeypot, the rate limit and the confirmation e-mail protect it)."""

    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    consent = forms.BooleanField(label=NEWSLETTER_WORDING)
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("email", "consent")

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent. Please try again."), code="honeypot")
        return cleaned_data


class ResendLinkForm(BotProtectionMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("email")


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often do you want news of what you follow?"),
        choices=Subscriber.Frequency.choices,
        widget=forms.RadioSelect,
    )
    newsletter = forms.BooleanField(label=_("I receive the network's newsletter"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("frequency", "newsletter")
