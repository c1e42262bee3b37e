#!/usr/bin/env bash
# The main job on the committed sample data (written by `immunopipe synth`): one study store per
# seeded trial, every export ingested through the panel and the sample manifest, status shown,
# a consolidated HDF5 export written, and the researcher's report built. Called by `make demo`.
set -euo pipefail
BIN=${BIN:-.build/release/immunopipe}
OUT=${OUT:-out}
PANEL=pipelines/panels/treg-tfh-flowjo.yaml

for dir in sample-data/NCT*/; do
  study=$(basename "$dir")
  store="$OUT/$study/store"
  echo
  echo "== $study: ingest"
  "$BIN" init "$store" --study "$study"
  "$BIN" ingest "$store" "$dir/exports" --panel "$PANEL" --manifest "$dir/manifest.csv" \
        --blood-counts "$dir/clinical/blood_counts.csv" | grep -v ': warning: '
  "$BIN" status "$store"
  "$BIN" export "$store" --out "$OUT/$study/$study.h5"
  echo "== $study: report (blinded: arms pooled)"
  "$BIN" report "$store" --study "pipelines/studies/$study.yaml" --clinical "$dir/clinical" \
        --out "$OUT/$study/report-blinded" | tail -n 1
done

# The dermatomyositis trial after database lock: the statistician's unblinded analysis.
study=NCT05495321
echo
echo "== $study: report (unblinded with the sealed randomization)"
"$BIN" report "$OUT/$study/store" --study "pipelines/studies/$study.yaml" --clinical "sample-data/$study/clinical" \
      --unblind "sample-data/$study/sealed/randomization.csv" --out "$OUT/$study/report"
echo
echo "Done. Stores, exports and reports are in $OUT/."
echo "The dermatomyositis report: $OUT/$study/report/report.html"
