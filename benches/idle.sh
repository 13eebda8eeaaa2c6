#!/usr/bin/env bash
# Idle cost on a wall screen: runs a program in a detached 200x50 tmux for SECONDS (default 60)
# and prints the CPU it used (% of one core, children included, from /proc), its peak RSS and
# the bytes it wrote to the terminal per second. It measures the dashboard with 200 open cases
# and, in the same run, htop as the reference.
#   bash benches/idle.sh [SECONDS]
# DUTYDESK_BIN=path measures another build of dutydesk (an older one, to compare) instead.
# SPREAD=seconds between the 200 reports (default 4: one case crosses its warning every 4 s,
# each an alert, a claim and a whole frame); SPREAD=1 keeps every case calm for the minute.
set -euo pipefail
secs=${1:-60}
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ]; then
    (apt-get install -y "$1" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$1" >/dev/null; })
  fi
  command -v "$1" >/dev/null || { echo "idle.sh needs $1 (apt-get install $1)" >&2; exit 1; }
}
need tmux
need htop

if [ -z "${DUTYDESK_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${DUTYDESK_BIN:-$PWD/target/release/dutydesk}
tmp=$(mktemp -d)
sock="dutydesk-idle-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
db="$tmp/idle.db"
export HOME="$tmp"

# 200 open cases with countdowns running (reported over the last 13 minutes by default).
spread=${SPREAD:-4}
for i in $(seq 1 200); do
  "$bin" --db "$db" report --grid $(( i % 7 + 1 )) --category facility.streetlight --channel hotline \
    --place "新联街 $i 号" --ago "$(( i * spread ))s" "路灯不亮 $i" >/dev/null 2>&1
done

ticks=$(getconf CLK_TCK)
# CPU time in nanoseconds: every thread's run time (schedstat, exact) plus waited-for children.
cpu_ns() {
  local threads children
  threads=$(cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%d", s}')
  children=$(awk -v hz="$ticks" '{printf "%d", ($16 + $17) * 1e9 / hz}' "/proc/$1/stat")
  echo $(( threads + children ))
}

# Both run at once, so a busy moment on the machine falls on both alike.
start() {
  tmux -L "$sock" -f /dev/null new-session -d -s "$1" -x 200 -y 50 "exec $2"
}
pid_of() { tmux -L "$sock" display-message -p -t "$1" '#{pane_pid}'; }

echo "idle for ${secs}s at 200x50, both in the same window:"
start dutydesk "env LANG=zh_CN.UTF-8 TERM=xterm-256color $bin --db $db"
start htop "env TERM=xterm-256color htop"
sleep 3 # start-up and the first full frame are not idle
declare -A pid t0 b0
for name in dutydesk htop; do
  pid[$name]=$(pid_of "$name")
  tmux -L "$sock" pipe-pane -o -t "$name" "cat > $tmp/$name.out"
done
sleep 0.2
for name in dutydesk htop; do
  t0[$name]=$(cpu_ns "${pid[$name]}")
  b0[$name]=$(stat -c %s "$tmp/$name.out" 2>/dev/null || echo 0)
done
sleep "$secs"
for name in dutydesk htop; do
  t1=$(cpu_ns "${pid[$name]}")
  b1=$(stat -c %s "$tmp/$name.out")
  rss=$(awk '/VmHWM/ {print $2}' "/proc/${pid[$name]}/status")
  awk -v n="$name" -v dt=$(( t1 - ${t0[$name]} )) -v s="$secs" -v rss="$rss" -v db=$(( b1 - ${b0[$name]} )) \
    'BEGIN { printf "%-10s %8.3f %% of a core   peak RSS %6.1f MB   %8.0f bytes/s to the terminal\n", n, dt / 1e7 / s, rss / 1024, db / s }'
done
