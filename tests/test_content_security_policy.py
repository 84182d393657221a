"""The Content-Security-Policy holds in every environment: our own origin only, no inline
script or style. The browser tests fail on any violation the browser reports; these catch
the header and the templates early."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# E-mails are not web pages (mail clients need inline styles); /admin/ is excluded from the policy.
NOT_WEB_PAGES = re.compile(r"/emails?/|/admin/")
INLINE = re.compile(r"""\sstyle\s*=|<style[\s>]|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*["']""", re.I)


@pytest.mark.django_db
def test_public_pages_send_a_policy_without_unsafe_inline(client, home_page):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy, "no third-party source"
    assert client.get("/en/")["Content-Security-Policy"] == policy


@pytest.mark.django_db
def test_the_wagtail_admin_is_excluded_from_the_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_no_template_of_the_site_has_inline_script_or_style():
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        relative = template.relative_to(ROOT).as_posix()
        if relative.startswith(".venv") or NOT_WEB_PAGES.search(relative):
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "Inline script or style (move it to static/):\n" + "\n".join(offenders)
