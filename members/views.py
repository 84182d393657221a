"""Views of the members app: the directory's routes (called by DirectoryPage) and the
member area. Thin: forms validate, `moderation` decides, templates only read."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from home.models import paginate
from home.ratelimits import over_limit
from home.text_search import french_order, sort_french
from home.views import rate_limited

from . import queries as reading
from . import services
from .access import representative_required
from .forms import (
    InviteColleagueForm,
    LeaveNetworkForm,
    LoginForm,
    MemberPasswordResetForm,
    MemberProfileForm,
    MembershipApplicationForm,
)
from .models import Member

APPLIED_SESSION_KEY = "members:applied"


def _site_url(request):
    """The site's public address (one source: home.services.site_root_url), not the
    request's Host header."""
    from home.services import absolute_url

    return absolute_url("/")


def hook_sections(hook_name, request, member):
    sections = []
    for fn in hooks.get_hooks(hook_name):
        sections.extend(fn(request, member))
    return sections


# --- Directory routes --------------------------------------------------------------------


def directory(request, page):
    themes = reading.active_themes()
    members, filters = reading.filtered_members(request.GET, themes)
    members_page = paginate(request, reading.with_listing_data(members).order_by(*french_order("name"), "pk"))
    names = reading.theme_names(themes)
    for member in members_page:
        member.theme_names = sort_french(
            {names[t.translation_key] for t in member.themes.all() if t.translation_key in names}, str
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = page.get_context(request)
    context.update(
        {
            "members_page": members_page,
            "filters": filters,
            "themes": themes,
            "kinds": Member.Kind.choices,
            "territories": reading.territories(),
            "map_html": reading.map_html(page.url),
            "query_string": query.urlencode(),
            "is_filtered": any(filters.values()),
        }
    )
    return TemplateResponse(request, page.template, context)


def apply(request, page):
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
                return redirect(page.url + page.reverse_subpage("applied"))
    else:
        form = MembershipApplicationForm()
    context = page.get_context(request)
    context.update({"form": form, "title": _("Apply to join the network")})
    return TemplateResponse(request, "members/apply.html", context, status=400 if form.is_bound else 200)


def applied(request, page):
    member = Member.objects.filter(pk=request.session.get(APPLIED_SESSION_KEY) or 0).first()
    if member is None:
        return redirect(page.url + page.reverse_subpage("apply"))
    context = page.get_context(request)
    context.update({"member": member, "title": _("Application received")})
    return TemplateResponse(request, "members/applied.html", context)


def profile(request, page, slug):
    member = (
        Member.objects.approved()
        .select_related("seat_commune", "logo")
        .defer("seat_commune__contour")
        .prefetch_related("themes")
        .filter(slug=slug)
        .first()
    )
    if member is None:
        raise Http404
    names = reading.theme_names(reading.active_themes())
    member.theme_names = sort_french({names.get(t.translation_key, t.name) for t in member.themes.all()}, str)
    context = page.get_context(request)
    context.update(
        {
            "member": member,
            "title": member.name,
            "sections": hook_sections("register_member_profile_sections", request, member),
        }
    )
    return TemplateResponse(request, "members/profile.html", context)


# --- Member area ---------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "members/area/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("members:dashboard")

    def post(self, request, *args, **kwargs):
        if over_limit(request, "members.login"):
            return rate_limited(request, None)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("members:logged_out")


def logged_out(request):
    return render(request, "members/area/logged_out.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "members/area/password_reset.html"
    form_class = MemberPasswordResetForm
    email_template_name = "members/emails/password_reset.txt"
    html_email_template_name = "members/emails/password_reset.html"
    subject_template_name = "members/emails/password_reset_subject.txt"
    success_url = reverse_lazy("members:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"site_url": _site_url(self.request).rstrip("/")}
        return super().form_valid(form)

    def post(self, request, *args, **kwargs):
        if over_limit(request, "members.password_reset"):
            return rate_limited(request, None)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/area/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/area/password_reset_confirm.html"
    success_url = reverse_lazy("members:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/area/password_reset_complete.html"


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The set-password link sent on approval or by a colleague: expiring, single use."""
    try:
        user = services.user_for_invitation(token)
    except services.InvitationError as error:
        return render(request, "members/area/invitation_invalid.html", {"reason": error.reason}, status=400)
    if request.method == "POST":
        form = SetPasswordForm(user, request.POST)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your password is set. Welcome to the member area."))
            return redirect("members:dashboard")
    else:
        form = SetPasswordForm(user)
    return render(
        request,
        "members/area/invitation.html",
        {"form": form, "invited_user": user},
        status=400 if form.is_bound else 200,
    )


@representative_required
def dashboard(request):
    member = request.member
    colleagues = member.representatives.select_related("user").order_by("created_at")
    return render(
        request,
        "members/area/dashboard.html",
        {
            "member": member,
            "colleagues": colleagues,
            "sections": hook_sections("register_member_area_sections", request, member),
        },
    )


@representative_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    member = request.member
    if request.method == "POST":
        form = MemberProfileForm(request.POST, request.FILES, instance=member)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                changes = services.request_identity_change(member, form.identity_changes, by=request.user)
            if changes:
                messages.info(
                    request,
                    _(
                        "Your profile is saved. The changes to the kind, name or identifiers are sent to the "
                        "network's staff: the directory shows the approved values until they are checked."
                    ),
                )
            else:
                messages.success(request, _("Your profile is saved."))
            return redirect("members:dashboard")
    else:
        form = MemberProfileForm(instance=member)
    return render(
        request,
        "members/area/profile_form.html",
        {"form": form, "member": member},
        status=400 if form.is_bound else 200,
    )


@representative_required
@require_http_methods(["GET", "POST"])
def invite_colleague(request):
    member = request.member
    if request.method == "POST":
        form = InviteColleagueForm(request.POST)
        if form.is_valid():
            try:
                services.invite_representative(
                    member,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                    invited_by=request.user,
                    site_url=_site_url(request),
                    language=get_language(),
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("The invitation is sent."))
                return redirect("members:dashboard")
    else:
        form = InviteColleagueForm()
    return render(
        request, "members/area/invite.html", {"form": form, "member": member}, status=400 if form.is_bound else 200
    )


@representative_required
@require_http_methods(["GET", "POST"])
def leave_network(request):
    """A representative withdraws their own structure, after a confirmation."""
    member = request.member
    form = LeaveNetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.leave_network(member, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("%(name)s has left the network. Thank you for taking part; you are welcome back at any time.")
            % {"name": member.name},
        )
        return redirect("/")
    return render(
        request, "members/area/leave.html", {"form": form, "member": member}, status=400 if form.is_bound else 200
    )
