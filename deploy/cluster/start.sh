#!/usr/bin/env bash
# A Runnel cluster on one machine, to try it out: N nodes of each role on one PostgreSQL and
# one Redis, one shared data folder, HAProxy in front (deploy/cluster/haproxy.cfg with this
# machine's ports). Ctrl-C stops everything it started. See deploy/cluster/README.md.
#
#   deploy/cluster/start.sh --db postgres://postgres@127.0.0.1:5432/runnel_cluster \
#       [--bus redis://127.0.0.1:6379] [--data ./runnel-cluster-data] [--music DIR]... \
#       [--api 2] [--stream 2] [--worker 1] [--port 8080] [--stats-port 8404] [--base-port 4600]
#
# Also read from the environment: RUNNEL_DB, RUNNEL_BUS, RUNNEL_DATA, RUNNEL_MUSIC (":"-separated).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
db=${RUNNEL_DB:-}
bus=${RUNNEL_BUS:-redis://127.0.0.1:6379}
data=${RUNNEL_DATA:-$PWD/runnel-cluster-data}
music=()
if [[ -n ${RUNNEL_MUSIC:-} ]]; then IFS=: read -r -a music <<<"$RUNNEL_MUSIC"; fi
declare -A count=([api]=2 [stream]=2 [worker]=1)
port=8080
stats_port=8404
base_port=4600

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --db) db=$2 ;;
    --bus) bus=$2 ;;
    --data) data=$2 ;;
    --music) music+=("$2") ;;
    --api | --stream | --worker) count[${1#--}]=$2 ;;
    --port) port=$2 ;;
    --stats-port) stats_port=$2 ;;
    --base-port) base_port=$2 ;;
    -h | --help) usage ;;
    *) echo "start.sh: unknown argument $1" >&2; usage 2 ;;
  esac
  shift 2
