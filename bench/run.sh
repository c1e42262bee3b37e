#!/usr/bin/env bash
# `make bench`: throughput and memory of ingest, reprocessing and reports on generated data,
# beside pandas, polars (lazy) and DuckDB doing the same work on the same data in the same run
# (bench/requirements.txt pins them). Not part of `make test`. Unattended; prints Markdown
# tables (also written to bench/out/results.md) for docs/performance.md.
#   BENCH_SIZES="1000000"  only these measurement counts (default: 1 M and 10 M)
#   BENCH_ONLY=report      only the report comparison (no ingest baselines, plates, reprocessing)
#   BENCH_ONLY=plates      only the FlowJo plate ingest (the panel path's values/s)
#   BENCH_REPEAT=5         rounds of the report comparison (each tool once per round, in turn;
#                          the median is reported: these shared machines vary by ±20 % from one
#                          run to the next, and a single run per tool let that decide a ratio;
#                          with three rounds one slow round still moved a median by a tenth)
set -euo pipefail
BIN=${BIN:-.build/release/immunopipe}
PY=${PY:-.venv-bench/bin/python}
OUT=${BENCH_OUT:-bench/out}
ROWS_SMALL=${ROWS_SMALL:-1000000}
ROWS_LARGE=${ROWS_LARGE:-10000000}
SIZES=${BENCH_SIZES:-"$ROWS_SMALL $ROWS_LARGE"}
ONLY=${BENCH_ONLY:-}
REPEAT=${BENCH_REPEAT:-5}
PLATES=${PLATES:-2000}
mkdir -p "$OUT"
results="$OUT/results.md"
: > "$results"

row() { echo "$*" | tee -a "$results"; }
# Runs a command under /usr/bin/time; sets SECONDS_TAKEN and PEAK_MIB.
measure() {
  /usr/bin/time -f "%e %M" -o "$OUT/.time" "$@" > "$OUT/.stdout" 2> "$OUT/.stderr" || {
    s=$?; [ $s -eq 1 ] || { cat "$OUT/.stderr" >&2; exit $s; }
  }
  read -r SECONDS_TAKEN PEAK_KIB < <(tail -n 1 "$OUT/.time")
  PEAK_MIB=$(awk "BEGIN{printf \"%.0f\", $PEAK_KIB/1024}")
}
rate() { awk "BEGIN{printf \"%.0f\", $1/$2}"; }
# The median of the numbers given as arguments (the lower middle one for an even count), and
# their list.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
runs() { printf '%s\n' "$@" | paste -sd/ - | sed 's#/# / #g'; }

echo "generating data (seeded)…" >&2
for n in $SIZES; do
  [ "$ONLY" = plates ] || [ -f "$OUT/data-$n/benchmark-tidy.csv" ] || "$BIN" synth --scale --rows "$n" --plates 0 --out "$OUT/data-$n" >/dev/null
done
[ "$ONLY" = report ] || [ -d "$OUT/plates-$PLATES/flowjo" ] || "$BIN" synth --scale --rows 0 --plates "$PLATES" --out "$OUT/plates-$PLATES" >/dev/null

if [ "$ONLY" != plates ]; then
row "| workload | tool | rows | seconds | rows/s | peak RSS (MiB) |"
row "|---|---|---:|---:|---:|---:|"
for n in $SIZES; do
  csv="$OUT/data-$n/benchmark-tidy.csv"
  rm -rf "$OUT/store-$n"; "$BIN" init "$OUT/store-$n" --study NCT05495321 >/dev/null
  measure "$BIN" ingest "$OUT/store-$n" "$csv" --json
  row "| long CSV, $n rows: parse → validate → write | immunopipe ingest | $n | $SECONDS_TAKEN | $(rate "$n" "$SECONDS_TAKEN") | $PEAK_MIB |"
  [ "$ONLY" = report ] && continue
  measure "$PY" bench/baseline_pandas.py "$csv" "$OUT/pandas-$n.h5"
  row "| long CSV, $n rows: parse → map → write | pandas + h5py | $n | $SECONDS_TAKEN | $(rate "$n" "$SECONDS_TAKEN") | $PEAK_MIB |"
done

