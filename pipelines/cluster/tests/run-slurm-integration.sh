#!/usr/bin/env bash
# Integration test of pipelines/cluster on a REAL single-node Slurm (slurm-local/up.sh).
#
#   run-slurm-integration.sh [options] IMMUNOPIPE STORE OUT
#
#   IMMUNOPIPE  the immunopipe binary (or tests/fake-immunopipe, the test double)
#   STORE       a study store; it is never modified: each run works on its own copy
#   OUT         a new or empty directory for store copies, runs, exports, logs
# options:
#   --generation G     generation to write (default: 1 + the highest numeric name under
#                      STORE/generations, or 2 when there is none)
#   --shards N         shard count (default 4)
#   --clinical STEM=DIR  clinical data folder (clinical.csv, first_dose.csv) for the report of
#                      study file STEM (repeatable)
#   --study FILE       a study definition to report on (repeatable; default
#                      pipelines/studies/*.yaml of this repository, if any)
#   --skip-compare     do not export and compare the generations (e.g. for a binary without export)
#   --compare-arg ARG  pass ARG to compare_exports.py (repeatable, e.g. --compare-arg=--unordered)
#   --failure-drill    also check failure/re-run semantics by injecting a failing shard; needs
#                      the test double (FAKE_IMMUNOPIPE_FAIL_SHARDS)
#
# What it does (each step timed; a failed check fails the run, the others still report):
#   1. builds/reuses .venv-cluster/ (pinned: tests/requirements.lock.txt), runs the unit tests
#      of compare_exports.py;
#   2. brings Slurm up (exit 77 = this machine cannot host it: the test is SKIPPED);
#   3. runs the Snakefile with the Slurm profile (--executor slurm) on copy stores/slurm and
#      checks that Slurm really ran every rule;
#   4. runs the same workflow locally (--cores 2) on copy stores/local, then checks a re-run
#      has nothing to do;
#   5. runs sbatch/reprocess-array.sh (array + afterok commit) on copy stores/sbatch;
#   6. [--failure-drill] a failing shard: sbatch's commit is cancelled, Snakemake stops before
#      commit; after the "fix" only the failed shard and what follows are re-run;
#   7. `immunopipe export --generation G` of each copy; compare_exports.py slurm vs local and
#      slurm vs sbatch;
#   ALWAYS (trap): copies Slurm's logs to OUT/slurm-local-logs and tears Slurm down.
# Ends with "N passed, M failed" and exits 0 (all passed), 1 (a check failed), 2 (usage), 77 (skip).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster=$(cd "$here/.." && pwd)
root=$(cd "$cluster/../.." && pwd)
venv=$root/.venv-cluster
usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d' >&2; exit 2; }

generation="" shards=4 skip_compare=no failure_drill=no
studies=() compare_args=() clinical=()
while [ $# -gt 0 ]; do
  case $1 in
    --generation) generation=${2:?}; shift 2 ;;
    --shards) shards=${2:?}; shift 2 ;;
    --clinical) clinical+=("${2:?}"); shift 2 ;;
    --study) studies+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --skip-compare) skip_compare=yes; shift ;;
    --compare-arg=*) compare_args+=("${1#--compare-arg=}"); shift ;;
    --compare-arg) compare_args+=("${2:?}"); shift 2 ;;
    --failure-drill) failure_drill=yes; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -eq 3 ] || usage
[ -x "$1" ] && [ -f "$1" ] || { echo "IMMUNOPIPE '$1' is not an executable file" >&2; exit 2; }
[ -d "$2" ] || { echo "STORE '$2' is not a directory" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
store=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)
[ -z "$(ls -A "$out")" ] || { echo "OUT '$out' is not empty" >&2; exit 2; }
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "--shards must be a positive integer" >&2; exit 2; }
if [ -z "$generation" ]; then
  highest=$(ls "$store/generations" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -n 1)
  generation=$(( ${highest:-1} + 1 ))
