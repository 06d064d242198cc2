"""gunicorn settings for Pantau: ``gunicorn -c gunicorn.conf.py pantau.wsgi`` (gunicorn also reads this
file by itself when started from this folder).

Access-log lines never carry a query string or a referrer: what a person searched for (a child's name,
an account number) travels in query strings, and a referrer is the previous page's full address.
``%(U)s`` is the path without the query; the forbidden atoms are ``%(r)s`` (request line), ``%(q)s``
(query) and ``%(f)s`` (referrer). gunicorn's error log goes through the same scrubber as Pantau's logs
(it names the address of a request that failed).

Workers: threaded (``gthread``). A page spends much of its time waiting for PostgreSQL, when a thread
gives up the interpreter lock; with threads, one slow national page holds one thread, not a whole
worker, and the pages behind it keep flowing (measured by ``bench/load.py``). The defaults suit the
2-core machine the README's figures come from; set ``PANTAU_WEB_WORKERS`` / ``PANTAU_WEB_THREADS`` (or
gunicorn's own command-line flags, which win) on bigger servers: about one worker per core plus one.
The timeout is above PostgreSQL's ``statement_timeout`` for web requests (``PANTAU_DB_STATEMENT_TIMEOUT_MS``,
20 s), so that a runaway query is cancelled by the database with a clean error before gunicorn kills
the worker mid-response.
"""

import logging
import os

from pantau.lib.logfilters import QueryStringScrubber

accesslog = "-"
# Client address, time, method, path (no query), protocol, status, bytes, duration in ms, user agent and
# Pantau's request id (which the audit trail and the application's log lines carry too).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'
errorlog = "-"

worker_class = "gthread"
workers = int(os.environ.get("PANTAU_WEB_WORKERS", "3"))
threads = int(os.environ.get("PANTAU_WEB_THREADS", "4"))
timeout = 30
graceful_timeout = 30
keepalive = 5  # behind nginx's keep-alive upstream pool
# A worker is replaced after this many requests (with jitter, so not all at once): bounds any slow leak.
max_requests = 5000
max_requests_jitter = 500

for _name in ("gunicorn.error", "gunicorn.access"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, QueryStringScrubber) for f in _logger.filters):  # a reload runs this again
        _logger.addFilter(QueryStringScrubber())
