"""A minimal HTTP client for loopback (http.client): one connection, its own cookies."""

import http.client
import time
import urllib.parse
from http.cookies import SimpleCookie


class Client:
    def __init__(self, host, port, timeout=30):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.connection = None

    def _connect(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.connection

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method, path, data=None, headers=None):
        """Returns (status, headers, body, seconds). Reconnects once if the server
        closed the connection (gunicorn's sync workers close after each response)."""
        headers = dict(headers or {})
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.setdefault("Host", f"{self.host}:{self.port}")
        for attempt in range(2):
            started = time.perf_counter()
            try:
                connection = self._connect()
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    raise
                continue
            elapsed = time.perf_counter() - started
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(value)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
            if response.headers.get("Connection", "").lower() == "close":
                self.close()
            return response.status, response.headers, content, elapsed
        raise ConnectionError("unreachable")
