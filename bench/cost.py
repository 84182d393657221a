"""What one registration costs the server, request by request: the CPU time the gunicorn
workers spend (read from /proc) per request, the requests sent one at a time so that none
waits for a lock or a core. Four kinds of request, each on an event of its own with seats
to spare: the event page's GET (answered by the page cache, as in the burst), the form's
POST, the ceiling's POST and the routed ceiling's POST (bench/views.py).

Every request pays the same server and middlewares, and a burst keeps the cores busy: when
the workers' CPU is what bounds both bursts, the form's takes about `ceiling / (GET + POST)`
of its ceiling, the fraction the cost predicts. A GET and the routed ceiling's POST are the
least a registration on the event page's route costs: `ceiling / (GET + routed)` is the most
any such registration can reach. Measured this way the figures move much less with the
machine's drift than the bursts' wall-clock rates, and they say where a change to the
registration path stands.

The same requests are also counted with every process that works for them on this machine —
the workers, PostgreSQL's sessions of the benchmark's database (SQLite's work is the
workers'), and the benchmark's own client: the rate the cores would allow if nothing else
held a burst back. A burst well under that rate is held back by something other than the
cores: the event's lock, or workers waiting for the database."""

import os
import time
from pathlib import Path

from django.db import connection

from . import burst
from .client import Client


def cpu_seconds(selected, proc=Path("/proc")):
    """User and system CPU seconds of the processes `selected(ppid, cmdline)` picks; None
    where there is no /proc to read."""
    if not proc.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # After the command name (in parentheses, which may hold spaces): state, ppid…
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, IndexError):
            continue  # a process that ended while the directory was read
        if selected(int(fields[1]), cmdline):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def worker_cpu_seconds(master_pid, proc=Path("/proc")):
    """CPU seconds of the processes whose parent is `master_pid` (the gunicorn master's
    workers); None where there is no /proc to read."""
    return cpu_seconds(lambda ppid, cmdline: ppid == master_pid, proc)


def serves_database(cmdline, database):
    """Whether a process is a PostgreSQL session of `database`: the server names each of
    them "postgres: [<cluster>: ]<user> <database> <client> <state>" (Debian's servers
    name the cluster, "15/main:")."""
    words = cmdline.split()
    if not words or words[0] != "postgres:":
        return False
    words = words[2:] if len(words) > 1 and words[1].endswith(":") else words[1:]
    return len(words) > 1 and words[1] == database


def database_cpu_seconds(database, proc=Path("/proc")):
    """CPU seconds of PostgreSQL's sessions of `database` on this machine."""
    return cpu_seconds(lambda ppid, cmdline: serves_database(cmdline, database), proc)


def predicted_fraction(get_ms, post_ms, ceiling_ms):
    """The fraction of its ceiling a burst reaches when the workers' CPU is what bounds
    both: one registration through the form is a GET and a POST."""
    if not (get_ms and post_ms and ceiling_ms):
        return None
    return round(ceiling_ms / (get_ms + post_ms), 2)


def cpu_bound_per_s(cores, *milliseconds):
    """Registrations per second that `cores` allow when one registration takes these
    milliseconds of CPU in all."""
    if not cores or any(ms is None for ms in milliseconds) or not sum(milliseconds):
        return None
    return round(cores * 1000 / sum(milliseconds), 1)


def per_request_ms(counters, send, requests):
    """CPU milliseconds per call of `send(n)`, over `requests` calls (after one warm-up
    call), of each counter of `counters()` ({name: CPU seconds so far, or None}); None
    without /proc."""
    send(0)
    before = counters()
    if before["workers"] is None:
        return None
    for n in range(1, requests + 1):
        send(n)
    after = counters()
    return {
        name: round((after[name] - before[name]) * 1000 / requests, 2) for name in before if before[name] is not None
    }


def measure(host, port, master_pid, requests):
    client = Client(host, port)
    tag = int(time.time())
    event_url = burst.create_event(requests + 10).url
    ceiling_url = f"/bench/ceiling/{burst.create_event(requests + 10).pk}/"
    routed_url = burst.routed_url(burst.create_event(requests + 10).url)

    def get(n):
        client.cookies.clear()
        return client.request("GET", event_url)

    unexpected = []  # answers other than a registration: reported, the run goes on

    def ceiling(n, url=ceiling_url, kind="ceiling"):
        outcome = burst.attempt_ceiling(client, url, f"{tag}-{n}")
        if outcome != "confirmed":
            unexpected.append(f"{kind}: {outcome}")

    def routed(n):
        ceiling(n, routed_url, "routed")

    # The POSTs' forms and cookies, fetched ahead so that only the POSTs are measured.
    forms = []
    for n in range(requests + 1):
        _status, _headers, body, _seconds = get(n)
        forms.append((burst.form_data(body, f"{tag}-{n}"), dict(client.cookies)))

    def post(n):
        data, client.cookies = forms[n]
        status, *_ = client.request("POST", event_url, data=data, headers={"Referer": event_url})
        if status != 302:
            unexpected.append(f"form: http {status}")

    # PostgreSQL's sessions work in processes of their own; SQLite's work is the workers'.
    database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else None

    def counters():
        return {
            "workers": worker_cpu_seconds(master_pid),
            "database": database_cpu_seconds(database) if database else None,
            "client": time.process_time(),  # this process: the requests' client
        }

    spent = {
        kind: per_request_ms(counters, send, requests)
        for kind, send in (("get", get), ("post", post), ("ceiling", ceiling), ("routed", routed))
    }
    client.close()
    measured = all(spent.values())
    result = {
        "requests": requests,
        # The workers' CPU alone: what the bursts share cancels out of the ratio.
        "get_ms": spent["get"]["workers"] if measured else None,
        "post_ms": spent["post"]["workers"] if measured else None,
        "ceiling_ms": spent["ceiling"]["workers"] if measured else None,
        "routed_ms": spent["routed"]["workers"] if measured else None,
        "by_process": spent if measured else None,
        "unexpected": unexpected,
    }
    result["predicted_fraction"] = predicted_fraction(result["get_ms"], result["post_ms"], result["ceiling_ms"])
    result["routed_predicted_fraction"] = predicted_fraction(
        result["get_ms"], result["routed_ms"], result["ceiling_ms"]
    )
    if measured:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        # One registration, every process counted: a GET and a POST, the ceiling's POST, or
        # a GET and the routed ceiling's POST.
        total = {
            "form": round(sum(spent["get"].values()) + sum(spent["post"].values()), 2),
            "ceiling": round(sum(spent["ceiling"].values()), 2),
            "routed": round(sum(spent["get"].values()) + sum(spent["routed"].values()), 2),
        }
        result["cores"] = cores
        result["all_ms"] = total
        result["cpu_bound_per_s"] = {kind: cpu_bound_per_s(cores, ms) for kind, ms in total.items()}
    return result
