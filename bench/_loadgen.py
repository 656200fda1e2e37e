"""The load generator of bench/load.py: an asyncio + aiohttp client in a process of its own (no Django).

    python bench/_loadgen.py SPEC.json  → prints one JSON object with latencies, errors and its own CPU use

Phases (spec["phase"]):
- burst: every request in spec["requests"] is released at the same instant (after all are created), each on a
  connection of its own. spec["client"] "raw" (the default): a bare HTTP/1.1 client on asyncio streams, under
  uvloop when it is installed; "aiohttp": the client every burst figure before 7 December 2026 was measured with.
  The raw client spends about half the CPU per request (docs/performance.md, "The load generator"): on two
  cores shared with the servers, what the generator spends is taken from them.
- steady: open loop; each client requests its URL every spec["interval"] s from a random phase, for
  spec["seconds"]; latency counts from the *scheduled* time (no coordinated omission: a late send is slow).
- ceiling: closed loop; spec["concurrency"] tasks request URLs back to back for spec["seconds"]: throughput.
"""

import asyncio
import json
import random
import sys
import time
from urllib.parse import urlsplit

import aiohttp

try:
    import uvloop
except ImportError:  # the raw client then runs on asyncio's own loop
    uvloop = None


def _session(limit):
    connector = aiohttp.TCPConnector(limit=limit, force_close=False, ttl_dns_cache=None)
    timeout = aiohttp.ClientTimeout(total=30)
    return aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar())


async def _fetch(session, base, req):
    async with session.get(base + req["path"], headers=req["headers"], allow_redirects=False) as resp:
        body = await resp.read()
        return resp.status, len(body)


def _raw_request(host, port, req):
    """The request's bytes, built before the gate opens: request line, Host, the spec's headers, Connection: close
    (each burst request has a connection of its own, as 800 browsers would)."""
    lines = [f"GET {req['path']} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in req["headers"].items()]
    lines += ["Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1")


async def _raw_fetch(host, port, raw):
    """Send ``raw``, read the answer to the end (the server closes): (status, body bytes). A chunked body is
    counted with its chunk framing, a few bytes more than aiohttp's count."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        answer = await reader.read()
    finally:
        writer.close()
    head, sep, body = answer.partition(b"\r\n\r\n")
    if not sep:
        raise ConnectionError("incomplete answer")
    return int(head.split(b" ", 2)[1]), len(body)


async def burst(spec):
    base, requests = spec["base"], spec["requests"]
    raw_client = spec.get("client", "raw") == "raw"
    url = urlsplit(base)
    gate = asyncio.Event()
    results = []

    async def one(session, req):
        raw = _raw_request(url.hostname, url.port, req) if raw_client else None
        await gate.wait()
        start = time.perf_counter()
        try:
            if raw_client:
                status, size = await _raw_fetch(url.hostname, url.port, raw)
            else:
                status, size = await _fetch(session, base, req)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, not raised
            status, size = f"error: {type(exc).__name__}", 0
        results.append({"ms": (time.perf_counter() - start) * 1000, "status": status, "bytes": size})

    async with _session(limit=0) as session:
        tasks = [asyncio.create_task(one(session, r)) for r in requests]
        await asyncio.sleep(0.2)  # every task is parked at the gate
        gate.set()
        await asyncio.gather(*tasks)
    return {"results": results, "client": "raw" if raw_client else "aiohttp", "uvloop": uvloop is not None}


async def steady(spec):
    base, clients, interval, seconds = spec["base"], spec["requests"], spec["interval"], spec["seconds"]
    rng = random.Random(7)
    results = []
    pending = set()

    async def one(session, req, due):
        try:
            status, size = await _fetch(session, base, req)
        except Exception as exc:  # noqa: BLE001
            status, size = f"error: {type(exc).__name__}", 0
        results.append({"ms": (time.perf_counter() - due) * 1000, "status": status, "bytes": size})

    async with _session(limit=spec.get("connections", 100)) as session:
        t0 = time.perf_counter() + 0.5
        schedule = sorted(
            (t0 + offset + k * interval, i)
            for i, offset in enumerate(rng.uniform(0, interval) for _ in clients)
            for k in range(int(seconds / interval))
        )
        for due, i in schedule:
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(one(session, clients[i], due))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)
    return {"results": results, "scheduled": len(schedule)}


async def ceiling(spec):
    base, requests, seconds = spec["base"], spec["requests"], spec["seconds"]
    statuses = {}
    count = 0
    stop_at = time.perf_counter() + seconds

    async def loop(session, offset):
        nonlocal count
        i = offset
        while time.perf_counter() < stop_at:
            req = requests[i % len(requests)]
            i += spec["concurrency"]
            try:
                status, _ = await _fetch(session, base, req)
            except Exception as exc:  # noqa: BLE001
                status = f"error: {type(exc).__name__}"
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            count += 1

    async with _session(limit=spec["concurrency"]) as session:
        start = time.perf_counter()
        await asyncio.gather(*(loop(session, n) for n in range(spec["concurrency"])))
        elapsed = time.perf_counter() - start
    return {"requests": count, "seconds": elapsed, "rps": count / elapsed, "statuses": statuses}


def main():
    with open(sys.argv[1]) as fh:
        spec = json.load(fh)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    phase = {"burst": burst, "steady": steady, "ceiling": ceiling}[spec["phase"]](spec)
    lean = spec["phase"] == "burst" and spec.get("client", "raw") == "raw" and uvloop is not None
    out = uvloop.run(phase) if lean else asyncio.run(phase)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    out.update({"generator_cpu_s": cpu, "generator_wall_s": wall, "generator_cpu_share": cpu / wall})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
