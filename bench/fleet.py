"""How the court side grows with the fleet (issue 14, "Scale"): N simulated kiosks on one Mosquitto
over mutual TLS with the generated configuration (`provisioning.broker_conf`), certificates from the
court CA (`provisioning.ca`), each filing 5 MB packets at a busy hall's peak (one per kiosk every
``--interval`` s, 120 by default) plus a signed status every 30 s; the court gateway `court-gateway
run` on PostgreSQL, one member pinned to one core, then two members in a shared subscription (the
second on the other core). Per N and member count it prints receipts per second, sealed -> verified
receipt p50 / p99, the gateway's CPU per packet and per MB, broker / gateway RSS, connections
held; then how each grows with N and the headline: the most kiosks one member serves at that peak
with p99 <= 2 s, and the gain from the second member.

    .venv/bin/python bench/fleet.py [--quick] [--ladder 10,100,300,1000] [--members 1,2]
                                    [--interval 120] [--window 60] [--search 2] [--json OUT]

Time: real filings are one per kiosk every 2 minutes; a phase runs that rate for ``--window`` s
(so N=1000 sees ~500 filings), not for hours. ``--quick`` compresses time 10x (a filing every
12 s per kiosk, 10 kiosks: the load of 100 kiosks on 10 connections), so it says so in its output.
The kiosks are `bench/fleet_kiosks.py` processes (see there what is simulated and what is real).
BENCH_KEEP=1 keeps the run's directory.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import psutil  # noqa: E402

from court.keys import court_key  # noqa: E402
from court.settings import CourtSettings  # noqa: E402
from offline_queue.crypto import generate_key, private_pem, public_pem  # noqa: E402
from provisioning.broker_conf import BrokerPlan, write_broker_config  # noqa: E402
from provisioning.ca import CourtCA  # noqa: E402
from tests.fixtures.mosquitto import MOSQUITTO  # noqa: E402
from tests.fixtures.postgres import private_postgres  # noqa: E402
from tests.fixtures.procs import ManagedProcess, free_port, port_open, wait_until  # noqa: E402
from tests.transport.helpers import VENV_BIN, clean_env  # noqa: E402
from fleet_report import P99_LIMIT, growth, headline, next_probe  # noqa: E402

GATEWAYS = ("court-gw-1", "court-gw-2")
PER_WORKER = 500


def kid(i: int) -> str:
    return f"kiosk-{i:04d}"


def build_pki(root: Path, n: int) -> dict:
    """One court CA, the broker's and gateways' certificates, ``n`` kiosk certificates (P-256, issued
    in one batch) and ``n`` Ed25519 signing keys the court trusts; on tmpfs, as a fleet's
    provisioning is not what is measured (on this disk each fsync'd certificate costs ~17 ms)."""
    t = time.perf_counter()
    ca = CourtCA.init(root / "ca", name="Fleet bench CA")
    ca.issue("localhost", root / "broker", kind="server", ips=("127.0.0.1",))
    for g in GATEWAYS:
        ca.issue(g, root / "gateways", kind="gateway")
    ca.issue_many([kid(i) for i in range(n)], root / "kiosks")
    certs_s = time.perf_counter() - t
    (root / "signing").mkdir()
    (root / "trusted").mkdir()
    for i in range(n):
        key = generate_key()
        (root / "signing" / f"{kid(i)}.key").write_bytes(private_pem(key))
        (root / "trusted" / f"{kid(i)}.pem").write_bytes(public_pem(key))
    cs = CourtSettings(data_dir=root / "court", key_file=root / "court.key")
    (root / "court.pub").write_bytes(public_pem(court_key(cs)))
    return {"ca": ca, "root": root, "certs_s": certs_s, "keys_s": time.perf_counter() - t - certs_s}


def start_broker(pki: dict, root: Path, n: int) -> tuple[ManagedProcess, int]:
    port = free_port()
    p = pki["root"]
    plan = BrokerPlan(ca_file=p / "ca" / "ca.crt", cert_file=p / "broker" / "localhost.crt",
                      key_file=p / "broker" / "localhost.key", crl_file=pki["ca"].crl_file,
                      data_dir=root / "data", port=port, bind="127.0.0.1", gateways=GATEWAYS, enrollers=(),
                      bootstrap=None, kiosks=n, user="root" if os.geteuid() == 0 else None)
    conf, _acl = write_broker_config(plan, root)
    broker = ManagedProcess([MOSQUITTO, "-c", str(conf)], root / "mosquitto.log").start()
    if not wait_until(lambda: port_open(port), 10):
        raise RuntimeError(f"mosquitto did not start: {broker.log()}")
    return broker, port


def start_gateways(pki: dict, root: Path, port: int, db_url: str, members: int) -> list[ManagedProcess]:
    p, procs = pki["root"], []
    for m in range(members):
        env = {**clean_env(), "COURT_DATA_DIR": str(root / f"gw{m + 1}"), "COURT_RECEIVER_ID": GATEWAYS[m],
               "COURT_DB_URL": db_url, "COURT_CHUNK_STORE": "db", "COURT_KEY_FILE": str(p / "court.key"),
               "COURT_KIOSK_KEYS_DIR": str(p / "trusted"), "COURT_BROKER__HOST": "127.0.0.1",
               "COURT_BROKER__PORT": str(port), "COURT_BROKER__TLS": "true",
               "COURT_BROKER__CA_FILE": str(p / "ca" / "ca.crt"),
               "COURT_BROKER__CERT_FILE": str(p / "gateways" / f"{GATEWAYS[m]}.crt"),
               "COURT_BROKER__KEY_FILE": str(p / "gateways" / f"{GATEWAYS[m]}.key"), "PYTHONUNBUFFERED": "1"}
        if members > 1:
            env["COURT_SHARED_GROUP"] = "court"
        if os.environ.get("COURT_BATCH_WAIT_MS"):  # the gateway's gathering window, to compare
            env["COURT_BATCH_WAIT_MS"] = os.environ["COURT_BATCH_WAIT_MS"]
        # One core per member: member 1 on CPU 0, member 2 on CPU 1 (kiosks and broker float).
        argv = ["taskset", "-c", str(m % (os.cpu_count() or 1)), str(VENV_BIN / "court-gateway"), "run"]
        procs.append(ManagedProcess(argv, root / f"gateway{m + 1}.log", env=env).start())
    for g in procs:
        if not wait_until(lambda g=g: "subscribed to" in g.log(), 60, 0.2):
            raise RuntimeError(f"gateway did not subscribe: {g.log()[-3000:]}")
    return procs


def start_kiosks(pki: dict, root: Path, port: int, n: int, args) -> list[tuple[subprocess.Popen, Path]]:
    workers, p = [], pki["root"]
    count = max(1, math.ceil(n / PER_WORKER))
    for w in range(count):
        job = {"kiosks": [kid(i) for i in range(w, n, count)], "port": port, "ca_file": str(p / "ca" / "ca.crt"),
               "certs_dir": str(p / "kiosks"), "keys_dir": str(p / "signing"), "court_pub": str(p / "court.pub"),
               "size": int(args.size_mb * 1024 * 1024), "chunk_size": 256 * 1024, "seed": 1000 * n + w,
               "interval": args.interval, "window": args.window, "drain": args.drain, "status_every": args.status_every,
               "out": str(root / f"kiosks{w}.json")}
        (root / f"job{w}.json").write_text(json.dumps(job))
        proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("fleet_kiosks.py")),
                                 str(root / f"job{w}.json")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=open(root / f"kiosks{w}.log", "ab"), text=True)
        workers.append((proc, root / f"kiosks{w}.json"))
    for proc, _out in workers:
        ready, _, _ = select.select([proc.stdout], [], [], 300)
        line = proc.stdout.readline() if ready else ""
        if not line.startswith("ready"):
            raise RuntimeError(f"kiosk worker not ready: {line!r} (see {root}/kiosks*.log)")
    return workers


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return [proc]


