"""The worker: one process (`manage.py run_worker`) that runs the background tasks of the
database task backend (django-tasks-db) and delivers the e-mail outbox (home/emails.py).

It keeps going through faults:
- a lost database connection (a restarted server, `pg_terminate_backend`, a network cut)
  is logged, the connection dropped and opened again on the next query, with a growing
  pause (1 s, 2 s, … 30 s) while the database stays away; the task it was running is put
  back in the queue;
- a task found RUNNING for longer than `stale_after` (its worker died or was killed) is
  put back in the queue and run again (the project's tasks are idempotent);
- an e-mail whose deliverer died is tried again once its claim ends (home.emails);
- a mail server that refuses connections only postpones e-mails (retries with backoff).

Without the database task backend (development) it only delivers e-mails."""

import logging
import time
from datetime import timedelta

from django.db import DatabaseError, close_old_connections, connection, connections, transaction
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import emails

logger = logging.getLogger("home.worker")


def database_task_backend(alias=DEFAULT_TASK_BACKEND_ALIAS):
    backend = task_backends[alias]
    return backend if isinstance(backend, DatabaseBackend) else None


class Worker:
    def __init__(
        self,
        *,
        worker_id,
        interval=1.0,
        batch=False,
        stale_after=timedelta(minutes=30),
        queue_names=("default",),
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        max_pause=30.0,
    ):
        self.worker_id = worker_id
        self.interval = interval
        self.batch = batch
        self.stale_after = stale_after
        self.queue_names = list(queue_names)
        self.backend_name = backend_name
        self.max_pause = max_pause
        self.running = True
        self.current_task_id = None
        self.database_errors = 0
        self.tasks_run = 0
        self.emails_sent = 0
        self._next_stale_check = 0.0
        self._worker = None

    # --- The loop --------------------------------------------------------------------

    def run(self):
        """Until stopped (SIGTERM); with `batch`, until nothing is due (a database error
        then ends the run instead of waiting for the database)."""
        logger.info("Worker %s started", self.worker_id)
        pause = 1.0
        while self.running:
            try:
                did_work = self.run_once()
            except DatabaseError as error:
                self.database_errors += 1
                if self.batch:
                    raise
                logger.warning("Database unavailable (%s); trying again in %.0f s", error, pause)
                self.reconnect()
                self._sleep(pause)
                pause = min(pause * 2, self.max_pause)
                continue
            pause = 1.0
            if self.batch and not did_work:
                return
            if not did_work:
                self._sleep(self.interval)
        logger.info("Worker %s stopped", self.worker_id)

    def stop(self):
        self.running = False

    def run_once(self):
        """One round: put stale tasks back, deliver due e-mails, run one task. Returns
        whether there was anything to do."""
        if not connection.in_atomic_block:
            # Drops a connection that failed or outlived CONN_MAX_AGE, as a request's end does.
            close_old_connections()
        if self.current_task_id is not None:
            self._requeue_interrupted()
        if time.monotonic() >= self._next_stale_check:
            self.requeue_stale_tasks()
            self._next_stale_check = time.monotonic() + 60
        sent, failed = emails.deliver()
        self.emails_sent += sent
        ran = self.run_one_task()
        return bool(sent or failed or ran)

    def reconnect(self):
        for database in connections.all(initialized_only=True):
            try:
                database.close()
            except Exception:  # noqa: BLE001 — a broken connection may fail to close; it is dropped anyway
                database.connection = None

    def _sleep(self, seconds):
        end = time.monotonic() + seconds
        while self.running and time.monotonic() < end:
            time.sleep(min(0.1, seconds))

    # --- Tasks (django-tasks-db) -----------------------------------------------------

    def _db_worker(self):
        if self._worker is None:
            self._worker = DBWorker(
                queue_names=self.queue_names,
                interval=self.interval,
                batch=True,
                backend_name=self.backend_name,
                startup_delay=False,
                max_tasks=None,
                worker_id=self.worker_id,
            )
        return self._worker

    def run_one_task(self):
        if database_task_backend(self.backend_name) is None:
            return False
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name, queue_name__in=self.queue_names)
        # SQLite: an exclusive transaction, as django-tasks-db's own worker takes (a plain
        # one inside an enclosing transaction: the tests').
        claiming = transaction.atomic(using=tasks.db) if connection.in_atomic_block else exclusive_transaction(tasks.db)
        with claiming:
            try:
                task_result = tasks.get_locked()
            except OperationalError as error:
                if "is locked" not in str(error):
                    raise
                task_result = None
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is None:
            return False
        self.current_task_id = task_result.pk
        # django-tasks-db's own runner: marks the task successful or failed. If the
        # database goes away meanwhile, the error reaches run() and the task is put back.
        self._db_worker().run_task(task_result)
        self.current_task_id = None
        self.tasks_run += 1
        return True

    def _requeue_interrupted(self):
        """The task that was running when the database went away goes back in the queue."""
        DBTaskResult.objects.filter(pk=self.current_task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("Task %s interrupted by a database error: queued again", self.current_task_id)
        self.current_task_id = None

    def requeue_stale_tasks(self):
        """Tasks RUNNING for longer than `stale_after` lost their worker: run them again."""
        if database_task_backend(self.backend_name) is None:
            return 0
        count = DBTaskResult.objects.filter(
            backend_name=self.backend_name,
            status=TaskResultStatus.RUNNING,
            started_at__lt=timezone.now() - self.stale_after,
        ).update(status=TaskResultStatus.READY, started_at=None)
        if count:
            logger.warning("%s task(s) found running for over %s: queued again", count, self.stale_after)
        return count
