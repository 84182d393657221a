"""Views of the practices app: the routes of its pages (library, framework, finder) and the
member area's practices. Thin: forms validate, `services` decide, `queries` read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home.models import paginate
from home.services import ServiceError
from members.access import representative_required
from members.models import Member
from members.queries import active_themes, territory_select

from . import queries, services
from .forms import FinderForm, PracticeForm
from .models import Practice


def practice_list(request, page):
    themes = active_themes()
    practices, filters = queries.filtered_practices(request.GET, themes=themes)
    practices_page = paginate(request, queries.practices_listing_data(practices).order_by("-published_at", "pk"))
    practices_page.object_list = queries.localize_practices(practices_page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = page.get_context(request)
    context.update(
        {
            "practices_page": practices_page,
            "filters": filters,
            "themes": themes,
            "competencies": queries.competency_choices(),
            "kinds": Member.Kind.choices,
            "territory_select": territory_select(filters["territory"], "practices-territory", _("Whole département")),
            "query_string": query.urlencode(),
            "is_filtered": any(filters.values()),
        }
    )
    return TemplateResponse(request, page.template, context)


def practice_detail(request, page, slug):
    practice = queries.practice_for_slug(slug[:220])
    if practice is None:
        raise Http404
    context = page.get_context(request)
    context.update(
        {
            "practice": practice,
            "title": practice.display.title,
            "events": queries.localize_events(practice.events.live().filter(locale=practice.locale)),
            "actions": roadmap_actions(practice),
        }
    )
    return TemplateResponse(request, "practices/practice_detail.html", context)


def roadmap_actions(practice):
    """The practice's roadmap actions with their title in the visitor's language."""
    from django.utils.translation import get_language

    from roadmap.models import apply_translations

    return apply_translations(list(practice.roadmap_actions.all()), get_language())


def framework(request, page):
    context = page.get_context(request)
    context["domains"] = queries.framework()
    return TemplateResponse(request, page.template, context)


def competency_detail(request, page, slug):
    competency = queries.competency_for_slug(slug[:150])
    if competency is None:
        raise Http404
    shown = queries.localized_competency(competency)
    context = page.get_context(request)
    context.update({"competency": shown, "title": shown.name, "results": queries.competency_page(competency)})
    return TemplateResponse(request, "practices/competency_detail.html", context)


def finder(request, page):
    themes = active_themes()
    submitted = any(request.GET.get(name) for name in ("competency", "theme", "territory"))
    form = FinderForm(request.GET if submitted else None, themes=themes)
    results = None
    if submitted and form.is_valid():
        results = queries.find_help(
            competency=form.cleaned_data["competency_object"],
            theme=form.cleaned_data["theme_object"],
            territory=form.cleaned_data["territory_object"],
        )
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "results": results,
            "territory": form.cleaned_data.get("territory_object") if results is not None else None,
        }
    )
    return TemplateResponse(request, page.template, context, status=400 if submitted and form.errors else 200)


# --- Member area ------------------------------------------------------------------------------------


@representative_required
def area_list(request):
    member = request.member
    practices = Practice.objects.filter(member=member).in_default_locale().order_by("-submitted_at")
    return render(request, "practices/area/list.html", {"member": member, "practices": practices})


@representative_required
@require_http_methods(["GET", "POST"])
def area_edit(request, pk=None):
    member = request.member
    practice = None
    if pk is not None:
        practice = Practice.objects.filter(pk=pk).first()
        if practice is None or practice.member_id != member.pk:
            raise Http404
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            if practice is None:
                services.submit_practice(member, form.practice_data(), by=request.user)
            else:
                services.update_practice(practice, member, form.practice_data(), by=request.user)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            if practice is None:
                messages.success(
                    request, _("Thank you! The network's staff will review your practice before it is published.")
                )
            else:
                messages.success(request, _("The practice is saved."))
            return redirect("practices:area_list")
    return render(
        request,
        "practices/area/form.html",
        {"member": member, "form": form, "practice": practice},
        status=400 if form.is_bound else 200,
    )
