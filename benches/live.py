"""Does every report another process commits reach the wall screen, and how fast? Many fresh
starts of the dashboard in a real terminal (tmux, 200x50), reports filed from another process
into each; a report not on the screen within 2 s is a miss. Prints p50, p95, the slowest and
the misses.

    python3 benches/live.py [STARTS] [REPORTS_EACH]     (default 10 x 50, release build)

DUTYDESK_BIN=path runs another binary (e.g. an older build, to compare).
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STARTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
EACH = int(sys.argv[2]) if len(sys.argv) > 2 else 50
MISSED_AFTER = 2.0


def screen(sock):
    return subprocess.run(["tmux", "-L", sock, "capture-pane", "-p"],
                          capture_output=True, text=True).stdout


def open_count(text):
    m = re.search(r"Open cases (\d+)", text)
    return int(m.group(1)) if m else None


def one_start(bin, home, n):
    db = os.path.join(home, f"desk-{n}.db")
    sock = f"dd-live-{os.getpid()}-{n}"
    subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "200",
                    "-y", "50", f"env HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color {bin} --db {db}"],
                   check=True)
    try:
        while open_count(screen(sock)) != 0:
            time.sleep(0.01)
        took, missed = [], []
        for i in range(1, EACH + 1):
            subprocess.run([bin, "--db", db, "report", "--grid", str(i % 7 + 1), "--category",
                            "facility.streetlight", "--channel", "hotline", "--place",
                            f"live-{n}-{i}", "s"],
                           check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, HOME=home))
            start = time.perf_counter()
            while True:
                shown = open_count(screen(sock))
                if shown is not None and shown >= i:
                    took.append(time.perf_counter() - start)
                    break
                if time.perf_counter() - start > MISSED_AFTER:
                    missed.append((n, i))
                    break
                time.sleep(0.002)
        return took, missed
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"])


def main():
    bin = os.environ.get("DUTYDESK_BIN")
    if not bin:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        bin = os.path.join(ROOT, "target", "release", "dutydesk")
    home = tempfile.mkdtemp()
    took, missed = [], []
    for n in range(STARTS):
        t, m = one_start(bin, home, n)
        took += t
        missed += m
    took.sort()
    first = [m for m in missed if m[1] == 1]
    print(f"\n{STARTS} fresh starts x {EACH} reports from another process, {bin}:\n")
    print(f"- shown: {len(took)}, p50 {statistics.median(took) * 1000:.1f} ms, "
          f"p95 {took[int(len(took) * 0.95) - 1] * 1000:.1f} ms, slowest {took[-1] * 1000:.0f} ms")
    print(f"- missed (not shown within {MISSED_AFTER:.0f} s): {len(missed)}, "
          f"of them the first report after a start: {len(first)}")


if __name__ == "__main__":
    main()
