"""The admin's newsletter tools: the "Send" page of a newsletter (audience count, a test
to oneself, send now, schedule) and the live audience count of the editor. Each calls
`follows.newsletter`; a refusal is shown as a message, never a 500."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.widgets import AdminDateTimeInput

from home.models import Theme
from home.services import ServiceError
from members.models import Commune

from . import newsletter
from .models import NewsletterPage


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(label=gettext_lazy("Send on"), widget=AdminDateTimeInput, required=False)


def _page_for(request, pk):
    page = get_object_or_404(NewsletterPage.objects.select_related("locale"), pk=pk)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return page


def send_newsletter(request, pk):
    page = _page_for(request, pk)
    source = newsletter.canonical(page)
    form = ScheduleForm(request.POST if "schedule" in request.POST else None)
    if request.method == "POST":
        try:
            if "test" in request.POST:
                newsletter.send_test(page, request.user)
                messages.success(request, _("A test was sent to %(email)s.") % {"email": request.user.email})
            elif "send" in request.POST:
                newsletter.start_sending(source, user=request.user)
                messages.success(request, _("The newsletter is being sent."))
            elif "unschedule" in request.POST:
                newsletter.unschedule(source, user=request.user)
                messages.success(request, _("The newsletter is no longer scheduled."))
            elif "schedule" in request.POST and form.is_valid():
                newsletter.schedule(source, form.cleaned_data["scheduled_for"], user=request.user)
                messages.success(request, _("The newsletter is scheduled."))
            else:
                raise ServiceError(_("Choose when to send it."), code="invalid")
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("follows_admin:send", pk=page.pk)
    source.refresh_from_db()
    context = {
        "page": page,
        "source": source,
        "count": newsletter.audience_count(source),
        "form": form,
        "header_title": _("Send the newsletter"),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[source.pk]),
        "preview_url": reverse("wagtailadmin_pages:view_draft", args=[page.pk]) + "?mode=email",
    }
    return TemplateResponse(request, "follows/admin/send.html", context)


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
