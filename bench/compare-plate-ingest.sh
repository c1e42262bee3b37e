#!/usr/bin/env bash
# Ingests the same FlowJo plate exports with two builds (as `make bench`'s plate step does) and
# checks that they stored the same thing: the exported store byte for byte as h5dump shows it
# (values, codes, categories, flags, provenance columns) and the same diagnostics (code,
# severity, file, line, column, message). Used when changing the panel path for speed.
#   bench/compare-plate-ingest.sh BASE_BIN NEW_BIN PLATES_DIR [WORK_DIR]
# PLATES_DIR is what `immunopipe synth --scale --rows 0 --plates N --out DIR` writes.
set -euo pipefail
base=$1 new=$2 plates=$3 work=${4:-$(mktemp -d)}
panel=${PANEL:-pipelines/panels/treg-tfh-flowjo.yaml}
mkdir -p "$work"
for which in base new; do
  bin=$base; [ "$which" = new ] && bin=$new
  # The same store path both times: the export records it (and the command line).
  rm -rf "$work/store" "$work/export.h5"
  "$bin" init "$work/store" --study BENCH >/dev/null
  status=0
  "$bin" ingest "$work/store" "$plates/flowjo" --panel "$panel" \
    --manifest "$plates/flowjo-manifest.csv" --json > "$work/ingest-$which.json" || status=$?
  [ $status -le 1 ] || { echo "$which: ingest failed ($status)" >&2; exit 2; }
  "$bin" export "$work/store" --out "$work/export.h5" >/dev/null
  # Two ingests differ only in when they ran: the dump leaves out timestamps.
  h5dump "$work/export.h5" | grep -v -E '"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z"' > "$work/dump-$which.txt"
  python3 - "$work/ingest-$which.json" > "$work/diagnostics-$which.txt" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print("accepted", s.get("accepted"), "rejected", s.get("rejected"), "warnings", s.get("warnings"))
for d in s.get("diagnostics", []):
    print(json.dumps(d, sort_keys=True, ensure_ascii=False))
EOF
done
ok=0
cmp -s "$work/dump-base.txt" "$work/dump-new.txt" || { echo "stored values differ:"; diff "$work/dump-base.txt" "$work/dump-new.txt" | head -20; ok=1; }
cmp -s "$work/diagnostics-base.txt" "$work/diagnostics-new.txt" || { echo "diagnostics differ:"; diff "$work/diagnostics-base.txt" "$work/diagnostics-new.txt" | head -20; ok=1; }
[ $ok = 0 ] && echo "same: $(head -1 "$work/diagnostics-new.txt"), $(($(wc -l < "$work/diagnostics-new.txt") - 1)) diagnostics, $(wc -c < "$work/dump-new.txt") bytes of dump"
exit $ok
