"""Thin public views of the network's life: an invited guest's link, date polls, attendance
certificates and their verification, and the member area's proposals and polls. They read
forms and call `workshops.services`."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from home.forms import form_status
from home.ratelimits import over_limit, rate_limited
from home.services import ServiceError
from members.access import representative_required

from . import certificates, services
from .forms import (
    CertificateLookupForm,
    EventProposalForm,
    InvitationAcceptForm,
    MemberPollForm,
    PollAnswerForm,
    PollJoinForm,
)
from .models import DatePoll, EventProposal, Invitation, PollAnswer, busy
from .notifications import localized_page
from .tokens import registration_for_token, unsign


def _problem(request, title, message, status):
    """A clear page for a link that cannot be used (never a 500)."""
    return TemplateResponse(request, "workshops/link_problem.html", {"title": title, "message": message}, status=status)


# --- Invitations -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    if over_limit(request, "workshops.invitation"):
        return rate_limited(request, None)
    raw = unsign(token, "invitation")
    invitation = (
        Invitation.objects.select_related("event").filter(token=raw, anonymised_at__isnull=True).first()
        if raw
        else None
    )
    if invitation is None:
        return _problem(
            request,
            _("Invitation not found"),
            _("This invitation link is not valid. Check that you copied the whole address from the e-mail."),
            404,
        )
    event = localized_page(invitation.event, get_language())
    now = timezone.now()
    if invitation.status == Invitation.Status.ACCEPTED:
        return _problem(
            request,
            _("Invitation already used"),
            _("You have already registered with this invitation: your personal link is in the confirmation e-mail."),
            410,
        )
    if invitation.status != Invitation.Status.PENDING or invitation.event.cancelled or invitation.event.start <= now:
        return _problem(request, _("Invitation no longer valid"), services.InvitationInvalid.message, 410)
    if invitation.expires_at <= now:
        return _problem(request, _("Invitation expired"), services.InvitationExpired.message, 410)
    form = InvitationAcceptForm(request.POST or None, initial={"name": invitation.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.accept_invitation(
                invitation,
                name=data["name"],
                commune=data.get("commune"),
                needs=data.get("needs", ""),
                organisation=data.get("organisation", ""),
                sector=data.get("sector", ""),
                listed_in_report=data.get("listed_in_report", False),
                language=get_language(),
            )
        except services.RegistrationBusy:
            return busy(request)
        except services.InvitationExpired as error:
            return _problem(request, _("Invitation expired"), error.message, 410)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Your seat is confirmed. We have sent you an e-mail."))
            return redirect(registration.personal_url())
    return TemplateResponse(
        request,
        "workshops/invitation.html",
        {"invitation": invitation, "event": event, "form": form},
        status=form_status(form),
    )


# --- Date polls ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def poll(request, slug):
    """A poll's public page: its slots with the counts of answers (no names); a public,
    open poll offers to answer (a personal link is e-mailed to confirm the address)."""
    if over_limit(request, "workshops.poll"):
        return rate_limited(request, None)
    poll = get_object_or_404(DatePoll, slug=slug)
    form = None
    if poll.is_public and poll.is_open:
        form = PollJoinForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.ask_to_answer(
                    poll, name=form.cleaned_data["name"], email=form.cleaned_data["email"], language=get_language()
                )
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("We have sent you an e-mail: open the link in it to give your answers."))
                return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("This poll is closed: answers are no longer accepted."))
        return redirect(request.path)
    results = services.poll_results(poll)
    return TemplateResponse(
        request,
        "workshops/poll.html",
        {"poll": poll, "results": results, "form": form, "show_names": False},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def poll_answer(request, token):
    if over_limit(request, "workshops.poll_answer"):
        return rate_limited(request, None)
    respondent = services.respondent_for_token(token)
    if respondent is None:
        return _problem(
            request,
            _("Link not found"),
            _("This poll link is not valid. Check that you copied the whole address from the e-mail."),
            404,
        )
    poll = respondent.poll
    slots = list(poll.slots.all())
    answers = dict(PollAnswer.objects.filter(respondent=respondent).values_list("slot_id", "choice"))
    form = PollAnswerForm(request.POST or None, slots=slots, answers=answers, initial={"name": respondent.name})
    if request.method == "GET":
        services.confirm_respondent(respondent)
    if request.method == "POST":
        if not poll.is_open:
            messages.error(request, _("This poll is closed: answers can no longer be changed."))
            return redirect(request.path)
        if form.is_valid():
            try:
                services.answer_poll(respondent, form.choices(), name=form.cleaned_data["name"])
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Your answers are saved. You can change them with this link."))
                return redirect(request.path)
    return TemplateResponse(
        request,
        "workshops/poll_answer.html",
        {
            "poll": poll,
            "respondent": respondent,
            "form": form,
            "results": services.poll_results(poll),
            "show_names": True,
        },
        status=form_status(form),
    )


# --- Attendance certificates -----------------------------------------------------------------


def _registration(token):
    registration = registration_for_token(token)
    if registration is None:
        raise Http404
    return registration


@require_http_methods(["GET"])
def certificate_pdf(request, token):
    registration = _registration(token)
    try:
        certificate = services.certificate_for(registration)
    except ServiceError as error:
        return _problem(request, _("No attendance certificate"), error.message, 409)
    content = certificates.render_pdf(certificate, language=get_language())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{certificate.code}.pdf"'
    return response


@require_POST
def certificate_send(request, token):
    if over_limit(request, "workshops.certificate"):
        return rate_limited(request, None)
    registration = _registration(token)
    try:
        services.send_certificate(registration)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("We have sent your attendance certificate to your e-mail address."))
    return redirect(registration.personal_url())


def certificate_verify(request, code=None):
    """Public: is a certificate genuine? Works after the purge, without the holder's name.
    Rate-limited per address, so that codes cannot be enumerated to collect names."""
    if code is not None and over_limit(request, "workshops.certificate_verify", "30/m", method="GET"):
        return rate_limited(request, None)
    form = CertificateLookupForm(request.GET or None)
    if code is None and form.is_valid():
        return redirect("workshops:certificate_verify", code=form.cleaned_data["code"].strip().upper())
    certificate = services.certificate_by_code(code) if code else None
    status = 200
    if code and certificate is None:
        status = 404
    return TemplateResponse(
        request,
        "workshops/certificate_verify.html",
        {"form": form, "code": code, "certificate": certificate},
        status=status,
    )


# --- Member area -----------------------------------------------------------------------------


@representative_required
@require_http_methods(["GET", "POST"])
def propose_event(request):
    form = EventProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.propose_event(
                request.member,
                by=request.user,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
                place_name=data.get("place_name", ""),
                commune=data.get("commune"),
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Your proposal is sent to the network's staff. You will see its status here."))
            return redirect("members:dashboard")
    return TemplateResponse(
        request,
        "workshops/member_propose_event.html",
        {"form": form, "member": request.member},
        status=form_status(form),
    )


@representative_required
@require_http_methods(["GET", "POST"])
def member_poll(request):
    """A representative proposes time slots for a meeting their structure hosts."""
    form = MemberPollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.create_poll(
                title=data["title"],
                description=data.get("description", ""),
                kind=data["kind"],
                host_member=request.member,
                is_public=data.get("is_public", False),
                slots=form.slots(),
                by=request.user,
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Your date poll is open. Share its address; the network's staff can invite people to it."),
            )
            return redirect(poll.public_url())
    return TemplateResponse(
        request,
        "workshops/member_poll_form.html",
        {"form": form, "member": request.member},
        status=form_status(form),
    )


def member_proposals(member):
    return list(EventProposal.objects.filter(member=member).select_related("event").order_by("-created_at")[:20])


def member_polls(member):
    return list(DatePoll.objects.filter(host_member=member).order_by("-created_at")[:10])


def propose_url():
    return reverse("workshops:propose_event")