done
[[ $db == postgres://* || $db == postgresql://* ]] || { echo "start.sh: --db postgres://… is needed (every node uses the same database)" >&2; exit 2; }
[[ $bus == redis://* || $bus == rediss://* ]] || { echo "start.sh: --bus redis://… is needed (the nodes' event bus)" >&2; exit 2; }
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || { echo "start.sh: haproxy not found (apt-get install haproxy)" >&2; exit 2; }
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
node=$repo/node_modules/.bin/node
[[ -x $node ]] || node=$(command -v node)
runnel=("$node" "$repo/packages/server/bin/runnel.mjs")
mkdir -p "$data"
data=$(cd "$data" && pwd)
music_flags=()
for m in "${music[@]}"; do music_flags+=(--music "$m"); done

# HAProxy binds with SO_REUSEPORT: a second one on a busy port would start and share it silently.
for p in "$port" "$stats_port" $(seq $((base_port + 1)) $((base_port + count[api] + count[stream] + count[worker]))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "start.sh: port $p is in use (another cluster still running?); see --port, --stats-port, --base-port" >&2
    exit 2
  fi
done

run=$(mktemp -d "${TMPDIR:-/tmp}/runnel-cluster.XXXXXX")
pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping ${#pids[@]} processes…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  echo "Stopped. Logs are in $run"
}
trap stop INT TERM EXIT

# --role arrives with the cluster's roles; a Runnel without it serves everything on every node.
roles=yes
"${runnel[@]}" --help | grep -q -- '--role' || roles=no
[[ $roles == yes ]] || echo "note: this Runnel has no --role yet: every node serves everything (HAProxy still splits the traffic)"

"${runnel[@]}" migrate --db "$db" --data "$data" >"$run/migrate.log" 2>&1 || { cat "$run/migrate.log" >&2; exit 1; }

# name role port, for every node
nodes=()
offset=0
for role in worker api stream; do
  for i in $(seq 1 "${count[$role]}"); do
    offset=$((offset + 1))
    nodes+=("$role$i $role $((base_port + offset))")
  done
done

start_node() { # name role port
  local flags=(serve --host 127.0.0.1 --port "$3" --db "$db" --bus "$bus" --data "$data" --trust-proxy 127.0.0.1 "${music_flags[@]}")
  [[ $roles == yes ]] && flags+=(--role "$2")
  "${runnel[@]}" "${flags[@]}" >"$run/$1.log" 2>&1 &
  pids+=($!)
}
wait_healthy() { # name port
  for _ in $(seq 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$2/health" && return 0
    sleep 0.2
  done
  echo "start.sh: $1 is not healthy after 60 s; its log:" >&2
  tail -20 "$run/$1.log" >&2
  exit 1
}

# The first node alone until its first scan is done (with no --music: it also makes the demo
# library in the shared data folder), so the others find the library ready and do not race it.
read -r first_name first_role first_port <<<"${nodes[0]}"
start_node "$first_name" "$first_role" "$first_port"
wait_healthy "$first_name" "$first_port"
echo "$first_name ($first_role) on :$first_port; waiting for its first scan…"
for _ in $(seq 600); do
  grep -qE 'Library ready|first scan failed' "$run/$first_name.log" && break
  sleep 0.2
done
grep -E 'Library ready|first scan failed' "$run/$first_name.log" || echo "(no scan report within 120 s; starting the others anyway)"

for entry in "${nodes[@]:1}"; do
  read -r name role p <<<"$entry"
  start_node "$name" "$role" "$p"
done
for entry in "${nodes[@]:1}"; do
  read -r name role p <<<"$entry"
  wait_healthy "$name" "$p"
  echo "$name ($role) on :$p"
done

# haproxy.cfg with this machine's ports: bind, stats, maxconn within the open-file limit, and
# the server lines of each backend replaced by these nodes.
servers() { # role
  for entry in "${nodes[@]}"; do
    read -r name role p <<<"$entry"
    [[ $role == "$1" ]] && echo "    server $name 127.0.0.1:$p check"
  done
  return 0
}
# maxconn: at most what this shell's open-file limit allows (two descriptors per connection).
maxconn=$(($(ulimit -n) / 2 - 200))
[[ $maxconn -gt 50000 ]] && maxconn=50000
awk -v bind="127.0.0.1:$port" -v stats="127.0.0.1:$stats_port" -v maxconn="$maxconn" \
  -v api="$(servers api)" -v stream="$(servers stream)" -v worker="$(servers worker)" '
  /^[[:space:]]*server / { next }
  /^[[:space:]]*stats socket / { next }
  /^[[:space:]]*maxconn [0-9]+$/ && !global_done { print "    maxconn " maxconn; global_done = 1; next }
  /^[[:space:]]*bind 127\.0\.0\.1:8404$/ { print "    bind " stats; next }
  /^[[:space:]]*bind / && !bound { print "    bind " bind; bound = 1; next }
  { print }
  /# api servers$/ && api != "" { print api }
  /# stream servers$/ && stream != "" { print stream }
  /# worker servers$/ && worker != "" { print worker }
' "$here/haproxy.cfg" >"$run/haproxy.cfg"
"$haproxy" -c -q -f "$run/haproxy.cfg"
"$haproxy" -db -f "$run/haproxy.cfg" >"$run/haproxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/health" && break
  kill -0 "${pids[-1]}" 2>/dev/null || { echo "start.sh: haproxy exited:" >&2; cat "$run/haproxy.log" >&2; exit 1; }
  sleep 0.2
done

cat <<EOF

Runnel cluster: open http://127.0.0.1:$port/
  HAProxy stats:  http://127.0.0.1:$stats_port/
  nodes:          ${count[api]} api, ${count[stream]} stream, ${count[worker]} worker (ports $((base_port + 1))–$((base_port + offset)))
  database:       ${db/\/\/*@/\/\/***@}
  bus:            $bus
  data folder:    $data
  logs:           $run (haproxy.log has a line per request, with the node that answered)
Ctrl-C stops them all.
EOF
# Not `wait`: a non-interactive bash may not run the INT trap while in it. One node or HAProxy
# exiting stops the rest too.
names=("${nodes[@]%% *}" haproxy)
while true; do
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "${names[$i]} exited; see $run/${names[$i]}.log" >&2; exit 1; }
  done
  sleep 1
done
