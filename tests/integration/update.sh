#!/bin/sh
# SPDX-License-Identifier: MIT
# update: runc's flags and -r (file or stdin) change a running container's
# cgroup files; bad values fail with a clear message and change nothing;
# the same flags given to Debian's runc on the same bundle give the same
# files (parity).
#
#   B=build sh tests/integration/update.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=upd
. "$top/tests/helper/container.sh"

C=/sys/fs/cgroup
# files PID: the values update touches, from the host's v1 hierarchies,
# each in the cgroup /proc/PID/cgroup names for its controller.
files() {
	for f in memory/memory.limit_in_bytes memory/memory.memsw.limit_in_bytes \
		memory/memory.soft_limit_in_bytes pids/pids.max cpu/cpu.cfs_quota_us \
		cpu/cpu.cfs_period_us cpu/cpu.shares cpuset/cpuset.cpus; do
		ctl=${f%%/*}
		p=$(awk -F: -v c="$ctl" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' "/proc/$1/cgroup")
		printf '%s=%s ' "${f#*/}" "$(cat "$C/$ctl$p/${f#*/}" 2>/dev/null)"
	done
}
WANT="memory.limit_in_bytes=67108864 memory.memsw.limit_in_bytes=134217728 memory.soft_limit_in_bytes=33554432 pids.max=50 cpu.cfs_quota_us=50000 cpu.cfs_period_us=100000 cpu.shares=512 cpuset.cpus=0 "
if [ ! -d "$C/memory" ] || [ ! -d "$C/pids" ]; then
	t_skip "update tests" "no cgroup v1 memory and pids hierarchies here (the VM test covers v2)"
	t_done
	exit 0
fi

b=$tmp/u
new_bundle "$b"
cfg "$b" 'c["process"]["args"] = ["sleep", "300"]'
id=$(new_id u)
rt run -d -b "$b" "$id" >/dev/null 2>&1
t_ok $? "run -d a sleeping container"
pid=$(rt state "$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')

FLAGS="--memory 64m --memory-swap 128m --memory-reservation 32m --pids-limit 50 --cpu-quota 50000 --cpu-period 100000 --cpu-share 512 --cpuset-cpus 0"
# shellcheck disable=SC2086
rt update $FLAGS "$id"
t_ok $? "update with runc's flags exits 0"
got=$(files "$pid")
t_is "$got" "$WANT" "... and the cgroup files hold the new values"

echo '{"memory": {"limit": 33554432, "swap": 67108864}, "pids": {"limit": 7}, "cpu": {"quota": -1}}' > "$tmp/r.json"
rt update -r "$tmp/r.json" "$id"
t_ok $? "update -r FILE exits 0"
t_is "$(cat $C/memory/runlet/$id/memory.limit_in_bytes):$(cat $C/memory/runlet/$id/memory.memsw.limit_in_bytes):$(cat $C/pids/runlet/$id/pids.max):$(cat $C/cpu/runlet/$id/cpu.cfs_quota_us)" \
	"33554432:67108864:7:-1" "... lowering memory and swap together works (the write order is right) and quota -1 is no limit"
echo '{"pids": {"limit": 9}}' > "$tmp/p9.json"
timeout -k 5 20 "$RUNTIME" --root "$root" update -r - "$id" < "$tmp/p9.json"
t_is "$?:$(cat $C/pids/runlet/$id/pids.max)" "0:9" "update -r - reads stdin"

before=$(files "$pid")
echo '{"memory": {"limit": "x"}}' > "$tmp/bad.json"
rt update -r "$tmp/bad.json" "$id" 2>"$tmp/e1"
t_is "$?" "1" "a wrong type in -r fails (exit 1)"
grep -q 'linux.resources.memory.limit: expected integer' "$tmp/e1"
t_ok $? "... naming the JSON path"
rt update --memory lots "$id" 2>"$tmp/e2"
t_is "$?" "2" "a bad --memory value is a usage error (exit 2)"
rt update --cpu-quota 500 "$id" 2>"$tmp/e3"
t_is "$?" "1" "a quota the kernel refuses fails (exit 1)"
grep -q 'cpu.cfs_quota_us' "$tmp/e3"
t_ok $? "... naming the cgroup file ($(head -c 150 "$tmp/e3"))"
t_is "$(files "$pid")" "$before" "failed updates leave the earlier values"
rt update --l3-cache-schema 'L3:0=ff' "$id" 2>/dev/null
t_is "$?" "1" "Intel RDT schemas are refused (not supported)"

# The effect: the pids limit holds inside.
rt update --pids-limit 3 "$id"
rt exec "$id" sh -c 'for i in 1 2 3 4 5; do sleep 5 & done; wait' 2>"$tmp/fork.err"
grep -qi "fork\|resource" "$tmp/fork.err"
t_ok $? "after update --pids-limit 3 the container cannot start 5 more processes"
rt update --pids-limit -1 "$id"
t_is "$(cat $C/pids/runlet/$id/pids.max)" "max" "--pids-limit -1 lifts the limit"

rt delete -f "$id"
rt update --memory 1m "$id" 2>/dev/null
t_is "$?" "1" "update of a deleted container fails (exit 1)"

RUNC=$(command -v runc || true)
if [ -n "$RUNC" ]; then
	rid=rlt$$-upd-runc
	(cd "$b" && timeout -k 5 20 "$RUNC" --root "$tmp/runc-state" run -d "$rid" </dev/null >/dev/null 2>&1)
	# shellcheck disable=SC2086
	timeout -k 5 20 "$RUNC" --root "$tmp/runc-state" update $FLAGS "$rid" </dev/null
	rc=$?
	rpid=$(timeout 20 "$RUNC" --root "$tmp/runc-state" state "$rid" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
	rgot=$(files "$rpid")
	timeout -k 5 20 "$RUNC" --root "$tmp/runc-state" delete -f "$rid" </dev/null >/dev/null 2>&1
	t_is "$rc:$rgot" "0:$WANT" "runc update with the same flags gives the same cgroup values"
else
	t_skip "runc update with the same flags gives the same cgroup values" "runc is not installed"
fi
t_done
