"""`manage.py run_worker`: the background worker (tasks and e-mail outbox), see
home/worker.py and docs/deploy.md for its service unit."""

import logging
import signal
from datetime import timedelta

from django.core.management.base import BaseCommand
from django_tasks.utils import get_random_id

from home.worker import Worker


class Command(BaseCommand):
    help = "Run the background tasks and deliver the e-mail outbox; keeps going through database and mail faults."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between rounds when idle.")
        parser.add_argument("--batch", action="store_true", help="Do everything that is due, then exit.")
        parser.add_argument(
            "--stale-after",
            type=int,
            default=30 * 60,
            help="Seconds after which a task still RUNNING is considered lost and run again.",
        )
        parser.add_argument("--queue-name", default="default", help="Task queues, comma-separated.")
        parser.add_argument("--worker-id", default=None)

    def handle(self, *, interval, batch, stale_after, queue_name, worker_id, verbosity, **options):
        logger = logging.getLogger("home.worker")
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stdout))
        logger.setLevel(logging.INFO if verbosity else logging.WARNING)
        worker = Worker(
            worker_id=worker_id or get_random_id(),
            interval=interval,
            batch=batch,
            stale_after=timedelta(seconds=stale_after),
            queue_names=queue_name.split(","),
        )

        def stop(signum, frame):
            logger.info("Signal %s: stopping after the current step", signum)
            worker.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker.run()
