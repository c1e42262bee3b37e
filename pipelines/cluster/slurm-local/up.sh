#!/usr/bin/env bash
# Bring up a REAL single-node Slurm (munged + slurmctld + slurmd) bound to loopback only, for
# integration tests of pipelines/cluster on a Debian 12 machine without systemd.
#
#   up.sh [STATE_DIR]      # STATE_DIR defaults to a new mktemp dir under /tmp
#
# On success the last line on stdout is `SLURM_LOCAL_DIR=<dir>`; pass that dir to down.sh.
# Everything (config, state, spool, logs, pid files) lives in STATE_DIR; /etc/slurm/slurm.conf
# becomes a symlink to STATE_DIR/slurm.conf because `srun` inside jobs started by Snakemake's
# Slurm jobstep does not see SLURM_CONF.
#
# Exit codes: 0 up; 77 this machine cannot host it (not root and no passwordless sudo, no apt to
# install the packages, a real Slurm config already present, hostname not on loopback): callers
# treat 77 as "skip"; 75 another slurm-local instance is already up; 1 a daemon failed to start
# (logs are printed; whatever was started is stopped again).
#
# Follows /work/shared/design/slurm-notes.md (measured on these machines): munged must run as
# user munge with /run/munge created by us; no cgroups (proctrack/linuxproc, task/none); no
# accounting; CommunicationParameters=NoCtldInAddrAny,NoInAddrAny keeps both daemons off 0.0.0.0;
# they bind to whatever `hostname` resolves to, which must therefore be 127.x.
set -euo pipefail

readonly EXIT_CANNOT_HOST=77
readonly EXIT_BUSY=75
readonly PACKAGES=(slurmctld slurmd slurm-client munge)
readonly MARK="# added by immunopipe slurm-local"
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:${PATH}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { echo "slurm-local up: $*" >&2; }
cannot_host() { say "CANNOT HOST: $*"; exit "$EXIT_CANNOT_HOST"; }

# --- 1. privileges: root, or re-run through passwordless sudo --------------------------------
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n -E bash "$0" "$@"
  fi
  cannot_host "needs root or passwordless sudo (daemons, /etc/slurm, /run/munge)"
fi
[ "$(uname -s)" = Linux ] || cannot_host "needs Linux (got $(uname -s))"

# --- 2. packages --------------------------------------------------------------------------------
missing_binaries() {
  local b
  for b in slurmctld slurmd sbatch squeue sinfo scontrol scancel munged munge unmunge runuser; do
    command -v "$b" >/dev/null 2>&1 || echo "$b"
  done
}
if [ -n "$(missing_binaries)" ]; then
  command -v apt-get >/dev/null 2>&1 ||
    cannot_host "missing $(missing_binaries | tr '\n' ' ')and no apt-get to install ${PACKAGES[*]}"
  say "installing ${PACKAGES[*]} (apt-get, --no-install-recommends)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${PACKAGES[@]}" >&2; then
    say "install failed; refreshing package lists once and retrying"
    apt-get update >&2 || true
    apt-get install -y --no-install-recommends "${PACKAGES[@]}" >&2 ||
      cannot_host "apt-get could not install ${PACKAGES[*]}"
  fi
  [ -z "$(missing_binaries)" ] || cannot_host "still missing after install: $(missing_binaries | tr '\n' ' ')"
fi
id munge >/dev/null 2>&1 || cannot_host "user 'munge' does not exist (the munge package creates it)"

