"""The admin's views of the home app, and the bases of every app's admin views:
`ObjectFormView` (a view of one object) and `ConfirmView` (a state change confirmed).

Staff view for the RGPD tools (Settings → Personal data): type an e-mail address,
download everything held about it as JSON, or erase it after a confirmation step.
For superusers and the staff given the "Can export and erase personal data (RGPD)"
permission (in a group, Settings → Groups): erasing cannot be undone and reaches every app."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from post_office.models import STATUS, Email
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import contributions
from .emails import resend
from .forms import form_status
from .models import ContentReport, Publication
from .personal_data import erase_personal_data, export_personal_data
from .services import ServiceError


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))


def can_manage_personal_data(user):
    return user.is_active and user.has_perm("home.manage_personal_data")


class RefusedFormStatusMixin:
    """A form view whose refused form is shown again with its messages and answered as
    every refused form of the site (422, `home.forms.form_status`)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = form_status(form)
        return response


class PersonalDataView(RefusedFormStatusMixin, WagtailAdminTemplateMixin, FormView):
    """Type an address; "Download as JSON" exports what the site holds about it, "Erase…"
    shows what would go and asks to confirm, and the confirmation erases it."""

    template_name = "home/admin/personal_data.html"
    form_class = PersonalDataForm
    page_title = gettext_lazy("Personal data")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if "export" in self.request.POST:
            data = export_personal_data(email)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="personal-data-{slugify(email)}.json"'
            return response
        if "confirm_erase" in self.request.POST:
            counts = erase_personal_data(email)
            messages.success(
                self.request,
                _("Personal data of %(email)s erased: %(count)s records erased or anonymised.")
                % {"email": email, "count": sum(counts.values())},
            )
            return redirect("home_admin:personal_data")
        # First step of erasing: show what will go, and ask to confirm.
        preview = export_personal_data(email)["data"]
        return self.render_to_response(self.get_context_data(form=form, confirm=True, email=email, preview=preview))


class ObjectFormView(RefusedFormStatusMixin, WagtailAdminTemplateMixin, FormView):
    """The one base of the admin's views about one object: the permission, the object
    (by `pk` in the URL), the header and breadcrumbs, and a refused form answered 422 as
    everywhere on the site. Subclasses set `model`, `permission` ("app.change_model"),
    `page_title`, `template_name`, `form_class`, `index_url_name` (or `get_index_url()`)."""

    form_class = forms.Form
    model = None
    permission = None
    index_url_name = None

    def dispatch(self, request, pk):
        if self.permission and not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = self.get_object(pk)
        return super().dispatch(request, pk)

    def get_queryset(self):
        return self.model._default_manager.all()

    def get_object(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def get_index_url(self):
        return reverse(self.index_url_name)

    def get_index_label(self):
        return capfirst(self.model._meta.verbose_name_plural)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": self.get_index_url(), "label": self.get_index_label()},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"object": self.object, "index_url": self.get_index_url()})
        return context


class ConfirmView(ObjectFormView):
    """The one base of the admin's state-changing actions (approve, reject, accept, mark
    attended…): it shows the object, a sentence saying what will happen, the form (a reason
    where one is needed) and a confirm button; on POST it calls `perform()`, which calls the
    app's service. A `ServiceError` is shown on the form, never a 500.

    Subclasses set what `ObjectFormView` needs, `confirmation_message`, `button_label`,
    `success_message` (with `%(object)s`), and implement `perform(cleaned_data)`;
    `is_allowed()` says whether the action makes sense in the object's current state.
    `details_template` (optional) is included above the form to describe the object."""

    template_name = "home/admin/confirm.html"
    header_icon = "check"
    confirmation_message = ""
    button_label = gettext_lazy("Confirm")
    success_message = ""
    not_allowed_message = gettext_lazy("This action is not possible in the current state.")
    details_template = None

    def is_allowed(self):
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "allowed": self.is_allowed(),
                "confirmation_message": self.confirmation_message,
                "button_label": self.button_label,
                "not_allowed_message": self.not_allowed_message,
                "details_template": self.details_template,
            }
        )
        return context

    def perform(self, data):
        raise NotImplementedError

    def form_valid(self, form):
        if not self.is_allowed():
            messages.error(self.request, self.not_allowed_message)
            return redirect(self.get_index_url())
        try:
            self.perform(form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_index_url())

    def get_success_message(self):
        return self.success_message % {"object": self.object}


