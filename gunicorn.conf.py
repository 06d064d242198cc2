"""gunicorn settings for Pantau: ``gunicorn -c gunicorn.conf.py pantau.wsgi`` (gunicorn also reads this
file by itself when started from this folder).

Access-log lines never carry a query string or a referrer: what a person searched for (a child's name,
an account number) travels in query strings, and a referrer is the previous page's full address.
``%(U)s`` is the path without the query; the forbidden atoms are ``%(r)s`` (request line), ``%(q)s``
(query) and ``%(f)s`` (referrer). gunicorn's error log goes through the same scrubber as Pantau's logs
(it names the address of a request that failed). Everything else (workers, bind address, timeouts)
comes from the command line or ``GUNICORN_CMD_ARGS``.
"""

import logging

from pantau.lib.logfilters import QueryStringScrubber

accesslog = "-"
# Client address, time, method, path (no query), protocol, status, bytes, duration in ms, user agent and
# Pantau's request id (which the audit trail and the application's log lines carry too).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'
errorlog = "-"

for _name in ("gunicorn.error", "gunicorn.access"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, QueryStringScrubber) for f in _logger.filters):  # a reload runs this again
        _logger.addFilter(QueryStringScrubber())
