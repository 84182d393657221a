"""Communes and associations that make up the network: the models and the pages.

The records (`Commune`, `Member`, `Representative` in `membership.py`; `Sector`, `Person`,
`RelayedMessage`, `Alliance` in `people.py`) are re-exported here. Forms, queries and
services import those records only; this module imports them all and defines the pages,
whose routes are the public views (read the form, call `services`, read through `queries`,
render). So imports go one way — records → forms, queries, services → pages — with no cycle
and no import inside a function. The member area (plain URLs) is in `views.py`.

Contract with the other apps (roadmap, workshops): `Member`, `Member.objects.approved()`,
`Member.get_absolute_url()`, and `members.access` for the member area."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path, route
from wagtail.fields import RichTextField
from wagtail.models import Page

from home import layout
from home.forms import form_status
from home.models import paginate
from home.queries import CachedViewRestrictionsMixin, public
from home.ratelimits import over_limit, rate_limited
from home.routes import LocalizedRoutesMixin
from home.services import ServiceError
from home.text_search import french_order, sort_french

from . import queries, services
from .forms import ContactForm, MembershipApplicationForm
from .membership import Commune, Member, Representative
from .people import Alliance, Person, RelayedMessage, Sector

__all__ = [
    "Alliance",
    "Commune",
    "DirectoryPage",
    "Member",
    "PeopleDirectoryPage",
    "Person",
    "RelayedMessage",
    "Representative",
    "Sector",
]

APPLIED_SESSION_KEY = "members:applied"
CONTACT_SENT_SESSION_KEY = "members:contact-sent"


class DirectoryPage(CachedViewRestrictionsMixin, LocalizedRoutesMixin, Page):
    """The public directory of members: the list with its filters, the map, each member's
    profile (`<slug>/`) and the application form (`apply/`)."""

    intro = models.TextField(_("introduction"), blank=True)
    apply_intro = RichTextField(
        _("application form introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Shown above the application form: who can join and what happens next."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("apply_intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "members/directory_page.html"
    french_routes = {"apply": r"^adherer/$", "applied": r"^adherer/envoyee/$"}

    class Meta:
        verbose_name = _("member directory")

    @classmethod
    def url_for_active_locale(cls):
        """The URL of the live directory in the active language (else French), or "".
        Kept with the shared layout (`layout.shared`): a list of 50 members costs no query
        per link, and publishing, unpublishing, moving or deleting a page moves the layout's
        generation on."""
        language = translation.get_language() or settings.LANGUAGE_CODE

        def build():
            pages = {page.locale.language_code: page for page in public(cls.objects.live()).select_related("locale")}
            page = pages.get(language) or pages.get(settings.LANGUAGE_CODE)
            return (page.get_url() or "") if page is not None else ""

        return layout.shared(f"directory-url:{language}", build)

    def get_sitemap_urls(self, request=None):
        """The directory, its application form and every approved member's profile."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        urls.append({"location": base + self.reverse_subpage("apply"), "lastmod": self.last_published_at})
        for slug, updated_at in Member.objects.approved().order_by("slug").values_list("slug", "updated_at"):
            urls.append({"location": base + self.reverse_subpage("profile", args=[slug]), "lastmod": updated_at})
        return urls

    @route(r"^$")
    def directory(self, request):
        themes = queries.active_themes()
        members, filters = queries.filtered_members(request.GET, themes)
        members_page = paginate(request, queries.with_listing_data(members).order_by(*french_order("name"), "pk"))
        names = queries.theme_names(themes)
        for member in members_page:
            member.theme_names = sort_french(
                {names[t.translation_key] for t in member.themes.all() if t.translation_key in names}, str
            )
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={
                "members_page": members_page,
                "filters": filters,
                "themes": themes,
                "kinds": Member.Kind.choices,
                "territories": queries.territories(),
                "map_html": queries.map_html(self.url),
                "query_string": query.urlencode(),
                "is_filtered": any(filters.values()),
            },
        )

    @route(r"^apply/$", name="apply")
    def apply(self, request):
        if over_limit(request, "members.apply"):
            return rate_limited(request, None)
        if request.method == "POST":
            form = MembershipApplicationForm(request.POST)
            if form.is_valid():
                try:
                    member = services.submit_application(
                        form.member_data(), themes=form.cleaned_data["themes"], language=get_language()
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    request.session[APPLIED_SESSION_KEY] = member.pk
                    return redirect(self.url + self.reverse_subpage("applied"))
        else:
            form = MembershipApplicationForm()
        response = self.render(
            request,
            template="members/apply.html",
            context_overrides={"form": form, "title": _("Apply to join the network")},
        )
        response.status_code = form_status(form)
        return response

    @route(r"^apply/sent/$", name="applied")
    def applied(self, request):
        member = Member.objects.filter(pk=request.session.get(APPLIED_SESSION_KEY) or 0).first()
        if member is None:
            return redirect(self.url + self.reverse_subpage("apply"))
        return self.render(
            request,
            template="members/applied.html",
            context_overrides={"member": member, "title": _("Application received")},
        )

    @route(r"^(?P<slug>[-\w]+)/$", name="profile")
    def profile(self, request, slug):
        member = queries.public_member(slug)
        if member is None:
            raise Http404
        return self.render(
            request,
            template="members/profile.html",
            context_overrides={
                "member": member,
                "title": member.name,
                # Read only when the template's fragment cache misses (a callable).
                "sections": lambda: queries.hook_sections("register_member_profile_sections", request, member),
            },
        )


class PeopleDirectoryPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """The public directory of people (filters by sector, theme, competency and territory,
    accent-insensitive search), each person's profile (`<slug>/`), the contact relay
    (`<slug>/contact/`) and the personal link of a person (`mon-profil/<token>/`)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "members/people/directory_page.html"

    class Meta:
        verbose_name = _("people directory")

    @classmethod
    def url_for_active_locale(cls):
        locale = layout.active_locale()

        def build():
            pages = {page.locale.language_code: page for page in public(cls.objects.live()).select_related("locale")}
            page = pages.get(locale.language_code) or pages.get(settings.LANGUAGE_CODE)
            return (page.get_url() or "") if page is not None else ""

        return layout.shared(f"people-directory-url:{locale.language_code}", build)

    @re_path(r"^$")
    def listing(self, request):
        themes = queries.active_themes()
        sectors = queries.active_sectors()
        competencies = queries.competencies_for_filter()
        people, filters, _territory = queries.filtered_people(
            request.GET, themes=themes, sectors=sectors, competencies=competencies
        )
        people_page = paginate(request, queries.people_with_listing_data(people).order_by("name", "pk"))
        queries.decorate_people(people_page)
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={
                "people_page": people_page,
                "filters": filters,
                "themes": themes,
                "sectors": sectors,
                "competencies": sorted(competencies, key=lambda c: c.name),
                "territory_select": queries.territory_select(
                    filters["territory"], "people-territory", _("Whole département")
                ),
                "query_string": query.urlencode(),
                "is_filtered": any(filters.values()),
            },
        )

    @re_path(r"^mon-profil/(?P<token>[-\w]{1,200})/$", name="personal_link_fr")
    def personal_link_fr(self, request, token):
        return self.personal_link(request, token)

    @re_path(r"^my-profile/(?P<token>[-\w]{1,200})/$", name="personal_link")
    @method_decorator(require_http_methods(["GET", "POST"]))
    def personal_link(self, request, token):
        """The person's own page: publish (agree), hide or delete their profile."""
        person = services.person_for_token(token)
        if person is None:
            response = self.render(
                request,
                template="members/people/personal_link_invalid.html",
                context_overrides={"title": _("This link does not work")},
            )
            response.status_code = 404
            return response
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "publish":
                services.agree_to_publication(person)
                messages.success(request, _("Your profile is published. Thank you!"))
            elif action == "hide":
                services.hide_profile(person)
                messages.success(request, _("Your profile is hidden: nobody sees it or can write to you any more."))
            elif action == "delete" and request.POST.get("confirm") == "yes":
                services.delete_profile(person)
                return self.render(
                    request,
                    template="members/people/personal_link_deleted.html",
                    context_overrides={"title": _("Your profile is deleted")},
                )
            elif action == "delete":
                messages.error(request, _("Tick the box to confirm the deletion."))
            return redirect(request.path)
        response = self.render(
            request,
            template="members/people/personal_link.html",
            context_overrides={"person": person, "title": _("Your profile in the network")},
        )
        # A personal page: never kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
        return response

    @re_path(r"^(?P<slug>[-\w]+)/$", name="person")
    def person(self, request, slug):
        person = self._public_person(slug)
        queries.decorate_people([person])
        return self.render(
            request,
            template="members/people/person.html",
            context_overrides={"person": person, "title": person.name, "practices": queries.practices_of(person)},
        )

    @re_path(r"^(?P<slug>[-\w]+)/contact/$", name="contact")
    def contact(self, request, slug):
        person = self._public_person(slug)
        if request.method == "POST":
            if over_limit(request, "members.contact", "5/h"):
                return rate_limited(request, None)
            form = ContactForm(request.POST)
            if form.is_valid():
                try:
                    services.relay_message(
                        person,
                        sender_name=form.cleaned_data["sender_name"],
                        sender_email=form.cleaned_data["sender_email"],
                        message=form.cleaned_data["message"],
                        language=get_language(),
                    )
                except ServiceError as error:
                    error.add_to_form(form)
                else:
                    request.session[CONTACT_SENT_SESSION_KEY] = person.pk
                    return redirect(self.url + self.reverse_subpage("contact_sent", kwargs={"slug": person.slug}))
        else:
            form = ContactForm()
        response = self.render(
            request,
            template="members/people/contact.html",
            context_overrides={
                "person": person,
                "form": form,
                "title": _("Write to %(name)s") % {"name": person.name},
            },
        )
        response.status_code = form_status(form)
        return response

    @re_path(r"^(?P<slug>[-\w]+)/contact/sent/$", name="contact_sent")
    def contact_sent(self, request, slug):
        person = Person.objects.filter(pk=request.session.get(CONTACT_SENT_SESSION_KEY) or 0, slug=slug[:170]).first()
        if person is None:
            return redirect(self.url)
        return self.render(
            request,
            template="members/people/contact_sent.html",
            context_overrides={"person": person, "title": _("Message sent")},
        )

    @staticmethod
    def _public_person(slug):
        person = queries.public_person(slug)
        if person is None:
            raise Http404
        return person
