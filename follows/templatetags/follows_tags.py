"""`{% follow_button "action" action.pk %}`, `{% follow_button "agenda" commune="49007" %}`:
the "Follow" button where each followable thing lives; `{% footer_signup %}`: the
newsletter's sign-up form in the footer."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from follows.services import NEWSLETTER_WORDING

register = template.Library()


@register.inclusion_tag("follows/includes/follow_button.html")
def follow_button(kind, target_id=None, *, label="", commune="", intercommunality="", theme=""):
    params = {
        name: value
        for name, value in (
            ("id", target_id),
            ("commune", commune),
            ("intercommunality", intercommunality),
            ("theme", theme),
        )
        if value
    }
    url = reverse("follows:follow", kwargs={"kind": kind})
    return {"follow_url": url + (f"?{urlencode(params)}" if params else ""), "follow_label": label}


@register.inclusion_tag("follows/includes/footer_signup.html")
def footer_signup():
    return {"newsletter_wording": NEWSLETTER_WORDING}
