"""E-mails of every app: rendered in the recipient's language from a pair of
templates (`<name>.txt` and `<name>.html`, subject in `<name>_subject.txt`), then
sent by a background task so that a slow mail server never slows a request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django_tasks import task


def elide(text):
    from .french import elide as french_elide

    return french_elide(text)


def render_email(template_base, context, language):
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_plain_text(f"{template_base}_subject.txt", context).split())
        text = render_plain_text(f"{template_base}.txt", context)
        html = render_to_string(f"{template_base}.html", context)
        # "de Angers" → "d'Angers" once names are in (French only).
        subject, text, html = (elide(part) for part in (subject, text, html))
    return subject, text, html


def render_plain_text(template_name, context):
    """Plain-text parts are not HTML: render them without HTML escaping."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_templated_email(
    template_base, context, to, *, language=None, from_email=None, reply_to=(), headers=None, attachments=()
):
    """Render now (the context may hold model instances), send in a task.
    `reply_to`: addresses for replies; `headers`: extra headers (e.g. List-Unsubscribe);
    `attachments`: (filename, text content, mimetype) triples."""
    subject, text, html = render_email(template_base, context, language)
    deliver_email.enqueue(
        subject=subject,
        text=text,
        html=html,
        to=list(to),
        from_email=from_email or default_sender(),
        attachments=[list(a) for a in attachments],
        reply_to=list(reply_to),
        headers=dict(headers or {}),
    )


def default_sender():
    from wagtail.models import Site

    from .models import NetworkSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.DEFAULT_FROM_EMAIL
    return NetworkSettings.for_site(site).from_email


def staff_recipients():
    """Where staff notifications go: the site settings' address, else the superusers'."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from .models import NetworkSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        address = NetworkSettings.for_site(site).staff_email
        if address:
            return [address]
    return list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@task()
def deliver_email(subject, text, html, to, from_email, attachments, reply_to=(), headers=None):
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=from_email, to=to, reply_to=list(reply_to), headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
