#!/bin/sh
# SPDX-License-Identifier: MIT
# Container lifecycle with runc's semantics: create, start, state, kill,
# delete, run (foreground and -d), --pid-file, list, error cases and their
# exit statuses, then a create/start/delete -f loop checked for leftovers
# (mounts, state directories, cgroups, processes).
#
#   B=build sh tests/integration/lifecycle.sh
#   RUNTIME=/usr/bin/runc LOOP_N=20 B=build sh tests/integration/lifecycle.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=life
. "$top/tests/helper/container.sh"
LOOP_N=${LOOP_N:-200}

# A bundle whose process waits for a signal and names it; one that sleeps.
new_bundle "$tmp/sw" signal-wait
new_bundle "$tmp/sl" sleep 600

# alive PID: the process exists and is not a zombie.
alive() {
	[ -r "/proc/$1/stat" ] && ! awk '{ sub(/.*\) /, ""); exit $1 == "Z" ? 0 : 1 }' "/proc/$1/stat"
}
# field ID NAME: one field of the state JSON.
field() {
	rt state "$1" 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])" 2>/dev/null
}

# ---- create / start / state / kill / delete ----------------------------------
id=$(new_id)
rt create -b "$tmp/sw" "$id" > "$tmp/$id.out" 2> "$tmp/$id.err"
t_ok $? "create exits 0"
t_is "$(status_of "$id")" "created" "state after create: created"
pid=$(field "$id" pid)
[ "${pid:-0}" -gt 0 ] 2>/dev/null && alive "$pid"
t_ok $? "state after create: pid > 0 and alive ($pid)"
rt state "$id" > "$tmp/state.json"
python3 - "$tmp/state.json" "$id" "$tmp/sw" <<'EOF'
import json, os, sys
s = json.load(open(sys.argv[1]))
assert s["id"] == sys.argv[2], s
assert s["bundle"] == os.path.realpath(sys.argv[3]), s
assert isinstance(s["ociVersion"], str) and s["ociVersion"].startswith("1."), s
assert isinstance(s["pid"], int), s
assert s.get("annotations", {}) in ({}, None) or isinstance(s["annotations"], dict), s
EOF
t_ok $? "state JSON: id, absolute bundle, ociVersion, integer pid"
sleep 0.2
t_is "$(cat "$tmp/$id.out")" "" "the user process has not run before start"
rt start "$id" 2>> "$tmp/$id.err"
t_ok $? "start exits 0"
t_is "$(status_of "$id")" "running" "state after start: running"
wait_file "$tmp/$id.out" '^ready$'
t_ok $? "the user process runs after start"
t_is "$(field "$id" pid)" "$pid" "the pid does not change across start"
rt start "$id" 2>/dev/null
t_is "$?" "1" "start on a running container fails (exit 1)"
rt delete "$id" 2>/dev/null
t_is "$?" "1" "delete of a running container without -f fails (exit 1)"
t_is "$(status_of "$id")" "running" "... and leaves it running"
rt kill "$id"
t_ok $? "kill with the default signal exits 0"
wait_status "$id" stopped
t_ok $? "state after kill: stopped"
t_is "$(sed -n 2p "$tmp/$id.out")" "SIGTERM" "the default signal is SIGTERM"
rt kill "$id" KILL 2>/dev/null
t_is "$?" "1" "kill on a stopped container fails (exit 1)"
rt start "$id" 2>/dev/null
t_is "$?" "1" "start on a stopped container fails (exit 1)"
t_is "$(status_of "$id")" "stopped" "... and it stays stopped"
rt delete "$id"
t_ok $? "delete of a stopped container exits 0"
rt state "$id" >/dev/null 2>&1
t_is "$?" "1" "state after delete fails (exit 1)"
[ ! -e "$root/$id" ]
t_ok $? "delete removes the state directory"
alive "$pid"
t_ok $((!$?)) "the container process is gone"
rt delete "$id" 2>/dev/null
t_is "$?" "1" "delete of an unknown container fails (exit 1)"
rt kill "$id" 2>/dev/null
t_is "$?" "1" "kill of an unknown container fails (exit 1)"
rt start "$id" 2>/dev/null
t_is "$?" "1" "start of an unknown container fails (exit 1)"