def _cpu(procs) -> dict[int, float]:
    out = {}
    for p in procs:
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return out


def _waited(procs) -> float:
    """Seconds the processes' threads spent runnable but waiting for a CPU (``/proc/…/schedstat``):
    on a shared machine, how much of a latency is other people's work."""
    total = 0
    for p in procs:
        for task in Path(f"/proc/{p.pid}/task").glob("*/schedstat"):
            try:
                total += int(task.read_text().split()[1])
            except (OSError, IndexError, ValueError):
                pass
    return total / 1e9


def _commits(db_url: str) -> int:
    """Transactions committed in the store so far (``pg_stat_database``): per packet, how well the
    gateway members batch their writes."""
    import psycopg

    with psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
                            ).fetchone()[0]


def _rss(proc: psutil.Process, pss: bool = False) -> int:
    try:
        return proc.memory_full_info().pss if pss else proc.memory_info().rss
    except psutil.Error:
        return 0


def run_phase(pki, run_root: Path, db_url: str, pg: ManagedProcess, n: int, members: int, args) -> dict:
    root = run_root / f"n{n}-m{members}"
    root.mkdir()
    broker, port = start_broker(pki, root / "broker", n)
    gateways, workers = [], []
    try:
        gateways = start_gateways(pki, root, port, db_url, members)
        workers = start_kiosks(pki, root, port, n, args)
        bp = psutil.Process(broker.proc.pid)
        gps = [psutil.Process(g.proc.pid) for g in gateways]
        gws = [[q for q in _tree(g) if "court-gateway" in " ".join(q.cmdline())] or [g] for g in gps]
        pg_procs = _tree(psutil.Process(pg.proc.pid))
        c0 = {"broker": _cpu([bp]), "pg": _cpu(pg_procs), **{f"gw{m}": _cpu(ps) for m, ps in enumerate(gws)}}
        w0 = _waited([q for ps in gws for q in ps])
        x0 = _commits(db_url)
        t0 = time.time() + 1.0
        args.load_start = os.getloadavg()[0]
        for proc, _out in workers:
            proc.stdin.write(f"go {t0}\n")
            proc.stdin.flush()
        peak = {"broker": 0, "gateway": 0, "pg": 0}
        held = 0
        while any(proc.poll() is None for proc, _ in workers):
            time.sleep(1.0)
            peak["broker"] = max(peak["broker"], _rss(bp))
            peak["gateway"] = max(peak["gateway"], max(sum(_rss(q) for q in ps) for ps in gws))
            peak["pg"] = max(peak["pg"], sum(_rss(q, pss=True) for q in _tree(psutil.Process(pg.proc.pid))))
            try:
                held = max(held, sum(c.status == "ESTABLISHED" for c in bp.net_connections("tcp")))
            except psutil.Error:
                pass
        elapsed = time.time() - t0
        pg_procs = _tree(psutil.Process(pg.proc.pid))
        c1 = {"broker": _cpu([bp]), "pg": _cpu(pg_procs), **{f"gw{m}": _cpu(ps) for m, ps in enumerate(gws)}}
        cpu = {k: sum(v - c0[k].get(pid, 0.0) for pid, v in c1[k].items()) for k in c1}
        cpu["waited"] = _waited([q for ps in gws for q in ps]) - w0
        cpu["commits"] = _commits(db_url) - x0 - 2  # less our own two queries
        for proc, out in workers:
            if not out.exists():
                raise RuntimeError(f"kiosk worker failed (exit {proc.returncode}): "
                                   f"{out.with_suffix('.log').read_text()[-3000:]}")
        reports = [json.loads(out.read_text()) for _proc, out in workers]
    finally:
        for proc, _out in workers:
            if proc.poll() is None:
                proc.kill()
        for g in gateways:  # all at once: one member stopping first would hand the statuses to the other
            if g.running:
                os.killpg(g.proc.pid, signal.SIGTERM)
        for g in gateways:
            g.stop()
        broker.stop()
    cpu["members"] = [_member_figures(g.log()) for g in gateways]
    return summarise(n, members, args, reports, cpu, peak, held, elapsed, root)


