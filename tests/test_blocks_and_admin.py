"""Every StreamField block renders; editors create pages in a French admin with the
moderation workflow on."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.blocks import BaseStreamBlock
from home.models import ContentPage, HomePage
from home.tests.factories import make_governance_body
from tests.factories import make_document, make_image, news_index


@pytest.fixture
def image(db):
    return make_image("Atelier", "Un atelier")


@pytest.fixture
def document(db):
    return make_document("Charte signée")


def every_block(image, document, body, link_page):
    return [
        ("heading", {"text": "Titre de niveau trois", "level": "h3"}),
        ("paragraph", "<p>Un paragraphe <b>important</b>.</p>"),
        (
            "image",
            {
                "image": {"image": image, "decorative": False, "alt_text": "Des habitants au travail"},
                "caption": "Légende photo",
            },
        ),
        ("documents", {"title": "Pièces jointes", "documents": [document]}),
        ("quote", {"quote": "Une belle journée.", "author": "Léa", "role": "habitante"}),
        (
            "call_to_action",
            {
                "title": "Venez",
                "text": "Inscrivez-vous",
                "button_label": "Adhérer",
                "page": link_page,
                "external_url": "",
            },
        ),
        ("accordion", {"title": "FAQ", "items": [{"title": "Question une ?", "content": "<p>Réponse une.</p>"}]}),
        (
            "table",
            {
                "caption": "Participation par année",
                "headings": ["Année", "Participants"],
                "rows": [{"cells": ["2025", "120"]}, {"cells": ["2026", "180"]}],
            },
        ),
        ("key_figures", {"title": "Chiffres", "figures": [{"value": "42", "label": "communes"}]}),
        ("embed", {"title": "Vidéo de la journée", "url": "https://video.example/watch/1", "description": ""}),
        ("governance_body", {"body": body}),
    ]


@pytest.mark.django_db
def test_every_block_type_renders(client, home_page, image, document):
    body = make_governance_body()
    blocks = every_block(image, document, body, home_page)
    assert {name for name, _ in blocks} == set(BaseStreamBlock.base_blocks)
    page = ContentPage(title="Tous les blocs", slug="tous-les-blocs", body=blocks)
    home_page.add_child(instance=page)
    page.save_revision().publish()

    content = client.get(page.url).content.decode()
    assert "<h3>Titre de niveau trois</h3>" in content
    assert "<b>important</b>" in content
    assert 'alt="Des habitants au travail"' in content and "Légende photo" in content
    assert "Charte signée" in content and "(TXT" in content
    assert "Une belle journée." in content and "Léa" in content
    assert f'href="{home_page.url}"' in content
    assert "<summary" in content and "Réponse une." in content
    assert "<caption>Participation par année</caption>" in content and "180" in content
    assert "42" in content
    assert 'href="https://video.example/watch/1"' in content and "<iframe" not in content
    assert body.name in content and body.seats.first().name in content


@pytest.mark.django_db
def test_decorative_image_has_empty_alt(client, home_page, image):
    page = ContentPage(
        title="Image décorative",
        slug="image-decorative",
        body=[("image", {"image": {"image": image, "decorative": True, "alt_text": ""}, "caption": ""})],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert 'alt=""' in client.get(page.url).content.decode()


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "password-of-staff")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_speaks_french_by_default(admin_client, home_page):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_moderation_workflow_covers_every_page(home_page):
    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None
    root = Page.get_first_root_node()
    assert root.get_workflow() == workflow
    assert home_page.get_workflow() == workflow


@pytest.mark.django_db
def test_editor_creates_a_content_page_with_real_blocks(admin_client, home_page):
    url = f"/admin/pages/add/home/contentpage/{home_page.pk}/"
    data = nested_form_data(
        {
            "title": "Groupe numérique",
            "slug": "groupe-numerique",
            "intro": "Un nouveau groupe de travail.",
            "body": streamfield(
                [
                    ("heading", {"text": "Mission", "level": "h2"}),
                    ("paragraph", rich_text("<p>Outiller les communes.</p>")),
                    ("quote", {"quote": "On avance ensemble.", "author": "Eva", "role": ""}),
                ]
            ),
            "change_summary": "",
        }
    )
    data["action-publish"] = "publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ContentPage.objects.get(slug="groupe-numerique")
    assert [block.block_type for block in page.body] == ["heading", "paragraph", "quote"]
    assert page.body[0].value["text"] == "Mission"


@pytest.mark.django_db
def test_admin_refuses_a_content_page_where_it_does_not_belong(admin_client, home_page):
    url = f"/admin/pages/add/home/contentpage/{news_index().pk}/"
    assert admin_client.get(url).status_code in {302, 403}
    response = admin_client.post(url, {"title": "Égarée", "slug": "egaree", "action-publish": "publish"})
    assert response.status_code in {302, 403}
    assert not ContentPage.objects.filter(slug="egaree").exists()


@pytest.mark.django_db
def test_call_to_action_needs_a_page_or_an_address():
    from wagtail.blocks import StructBlockValidationError

    block = BaseStreamBlock.base_blocks["call_to_action"]
    value = block.to_python({"title": "Venez", "text": "", "button_label": "Go", "page": None, "external_url": ""})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_home_page_has_no_figures_until_apps_register_them(client, home_page):
    response = client.get("/")
    assert isinstance(response.context["key_figures"], list)
    assert HomePage.objects.filter(locale__language_code="en").exists()
