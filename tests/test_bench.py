"""The benchmark's own parts: its query counter and its seeding helpers (tiny scale)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from bench import seed
from bench.middleware import HEADER, QueryCountMiddleware
from members.models import Commune, Member
from roadmap.models import Action, Axis
from workshops.models import EventIndexPage, EventPage, Registration


@pytest.mark.django_db
def test_middleware_counts_the_queries_of_a_request():
    def view(request):
        list(Member.objects.all())
        Commune.objects.count()
        Commune.objects.exists()
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    assert response[HEADER] == "3"

    response = QueryCountMiddleware(lambda request: HttpResponse("static"))(RequestFactory().get("/"))
    assert response[HEADER] == "0"


def test_middleware_is_not_in_the_project_settings(settings):
    assert "bench.middleware.QueryCountMiddleware" not in settings.MIDDLEWARE


def test_seeding_at_a_tiny_scale_adds_the_requested_counts(home_page):
    Commune.objects.get_or_create(insee_code="49007", defaults={"name": "Angers"})
    index = EventIndexPage(title="Agenda", slug="agenda-bench")
    home_page.add_child(instance=index)
    Axis.objects.create(locale=home_page.locale, title="Axe", sort_order=1)
    before = (Member.objects.approved().count(), Action.objects.count(), Registration.objects.count())

    members = seed.seed_members(7, "t")
    events = seed.seed_events(3, "t", index=index)
    seed.seed_actions(5, "t", members, events)
    seed.seed_registrations(11, "t", events)

    assert Member.objects.approved().count() == before[0] + 7
    assert EventPage.objects.child_of(index).live().count() == 3
    assert Action.objects.count() == before[1] + 5
    assert Registration.objects.count() == before[2] + 11
    assert Registration.objects.filter(event__in=events).holding_seats().count() == 11
    # Pages went through the tree: they have URLs and the agenda lists them (two upcoming, one past).
    assert all(event.url for event in events)
    assert index.specific.upcoming_events().count() == 2
    assert index.specific.past_events().count() == 1


def test_counts_scale_the_reference_figures():
    assert seed.counts(1) == {"members": 1000, "events": 300, "actions": 300, "registrations": 10000}
    assert seed.counts(0.01)["registrations"] == 100


def test_the_burst_counts_a_page_without_a_form_as_full_and_posts_nothing():
    from bench import burst

    class FakeClient:
        def __init__(self, body):
            self.body, self.posted = body, False

        def request(self, method, url, data=None, headers=None):
            if method == "POST":
                self.posted = True
                return 302, {}, b"", 0.0
            return 200, {}, self.body, 0.0

    full = FakeClient(b"<p>Cet \xc3\xa9v\xc3\xa9nement est complet.</p>")
    assert burst.attempt(full, "/agenda/atelier/", 1) == "full" and not full.posted
    page = b'<input name="csrfmiddlewaretoken" value="t"><input name="form_started" value="s">'
    open_event = FakeClient(page)
    assert burst.attempt(open_event, "/agenda/atelier/", 2) == "confirmed" and open_event.posted


@pytest.mark.urls("bench.urls")
def test_the_ceiling_view_takes_the_capacity_lock_and_never_exceeds_capacity(home_page, client):
    from workshops.factories import agenda, make_event

    event = make_event(agenda(home_page), title="Plafond", kind="remote_workshop", capacity=2, has_waitlist=False)
    url = f"/bench/ceiling/{event.pk}/"
    answers = [client.post(url, {"name": f"P{n}", "email": f"p{n}@example.org"}).status_code for n in range(3)]

    assert answers == [201, 201, 409]
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2
    assert client.get(url).status_code == 405


@pytest.mark.urls("bench.urls")
def test_the_routed_ceiling_finds_the_event_by_wagtails_routing_and_never_exceeds_capacity(home_page, client):
    from bench import burst
    from workshops.factories import agenda, make_event

    event = make_event(agenda(home_page), title="Plafond routé", kind="remote_workshop", capacity=2, has_waitlist=False)
    url = burst.routed_url(event.url)
    answers = [client.post(url, {"name": f"P{n}", "email": f"p{n}@example.org"}).status_code for n in range(3)]

    assert url == f"/bench/routed/{event.url.lstrip('/')}"
    assert answers == [201, 201, 409]
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2
    # A path Wagtail does not route, or to a page that is not an event: nothing is taken.
    assert client.post("/bench/routed/no-such-page/", {"name": "P", "email": "p@example.org"}).status_code == 404
    assert client.post(burst.routed_url(event.get_parent().url), {"name": "P"}).status_code == 404
    assert client.get(url).status_code == 405


def test_the_routed_attempt_gets_the_event_page_then_posts_to_its_routed_ceiling():
    from bench import burst

    class FakeClient:
        def __init__(self, status):
            self.status, self.requests = status, []

        def request(self, method, path, data=None, headers=None):
            self.requests.append((method, path))
            return (200, {}, b"", 0.0) if method == "GET" else (self.status, {}, b"", 0.0)

    taken = FakeClient(201)
    assert burst.attempt_routed(taken, "/agenda/atelier/", 1) == "confirmed"
    assert taken.requests == [("GET", "/agenda/atelier/"), ("POST", "/bench/routed/agenda/atelier/")]
    assert burst.attempt_routed(FakeClient(409), "/agenda/atelier/", 2) == "full"


def test_the_plain_wagtail_page_renders_with_the_base_template(home_page, client, settings):
    from bench import pages

    # The benchmark's template directory (bench.settings, not imported here: it configures a server).
    template_dirs = [settings.BASE_DIR / "bench" / "templates", *settings.TEMPLATES[0]["DIRS"]]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": template_dirs}]
    response = client.get(pages.add_plain_page().url)
    assert response.status_code == 200
    assert response.templates[0].name == "wagtailcore/page.html"
    assert "<h1>Page Wagtail simple</h1>" in response.content.decode()


def test_the_burst_reported_is_the_median_round_and_every_round_counts_for_errors_and_capacity():
    from bench import report

    def round_(rate, ceiling, *, routed, errors=0, seats_taken=200):
        return {
            "registrations_per_s": rate,
            "errors": errors,
            "seats_taken": seats_taken,
            "capacity": 200,
            "ceiling": {"registrations_per_s": ceiling, "errors": 0},
            "routed_ceiling": {"registrations_per_s": ceiling * routed, "errors": 0, "seats_taken": 200},
        }

    burst = report.median_round(
        [
            round_(40, 100, routed=0.5),
            round_(45, 180, routed=0.4),
            round_(60, 120, routed=0.45, errors=1, seats_taken=199),
        ]
    )
    # Fractions 0.40, 0.25 and 0.50: the median is the first round's, and all three are kept.
    assert (burst["registrations_per_s"], report.fraction(burst)) == (40, 0.4)
    assert [r["fraction_of_ceiling"] for r in burst["rounds"]] == [0.4, 0.25, 0.5]
    # The routed ceiling: 0.5 of its ceiling in the reported round; over the rounds, the median is 0.45.
    assert report.fraction(burst, routed=True) == 0.5
    assert [r["routed_fraction_of_ceiling"] for r in burst["rounds"]] == [0.5, 0.4, 0.45]
    assert report.routed_median(burst) == 0.45
    line = report.routed(burst)
    assert "50.0 registrations/s in the reported round, errors 0, seats taken 200, 0.5 of the ceiling" in line
    assert "over the rounds 0.5, 0.4, 0.45, median 0.45" in line
    assert report.routed({"registrations_per_s": 40}) == "Routed ceiling: not measured"

    pages = {"static file": {"median_ms": 1, "queries": 0}}
    targets = {"max_queries": 12, "cached_x_static": 2, "uncached_x_plain_page": 3, "burst_fraction_of_ceiling": 0.5}
    targets |= {"burst_per_s_sqlite": 50, "burst_per_s_pg": 100}
    results = {"targets": targets, "pages": {"1x": pages, "10x": pages}, "database": "sqlite", "burst": burst}
    verdicts = report.verdicts(results)
    # The median round had no error and took every seat; the third round did not.
    assert verdicts["burst_fraction_of_ceiling"] == 0.4
    assert verdicts["routed_ceiling_fraction_of_ceiling"] == 0.45  # the median over the rounds
    assert verdicts["burst_no_errors"] is False
    assert verdicts["burst_capacity_held"] is False
    assert "40 / 100 (0.4), 45 / 180 (0.25), 60 / 120 (0.5)" in report.rounds(burst)


def test_pages_are_measured_in_turn_with_their_floor_and_compared_with_it():
    from bench import pages, report

    class FakeClient:
        def __init__(self):
            self.paths = []

        def request(self, method, url, data=None, headers=None):
            self.paths.append(url)
            seconds = 0.030 if url.startswith("/agenda/") else 0.010
            return 200, {"X-Bench-Queries": "4"}, b"", seconds

    client = FakeClient()
    page, plain = pages.measure_together(client, ["/agenda/", "/plain/"], 3, 60, warm_up=1)
    # The warm-up of each, then one request of each in turn, each with its own query string.
    assert client.paths[:2] == ["/agenda/", "/plain/"]
    assert [path.split("?")[0] for path in client.paths[2:]] == ["/agenda/", "/plain/"] * 3
    assert len(set(client.paths[2:])) == 6
    assert (page["median_ms"], plain["median_ms"], page["queries"]) == (30.0, 10.0, 4)
    # Measured again, the same pages are requested with query strings never used before
    # (the page cache keeps every page it served).
    pages.measure_together(client, ["/agenda/", "/plain/"], 3, 60, warm_up=0)
    assert not set(client.paths[8:]) & set(client.paths[2:8])

    # The ratios use the floor measured beside the page, not the floor's own row.
    ten = {
        "static file": {"median_ms": 1.0},
        pages.PLAIN_PAGE: {"median_ms": 20.0, "cached_median_ms": 1.0},
        "agenda": {"median_ms": 33.0, "plain_median_ms": 10.0, "cached_median_ms": 3.0, "cached_static_median_ms": 2.0},
    }
    assert report.times_plain(ten["agenda"], ten) == 3.3
    assert report.cached_times_static(ten["agenda"], ten) == 1.5
    # Without a floor of its own, a row is compared with the floor's row.
    assert report.times_plain({"median_ms": 30.0}, ten) == 1.5
    assert report.cached_times_static(ten[pages.PLAIN_PAGE], ten) == 1.0


def test_the_registration_cost_predicts_the_fraction_of_the_ceiling():
    from bench import cost, report

    # A GET of 3 ms and a POST of 27 ms against a ceiling of 12 ms: about 0.4 of it.
    assert cost.predicted_fraction(3, 27, 12) == 0.4
    assert cost.predicted_fraction(None, 27, 12) is None
    measured = {"requests": 10, "get_ms": 3, "post_ms": 27, "ceiling_ms": 12, "predicted_fraction": 0.4}
    assert "GET 3 ms + form POST 27 ms, ceiling POST 12 ms" in report.cost(measured)
    assert "reaches about 0.4 of its ceiling" in report.cost(measured)
    assert "unexpected" not in report.cost(measured)
    assert "unexpected answers: ['form: http 422']" in report.cost({**measured, "unexpected": ["form: http 422"]})
    assert "not measured" in report.cost({**measured, "predicted_fraction": None})


def test_the_registration_cost_counts_every_process_and_gives_the_rate_the_cores_allow():
    from bench import cost, report

    # 20 ms of CPU in all per registration: 2 cores allow 100 per second.
    assert cost.cpu_bound_per_s(2, 1.5, 18.5) == 100.0
    assert cost.cpu_bound_per_s(2, None, 18.5) is None
    assert cost.cpu_bound_per_s(None, 20) is None

    # Counters read before and after the requests (the warm-up call not counted).
    readings = iter(
        [{"workers": 1.0, "database": None, "client": 5.0}, {"workers": 1.3, "database": None, "client": 5.1}]
    )
    sent = []
    assert cost.per_request_ms(lambda: next(readings), sent.append, 10) == {"workers": 30.0, "client": 10.0}
    assert sent == list(range(11))
    assert cost.per_request_ms(lambda: {"workers": None}, sent.append, 10) is None

    by_process = {
        "get": {"workers": 1.0, "database": 0.0, "client": 0.5},
        "post": {"workers": 14.0, "database": 2.5, "client": 0.5},
        "ceiling": {"workers": 4.5, "database": 1.0, "client": 0.5},
        "routed": {"workers": 9.0, "database": 1.5, "client": 0.5},
    }
    measured = {
        "requests": 10,
        "get_ms": 1.0,
        "post_ms": 14.0,
        "ceiling_ms": 4.5,
        "predicted_fraction": 0.3,
        "by_process": by_process,
        "cores": 2,
        "all_ms": {"form": 18.5, "ceiling": 6.0},
        "cpu_bound_per_s": {"form": 108.1, "ceiling": 333.3},
    }
    line = report.cost(measured)
    assert "Every process counted (the workers, PostgreSQL, the client)" in line
    assert (
        "the form takes 18.5 ms of CPU, through the ceiling 6.0 ms; 2 cores allow at most 108.1/s and 333.3/s" in line
    )
    assert "routed" not in line  # a run that did not measure the routed ceiling

    # A GET of 1 ms and the routed ceiling's POST of 9 ms against a ceiling of 4.5 ms.
    routed = {
        **measured,
        "routed_ms": 9.0,
        "routed_predicted_fraction": cost.predicted_fraction(1.0, 9.0, 4.5),
        "all_ms": {"form": 18.5, "ceiling": 6.0, "routed": 12.5},
        "cpu_bound_per_s": {"form": 108.1, "ceiling": 333.3, "routed": 160.0},
    }
    line = report.cost(routed)
    assert "with the routed ceiling's POST, 9.0 ms, a registration on the event page's route" in line
    assert "reaches at most about 0.45" in line
    assert "through the routed ceiling (with the GET) 12.5 ms" in line
    assert "at most 108.1/s and 333.3/s and 160.0/s" in line
    # SQLite: no database process of its own.
    sqlite = {kind: {"workers": ms["workers"], "client": ms["client"]} for kind, ms in by_process.items()}
    assert "(the workers, the client)" in report.cost({**measured, "by_process": sqlite})
    assert "Every process" not in report.cost({**measured, "cpu_bound_per_s": None})


def test_postgresql_sessions_are_told_apart_by_their_database():
    from bench import cost

    assert cost.serves_database("postgres: postgres reseau_bench 127.0.0.1(40312) idle", "reseau_bench")
    assert cost.serves_database("postgres: 15/main: postgres reseau_bench [local] idle", "reseau_bench")
    assert not cost.serves_database("postgres: 15/main: walwriter ", "reseau_bench")
    assert not cost.serves_database("postgres: postgres reseau_bench_s 127.0.0.1(40312) idle", "reseau_bench")
    assert not cost.serves_database("postgres: walwriter ", "reseau_bench")
    assert not cost.serves_database("python -m bench reseau_bench", "reseau_bench")


def test_the_workers_cpu_is_read_from_the_children_of_the_master(tmp_path):
    import os
    import subprocess
    import sys

    from bench import cost

    # A child that works for a moment, then waits to be read.
    child = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import sys, time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
            "print('done', flush=True)\nsys.stdin.read()",
            "bench-cpu-marker",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout.readline() == b"done\n"
        assert cost.worker_cpu_seconds(os.getpid()) >= 0.25
        assert cost.worker_cpu_seconds(child.pid) == 0  # it has no children
        # Any process, picked by its command line (PostgreSQL's sessions are).
        assert cost.cpu_seconds(lambda ppid, cmdline: "bench-cpu-marker" in cmdline) >= 0.25
        assert cost.cpu_seconds(lambda ppid, cmdline: "no-such-marker" in cmdline) == 0
    finally:
        child.communicate()
    # No /proc (another system): not measured rather than wrong.
    assert cost.worker_cpu_seconds(os.getpid(), proc=tmp_path / "absent") is None