# The report (change from baseline, responses, statistics, plots) and its change-from-baseline
# table alone (`--tables cfb`) on both long-CSV stores, beside polars (lazy) and DuckDB
# computing the change-from-baseline table alone from the same data exported from the store
# (bench/*_cfb.py): $REPEAT rounds, each running the four in turn, so that a slow minute of the
# machine falls on all of them alike; each tool's median time and peak are reported, with every
# run's time. pandas runs once (it is in no ratio). Then the ratios the report issue set targets
# for (report ≤ polars' time; CFB only ≤ half of polars' time; peak ≤ half of polars').
row ""
row "| report, NCT05495321 definition | tool | measurement rows | seconds (median of $REPEAT) | peak RSS (MiB) | each run (s) |"
row "|---|---|---:|---:|---:|---|"
ratios=()
for n in $SIZES; do
  csv="$OUT/data-$n/benchmark-tidy.csv"
  awk -F, 'NR > 1 && $2 == "BASELINE" && !seen[$1]++ { print $1 "," $3 }' "$csv" | sed '1i subject,date' > "$OUT/first-dose-$n.csv"
  rm -f "$OUT/export-$n.h5"; "$BIN" export "$OUT/store-$n" --out "$OUT/export-$n.h5" >/dev/null
  study=pipelines/studies/NCT05495321.yaml
  t_report=(); m_report=(); t_cfb=(); m_cfb=(); t_polars=(); m_polars=(); t_duck=(); m_duck=()
  for round in $(seq 1 "$REPEAT"); do
    rm -rf "$OUT/report-$n" "$OUT/store-$n/results"
    measure "$BIN" report "$OUT/store-$n" --study "$study" --first-dose "$OUT/first-dose-$n.csv" --out "$OUT/report-$n"
    t_report+=("$SECONDS_TAKEN"); m_report+=("$PEAK_MIB")
    rm -rf "$OUT/report-cfb-$n" "$OUT/store-$n/results"
    measure "$BIN" report "$OUT/store-$n" --study "$study" --first-dose "$OUT/first-dose-$n.csv" --out "$OUT/report-cfb-$n" --tables cfb
    t_cfb+=("$SECONDS_TAKEN"); m_cfb+=("$PEAK_MIB")
    measure "$PY" bench/polars_cfb.py "$OUT/export-$n.h5" "$OUT/first-dose-$n.csv" "$study" "$OUT/polars-cfb-$n.csv"
    t_polars+=("$SECONDS_TAKEN"); m_polars+=("$PEAK_MIB")
    measure "$PY" bench/duckdb_cfb.py "$OUT/export-$n.h5" "$OUT/first-dose-$n.csv" "$study" "$OUT/duckdb-cfb-$n.csv"
    t_duck+=("$SECONDS_TAKEN"); m_duck+=("$PEAK_MIB")
  done
  report_s=$(median "${t_report[@]}"); report_m=$(median "${m_report[@]}")
  cfb_s=$(median "${t_cfb[@]}"); cfb_m=$(median "${m_cfb[@]}")
  polars_s=$(median "${t_polars[@]}"); polars_m=$(median "${m_polars[@]}")
  duck_s=$(median "${t_duck[@]}"); duck_m=$(median "${m_duck[@]}")
  row "| report: CFB + summaries + statistics + HTML | immunopipe report | $n | $report_s | $report_m | $(runs "${t_report[@]}") |"
  row "| CFB table only | immunopipe report --tables cfb | $n | $cfb_s | $cfb_m | $(runs "${t_cfb[@]}") |"
  row "| CFB table only | polars (lazy) | $n | $polars_s | $polars_m | $(runs "${t_polars[@]}") |"
  row "| CFB table only | DuckDB | $n | $duck_s | $duck_m | $(runs "${t_duck[@]}") |"
  measure "$PY" bench/baseline_pandas_cfb.py "$OUT/export-$n.h5" "$OUT/first-dose-$n.csv" "$study" "$OUT/pandas-cfb-$n.csv"
  row "| CFB table only | pandas | $n | $SECONDS_TAKEN | $PEAK_MIB | $SECONDS_TAKEN (one run) |"
  ratios+=("| $n | $(awk "BEGIN{printf \"%.2f\", $report_s/$polars_s}") | $(awk "BEGIN{printf \"%.2f\", $cfb_s/$polars_s}") | $(awk "BEGIN{printf \"%.2f\", $report_m/$polars_m}") | $(awk "BEGIN{printf \"%.2f\", $cfb_s/$duck_s}") |")
done
row ""
row "| measurement rows | report ÷ polars time (target ≤ 1) | CFB only ÷ polars time (≤ 0.5) | report ÷ polars peak RSS (≤ 0.5) | CFB only ÷ DuckDB time |"
row "|---:|---:|---:|---:|---:|"
for r in "${ratios[@]}"; do row "$r"; done
row "(load: $(uptime | sed 's/.*load average: //'))"
if [ "$ONLY" = report ]; then echo "results: $results" >&2; exit 0; fi
row ""
fi
row "| workload | tool | rows | seconds | rows/s | peak RSS (MiB) |"
row "|---|---|---:|---:|---:|---:|"

# FlowJo plate exports through the panel and the manifest.
rm -rf "$OUT/store-plates"; "$BIN" init "$OUT/store-plates" --study BENCH >/dev/null
measure "$BIN" ingest "$OUT/store-plates" "$OUT/plates-$PLATES/flowjo" --panel pipelines/panels/treg-tfh-flowjo.yaml \
  --manifest "$OUT/plates-$PLATES/flowjo-manifest.csv" --json
plate_rows=$("$PY" -c "import json,sys; print(json.load(open('$OUT/.stdout'))['accepted'])")
row "| $PLATES FlowJo plate exports: parse → map → validate → link → derive → write | immunopipe ingest | $plate_rows | $SECONDS_TAKEN | $(rate "$plate_rows" "$SECONDS_TAKEN") | $PEAK_MIB |"

[ "$ONLY" = plates ] && { echo "results: $results" >&2; exit 0; }

# Reprocessing the plate archive with N shards run side by side on this machine.
echo >&2
row ""
row "| reprocess $PLATES plate exports | shards run at once | seconds | files/s |"
row "|---|---:|---:|---:|"
generation=2
for shards in 1 2 4; do
  start=$(date +%s.%N)
  seq 1 "$shards" | xargs -P "$shards" -I{} "$BIN" reprocess "$OUT/store-plates" --shard "{}/$shards" --generation "$generation" --json >/dev/null
  end=$(date +%s.%N)
  secs=$(awk "BEGIN{printf \"%.1f\", $end-$start}")
  row "| N = $shards | $shards | $secs | $(rate "$PLATES" "$secs") |"
  generation=$((generation + 1))
done
echo >&2
echo "results: $results" >&2
