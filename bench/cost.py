"""What one registration costs the server, request by request: the CPU time the gunicorn
workers spend (read from /proc) per request, the requests sent one at a time so that none
waits for a lock or a core. Three kinds of request, each on an event of its own with seats
to spare: the event page's GET (answered by the page cache, as in the burst), the form's
POST, and the ceiling's POST (bench/views.py).

Every request pays the same server and middlewares, and a burst keeps the cores busy: when
the workers' CPU is what bounds both bursts, the form's takes about `ceiling / (GET + POST)`
of its ceiling, the fraction the cost predicts. Measured this way the figure moves much less
with the machine's drift than the bursts' wall-clock rates, and it says where a change to the
registration path stands."""

import os
import time
from pathlib import Path

from . import burst
from .client import Client


def worker_cpu_seconds(master_pid, proc=Path("/proc")):
    """User and system CPU seconds of the processes whose parent is `master_pid` (the
    gunicorn master's workers); None where there is no /proc to read."""
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
        except (OSError, IndexError):
            continue  # a process that ended while the directory was read
        if int(fields[1]) == master_pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def predicted_fraction(get_ms, post_ms, ceiling_ms):
    """The fraction of its ceiling a burst reaches when the workers' CPU is what bounds
    both: one registration through the form is a GET and a POST."""
    if not (get_ms and post_ms and ceiling_ms):
        return None
    return round(ceiling_ms / (get_ms + post_ms), 2)


def per_request_ms(master_pid, send, requests):
    """Worker CPU milliseconds per call of `send(n)`, over `requests` calls (after one
    warm-up call); None without /proc."""
    send(0)
    before = worker_cpu_seconds(master_pid)
    if before is None:
        return None
    for n in range(1, requests + 1):
        send(n)
    return round((worker_cpu_seconds(master_pid) - before) * 1000 / requests, 2)


def measure(host, port, master_pid, requests):
    client = Client(host, port)
    tag = int(time.time())
    event_url = burst.create_event(requests + 10).url
    ceiling_url = f"/bench/ceiling/{burst.create_event(requests + 10).pk}/"

    def get(n):
        client.cookies.clear()
        return client.request("GET", event_url)

    unexpected = []  # answers other than a registration: reported, the run goes on

    def ceiling(n):
        outcome = burst.attempt_ceiling(client, ceiling_url, f"{tag}-{n}")
        if outcome != "confirmed":
            unexpected.append(f"ceiling: {outcome}")

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

    result = {
        "requests": requests,
        "get_ms": per_request_ms(master_pid, get, requests),
        "post_ms": per_request_ms(master_pid, post, requests),
        "ceiling_ms": per_request_ms(master_pid, ceiling, requests),
    }
    client.close()
    result["unexpected"] = unexpected
    result["predicted_fraction"] = predicted_fraction(result["get_ms"], result["post_ms"], result["ceiling_ms"])
    return result
