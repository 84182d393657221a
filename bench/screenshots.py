"""`make screenshots`: pictures of the main public pages and of the admin, for the README.

Loads the demo into a database of its own (a temporary SQLite file), serves it on
loopback with the development server, and drives the system Chromium with Playwright
(1280×800, not full page). The PNGs go to docs/screenshots/, reduced to a 256-colour
palette to keep them small. Environment: SCREENSHOTS_PORT, CHROMIUM_PATH."""

import io
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "docs" / "screenshots"
PORT = int(os.environ.get("SCREENSHOTS_PORT", "8098"))
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}


def setup_database(workdir):
    os.environ["SQLITE_PATH"] = str(workdir / "screenshots.sqlite3")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "network_site.settings.dev"
    os.environ["DEBUG"] = "1"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_communes", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def targets():
    """(file name, path, needs the admin login) for each picture."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone
    from wagtail.models import Locale

    from members.models import DirectoryPage, Member
    from roadmap.models import Action, RoadmapPage
    from workshops.models import EventPage

    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    directory = DirectoryPage.objects.get(locale=locale)
    roadmap = RoadmapPage.objects.get(locale=locale)
    member = Member.objects.approved().filter(led_roadmap_actions__isnull=False).order_by("pk").first()
    action = Action.objects.filter(locale=locale, updates__isnull=False).order_by("pk").first()
    upcoming = EventPage.objects.live().filter(locale=locale, start__gt=timezone.now(), activities__isnull=False)
    event = upcoming.order_by("start").first()
    return [
        ("home", "/", False),
        ("home-en", "/en/", False),
        ("content-page", "/le-reseau/charte/", False),
        ("directory", directory.url, False),
        ("member-profile", directory.url + directory.reverse_subpage("profile", kwargs={"slug": member.slug}), False),
        ("roadmap", roadmap.url, False),
        ("action", roadmap.url + roadmap.reverse_subpage("action", args=[action.pk]), False),
        ("agenda", "/agenda/", False),
        ("event", event.url, False),
        ("admin-dashboard", "/admin/", True),
        ("admin-members", "/admin/members/", True),
        ("admin-event-registrations", reverse("wagtailsnippets_workshops_registration:event", args=[event.pk]), True),
    ]


def serve(workdir):
    process = subprocess.Popen(  # noqa: S603 — a fixed command line
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=BASE_DIR,
        env=dict(os.environ),
        stdout=open(workdir / "server.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("the development server did not start")


def small_png(data):
    """The screenshot as a 256-colour PNG (a third of the size, no visible loss on a UI)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def shoot(pictures):
    from django.conf import settings  # noqa: F401 — settings are loaded; the demo admin's login below
    from playwright.sync_api import sync_playwright

    from home.management.commands.load_demo import DEMO_ADMIN

    base = f"http://127.0.0.1:{PORT}"
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
        page = context.new_page()
        logged_in = False
        for name, path, admin in pictures:
            if admin and not logged_in:
                page.goto(base + "/admin/login/")
                page.fill("input[name=username]", DEMO_ADMIN["username"])
                page.fill("input[name=password]", DEMO_ADMIN["password"])
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
                logged_in = True
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            data = small_png(page.screenshot(type="png"))
            (OUT_DIR / f"{name}.png").write_bytes(data)
            print(f"  {name}.png ({len(data) // 1024} KB) ← {path}", flush=True)
        browser.close()


def main():
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        workdir = Path(tmp)
        print("Loading the demo…", flush=True)
        setup_database(workdir)
        pictures = targets()
        process = serve(workdir)
        try:
            shoot(pictures)
        finally:
            process.terminate()
            process.wait(timeout=20)
    total = sum(path.stat().st_size for path in OUT_DIR.glob("*.png"))
    print(f"Screenshots in {OUT_DIR.relative_to(BASE_DIR)}: {total // 1024} KB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