fi
if [ ${#studies[@]} -eq 0 ]; then
  for f in "$root"/pipelines/studies/*.yaml; do [ -f "$f" ] && studies+=("$f"); done
fi

# ---- bookkeeping -------------------------------------------------------------------------------
passed=0 failed=0
timings=()
log() { echo "[$(date +%T)] $*"; }
check() { # description command...
  local what=$1
  shift
  if "$@"; then passed=$((passed + 1)); log "ok   $what"; else failed=$((failed + 1)); log "FAIL $what"; fi
}
now() { date +%s.%N; }
t_start=$(now)
phase_start=$t_start
phase_done() { # name
  local t
  t=$(now)
  timings+=("$(awk -v a="$phase_start" -v b="$t" -v n="$1" 'BEGIN{printf "%-34s %6.1f s", n, b - a}')")
  phase_start=$t
}
finish() {
  local total
  total=$(awk -v a="$t_start" -v b="$(now)" 'BEGIN{print b - a}')
  echo
  echo "timings:"
  printf '  %s\n' "${timings[@]}"
  printf '  %-34s %6.1f s\n' "total" "$total"
  echo
  echo "$passed passed, $failed failed"
}

# ---- 1. venv ------------------------------------------------------------------------------------
lock=$here/requirements.lock.txt
lock_sum=$(sha256sum "$lock" | cut -d' ' -f1)
if [ "$(cat "$venv/.lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
  log "building $venv from $(basename "$lock")"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" || ! "$venv/bin/pip" install -q --disable-pip-version-check -r "$lock"; then
    echo "could not build $venv (needs python3 >= 3.11 with venv, and PyPI)" >&2
    exit 1
  fi
  echo "$lock_sum" >"$venv/.lock-sha256"
else
  log "reusing $venv (matches $(basename "$lock"))"
fi
export PATH="$venv/bin:$PATH"   # snakemake, and python3 with h5py (also for jobs: sbatch exports PATH)
export FAKE_IMMUNOPIPE_PYTHON="$venv/bin/python"   # read by the test double only
phase_done "venv"

check "compare_exports.py unit tests" \
  python -m unittest discover -s "$here" -p 'test_compare_exports.py' -q
phase_done "compare_exports unit tests"

# ---- 2. Slurm up, ALWAYS down --------------------------------------------------------------------
slurm_dir=""
teardown() {
  local rc=$?
  if [ -n "$slurm_dir" ] && [ -d "$slurm_dir" ]; then
    cp -r "$slurm_dir/log" "$out/slurm-local-logs" 2>/dev/null || true
    "$cluster/slurm-local/down.sh" "$slurm_dir" || rc=1
  fi
  exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM

up_out=$("$cluster/slurm-local/up.sh")
up_rc=$?
if [ $up_rc -eq 77 ]; then
  echo "SKIPPED: this machine cannot host a local Slurm (see the message above)"
  exit 77
fi
slurm_dir=$(echo "$up_out" | sed -n 's/^SLURM_LOCAL_DIR=//p')
if [ $up_rc -ne 0 ] || [ -z "$slurm_dir" ]; then
  echo "slurm-local/up.sh failed (exit $up_rc)" >&2
  failed=$((failed + 1))
  finish
  exit 1
fi
# shellcheck disable=SC1091
source "$slurm_dir/env.sh"
phase_done "slurm up"

# ---- store copies and configs -----------------------------------------------------------------
mkdir -p "$out/stores" "$out/exports"
copies=(slurm local sbatch)
[ "$failure_drill" = yes ] && copies+=(drill-sbatch drill-smk)
for copy in "${copies[@]}"; do cp -a "$store" "$out/stores/$copy"; done
phase_done "copy store x${#copies[@]}"

write_config() { # copy-name -> path of a config file for a run on stores/<copy>
  local file=$out/config-$1.yaml
  CLINICAL="${clinical[*]:-}" python - "$file" "$bin" "$out/stores/$1" "$generation" "$shards" "$out/run-$1/results" "${studies[@]}" <<'PY'
import json, os, sys
file, binary, store, generation, shards, results, *studies = sys.argv[1:]
clinical = dict(item.split("=", 1) for item in os.environ.get("CLINICAL", "").split() if "=" in item)
small = {"cpus": 1, "mem_mb": 2000, "runtime": 30}  # 2 CPUs here: let two shards run at once
config = {
    "immunopipe": binary, "store": store,
    "generation": int(generation) if generation.isdigit() else generation,
    "shards": int(shards), "allow_rejects": False, "studies": studies, "export": True,
    "out": results, "resources": {rule: small for rule in ("reprocess", "commit", "report", "export")},
    "clinical": {stem: os.path.abspath(d) for stem, d in clinical.items()},
}
with open(file, "w") as fh:
    json.dump(config, fh, indent=2)  # JSON is YAML
PY
  echo "$file"
}
manifests_complete() { # store-dir
  local i
  for ((i = 1; i <= shards; i++)); do
    [ -s "$1/generations/$generation/shards/$i-of-$shards.json" ] || { echo "missing shard manifest $i-of-$shards in $1" >&2; return 1; }
  done
}
outputs_complete() { # results-dir
  local s
  [ -f "$1/generation-$generation.committed" ] || { echo "no commit marker in $1" >&2; return 1; }
  [ -s "$1/export/generation-$generation.h5" ] || { echo "no export in $1" >&2; return 1; }
  for s in "${studies[@]}"; do
    [ -d "$1/reports/$(basename "$s" .yaml)" ] || { echo "no report for $s in $1" >&2; return 1; }
  done
}
slurm_jobs_of() { # workdir -> "JobState Comment" of every Slurm job that ran in it
  scontrol show jobs -o 2>/dev/null | grep -F "WorkDir=$1 " |
    sed -E 's/.*JobState=([A-Z_]+).*Comment=([^ ]*).*/\1 \2/'
}
slurm_ran_every_rule() { # workdir
  local jobs expected=$((shards + 2 + ${#studies[@]})) completed
  jobs=$(slurm_jobs_of "$1")
  echo "$jobs" | sed 's/^/    slurm: /'
  completed=$(echo "$jobs" | awk '$1 == "COMPLETED" {print $2}' | sort -u | grep -c .)
  if [ "$completed" -ne "$expected" ]; then
    echo "expected $expected distinct rule jobs COMPLETED on Slurm (N reprocess + commit + export + reports), got $completed" >&2
    return 1
  fi
}
no_slurm_jobs_in() { [ -z "$(slurm_jobs_of "$1")" ] || { echo "Slurm ran jobs of $1" >&2; return 1; }; }

snakefile=$cluster/Snakefile
profile=$cluster/profiles/slurm

# ---- 3. Snakemake on Slurm ----------------------------------------------------------------------
log "Snakemake --executor slurm: generation $generation, $shards shards, ${#studies[@]} studies"
mkdir -p "$out/run-slurm"
cfg=$(write_config slurm)
( cd "$out/run-slurm" &&
  snakemake -s "$snakefile" --profile "$profile" --executor slurm --configfile "$cfg" \
    --slurm-keep-successful-logs >snakemake.log 2>&1 )
rc=$?
[ $rc -eq 0 ] || tail -n 40 "$out/run-slurm/snakemake.log"
check "snakemake on Slurm exits 0" test $rc -eq 0
check "slurm: all $shards shard manifests written" manifests_complete "$out/stores/slurm"
check "slurm: commit marker, export, reports" outputs_complete "$out/run-slurm/results"
check "slurm: every rule ran as a Slurm job and COMPLETED" slurm_ran_every_rule "$out/run-slurm"
phase_done "snakemake on slurm"

# ---- 4. Snakemake locally -----------------------------------------------------------------------
log "Snakemake locally (--cores 2)"
mkdir -p "$out/run-local"
cfg=$(write_config local)
( cd "$out/run-local" &&
  snakemake -s "$snakefile" --profile none --cores 2 --configfile "$cfg" >snakemake.log 2>&1 )
rc=$?
[ $rc -eq 0 ] || tail -n 40 "$out/run-local/snakemake.log"
check "snakemake local exits 0" test $rc -eq 0
check "local: all $shards shard manifests written" manifests_complete "$out/stores/local"
check "local: commit marker, export, reports" outputs_complete "$out/run-local/results"
check "local: no Slurm job involved" no_slurm_jobs_in "$out/run-local"
( cd "$out/run-local" &&
  snakemake -s "$snakefile" --profile none --cores 2 --configfile "$cfg" --dry-run >rerun.log 2>&1 )
check "local: a second run has nothing to do" grep -q "Nothing to be done" "$out/run-local/rerun.log"
phase_done "snakemake local"

# ---- 5. plain sbatch array + dependent commit -----------------------------------------------------
log "sbatch/reprocess-array.sh submit --wait"
mkdir -p "$out/run-sbatch"
( cd "$out/run-sbatch" &&
  "$cluster/sbatch/reprocess-array.sh" submit --store "$out/stores/sbatch" --generation "$generation" \
    --shards "$shards" --immunopipe "$bin" --log-dir "$out/run-sbatch/logs" --wait \
    -- --partition=debug --cpus-per-task=1 --mem=2000M >submit.log 2>&1 )
rc=$?
cat "$out/run-sbatch/submit.log"
check "sbatch: array + afterok commit COMPLETED" test $rc -eq 0
check "sbatch: all $shards shard manifests written" manifests_complete "$out/stores/sbatch"
phase_done "sbatch array + commit"

# ---- 6. failure drill (test double only) -------------------------------------------------------------
current_generation() { cat "$1/CURRENT" 2>/dev/null || echo "(none)"; }  # the test double's pointer
if [ "$failure_drill" = yes ]; then
  log "failure drill: shard 2 fails until $out/drill-fixed exists"
  export FAKE_IMMUNOPIPE_FAIL_SHARDS=2 FAKE_IMMUNOPIPE_FAIL_UNLESS=$out/drill-fixed
  drill=$out/stores/drill-sbatch
  before=$(current_generation "$drill")
  mkdir -p "$out/run-drill-sbatch"
  ( cd "$out/run-drill-sbatch" &&
    "$cluster/sbatch/reprocess-array.sh" submit --store "$drill" --generation "$generation" \
      --shards "$shards" --immunopipe "$bin" --log-dir logs --wait \
      -- --partition=debug --cpus-per-task=1 --mem=2000M >submit-1.log 2>&1 )
  rc=$?
  cat "$out/run-drill-sbatch/submit-1.log"
  check "drill sbatch: a failed shard makes submit --wait fail" test $rc -ne 0
  check "drill sbatch: commit job was cancelled" grep -q "commit job [0-9]*: CANCELLED" "$out/run-drill-sbatch/submit-1.log"
  check "drill sbatch: current generation unchanged" test "$(current_generation "$drill")" = "$before"
  touch "$out/drill-fixed"
  ( cd "$out/run-drill-sbatch" &&
    "$cluster/sbatch/reprocess-array.sh" submit --store "$drill" --generation "$generation" \
      --shards "$shards" --immunopipe "$bin" --log-dir logs --array 2 --wait \
      -- --partition=debug --cpus-per-task=1 --mem=2000M >submit-2.log 2>&1 )
  rc=$?
  cat "$out/run-drill-sbatch/submit-2.log"
  check "drill sbatch: re-running only shard 2 then commit succeeds" test $rc -eq 0
  check "drill sbatch: generation $generation is current" test "$(current_generation "$drill")" = "$generation"

  rm -f "$out/drill-fixed"
  drill=$out/stores/drill-smk
  mkdir -p "$out/run-drill-smk"
  cfg=$(write_config drill-smk)
  ( cd "$out/run-drill-smk" &&
    snakemake -s "$snakefile" --profile none --cores 2 --keep-going --configfile "$cfg" >snakemake-1.log 2>&1 )
  rc=$?
  check "drill snakemake: a failed shard fails the run" test $rc -ne 0
  check "drill snakemake: the other shards finished (keep-going)" \
    test "$(find "$drill/generations/$generation/shards" -name '*-of-*.json' | wc -l)" -eq $((shards - 1))
  check "drill snakemake: commit did not run" test ! -e "$out/run-drill-smk/results/generation-$generation.committed"
  touch "$out/drill-fixed"
  ( cd "$out/run-drill-smk" &&
    snakemake -s "$snakefile" --profile none --cores 2 --configfile "$cfg" >snakemake-2.log 2>&1 )
  rc=$?
  check "drill snakemake: re-run succeeds" test $rc -eq 0
  check "drill snakemake: re-run redid only shard 2 of the shards" \
    test "$(grep -c '^rule reprocess:\|^localrule reprocess:' "$out/run-drill-smk/snakemake-2.log")" -eq 1
  check "drill snakemake: generation $generation is current" test "$(current_generation "$drill")" = "$generation"
  unset FAKE_IMMUNOPIPE_FAIL_SHARDS FAKE_IMMUNOPIPE_FAIL_UNLESS
  phase_done "failure drill"
fi

# ---- 7. export and compare ----------------------------------------------------------------------------
if [ "$skip_compare" = no ]; then
  for copy in slurm local sbatch; do
    check "export of stores/$copy generation $generation" \
      "$bin" export "$out/stores/$copy" --out "$out/exports/$copy.h5" --generation "$generation"
  done
  for other in local sbatch; do
    check "export slurm == export $other (compare_exports.py)" \
      python "$here/compare_exports.py" "${compare_args[@]}" "$out/exports/slurm.h5" "$out/exports/$other.h5"
  done
  phase_done "export x3 + compare x2"
else
  log "compare skipped (--skip-compare)"
fi

# teardown runs from the EXIT trap; time it here explicitly so it shows in the table.
cp -r "$slurm_dir/log" "$out/slurm-local-logs" 2>/dev/null || true
check "slurm-local/down.sh stops every daemon it started" "$cluster/slurm-local/down.sh" "$slurm_dir"
slurm_dir=""
phase_done "slurm down"
finish
[ $failed -eq 0 ]
