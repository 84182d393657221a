"""Protection of public forms against bots, without any third-party service:
a honeypot field that people never see, and a signed time token that refuses
forms sent faster than a person can fill them, replayed days later, or sent a second
time (each token is accepted once: its use is recorded in the shared cache; with the
cache unreachable the token is accepted, like the rate limits, see settings)."""

import hashlib
import time
from html import escape as quote

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# A form sent and refused (a field's message, a rule of the service) is shown again with
# this status: 422, "Unprocessable Content" (RFC 9110 §15.5.21) — the request was read, its
# content could not be accepted. 400 stays for a request that cannot be read (home.edge,
# the API's parameters); 200 would tell a client, a test or a monitor that it was accepted.
INVALID_FORM_STATUS = 422


def form_status(*forms):
    """The status of a page showing these forms (None: not shown): `INVALID_FORM_STATUS`
    when one of them was sent and refused, else 200."""
    refused = any(form is not None and form.is_bound and form.errors for form in forms)
    return INVALID_FORM_STATUS if refused else 200


FORM_TOKEN_SALT = "home.forms.started"  # noqa: S105 — a signing salt, not a secret
FORM_TOKEN_MAX_AGE = 60 * 60 * 24  # a day to fill a form


def new_form_token():
    """A signed time token: when the form was shown (checked by `BotProtectionMixin`)."""
    return signing.dumps(time.time(), salt=FORM_TOKEN_SALT)


class BotProtectionMixin(forms.Form):
    """Add to any public form. Render `{% include "includes/bot_protection.html" %}`
    (crispy's layout does it for the forms that use FormHelper) inside the <form>."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    bot_fields = ("website", "form_started")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh token each time the form is shown, so a re-displayed form stays valid.
        self.initial["form_started"] = new_form_token()
        if self.is_bound:
            data = self.data.copy()
            self._submitted_token = data.get(self.add_prefix("form_started"), "")
            data[self.add_prefix("form_started")] = self.initial["form_started"]
            self.data = data

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent. Please try again."), code="honeypot")
        try:
            started = signing.loads(self._submitted_token, salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("This form was open for too long. Check your answers and send it again."), code="expired"
            ) from None
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(_("This form could not be sent. Please try again."), code="token") from None
        if time.time() - float(started) < settings.FORM_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("This form was sent too quickly. Check your answers and send it again."), code="too_fast"
            )
        if not first_use_of_token(self._submitted_token):
            raise forms.ValidationError(
                _("This form was already sent. Check your answers and send it again if needed."), code="replayed"
            )
        return cleaned_data


def first_use_of_token(token):
    """Record the use of a form's time token; False when it was used before."""
    cache = caches[settings.RATELIMIT_USE_CACHE]
    key = "form-token-used:" + hashlib.sha256(token.encode()).hexdigest()
    if cache.add(key, 1, FORM_TOKEN_MAX_AGE + 60):
        return True
    # Not added: used before, or the cache is unreachable (home.cache then answers None).
    return cache.get(key) is None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, where an id beyond the database's integer range is an invalid choice:
    SQLite raises OverflowError on it inside an `IN` lookup (a server error)."""

    ID_RANGE = range(-(2**63), 2**63)

    def _check_values(self, value):
        for item in value if isinstance(value, (list, tuple)) else ():
            try:
                number = int(str(item).strip())
            except ValueError:
                continue  # Django answers "not a valid value" itself.
            if number not in self.ID_RANGE:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


def _text(value):
    """`conditional_escape()` without its overhead, for thousands of labels."""
    return value.__html__() if hasattr(value, "__html__") else quote(str(value))


def _attributes(attrs):
    """HTML attributes as Django's widget templates write them, in the same order."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class LongSelect(forms.Select):
    """Django's select, rendered in Python rather than through one template per option:
    the same markup, for lists of hundreds or thousands of options (the communes of the
    département, the members in a filter)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        parts = [f'<select name="{escape(name)}"{_attributes(attrs)}>']
        found = False

        def option(option_value, label):
            nonlocal found
            text = "" if option_value is None else str(option_value)
            chosen = not found and text in selected
            found = found or chosen
            mark = " selected" if chosen else ""
            return f'<option value="{quote(text)}"{mark}>{_text(label)}</option>'

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">')
                parts.extend(option(*choice) for choice in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        # Every name, value and label above is escaped.
        return mark_safe("".join(parts))  # noqa: S308


class ReportContentForm(BotProtectionMixin, forms.Form):
    """ "Report this content": why, and optionally an address to hear back."""

    reason = forms.CharField(
        label=_("What is wrong with this content?"),
        help_text=_("For instance: insulting, personal data, advertising, off topic."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("Only to answer you about this report; deleted with the report."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def visible_fields_in_order(self):
        return [self[name] for name in self.fields if name not in self.bot_fields]


class ResendLinksForm(BotProtectionMixin, forms.Form):
    """ "Resend my links": the address that should receive its personal links."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The one you used to register, propose or support."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
