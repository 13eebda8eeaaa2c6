#!/usr/bin/env bash
# benches/web.py on the shared PostgreSQL: a throwaway server (.ci/with-postgres), the
# sub-district's schema (as its owner), community xinlian's desk role granted, then the same
# load against that community's desk.
#   bash benches/web-pg.sh [SECONDS_EACH]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DUTYDESK_TEST_PG:-}" ]; then
  exec .ci/with-postgres bash "$0" "$@"
fi
cargo build --release --quiet
bin=$PWD/target/release/dutydesk
host=$DUTYDESK_TEST_PG_DIR
psql -q "$DUTYDESK_TEST_PG" -c "CREATE DATABASE webbench" -c "CREATE ROLE webbench_xinlian LOGIN"
owner=$(mktemp -d)
trap 'rm -rf "$owner"' EXIT
printf '[community]\nsub_district = true\n' > "$owner/street.toml"
street=(env HOME="$owner" "$bin" --db "postgres:///webbench?host=$host&user=dutydesk" --config "$owner/street.toml")
"${street[@]}" check >/dev/null
"${street[@]}" grant webbench_xinlian --community xinlian --name 新联社区 --name-en Xinlian >/dev/null
DUTYDESK_BIN=$bin DUTYDESK_BENCH_DB="postgres:///webbench?host=$host&user=webbench_xinlian" \
  python3 benches/web.py "$@"
