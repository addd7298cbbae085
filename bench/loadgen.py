"""A small load generator: logged-in clients hit one URL concurrently from a second process on
127.0.0.1 and report latency percentiles and throughput. Standard library only."""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass


@dataclass
class Result:
    url: str
    clients: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rps: float


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]


def login(base: str, username: str, password: str) -> str:
    """Log in through the real login form and return the Cookie header value. Cookies are kept by
    hand: production marks them Secure, and the benchmark talks plain HTTP on 127.0.0.1."""
    host = urllib.parse.urlparse(base)
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    html = response.read().decode()
    _cookies(response, jar)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{base}/accounts/login/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        },
    )
    response = conn.getresponse()
    response.read()
    _cookies(response, jar)
    conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login failed for {username} (HTTP {response.status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def measure(
    base: str, path: str, cookie: str, *, clients: int, requests_per_client: int, warmup: int = 2
) -> Result:
    host = urllib.parse.urlparse(base)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        headers = {"Cookie": cookie, "Connection": "keep-alive"}
        mine, bad = [], 0
        for i in range(warmup + requests_per_client):
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
            elapsed = (time.perf_counter() - start) * 1000
            if i >= warmup:
                mine.append(elapsed)
                bad += 0 if ok else 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    total = len(latencies)
    return Result(
        url=path,
        clients=clients,
        requests=total,
        errors=errors,
        p50_ms=statistics.median(latencies) if latencies else float("nan"),
        p95_ms=percentile(latencies, 0.95),
        p99_ms=percentile(latencies, 0.99),
        rps=total / wall if wall else 0.0,
    )
