"""The member area's practices (served by `urls.py`). The library, the framework and the finder
are the routes of their pages (`models.py`). Thin: forms validate, `services` decide."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home.forms import form_status
from home.services import ServiceError
from members.access import representative_required

from . import services
from .forms import PracticeForm
from .models import Practice

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
        status=form_status(form),
    )
