#!/usr/bin/env bash
# A big desk for the benchmarks: N past cases (default 1,000,000) over the five years before
# yesterday, across the 7 grids, every category, channel and tier, with their outcomes (late
# arrivals, call-ups, cancellations, reopenings) and their events (about four a case). Built
# with SQL inside SQLite in one transaction: 1M cases in well under a minute.
#   bash benches/bigdb.sh PATH [N]
# DUTYDESK_BIN=path uses another build of dutydesk to make the empty desk first.
set -euo pipefail
db=${1:?usage: bigdb.sh PATH [N]}
n=${2:-1000000}
cd "$(dirname "$0")/.."
if [ -z "${DUTYDESK_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${DUTYDESK_BIN:-$PWD/target/release/dutydesk}
command -v sqlite3 >/dev/null || { echo "bigdb.sh needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }

rm -f "$db" "$db-wal" "$db-shm" "$db-damaged"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# The schema and the roster, as the desk makes them.
HOME="$home" "$bin" --db "$db" stats >/dev/null

values() { # code list of a `codes` kind as SQL rows (i, code, tier)
  HOME="$home" "$bin" codes "$1" --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
print(",".join("(%d,%s,%s)" % (i, repr(r["code"]), repr(r.get("tier", ""))) for i, r in enumerate(rows)))'
}
categories=$(values categories)
channels=$(values channels)
days=1800
# 00:00 in Shanghai, $days days before yesterday, in epoch milliseconds.
start_ms=$(python3 -c "
import datetime as d
tz = d.timezone(d.timedelta(hours=8))
today = d.datetime.now(tz).date()
start = d.datetime.combine(today - d.timedelta(days=$days + 1), d.time(), tz)
print(int(start.timestamp() * 1000))")

started=$(date +%s.%N)
sqlite3 "$db" <<SQL
.output /dev/null
PRAGMA synchronous = OFF;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -200000;
CREATE TEMP TABLE cat (i INTEGER PRIMARY KEY, code TEXT, tier TEXT);
INSERT INTO cat VALUES $categories;
CREATE TEMP TABLE ch (i INTEGER PRIMARY KEY, code TEXT, tier TEXT);
INSERT INTO ch VALUES $channels;
CREATE TEMP TABLE who AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, name FROM responders;
BEGIN;
WITH RECURSIVE
  n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $n - 1),
  k AS (SELECT i,
               i / (($n + $days - 1) / $days) AS d,
               i % (($n + $days - 1) / $days) AS s,
               ($n + $days - 1) / $days AS per
        FROM n),
  c AS (SELECT i, s,
               $start_ms + d * 86400000 AS midnight,
               $start_ms + d * 86400000 + 21600000 + s * (57600000 / per) AS reported,
               i % 40 = 0 AS cancelled,
               240 + (i * 7919) % 1080 AS taken,
               i % 7 = 0 AS called
        FROM k)
INSERT INTO cases (id, number, day, seq, grid, category, channel, place, summary, reporter,
                   phone, tier, state, reported_at, dispatched_at, responder, arrived_at,
                   arrival_how, arrival_secs, arrival_target_secs, arrival_met, called_up_to,
                   called_up_at, resolved_at, resolution_note, reporter_told, cancelled_at,
                   cancel_reason, updated_at)
SELECT i + 1,
       strftime('%Y%m%d', midnight / 1000 + 28800, 'unixepoch') || '-' || printf('%03d', s + 1),
       strftime('%Y%m%d', midnight / 1000 + 28800, 'unixepoch'),
       s + 1,
       1 + i % 7,
       (SELECT code FROM cat WHERE cat.i = c.i % (SELECT count(*) FROM cat)),
       (SELECT code FROM ch WHERE ch.i = c.i % (SELECT count(*) FROM ch)),
       '新联街 ' || (i % 500) || ' 号',
       '历史案件 ' || i,
       CASE WHEN i % 3 = 0 THEN '张' || (i % 100) END,
       CASE WHEN i % 3 = 0 THEN '138' || printf('%08d', i % 100000000) END,
       CASE WHEN called THEN 'big' WHEN i % 5 = 0 THEN 'medium' ELSE 'small' END,
       CASE WHEN cancelled THEN 'cancelled' ELSE 'resolved' END,
       reported,
       CASE WHEN NOT cancelled THEN reported + 60000 END,
       CASE WHEN NOT cancelled THEN (SELECT name FROM who WHERE who.i = c.i % (SELECT count(*) FROM who)) END,
       CASE WHEN NOT cancelled THEN reported + taken * 1000 END,
       CASE WHEN NOT cancelled THEN 'photo' END,
       CASE WHEN NOT cancelled THEN taken END,
       CASE WHEN NOT cancelled THEN 900 END,
       CASE WHEN NOT cancelled THEN taken <= 900 END,
       CASE WHEN called AND NOT cancelled THEN 'subdistrict_office' END,
       CASE WHEN called AND NOT cancelled THEN reported + taken * 1000 + 60000 END,
       CASE WHEN NOT cancelled THEN reported + taken * 1000 + (i % 30) * 1800000 END,
       CASE WHEN NOT cancelled THEN '已处理' END,
       i % 3 <> 0,
       CASE WHEN cancelled THEN reported + 600000 END,
       CASE WHEN cancelled THEN '重复上报' END,
       reported + taken * 1000 + (i % 30) * 1800000
FROM c;
INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
  SELECT id, reported_at, reported_at, 'bench', 'reported', '{}' FROM cases;
INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
  SELECT id, dispatched_at, dispatched_at, 'bench', 'dispatched', json_object('responder', responder)
  FROM cases WHERE dispatched_at IS NOT NULL;
INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
  SELECT id, arrived_at, arrived_at, 'bench', 'arrived',
         json_object('how', 'photo', 'taken_secs', arrival_secs, 'target_secs', 900, 'met', arrival_met = 1)
  FROM cases WHERE arrived_at IS NOT NULL;
INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
  SELECT id, called_up_at, called_up_at, 'bench', 'called_up', json_object('body', called_up_to)
  FROM cases WHERE called_up_at IS NOT NULL;
INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
  SELECT id, resolved_at - 3600000, resolved_at - 3600000, 'bench', 'reopened', json_object('reason', '又坏了')
  FROM cases WHERE resolved_at IS NOT NULL AND id % 97 = 0;
INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
  SELECT id, resolved_at, resolved_at, 'bench', 'resolved', json_object('note', '已处理', 'told', reporter_told = 1)
  FROM cases WHERE resolved_at IS NOT NULL;
INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
  SELECT id, cancelled_at, cancelled_at, 'bench', 'cancelled', json_object('reason', cancel_reason)
  FROM cases WHERE cancelled_at IS NOT NULL;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
.output stdout
SQL
took=$(python3 -c "import time; print(round(time.time() - $started, 1))")
echo "$db: $(sqlite3 "$db" 'SELECT count(*) FROM cases') cases, $(sqlite3 "$db" 'SELECT count(*) FROM events') events, made in ${took}s"
