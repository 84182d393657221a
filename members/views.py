"""The member area (plain URLs, see urls.py and people_urls.py): log in and out, password
reset, the invitation link, the structure's profile, colleagues, people and alliances.
Thin: forms validate, `services` decide, templates only read. The public pages (the
directories, a profile, the application form, the contact relay) are the routes of the pages
in models.py."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from home.forms import form_status
from home.ratelimits import over_limit, rate_limited
from home.services import ServiceError, absolute_url

from . import queries, services
from .access import representative_required
from .forms import (
    AllianceProposalForm,
    InviteColleagueForm,
    LeaveNetworkForm,
    LoginForm,
    MemberPasswordResetForm,
    MemberProfileForm,
    PersonForm,
)
from .models import Alliance, Person

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
        self.extra_email_context = {"site_url": absolute_url("/").rstrip("/")}
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
        status=form_status(form),
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
            "sections": queries.hook_sections("register_member_area_sections", request, member),
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
        status=form_status(form),
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
                    site_url=absolute_url("/"),
                    language=get_language(),
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("The invitation is sent."))
                return redirect("members:dashboard")
    else:
        form = InviteColleagueForm()
    return render(request, "members/area/invite.html", {"form": form, "member": member}, status=form_status(form))


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
    return render(request, "members/area/leave.html", {"form": form, "member": member}, status=form_status(form))


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
        status=form_status(form),
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
    alliances = queries.alliances_of(member, statuses=(Alliance.Status.PROPOSED, Alliance.Status.ACCEPTED))
    return render(
        request,
        "members/people/area_alliances.html",
        {"member": member, "form": form, "alliances": alliances},
        status=form_status(form),
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
