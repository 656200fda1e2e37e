"""gunicorn's settings for the web process (Procfile, compose.yaml, Dockerfile, the benchmarks and the tests that
start gunicorn): ``gunicorn -c config/gunicorn.conf.py config.wsgi:application``. Command-line options win."""

import os

# Sync workers that close without lingering (config/gunicorn_worker.py).
worker_class = "config.gunicorn_worker.PromptCloseSyncWorker"
# One worker per core, not gunicorn's usual two: the web process's work is CPU (its waits are on PostgreSQL and
# Redis on the same host, a fraction of a millisecond), and on two cores four workers spent 30–50 % more CPU per
# request than two, in every phase of bench/load.py --scale (docs/performance.md, "Workers per core").
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
timeout = 30