def _member_figures(log: str) -> dict:
    """The counters a gateway logs when it stops (``Gateway.figures``): batches, messages, commits
    it made itself (``pg_stat_database`` also counts the pool's pre-ping of every checkout)."""
    import re

    m = re.findall(r"stopped: (batches=.*)", log)
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m[-1])} if m else {}


def _pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..1) of ``values``."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, math.ceil(q * len(s)) - 1)]


def summarise(n, members, args, reports, cpu, peak, held, elapsed, root) -> dict:
    records = [r for rep in reports for r in rep["records"]]
    stats = {k: sum(rep["stats"][k] for rep in reports) for k in reports[0]["stats"]}
    lat = [r["receipt"] - r["sealed"] for r in records]
    mb = sum(r["bytes"] for r in records) / 1e6
    t0 = min((r["sealed"] for r in records), default=0.0)
    span = max((r["receipt"] for r in records), default=t0) - t0 if records else 0.0
    gw_cpu = sum(v for k, v in cpu.items() if k.startswith("gw"))
    span_s = elapsed or 1.0
    out = {
        "kiosks": n, "members": members, "interval_s": args.interval, "window_s": args.window,
        "filed": stats["filed"], "receipts": len(records), "unfinished": sum(r["unfinished"] for r in reports),
        "nominal_per_s": n / args.interval, "offered_per_s": stats["filed"] / args.window,
        "receipts_per_s": len(records) / span if span else 0.0,
        "mb": mb, "p50_s": _pct(lat, 0.5), "p99_s": _pct(lat, 0.99), "max_s": max(lat, default=float("nan")),
        "gateway_cpu_s": gw_cpu, "gateway_cpu_per_member": {k: v for k, v in cpu.items() if k.startswith("gw")},
        "gateway_ms_per_packet": 1000 * gw_cpu / len(records) if records else float("nan"),
        "gateway_ms_per_mb": 1000 * gw_cpu / mb if mb else float("nan"),
        "pg_ms_per_packet": 1000 * cpu["pg"] / len(records) if records else float("nan"),
        "broker_ms_per_mb": 1000 * cpu["broker"] / mb if mb else float("nan"),
        "kiosk_sim_cpu_s": sum(rep["cpu_s"] for rep in reports),
        "store_commits_per_packet": cpu["commits"] / len(records) if records else float("nan"),
        "member_figures": cpu.get("members", []),
        "write_commits_per_packet": (sum(f.get("store_commits", 0) for f in cpu.get("members", [])) / len(records)
                                     if records else float("nan")),
        "messages_per_batch": (sum(f.get("messages", 0) for f in cpu.get("members", []))
                               / max(1, sum(f.get("batches", 0) for f in cpu.get("members", [])))),
        "gateway_waited_s": cpu["waited"], "gateway_busy": gw_cpu / span_s / members,
        # share of its runnable time the gateway actually ran: 1.0 on a core of its own
        "gateway_cpu_share": gw_cpu / (gw_cpu + cpu["waited"]) if gw_cpu else float("nan"),
        "broker_rss_mb": peak["broker"] / 2**20, "gateway_rss_mb": peak["gateway"] / 2**20,
        "pg_pss_mb": peak["pg"] / 2**20, "connections_held": held,
        "kiosks_connected": sum(rep["connected"] for rep in reports),
        "schedule_lag_max_s": max((x for rep in reports for x in rep["lag"]), default=0.0),
        "by_member": {g: sum(r["receiver"] == g for r in records) for g in GATEWAYS[:members]},
        "stats": stats, "elapsed_s": elapsed, "load_avg": os.getloadavg(),
        "load_start": getattr(args, "load_start", float("nan")),
        "receipts_sample": [{k: r[k] for k in ("kiosk", "packet_id", "digest", "envelope")} for r in records],
    }
    out["ok"] = bool(records) and out["unfinished"] == 0 and out["p99_s"] <= P99_LIMIT and stats["bad_receipts"] == 0
    print(line(out), flush=True)
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(root, ignore_errors=True)
    return out


