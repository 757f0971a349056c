"""Per-stage latency and host overhead of one bench/pipeline scenario, from the service's own records.

Reads the job store (db/radcnn.db) and each job's outbox/<id>/result.json and prints one JSON object.
Stages, per job: assembly (last instance received -> series ready, the configured quiet period
included), routing (ready -> job queued), queue wait (queued -> started), prepare (series loaded
from the spool), plugin (the plugin call: plugin and engine work), output (result objects built;
then written, fsync'd and the job marked done). Host overhead = job time (started -> done) minus
the plugin call, summed over jobs, as a share of the summed job time.
"""
import json
import os
import sqlite3
import statistics
import sys
from datetime import datetime

name, data, start, ct_end, cxr_end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
ct_slices, radiographs, quiet = int(sys.argv[6]), int(sys.argv[7]), float(sys.argv[8])
DONE, SERIES = 3, 1

db = sqlite3.connect(f"file:{os.path.join(data, 'db', 'radcnn.db')}?mode=ro", uri=True)
rows = db.execute(
    "SELECT j.id, j.plugin_id, j.item_key, j.created_at, j.updated_at, j.output_path, w.created_at,"
    " (SELECT MAX(received_at) FROM instances i WHERE i.series_uid = j.item_key)"
    " FROM jobs j JOIN work_items w ON w.id = j.work_item_id WHERE j.state = ? AND j.kind = ?", (DONE, SERIES)).fetchall()


def seconds(iso):
    return datetime.fromisoformat(iso).timestamp()


jobs = []
for job_id, plugin, _series, queued_ms, done_ms, output, ready_ms, last_received_ms in rows:
    with open(os.path.join(output, "result.json"), encoding="utf-8") as f:
        t = json.load(f)["timings"]
    started, finished = seconds(t["startedAt"]), seconds(t["finishedAt"])
    done = done_ms / 1000
    jobs.append({
        "plugin": plugin,
        "assembly_s": (ready_ms - last_received_ms) / 1000,
        "routing_ms": queued_ms - ready_ms,
        "queue_wait_s": started - queued_ms / 1000,
        "prepare_ms": t["prepareSeconds"] * 1000,
        "plugin_ms": t["pluginSeconds"] * 1000,
        "output_ms": t["outputSeconds"] * 1000 + (done - finished) * 1000,
        "job_ms": (done - started) * 1000,
        "done": done,
    })


def summary(values):
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return {"median": round(statistics.median(values), 3), "p95": round(p95, 3)}


def overhead(subset):
    total = sum(j["job_ms"] for j in subset)
    host = sum(j["job_ms"] - j["plugin_ms"] for j in subset)
    return round(host / total, 4) if total > 0 else None


stages = ["assembly_s", "routing_ms", "queue_wait_s", "prepare_ms", "plugin_ms", "output_ms", "job_ms"]
per_plugin = {}
for plugin in sorted({j["plugin"] for j in jobs}):
    subset = [j for j in jobs if j["plugin"] == plugin]
    per_plugin[plugin] = {
        "jobs": len(subset),
        **{stage: summary([j[stage] for j in subset]) for stage in stages},
        "host_overhead_share": overhead(subset),
        "host_ms_per_job": round(statistics.mean(j["job_ms"] - j["plugin_ms"] for j in subset), 2),
    }

print(json.dumps({
    "scenario": name,
    "jobs_done": len(jobs),
    "ingest_ct_instances_per_s": round(ct_slices / (ct_end - start), 1),
    "ingest_radiographs_per_s": round(radiographs / (cxr_end - ct_end), 1),
    "quiet_period_s": quiet,
    "end_to_end_s": round(max(j["done"] for j in jobs) - start, 2),
    "host_overhead_share": overhead(jobs),
    "per_plugin": per_plugin,
}, separators=(",", ":")))
