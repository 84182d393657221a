"""The public form of a volunteer sign-up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import BotProtectionMixin

from .forms import _helper


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
