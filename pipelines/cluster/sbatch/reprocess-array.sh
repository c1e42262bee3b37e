#!/usr/bin/env bash
#SBATCH --job-name=immunopipe-reprocess
#SBATCH --cpus-per-task=2
#SBATCH --mem=4000M
#SBATCH --time=02:00:00
# ^ defaults for one reprocess shard (see pipelines/cluster/config.yaml `resources:`); options on
#   the sbatch command line override them.
#
# Batch reprocessing of an immunopipe store with plain Slurm, for sites without Snakemake:
# a job array runs `immunopipe reprocess STORE --shard I/N --generation G` for I = 1..N, and a
# commit job that depends on the whole array (afterok) runs `immunopipe commit` once every shard
# succeeded. If any shard fails, the commit job is cancelled (--kill-on-invalid-dep=yes) and the
# current generation stays what it was.
#
# 1) Submit both with one command (prints the two job ids):
#      reprocess-array.sh submit --store /data/store --generation 7 --shards 32 \
#          [--immunopipe /opt/immunopipe/bin/immunopipe] [--allow-rejects] [--max-parallel 8] \
#          [--array 3,17] [--log-dir DIR] [--wait] [-- EXTRA SBATCH OPTIONS...]
#    e.g. `-- --partition=long --account=lab42` (given to both jobs).
#    --array re-runs only some shards (after a failure; see docs/cluster.md); --wait blocks until
#    the commit job ends and exits 0 only if it COMPLETED.
#
# 2) Or by hand, the same thing:
#      A=$(sbatch --parsable --array=1-32 reprocess-array.sh task /data/store 7 32 /path/to/immunopipe)
#      sbatch --dependency=afterok:$A --kill-on-invalid-dep=yes --cpus-per-task=1 --mem=1000M \
#          --time=00:15:00 reprocess-array.sh commit /data/store 7 /path/to/immunopipe [--allow-rejects]
#
# The store and the binary must be on a file system that every compute node sees, at the same
# path. Slurm runs a spooled copy of this script, so it never relies on its own location.
set -euo pipefail

say() { echo "reprocess-array: $*" >&2; }
die() { say "$*"; exit 2; }

absolute_binary() { # name-or-path -> absolute path of an executable
  local path
  if [[ $1 == */* ]]; then path=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); else path=$(command -v "$1" || true); fi
  [ -n "$path" ] && [ -f "$path" ] && [ -x "$path" ] || die "immunopipe binary '$1' is not an executable file"
  echo "$path"
}

job_state() { # job id -> Slurm state of the job (array: first non-COMPLETED state, else COMPLETED)
  scontrol show job -o "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 |
    awk '$1 != "COMPLETED" {bad = $1} END {if (NR == 0) print "UNKNOWN"; else print (bad ? bad : "COMPLETED")}'
}

submit() {
  local store="" generation="" shards="" bin=${IMMUNOPIPE:-immunopipe} allow="" max_parallel=""
  local array="" log_dir="" wait=no
  while [ $# -gt 0 ]; do
    case $1 in
      --store) store=${2:?}; shift 2 ;;
      --generation) generation=${2:?}; shift 2 ;;
      --shards) shards=${2:?}; shift 2 ;;
      --immunopipe) bin=${2:?}; shift 2 ;;
      --allow-rejects) allow=--allow-rejects; shift ;;
      --max-parallel) max_parallel=${2:?}; shift 2 ;;
      --array) array=${2:?}; shift 2 ;;
      --log-dir) log_dir=${2:?}; shift 2 ;;
      --wait) wait=yes; shift ;;
      --) shift; break ;;
      *) die "submit: unknown option '$1'" ;;
    esac
  done
  local extra=("$@")
  [ -d "$store" ] || die "submit: --store '$store' is not a directory"
  [[ $generation =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "submit: --generation '$generation' is not a generation name"
  [[ $shards =~ ^[1-9][0-9]*$ ]] || die "submit: --shards must be a positive integer"
  store=$(cd "$store" && pwd)
  bin=$(absolute_binary "$bin")
  log_dir=${log_dir:-$PWD/reprocess-logs}
  mkdir -p "$log_dir"
  log_dir=$(cd "$log_dir" && pwd)
  array=${array:-1-$shards}${max_parallel:+%$max_parallel}
  local script
  script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

  local array_id commit_id
  array_id=$(sbatch --parsable --array="$array" --job-name="immunopipe-reprocess-$generation" \
    --output="$log_dir/reprocess-$generation-%A_%a.log" "${extra[@]}" \
    "$script" task "$store" "$generation" "$shards" "$bin")
  array_id=${array_id%%;*}   # --parsable prints "id[;cluster]"
  commit_id=$(sbatch --parsable --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
    --job-name="immunopipe-commit-$generation" --cpus-per-task=1 --mem=1000M --time=00:15:00 \
    --output="$log_dir/commit-$generation-%j.log" "${extra[@]}" \
    "$script" commit "$store" "$generation" "$bin" ${allow:+"$allow"})
  commit_id=${commit_id%%;*}
  say "shards: array job $array_id (--array=$array), commit: job $commit_id (afterok:$array_id); logs in $log_dir"
  echo "array_job=$array_id"
  echo "commit_job=$commit_id"
  [ "$wait" = yes ] || return 0

  # Poll instead of `sbatch --wait`, whose back-off grows to tens of seconds.
  while squeue -h -j "$commit_id" -o %T 2>/dev/null | grep -q .; do sleep 1; done
  local array_state commit_state
  array_state=$(job_state "$array_id")
  commit_state=$(job_state "$commit_id")
  say "array job $array_id: $array_state; commit job $commit_id: $commit_state"
  [ "$commit_state" = COMPLETED ]
}

task() { # STORE GENERATION N BIN   (one array element = one shard)
  [ $# -eq 4 ] || die "task: expected STORE GENERATION N IMMUNOPIPE, got $#"
  local store=$1 generation=$2 shards=$3 bin=$4
  local shard=${SLURM_ARRAY_TASK_ID:?task must run as a Slurm array element (sbatch --array=1-N)}
  ((shard >= 1 && shard <= shards)) || die "array index $shard is outside 1..$shards"
  say "job ${SLURM_ARRAY_JOB_ID:-?}_$shard on $(hostname): shard $shard/$shards of generation $generation, started $(date -u +%FT%TZ)"
  "$bin" reprocess "$store" --shard "$shard/$shards" --generation "$generation"
  say "shard $shard/$shards done $(date -u +%FT%TZ)"
}

commit() { # STORE GENERATION BIN [--allow-rejects]
  [ $# -ge 3 ] || die "commit: expected STORE GENERATION IMMUNOPIPE [--allow-rejects]"
  local store=$1 generation=$2 bin=$3
  shift 3
  say "job ${SLURM_JOB_ID:-?} on $(hostname): commit generation $generation, started $(date -u +%FT%TZ)"
  "$bin" commit "$store" --generation "$generation" "$@"
  say "generation $generation committed $(date -u +%FT%TZ)"
}

mode=${1:-}
[ $# -gt 0 ] && shift
case $mode in
  submit) submit "$@" ;;
  task) task "$@" ;;
  commit) commit "$@" ;;
  *) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' >&2; exit 2 ;;
esac
