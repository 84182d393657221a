"""The browser harness fails a test on a Content-Security-Policy violation: proven on a
page that breaks the policy on purpose."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BROKEN = """<!DOCTYPE html><html lang="fr"><head><title>CSP</title></head>
<body><p style="color: red">inline style</p><script>document.title = "ran";</script></body></html>"""


def test_an_inline_script_and_style_are_reported(page, live_server):
    url = f"{live_server.url}/csp-harness-check/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'"},
            body=BROKEN,
        ),
    )
    page.goto(url)
    page.wait_for_timeout(300)
    assert page.title() == "CSP", "the inline script must have been blocked"
    assert any("script-src" in message or "script" in message for message in page.csp_violations)
    assert any("style" in message for message in page.csp_violations)
    page.csp_violations.clear()  # this page broke the policy on purpose


def test_staff_see_the_admin_and_the_userbar_on_public_pages_without_violation(live_site, page, django_user_model):
    """The admin is excluded from the policy; the Wagtail userbar that staff see on public
    pages loads its own scripts and styles from our origin and breaks nothing."""
    from home.tests.factories import make_network_section

    make_network_section()
    django_user_model.objects.create_superuser(username="staff", email="staff@example.org", password="staff-pw-2026")
    page.goto("/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "staff-pw-2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/pages/")
    for path in ("/", "/le-reseau/charte/", "/en/"):
        response = page.goto(path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.locator("wagtail-userbar").wait_for(state="attached")
        page.wait_for_timeout(300)
    # The harness fails the test if any violation was reported.
