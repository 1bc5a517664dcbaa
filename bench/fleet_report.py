"""The fleet benchmark's summary: how each figure grows with N, the next N to probe when bracketing
the limit, and the headline (most kiosks served at p99 <= 2 s; the second member's gain)."""

from __future__ import annotations

P99_LIMIT = 2.0


def _passes_below_first_fail(rows: list[dict]) -> tuple[int | None, int | None]:
    """(largest N that met the limit with every smaller N meeting it too, smallest N that failed)."""
    lo = hi = None
    for r in sorted(rows, key=lambda r: r["kiosks"]):
        if r["ok"] and hi is None:
            lo = r["kiosks"]
        elif not r["ok"] and hi is None:
            hi = r["kiosks"]
    return lo, hi


def next_probe(rows: list[dict], max_kiosks: int) -> int | None:
    """The next N to run for this member count: up by 1.5x until one fails, then halve the gap;
    None when the bracket is within 10 % (or 50 kiosks) or the cap is reached."""
    lo, hi = _passes_below_first_fail(rows)
    if lo is None:
        return hi // 2 if hi and hi >= 10 else None
    if hi is None:
        return min(int(round(lo * 1.5, -1)), max_kiosks) if lo < max_kiosks else None
    if hi - lo <= max(50, 0.1 * lo):
        return None
    return int(round((lo + hi) / 2, -1))


def growth(results: list[dict]) -> list[str]:
    out = []
    for m in sorted({r["members"] for r in results}):
        rows = sorted((r for r in results if r["members"] == m), key=lambda r: r["kiosks"])
        out.append(f"\n{m} gateway member(s):")
        out.append("    N | receipts/s (offered) | p50 ms | p99 ms | gw ms/packet | gw ms/MB | PG ms/packet | "
                   "broker RSS MB | gw RSS MB | connections")
        for r in rows:
            out.append(f"{r['kiosks']:>5} | {r['receipts_per_s']:6.2f} ({r['offered_per_s']:5.2f})     | "
                       f"{r['p50_s'] * 1000:6.0f} | {r['p99_s'] * 1000:6.0f} | {r['gateway_ms_per_packet']:12.0f} | "
                       f"{r['gateway_ms_per_mb']:8.1f} | {r['pg_ms_per_packet']:12.0f} | {r['broker_rss_mb']:13.1f} | "
                       f"{r['gateway_rss_mb']:9.1f} | {r['connections_held']:>5}")
        for a, b in zip(rows, rows[1:]):
            dn = b["kiosks"] - a["kiosks"]
            if dn == 0:  # the same N again (``--members 1,2,1,2`` repeats phases): no slope
                continue
            out.append(f"  {a['kiosks']} -> {b['kiosks']} kiosks (x{b['kiosks'] / a['kiosks']:.1f}): broker RSS "
                       f"{(b['broker_rss_mb'] - a['broker_rss_mb']) * 1024 / dn:+.0f} KiB per added kiosk, gateway RSS "
                       f"{(b['gateway_rss_mb'] - a['gateway_rss_mb']) * 1024 / dn:+.0f} KiB per added kiosk, "
                       f"gateway CPU per packet x{b['gateway_ms_per_packet'] / a['gateway_ms_per_packet']:.2f}, "
                       f"p99 x{b['p99_s'] / a['p99_s']:.2f}, receipts/s x{b['receipts_per_s'] / max(a['receipts_per_s'], 1e-9):.1f}")
    return out


def headline(results: list[dict], args) -> list[str]:
    caps = {}
    for m in sorted({r["members"] for r in results}):
        caps[m] = _passes_below_first_fail([r for r in results if r["members"] == m])
    peak = "the real peak (one 5 MB filing per kiosk every 2 minutes)" if args.interval == 120 else \
        f"a filing every {args.interval:g} s per kiosk (time compressed {120 / args.interval:g}x)"
    out = [f"\nHeadline, at {peak}, p99 sealed -> verified receipt <= {P99_LIMIT:g} s:"]
    for m, (lo, hi) in caps.items():
        where = f"between {lo} and {hi}" if lo and hi else (f">= {lo} (no N measured failed)" if lo else
                                                             f"< {hi} (the smallest N measured failed)")
        out.append(f"  {m} member(s) on {m} core(s): {lo or 0} kiosks served, the limit {where}")
    for m in caps:
        rows = [r for r in results if r["members"] == m and r["receipts"] >= 20]
        if rows:
            per_packet = sorted(r["gateway_ms_per_packet"] for r in rows)[len(rows) // 2] / 1000
            out.append(f"  CPU ceiling, {m} member(s): {per_packet * 1000:.0f} ms of gateway CPU per packet (median of "
                       f"{len(rows)} phases), so {m} core(s) of their own, 100 % busy, would serve "
                       f"{m * args.interval / per_packet:.0f} kiosks at this rate (the store's server not counted)")
    if 1 in caps and 2 in caps and caps[1][0]:
        lo1, hi1 = caps[1]
        lo2, hi2 = caps[2]
        gain = (lo2 or 0) / lo1
        bound = "" if hi2 else " (a lower bound: two members met the limit at every N measured)"
        out.append(f"  gain from the second member: x{gain:.2f}{bound} (target >= 1.7)")
    return out
