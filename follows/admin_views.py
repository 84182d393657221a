"""The admin's newsletter tools: the "Send" page of a newsletter (audience count, a test
to oneself, send now, schedule) and the live audience count of the editor. Each calls
`follows.newsletter`; a refusal is shown on the page (422), never a 500."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.widgets import AdminDateTimeInput

from home.admin_views import ObjectFormView
from home.models import Theme
from home.services import ServiceError
from members.models import Commune

from . import newsletter
from .models import NewsletterPage


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(label=gettext_lazy("Send on"), widget=AdminDateTimeInput, required=False)


class SendNewsletterView(ObjectFormView):
    """The "Send" page of a newsletter: its state and audience, a test to oneself, send
    now, schedule or unschedule — each button one call of `follows.newsletter`, for whoever
    may publish the page. A refusal is shown on the page (422), never a 500."""

    model = NewsletterPage
    page_title = gettext_lazy("Send the newsletter")
    header_icon = "mail"
    template_name = "follows/admin/send.html"
    form_class = ScheduleForm

    def get_queryset(self):
        return NewsletterPage.objects.select_related("locale")

    def get_object(self, pk):
        page = super().get_object(pk)
        if not page.permissions_for_user(self.request.user).can_publish():
            raise PermissionDenied
        return page

    def get_index_url(self):
        return reverse("wagtailadmin_explore", args=[self.object.get_parent().pk])

    def get_index_label(self):
        return self.object.get_parent().title

    def get_form_kwargs(self):
        # Only the schedule button sends the form's date.
        kwargs = super().get_form_kwargs()
        if "schedule" not in self.request.POST:
            kwargs.pop("data", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = newsletter.canonical(self.object)
        source.refresh_from_db()
        context.update(
            {
                "page": self.object,
                "source": source,
                "count": newsletter.audience_count(source),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[source.pk]),
                "preview_url": reverse("wagtailadmin_pages:view_draft", args=[self.object.pk]) + "?mode=email",
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        source = newsletter.canonical(self.object)
        try:
            if "test" in request.POST:
                newsletter.send_test(self.object, request.user)
                messages.success(request, _("A test was sent to %(email)s.") % {"email": request.user.email})
            elif "send" in request.POST:
                newsletter.start_sending(source, user=request.user)
                messages.success(request, _("The newsletter is being sent."))
            elif "unschedule" in request.POST:
                newsletter.unschedule(source, user=request.user)
                messages.success(request, _("The newsletter is no longer scheduled."))
            elif "schedule" in request.POST:
                if not form.is_valid():
                    return self.form_invalid(form)
                newsletter.schedule(source, form.cleaned_data["scheduled_for"], user=request.user)
                messages.success(request, _("The newsletter is scheduled."))
            else:
                raise ServiceError(_("Choose when to send it."), code="invalid")
        except ServiceError as error:
            error.add_to_form(form)
            return self.form_invalid(form)
        return redirect("follows_admin:send", pk=self.object.pk)


def audience_count(request):
    """{"count": n} for the audience fields of the editor's form (GET), unsaved."""
    data = request.GET
    page = NewsletterPage(
        to_subscribers=data.get("to_subscribers") in ("on", "true", "1"),
        to_representatives=data.get("to_representatives") in ("on", "true", "1"),
        to_participants=data.get("to_participants") in ("on", "true", "1"),
        audience_intercommunality=(data.get("audience_intercommunality") or "")[:255],
    )
    commune_id = data.get("audience_commune", "")
    if commune_id.isdigit() and len(commune_id) < 18:
        page.audience_commune = Commune.objects.filter(pk=int(commune_id)).first()
    theme_id = data.get("audience_theme", "")
    if theme_id.isdigit() and len(theme_id) < 18:
        page.audience_theme = Theme.objects.filter(pk=int(theme_id)).first()
    return JsonResponse({"count": newsletter.audience_count(page)})
