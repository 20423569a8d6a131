"""Mozilla Bugzilla (BMO) as a source of incident reports.

* :mod:`.api` talks to the REST API (``GET /rest/bug/{id}``, ``/comment``, ``/attachment``, search
  paged by key): timeouts on every request, an anonymous throttle well under BMO's 75 requests per
  minute per endpoint, no retry after HTTP 429 or a non-JSON body, bounded retries of network errors
  and 5xx. The API key travels only in the ``X-BUGZILLA-API-KEY`` header.
* :mod:`.record` is a bug as fetched (the bug object, its comments, when it was fetched) and the
  ``bug-N/`` folder ``incident-kit fetch`` writes.
* :mod:`.cache` keeps fetched bugs in SQLite in the user cache directory, keyed by bug and
  ``last_change_time``.
* :mod:`.classify` reads a bug's comments: which are the CA's, which are reports, updates,
  questions and answers.

Linting a bug (its latest report with the bug's metadata, plus the bug-level rules IKB) is a lint
run: :mod:`incident_kit.lint.bugs`; reviewing many is :mod:`incident_kit.lint.review`.
"""
