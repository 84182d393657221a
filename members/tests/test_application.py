import pytest
from django.core import mail
from django.core.cache import cache
from wagtail.models import ModelLogEntry

from members.models import Member

from .conftest import application_data
from .factories import make_member

pytestmark = pytest.mark.django_db

APPLY_URL = "/annuaire/adherer/"


def post(client, url=APPLY_URL, **overrides):
    return client.post(url, application_data(**overrides))


def test_the_form_is_reachable_from_the_directory(client, directory):
    response = client.get("/annuaire/")
    assert APPLY_URL in response.content.decode()
    response = client.get(APPLY_URL)
    assert response.status_code == 200
    assert 'name="accept_charter"' in response.content.decode()


def test_valid_commune_application_creates_a_pending_member_and_emails(client, directory, settings):
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == "/annuaire/adherer/envoyee/"
    member = Member.objects.get()
    assert member.status == Member.Status.PENDING
    assert member.seat_commune.insee_code == "49007"
    assert member.charter_accepted_at is not None
    assert member.language == "fr"
    assert ModelLogEntry.objects.for_instance(member).filter(action="members.apply").exists()
    recipients = [message.to for message in mail.outbox]
    assert ["camille@angers.example"] in recipients
    assert len(mail.outbox) == 2  # the applicant and the staff
    assert "Angers" in mail.outbox[0].subject
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "camille@angers.example" in confirmation.content.decode()


def test_confirmation_page_without_an_application_goes_back_to_the_form(client, directory):
    response = client.get("/annuaire/apply/sent/")
    assert response.status_code == 302
    assert response["Location"] == APPLY_URL


def test_valid_association_application_in_english(client, directory, communes):
    response = post(
        client,
        url="/en/directory/apply/",
        kind="association",
        name="Les Amis du débat",
        insee_code="",
        rna="W491234567",
        seat_commune=str(communes["49099"].pk),
        contact_email="amis@example.org",
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/directory/apply/sent/"
    member = Member.objects.get()
    assert member.kind == "association"
    assert member.rna == "W491234567"
    assert member.language == "en"
    applicant_mail = next(message for message in mail.outbox if message.to == ["amis@example.org"])
    assert "Application received" in applicant_mail.subject


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"insee_code": ""}, "insee_code"),
        ({"insee_code": "49999"}, "insee_code"),
        ({"insee_code": "49099"}, "insee_code"),  # Cholet's code with Angers' name
        ({"insee_code": "ABCDE"}, "insee_code"),
        ({"kind": "association", "insee_code": "", "rna": "", "siren": ""}, "rna"),
        ({"kind": "association", "insee_code": "", "rna": "W12345"}, "rna"),
        ({"kind": "association", "insee_code": "", "siren": "200071117"}, "siren"),
        ({"kind": "association", "insee_code": "", "siren": "12345678"}, "siren"),
        ({"kind": "intercommunality", "insee_code": "", "siren": ""}, "siren"),
        ({"kind": "association", "insee_code": "49007", "rna": "W491234567"}, "insee_code"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"accept_charter": None}, "accept_charter"),
        ({"accept_privacy": None}, "accept_privacy"),
        ({"name": "x" * 300}, "name"),
        ({"kind": "unknown"}, "kind"),
        ({"themes": ["99999999999999999999999"]}, "themes"),  # beyond SQLite's integers: was a 500
    ],
)
def test_invalid_input_is_refused_field_by_field_and_nothing_is_lost(client, directory, communes, overrides, field):
    if overrides.get("kind") in ("association", "intercommunality"):
        overrides.setdefault("seat_commune", str(communes["49007"].pk))
    response = post(client, **overrides)
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors
    assert not Member.objects.exists()
    assert not mail.outbox
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "Boulevard de la Résistance" in html  # what was typed is kept
    if field not in ("kind", "themes"):  # a choice group's error links to the summary's first field
        assert f'href="#id_{field}"' in html


def test_association_needs_a_seat_commune(client, directory):
    response = post(client, kind="association", insee_code="", rna="W491234567")
    assert response.status_code == 422
    assert "seat_commune" in response.context["form"].errors


def test_application_for_an_existing_member_is_refused(client, directory, communes):
    make_member(name="Angers")
    response = post(client)
    assert response.status_code == 422
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == ["already_member"]
    assert Member.objects.count() == 1
    assert not mail.outbox


def test_application_already_pending_is_refused_by_identifier(client, directory, communes):
    make_member(
        name="Les Amis",
        kind="association",
        status="pending",
        rna="W491234567",
        seat_commune=communes["49007"],
    )
    response = post(
        client,
        kind="association",
        name="Amis (autre nom)",
        insee_code="",
        rna="W 491 234 567",
        seat_commune=str(communes["49007"].pk),
    )
    assert response.status_code == 422
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == ["already_pending"]
    assert Member.objects.count() == 1


def test_a_rejected_structure_may_apply_again(client, directory, communes):
    make_member(name="Angers", status="rejected")
    assert post(client).status_code == 302
    assert Member.objects.filter(status="pending").count() == 1


def test_honeypot_refuses_the_application(client, directory):
    response = post(client, website="http://spam.example")
    assert response.status_code == 422
    assert not Member.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("token", ["", "tampered", "eyJhIjoxfQ:1abc:bad"])
def test_missing_or_tampered_time_token_refuses_the_application(client, directory, token):
    response = post(client, form_started=token)
    assert response.status_code == 422
    assert not Member.objects.exists()


def test_too_fast_submission_is_refused(client, directory, settings):
    import time

    from django.core import signing

    from home.forms import FORM_TOKEN_SALT

    settings.FORM_MIN_FILL_SECONDS = 30
    response = post(client, form_started=signing.dumps(time.time(), salt=FORM_TOKEN_SALT))
    assert response.status_code == 422
    assert not Member.objects.exists()


def test_rate_limit_blocks_after_ten_posts_a_minute(client, directory):
    cache.clear()
    for _ in range(10):
        assert post(client, name="", insee_code="").status_code == 422
    response = post(client)
    assert response.status_code == 429
    assert not Member.objects.exists()