# ---- signals by name and number --------------------------------------------------
for sig in KILL SIGKILL 9; do
	id=$(new_id kill)
	rt create -b "$tmp/sl" "$id" >/dev/null 2>&1 && rt start "$id" &&
		wait_status "$id" running && rt kill "$id" "$sig" && wait_status "$id" stopped
	t_ok $? "kill $sig stops a running container"
	rt delete "$id"
done
for pair in USR1:SIGUSR1 SIGHUP:SIGHUP 12:SIGUSR2 40:SIG40; do
	sig=${pair%%:*}
	id=$(new_id sig)
	rt create -b "$tmp/sw" "$id" > "$tmp/$id.out" 2>&1 && rt start "$id" &&
		wait_file "$tmp/$id.out" '^ready$' && rt kill "$id" "$sig" && wait_status "$id" stopped
	t_is "$?:$(sed -n 2p "$tmp/$id.out")" "0:${pair#*:}" "kill $sig delivers ${pair#*:}"
	rt delete -f "$id"
done
id=$(new_id sig)
rt create -b "$tmp/sw" "$id" > "$tmp/$id.out" 2>&1 && rt start "$id" && wait_file "$tmp/$id.out" '^ready$'
rt kill "$id" BOGUS 2>/dev/null
rc=$?
[ "$rc" -ne 0 ]
t_ok $? "kill with an unknown signal name fails (exit $rc; runc: 1)"
t_is "$(status_of "$id")" "running" "... and does not touch the container"
rt delete -f "$id"
t_ok $? "delete -f of a running container exits 0"
rt state "$id" >/dev/null 2>&1
t_is "$?" "1" "... and the container is gone"

id=$(new_id)
rt create -b "$tmp/sl" "$id" >/dev/null 2>&1
pid=$(field "$id" pid)
rt kill "$id" KILL && wait_status "$id" stopped
t_ok $? "kill KILL on a created container stops it"
rt delete "$id"
t_ok $? "... and delete then works"

id=$(new_id)
rt create -b "$tmp/sl" "$id" >/dev/null 2>&1
pid=$(field "$id" pid)
rt delete "$id" 2>/dev/null
t_ok $? "delete without -f of a created container works (runc semantics, what containerd relies on)"
sleep 0.1
alive "$pid"
t_ok $((!$?)) "... and kills its init"

id=$(new_id)
rt create -b "$tmp/sl" "$id" >/dev/null 2>&1
pid=$(field "$id" pid)
rt delete -f "$id"
t_ok $? "delete -f of a created container exits 0"
sleep 0.1
alive "$pid"
t_ok $((!$?)) "... and kills its init"

# ---- duplicate ids -------------------------------------------------------------
id=$(new_id dup)
rt create -b "$tmp/sl" "$id" >/dev/null 2>&1
pid=$(field "$id" pid)
rt create -b "$tmp/sw" "$id" >/dev/null 2>&1
t_is "$?" "1" "create with an id in use fails (exit 1)"
t_is "$(status_of "$id"):$(field "$id" pid):$(field "$id" bundle)" "created:$pid:$(realpath "$tmp/sl")" \
	"... and leaves the first container untouched"
rt run -d -b "$tmp/sw" "$id" >/dev/null 2>&1
t_is "$?" "1" "run with an id in use fails (exit 1)"
alive "$pid"
t_ok $? "... and the first container's init is alive"
rt delete -f "$id"

