"""`python -m bench` (or `make bench`): seed, serve, measure, print, write JSON.

Environment: BENCH_QUICK=1 (a small run), BENCH_FACTOR (data of the first pass, in
units of the reference scale; the second pass has ten times as much), BENCH_OUT (JSON
path), BENCH_PORT, BENCH_WORKERS, BENCH_REQUESTS, DATABASE_URL (PostgreSQL: the
benchmark uses a database of its own, BENCH_DATABASE_NAME, default reseau_bench).
BENCH_ONLY=burst: only the registration burst and its ceilings, on the first pass's data
(to measure a change to the registration path quickly)."""

import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Cache keys of this run only (the benchmark process and its gunicorn workers share them).
os.environ.setdefault("BENCH_CACHE_PREFIX", f"bench-{os.getpid()}-{int(time.time())}")

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
ONLY = os.environ.get("BENCH_ONLY", "")
FACTOR = float(os.environ.get("BENCH_FACTOR", "0.1" if QUICK else "1"))
PORT = int(os.environ.get("BENCH_PORT", "8099"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20" if QUICK else "60"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "15" if QUICK else "60"))
BURST = {
    "clients": int(os.environ.get("BENCH_BURST_CLIENTS", "32")),
    "attempts": int(os.environ.get("BENCH_BURST_ATTEMPTS", "300" if QUICK else "1000")),
    "capacity": int(os.environ.get("BENCH_BURST_SEATS", "100" if QUICK else "200")),
    # Rounds of a burst and its two ceilings, back to back (run_bursts).
    "rounds": int(os.environ.get("BENCH_BURST_ROUNDS", "1" if QUICK else "3")),
}
# Requests of each kind sent one at a time to measure a registration's CPU cost (bench/cost.py).
COST_REQUESTS = int(os.environ.get("BENCH_COST_REQUESTS", "40" if QUICK else "150"))
TARGETS = {
    "max_queries": 12,
    "cached_x_static": 2,
    "uncached_x_plain_page": 3,
    "burst_fraction_of_ceiling": 0.5,
    "burst_per_s_sqlite": 50,
    "burst_per_s_pg": 100,
}


def log(message):
    print(message, flush=True)


def machine():
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "cpu": "", "ram_gb": None}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def fresh_database():
    """Remove the benchmark's SQLite file, or recreate its PostgreSQL database."""
    from bench import settings as bench_settings

    database = bench_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(database["NAME"] + suffix).unlink(missing_ok=True)
        return "sqlite"
    import psycopg

    name = database["NAME"]
    params = {"host": database.get("HOST") or None, "port": database.get("PORT") or None}
    params.update(user=database.get("USER") or None, password=database.get("PASSWORD") or None)
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return "postgresql"


def prepare(out_dir):
    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_communes", verbosity=0)
    with override_settings(DEBUG=True):
        call_command("load_demo", no_admin=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    shutil.rmtree(out_dir / "static", ignore_errors=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    from bench import pages

    pages.add_plain_page()
    log(f"  demo loaded in {time.perf_counter() - started:.0f} s")


def measure_pages(label, host, port):
    from bench import pages
    from bench.client import Client

    client = Client(host, port)
    static_url = pages.static_url()
    static = pages.measure(client, static_url, REQUESTS * 5, MAX_SECONDS)
    results = {"static file": static}
    urls = pages.page_urls()
    plain_url = urls[pages.PLAIN_PAGE]
    for name, url in urls.items():
        # Each page in turn with the plain Wagtail page (uncached), then with the static
        # file (cached): the ratios compare requests of the same minutes.
        floors = [] if name == pages.PLAIN_PAGE else [plain_url]
        measured, *plain = pages.measure_together(client, [url, *floors], REQUESTS, MAX_SECONDS, warm_up=2 * WORKERS)
        results[name] = measured
        results[name]["plain_median_ms"] = plain[0].get("median_ms") if plain else measured.get("median_ms")
        cached = pages.measure_cached(client, url, REQUESTS, MAX_SECONDS, beside=static_url)
        results[name]["cached_median_ms"] = cached["median_ms"] if cached else None
        results[name]["cached_static_median_ms"] = cached.get("beside_median_ms") if cached else None
        log(f"  {label} {name:15} {results[name]}")
    client.close()
    return results


def seed(factor, batch):
    from bench import seed as seeding

    started = time.perf_counter()
    seeding.add_volume(factor, batch, log=log)
    # The volume is added in bulk (no signals), as an import would be: forget the pages
    # cached by the previous pass, as `manage.py clear_page_cache` does after an import.
    from home.page_cache import clear_page_cache

    clear_page_cache()
    # PostgreSQL's autovacuum would analyze the new rows at some point of the measurement; a
    # production database has its statistics: take them now, as an import would.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    totals = seeding.totals()
    log(f"  totals now {totals} ({time.perf_counter() - started:.0f} s)")
    return totals


def main():
    from bench import report, server

    out_path = Path(os.environ.get("BENCH_OUT", "bench/out/results.json"))
    out_dir = Path(os.environ.get("BENCH_OUT_DIR", "bench/out"))
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log(f"Benchmark ({'quick' if QUICK else 'full'}): factor {FACTOR:g} then {FACTOR * 10:g}, {WORKERS} workers")
    engine = fresh_database()
    prepare(out_dir)
    data = {"1x": seed(FACTOR, "a")}
    if ONLY == "burst":
        return burst_only(out_path, out_dir, engine, data, started)
    process = server.start(PORT, WORKERS, out_dir / "gunicorn.log")
    try:
        measured = {"1x": measure_pages("1×", "127.0.0.1", PORT)}
        data["10x"] = seed(FACTOR * 9, "b")
        measured["10x"] = measure_pages("10×", "127.0.0.1", PORT)
        cost = measure_cost(PORT, process.pid)
        burst = run_bursts(PORT)
    finally:
        server.stop(process)
    digest = run_digest()
    results = {
        "quick": QUICK,
        "database": engine,
        "workers": WORKERS,
        "cache": cache_backend(),
        "machine": machine(),
        "data": data,
        "pages": measured,
        "burst": burst,
        "registration_cost": cost,
        "digest": digest,
        "targets": TARGETS,
        "seconds": round(time.perf_counter() - started, 1),
        "taken_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    results["verdicts"] = report.verdicts(results)
    out_path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(report.table(results))
    log(f"JSON written to {out_path}")
    return 0


def burst_only(out_path, out_dir, engine, data, started):
    from bench import report, server

    process = server.start(PORT, WORKERS, out_dir / "gunicorn.log")
    try:
        cost = measure_cost(PORT, process.pid)
        burst = run_bursts(PORT)
    finally:
        server.stop(process)
    ceiling = burst["ceiling"]["registrations_per_s"]
    results = {
        "only": "burst",
        "database": engine,
        "workers": WORKERS,
        "data": data,
        "burst": burst,
        "fraction_of_ceiling": round(burst["registrations_per_s"] / ceiling, 2) if ceiling else None,
        "registration_cost": cost,
        "seconds": round(time.perf_counter() - started, 1),
        "taken_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    out_path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    log(
        f"burst: {burst['registrations_per_s']}/s while seats remained, ceiling {ceiling}/s "
        f"({results['fraction_of_ceiling']}), outcomes {burst['outcomes']}, errors {burst['errors']}, "
        f"seats taken {burst['seats_taken']} of {burst['capacity']}; {report.rounds(burst)}"
    )
    log(report.routed(burst))
    log(report.cost(cost))
    return 0


def cache_backend():
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def run_digest():
    from bench import digest

    followers = 1_000 if QUICK else 10_000
    log(f"  digest: building and queueing it for {followers} followers")
    return digest.run(followers)


def run_bursts(port):
    """The burst, its ceiling and its routed ceiling, `BURST["rounds"]` times, back to back
    on events of their own. The machine's speed drifts from one minute to the next (one
    morning's runs measured the ceiling alone at 105 to 204/s), and a round shares it: the
    round with the median fraction of its ceiling is the one reported; every round is in
    `rounds`."""
    from bench import report

    results = []
    for number in range(1, BURST["rounds"] + 1):
        log(f"  burst and ceilings, round {number} of {BURST['rounds']}")
        result = run_burst(port)
        result["ceiling"] = run_ceiling(port)
        result["routed_ceiling"] = run_ceiling(port, routed=True)
        results.append(result)
    return report.median_round(results)


def measure_cost(port, master_pid):
    """Worker CPU per request of the registration's GET and POST and of the ceiling's POST,
    sent one at a time (bench/cost.py)."""
    from bench import cost

    log(f"  registration cost: {COST_REQUESTS} requests of each kind, one at a time")
    return cost.measure("127.0.0.1", port, master_pid, COST_REQUESTS)


def run_ceiling(port, *, routed=False):
    """The same burst against the bare ceiling view (bench/views.py): the rate the machine
    allows for taking the capacity lock and inserting a registration. `routed`: the same
    work behind the event page's GET and Wagtail's page routing, the most a registration on
    the event page's route can reach."""
    from bench import burst

    event = burst.create_event(BURST["capacity"])
    url, attempt = (
        (event.url, burst.attempt_routed) if routed else (f"/bench/ceiling/{event.pk}/", burst.attempt_ceiling)
    )
    log(
        f"  {'routed ceiling' if routed else 'ceiling'}: {BURST['clients']} clients, {BURST['attempts']} attempts, "
        f"{BURST['capacity']} seats at {burst.routed_url(url) if routed else url}"
    )
    result = burst.run("127.0.0.1", port, url, BURST["clients"], BURST["attempts"], attempt=attempt)
    result["seats_taken"] = burst.seats_taken(event)
    result["errors"] = sum(n for key, n in result["outcomes"].items() if key not in ("confirmed", "full"))
    fill = result["fill_seconds"] or result["seconds"]
    result["registrations_per_s"] = round(result["outcomes"].get("confirmed", 0) / fill, 1)
    return result


def run_burst(port):
    from bench import burst

    event = burst.create_event(BURST["capacity"])
    url = event.url
    log(f"  burst: {BURST['clients']} clients, {BURST['attempts']} attempts, {BURST['capacity']} seats at {url}")
    result = burst.run("127.0.0.1", port, url, BURST["clients"], BURST["attempts"])
    result["capacity"] = BURST["capacity"]
    result["seats_taken"] = burst.seats_taken(event)
    outcomes = result["outcomes"]
    result["errors"] = sum(n for key, n in outcomes.items() if key not in ("confirmed", "refused", "full"))
    result["attempts_per_s"] = round(result["attempts"] / result["seconds"], 1)
    # Registrations recorded per second while seats remained (each a GET and a POST).
    fill = result["fill_seconds"] or result["seconds"]
    result["registrations_per_s"] = round(outcomes.get("confirmed", 0) / fill, 1)
    return result


if __name__ == "__main__":
    sys.exit(main())
