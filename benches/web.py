"""The web side under load (`dutydesk serve`, release build, loopback): wrk against the
responder's page (GET) and the arrival tap (POST) at 50 and 200 connections, the server's peak
memory, and the time from a tap's answer to the wall screen showing it (the dashboard in tmux).

    python3 benches/web.py [SECONDS_EACH]          (default 10; needs wrk and tmux)

On PostgreSQL: DUTYDESK_BENCH_DB=postgres://... (the address of community `xinlian`'s desk,
granted with `dutydesk grant`) runs the same against it (the script reports the cases there);
`bash benches/web-pg.sh` does it all on a throwaway server. DUTYDESK_BIN=path runs another build.
"""

import http.client
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
CASES = 200
PORT = 18480


def run(args, env, check=True):
    out = subprocess.run(args, env=env, capture_output=True, text=True)
    if check and out.returncode != 0:
        sys.exit(f"{' '.join(args)} failed: {out.stderr}")
    return out.stdout.strip()


def wrk(url, conns, script=None):
    args = ["wrk", "-t2", f"-c{conns}", f"-d{SECONDS}s", "--latency", url]
    if script:
        args[1:1] = ["-s", script]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    got = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return got.get("50"), got.get("99"), rps.group(1) if rps else "?", errors.group(1) if errors else "0"


def peak_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))


def main():
    for tool in ("wrk", "tmux"):
        if shutil.which(tool) is None:
            sys.exit(f"benches/web.py needs {tool} (apt-get install {tool})")
    binary = os.environ.get("DUTYDESK_BIN")
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target/release/dutydesk")
    home = tempfile.mkdtemp(prefix="dutydesk-web-")
    db = os.environ.get("DUTYDESK_BENCH_DB", os.path.join(home, "web.db"))
    config = os.path.join(home, "serve.toml")
    with open(config, "w") as f:
        if db.startswith("postgres"):
            # A community's desk on the shared database (its role granted with `dutydesk grant`).
            f.write('[community]\ncode = "xinlian"\nname_en = "Xinlian"\n')
        f.write(f'[serve]\nlisten = "127.0.0.1:{PORT}"\npublic_url = "http://127.0.0.1:{PORT}"\n')
    env = dict(os.environ, HOME=home, LANG="en_US.UTF-8")
    base = [binary, "--db", db, "--config", config]
    links = []
    for i in range(CASES):
        number = run(base + ["report", "--grid", str(i % 7 + 1), "--category", "facility.streetlight",
                             "--channel", "hotline", "--place", f"新联街 {i} 号", f"路灯不亮 {i}"], env)
        lines = run(base + ["dispatch", number, "--to", "张丽"], env).splitlines()
        links.append((number, lines[-1]))
    log = open(os.path.join(home, "serve.log"), "w+")
    server = subprocess.Popen(base + ["serve"], env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        measure(server, base, home, links, db, log)
    finally:
        server.terminate()
        server.wait()


def measure(server, base, home, links, db, log):
    token_of = lambda url: url.rsplit("/", 1)[1]
    time.sleep(1)
    if server.poll() is not None:
        log.seek(0)
        sys.exit(f"the server did not start (is port {PORT} taken?): {log.read()}")
    where = "PostgreSQL" if db.startswith("postgres") else "SQLite"
    print(f"{where}, {CASES} open cases, {SECONDS} s each, wrk -t2, loopback")
    print("| | connections | p50 | p99 | requests/s | not 2xx/3xx |\n|---|---|---|---|---|---|")
    page = f"http://127.0.0.1:{PORT}/r/{token_of(links[0][1])}"
    for conns in (50, 200):
        p50, p99, rps, bad = wrk(page, conns)
        print(f"| responder page GET | {conns} | {p50} | {p99} | {rps} | {bad} |")
    # The arrival POST: the first tap of a link records the arrival, every later one is the
    # idempotent "already" (reads the link and the case, writes nothing); wrk cycles through
    # half the links, so both paths run.
    script = os.path.join(home, "taps.lua")
    with open(script, "w") as f:
        paths = ",".join(f'"/r/{token_of(u)}/arrived"' for _, u in links[CASES // 2:])
        f.write("local paths = {" + paths + "}\nlocal i = 0\n"
                "request = function()\n  i = i % #paths + 1\n"
                '  return wrk.format("POST", paths[i], {["Content-Type"] = "application/x-www-form-urlencoded"}, "")\nend\n')
    for conns in (50, 200):
        p50, p99, rps, bad = wrk(f"http://127.0.0.1:{PORT}", conns, script)
        print(f"| arrival POST | {conns} | {p50} | {p99} | {rps} | {bad} |")
    print(f"server peak memory (VmHWM): {peak_kb(server.pid) / 1024:.1f} MB")

    # Tap to the wall screen: the dashboard in tmux, each tap on a case not yet arrived.
    sock = f"dutydesk-web-{os.getpid()}"
    subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "60",
                    f"env HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color {' '.join(map(shlex.quote, base))}"], check=True)
    try:
        time.sleep(2)
        waits = []
        for number, url in links[1:51]:
            # The row must be on the screen before the tap: select it by search.
            subprocess.run(["tmux", "-L", sock, "send-keys", "/"], check=True)
            subprocess.run(["tmux", "-L", sock, "send-keys", "-l", number], check=True)
            subprocess.run(["tmux", "-L", sock, "send-keys", "Enter"], check=True)
            time.sleep(0.3)
            conn = http.client.HTTPConnection("127.0.0.1", PORT)
            conn.request("POST", f"/r/{token_of(url)}/arrived", body="",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            conn.getresponse().read()
            answered = time.monotonic()
            while True:
                text = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p"], capture_output=True, text=True).stdout
                if any(number in line and "on scene" in line for line in text.splitlines()):
                    waits.append((time.monotonic() - answered) * 1000)
                    break
                if time.monotonic() - answered > 2:
                    waits.append(float("inf"))
                    break
            subprocess.run(["tmux", "-L", sock, "send-keys", "Escape"], check=True)
        ok = sorted(w for w in waits if w != float("inf")) or [float("nan")]
        p95 = ok[int(len(ok) * 0.95) - 1] if ok else float("nan")
        print(f"tap to the wall screen, {len(waits)} taps: p50 {statistics.median(ok):.1f} ms, "
              f"p95 {p95:.1f} ms, missed {len(waits) - len(ok)}")
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


if __name__ == "__main__":
    main()
