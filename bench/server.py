"""Starts and stops the gunicorn server the benchmark drives (loopback only)."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def start(port, workers, log_path):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = open(log_path, "ab")  # noqa: SIM115 — kept open for the server's life
    process = subprocess.Popen(  # noqa: S603 — a fixed command line, our own gunicorn
        [
            str(gunicorn),
            "network_site.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--timeout=120",
            # gunicorn 27 puts every server's control socket at one path: two benchmarks on
            # one machine (or a benchmark beside a production server) would collide.
            "--no-control-socket",
            "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--error-logfile=-",
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"gunicorn did not answer on port {port}; see {log_path}")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
