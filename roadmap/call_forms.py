"""The public forms of calls for ideas: submitting an idea, supporting one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import BotProtectionMixin

from .forms import _helper


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
