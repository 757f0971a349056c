"""N dashboard clients against RadCnn's web face until the stop file appears.

Each client does what an open dashboard page does every POLL seconds (static/dashboard.js): GET
/api/status and /api/jobs, and every tenth time reloads the overview page. Prints one JSON object:
requests, errors and latency percentiles (ms)."""
import json, os, sys, threading, time, urllib.request

base, key, clients, poll, stop_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
latencies, errors, lock = [], [0], threading.Lock()


def get(path):
    request = urllib.request.Request(base + path, headers={"X-Api-Key": key})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            ok = response.status == 200
    except Exception:
        ok = False
    elapsed = (time.perf_counter() - started) * 1000
    with lock:
        latencies.append(elapsed)
        if not ok:
            errors[0] += 1


def client(index):
    # Spread the clients over the poll interval, as pages opened at different times would be.
    time.sleep(poll * index / clients)
    n = 0
    while not os.path.exists(stop_file):
        started = time.perf_counter()
        get("/api/status")
        get("/api/jobs")
        if n % 10 == 0:
            get("/")
        n += 1
        time.sleep(max(0.0, poll - (time.perf_counter() - started)))


threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1) if latencies else None
print(json.dumps({"requests": len(latencies), "errors": errors[0], "p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": pick(1.0)}))
