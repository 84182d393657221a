"""The public page types the benchmark measures, and how: SQL queries per request (from
the `X-Bench-Queries` header) and latency of N sequential requests, each page's taken in
turn with its floor's."""

import itertools
import statistics
import time

from .middleware import HEADER

PLAIN_PAGE = "plain Wagtail page"
PLAIN_PAGE_SLUG = "bench-plain-page"
# Numbers each measurement, so that no two of them request the same query string: the page
# cache keeps every page it served, and a page measured again (the plain Wagtail page,
# beside each page) must not be answered from it.
_MEASUREMENTS = itertools.count(1)


def add_plain_page():
    """The floor for uncached pages: a `wagtail.models.Page` with only a title, rendered
    with the site's base template (bench/templates/wagtailcore/page.html)."""
    from django.conf import settings
    from wagtail.models import Page

    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    plain = home.add_child(instance=Page(title="Page Wagtail simple", slug=PLAIN_PAGE_SLUG))
    plain.save_revision().publish()
    return plain


def page_urls():
    """One URL per public page type, chosen among the demo's pages so that the same
    pages are measured at 1× and at 10× data."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    from home.models import ContentPage, HomePage
    from members.models import DirectoryPage, Member
    from roadmap.models import Action, RoadmapPage
    from workshops.models import EventIndexPage, EventPage

    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    directory = DirectoryPage.objects.get(locale=locale)
    roadmap = RoadmapPage.objects.get(locale=locale)
    # The demo member with the most to show (actions led, events hosted).
    member = Member.objects.approved().exclude(slug__startswith="bench-").order_by("pk").first()
    action = Action.objects.filter(locale=locale).order_by("pk").first()
    event = (
        EventPage.objects.live()
        .filter(locale=locale, start__gt=_now(), activities__isnull=False)
        .exclude(slug__startswith="bench-")
        .order_by("start")
        .first()
    )
    content = ContentPage.objects.live().filter(locale=locale).order_by("path").first()
    return {
        PLAIN_PAGE: Page.objects.get(slug=PLAIN_PAGE_SLUG, locale=locale).url,
        "home": HomePage.objects.get(locale=locale).url,
        "content page": content.url,
        "directory": directory.url,
        "member profile": directory.url + directory.reverse_subpage("profile", kwargs={"slug": member.slug}),
        "roadmap": roadmap.url,
        "action": roadmap.url + roadmap.reverse_subpage("action", args=[action.pk]),
        "agenda": EventIndexPage.objects.get(locale=locale).url,
        "event": event.url,
        "search": "/search/?q=citoyenne",
        # The public API (opendata/): a list and a detail endpoint.
        "API list (members)": "/api/v1/members/?page_size=20",
        "API detail (action)": f"/api/v1/actions/{action.pk}/",
    }


def _now():
    from django.utils import timezone

    return timezone.now()


def static_url():
    from django.templatetags.static import static

    return static("css/site.css")


def _with_param(url, key):
    return f"{url}{'&' if '?' in url else '?'}bench={key}"


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url, requests, max_seconds, *, vary=True, warm_up=8):
    """N sequential GETs (at most `max_seconds`), each with a distinct query string when
    `vary` (so a page cache keyed on the URL cannot answer): latencies and query counts.
    The warm-up requests reach every worker, so that per-process caches (site root,
    locales) are filled before counting."""
    return measure_together(client, [url], requests, max_seconds, vary=vary, warm_up=warm_up)[0]


def measure_together(client, urls, requests, max_seconds, *, vary=True, warm_up=8):
    """`measure` for several URLs at once, their requests taken in turn: a page and its
    floor (the plain Wagtail page, a static file) measured side by side share the
    machine's speed of the moment, which drifts from one minute to the next."""
    for url in urls:
        for _ in range(warm_up):
            client.request("GET", url)
    samples = [{"latencies": [], "queries": [], "errors": 0} for _ in urls]
    measurement = next(_MEASUREMENTS)
    deadline = time.monotonic() + max_seconds
    for n in range(requests):
        if time.monotonic() > deadline and len(samples[0]["latencies"]) >= 5:
            break
        for url, sample in zip(urls, samples, strict=True):
            _request(client, url, f"{measurement}-{n}", vary, sample)
    return [_summary(url, sample) for url, sample in zip(urls, samples, strict=True)]


def _request(client, url, key, vary, sample):
    if vary and url.startswith("/api/"):
        # The API refuses unknown query parameters: an Authorization header (which the
        # API ignores) keeps the page cache from answering instead.
        status, headers, _body, seconds = client.request("GET", url, headers={"Authorization": f"Bench {key}"})
    else:
        status, headers, _body, seconds = client.request("GET", _with_param(url, key) if vary else url)
    if status != 200:
        sample["errors"] += 1
        return
    sample["latencies"].append(seconds)
    if headers.get(HEADER) is not None:
        sample["queries"].append(int(headers[HEADER]))


def _summary(url, sample):
    latencies, queries = sample["latencies"], sample["queries"]
    if not latencies:
        return {"url": url, "requests": 0, "errors": sample["errors"]}
    return {
        "url": url,
        "requests": len(latencies),
        "errors": sample["errors"],
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
        "queries": int(statistics.median(queries)) if queries else None,
        "queries_max": max(queries) if queries else None,
    }


def measure_cached(client, url, requests, max_seconds, *, beside=None):
    """The same URL again and again: answered by a page cache when the project has one,
    which shows as (almost) no SQL query. Returns None without a page cache. `beside`: a
    URL measured in turn with it (the static file), whose median is `beside_median_ms`."""
    urls = [url, beside] if beside else [url]
    result, *others = measure_together(client, urls, requests, max_seconds, vary=False)
    if result.get("queries") is None or result["queries"] > 1:
        return None
    if others:
        result["beside_median_ms"] = others[0].get("median_ms")
    return result
