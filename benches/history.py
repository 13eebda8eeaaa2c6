"""Years of records at full speed: the same measures on an empty desk and on one with N past
cases (benches/bigdb.sh), side by side, in one run. Medians of several runs; peak memory from
the kernel (ru_maxrss of each child).

    python3 benches/history.py [N]        (default 1,000,000; needs tmux and sqlite3)
"""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
RUNS = 7


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "dutydesk")


def measure(cmd, env):
    """Median seconds and peak MB over RUNS runs, each in its own process tree."""
    times, peaks = [], []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, *cmd], env=env, check=True, capture_output=True, text=True
        )
        t, m = out.stdout.split()
        times.append(float(t))
        peaks.append(float(m))
    return statistics.median(times), max(peaks)


CHILD = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
took = time.perf_counter() - start
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def first_frame(bin, db, home):
    """Seconds from launch until the board shows its title and rows (tmux)."""
    sock = f"dd-history-{os.getpid()}"
    results = []
    for _ in range(5):
        subprocess.run(["tmux", "-L", sock, "kill-server"], stderr=subprocess.DEVNULL)
        start = time.perf_counter()
        subprocess.run(
            ["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50",
             f"env HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color {bin} --db {db}"],
            check=True,
        )
        while True:
            screen = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p"],
                                    capture_output=True, text=True).stdout
            if "Open cases" in screen and ("No open cases" in screen or "Clock" in screen):
                break
            if time.perf_counter() - start > 30:
                raise SystemExit(f"no board after 30 s:\n{screen}")
            time.sleep(0.005)
        results.append(time.perf_counter() - start)
        subprocess.run(["tmux", "-L", sock, "kill-server"], stderr=subprocess.DEVNULL)
    return statistics.median(results)


def main():
    for tool in ("tmux", "sqlite3"):
        if not shutil.which(tool):
            raise SystemExit(f"history.py needs {tool} (apt-get install {tool})")
    bin = build()
    tmp = tempfile.mkdtemp()
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    env = dict(os.environ, HOME=home, LANG="en_US.UTF-8")
    empty = os.path.join(tmp, "empty.db")
    big = os.path.join(tmp, "big.db")
    subprocess.run([bin, "--db", empty, "stats"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["bash", os.path.join(ROOT, "benches", "bigdb.sh"), big, str(N)],
                   env=dict(env, DUTYDESK_BIN=bin), check=True)
    today = time.strftime("%Y-%m-%d")
    year_ago = time.strftime("%Y-%m-%d", time.localtime(time.time() - 365 * 86400))
    month_ago = time.strftime("%Y-%m-%d", time.localtime(time.time() - 30 * 86400))
    # A case to dispatch on each desk (re-dispatched to another responder each run).
    open_case = {}
    for db in (empty, big):
        out = subprocess.run([bin, "--db", db, "report", "--grid", "2", "--category",
                              "facility.fitness_equipment", "--channel", "hotline", "--place",
                              "p", "s"], env=env, check=True, capture_output=True, text=True)
        open_case[db] = out.stdout.strip()
    rows = []
    for name, args in [
        ("list --open", ["list", "--open"]),
        ("stats today", ["stats"]),
        ("stats a month", ["stats", "--from", month_ago, "--to", today]),
        ("stats a year", ["stats", "--from", year_ago, "--to", today]),
        ("report", ["report", "--grid", "2", "--category", "facility.fitness_equipment",
                    "--channel", "hotline", "--place", "p", "s"]),
    ]:
        line = [name]
        for db in (empty, big):
            t, m = measure([bin, "--db", db, *args], env)
            line += [t, m]
        rows.append(line)
    line = ["dispatch"]
    for db in (empty, big):
        times = []
        for i in range(RUNS):
            who = ["王建华", "周志强"][i % 2]
            start = time.perf_counter()
            subprocess.run([bin, "--db", db, "dispatch", open_case[db], "--to", who], env=env,
                           check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        line += [statistics.median(times), 0.0]
    rows.append(line)
    frame = [first_frame(bin, empty, home), first_frame(bin, big, home)]
    print(f"\n{N:,} past cases against an empty desk, release build, medians of {RUNS} runs:\n")
    print(f"| what | empty: time | empty: peak | {N:,}: time | {N:,}: peak | ratio |")
    print("|---|---|---|---|---|---|")
    for name, t0, m0, t1, m1 in rows:
        print(f"| {name} | {t0 * 1000:.1f} ms | {m0:.1f} MB | {t1 * 1000:.1f} ms | {m1:.1f} MB | {t1 / t0:.2f}x |")
    print(f"| dashboard on screen | {frame[0] * 1000:.0f} ms | | {frame[1] * 1000:.0f} ms | | {frame[1] / frame[0]:.2f}x |")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
