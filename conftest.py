"""Fixtures shared by every app's tests: the base site (and the demo, for the demo smoke
tests), e-mail helpers and the browser harness (Playwright driving Debian's Chromium,
with an axe scan)."""

import os
import shutil
import time

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def ensure_wagtail_root():
    """Locales and the tree's root node: present after migrations, but flushed away by
    transactional tests (live server), so recreate them when needed."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    # A migration test may have given the content types new ids: when the id Django keeps
    # in memory for pages is gone, forget the cached ids (a page would point at nothing).
    if not ContentType.objects.filter(pk=ContentType.objects.get_for_model(Page).pk).exists():
        ContentType.objects.clear_cache()
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    for code in ("fr", "en"):
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="fr")))
    return root


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the tests' base site once per test session (tests/factories.py: the home pages
    in French and English, the Wagtail Site, NetworkSettings); every test adds the data it
    needs with the factories, inside its own transaction. The demo is not loaded: only
    each app's smoke test of its demo (`<app>/tests/test_demo.py`) takes `demo_site`."""
    with django_db_blocker.unblock():
        ensure_wagtail_root()
        from tests.factories import build_site

        build_site()


@pytest.fixture
def home_page(db):
    """The French home page of the tests' base site (built again after a transactional
    test flushed it)."""
    ensure_wagtail_root()
    from tests.factories import build_site

    return build_site()


@pytest.fixture
def english_home(home_page):
    return home_page.get_translation(home_page.locale.__class__.objects.get(language_code="en"))


@pytest.fixture
def migrator(transactional_db):
    """Take the test database back to an older state and forward again, for the tests of
    data migrations (mark them `django_db(transaction=True, serialized_rollback=True)` so
    that what the migrations created is restored afterwards). `migrator.migrate(targets)`
    returns the apps of that state; `migrator.cleanup(fn)` registers `fn(apps)`, run with
    the latest apps once the fixture has migrated the database forward again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    cleanups = []

    class Migrator:
        def migrate(self, targets):
            executor = MigrationExecutor(connection)
            executor.loader.build_graph()
            executor.migrate(targets)
            return executor.loader.project_state(targets).apps

        def cleanup(self, fn):
            cleanups.append(fn)

    migrator = Migrator()
    yield migrator
    latest = migrator.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    for fn in cleanups:
        fn(latest)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (French), whatever language an
    earlier test of the same process activated and left active."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a test's rolled-back changes must not leave
    their shared layout (home/layout.py), rate-limit counters or pages to the next one."""
    from django.core.cache import caches

    from home import layout

    for cache in caches.all():
        cache.clear()
    layout.reset()


@pytest.fixture(autouse=True)
def _commit_hooks_as_in_production(monkeypatch):
    """A test runs inside a transaction that is rolled back at its end, so Django never
    runs `transaction.on_commit()` callbacks there, and e-mails (delivered after the
    commit, home/emails.py) would never leave. Here a callback runs when the code's own
    outermost transaction commits (releases its savepoint inside the test's transaction),
    or at once outside any transaction of the code — as it would in production; a
    rolled-back change still runs none."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    original_on_commit = BaseDatabaseWrapper.on_commit
    original_savepoint_commit = BaseDatabaseWrapper.savepoint_commit

    def only_test_blocks(connection):
        blocks = connection.atomic_blocks
        return connection.in_atomic_block and blocks and all(getattr(b, "_from_testcase", False) for b in blocks)

    def run(func, robust):
        if not robust:
            return func()
        try:
            func()
        except Exception:  # noqa: BLE001 — as Django does for robust callbacks
            import logging

            logging.getLogger("django.db.backends.base").exception("Error in an on_commit() callback")

    def on_commit(self, func, robust=False):
        if only_test_blocks(self):
            return run(func, robust)
        return original_on_commit(self, func, robust)

    def savepoint_commit(self, sid):
        original_savepoint_commit(self, sid)
        if sid is not None and only_test_blocks(self):
            ready = [entry for entry in self.run_on_commit if sid in entry[0]]
            self.run_on_commit = [entry for entry in self.run_on_commit if sid not in entry[0]]
            for _sids, func, robust in ready:
                run(func, robust)

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(BaseDatabaseWrapper, "savepoint_commit", savepoint_commit)


@pytest.fixture(autouse=True)
def _steady_rate_limit_clock(monkeypatch):
    """django-ratelimit counts in fixed windows: a test whose requests straddle the end of
    one would see its count start again (a test failed so once, at 02:00). Each test runs
    inside a single window."""
    from types import SimpleNamespace

    import django_ratelimit.core

    now = int(time.time())
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def live_site(transactional_db, live_server):
    """For browser tests, marked `django_db(transaction=True, serialized_rollback=True)`
    (so that what the migrations created — root page, collection, groups — is restored):
    the tests' base site, served by the live server. Each test adds what it needs with
    the factories. Returns the French home."""
    from wagtail.models import Site

    ensure_wagtail_root()
    from tests.factories import build_site

    home = build_site()
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    return home


def _load_demo():
    """The governance demo (home.demo) instead of the tests' base site, which it replaces."""
    ensure_wagtail_root()
    from home import demo
    from tests.factories import remove_base_site

    remove_base_site()
    return demo.load()


