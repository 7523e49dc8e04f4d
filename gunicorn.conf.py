"""Gunicorn, as the app runs in production: `gunicorn newsclaims.wsgi`.

Workers share nothing but the database, so more of them, on this machine or
behind a load balancer on others, serve more editors.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", 2))
timeout = 30
graceful_timeout = 20
max_requests = 5000  # recycle workers now and then, in case anything grows
max_requests_jitter = 500
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
