"""Forms of people profiles, the contact relay and alliances."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.forms import BotProtectionMixin, LongSelect, ModelMultipleChoiceField
from home.models import Theme

from .models import Commune, Member
from .people import Person, Sector
from .reference import use_commune_choices


def _no_control_characters(value):
    if any(not (char.isprintable() or char in "\n\r\t") for char in value or ""):
        raise forms.ValidationError(_("This text contains characters that cannot be shown."), code="control")
    return value


def _labelled_by_language(field, model):
    """Options are the default-language objects the tags point to, labelled in the visitor's language."""
    names = dict(
        model.objects.filter(locale__language_code=get_language() or "fr").values_list("translation_key", "name")
    )
    field.queryset = model.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    field.label_from_instance = lambda obj: names.get(obj.translation_key, obj.name)


class PersonForm(forms.ModelForm):
    """A profile of one of the structure's people, in the member area."""

    sectors = ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    competencies = ModelMultipleChoiceField(
        label=_("Competencies"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    pivot_themes = ModelMultipleChoiceField(
        label=_("Resource person (personne ressource) for the themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pivot_sectors = ModelMultipleChoiceField(
        label=_("Resource person for the sectors"),
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Person
        fields = [
            "name", "role", "category", "email", "commune", "presentation", "sectors", "themes", "competencies",
            "pivot_themes", "pivot_sectors",
        ]  # fmt: skip
        widgets = {"commune": LongSelect, "presentation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        from practices.models import Competency
        from practices.queries import competency_names

        super().__init__(*args, **kwargs)
        use_commune_choices(self.fields["commune"])
        self.fields["commune"].queryset = Commune.objects.only("pk", "name", "insee_code")
        for name in ("sectors", "pivot_sectors"):
            _labelled_by_language(self.fields[name], Sector)
        for name in ("themes", "pivot_themes"):
            _labelled_by_language(self.fields[name], Theme)
        names = {key: row["name"] for key, row in competency_names().items()}
        self.fields["competencies"].queryset = Competency.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("domain__sort_order", "sort_order", "name")
        self.fields["competencies"].label_from_instance = lambda c: names.get(c.translation_key, c.name)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned_data = super().clean()
        for name in ("name", "role", "presentation"):
            if cleaned_data.get(name):
                try:
                    _no_control_characters(cleaned_data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data

    def person_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class ContactForm(BotProtectionMixin, forms.Form):
    """The contact relay: the message goes to the person by e-mail; their address is never shown."""

    sender_name = forms.CharField(label=_("Your name"), max_length=150)
    sender_email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("The person will see it in order to answer you.")
    )
    message = forms.CharField(label=_("Your message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    consent = forms.BooleanField(
        label=_(
            "I agree that the network relays my message and my address to this person, and keeps the message "
            "for six months (see the privacy notice)."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("sender_name", "sender_email", "message", "consent")

    def clean(self):
        cleaned_data = super().clean()
        for name in ("sender_name", "message"):
            if cleaned_data.get(name):
                try:
                    _no_control_characters(cleaned_data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data


class AllianceProposalForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Member to ally with"), queryset=Member.objects.none(), widget=LongSelect)
    purpose = forms.CharField(
        label=_("Purpose of the alliance"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you want to do together: shown on both profiles once accepted."),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Member.objects.approved().exclude(pk=member.pk).only("pk", "name")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_purpose(self):
        return _no_control_characters(self.cleaned_data["purpose"])
