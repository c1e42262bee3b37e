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
  # Exit status 1 means some values were rejected (listed in the log); 2 means nothing was done.
  "$BIN" ingest "$store" "$dir/exports" --panel "$PANEL" --manifest "$dir/manifest.csv" \
        --blood-counts "$dir/clinical/blood_counts.csv" > "$OUT/$study/ingest.log" || [ $? -eq 1 ]
  grep -v ': warning: ' "$OUT/$study/ingest.log" | tail -n 20
  "$BIN" status "$store"
  "$BIN" export "$store" --out "$OUT/$study/$study.h5"
  echo "== $study: report (blinded: arms pooled)"
  "$BIN" report "$store" --study "pipelines/studies/$study.yaml" --clinical "$dir/clinical" \
        --out "$OUT/$study/report-blinded" | tail -n 1
  echo "== $study: QC pages (plate and flow QC of batch 1, Levey-Jennings, sample coverage)"
  "$BIN" qc "$store" --batch 1 --levey-jennings --coverage --study "pipelines/studies/$study.yaml" \
        --manifest "$dir/manifest.csv" --panel "$PANEL" --out "$OUT/$study/qc" | tail -n 1
done

# The dermatomyositis trial after database lock: the statistician's unblinded analysis.
study=NCT05495321
echo
echo "== $study: report (unblinded with the sealed randomization)"
"$BIN" report "$OUT/$study/store" --study "pipelines/studies/$study.yaml" --clinical "sample-data/$study/clinical" \
      --unblind "sample-data/$study/sealed/randomization.csv" --out "$OUT/$study/report"

# The populations the IL-2 trials are about, per subject and visit (analysed records of the
# report's change-from-baseline table, read from the store; the export holds the same values).
echo
echo "== $study: Treg % of CD4, Tfh % of CD4, Tfr % of CD4, Tfr/Tfh (first 3 subjects)"
# Quoted fields (labels with commas) are blanked first so the columns stay aligned for awk.
sed -E 's/"([^"]|"")*"//g' "$OUT/$study/report/cfb.csv" | awk -F, 'NR > 1 && $18 == "Y" && $12 == "DOUBLE-BLIND" && ($5 == "TREG.FREQ_OF.CD4" || $5 == "TFH.FREQ_OF.CD4" \
         || $5 == "TFR.FREQ_OF.CD4" || $5 == "TFR.RATIO.TFH") { v[$2 "," $7] = v[$2 "," $7] sprintf("  %s=%.3g", $5, $10);
         if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } if (!(($2 "," $7) in vs)) { vs[$2 "," $7] = 1; visits[$2] = visits[$2] "|" $7 } }
         END { for (i = 1; i <= n && i <= 3; i++) { split(substr(visits[order[i]], 2), vv, "|");
               for (j = 1; j in vv; j++) printf "%-10s %-9s%s\n", order[i], vv[j], v[order[i] "," vv[j]] } }'
echo
echo "Done. Stores, exports and reports are in $OUT/."
echo "The dermatomyositis report: $OUT/$study/report/report.html"

# The portal over the demo stores: a stores directory of links to them, each study's upload and
# report settings, and two demo accounts on the dermatomyositis trial.
PORTAL="$OUT/portal"
mkdir -p "$PORTAL"
here=$(pwd)
for dir in sample-data/NCT*/; do
  s=$(basename "$dir")
  ln -sfn "$here/$OUT/$s/store" "$PORTAL/$s"
  cat > "$PORTAL/$s.portal.json" <<JSON
{"panel": "$here/$PANEL", "manifest": "$here/${dir%/}/manifest.csv", "bloodCounts": "$here/${dir%/}/clinical/blood_counts.csv",
 "definition": "$here/pipelines/studies/$s.yaml", "clinical": "$here/${dir%/}/clinical"}
JSON
done
"$BIN" users add --stores "$PORTAL" demo-lab --role lab --study "$study" --site SITE01 > "$PORTAL/demo-lab.txt" 2>/dev/null
"$BIN" users add --stores "$PORTAL" demo-researcher --role researcher --study "$study" > "$PORTAL/demo-researcher.txt" 2>/dev/null
echo
echo "== The portal (web pages and JSON API) on the demo stores"
echo "Start it:   $BIN serve --stores $PORTAL        (then open http://127.0.0.1:8080/)"
echo "Sign in as demo-lab (uploads, site SITE01):   $(grep '^password: ' "$PORTAL/demo-lab.txt")"
echo "Sign in as demo-researcher (blinded reports): $(grep '^password: ' "$PORTAL/demo-researcher.txt")"
echo "API:        curl -H 'Authorization: Bearer $(grep '^token: ' "$PORTAL/demo-lab.txt" | cut -d' ' -f2)' http://127.0.0.1:8080/api/v1/studies/$study/batches"
echo "(Passwords and tokens are also in $PORTAL/demo-*.txt; docs/portal.md describes roles and routes.)"
