"""Counts the SQL queries of each request and says how many in an `X-Bench-Queries`
header. Installed only by `bench.settings`, never by the project's own settings."""

from django.db import connections

HEADER = "X-Bench-Queries"


class QueryCounter:
    """An `execute_wrapper` that counts every query sent to the database."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCounter()
        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
            # A lazy response (TemplateResponse) is rendered by now: its queries are counted.
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[HEADER] = str(counter.count)
        return response
