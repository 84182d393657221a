"""The table the benchmark prints, and its verdicts against the targets (reported,
never enforced: the run does not fail on them)."""

from .pages import PLAIN_PAGE


def _ms(value):
    return "n/a" if value is None else f"{value:.1f}"


def times_plain(row, ten):
    """A page's median as a multiple of the plain Wagtail page's, measured in turn with it
    (bench.pages.measure_together), else of the plain page's own row."""
    plain = row.get("plain_median_ms") or ten.get(PLAIN_PAGE, {}).get("median_ms")
    return row["median_ms"] / plain if plain and row.get("median_ms") is not None else None


def cached_times_static(row, ten):
    """A page served by the page cache, as a multiple of the static file measured in turn
    with it, else of the static file's own row."""
    static = row.get("cached_static_median_ms") or ten["static file"].get("median_ms")
    cached = row.get("cached_median_ms")
    return cached / static if static and cached is not None else None


def verdicts(results):
    targets = results["targets"]
    one, ten = results["pages"]["1x"], results["pages"]["10x"]
    growing = [name for name in one if name != "static file" and one[name].get("queries") != ten[name].get("queries")]
    over = [name for name in ten if name != "static file" and (ten[name].get("queries") or 0) > targets["max_queries"]]
    slow = [
        name
        for name in ten
        if name not in ("static file", PLAIN_PAGE)
        and not name.startswith("API")
        and (times_plain(ten[name], ten) or 0) > targets["uncached_x_plain_page"]
    ]
    pages = [name for name in ten if name != "static file"]
    burst = results["burst"]
    rate_target = targets["burst_per_s_sqlite" if results["database"] == "sqlite" else "burst_per_s_pg"]
    return {
        "queries_identical_at_1x_and_10x": not growing,
        "pages_whose_queries_grow": growing,
        "pages_over_query_budget": over,
        "pages_over_3x_plain_page": slow,
        "pages_never_cached": [name for name in pages if ten[name].get("cached_median_ms") is None],
        "cached_pages_over_2x_static": [
            name for name in pages if (cached_times_static(ten[name], ten) or 0) > targets["cached_x_static"]
        ],
        "burst_rate_target_met": burst["registrations_per_s"] >= rate_target,
        "burst_fraction_of_ceiling": fraction(burst),
        "burst_fraction_target_met": (fraction(burst) or 0) >= targets["burst_fraction_of_ceiling"],
        # The most a registration on the event page's route can reach (bench/views.py).
        "routed_ceiling_fraction_of_ceiling": routed_median(burst),
        # In every round (the reported burst is the median round: bench.run.run_bursts).
        "burst_no_errors": all(round_["errors"] == 0 for round_ in burst.get("rounds", [burst])),
        "burst_capacity_held": all(
            round_["seats_taken"] == round_["capacity"] for round_ in burst.get("rounds", [burst])
        ),
    }


def fraction(burst, *, routed=False):
    """Registrations per second through the real form (or, `routed`, through the routed
    ceiling), as a fraction of the ceiling's."""
    ceiling = (burst.get("ceiling") or {}).get("registrations_per_s")
    rate = (burst.get("routed_ceiling") or {}).get("registrations_per_s") if routed else burst["registrations_per_s"]
    return round(rate / ceiling, 2) if ceiling and rate is not None else None


def routed(burst):
    """The routed ceiling (bench/views.py) against the ceiling, in the reported round and
    over every round: the most a registration on the event page's route can reach."""
    routed_ceiling = burst.get("routed_ceiling")
    if not routed_ceiling:
        return "Routed ceiling: not measured"
    every = [round_.get("routed_fraction_of_ceiling") for round_ in burst.get("rounds", [])]
    return (
        f"Routed ceiling (the event page's GET, then the ceiling's work on the page Wagtail's routing finds, "
        f"bench/views.py): {routed_ceiling['registrations_per_s']} registrations/s in the reported round, errors "
        f"{routed_ceiling['errors']}, seats taken {routed_ceiling['seats_taken']}, {fraction(burst, routed=True)} of "
        f"the ceiling"
        + (f"; over the rounds {', '.join(map(str, every))}, median {routed_median(burst)}" if every else "")
        + ": the most a registration on the event page's route can reach"
    )