# ---- a container whose process exits on its own ----------------------------------
new_bundle "$tmp/ex0" exit 0
id=$(new_id)
rt create -b "$tmp/ex0" "$id" >/dev/null 2>&1 && rt start "$id"
wait_status "$id" stopped
t_ok $? "state of a container whose process exited on its own: stopped"
rt kill "$id" 2>/dev/null
t_is "$?" "1" "kill on it fails (exit 1)"
rt delete "$id"
t_ok $? "delete (no -f) of the exited container works"

# ---- run in the foreground: exit statuses --------------------------------------------
for n in 0 3 255; do
	new_bundle "$tmp/ex$n" exit "$n" 2>/dev/null
	id=$(new_id run)
	rt run -b "$tmp/ex$n" "$id" >/dev/null 2>&1
	t_is "$?" "$n" "run relays the exit status $n"
	rt state "$id" >/dev/null 2>&1
	t_is "$?" "1" "run deletes the container after it exits"
done
new_bundle "$tmp/out" report hello
id=$(new_id run)
rt run -b "$tmp/out" "$id" > "$tmp/run.json" 2>"$tmp/run.err"
t_is "$?:$(pj "$tmp/run.json" 'j["args"]')" '0:["/bin/probe", "report", "hello"]' \
	"run connects the process's stdout to the caller's"

id=$(new_id run)
rt run -b "$tmp/sl" "$id" >/dev/null 2>&1 &
rp=$!
wait_status "$id" running
rt kill "$id" KILL
wait "$rp"
t_is "$?" "137" "run of a container killed by SIGKILL exits 128+9"
id=$(new_id run)
rt run -b "$tmp/sl" "$id" >/dev/null 2>&1 &
rp=$!
wait_status "$id" running
rt kill "$id" TERM
wait "$rp"
t_is "$?" "143" "run of a container ended by SIGTERM (pid 1 with a handler: exit 143)"

# Without a pid namespace the process is not an init, so it can kill itself.
for s in 9 15; do
	new_bundle "$tmp/self$s" kill-self "$s"
	cfg "$tmp/self$s" 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"]'
	id=$(new_id run)
	rt run -b "$tmp/self$s" "$id" >/dev/null 2>&1
	t_is "$?" "$((128 + s))" "run of a process that kills itself with signal $s exits $((128 + s))"
done

# ---- run -d, --pid-file -------------------------------------------------------------
id=$(new_id rund)
start=$(date +%s)
rt run -d -b "$tmp/sl" --pid-file "$tmp/run-d.pid" "$id" >/dev/null 2>&1
t_ok $? "run -d exits 0"
t_ok $(( $(date +%s) - start > 10 )) "run -d returns without waiting for the process"
t_is "$(status_of "$id")" "running" "run -d: the container is running"
pid=$(field "$id" pid)
printf '%s' "$pid" | cmp -s - "$tmp/run-d.pid"
t_ok $? "run -d --pid-file: the pid, in decimal, no newline ($(od -c "$tmp/run-d.pid" | head -n 1 | cut -c9-))"
rt kill "$id" KILL && wait_status "$id" stopped
t_ok $? "run -d container can be killed"
rt delete "$id"

id=$(new_id pidf)
(cd "$tmp" && rt create -b "$tmp/sl" --pid-file rel.pid "$id" >/dev/null 2>&1)
t_ok $? "create --pid-file with a relative path"
printf '%s' "$(field "$id" pid)" | cmp -s - "$tmp/rel.pid"
t_ok $? "... is written relative to the caller's directory and holds the init's pid"
rt delete -f "$id"

