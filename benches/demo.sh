#!/usr/bin/env bash
# How soon a newcomer sees the demo: runs `dutydesk demo --fresh --speed 60` RUNS times
# (default 7) in a detached 200x50 tmux from an empty home and prints, as medians, the time
# from launch until the screen shows the DEMO marker, cases and the map; how long the recent
# days took to write before the board opened, and the three weeks of history written behind it.
#   bash benches/demo.sh [RUNS]
set -euo pipefail
runs=${1:-7}
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "demo.sh needs tmux (apt-get install tmux)" >&2; exit 1; }

cargo build --release --quiet
bin=$PWD/target/release/dutydesk
tmp=$(mktemp -d)
sock="dutydesk-demo-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
now_ms() { date +%s%3N; }

shown=() recent=() history=()
for i in $(seq 1 "$runs"); do
  home="$tmp/home$i"
  mkdir -p "$home"
  start=$(now_ms)
  tmux -L "$sock" -f /dev/null new-session -d -x 200 -y 50 \
    "env -i PATH=\"$PATH\" HOME=$home LANG=en_US.UTF-8 TERM=xterm-256color $bin demo --fresh --speed 60"
  until tmux -L "$sock" capture-pane -p -t 0 2>/dev/null | grep -q "Grids" \
     && tmux -L "$sock" capture-pane -p -t 0 | grep -q "DEMO" \
     && tmux -L "$sock" capture-pane -p -t 0 | grep -q "农贸市场后门"; do
    [ $(( $(now_ms) - start )) -lt 10000 ] || { echo "run $i: no demo on screen after 10 s" >&2; exit 1; }
    sleep 0.01
  done
  shown+=($(( $(now_ms) - start )))
  log="$home/.local/share/dutydesk/dutydesk.log"
  until [ "$(grep -c 'demo cases written' "$log" 2>/dev/null || true)" -ge 2 ]; do sleep 0.05; done
  tmux -L "$sock" kill-server
  mapfile -t written < <(grep 'demo cases written' "$log" | sed -E 's/.*cases=([0-9]+) ms=([0-9]+).*/\1 \2/')
  recent+=("${written[0]}")
  history+=("${written[1]}")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
second() { for x in "$@"; do echo "${x#* }"; done; }
first() { for x in "$@"; do echo "${x% *}"; done; }
echo "runs: $runs (release build, 200x50, --speed 60)"
echo "on screen after launch: median $(median "${shown[@]}") ms (all: ${shown[*]})"
echo "recent days before the board: median $(median $(second "${recent[@]}")) ms for $(median $(first "${recent[@]}")) cases"
echo "history behind the board: median $(median $(second "${history[@]}")) ms for $(median $(first "${history[@]}")) cases"
