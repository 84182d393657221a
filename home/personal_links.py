""" "Resend my links": a resident types their e-mail address and receives, by e-mail, the
personal links of everything they hold without an account (registrations, proposals,
supports…).

Each app says what it holds with the Wagtail hook `register_personal_links`: a function
`(email, language) -> list[PersonalLink]` that returns the *current* links of the address
(active, upcoming; a confirmation link is signed afresh, so an expired one works again).
A new app plugs in the same way. The public page (home.views.resend_links) answers the
same whatever the address: the links go to the address itself, never to the screen."""

from dataclasses import dataclass

from django.db import transaction
from django_tasks import task
from wagtail import hooks

from .emails import send_templated_email

HOOK = "register_personal_links"


@dataclass
class PersonalLink:
    section: str  # what kind of thing ("Registrations", "Proposals"…), already translated
    title: str  # what it is ("Journée citoyenne à Angers, 12 June")
    url: str  # absolute URL (home.services.absolute_url)
    description: str = ""  # what the link does ("view or cancel")


def personal_links(email, language):
    email = (email or "").strip()
    if not email:
        return []
    links = []
    for function in hooks.get_hooks(HOOK):
        links.extend(function(email, language))
    return links


def send_personal_links(email, language):
    """E-mail the address its personal links; nothing when it holds none (an unknown
    address receives nothing, so the page cannot be used to send e-mail to anyone)."""
    with transaction.atomic():
        links = personal_links(email, language)
        if not links:
            return 0
        sections = {}
        for link in links:
            sections.setdefault(link.section, []).append(link)
        send_templated_email(
            "emails/personal_links",
            {"sections": sections, "email": email, "language": language},
            [email],
            language=language,
        )
    return len(links)


@task()
def send_personal_links_later(email, language):
    """Run by the worker: the request answers at once, in the same time whatever the
    address (it only queues this task)."""
    return send_personal_links(email, language)
