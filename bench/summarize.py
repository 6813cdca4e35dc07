#!/usr/bin/env python3
"""Turns a bench/run.sh results directory (raw.csv, machine.txt) into Markdown tables of medians.

    summarize.py RESULTS_DIR > results.md
"""
import csv
import statistics
import sys
from collections import OrderedDict
from pathlib import Path

MiB = 1024 * 1024
GiB = 1024 * MiB
TITLES = {
    "S1": "S1 — one 1 GiB file, unthrottled",
    "S2": "S2 — one 512 MiB file, nginx limit_rate 16m per connection",
    "S3": "S3 — 1,000 files of 64 KiB via an input file, 16 at a time",
    "S4": "S4 — one 256 MiB file over a 50 ms round trip",
}
RSS_TARGET_MIB = 100


def main():
    results = Path(sys.argv[1])
    machine = dict(
        line.split("=", 1) for line in (results / "machine.txt").read_text().splitlines() if "=" in line
    )
    rows = list(csv.DictReader((results / "raw.csv").open()))
    by_scenario = OrderedDict()
    for row in rows:
        by_scenario.setdefault(row["scenario"], OrderedDict()).setdefault(row["tool"], []).append(row)

    print("# Benchmark results\n")
    print(
        "Machine: %s cores, %s, %s, kernel %s, %s; TCP congestion control %s. Load average at start %s, at end %s. "
        "%s interleaved runs per tool%s.\n"
        % (
            machine.get("nproc"), machine.get("cpu"), machine.get("memory"), machine.get("kernel"),
            machine.get("os"), machine.get("tcp_congestion"), machine.get("load_at_start"),
            machine.get("load_at_end"), machine.get("runs"),
            " (quick mode: smaller files)" if machine.get("quick") == "true" else "",
        )
    )
    for scenario, tools in by_scenario.items():
        title = TITLES.get(scenario, scenario)
        if machine.get("quick") == "true":
            title = scenario + " (quick: smaller than the full scenario)"
        print("## %s\n" % title)
        print("| tool | median wall s | MiB/s | CPU s/GiB | peak RSS MiB (median / max) | ok runs | load (median) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        summary = []
        for tool, runs in tools.items():
            ok = [r for r in runs if r["status"] == "ok"]
            if not ok:
                summary.append((float("inf"), tool, None, runs))
                continue
            wall = statistics.median(float(r["wall_s"]) for r in ok)
            summary.append((wall, tool, ok, runs))
        summary.sort(key=lambda s: s[0])
        medians = {}
        for wall, tool, ok, runs in summary:
            if ok is None:
                statuses = ", ".join(sorted({r["status"] for r in runs}))
                print("| %s | failed (%s) | | | | 0/%d | |" % (tool, statuses, len(runs)))
                continue
            total_bytes = int(ok[0]["bytes"])
            cpu = statistics.median((float(r["user_s"]) + float(r["sys_s"])) / (total_bytes / GiB) for r in ok)
            rss = [int(r["max_rss_kib"]) / 1024 for r in ok]
            load = statistics.median(float(r["load1"]) for r in ok)
            medians[tool] = (wall, cpu, statistics.median(rss))
            print(
                "| %s | %.2f | %.0f | %.2f | %.0f / %.0f | %d/%d | %.1f |"
                % (tool, wall, total_bytes / MiB / wall, cpu, statistics.median(rss), max(rss), len(ok), len(runs), load)
            )
        print()
        if "dlm" in medians:
            others = {t: m for t, m in medians.items() if t != "dlm"}
            verdicts = []
            if others:
                fastest = min(others, key=lambda t: others[t][0])
                ratio = medians["dlm"][0] / others[fastest][0]
                verdicts.append(
                    "speed: dlm %.2f s vs fastest other (%s) %.2f s — %s"
                    % (medians["dlm"][0], fastest, others[fastest][0], "met" if ratio <= 1.0 else "NOT met (%.2fx)" % ratio)
                )
            if "curl" in medians:
                verdicts.append(
                    "CPU: dlm %.2f s/GiB vs curl %.2f s/GiB — %s"
                    % (medians["dlm"][1], medians["curl"][1], "met" if medians["dlm"][1] <= medians["curl"][1] else "NOT met")
                )
            verdicts.append(
                "RSS: dlm %.0f MiB — %s" % (medians["dlm"][2], "met" if medians["dlm"][2] < RSS_TARGET_MIB else "NOT met")
            )
            print("Targets: " + "; ".join(verdicts) + ".\n")


if __name__ == "__main__":
    main()
