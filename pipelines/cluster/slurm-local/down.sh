#!/usr/bin/env bash
# Tear down what up.sh brought up, and nothing else.
#
#   down.sh STATE_DIR [--keep]    # --keep leaves STATE_DIR (config, logs) in place
#
# 1. cancels the jobs still known to this cluster (by job id, through scancel) so no job
#    processes outlive it;
# 2. stops each daemon up.sh started, BY PID from STATE_DIR/started (slurmd, slurmctld, then
#    munged), with SIGTERM, and waits for it to exit (SIGKILL after 20 s, reported);
# 3. removes the /etc/slurm/slurm.conf symlink if it still points into STATE_DIR, the /etc/hosts
#    line and /run/munge if up.sh added them, and STATE_DIR if up.sh created it.
# Safe to run twice. Exit 0 when every daemon it started has exited.
set -uo pipefail
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:${PATH}"
say() { echo "slurm-local down: $*" >&2; }

if [ $# -lt 1 ]; then
  echo "usage: $0 STATE_DIR [--keep]" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n -E bash "$0" "$@"
  fi
  say "needs root or passwordless sudo"
  exit 77
fi
dir=$1
keep=no
[ "${2:-}" = --keep ] && keep=yes
if [ ! -f "$dir/slurm-local.state" ]; then
  say "$dir is not a slurm-local state dir (no slurm-local.state); nothing to do"
  exit 0
fi
dir=$(cd "$dir" && pwd)
state_value() { sed -n "s/^$1=//p" "$dir/slurm-local.state" | tail -n 1; }

# --- 1. cancel remaining jobs while slurmctld is still up ----------------------------------------
ctld_pid=$(awk '$1=="slurmctld"{print $2}' "$dir/started" 2>/dev/null)
if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then
  export SLURM_CONF="$dir/slurm.conf"
  jobs=$(squeue -h -o %A 2>/dev/null | sort -u)
  if [ -n "$jobs" ]; then
    say "cancelling jobs still queued or running: $(tr '\n' ' ' <<<"$jobs")"
    # shellcheck disable=SC2086  # one job id per word
    scancel $jobs 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      [ -z "$(squeue -h -t PD,R,CG,S -o %A 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
fi

# --- 2. stop daemons by pid, newest first -----------------------------------------------------------
rc=0
stop_daemon() { # name pid
  local name=$1 pid=$2 comm i
  if ! kill -0 "$pid" 2>/dev/null; then
    say "$name (pid $pid) already gone"
    return 0
  fi
  # Guard against pid reuse: only signal the process if it is still the daemon we started.
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  if [ "$comm" != "$name" ]; then
    say "pid $pid is now '$comm', not $name; leaving it alone"
    return 0
  fi
  kill -TERM "$pid"
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || { say "$name (pid $pid) stopped"; return 0; }
    sleep 0.1
  done
  say "$name (pid $pid) ignored SIGTERM for 20 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null
  sleep 0.5
  if kill -0 "$pid" 2>/dev/null; then
    say "$name (pid $pid) is still alive"
    rc=1
  fi
}
if [ -f "$dir/started" ]; then
  # up.sh appends in start order (munged, slurmctld, slurmd): stop in reverse.
  while read -r name pid; do
    [ -n "$name" ] && stop_daemon "$name" "$pid"
  done < <(tac "$dir/started")
  [ $rc -eq 0 ] && : >"$dir/started"
fi

# --- 3. undo the system changes up.sh recorded ------------------------------------------------------
if [ -L /etc/slurm/slurm.conf ] && [ "$(readlink /etc/slurm/slurm.conf)" = "$dir/slurm.conf" ]; then
  rm -f /etc/slurm/slurm.conf
fi
if [ "$(state_value added_hosts_line)" = yes ]; then
  host=$(state_value host)
  # Rewrite in place (not sed -i): /etc/hosts is often a bind mount that cannot be renamed over.
  kept=$(grep -vxF "127.0.1.1 $host # added by immunopipe slurm-local" /etc/hosts)
  printf '%s\n' "$kept" >/etc/hosts
fi
if [ "$(state_value created_run_munge)" = yes ]; then
  rmdir /run/munge 2>/dev/null || true   # munged removes its socket and pid file on exit
fi
if [ $rc -eq 0 ] && [ "$keep" = no ] && [ "$(state_value created_dir)" = yes ]; then
  rm -rf "$dir"
  say "removed $dir"
fi
exit $rc
