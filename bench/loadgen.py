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
    return measure_interleaved(
        base, [path], cookie, clients=clients, requests_per_client=requests_per_client, warmup=warmup
    )[0]


def measure_interleaved(
    base: str, paths: list[str], cookie: str, *, clients: int, requests_per_client: int, warmup: int = 2
) -> list[Result]:
    """Measure several URLs in the same run, interleaved: each client requests path 0, path 1, …,
    path 0, path 1, … (client k starts at path k mod n, so under concurrency the server always has a
    mix), `requests_per_client` times each after `warmup` rounds. One Result per path, in order.
    Used to measure a page beside its bare view (bench/bare.py) under the same conditions."""
    host = urllib.parse.urlparse(base)
    n = len(paths)
    latencies: list[list[float]] = [[] for _ in paths]
    errors = [0] * n
    lock = threading.Lock()

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        headers = {"Cookie": cookie, "Connection": "keep-alive"}
        mine: list[list[float]] = [[] for _ in paths]
        bad = [0] * n
        for i in range(warmup + requests_per_client):
            for step in range(n):
                j = (k + step) % n
                start = time.perf_counter()
                try:
                    conn.request("GET", paths[j], headers=headers)
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
                elapsed = (time.perf_counter() - start) * 1000
                if i >= warmup:
                    mine[j].append(elapsed)
                    bad[j] += 0 if ok else 1
        conn.close()
        with lock:
            for j in range(n):
                latencies[j].extend(mine[j])
                errors[j] += bad[j]

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    out = []
    for j, path in enumerate(paths):
        values = sorted(latencies[j])
        total = len(values)
        out.append(
            Result(
                url=path,
                clients=clients,
                requests=total,
                errors=errors[j],
                p50_ms=statistics.median(values) if values else float("nan"),
                p95_ms=percentile(values, 0.95),
                p99_ms=percentile(values, 0.99),
                # throughput of this path within the interleaved run (its share of the wall time)
                rps=total / wall if wall else 0.0,
            )
        )
    return out
