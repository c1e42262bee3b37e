#!/usr/bin/env bash
# Golden comparison of `immunopipe report`: runs the report on the committed sample data (all
# four trials blinded, the dermatomyositis trial unblinded too) and on a small seeded benchmark
# store, and checks that every output is byte for byte what the reference engine wrote:
# cfb.csv, response.csv, summary.csv, associations.csv, safety.csv, report.html, and the result
# tables written into the store (dumped with h5dump). Only what differs by run is normalised
# first: the creation time (ISO 8601 in the HTML, the results file name and its attributes) and
# the absolute path of the scratch directory the check runs in.
#
#   report-golden.sh BIN            check against Tests/golden/report-golden.sha256
#   UPDATE_GOLDEN=1 report-golden.sh BIN   rewrite it (then READ the diff and say why)
#   KEEP=DIR report-golden.sh BIN   keep the normalised outputs in DIR (to diff two engines)
#
# Hashes rather than copies are committed: the outputs are megabytes, and a SHA-256 match is a
# byte-for-byte match. Run with KEEP= on both engines to see a difference.
set -euo pipefail
BIN=$(realpath "${1:?usage: report-golden.sh BIN}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
GOLDEN="$HERE/report-golden.sha256"
BENCH_ROWS=${GOLDEN_BENCH_ROWS:-40000}
command -v h5dump >/dev/null || { echo "report-golden: h5dump (hdf5-tools) not found" >&2; exit 2; }

WORK=$(realpath "$(mktemp -d "${TMPDIR:-/tmp}/report-golden.XXXXXX")")
trap 'rm -rf "$WORK"' EXIT
# Everything runs from $WORK with relative paths, so the paths the report prints are the same
# in every run.
cd "$WORK"
ln -s "$ROOT/sample-data" sample-data
ln -s "$ROOT/pipelines" pipelines
OUTS=()

# Removes what differs by run: this run's scratch directory (absolute paths in the page and the
# store's attributes) and timestamps (2026-12-04T17:13:06Z, with or without fractional seconds,
# and the compact 20261204T171306Z of the results file name, whose random 8-hex suffix keeps two
# reports of the same second apart).
normalise() {
  sed -E -e "s#$WORK#<WORK>#g" \
         -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<TIME>/g' \
         -e 's/[0-9]{8}T[0-9]{6}Z(-[0-9]+)?/<TIME>/g' \
         -e 's/<TIME>-(blinded|unblinded)-[0-9a-f]{8}/<TIME>-\1-<RANDOM>/g' "$@"
}

# Runs one report into out/NAME and records its normalised outputs.
report() {
  local name=$1 store=$2; shift 2
  rm -rf "$store/results"
  "$BIN" report "$store" --out "out/$name" "$@" > "out/$name.log" 2>&1 || {
    s=$?; [ $s -eq 1 ] || { cat "out/$name.log" >&2; echo "report-golden: report $name failed ($s)" >&2; exit 1; }
  }
  mkdir -p "norm/$name"
  for f in out/"$name"/*; do normalise "$f" > "norm/$name/$(basename "$f")"; done
  local results=("$store"/results/*.h5)
  [ ${#results[@]} -eq 1 ] || { echo "report-golden: expected one results file for $name" >&2; exit 1; }
  # The dataset listing and every value; the file name is normalised with the rest.
  h5dump "${results[0]}" | normalise > "norm/$name/store-results.h5dump"
  OUTS+=("$name")
}

mkdir -p out stores
for dir in sample-data/NCT*/; do
  study=$(basename "$dir")
  store="stores/$study"
  "$BIN" init "$store" --study "$study" > /dev/null
  "$BIN" ingest "$store" "$dir/exports" --panel pipelines/panels/treg-tfh-flowjo.yaml --manifest "$dir/manifest.csv" \
        --blood-counts "$dir/clinical/blood_counts.csv" > /dev/null 2>&1 || [ $? -eq 1 ]
  report "$study-blinded" "$store" --study "pipelines/studies/$study.yaml" --clinical "$dir/clinical"
done
report NCT05495321-unblinded stores/NCT05495321 --study pipelines/studies/NCT05495321.yaml \
       --clinical sample-data/NCT05495321/clinical --unblind sample-data/NCT05495321/sealed/randomization.csv

# The benchmark data (as `make bench` makes it, smaller): no clinical files, first doses from
# each subject's BASELINE date.
"$BIN" synth --scale --rows "$BENCH_ROWS" --plates 0 --out bench-data > /dev/null
"$BIN" init stores/bench --study NCT05495321 > /dev/null
"$BIN" ingest stores/bench bench-data/benchmark-tidy.csv > /dev/null 2>&1 || [ $? -eq 1 ]
awk -F, 'NR > 1 && $2 == "BASELINE" && !seen[$1]++ { print $1 "," $3 }' bench-data/benchmark-tidy.csv \
  | sed '1i subject,date' > bench-first-dose.csv
report bench-$BENCH_ROWS stores/bench --study pipelines/studies/NCT05495321.yaml --first-dose bench-first-dose.csv
# The same derived in ranges of 3,000 values (as a large store is, a range at a time, on both
# cores): the outputs must be the same bytes.
IMMUNOPIPE_REPORT_PARTITION_ROWS=3000 report bench-partitioned stores/bench --study pipelines/studies/NCT05495321.yaml \
       --first-dose bench-first-dose.csv
for f in norm/bench-$BENCH_ROWS/*; do
  # The command line (in the page and the store) names the other output directory.
  sed "s#out/bench-partitioned#out/bench-$BENCH_ROWS#g" "norm/bench-partitioned/$(basename "$f")" | cmp -s - "$f" \
    || { echo "report-golden: $(basename "$f") differs when derived in ranges" >&2; exit 1; }
done
rm -rf norm/bench-partitioned

(cd norm && find . -type f | LC_ALL=C sort | xargs sha256sum) > actual.sha256
[ -z "${KEEP:-}" ] || { mkdir -p "$KEEP"; cp -r norm/. "$KEEP/"; cp actual.sha256 "$KEEP/"; }
if [ -n "${UPDATE_GOLDEN:-}" ]; then
  cp actual.sha256 "$GOLDEN"
  echo "report-golden: wrote $GOLDEN ($(wc -l < "$GOLDEN") files)"
  exit 0
fi
if diff -u "$GOLDEN" actual.sha256; then
  echo "report-golden: ${#OUTS[@]} reports, $(wc -l < actual.sha256) outputs byte for byte identical"
else
  echo "report-golden: outputs differ from the reference (KEEP=DIR to keep them and compare)" >&2
  exit 1
fi