def routed_median(burst):
    """The routed ceiling's median fraction of its ceiling over the rounds (the reported
    round is chosen by the form's fraction, not by the routed ceiling's)."""
    values = sorted(
        value for round_ in burst.get("rounds", []) if (value := round_.get("routed_fraction_of_ceiling")) is not None
    )
    if not values:
        return fraction(burst, routed=True)
    return values[(len(values) - 1) // 2]


def median_round(results):
    """Of several rounds of the burst and its ceiling, the one with the median fraction (the
    lower middle of an even number), with a summary of every round in `rounds`."""
    ordered = sorted(results, key=lambda result: fraction(result) or 0)
    median = dict(ordered[(len(ordered) - 1) // 2])
    median["rounds"] = [
        {
            "registrations_per_s": result["registrations_per_s"],
            "ceiling_per_s": result["ceiling"]["registrations_per_s"],
            "fraction_of_ceiling": fraction(result),
            "routed_fraction_of_ceiling": fraction(result, routed=True),
            "errors": result["errors"]
            + sum(result.get(ceiling, {}).get("errors", 0) for ceiling in ("ceiling", "routed_ceiling")),
            "seats_taken": result["seats_taken"],
            "capacity": result["capacity"],
        }
        for result in results
    ]
    return median


def rounds(burst):
    """Every round of the burst and its ceiling, in the order they ran."""
    return "rounds (form / ceiling per s, fraction): " + ", ".join(
        f"{round_['registrations_per_s']} / {round_['ceiling_per_s']} ({round_['fraction_of_ceiling']})"
        for round_ in burst.get("rounds", [])
    )


def cost(measured):
    """One line on a registration's CPU cost (bench/cost.py)."""
    if measured.get("predicted_fraction") is None:
        return "Registration cost: not measured (no /proc to read the workers' CPU time)"
    return (
        f"Registration cost (workers' CPU per request, {measured['requests']} of each sent one at a time): "
        f"event page GET {measured['get_ms']} ms + form POST {measured['post_ms']} ms, ceiling POST "
        f"{measured['ceiling_ms']} ms: a burst bound by the workers' CPU reaches about "
        f"{measured['predicted_fraction']} of its ceiling"
        + (
            f"; with the routed ceiling's POST, {measured['routed_ms']} ms, a registration on the event page's "
            f"route reaches at most about {measured['routed_predicted_fraction']}"
            if measured.get("routed_predicted_fraction")
            else ""
        )
        + (f"; unexpected answers: {measured['unexpected']}" if measured.get("unexpected") else "")
        + _cpu_bound(measured)
    )


PROCESSES = {"workers": "the workers", "database": "PostgreSQL", "client": "the client"}


def _cpu_bound(measured):
    """Every process counted (bench/cost.py): the rates the cores allow."""
    bound = measured.get("cpu_bound_per_s")
    if not bound:
        return ""
    names = ", ".join(label for name, label in PROCESSES.items() if name in measured["by_process"]["post"])
    total = measured["all_ms"]
    routed = f", through the routed ceiling (with the GET) {total['routed']:.1f} ms" if total.get("routed") else ""
    return (
        f". Every process counted ({names}): a registration through the form takes {total['form']:.1f} ms "
        f"of CPU, through the ceiling {total['ceiling']:.1f} ms{routed}; {measured['cores']} cores allow at most "
        f"{bound['form']}/s and {bound['ceiling']}/s" + (f" and {bound['routed']}/s" if bound.get("routed") else "")
    )


def _ratio(value):
    return "n/a" if value is None else f"{value:.1f}"


def table(results):
    one, ten = results["pages"]["1x"], results["pages"]["10x"]
    floor = ten["static file"].get("median_ms") or 1
    lines = [
        "",
        f"Data: 1× = {results['data']['1x']}, 10× = {results['data']['10x']}",
        f"Server: gunicorn, {results['workers']} sync workers, {results['database']}, "
        f"cache {results.get('cache', '?')}; "
        f"machine: {results['machine']['nproc']} CPU ({results['machine']['cpu']}), {results['machine']['ram_gb']} GB",
        "",
        f"{'page':19} {'queries 1×':>10} {'queries 10×':>11} {'median ms':>9} {'p95 ms':>7} "
        f"{'× static':>8} {'× plain':>7} {'cached ms':>9} {'× static':>8}",
        "-" * 98,
    ]
    for name, row in ten.items():
        base = one.get(name, {})
        lines.append(
            f"{name:19} {str(base.get('queries', '-')):>10} {str(row.get('queries', '-')):>11} "
            f"{_ms(row.get('median_ms')):>9} {_ms(row.get('p95_ms')):>7} "
            f"{(row.get('median_ms') or 0) / floor:>8.1f} {_ratio(times_plain(row, ten)):>7} "
            f"{_ms(row.get('cached_median_ms')):>9}"
            f" {_ratio(cached_times_static(row, ten)):>8}"
        )
    lines.append(
        "(× plain: against the plain Wagtail page, and cached × static: against the static file, "
        "each measured in turn with the page)"
    )
    burst = results["burst"]
    lines += [
        "",
        f"Burst: {burst['clients']} clients, {burst['attempts']} attempts, {burst['capacity']} seats: "
        f"{burst['seconds']} s, {burst['attempts_per_s']} attempts/s; {burst['registrations_per_s']} registrations/s "
        f"while seats remained ({burst.get('fill_seconds')} s to fill), "
        f"outcomes {burst['outcomes']}, errors {burst['errors']}, seats taken {burst['seats_taken']}",
    ]
    ceiling = burst.get("ceiling")
    if ceiling:
        lines.append(
            f"Ceiling (bare view: capacity lock + insert, bench/views.py): {ceiling['registrations_per_s']} "
            f"registrations/s ({ceiling['fill_seconds']} s to fill), errors {ceiling['errors']}, seats taken "
            f"{ceiling['seats_taken']}; the real form reaches {fraction(burst)} of it"
        )
    if burst.get("routed_ceiling"):
        lines.append(routed(burst))
    if burst.get("rounds"):
        lines.append(f"The median of {len(burst['rounds'])} {rounds(burst)}")
    if results.get("registration_cost"):
        lines.append(cost(results["registration_cost"]))
    digest = results.get("digest")
    if digest:
        lines.append(
            f"Digest: {digest['followers']} followers, {digest['sent']} e-mails built and queued in "
            f"{digest['seconds']} s ({digest['per_1000_s']} s per 1,000), {digest['queries']} queries "
            f"({digest['queries_per_batch_without_queueing']} per batch of {digest['batch_size']} "
            f"without the {digest['inserts']} inserts that queue the e-mails and record the history)"
        )
    lines += [
        "",
        "Targets (reported, not enforced):",
    ]
    lines += [f"  {key}: {value}" for key, value in results["verdicts"].items()]
    return "\n".join(lines)
