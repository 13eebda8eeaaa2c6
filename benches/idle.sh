#!/usr/bin/env bash
# Idle cost on a wall screen: runs a program in a detached 200x50 tmux for SECONDS (default 60)
# and prints the CPU it used (% of one core, children included, from /proc), its peak RSS and
# the bytes it wrote to the terminal per second. It measures the dashboard with 200 open cases
# and, in the same run, htop as the reference.
#   bash benches/idle.sh [SECONDS]
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

cargo build --release --quiet
bin=$PWD/target/release/dutydesk
tmp=$(mktemp -d)
sock="dutydesk-idle-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
db="$tmp/idle.db"
export HOME="$tmp"

# 200 open cases with countdowns running (reported over the last 13 minutes).
for i in $(seq 1 200); do
  "$bin" --db "$db" report --grid $(( i % 7 + 1 )) --category facility.streetlight --channel hotline \
    --place "新联街 $i 号" --ago "$(( i * 4 ))s" "路灯不亮 $i" >/dev/null
done

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }

measure() {
  local name=$1 cmd=$2
  tmux -L "$sock" -f /dev/null new-session -d -s "$name" -x 200 -y 50 "exec $cmd"
  local pid
  pid=$(tmux -L "$sock" display-message -p -t "$name" '#{pane_pid}')
  sleep 3 # start-up and the first full frame are not idle
  tmux -L "$sock" pipe-pane -o -t "$name" "cat > $tmp/$name.out"
  local t0 b0 t1 b1
  t0=$(cpu_ticks "$pid")
  b0=$(stat -c %s "$tmp/$name.out" 2>/dev/null || echo 0)
  sleep "$secs"
  t1=$(cpu_ticks "$pid")
  b1=$(stat -c %s "$tmp/$name.out")
  local rss
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  tmux -L "$sock" kill-session -t "$name"
  awk -v n="$name" -v dt=$(( t1 - t0 )) -v hz="$ticks" -v s="$secs" -v rss="$rss" -v db=$(( b1 - b0 )) \
    'BEGIN { printf "%-10s %8.2f %% of a core   peak RSS %6.1f MB   %8.0f bytes/s to the terminal\n", n, dt / hz / s * 100, rss / 1024, db / s }'
}

echo "idle for ${secs}s at 200x50, same run:"
measure dutydesk "env LANG=zh_CN.UTF-8 TERM=xterm-256color $bin --db $db"
measure htop "env TERM=xterm-256color htop"
