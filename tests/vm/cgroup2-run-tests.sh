# SPDX-License-Identifier: MIT
# run-tests of the payload that tests/integration/vm-cgroup2.sh boots (busybox
# sh inside a cgroup v2-only VM, cwd /payload). TAP on stdout.
#
# The payload: runlet, lib.sh (tests/lib.sh: t_ok, t_is, ...), rootfs/ (a
# busybox rootfs with /bin/probe), configs/NAME.json (runlet spec output
# edited on the host; root.path is /payload/rootfs, read-only):
#   true    /bin/true
#   sleep   probe sleep 600
#   custom  probe sleep 600, linux.cgroupsPath "/custom/x"
#   cgns    probe read /proc/self/cgroup, with a cgroup namespace
#   nocgns  probe read /proc/self/cgroup, without one
#   res     probe sleep 600, pids.limit 20, memory.limit 33554432
set -u
P=/payload
. "$P/lib.sh"
CG=/sys/fs/cgroup
ROOT=/run/runlet-test
RT_TIMEOUT=${RT_TIMEOUT:-30}

# rt ARGS...: runlet with our --root, bounded, stdin /dev/null.
rt() {
	timeout -k 5 "$RT_TIMEOUT" "$P/runlet" --root "$ROOT" "$@" </dev/null
}
# bundle NAME: a bundle directory holding configs/NAME.json as config.json.
bundle() {
	mkdir -p "/tmp/b/$1"
	cp "$P/configs/$1.json" "/tmp/b/$1/config.json"
	echo "/tmp/b/$1"
}
status_of() {
	s=$(rt state "$1" 2>/dev/null | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p')
	echo "${s:-absent}"
}
wait_status() {
	n=200
	while [ "$n" -gt 0 ]; do
		[ "$(status_of "$1")" = "$2" ] && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
# has_all LIST_FILE ENABLED_FILE: every word of the first is in the second.
has_all() {
	[ -r "$1" ] && [ -r "$2" ] || { echo "# missing: $1 or $2"; return 1; }
	for w in $(cat "$1"); do
		grep -qw -- "$w" "$2" || { echo "# missing in $2: $w"; return 1; }
	done
	return 0
}
# alive PID: the process exists and is not a zombie (pid 1 here is a
# shell, which reaps orphans only now and then).
alive() {
	[ -r "/proc/$1/stat" ] && ! awk '{ sub(/.*\) /, ""); exit $1 == "Z" ? 0 : 1 }' "/proc/$1/stat"
}
# cgroup_of PID: the v2 line of /proc/PID/cgroup.
cgroup_of() {
	grep '^0::' "/proc/$1/cgroup" 2>/dev/null
}
out=/tmp/out
mkdir -p "$out"

echo "# guest uptime at the start of run-tests: $(cut -d' ' -f1 /proc/uptime) s"
echo "# kernel $(uname -r); cmdline: $(cat /proc/cmdline)"
echo "# / is: $(awk '$2 == "/" { printf "%s %s; ", $1, $3 }' /proc/self/mounts)VM_NO_SWITCH_ROOT=${VM_NO_SWITCH_ROOT:-0}; runlet $("$P/runlet" --version 2>&1 | head -n 1)"

# ---- the VM is cgroup v2 only ------------------------------------------------
# (busybox's stat -f knows no name for it: CGROUP2_SUPER_MAGIC 0x63677270)
[ -f "$CG/cgroup.controllers" ] && [ "$(stat -f -c %t "$CG")" = 63677270 ]
t_ok $? "cgroup2 is mounted at $CG (cgroup.controllers: $(cat "$CG/cgroup.controllers" 2>/dev/null))"
n=$(awk '$3 == "cgroup"' /proc/self/mounts | wc -l)
t_is "$n" "0" "no cgroup v1 hierarchy is mounted"
mkdir -p /tmp/v1
mount -t cgroup -o pids cgroup /tmp/v1 2>/dev/null
rc=$?
[ "$rc" -eq 0 ] && umount /tmp/v1
t_ok $((rc == 0)) "a v1 hierarchy cannot be mounted either (cgroup_no_v1=all)"
t_is "$(cgroup_of $$)" "0::/" "the test shell sits in the root cgroup"

# ---- run -----------------------------------------------------------------------
b=$(bundle true)
rt run -b "$b" vm-true >"$out/true.out" 2>"$out/true.err"
rc=$?
t_is "$rc" "0" "runlet run of /bin/true exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   stderr: /' "$out/true.err"
[ ! -e "$CG/runlet/vm-true" ]
t_ok $? "... and leaves no cgroup $CG/runlet/vm-true"

# ---- create: the init's cgroup ------------------------------------------------------
b=$(bundle sleep)
id=vm-c1
rt create -b "$b" --pid-file "$out/$id.pid" "$id" >"$out/$id.out" 2>"$out/$id.err"
rc=$?
t_is "$rc" "0" "runlet create exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   stderr: /' "$out/$id.err"
pid=$(cat "$out/$id.pid" 2>/dev/null)
echo "# init pid: ${pid:-none}"
t_is "$(cgroup_of "${pid:-0}")" "0::/runlet/$id" "the init is in /runlet/$id (/proc/PID/cgroup)"
[ -d "$CG/runlet/$id" ] && grep -qx "${pid:-none}" "$CG/runlet/$id/cgroup.procs"
t_ok $? "$CG/runlet/$id exists and its cgroup.procs holds the init"
has_all "$CG/cgroup.controllers" "$CG/cgroup.subtree_control"
t_ok $? "the root cgroup's subtree_control has every controller it has ($(cat "$CG/cgroup.subtree_control"))"
has_all "$CG/runlet/cgroup.controllers" "$CG/runlet/cgroup.subtree_control"
t_ok $? "/runlet's subtree_control has every controller it has ($(cat "$CG/runlet/cgroup.subtree_control" 2>/dev/null))"
for c in memory pids; do
	[ -f "$CG/runlet/$id/$c.max" ]
	t_ok $? "the container's cgroup has $c.max (the $c controller reached it)"
done
rt start "$id" && wait_status "$id" running
t_ok $? "start: running"
t_is "$(cgroup_of "${pid:-0}")" "0::/runlet/$id" "... still in /runlet/$id"
rt kill "$id" KILL && wait_status "$id" stopped
t_ok $? "kill KILL: stopped"
rt delete "$id" 2>"$out/$id.err"
t_ok $? "delete exits 0"
[ ! -e "$CG/runlet/$id" ]
t_ok $? "delete removes $CG/runlet/$id"

# delete -f of a running container: cgroup.kill, then the directory goes.
id=vm-c2
rt run -d -b "$b" --pid-file "$out/$id.pid" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" running
t_ok $? "run -d: running"
pid=$(cat "$out/$id.pid" 2>/dev/null)
rt delete -f "$id" 2>"$out/$id.err"
t_ok $? "delete -f of the running container exits 0"
sleep 0.1
[ -n "$pid" ] && ! alive "$pid"
t_ok $? "... its init ($pid) is gone"
[ ! -e "$CG/runlet/$id" ]
t_ok $? "... and so is $CG/runlet/$id"

# ---- linux.cgroupsPath ---------------------------------------------------------------
b=$(bundle custom)
id=vm-custom
[ -e "$CG/custom" ] && echo "# $CG/custom exists before the test"
rt create -b "$b" --pid-file "$out/$id.pid" "$id" >"$out/$id.out" 2>"$out/$id.err"
rc=$?
t_is "$rc" "0" "create with linux.cgroupsPath \"/custom/x\" exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   stderr: /' "$out/$id.err"
pid=$(cat "$out/$id.pid" 2>/dev/null)
t_is "$(cgroup_of "${pid:-0}")" "0::/custom/x" "the init is in /custom/x"
[ ! -e "$CG/runlet/$id" ]
t_ok $? "... and not in /runlet/$id"
has_all "$CG/custom/cgroup.controllers" "$CG/custom/cgroup.subtree_control"
t_ok $? "/custom's subtree_control has every controller it has ($(cat "$CG/custom/cgroup.subtree_control" 2>/dev/null))"
rt delete -f "$id" 2>"$out/$id.err"
t_ok $? "delete -f exits 0"
[ ! -e "$CG/custom/x" ]
t_ok $? "delete removes $CG/custom/x"
[ ! -e "$CG/custom" ]
t_ok $? "... and the /custom ancestor that create made"

# ---- the container's own view -------------------------------------------------------
b=$(bundle cgns)
rt run -b "$b" vm-cgns >"$out/cgns.out" 2>"$out/cgns.err"
rc=$?
t_is "$rc:$(grep '^0::' "$out/cgns.out")" "0:0::/" "with a cgroup namespace, /proc/self/cgroup inside reads 0::/"
[ "$rc" -eq 0 ] || sed 's/^/#   stderr: /' "$out/cgns.err"
b=$(bundle nocgns)
rt run -b "$b" vm-nocgns >"$out/nocgns.out" 2>"$out/nocgns.err"
t_is "$?:$(grep '^0::' "$out/nocgns.out")" "0:0::/runlet/vm-nocgns" \
	"without one, it reads the host path 0::/runlet/vm-nocgns"

# ---- resources (pids, memory) ----------------------------------------------------------
b=$(bundle res)
id=vm-res
rt create -b "$b" --pid-file "$out/$id.pid" "$id" >"$out/$id.out" 2>"$out/$id.err"
rc=$?
t_is "$rc" "0" "create with pids.limit 20 and memory.limit 32 MiB exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   stderr: /' "$out/$id.err"
t_is "$(cat "$CG/runlet/$id/pids.max" 2>/dev/null)" "20" "linux.resources.pids.limit 20 -> pids.max"
t_is "$(cat "$CG/runlet/$id/memory.max" 2>/dev/null)" "33554432" "linux.resources.memory.limit 33554432 -> memory.max"
rt delete -f "$id" 2>"$out/$id.err"
[ ! -e "$CG/runlet/$id" ]
t_ok $? "delete -f removes $CG/runlet/$id"

# ---- nothing left ----------------------------------------------------------------------
t_is "$(rt list -q 2>/dev/null)" "" "runlet list is empty at the end"
left=$(find "$CG/runlet" "$CG/custom" -mindepth 1 -type d 2>/dev/null | tr '\n' ' ')
t_is "$left" "" "no container cgroup left under /runlet or /custom"
echo "# guest uptime at the end of run-tests: $(cut -d' ' -f1 /proc/uptime) s"
t_done
