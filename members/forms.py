"""Forms of the members app: the public application, and the member area's profile and
invitation forms. Rules beyond a field's format live in `services.py`.

Forms of people profiles, the contact relay and alliances.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Locale

from home.forms import BotProtectionMixin, LongSelect, ModelMultipleChoiceField
from home.models import Theme
from home.widgets import SearchableCheckboxes

from . import services
from .membership import Commune, Member
from .people import Person, Sector
from .reference import use_commune_choices
from .validators import normalise_identifier, validate_commune, validate_rna, validate_siren


def themes_field():
    return ModelMultipleChoiceField(
        label=_("Themes of interest"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class IdentityMixin:
    """Validation shared by the application and the profile: identifiers by kind, and a
    commune's INSEE code that exists in the reference data and matches its name."""

    def clean_identifiers(self, cleaned_data):
        for field in ("insee_code", "siren", "rna"):
            if field in cleaned_data:
                cleaned_data[field] = normalise_identifier(cleaned_data.get(field))
        kind = cleaned_data.get("kind")
        name = cleaned_data.get("name", "")
        if kind == Member.Kind.COMMUNE:
            if not cleaned_data.get("insee_code"):
                self.add_error("insee_code", ValidationError(_("Give the commune's INSEE code."), code="required"))
            elif name:
                try:
                    cleaned_data["seat_commune"] = validate_commune(cleaned_data["insee_code"], name)
                except ValidationError as error:
                    self.add_error("insee_code", error)
        else:
            if cleaned_data.get("insee_code"):
                self.add_error(
                    "insee_code", ValidationError(_("Only a commune has an INSEE code here."), code="not_commune")
                )
            if kind == Member.Kind.ASSOCIATION:
                if not cleaned_data.get("siren") and not cleaned_data.get("rna") and not self.has_error("siren"):
                    self.add_error(
                        "rna", ValidationError(_("Give the association's RNA or SIREN number."), code="required")
                    )
            elif kind and not cleaned_data.get("siren") and not self.has_error("siren"):
                self.add_error("siren", ValidationError(_("Give the structure's SIREN number."), code="required"))
        for field, validator in (("siren", validate_siren), ("rna", validate_rna)):
            if cleaned_data.get(field) and not self.has_error(field):
                try:
                    validator(cleaned_data[field])
                except ValidationError as error:
                    self.add_error(field, error)
        return cleaned_data


