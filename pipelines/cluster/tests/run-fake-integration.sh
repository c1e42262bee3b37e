#!/usr/bin/env bash
# The integration test with the TEST DOUBLE (fake-immunopipe) instead of the real binary:
# a fake store of 12 raw files, one fake study, failure drill on, exports compared (the double
# writes real HDF5 with provenance attributes that differ between runs).
#   run-fake-integration.sh [OUT]     (OUT defaults to a new temp dir; exit 77 = skipped)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/immunopipe-cluster-it.XXXXXX)
out=${1:-$work/out}
"$here/make-fake-store.sh" "$work/store" 12 >/dev/null
printf '# study definition for the test double (it reads only the file name)\nname: fake-study\n' >"$work/fake-study.yaml"
echo "fake store and study in $work; results in $out"
exec "$here/run-slurm-integration.sh" --failure-drill --study "$work/fake-study.yaml" \
  "$here/fake-immunopipe" "$work/store" "$out"