# --- 3. refuse to touch a real Slurm installation or a running instance ----------------------
conf_link=/etc/slurm/slurm.conf
previous_link=""
if [ -e "$conf_link" ] || [ -L "$conf_link" ]; then
  if [ ! -L "$conf_link" ]; then
    cannot_host "$conf_link is a real file: this machine has its own Slurm; not replacing it"
  fi
  previous_link=$(readlink "$conf_link")
  prev_dir=$(dirname "$previous_link")
  if [ -f "$prev_dir/slurm-local.state" ]; then
    for pidfile in "$prev_dir"/run/*.pid; do
      [ -f "$pidfile" ] || continue
      if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        say "another slurm-local is up in $prev_dir (pid file $pidfile); run down.sh $prev_dir first"
        exit "$EXIT_BUSY"
      fi
    done
  elif [ -e "$previous_link" ]; then
    cannot_host "$conf_link points to $previous_link, which is not ours; not replacing it"
  fi
  say "replacing stale symlink $conf_link -> $previous_link"
fi

# --- 4. hostname must resolve to loopback (both daemons bind to it) ---------------------------
host=$(hostname -s)
[ -n "$host" ] || cannot_host "empty hostname"
added_hosts_line=no
addr=$(getent ahostsv4 "$host" | awk 'NR==1{print $1}')
if [ -z "$addr" ]; then
  say "hostname '$host' does not resolve; adding 127.0.1.1 to /etc/hosts"
  echo "127.0.1.1 $host $MARK" >>/etc/hosts
  added_hosts_line=yes
  addr=127.0.1.1
fi
case "$addr" in
  127.*) ;;
  *) cannot_host "hostname '$host' resolves to $addr, not 127.x: the daemons would listen there" ;;
esac

ctld_port=${SLURM_LOCAL_CTLD_PORT:-6817}
slurmd_port=${SLURM_LOCAL_SLURMD_PORT:-6818}
for port in "$ctld_port" "$slurmd_port"; do
  if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
    say "port $port is already in use (set SLURM_LOCAL_CTLD_PORT / SLURM_LOCAL_SLURMD_PORT)"
    exit "$EXIT_BUSY"
  fi
done

# --- 5. state dir and config ------------------------------------------------------------------
if [ $# -ge 1 ]; then
  dir=$1
  mkdir -p "$dir"
  created_dir=no
else
  dir=$(mktemp -d /tmp/slurm-local.XXXXXX)
  created_dir=yes
fi
dir=$(cd "$dir" && pwd)
chmod 755 "$dir"
mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/run"

cpus=$(nproc)
# Leave 10 % of memory unclaimed: slurmd drains a node whose RealMemory exceeds what it finds.
mem_mb=$(awk '/^MemTotal:/{printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)

cat >"$dir/slurm.conf" <<EOF
# Written by pipelines/cluster/slurm-local/up.sh for a throw-away loopback test cluster.
ClusterName=slurmlocal
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
# Loopback only: the second flag alone would leave slurmctld on 0.0.0.0.
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# No systemd, no cgroups, no accounting database.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
# Start short test jobs at once (the default waits ~3 s per scheduling cycle); keep finished jobs
# visible to squeue/scontrol for 5 minutes so tests can read their final state.
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,sched_interval=1
MinJobAge=300
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

# What down.sh needs to undo exactly what we did (and nothing else).
{
  echo "created_dir=$created_dir"
  echo "added_hosts_line=$added_hosts_line"
  echo "previous_link=$previous_link"
  echo "host=$host"
} >"$dir/slurm-local.state"
: >"$dir/started"   # "name pid" per daemon this script started

fail() {
  say "FAILED: $*"
  for f in "$dir"/log/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  "$here/down.sh" "$dir" >&2 || true
  exit 1
}

mkdir -p /etc/slurm
ln -sfn "$dir/slurm.conf" "$conf_link"
echo "linked_conf=yes" >>"$dir/slurm-local.state"

wait_for_pidfile() { # file seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# --- 6. munged (as user munge; reuse one that already answers) --------------------------------
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged already running and answering; reusing it (down.sh will leave it alone)"
else
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key"
    mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 600 /etc/munge/munge.key
  fi
  if [ ! -d /run/munge ]; then
    install -d -o munge -g munge -m 755 /run/munge
    echo "created_run_munge=yes" >>"$dir/slurm-local.state"
  fi
  # --force: a munged killed earlier leaves its socket behind; nothing answers on it (checked above).
  runuser -u munge -- munged --force --pid-file=/run/munge/munged.pid ||
    fail "munged did not start (see /var/log/munge/munged.log)"
  wait_for_pidfile /run/munge/munged.pid 10 || fail "munged wrote no pid file"
  echo "munged $(cat /run/munge/munged.pid)" >>"$dir/started"
  munge -n | unmunge >/dev/null || fail "munge -n | unmunge does not work"
fi

# --- 7. slurmctld (clean state) and slurmd ----------------------------------------------------
slurmctld -i || fail "slurmctld did not start"
wait_for_pidfile "$dir/run/slurmctld.pid" 10 || fail "slurmctld wrote no pid file"
echo "slurmctld $(cat "$dir/run/slurmctld.pid")" >>"$dir/started"

slurmd || fail "slurmd did not start"
wait_for_pidfile "$dir/run/slurmd.pid" 10 || fail "slurmd wrote no pid file"
echo "slurmd $(cat "$dir/run/slurmd.pid")" >>"$dir/started"

state=""
for ((i = 0; i < 300; i++)); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.1
done
if [ "$state" != idle ]; then
  scontrol show node "$host" >&2 || true
  fail "node $host is '${state:-unknown}', not idle, after 30 s"
fi

# Prove the loopback-only binding rather than trusting the config.
if ss -Hltn 2>/dev/null | awk '{print $4}' | grep -E ":($ctld_port|$slurmd_port)\$" | grep -vqE '^127\.'; then
  ss -Hltn >&2
  fail "a daemon listens on a non-loopback address"
fi

{
  echo "export SLURM_LOCAL_DIR=$dir"
  echo "export SLURM_CONF=$dir/slurm.conf"
  echo "export SLURM_LOCAL_PARTITION=debug"
} >"$dir/env.sh"
say "up: node $host ($cpus CPUs, $mem_mb MB) idle, partition debug, state in $dir"
echo "SLURM_LOCAL_DIR=$dir"