# --- Residents' contributions (home.contributions) ---------------------------------


class HideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Sent to the author and kept in the history."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class PublishContributionView(ConfirmView):
    """Base of "publish after review": set `model`, `permission`, `index_url_name`."""

    page_title = gettext_lazy("Publish this contribution")
    confirmation_message = gettext_lazy("Once published, everyone can read it on the site.")
    button_label = gettext_lazy("Publish")
    success_message = gettext_lazy("“%(object)s” is published.")

    def is_allowed(self):
        return self.object.publication != Publication.PUBLISHED

    def perform(self, data):
        contributions.publish(self.object, user=self.request.user)


class HideContributionView(ConfirmView):
    """Base of "hide with a reason": set `model`, `permission`, `index_url_name`."""

    form_class = HideForm
    header_icon = "cross"
    page_title = gettext_lazy("Hide this contribution")
    confirmation_message = gettext_lazy("It will no longer be shown on the site; its author is told why.")
    button_label = gettext_lazy("Hide")
    success_message = gettext_lazy("“%(object)s” is hidden.")

    def is_allowed(self):
        return self.object.publication != Publication.HIDDEN

    def perform(self, data):
        contributions.hide(self.object, data["reason"], user=self.request.user)


class ReportConfirmView(ConfirmView):
    permission = "home.change_contentreport"
    index_url_name = "wagtailsnippets_home_contentreport:list"
    details_template = "home/admin/report_details.html"

    def get_queryset(self):
        return ContentReport.objects.all()

    @property
    def model(self):
        return ContentReport

    def is_allowed(self):
        return self.object.outcome == ContentReport.Outcome.OPEN

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        content = contributions.content_of(self.object)
        context["content"] = content
        if content is not None:
            context["public_url"] = contributions.kind_of(content).public_url(content)
        return context


class KeepReportedView(ReportConfirmView):
    page_title = gettext_lazy("Keep the content")
    confirmation_message = gettext_lazy("The content stays on the site; the report is closed.")
    button_label = gettext_lazy("Keep the content")
    success_message = gettext_lazy("Report on “%(object)s” closed: the content is kept.")

    def perform(self, data):
        contributions.keep(self.object, user=self.request.user)


class HideReportedView(ReportConfirmView):
    form_class = HideForm
    header_icon = "cross"
    page_title = gettext_lazy("Hide the content")
    confirmation_message = gettext_lazy("It will no longer be shown on the site; its author is told why.")
    button_label = gettext_lazy("Hide")
    success_message = gettext_lazy("“%(object)s” is hidden.")

    def perform(self, data):
        content = contributions.content_of(self.object)
        if content is None:
            raise ServiceError(gettext_lazy("This content no longer exists."), code="gone")
        contributions.hide(content, data["reason"], user=self.request.user)


class ResendEmailView(ConfirmView):
    """Staff put an e-mail of the outbox (failed or waiting) back in the queue."""

    permission = "post_office.change_email"
    header_icon = "mail"
    page_title = gettext_lazy("Resend this e-mail")
    confirmation_message = gettext_lazy(
        "The e-mail goes back into the queue and the worker sends it within a minute, "
        "with a new series of tries if the mail server still fails."
    )
    button_label = gettext_lazy("Resend")
    success_message = gettext_lazy("The e-mail to %(object)s is queued again.")
    not_allowed_message = gettext_lazy("This e-mail was already sent.")
    index_url_name = "outbox:index"
    details_template = "home/admin/outbox_details.html"

    model = Email

    def is_allowed(self):
        return self.object.status != STATUS.sent

    def perform(self, data):
        resend(Email.objects.filter(pk=self.object.pk))


class ResendFailedEmailsView(WagtailAdminTemplateMixin, FormView):
    """Staff put every failed e-mail back in the queue (after a long outage of the mail
    server, for instance), after a confirmation."""

    template_name = "home/admin/outbox_resend_failed.html"
    form_class = forms.Form
    header_icon = "mail"
    page_title = gettext_lazy("Resend every failed e-mail")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("post_office.change_email"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failed"] = Email.objects.filter(status=STATUS.failed).count()
        context["index_url"] = reverse("outbox:index")
        return context

    def form_valid(self, form):
        count = resend(Email.objects.filter(status=STATUS.failed))
        messages.success(self.request, _("%(count)s e-mails queued again.") % {"count": count})
        return redirect("outbox:index")