class MembershipApplicationForm(IdentityMixin, BotProtectionMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of structure"), choices=Member.Kind.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Name of the structure"), max_length=255, help_text=_("For a commune, its official name.")
    )
    insee_code = forms.CharField(
        label=_("INSEE code (communes)"), max_length=10, required=False, help_text=_("5 characters, such as 49007.")
    )
    siren = forms.CharField(
        label=_("SIREN number"), max_length=20, required=False, help_text=_("9 digits; required except for a commune.")
    )
    rna = forms.CharField(
        label=_("RNA number (associations)"),
        max_length=20,
        required=False,
        help_text=_("W followed by 9 digits. An association gives its RNA or SIREN number."),
    )
    seat_commune = forms.ModelChoiceField(
        label=_("Commune of the seat"),
        queryset=Commune.objects.only("pk", "name", "insee_code"),
        required=False,
        help_text=_("Where the structure is based (a commune's own seat is filled in for you)."),
        widget=LongSelect,
    )
    address = forms.CharField(label=_("Postal address"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    # Not "website": that name is the bot-protection honeypot's.
    homepage = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    description = forms.CharField(
        label=_("Presentation"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on your public profile: what your structure does for citizen participation."),
    )
    themes = themes_field()
    public_email = forms.EmailField(
        label=_("Public contact e-mail"), required=False, help_text=_("Shown on your public profile.")
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_role = forms.CharField(label=_("Your role"), max_length=200, help_text=_("For example: mayor, president."))
    contact_email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("Not public. Your member-area invitation is sent here.")
    )
    contact_phone = forms.CharField(label=_("Your phone number"), max_length=30, required=False)
    accept_charter = forms.BooleanField(label=_("On behalf of the structure, I accept the network's charter."))
    accept_privacy = forms.BooleanField(
        label=_(
            "I agree that the network processes these details to handle the application; the contact person's "
            "details are never published (see the privacy notice)."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(locale=Locale.get_active())
        self.fields["seat_commune"].empty_label = _("Choose a commune")
        use_commune_choices(self.fields["seat_commune"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("The structure"), "kind", "name", "insee_code", "siren", "rna", "seat_commune", "address"),
            Fieldset(_("Public profile"), "homepage", "description", "themes", "public_email"),
            Fieldset(_("Contact person (private)"), "contact_name", "contact_role", "contact_email", "contact_phone"),
            Fieldset(_("Commitments"), "accept_charter", "accept_privacy"),
        )

    def clean(self):
        cleaned_data = super().clean()
        self.clean_identifiers(cleaned_data)
        if cleaned_data.get("kind") and cleaned_data.get("kind") != Member.Kind.COMMUNE:
            if not cleaned_data.get("seat_commune") and not self.has_error("seat_commune"):
                self.add_error(
                    "seat_commune",
                    ValidationError(_("Choose the commune where the structure is based."), code="required"),
                )
        if not self.errors:
            try:
                services.check_not_duplicate(
                    kind=cleaned_data["kind"],
                    name=cleaned_data["name"],
                    insee_code=cleaned_data.get("insee_code", ""),
                    siren=cleaned_data.get("siren", ""),
                    rna=cleaned_data.get("rna", ""),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data

    def member_data(self):
        fields = (
            "kind", "name", "insee_code", "siren", "rna", "seat_commune", "address", "description",
            "public_email", "contact_name", "contact_role", "contact_email", "contact_phone",
        )  # fmt: skip
        data = {field: self.cleaned_data.get(field) or ("" if field != "seat_commune" else None) for field in fields}
        data["website"] = self.cleaned_data.get("homepage") or ""
        return data


class MemberProfileForm(IdentityMixin, forms.ModelForm):
    """The member area's profile form. Identity fields (kind, name, identifiers) are
    compared with the approved values; their changes go back to moderation."""

    themes = themes_field()
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    logo_upload = WagtailImageField(label=_("Logo (replaces the current one)"), required=False)

    class Meta:
        model = Member
        fields = [
            "kind", "name", "insee_code", "siren", "rna", "seat_commune", "address", "website", "description",
            "themes", "public_email", "contact_name", "contact_role", "contact_email", "contact_phone",
        ]  # fmt: skip
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(locale=Locale.get_active())
        self.fields["themes"].initial = Theme.objects.filter(
            locale=Locale.get_active(),
            translation_key__in=self.instance.themes.values_list("translation_key", flat=True),
        )
        if not self.is_bound:
            self.initial["themes"] = list(self.fields["themes"].initial)
            for field, value in self.instance.pending_changes.items():
                if field in self.fields:
                    self.initial[field] = value
        use_commune_choices(self.fields["seat_commune"])
        self.fields["kind"].widget = forms.RadioSelect(choices=Member.Kind.choices)
        for field in ("siren", "rna", "insee_code"):
            self.fields[field].validators = []
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Identity (changes are checked by the network's staff)"),
                "kind",
                "name",
                "insee_code",
                "siren",
                "rna",
            ),  # fmt: skip
            Fieldset(
                _("Public profile"), "seat_commune", "address", "website", "description", "themes", "public_email"
            ),
            Fieldset(_("Contact person (private)"), "contact_name", "contact_role", "contact_email", "contact_phone"),
        )

    def clean(self):
        cleaned_data = super().clean()
        self.clean_identifiers(cleaned_data)
        kind = cleaned_data.get("kind")
        if kind and kind != Member.Kind.COMMUNE and not cleaned_data.get("seat_commune"):
            self.add_error(
                "seat_commune", ValidationError(_("Choose the commune where the structure is based."), code="required")
            )
        if not self.errors:
            identity = {field: cleaned_data.get(field, "") for field in Member.IDENTITY_FIELDS}
            try:
                services.check_not_duplicate(exclude=self.instance, **identity)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data

    def _post_clean(self):
        # Identity fields are not written to the instance: they go to moderation.
        self.identity_changes = {
            field: self.cleaned_data[field]
            for field in Member.IDENTITY_FIELDS
            if field in self.cleaned_data and self.cleaned_data[field] != getattr(self.instance, field)
        }
        approved = {field: getattr(self.instance, field) for field in Member.IDENTITY_FIELDS}
        seat = self.instance.seat_commune_id
        super()._post_clean()
        for field, value in approved.items():
            setattr(self.instance, field, value)
        if self.instance.kind == Member.Kind.COMMUNE:
            self.instance.seat_commune_id = seat

    def save(self, commit=True):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            # A new image in the default collection; the logo is decorative next to the name.
            self.instance.logo = get_image_model().objects.create(
                title=f"Logo — {self.instance.name}"[:255], file=upload
            )
        return super().save(commit=commit)


class MemberAdminForm(IdentityMixin, forms.ModelForm):
    """The staff's edit form of a member in the admin: the same identity rules as the
    application and the profile (identifiers by kind, a commune's INSEE code that exists and
    matches its name, which also sets its seat). Themes: the French ones, searchable."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            field = self.fields["themes"]
            field.queryset = field.queryset.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("name")
            field.widget = SearchableCheckboxes()
            field.widget.choices = field.choices

    def clean(self):
        cleaned_data = super().clean()
        self.clean_identifiers(cleaned_data)
        return cleaned_data


class LeaveNetworkForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you leaving? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the network's staff read it."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that our structure leaves the network."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InviteColleagueForm(forms.Form):
    name = forms.CharField(label=_("Your colleague's name"), max_length=200)
    email = forms.EmailField(label=_("Your colleague's e-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class MemberPasswordResetForm(auth_forms.PasswordResetForm):
    """Also serves representatives who never set a password (their invitation expired):
    Django's form skips accounts without a usable password."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user
            for user in users.select_related("representative")
            if user.has_usable_password() or hasattr(user, "representative")
        )


class LoginForm(auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address or username")
        self.helper = FormHelper()
        self.helper.form_tag = False


# --- People and alliances (member area) and the contact relay ---------------------


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
        # practices.queries imports this app's records (and members.models imports this
        # module): imported here to break that cycle.
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
