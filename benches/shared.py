"""The sub-district's board on a shared PostgreSQL database, in a real terminal (tmux):
how soon its first frame shows with 10 communities x N past cases against an empty database
(medians of 5 starts), and a call-up made by a community's desk (`dutydesk escalate`, another
process) to the board showing it: p50 and p95 over 50 call-ups. Run beside the throwaway
server:

    .ci/with-postgres python3 benches/shared.py [N]      (default 100,000 per community)
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
COMMUNITIES = 10
CALL_UPS = 50
HOST = os.environ["DUTYDESK_TEST_PG_DIR"]


def url(db, role="dutydesk"):
    return f"postgres:///{db}?host={HOST}&user={role}"


def psql(db, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url(db), "-c", sql], check=True)


def screen(sock):
    return subprocess.run(["tmux", "-L", sock, "capture-pane", "-p"],
                          capture_output=True, text=True).stdout


def board(sock, bin, db, config):
    subprocess.run(["tmux", "-L", sock, "kill-server"], stderr=subprocess.DEVNULL)
    subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "200",
                    "-y", "50", f"env LANG=en_US.UTF-8 TERM=xterm-256color {bin} --config {config} "
                    f"--db '{url(db)}'"], check=True)


def first_frame(bin, db, config):
    took = []
    for run in range(5):
        sock = f"dd-shared-{os.getpid()}-{run}"
        start = time.perf_counter()
        board(sock, bin, db, config)
        while "(c9)" not in screen(sock):
            if time.perf_counter() - start > 30:
                raise SystemExit("the board never showed:\n" + screen(sock))
            time.sleep(0.002)
        took.append(time.perf_counter() - start)
        subprocess.run(["tmux", "-L", sock, "kill-server"])
    return statistics.median(took)


def setup(bin, db, home, config):
    psql("postgres", f"CREATE DATABASE {db}")
    for c in range(COMMUNITIES):
        role = f"{db}_c{c}"
        psql("postgres", f"CREATE ROLE {role} LOGIN")
        subprocess.run([bin, "--config", config, "--db", url(db), "grant", role, "--community",
                        f"c{c}", "--name", f"社区{c}", "--name-en", f"Community {c}"],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, HOME=home))


def fill(db, n):
    """n past cases a community, every one resolved, each with its report event, over the
    last n x 15 minutes."""
    psql(db, f"""
        INSERT INTO cases (community, number, day, seq, grid, category, channel, place, summary,
            tier, state, reported_at, dispatched_at, responder, arrived_at, arrival_how,
            arrival_secs, arrival_target_secs, arrival_met, resolved_at, resolution_note,
            reporter_told, updated_at)
        SELECT 'c' || c, day || '-' || lpad(i::text, 6, '0'), day, i, 1 + i % 7,
               'facility.streetlight', 'hotline', 'place ' || i, 'summary', 'small', 'resolved',
               t, t + 60000, NULL, t + 600000, 'callback', 600, 900, true, t + 3600000, 'done',
               true, t + 3600000
        FROM generate_series(0, {COMMUNITIES - 1}) c,
             generate_series(1, {n}) i,
             LATERAL (SELECT (extract(epoch FROM now()) * 1000)::bigint - i::bigint * 900000
                             - 86400000 AS t) tt,
             LATERAL (SELECT to_char(to_timestamp(t / 1000) AT TIME ZONE 'Asia/Shanghai',
                                     'YYYYMMDD') AS day) dd;
        INSERT INTO events (community, case_id, at, recorded_at, actor, kind, details)
        SELECT community, id, reported_at, reported_at, 'bench', 'reported', '{{}}' FROM cases;
        ANALYZE;""")


def call_ups(bin, db, home, config):
    sock = f"dd-callup-{os.getpid()}"
    board(sock, bin, db, config)
    while "(c9)" not in screen(sock):
        time.sleep(0.01)
    community = os.path.join(home, "c0.toml")
    with open(community, "w") as f:
        f.write('[community]\ncode = "c0"\n[alerts]\ndesktop = false\n')
    cli = [bin, "--config", community, "--db", url(db, f"{db}_c0")]
    env = dict(os.environ, HOME=home)
    took = []
    for i in range(CALL_UPS):
        number = subprocess.run(cli + ["report", "--grid", "3", "--category", "road.pothole",
                                       "--channel", "hotline", "--place", f"callup-{i}", "s"],
                                check=True, capture_output=True, text=True, env=env).stdout.strip()
        start = time.perf_counter()
        subprocess.run(cli + ["escalate", number, "--to", "subdistrict_office"], check=True,
                       stdout=subprocess.DEVNULL, env=env)
        while f"c0/{number}" not in screen(sock):
            if time.perf_counter() - start > 10:
                raise SystemExit(f"c0/{number} never showed:\n" + screen(sock))
            time.sleep(0.002)
        took.append(time.perf_counter() - start)
        # Received, so the list of open call-ups stays on one screen.
        subprocess.run([bin, "--config", config, "--db", url(db), "receive", f"c0/{number}"],
                       check=True, stdout=subprocess.DEVNULL, env=env)
        subprocess.run(cli + ["cancel", number, "--reason", "bench"], check=True,
                       stdout=subprocess.DEVNULL, env=env)
    subprocess.run(["tmux", "-L", sock, "kill-server"])
    took.sort()
    return statistics.median(took), took[int(len(took) * 0.95) - 1]


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    bin = os.path.join(ROOT, "target", "release", "dutydesk")
    home = tempfile.mkdtemp()
    config = os.path.join(home, "street.toml")
    with open(config, "w") as f:
        f.write('language = "en"\n[community]\nsub_district = true\n[alerts]\ndesktop = false\n')
    empty, big = f"bench_empty_{os.getpid()}", f"bench_big_{os.getpid()}"
    setup(bin, empty, home, config)
    setup(bin, big, home, config)
    started = time.perf_counter()
    fill(big, N)
    print(f"filled {COMMUNITIES} x {N:,} past cases in {time.perf_counter() - started:.1f} s")
    e = first_frame(bin, empty, config)
    b = first_frame(bin, big, config)
    print(f"\nthe sub-district's board, release build, 200x50:\n")
    print("| database | first frame (median of 5) |\n|---|---|")
    print(f"| empty, {COMMUNITIES} communities | {e * 1000:.0f} ms |")
    print(f"| {COMMUNITIES} x {N:,} past cases | {b * 1000:.0f} ms ({b / e:.2f}x) |")
    p50, p95 = call_ups(bin, big, home, config)
    print(f"\ncall-up (`dutydesk escalate`, another process) to the board, {CALL_UPS} call-ups: "
          f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
