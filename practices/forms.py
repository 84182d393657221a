"""Forms of the practices app: a practice in the member area, the finder, and the reason of
a review in the admin. Rules beyond a field's format live in `services.py`."""

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from home.forms import LongSelect, ModelMultipleChoiceField
from home.models import Theme
from members.models import Commune
from members.people import Person
from members.queries import parse_territory, territory_choices
from members.reference import use_commune_choices
from roadmap.models import Action
from workshops.models import EventPage

from . import queries
from .models import Competency, Practice

DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv"]
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def printable(value):
    """Refuse control characters (other than line breaks and tabs) in free text."""
    if any(not (char.isprintable() or char in "\n\r\t") for char in value or ""):
        raise forms.ValidationError(_("This text contains characters that cannot be shown."), code="control")
    return value


class PracticeForm(forms.ModelForm):
    """A practice, from the member area: the text, the territory, images and documents, and
    its tags (themes, competencies, contact people of the structure, events, actions)."""

    image_upload = WagtailImageField(label=_("Image"), required=False, help_text=_("JPEG, PNG or WebP."))
    image_alt = forms.CharField(
        label=_("Text alternative of the image"),
        max_length=255,
        required=False,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    document_upload = forms.FileField(
        label=_("Document"),
        required=False,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
        help_text=_("PDF or office document, up to 10 MB."),
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    competencies = ModelMultipleChoiceField(
        label=_("Competencies"), queryset=Competency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    contact_people = ModelMultipleChoiceField(
        label=_("Contact people"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People of your structure who can tell more (only published profiles are shown)."),
    )

    class Meta:
        model = Practice
        fields = [
            "title", "summary", "commune", "context", "what_was_done", "participants", "results", "lessons",
            "do_differently", "themes", "competencies", "contact_people", "events", "roadmap_actions",
        ]  # fmt: skip
        widgets = {
            "commune": LongSelect,
            "context": forms.Textarea(attrs={"rows": 4}),
            "what_was_done": forms.Textarea(attrs={"rows": 6}),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "do_differently": forms.Textarea(attrs={"rows": 3}),
            "events": forms.SelectMultiple(attrs={"size": 6}),
            "roadmap_actions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        use_commune_choices(self.fields["commune"])
        self.fields["commune"].queryset = Commune.objects.only("pk", "name", "insee_code")
        language = settings.LANGUAGE_CODE
        self.fields["themes"].queryset = Theme.objects.filter(locale__language_code=language)
        names = {key: row["name"] for key, row in queries.competency_names().items()}
        competencies = Competency.objects.filter(locale__language_code=language).order_by(
            "domain__sort_order", "sort_order", "name"
        )
        self.fields["competencies"].queryset = competencies
        self.fields["competencies"].label_from_instance = lambda c: names.get(c.translation_key, c.name)
        theme_names = {t.translation_key: t.name for t in Theme.objects.filter(locale__language_code=self._language())}
        self.fields["themes"].label_from_instance = lambda t: theme_names.get(t.translation_key, t.name)
        self.fields["contact_people"].queryset = Person.objects.filter(member=member).only("pk", "name", "role")
        self.fields["contact_people"].label_from_instance = lambda p: f"{p.name} — {p.role}" if p.role else p.name

        self.fields["events"].queryset = (
            EventPage.objects.live().filter(locale__language_code=language).order_by("-start")
        )
        self.fields["events"].required = False
        self.fields["roadmap_actions"].queryset = Action.objects.filter(locale__language_code=language).order_by(
            "title"
        )
        self.fields["roadmap_actions"].required = False

    @staticmethod
    def _language():

        return get_language() or settings.LANGUAGE_CODE

    def clean(self):
        cleaned_data = super().clean()
        for name in TEXT_FIELDS_WITH_LIMIT:
            if cleaned_data.get(name):
                try:
                    printable(cleaned_data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        upload = cleaned_data.get("document_upload")
        if upload and upload.size > DOCUMENT_MAX_BYTES:
            self.add_error("document_upload", _("The document is larger than 10 MB."))
        if cleaned_data.get("image_upload") and not cleaned_data.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return cleaned_data

    def practice_data(self):
        """Field values and relations for the service, with the uploads stored."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        image = self.cleaned_data.get("image_upload")
        if image:
            data["image"] = get_image_model().objects.create(
                title=self.cleaned_data["image_alt"][:255], file=image, **alt_field(self.cleaned_data["image_alt"])
            )
        document = self.cleaned_data.get("document_upload")
        if document:
            data["document"] = get_document_model().objects.create(title=document.name[:255], file=document)
        return data


TEXT_FIELDS_WITH_LIMIT = (
    "title",
    "summary",
    "context",
    "what_was_done",
    "participants",
    "results",
    "lessons",
    "do_differently",
)


def alt_field(text):
    """The custom image model's default alt text, when it has one."""
    model = get_image_model()
    names = {field.name for field in model._meta.get_fields()}
    for name in ("default_alt_text", "alt_text", "alt"):
        if name in names:
            return {name: text[:255]}
    return {}


class FinderForm(forms.Form):
    """ "Who can help me?": a competency or a theme, and a territory. GET, no JavaScript."""

    competency = forms.ChoiceField(label=_("Competency"), required=False)
    theme = forms.ChoiceField(label=_("or a theme"), required=False)
    territory = forms.ChoiceField(
        label=_("Your territory"),
        required=False,
        widget=LongSelect,
        help_text=_("Your commune or intercommunality: the nearest results come first."),
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("Choose a competency")), *queries.competency_choices()]
        self.fields["theme"].choices = [("", _("Choose a theme")), *[(t.slug, t.name) for t in themes]]
        self.fields["territory"].choices = territory_choices(_("The whole département"))
        self.themes = themes

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("competency") and not cleaned_data.get("theme") and not self.errors:
            raise forms.ValidationError(_("Choose a competency or a theme."), code="required")
        cleaned_data["competency_object"] = (
            queries.competency_for_slug(cleaned_data["competency"]) if cleaned_data.get("competency") else None
        )
        cleaned_data["theme_object"] = (
            queries.theme_for_slug(cleaned_data["theme"], self.themes) if cleaned_data.get("theme") else None
        )
        cleaned_data["territory_object"] = parse_territory(cleaned_data.get("territory"))
        return cleaned_data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Sent to the member's representatives in their e-mail."),
    )