# ---- a failing create leaves nothing behind ------------------------------------------
new_bundle "$tmp/badmnt" sleep 600
cfg "$tmp/badmnt" 'c["mounts"].append({"destination": "/mnt", "type": "no-such-fs", "source": "none"})'
id=$(new_id bad)
rt create -b "$tmp/badmnt" "$id" >/dev/null 2>"$tmp/bad.err"
t_is "$?" "1" "create with an unmountable filesystem fails (exit 1)"
t_ok $(( $(wc -c < "$tmp/bad.err") == 0 )) "... with a message on stderr"
[ ! -e "$root/$id" ]
t_ok $? "... and leaves no state directory"
rt state "$id" >/dev/null 2>&1
t_is "$?" "1" "... and state does not know it"
n=$(find /sys/fs/cgroup -maxdepth 5 -name "$id" 2>/dev/null | wc -l)
t_is "$n" "0" "... and leaves no cgroup named after it"
rm -rf "$tmp/nobundle"
id=$(new_id bad)
rt create -b "$tmp/nobundle" "$id" >/dev/null 2>&1
t_is "$?" "1" "create with a missing bundle fails (exit 1)"
[ ! -e "$root/$id" ]
t_ok $? "... and leaves no state directory"

# ---- list ------------------------------------------------------------------------------
id1=$(new_id list)
id2=$(new_id list)
rt create -b "$tmp/sl" "$id1" >/dev/null 2>&1
rt run -d -b "$tmp/sl" "$id2" >/dev/null 2>&1
out=$(rt list -q)
echo "$out" | grep -qx "$id1" && echo "$out" | grep -qx "$id2"
t_ok $? "list -q shows both containers"
out=$(rt list)
echo "$out" | awk -v a="$id1" -v b="$id2" '$1 == a && $3 == "created" { x = 1 } $1 == b && $3 == "running" { y = 1 } END { exit !(x && y) }'
t_ok $? "list shows each container with its status"
rt list -f json | python3 -c '
import json, sys
l = {c["id"]: c for c in json.load(sys.stdin)}
a, b = sys.argv[1:3]
assert l[a]["status"] == "created" and l[b]["status"] == "running", l
assert l[a]["pid"] > 0 and l[b]["pid"] > 0
' "$id1" "$id2"
t_ok $? "list -f json shows both with status and pid"
rt delete -f "$id1"
rt delete -f "$id2"
out=$(rt list -q)
echo "$out" | grep -qx -e "$id1" -e "$id2"
t_ok $((!$?)) "list no longer shows them after delete -f"

# ---- the loop ---------------------------------------------------------------------
# the shell's own fds 0-9 (dash keeps its script and here-documents on
# fds from 10 up, which come and go)
fds_before=$(ls /proc/$$/fd | awk '$1 < 10' | sort -n | tr '\n' ' ')
fail=0
i=0
while [ "$i" -lt "$LOOP_N" ]; do
	i=$((i + 1))
	id=$T_ID_PREFIX-loop-$i
	echo "$id" >> "$tmp/ids"
	if ! rt create -b "$tmp/sl" "$id" >/dev/null 2>"$tmp/loop.err" ||
		! rt start "$id" 2>>"$tmp/loop.err" ||
		! rt delete -f "$id" 2>>"$tmp/loop.err"; then
		fail=$((fail + 1))
		[ "$fail" -eq 1 ] && sed 's/^/# loop: /' "$tmp/loop.err"
	fi
done
t_is "$fail" "0" "$LOOP_N x create/start/delete -f without an error"
n=$(grep -c " $tmp/" /proc/self/mountinfo)
t_is "$n" "0" "no mounts left under the test directory"
left=$(ls "$root" 2>/dev/null | grep -c "^$T_ID_PREFIX-loop-")
t_is "$left" "0" "no state directories left"
n=$(find /sys/fs/cgroup -maxdepth 6 -name "$T_ID_PREFIX-loop-*" 2>/dev/null | wc -l)
t_is "$n" "0" "no cgroup directories named after the containers"
n=0
for p in /proc/[0-9]*; do
	r=$(readlink "$p/root" 2>/dev/null) || continue
	case $r in "$tmp"/*) n=$((n + 1)) ;; esac
done
t_is "$n" "0" "no process left with its root in a test bundle"
fds_after=$(ls /proc/$$/fd | awk '$1 < 10' | sort -n | tr '\n' ' ')
t_is "$fds_after" "$fds_before" "the test shell's fds did not grow"

t_done
