"""From a report filed in another process to the wall screen showing it: p50 and p95 over
50 reports, with the dashboard in a real terminal (tmux) on an empty desk and on one with N
past cases (benches/bigdb.sh).

    python3 benches/latency.py [N]        (default 1,000,000; 0 for the empty desk only)
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPORTS = 50


def screen(sock):
    return subprocess.run(["tmux", "-L", sock, "capture-pane", "-p"],
                          capture_output=True, text=True).stdout


def run(bin, db, home):
    sock = f"dd-latency-{os.getpid()}"
    subprocess.run(["tmux", "-L", sock, "kill-server"], stderr=subprocess.DEVNULL)
    subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "200",
                    "-y", "60", f"env HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color {bin} --db {db}"],
                   check=True)
    while "Open cases" not in screen(sock):
        time.sleep(0.01)
    took = []
    for i in range(REPORTS):
        place = f"latency-{i:03d}"
        start = time.perf_counter()
        subprocess.run([bin, "--db", db, "report", "--grid", str(i % 7 + 1), "--category",
                        "facility.streetlight", "--channel", "hotline", "--place", place, "s"],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, HOME=home))
        while place not in screen(sock):
            if time.perf_counter() - start > 10:
                raise SystemExit(f"{place} never showed")
            time.sleep(0.002)
        took.append(time.perf_counter() - start)
        time.sleep(0.05)
    subprocess.run(["tmux", "-L", sock, "kill-server"])
    took.sort()
    return statistics.median(took), took[int(len(took) * 0.95) - 1]


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    bin = os.path.join(ROOT, "target", "release", "dutydesk")
    tmp = tempfile.mkdtemp()
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    rows = [("empty desk", os.path.join(tmp, "empty.db"))]
    if N:
        big = os.path.join(tmp, "big.db")
        subprocess.run(["bash", os.path.join(ROOT, "benches", "bigdb.sh"), big, str(N)],
                       env=dict(os.environ, DUTYDESK_BIN=bin), check=True)
        rows.append((f"{N:,} past cases", big))
    print(f"\nreport (another process) to the screen, {REPORTS} reports, release build:\n")
    print("| desk | p50 | p95 |\n|---|---|---|")
    for name, db in rows:
        p50, p95 = run(bin, db, home)
        print(f"| {name} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
