#!/usr/bin/env python3
"""Turns a bench/ftp-sftp.sh results directory (raw.csv, machine.txt) into Markdown tables of medians.

    ftp-sftp-summarize.py RESULTS_DIR > results.md
"""
import csv
import statistics
import sys
from collections import OrderedDict
from pathlib import Path

MiB = 1024 * 1024
GiB = 1024 * MiB
TITLES = {"ftp": "FTP — from vsftpd on loopback", "sftp": "SFTP — from OpenSSH sshd on loopback"}


def main():
    results = Path(sys.argv[1])
    machine = dict(
        line.split("=", 1) for line in (results / "machine.txt").read_text().splitlines() if "=" in line
    )
    rows = list(csv.DictReader((results / "raw.csv").open()))
    by_protocol = OrderedDict()
    for row in rows:
        by_protocol.setdefault(row["scenario"], OrderedDict()).setdefault(row["tool"], []).append(row)

    print("# FTP and SFTP benchmark results\n")
    print(
        "%s. Machine: %s cores, %s, %s, kernel %s, %s. Load average at start %s, at end %s "
        "(the machine is shared). One %s MiB file, %s interleaved runs per tool%s.\n"
        % (
            machine.get("date"), machine.get("nproc"), machine.get("cpu"), machine.get("memory"),
            machine.get("kernel"), machine.get("os"), machine.get("load_at_start"),
            machine.get("load_at_end"), machine.get("file_mib"), machine.get("runs"),
            " (quick mode)" if machine.get("quick") == "true" else "",
        )
    )
    for protocol, tools in by_protocol.items():
        print("## %s\n" % TITLES.get(protocol, protocol))
        print("| tool | median wall s | MiB/s | CPU s/GiB | peak RSS MiB (median / max) | ok runs | load (median) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        summary = []
        for tool, runs in tools.items():
            ok = [r for r in runs if r["status"] == "ok"]
            wall = statistics.median(float(r["wall_s"]) for r in ok) if ok else float("inf")
            summary.append((wall, tool, ok, runs))
        summary.sort(key=lambda s: s[0])
        walls = {}
        for wall, tool, ok, runs in summary:
            if not ok:
                statuses = ", ".join(sorted({r["status"] for r in runs}))
                print("| %s | failed (%s) | | | | 0/%d | |" % (tool, statuses, len(runs)))
                continue
            total_bytes = int(ok[0]["bytes"])
            cpu = statistics.median((float(r["user_s"]) + float(r["sys_s"])) / (total_bytes / GiB) for r in ok)
            rss = [int(r["max_rss_kib"]) / 1024 for r in ok]
            load = statistics.median(float(r["load1"]) for r in ok)
            walls[tool] = wall
            print(
                "| %s | %.2f | %.0f | %.2f | %.0f / %.0f | %d/%d | %.1f |"
                % (tool, wall, total_bytes / MiB / wall, cpu, statistics.median(rss), max(rss), len(ok), len(runs), load)
            )
        print()
        # dlm-NAME rows are variants of dlm (bench/ftp-sftp.sh --variant), not other tools.
        others = {t: w for t, w in walls.items() if t != "dlm" and not t.startswith("dlm-")}
        if "dlm" in walls and others:
            fastest = min(others, key=others.get)
            ratio = walls["dlm"] / others[fastest]
            print(
                "Target (no slower than the fastest other): dlm %.2f s vs %s %.2f s — %s.\n"
                % (walls["dlm"], fastest, others[fastest], "met" if ratio <= 1.0 else "NOT met (%.2fx)" % ratio)
            )


if __name__ == "__main__":
    main()
