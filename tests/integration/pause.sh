#!/bin/sh
# SPDX-License-Identifier: MIT
# pause / resume / ps on a running container: the cgroup freezer (v1
# freezer.state here, cgroup.freeze on v2), the paused state in `state`,
# the operations a paused container refuses, and delete -f of a paused one.
#
#   B=build sh tests/integration/pause.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=pause
. "$top/tests/helper/container.sh"

field() {
	rt state "$1" 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])" 2>/dev/null
}
# frozen_state ID: the kernel's word for the container's cgroup.
frozen_state() {
	if [ -f "/sys/fs/cgroup/freezer/runlet/$1/freezer.state" ]; then
		cat "/sys/fs/cgroup/freezer/runlet/$1/freezer.state"
	elif [ -f "/sys/fs/cgroup/runlet/$1/cgroup.events" ]; then
		sed -n 's/^frozen 1$/FROZEN/p; s/^frozen 0$/THAWED/p' "/sys/fs/cgroup/runlet/$1/cgroup.events"
	else
		echo none
	fi
}

b=$tmp/p
new_bundle "$b"
cfg "$b" 'c["root"]["readonly"] = False; c["process"]["args"] = ["sh", "-c", "i=0; while :; do i=$((i+1)); echo $i > /count; sleep 0.05; done"]'
id=$(new_id p)
rt run -d -b "$b" "$id" >/dev/null 2>"$tmp/p.err"
t_ok $? "run -d of a container that counts"
pid=$(field "$id" pid)

rt pause "$id"
t_ok $? "pause exits 0"
t_is "$(status_of "$id")" "paused" "state after pause: paused"
t_is "$(frozen_state "$id")" "FROZEN" "the kernel reports the container's cgroup frozen"
c1=$(cat "$b/rootfs/count" 2>/dev/null)
sleep 0.5
c2=$(cat "$b/rootfs/count" 2>/dev/null)
[ -n "$c1" ] && [ "$c2" = "$c1" ]
t_ok $? "a paused container does not run (its counter stays at ${c1:-nothing})"
grep -q '^State:.*(stopped)\|^State:.*D\|^State:.*S' "/proc/$pid/status"
t_ok $? "the init still exists while paused"

rt pause "$id" 2>/dev/null
t_is "$?" "1" "pause of a paused container fails (exit 1)"
rt start "$id" 2>/dev/null
t_is "$?" "1" "start of a paused container fails (exit 1)"
rt exec "$id" true 2>"$tmp/exec.err"
t_is "$?" "1" "exec into a paused container fails without --ignore-paused (exit 1)"
grep -q "paused" "$tmp/exec.err"
t_ok $? "... and says why"
rt delete "$id" 2>/dev/null
t_is "$?:$(status_of "$id")" "1:paused" "delete without -f of a paused container fails and leaves it paused"

rt ps -f json "$id" > "$tmp/ps.json"
t_is "$?:$(pj "$tmp/ps.json" "int($pid in j)")" "0:1" "ps -f json lists the init's pid ($pid)"
rt ps "$id" > "$tmp/ps.txt"
rc=$?
head -n 1 "$tmp/ps.txt" | grep -q 'PID' && awk -v p="$pid" 'NR > 1 && $2 == p' "$tmp/ps.txt" | grep -q .
t_is "$rc:$?" "0:0" "ps (table) prints ps(1)'s header and the init's line"
n=$(awk 'NR > 1' "$tmp/ps.txt" | awk '{print $2}' | while read -r p; do
	grep -q "runlet/$id" "/proc/$p/cgroup" 2>/dev/null || echo "$p"; done | wc -l)
t_is "$n" "0" "every line ps shows is a process of the container"
rt ps -f yaml "$id" 2>/dev/null
t_is "$?" "2" "ps with an unknown format is a usage error (exit 2)"

rt resume "$id"
t_ok $? "resume exits 0"
t_is "$(status_of "$id")" "running" "state after resume: running"
t_is "$(frozen_state "$id")" "THAWED" "the kernel reports the cgroup thawed"
c1=$(cat "$b/rootfs/count")
sleep 0.5
c2=$(cat "$b/rootfs/count")
[ "$c2" -gt "$c1" ]
t_ok $? "the container runs again (counter $c1 -> $c2)"
rt resume "$id" 2>/dev/null
t_is "$?" "1" "resume of a running container fails (exit 1)"

rt pause "$id" && rt delete -f "$id"
t_ok $? "delete -f of a paused container exits 0"
# gone, or a zombie waiting for the host's init to reap it
gone=1
for i in 1 2 3 4 5 6 7 8 9 10; do
	st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
	if [ -z "$st" ] || [ "$st" = Z ]; then gone=0; break; fi
	sleep 0.2
done
t_ok $gone "... and its init is gone"
n=$(ls -d /sys/fs/cgroup/*/runlet/"$id" /sys/fs/cgroup/runlet/"$id" 2>/dev/null | wc -l)
t_is "$n" "0" "... and its cgroups are removed"

# kill --all: every process of the cgroup, not only the init (no pid
# namespace here, so the children outlive the init without it).
b=$tmp/ka
new_bundle "$b"
cfg "$b" 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"]; c["process"]["args"] = ["sh", "-c", "sleep 300 & sleep 300 & sleep 300 & wait"]'
id=$(new_id ka)
rt run -d -b "$b" "$id" >/dev/null 2>&1
sleep 0.3
rt ps -f json "$id" > "$tmp/ka.json"
t_is "$(pj "$tmp/ka.json" 'len(j)')" "4" "ps sees the init and its three children"
rt kill --all "$id" KILL
t_ok $? "kill --all KILL exits 0"
sleep 0.3
left=0
for p in $(pj "$tmp/ka.json" '" ".join(str(x) for x in j)'); do
	st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$p/status" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ] && left=$((left + 1))
done
t_is "$left" "0" "... and none of the four is left"
rt delete -f "$id"

rt pause "rlt-no-such-$$" 2>/dev/null
t_is "$?" "1" "pause of an unknown container fails (exit 1)"
id=$(new_id s)
new_bundle "$tmp/s" exit 0
rt run -d -b "$tmp/s" "$id" >/dev/null 2>&1 && wait_status "$id" stopped
rt pause "$id" 2>/dev/null
t_is "$?" "1" "pause of a stopped container fails (exit 1)"
rt ps "$id" 2>/dev/null
t_is "$?" "1" "ps of a stopped container fails (exit 1)"
rt delete "$id"

t_done
