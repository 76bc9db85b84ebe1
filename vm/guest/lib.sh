# Shared by boot and shutdown (POSIX sh, busybox). Console lines starting "berth-guest: " are the contract's markers.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
STEP=early

say() { echo "berth-guest: $*"; }
# The guest's uptime (seconds since the kernel started), for where the boot goes.
uptime_s() { read -r _up _ < /proc/uptime; echo "$_up"; }
step() { STEP=$1; say "step $1 ($(uptime_s) s)"; }

# A required step failed: name it, then power off (busybox init runs the shutdown script, which unmounts the disk).
fail() {
  say "failed $STEP: $*"
  : > /run/berth/failed 2>/dev/null
  ( sleep 3; kill -USR2 1 ) &
  exit 1
}

# Not fatal (the home share): logged, boot continues.
warn() { say "warning $STEP: $*"; }

# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds; fails after SECONDS. Boot-time only.
wait_until() {
  _limit=$(( $1 * 10 )); shift
  _n=0
  until "$@"; do
    _n=$((_n + 1))
    [ "$_n" -ge "$_limit" ] && return 1
    sleep 0.1
  done
  return 0
}

# The /dev node of the virtio-blk disk with this serial (never by device order).
disk_by_serial() {
  for _d in /sys/block/vd*; do
    [ -e "$_d/serial" ] || continue
    if [ "$(cat "$_d/serial")" = "$1" ]; then echo "/dev/${_d##*/}"; return 0; fi
  done
  return 1
}

# stop_pidfile PIDFILE NAME SECONDS: SIGTERM, wait, then SIGKILL.
stop_pidfile() {
  [ -s "$1" ] || return 0
  _pid=$(cat "$1")
  kill -0 "$_pid" 2>/dev/null || return 0
  kill -TERM "$_pid"
  if ! wait_until "$3" eval '! kill -0 "$_pid" 2>/dev/null'; then
    say "$2 did not stop in $3 s; killing it"
    kill -KILL "$_pid" 2>/dev/null
    sleep 0.2
  fi
}