def line(r: dict) -> str:
    return (f"N={r['kiosks']:>5} members={r['members']}: {r['receipts']}/{r['filed']} receipts "
            f"({r['unfinished']} unfinished), {r['receipts_per_s']:.2f}/s (offered {r['offered_per_s']:.2f}/s), "
            f"p50 {r['p50_s'] * 1000:.0f} ms p99 {r['p99_s'] * 1000:.0f} ms; gateway CPU "
            f"{r['gateway_ms_per_packet']:.0f} ms/packet {r['gateway_ms_per_mb']:.1f} ms/MB "
            f"(PostgreSQL {r['pg_ms_per_packet']:.0f} ms/packet, {r['store_commits_per_packet']:.1f} commits/packet, {r['write_commits_per_packet']:.1f} the gateway's own, {r['messages_per_batch']:.1f} messages/batch, broker {r['broker_ms_per_mb']:.1f} ms/MB); RSS broker "
            f"{r['broker_rss_mb']:.0f} MB gateway {r['gateway_rss_mb']:.0f} MB (PostgreSQL PSS {r['pg_pss_mb']:.0f} MB); "
            f"{r['connections_held']} connections held; split {r['by_member']}; kiosk-sim CPU "
            f"{r['kiosk_sim_cpu_s']:.1f} s, lag {r['schedule_lag_max_s']:.2f} s; gateway busy {r['gateway_busy']:.0%} of a core, "
            f"waited {r['gateway_waited_s']:.1f} s for a CPU (ran {r['gateway_cpu_share']:.0%} of its runnable time); "
            f"fins {r['stats'].get('fins', 0)} (stalled {r['stats']['stalls']}); "
            f"load {r['load_start']:.1f} -> {r['load_avg'][0]:.1f}"
            f" -> {'OK' if r['ok'] else 'over the limit'}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="10 kiosks, time compressed 10x, under 2 minutes")
    ap.add_argument("--ladder", default="10,100,300,1000")
    ap.add_argument("--members", default="1,2")
    ap.add_argument("--interval", type=float, default=120.0, help="seconds between one kiosk's filings")
    ap.add_argument("--window", type=float, default=60.0, help="seconds of filings per phase")
    ap.add_argument("--drain", type=float, default=90.0, help="seconds allowed after the window for receipts")
    ap.add_argument("--size-mb", type=float, default=5.0)
    ap.add_argument("--status-every", type=float, default=30.0, help="seconds between a kiosk's statuses (0: none)")
    ap.add_argument("--search", type=int, default=2, help="extra phases per member count to bracket the limit")
    ap.add_argument("--max-kiosks", type=int, default=3000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if args.quick:
        args.ladder, args.interval, args.window, args.drain, args.search = "10", 12.0, 15.0, 30.0, 0
    ladder = [int(x) for x in args.ladder.split(",")]
    members = [int(x) for x in args.members.split(",")]
    most = max(ladder + ([args.max_kiosks] if args.search else []))
    run_root = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    pki_root = Path(tempfile.mkdtemp(prefix="bench-fleet-pki-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"a filing of {args.size_mb:g} MB every {args.interval:g} s per kiosk"
          + (f" (time compressed {120 / args.interval:g}x: the gateway sees the load of "
             f"{120 / args.interval:g}x as many kiosks at peak)" if args.interval != 120 else " (the real peak)")
          + f", {args.window:g} s of filings per phase", flush=True)
    results: list[dict] = []
    court_pub = None
    try:
        pki = build_pki(pki_root, most)
        court_pub = (pki_root / "court.pub").read_text()
        print(f"PKI: {most} kiosk certificates (P-256, one CA) in {pki['certs_s']:.2f} s, their Ed25519 signing "
              f"keys in {pki['keys_s']:.2f} s", flush=True)
        with private_postgres() as (db_url, pg):
            for m in members:
                for n in ladder:
                    results.append(run_phase(pki, run_root, db_url, pg, n, m, args))
                for _ in range(args.search):
                    n = next_probe([r for r in results if r["members"] == m], args.max_kiosks)
                    if n is None:
                        break
                    if n > most:
                        break
                    results.append(run_phase(pki, run_root, db_url, pg, n, m, args))
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(run_root, ignore_errors=True)
        shutil.rmtree(pki_root, ignore_errors=True)
    for text in growth(results) + headline(results, args):
        print(text)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "results": results,
                                         "court_pub": court_pub}, indent=1))


if __name__ == "__main__":
    main()