@pytest.fixture
def demo_site(db):
    """The governance pages of the demo, in French and English, built for the test (it takes
    seconds: only for the demo smoke tests, `<app>/tests/test_demo.py`). Returns the French
    home."""
    return _load_demo()


# --- Browser harness ------------------------------------------------------------------


# Reads that do not wait (a count, a visibility test, the page's HTML) look at whatever
# document is there: right after a click that navigates, the new document may be committed
# but not parsed yet. The harness makes them wait for that document's `load` first, so a
# test reads the page a person would see, however loaded the machine is.
_READS_THAT_DO_NOT_WAIT = {
    "Locator": ["count", "is_visible", "is_hidden", "is_checked", "all", "all_inner_texts", "all_text_contents"],
    "Page": ["content"],
}


def _after_load(read):
    def settled(self, *args, **kwargs):
        browser_page = self.page if hasattr(self, "page") else self
        browser_page.wait_for_load_state("load")
        return read(self, *args, **kwargs)

    return settled


@pytest.fixture(scope="session")
def _settled_reads():
    import playwright.sync_api as sync_api

    with pytest.MonkeyPatch.context() as patch:
        for class_name, methods in _READS_THAT_DO_NOT_WAIT.items():
            cls = getattr(sync_api, class_name)
            for method in methods:
                patch.setattr(cls, method, _after_load(getattr(cls, method)))
        yield


@pytest.fixture(scope="session")
def browser(_settled_reads):
    if not (os.path.exists(CHROMIUM_PATH) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM_PATH}.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    external_requests = []

    def record(request):
        if not request.url.startswith((live_server.url, "data:", "about:")):
            external_requests.append(request.url)

    context.on("request", record)
    # Any Content-Security-Policy violation the browser reports fails the test: from the
    # console, and from a `securitypolicyviolation` listener installed in every document.
    csp_violations = []

    def console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            csp_violations.append(message.text)

    context.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => {
            console.error(`Content Security Policy violation: ${event.violatedDirective} `
                + `blocked ${event.blockedURI || "inline"} in ${event.documentURI}`);
        });"""
    )
    browser_page = context.new_page()
    browser_page.on("console", console)
    browser_page.csp_violations = csp_violations
    yield browser_page
    context.close()
    assert not external_requests, f"Third-party requests were made: {external_requests}"
    assert not csp_violations, "Content Security Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture
def axe():
    """`axe(page)` scans the page and fails on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    scanner = Axe()

    def scan(browser_page):
        # A click that follows a link returns once the navigation is committed: the new
        # document may not be parsed yet (axe then finds no `documentElement`), or it may
        # be replaced while axe runs. Scan the loaded document, once more if it was swapped.
        for attempt in range(3):
            browser_page.wait_for_load_state("load")
            try:
                return scanner.run(browser_page)
            except PlaywrightError as error:
                swapped = "documentElement" in str(error) or "Execution context was destroyed" in str(error)
                if not swapped or attempt == 2:
                    raise

    def check(browser_page):
        results = scan(browser_page)
        violations = [
            violation
            for violation in results.response["violations"]
            if violation.get("impact") in {"serious", "critical"}
        ]
        details = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + "; ".join(
                node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                for node in violation["nodes"][:3]
            )
            for violation in violations
        ]
        assert not violations, f"Accessibility violations on {browser_page.url}:\n" + "\n".join(details)
        return results

    return check
