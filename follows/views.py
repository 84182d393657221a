"""Thin public views of follows and the newsletter: they call `follows.services` and
render. Every refusal is a clear page (invalid, expired or replayed link, something that
can no longer be followed, too many attempts), never a server error."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from home.forms import INVALID_FORM_STATUS, form_status
from home.ratelimits import over_limit, rate_limited
from home.services import ServiceError

from . import queries, services
from .forms import FollowForm, NewsletterSignupForm, PreferencesForm, ResendLinkForm
from .models import Consent, Follow


def _language():
    return services.language_or_default(get_language())


def _result(request, title, message, *, status=200, error=False, extra=None):
    context = {"title": title, "message": message, "error": error, **(extra or {})}
    return render(request, "follows/result.html", context, status=status)


def _refused(request, error):
    status = {"expired": 410, "gone": 404, "not_found": 404}.get(error.code, 400)
    return _result(
        request,
        _("Link not valid") if status != 404 else _("Not available"),
        error.message,
        status=status,
        error=True,
        extra={"code": error.code},
    )


@require_http_methods(["GET", "POST"])
def follow(request, kind):
    """ "Suivre": the form to follow an action, the roadmap, the agenda (?commune=,
    ?intercommunality=, ?theme=), an event, a member or a proposal (?id=)."""
    if over_limit(request, "follows.follow"):
        return rate_limited(request, None)
    language = _language()
    params = request.POST if request.method == "POST" else request.GET
    try:
        target = queries.resolve(kind, params, language)
    except ServiceError as error:
        return _refused(request, error)
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_follow(
                form.cleaned_data["email"], target, language=language, newsletter=form.cleaned_data["newsletter"]
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            return render(request, "follows/check_email.html", {"target": target})
    hidden = {name: params.get(name, "") for name in ("id", "commune", "intercommunality", "theme") if params.get(name)}
    status = form_status(form)
    return render(request, "follows/follow.html", {"form": form, "target": target, "hidden": hidden}, status=status)


@never_cache  # personal links: never in the page cache
def confirm(request, token):
    try:
        result = services.confirm(token)
    except ServiceError as error:
        if error.code == "expired":
            return _result(
                request,
                _("Link expired"),
                error.message,
                status=410,
                error=True,
                extra={"code": error.code, "resend_token": token},
            )
        return _refused(request, error)
    return render(
        request,
        "follows/confirmed.html",
        {"result": result, "manage_url": services.manage_path(result.subscriber)},
    )


@require_POST
def confirm_again(request, token):
    if over_limit(request, "follows.resend"):
        return rate_limited(request, None)
    services.resend_confirmation(token)
    return render(request, "follows/check_email.html", {})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The personal page: what this address follows, how often, the newsletter; stop one
    follow or all."""
    try:
        subscriber = services.subscriber_for_manage_token(token)
    except ServiceError as error:
        return _refused(request, error)
    language = _language()
    form = PreferencesForm(
        request.POST if "save" in request.POST else None,
        initial={"frequency": subscriber.frequency, "newsletter": subscriber.newsletter},
    )
    if request.method == "POST":
        try:
            if "stop_all" in request.POST:
                services.stop_all(subscriber)
                messages.success(request, _("You follow nothing any more and will not receive the newsletter."))
            elif "stop" in request.POST:
                services.stop_follow(subscriber, queries._int(request.POST.get("stop")))
                messages.success(request, _("This follow is stopped."))
            elif form.is_valid():
                services.set_frequency(subscriber, form.cleaned_data["frequency"])
                services.set_newsletter(subscriber, form.cleaned_data["newsletter"], language)
                messages.success(request, _("Your choices are saved."))
            else:
                return render(
                    request,
                    "follows/manage.html",
                    _manage_context(subscriber, form, language),
                    status=INVALID_FORM_STATUS,
                )
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect(request.path)
    return render(request, "follows/manage.html", _manage_context(subscriber, form, language))


def _manage_context(subscriber, form, language):
    follows = queries.describe(
        Follow.objects.filter(subscriber=subscriber).select_related("commune").defer("commune__contour"), language
    )
    return {
        "subscriber": subscriber,
        "follows": follows,
        "confirmed": [f for f in follows if f.is_confirmed],
        "pending": [f for f in follows if not f.is_confirmed],
        "form": form,
    }


@require_http_methods(["GET", "POST"])
def resend_link(request):
    """ "Find my follows": the personal page's link, sent again."""
    if over_limit(request, "follows.resend"):
        return rate_limited(request, None)
    form = ResendLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_manage_link(form.cleaned_data["email"], _language())
        return render(request, "follows/check_email.html", {"resend": True})
    return render(request, "follows/resend.html", {"form": form}, status=form_status(form))


@never_cache
@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", without a token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET (the visible link) asks to confirm with one button, so that a link checker
    opening it unsubscribes nobody; POST (that button, or the mail program) does it."""
    try:
        email, scope = services.read_unsubscribe_token(token)
    except ServiceError as error:
        return _refused(request, error)
    if request.method == "GET":
        return render(request, "follows/unsubscribe.html", {"email": email, "scope": scope})
    if over_limit(request, "follows.unsubscribe", "60/m"):
        return rate_limited(request, None)
    result = services.unsubscribe(token)
    manage_url = ""
    if result.subscriber is not None and result.subscriber.pk and result.subscriber.follows.exists():
        manage_url = services.manage_path(result.subscriber)
    return render(request, "follows/unsubscribed.html", {"result": result, "manage_url": manage_url})


@csrf_exempt  # the footer's form is on cached pages, which carry no CSRF token
@require_http_methods(["GET", "POST"])
def newsletter_signup(request):
    if over_limit(request, "follows.signup"):
        return rate_limited(request, None)
    form = NewsletterSignupForm(request.POST or None, prefix="newsletter")
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe_newsletter(
                form.cleaned_data["email"], language=_language(), source=Consent.Source.FOOTER
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            return render(request, "follows/check_email.html", {"newsletter": True})
    return render(request, "follows/newsletter_signup.html", {"form": form}, status=form_status(form))
