"""Choosers and multi-selects that search and show only the edited object's language.

Staff edit a French page or an English one; what they choose for it (themes, governing
bodies, axes, actions, competencies, linked events…) must be of that language. Two pieces:

- `OneLanguageChooserViewSet`, the chooser modal of a translatable snippet: a search box
  (accents and case ignored) and the items of one language, with no "Locale" filter to get
  lost in. The language is the `locale` parameter that Wagtail's chooser script adds to the
  modal's URL from the editor's `ACTIVE_CONTENT_LOCALE` (set by the page and translatable
  snippet editors); without it (an object that is not translated: a mission, an agenda
  item…) it is the default language, where such objects link.
- `OneLanguageMultipleChoiceField`, the form field of every many-to-many relation in the
  admin's forms (registered in `register_admin_form_fields()`, called from `HomeConfig`):
  a searchable list of checkboxes (`home.widgets.SearchableCheckboxes`) and, when the
  related model is translatable, only the items of the edited object's language (plus those
  already chosen, so that saving never drops a link silently)."""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.forms.models import register_form_field_override
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets.views import chooser as chooser_views

from .text_search import matches
from .widgets import SearchableCheckboxes


def default_language_locale():
    return Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first() or Locale.get_default()


# --- The chooser modal of a translatable snippet -----------------------------------------


class OneLanguageSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Search")})
    )

    def __init__(self, *args, search_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query and self.search_fields:
            objects = objects.filter(matches(query, *self.search_fields))
            self.is_searching = True
            self.search_query = query
        return objects


class OneLanguageChooseMixin:
    search_fields = ("name",)
    default_language_only = False

    @cached_property
    def chosen_locale(self):
        code = None if self.default_language_only else self.request.GET.get("locale")
        locale = Locale.objects.filter(language_code=code).first() if code else None
        return locale or default_language_locale()

    def get_object_list(self):
        return super().get_object_list().filter(locale=self.chosen_locale)

    def get_filter_form(self):
        return OneLanguageSearchForm(self.request.GET, search_fields=self.search_fields)

    @property
    def columns(self):
        # One language: no "Locale" column either.
        return [column for column in super().columns if column.name != "locale"]


class OneLanguageChooseView(OneLanguageChooseMixin, chooser_views.ChooseView):
    pass


class OneLanguageChooseResultsView(OneLanguageChooseMixin, chooser_views.ChooseResultsView):
    pass


class OneLanguageChooserViewSet(chooser_views.SnippetChooserViewSet):
    """Set `search_fields` (model fields, or lookups such as "axis__title") on a subclass."""

    choose_view_class = OneLanguageChooseView
    choose_results_view_class = OneLanguageChooseResultsView
    # The language travels with searches and pages of results.
    preserve_url_parameters = ["multiple", "locale"]
    search_fields = ("name",)
    # The roadmap's axes and actions live in the default language (their translations only
    # carry text): their choosers offer that language whatever the edited object's.
    default_language_only = False
    per_page = 20

    def get_common_view_kwargs(self, **kwargs):
        # Filtered by Wagtail to the views that have these attributes: the choose views.
        return super().get_common_view_kwargs(
            search_fields=tuple(self.search_fields), default_language_only=self.default_language_only, **kwargs
        )


def one_language_chooser(search_fields, default_language_only=False):
    """A chooser viewset class for a `SnippetViewSet.chooser_viewset_class`."""
    attributes = {"search_fields": tuple(search_fields), "default_language_only": default_language_only}
    return type("OneLanguageChooserViewSet", (OneLanguageChooserViewSet,), attributes)


# --- Many-to-many fields of the admin's forms -----------------------------------------------


def edited_locale_id(form):
    """The language of the object a form edits: its own, its parent page's when a page is
    created, else the default language (objects that are not translated link there)."""
    instance = getattr(form, "instance", None)
    if isinstance(instance, TranslatableMixin) and instance.locale_id:
        return instance.locale_id
    parent_page = getattr(form, "parent_page", None)
    if parent_page is not None and parent_page.locale_id:
        return parent_page.locale_id
    locale = default_language_locale()
    return locale.pk if locale else None


class OneLanguageMultipleChoiceField(forms.ModelMultipleChoiceField):
    def get_bound_field(self, form, field_name):
        # Called for each form instance (its fields are copies), before rendering and
        # validation: the choices narrow to the edited object's language.
        model = self.queryset.model
        if issubclass(model, TranslatableMixin) and not getattr(self, "_narrowed", False):
            locale_id = edited_locale_id(form)
            if locale_id:
                chosen = form.initial.get(field_name) or []
                chosen_pks = [getattr(item, "pk", item) for item in chosen]
                self.queryset = self.queryset.filter(Q(locale_id=locale_id) | Q(pk__in=chosen_pks))
            self._narrowed = True
        return super().get_bound_field(form, field_name)


def register_admin_form_fields():
    register_form_field_override(
        models.ManyToManyField,
        override={"form_class": OneLanguageMultipleChoiceField, "widget": SearchableCheckboxes},
    )
