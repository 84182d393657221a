"""Staff view for the RGPD tools (Settings → Personal data): type an e-mail address,
download everything held about it as JSON, or erase it after a confirmation step.
For superusers and the staff given the "Can export and erase personal data (RGPD)"
permission (in a group, Settings → Groups): erasing cannot be undone and reaches every app."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from .personal_data import erase_personal_data, export_personal_data


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))


def can_manage_personal_data(user):
    return user.is_active and user.has_perm("home.manage_personal_data")


def personal_data(request):
    if not can_manage_personal_data(request.user):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    context = {"form": form, "header_title": _("Personal data")}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if "export" in request.POST:
            data = export_personal_data(email)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="personal-data-{slugify(email)}.json"'
            return response
        if "confirm_erase" in request.POST:
            counts = erase_personal_data(email)
            messages.success(
                request,
                _("Personal data of %(email)s erased: %(count)s records erased or anonymised.")
                % {"email": email, "count": sum(counts.values())},
            )
            return redirect("home_admin:personal_data")
        # First step of erasing: show what will go, and ask to confirm.
        context.update({"confirm": True, "email": email, "preview": export_personal_data(email)["data"]})
    return TemplateResponse(request, "home/admin/personal_data.html", context)
