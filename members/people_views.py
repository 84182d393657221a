"""Views of people and alliances: the public directory of people (routes of
PeopleDirectoryPage), the contact relay, a person's personal link, and the member area's
pages for the structure's people and alliances. Thin: forms validate, services decide."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from home.models import paginate
from home.ratelimits import over_limit
from home.services import ServiceError
from home.views import rate_limited

from . import queries as reading
from . import services
from .access import representative_required
from .forms import AllianceProposalForm, ContactForm, PersonForm
from .people import Alliance, Person
from .queries import active_themes

CONTACT_SENT_SESSION_KEY = "members:contact-sent"


def _competency_choices():
    from practices.queries import competency_choices

    return competency_choices()


class Choice:
    def __init__(self, slug, name, translation_key=None):
        self.slug, self.name, self.translation_key = slug, name, translation_key


def _competencies_for_filter():
    """The framework's competencies as filter options: slug in the active language, and the
    translation key the tags share."""
    from practices.queries import competency_names

    names = competency_names()
    slugs = dict(_competency_choices())
    return [
        Choice(row["slug"], slugs.get(row["slug"], row["name"]), key)
        for key, row in names.items()
        if row["slug"] in slugs
    ]


# --- The public directory of people ---------------------------------------------------------------


def people_list(request, page):
    themes = active_themes()
    sectors = reading.active_sectors()
    competencies = _competencies_for_filter()
    people, filters, _territory = reading.filtered_people(
        request.GET, themes=themes, sectors=sectors, competencies=competencies
    )
    people_page = paginate(request, reading.people_with_listing_data(people).order_by("name", "pk"))
    reading.decorate_people(people_page)
    query = request.GET.copy()
    query.pop("page", None)
    context = page.get_context(request)
    context.update(
        {
            "people_page": people_page,
            "filters": filters,
            "themes": themes,
            "sectors": sectors,
            "competencies": sorted(competencies, key=lambda c: c.name),
            "territory_select": reading.territory_select(
                filters["territory"], "people-territory", _("Whole département")
            ),
            "query_string": query.urlencode(),
            "is_filtered": any(filters.values()),
        }
    )
    return TemplateResponse(request, page.template, context)


def _public_person(slug):
    person = (
        reading.people_with_listing_data(Person.objects.public().filter(slug=slug[:170]))
        .select_related("member")
        .first()
    )
    if person is None:
        raise Http404
    return person


def person_detail(request, page, slug):
    from practices.queries import localize_practices, practices_listing_data, published_practices

    person = _public_person(slug)
    reading.decorate_people([person])
    practices = localize_practices(practices_listing_data(published_practices().filter(contact_people=person)))
    context = page.get_context(request)
    context.update({"person": person, "title": person.name, "practices": practices})
    return TemplateResponse(request, "members/people/person.html", context)


def contact(request, page, slug):
    person = _public_person(slug)
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
                return redirect(page.url + page.reverse_subpage("contact_sent", kwargs={"slug": person.slug}))
    else:
        form = ContactForm()
    context = page.get_context(request)
    context.update({"person": person, "form": form, "title": _("Write to %(name)s") % {"name": person.name}})
    return TemplateResponse(request, "members/people/contact.html", context, status=400 if form.is_bound else 200)


def contact_sent(request, page, slug):
    person = Person.objects.filter(pk=request.session.get(CONTACT_SENT_SESSION_KEY) or 0, slug=slug[:170]).first()
    if person is None:
        return redirect(page.url)
    context = page.get_context(request)
    context.update({"person": person, "title": _("Message sent")})
    return TemplateResponse(request, "members/people/contact_sent.html", context)


@require_http_methods(["GET", "POST"])
def personal_link(request, page, token):
    """The person's own page: publish (agree), hide or delete their profile."""
    person = services.person_for_token(token)
    if person is None:
        context = page.get_context(request)
        context.update({"title": _("This link does not work")})
        return TemplateResponse(request, "members/people/personal_link_invalid.html", context, status=404)
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
            context = page.get_context(request)
            context.update({"title": _("Your profile is deleted")})
            return TemplateResponse(request, "members/people/personal_link_deleted.html", context)
        elif action == "delete":
            messages.error(request, _("Tick the box to confirm the deletion."))
            return redirect(request.path)
        return redirect(request.path)
    context = page.get_context(request)
    context.update({"person": person, "title": _("Your profile in the network")})
    response = TemplateResponse(request, "members/people/personal_link.html", context)
    # A personal page: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- The member area: the structure's people ---------------------------------------------------------


@representative_required
def area_people(request):
    member = request.member
    people = Person.objects.filter(member=member).order_by("name")
    return render(request, "members/people/area_list.html", {"member": member, "people": people})


@representative_required
@require_http_methods(["GET", "POST"])
def area_person_edit(request, pk=None):
    member = request.member
    person = None
    if pk is not None:
        person = Person.objects.filter(pk=pk).first()
        if person is None or person.member_id != member.pk:
            # Another structure's person: the same answer as an unknown one.
            raise Http404
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_person(member, form.person_data(), person=person, by=request.user, language=get_language())
        except ServiceError as error:
            error.add_to_form(form)
        else:
            if person is None:
                messages.success(
                    request,
                    _("The profile is saved. The person receives an e-mail to agree to its publication."),
                )
            else:
                messages.success(request, _("The profile is saved."))
            return redirect("people:area_people")
    return render(
        request,
        "members/people/area_form.html",
        {"member": member, "form": form, "person": person},
        status=400 if form.is_bound else 200,
    )


@representative_required
@require_POST
def area_person_delete(request, pk):
    member = request.member
    person = Person.objects.filter(pk=pk, member=member).first()
    if person is None:
        raise Http404
    services.delete_profile(person, by=request.user, member=member)
    messages.success(request, _("The profile is deleted."))
    return redirect("people:area_people")


# --- The member area: alliances --------------------------------------------------------------------------


@representative_required
@require_http_methods(["GET", "POST"])
def area_alliances(request):
    member = request.member
    form = AllianceProposalForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_alliance(
                member, form.cleaned_data["partner"], purpose=form.cleaned_data["purpose"], by=request.user
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Your proposal is sent to %(name)s, whose representatives will answer it.")
                % {"name": form.cleaned_data["partner"].name},
            )
            return redirect("people:area_alliances")
    alliances = reading.alliances_of(member, statuses=(Alliance.Status.PROPOSED, Alliance.Status.ACCEPTED))
    return render(
        request,
        "members/people/area_alliances.html",
        {"member": member, "form": form, "alliances": alliances},
        status=400 if form.is_bound else 200,
    )


@representative_required
@require_POST
def area_alliance_answer(request, pk):
    member = request.member
    alliance = get_object_or_404(Alliance, pk=pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_alliance(alliance, member, accept=accept, by=request.user)
    except ServiceError as error:
        if error.code == "not_allowed":
            raise Http404 from None
        messages.error(request, error.message)
    else:
        if accept:
            messages.success(request, _("The alliance is accepted: it shows on both profiles and on the map."))
        else:
            messages.success(request, _("The proposal is declined."))
    return redirect("people:area_alliances")


@representative_required
@require_POST
def area_alliance_end(request, pk):
    member = request.member
    alliance = get_object_or_404(Alliance, pk=pk)
    try:
        services.end_alliance(alliance, member, by=request.user)
    except ServiceError as error:
        if error.code == "not_allowed":
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(request, _("The alliance has ended."))
    return redirect("people:area_alliances")
