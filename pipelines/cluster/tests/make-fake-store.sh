#!/usr/bin/env bash
# TEST FIXTURE for the fake-immunopipe test double: makes a minimal directory that looks like a
# study store to the fake (a content-addressed raw/ archive of COUNT small files, sha256-named
# under a two-character fan-out folder). It is NOT a real immunopipe store.
#   make-fake-store.sh DIR [COUNT]    (DIR must not exist; COUNT defaults to 12)
set -euo pipefail
dir=${1:?usage: make-fake-store.sh DIR [COUNT]}
count=${2:-12}
[ ! -e "$dir" ] || { echo "make-fake-store: $dir already exists" >&2; exit 2; }
mkdir -p "$dir/raw"
for ((k = 1; k <= count; k++)); do
  body=$(printf 'Sample,Population,Statistic,Value\nS%03d,CD4+ T cells,freq_of_parent,%d.%d\n' "$k" $((30 + k)) "$k")
  sum=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)
  mkdir -p "$dir/raw/${sum:0:2}"
  printf '%s' "$body" >"$dir/raw/${sum:0:2}/$sum"
done
echo "fake store with $count raw files in $dir"
