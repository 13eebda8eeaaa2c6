"""Open311 under load (`dutydesk serve`, release build, loopback, wrk at 50 connections): GET
services.json, GET requests.json (the default query: the last 90 days of an N-case history,
the 1,000 newest), POST requests.json (each a new report, distinct fields), with p50, p99,
requests/s and the server's peak memory, on SQLite and, when the throwaway server runs, on
PostgreSQL.

    python3 benches/open311.py [SECONDS_EACH] [N]       (default 10 and 1,000,000; needs wrk)
    .ci/with-postgres python3 benches/open311.py ...     (also PostgreSQL)
"""

import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
PORT = 18412
CONNECTIONS = 50

POST_LUA = """
local key = os.getenv("OPEN311_KEY")
local n = 0
local seed = 0
setup = function(thread) seed = seed + 1; thread:set("seed", seed) end
init = function() math.randomseed(os.time() * 1000 + (seed or 0)) end
request = function()
  n = n + 1
  local body = "api_key=" .. key .. "&service_code=facility.streetlight"
    .. "&address_string=%E6%96%B0%E8%81%94%E8%A1%97%20" .. n
    .. "&description=bench%20" .. n .. "%20" .. math.random(1, 1000000000)
  return wrk.format("POST", "/open311/v2/requests.json",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""


def run(args, env, check=True):
    out = subprocess.run(args, env=env, capture_output=True, text=True)
    if check and out.returncode != 0:
        sys.exit(f"{' '.join(args)} failed: {out.stderr}")
    return out.stdout.strip()


def wrk(url, script=None, env=None):
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url]
    if script:
        args[1:1] = ["-s", script]
    out = subprocess.run(args, capture_output=True, text=True, env=env).stdout
    got = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return got.get("50"), got.get("99"), rps.group(1) if rps else "?", errors.group(1) if errors else "0"


def peak_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))


def bench(where, binary, db, config, env, home):
    base = [binary, "--db", db, "--config", config]
    line = run(base + ["api-key", "add", f"bench-{int(time.time())}", "--channel", "hotline_12345"], env)
    key = line.split()[-1]
    server = subprocess.Popen(base + ["serve"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    if server.poll() is not None:
        sys.exit(f"serve stopped at once (is port {PORT} taken?)")
    script = os.path.join(home, "post.lua")
    with open(script, "w") as f:
        f.write(POST_LUA)
    at = f"http://127.0.0.1:{PORT}/open311/v2"
    print(f"\n{where}, {N:,} past cases, {SECONDS} s each, wrk -t2 -c{CONNECTIONS}, loopback")
    print("| | p50 | p99 | requests/s | not 2xx/3xx |\n|---|---|---|---|---|")
    for name, url, lua in [
        ("GET services.json", f"{at}/services.json", None),
        ("GET requests.json (90 days, 1,000 newest)", f"{at}/requests.json", None),
        ("POST requests.json (new report each)", f"{at}/requests.json", script),
    ]:
        p50, p99, rps, bad = wrk(url, lua, dict(os.environ, OPEN311_KEY=key))
        print(f"| {name} | {p50} | {p99} | {rps} | {bad} |")
    print(f"server peak memory (VmHWM): {peak_kb(server.pid) / 1024:.1f} MB")
    server.terminate()
    server.wait()


def sqlite(binary, home):
    db = os.path.join(home, "big.db")
    started = time.time()
    subprocess.run(["bash", os.path.join(ROOT, "benches", "bigdb.sh"), db, str(N)], check=True,
                   env=dict(os.environ, DUTYDESK_BIN=binary), stdout=subprocess.DEVNULL)
    print(f"(built the {N:,}-case desk in {time.time() - started:.0f} s)")
    config = os.path.join(home, "sqlite.toml")
    with open(config, "w") as f:
        f.write(f'[alerts]\ndesktop = false\n[serve]\nlisten = "127.0.0.1:{PORT}"\n')
    bench("SQLite", binary, db, config, dict(os.environ, HOME=home, LANG="en_US.UTF-8"), home)


def postgres(binary, home, host):
    name = f"open311_{os.getpid()}"
    owner = f"postgres:///{name}?host={host}&user=dutydesk"
    psql = lambda db, sql: subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", f"postgres:///{db}?host={host}&user=dutydesk",
         "-c", sql], check=True, stdout=subprocess.DEVNULL)
    psql("postgres", f"CREATE DATABASE {name}")
    role = f"{name}_xinlian"
    psql("postgres", f"CREATE ROLE {role} LOGIN")
    env = dict(os.environ, HOME=home, LANG="en_US.UTF-8")
    street = os.path.join(home, "street.toml")
    with open(street, "w") as f:
        f.write("[community]\nsub_district = true\n")
    run([binary, "--config", street, "--db", owner, "grant", role, "--community", "xinlian",
         "--name", "新联社区", "--name-en", "Xinlian"], env)
    started = time.time()
    # N past cases over the five years before yesterday, each resolved, with its report event.
    psql(name, f"""
        INSERT INTO cases (community, number, day, seq, grid, category, channel, place, summary,
            tier, state, reported_at, dispatched_at, responder, arrived_at, arrival_how,
            arrival_secs, arrival_target_secs, arrival_met, resolved_at, resolution_note,
            reporter_told, updated_at)
        SELECT 'xinlian', day || '-' || lpad(i::text, 6, '0'), day, i, 1 + i % 7,
               'facility.streetlight', 'hotline', 'place ' || i, 'summary', 'small', 'resolved',
               t, t + 60000, NULL, t + 600000, 'callback', 600, 900, true, t + 3600000, 'done',
               true, t + 3600000
        FROM generate_series(1, {N}) i,
             LATERAL (SELECT (extract(epoch FROM now()) * 1000)::bigint
                             - i::bigint * (1800::bigint * 86400000 / {N}) - 86400000 AS t) tt,
             LATERAL (SELECT to_char(to_timestamp(t / 1000) AT TIME ZONE 'Asia/Shanghai',
                                     'YYYYMMDD') AS day) dd;
        INSERT INTO events (community, case_id, at, recorded_at, actor, kind, details)
        SELECT community, id, reported_at, reported_at, 'bench', 'reported', '{{}}' FROM cases;
        ANALYZE;""")
    print(f"(built the {N:,}-case shared database in {time.time() - started:.0f} s)")
    config = os.path.join(home, "pg.toml")
    with open(config, "w") as f:
        f.write('[community]\ncode = "xinlian"\nname_en = "Xinlian"\n[alerts]\ndesktop = false\n'
                f'[serve]\nlisten = "127.0.0.1:{PORT}"\n')
    url = f"postgres:///{name}?host={host}&user={role}"
    try:
        bench("PostgreSQL", binary, url, config, env, home)
    finally:
        psql("postgres", f"DROP DATABASE {name} WITH (FORCE)")
        psql("postgres", f"DROP ROLE {role}")


def main():
    binary = os.environ.get("DUTYDESK_BIN")
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target/release/dutydesk")
    home = tempfile.mkdtemp(prefix="dutydesk-open311-")
    sqlite(binary, home)
    host = os.environ.get("DUTYDESK_TEST_PG_DIR")
    if host:
        postgres(binary, home, host)
    else:
        print("\n(PostgreSQL skipped: run under .ci/with-postgres to include it)")
    subprocess.run(["rm", "-rf", home])


if __name__ == "__main__":
    main()
