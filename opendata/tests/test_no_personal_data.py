"""Nothing personal, proven: every API endpoint (every list page and every record, in both
languages) and every published file is read, and none may contain a private value planted
by the `world` fixture, an e-mail address, a phone number, a personal-link token or a
private field's name."""

import re

import pytest

from opendata import datasets
from workshops.tokens import make_token

from .conftest import PRIVATE

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0033\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
PRIVATE_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_role",
    "public_email",
    "rejection_reason",
    "pending_changes",
    "video_link",
    "team_leader",
    "registrations",
    '"email"',
    '"token"',
    '"needs"',
    '"author"',
    '"supporters"',
    '"moderation_note"',
    '"hidden_reason"',
    '"moderated_by"',
    '"review_note"',
    '"consented_at"',
    '"created_by"',
    '"submitted_by"',
    '"search_text"',
    '"sender_',
)


def walk_api(client):
    """Every response of the API: each resource's list (every page), then each record it
    names, and every page of Wagtail's pages API."""
    from opendata.api.views import RESOURCES

    seen = {}
    for language in ("fr", "en"):
        for resource in RESOURCES:
            kind = resource.segment
            params = "period=all&" if kind == "events" else ""
            url = f"/api/v1/{kind}/?{params}page_size=100&lang={language}"
            while url:
                response = client.get(url)
                assert response.status_code == 200, url
                seen[url] = response.content.decode()
                body = response.json()
                assert body["results"], f"{url}: nothing to look at"
                if resource.detail_record:
                    for record in body["results"]:
                        detail = f"/api/v1/{kind}/{record['id']}/?lang={language}"
                        detail_response = client.get(detail)
                        assert detail_response.status_code == 200, detail
                        seen[detail] = detail_response.content.decode()
                url = body["next"]
    for url in ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/"):
        seen[url] = client.get(url).content.decode()
    return seen


def walk_files(client):
    seen = {}
    for dataset in datasets.DATASETS:
        for extension in ("csv", "json", "schema.json"):
            for query in ("", "?lang=en"):
                url = f"/donnees/{dataset.name}.{extension}{query}"
                response = client.get(url)
                assert response.status_code == 200, url
                seen[url] = response.content.decode()
    for url in (
        "/donnees/catalogue.jsonld",
        "/donnees/catalogue.csv",
        "/donnees/catalogue.schema.json",
        "/donnees/datapackage.json",
        "/donnees-ouvertes/",
        "/en/open-data/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.content.decode()
    return seen


def leaks(text, tokens):
    """What personal data `text` contains, if any."""
    found = [value for value in PRIVATE.values() if value in text]
    found += [m.group(0) for m in EMAIL.finditer(text)]
    found += [m.group(0) for m in PHONE.finditer(text)]
    found += [token for token in tokens if token in text]
    return found


def page_body(html):
    """The open-data page without the site's footer (which shows the network's own
    contact details, set by staff for the public)."""
    return html.split('<footer class="site-footer', 1)[0]


def test_the_planted_private_data_is_really_there(world):
    """So that the test below could fail: the private values exist in the database."""
    from members.models import Member
    from workshops.models import Registration

    assert Member.objects.filter(contact_email=PRIVATE["contact_email"]).exists()
    assert Registration.objects.filter(email=PRIVATE["registrant_email"]).exists()
    assert world["workshop"].video_link == PRIVATE["video_link"]


def test_no_endpoint_or_file_contains_personal_data(client, world):
    registration = world["registration"]
    tokens = [registration.token, make_token(registration)]
    responses = {**walk_api(client), **walk_files(client)}
    assert len(responses) > 60
    problems = {}
    for url, text in responses.items():
        if url in ("/donnees-ouvertes/", "/en/open-data/", "/api/v1/docs/", "/api/v1/"):
            text = page_body(text)
        found = leaks(text, tokens)
        if url not in ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/") and not url.endswith("schema.json"):
            # Field names of private data (documentation may *say* that e-mails are masked).
            found += [name for name in PRIVATE_FIELDS if name in text]
        if found:
            problems[url] = found
    assert problems == {}


def test_the_walk_does_find_a_leak(client, world, monkeypatch):
    """The detector itself: publish a member's contact e-mail and it must be caught."""
    from opendata import queries

    original = queries.member_records

    def leaky(queryset, language="fr"):
        records = original(queryset, language)
        for record in records:
            record["description"] += " " + PRIVATE["contact_email"]
        return records

    monkeypatch.setattr(queries, "member_records", leaky)
    responses = walk_api(client)
    assert any(leaks(text, []) for text in responses.values())


def test_free_text_is_scrubbed_of_addresses_and_numbers(client, world):
    angers = client.get(f"/api/v1/members/{world['commune_member'].pk}/").json()
    assert "[…]" in angers["description"] and "@" not in angers["description"]
    history = client.get(f"/api/v1/actions/{world['action'].pk}/").json()["updates"]
    assert all("@" not in update["text"] for update in history)
