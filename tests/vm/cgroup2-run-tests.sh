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
#   resv2   probe sleep 600; memory limit 64 MiB, reservation 32 MiB, swap
#           128 MiB; cpu shares 1024, quota 50000, period 100000, cpus "0";
#           pids.limit 50; unified {"memory.high": "50331648"}
#   huge    probe sleep 600, hugepageLimits 2MB: 4194304
#   io      probe sleep 600, blockIO.weight 500
#   rt      probe sleep 600, cpu.realtimeRuntime 10000 (refused on v2)
#   count   sh: writes a counter to /dev/shm/count every 50 ms
#   kids    sh with three background sleeps, no pid namespace
#   orphan  sh: one background sleep, then exits; no pid namespace
#   oom     memory limit = swap = 16 MiB, the init is a busybox sh memory hog
#   oomkid  the same limits; the hog is a child sh, then the init sleeps
# Each runlet call is bounded by timeout (RT_TIMEOUT s, default 30).
set -u
P=/payload
. "$P/lib.sh"
. "$P/vmlib.sh"
CG=/sys/fs/cgroup
ROOT=/run/runlet-test
RT_TIMEOUT=${RT_TIMEOUT:-30}
exec 9>&2

# rt ARGS...: runlet with our --root, bounded, stdin /dev/null; a call
# that takes more than a second is noted on stderr (a TAP comment).
rt() {
	rt_t0=$(cut -d' ' -f1 /proc/uptime)
	timeout -k 5 "$RT_TIMEOUT" "$P/runlet" --root "$ROOT" "$@" </dev/null
	rt_rc=$?
	awk -v t0="$rt_t0" -v a="$*" -v rc="$rt_rc" '{ if ($1 - t0 > 1) printf "slow: runlet %s took %.1f s (status %d)\n", a, $1 - t0, rc }' /proc/uptime >&9
	return "$rt_rc"
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
# section NAME: a comment with the guest's uptime, for the timings.
section() {
	echo "# ---- $1 (uptime $(cut -d' ' -f1 /proc/uptime) s)"
}
# cgv ID FILE: the first line of FILE in the container's cgroup /runlet/ID.
cgv() {
	head -n 1 "$CG/runlet/$1/$2" 2>/dev/null || echo "<no $2>"
}
# errs FILE: FILE's lines as TAP comments (what runlet said).
errs() {
	sed 's/^/#   stderr: /' "$1" 2>/dev/null
}
# wait_for N COMMAND...: polls COMMAND every 0.05 s, at most N times.
wait_for() {
	wf_n=$1
	shift
	while [ "$wf_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		wf_n=$((wf_n - 1))
	done
	return 1
}
# jflat: JSON values on stdin (one or more) as "[N].path=value" lines,
# strings quoted (there is no python in the guest). jget FILE PATH: the
# value at PATH (".data.pids.current") of FILE's first JSON value.
jflat() {
	tr '\n\t' '  ' | awk '
	function ws() { while (pos <= n && substr(s, pos, 1) == " ") pos++ }
	function jstr(   r, c) {
		pos++
		r = ""
		while (pos <= n) {
			c = substr(s, pos, 1)
			if (c == "\\") { r = r substr(s, pos, 2); pos += 2; continue }
			pos++
			if (c == "\"") return r
			r = r c
		}
		bad = 1
		return r
	}
	function jval(p,   c, k, i, m) {
		ws()
		c = substr(s, pos, 1)
		if (c == "{") {
			pos++; ws()
			if (substr(s, pos, 1) == "}") { pos++; print p "={}"; return }
			while (pos <= n && !bad) {
				ws()
				if (substr(s, pos, 1) != "\"") { bad = 1; return }
				k = jstr(); ws()
				if (substr(s, pos, 1) != ":") { bad = 1; return }
				pos++
				jval(p "." k); ws()
				c = substr(s, pos, 1); pos++
				if (c == "}") return
				if (c != ",") { bad = 1; return }
			}
			bad = 1
			return
		}
		if (c == "[") {
			pos++; ws()
			if (substr(s, pos, 1) == "]") { pos++; print p "=[]"; return }
			i = 0
			while (pos <= n && !bad) {
				jval(p "[" i "]"); i++; ws()
				c = substr(s, pos, 1); pos++
				if (c == "]") return
				if (c != ",") { bad = 1; return }
			}
			bad = 1
			return
		}
		if (c == "\"") { print p "=\"" jstr() "\""; return }
		m = pos
		while (pos <= n && index(",}] ", substr(s, pos, 1)) == 0) pos++
		if (pos == m) { bad = 1; return }
		print p "=" substr(s, m, pos - m)
	}
	{ s = s $0 " " }
	END {
		n = length(s); pos = 1; bad = 0; r = 0
		ws()
		while (pos <= n && !bad) { jval("[" r "]"); r++; ws() }
		if (bad) { print "jflat: bad JSON near offset " pos > "/dev/stderr"; exit 1 }
	}'
}
jget() {
	jflat <"$1" | awk -v k="[0]$2=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }'
}
# gt0 V: V is a number above 0 (integers of any size: no arithmetic).
gt0() {
	case $1 in '' | *[!0-9]* | 0) return 1 ;; esac
	case $1 in 0*) [ -n "$(echo "$1" | sed 's/^0*//')" ] ;; *) return 0 ;; esac
}
# pids_of ID: the pids of /runlet/ID's cgroup.procs, sorted, on one line.
pids_of() {
	sort -n "$CG/runlet/$1/cgroup.procs" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'
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

# ---- linux.resources -> the v2 files ---------------------------------------------------
section "resources on v2"
# runc's conversions: memory.swap.max = swap - limit, reservation ->
# memory.low, cpu.weight = 1 + ((shares - 2) * 9999) / 262142, cpu.max
# "quota period"; unified keys written as given.
b=$(bundle resv2)
id=vm-resv2
rt create -b "$b" "$id" >"$out/$id.out" 2>"$out/$id.err"
rc=$?
t_is "$rc" "0" "create with memory, cpu, cpuset, pids and unified resources exits 0"
[ "$rc" -eq 0 ] || errs "$out/$id.err"
t_is "$(cgv $id memory.max)" "67108864" "memory.limit 64 MiB -> memory.max"
t_is "$(cgv $id memory.low)" "33554432" "memory.reservation 32 MiB -> memory.low"
t_is "$(cgv $id memory.swap.max)" "67108864" "memory.swap 128 MiB -> memory.swap.max 64 MiB (swap - limit)"
t_is "$(cgv $id cpu.weight)" "39" "cpu.shares 1024 -> cpu.weight 39"
t_is "$(cgv $id cpu.max)" "50000 100000" "cpu.quota 50000, cpu.period 100000 -> cpu.max"
t_is "$(cgv $id cpuset.cpus)" "0" "cpu.cpus \"0\" -> cpuset.cpus"
t_is "$(cgv $id pids.max)" "50" "pids.limit 50 -> pids.max"
t_is "$(cgv $id memory.high)" "50331648" "unified memory.high written as given"
rt delete -f "$id" 2>>"$out/$id.err"
[ ! -e "$CG/runlet/$id" ]
t_ok $? "... delete -f removes $CG/runlet/$id"

if [ ! -d /sys/kernel/mm/hugepages/hugepages-2048kB ]; then
	t_skip "hugepageLimits 2MB -> hugetlb.2MB.max" "no 2 MB huge pages in this kernel"
elif ! grep -qw hugetlb "$CG/cgroup.controllers"; then
	t_skip "hugepageLimits 2MB -> hugetlb.2MB.max" "no hugetlb controller"
else
	id=vm-huge
	rt create -b "$(bundle huge)" "$id" >"$out/$id.out" 2>"$out/$id.err" || errs "$out/$id.err"
	t_is "$(cgv $id hugetlb.2MB.max)" "4194304" "hugepageLimits 2MB: 4194304 -> hugetlb.2MB.max"
	if [ -f "$CG/runlet/$id/hugetlb.2MB.rsvd.max" ]; then
		t_is "$(cgv $id hugetlb.2MB.rsvd.max)" "4194304" "... and hugetlb.2MB.rsvd.max (reservations)"
	fi
	rt delete -f "$id" 2>/dev/null
fi

# io.weight is blk-iocost's (it takes a default without any block device);
# runlet writes io.bfq.weight instead when BFQ is there.
# (a scratch cgroup of our own shows which files a child gets: /runlet
# may be gone between containers)
id=vm-io
mkdir "$CG/vm-io-probe" 2>/dev/null
io_files=$(cd "$CG/vm-io-probe" 2>/dev/null && echo io.*)
rmdir "$CG/vm-io-probe" 2>/dev/null
case " $io_files " in
*" io.bfq.weight "*) io_skip="BFQ is active (runlet writes io.bfq.weight)" ;;
*" io.weight "*) io_skip= ;;
*) io_skip="no io.weight in a child cgroup (kernel without blk-iocost, or no io controller; it has: $io_files)" ;;
esac
if [ -n "$io_skip" ]; then
	t_skip "blockIO.weight 500 -> io.weight" "$io_skip"
else
	rt create -b "$(bundle io)" "$id" >"$out/$id.out" 2>"$out/$id.err" || errs "$out/$id.err"
	t_is "$(cgv $id io.weight)" "default 4950" "blockIO.weight 500 -> io.weight \"default 4950\" (1 + (500 - 10) * 9999 / 990)"
	rt delete -f "$id" 2>/dev/null
fi

id=vm-rt
rt create -b "$(bundle rt)" "$id" >"$out/$id.out" 2>"$out/$id.err"
rc=$?
t_is "$rc" "1" "create with cpu.realtimeRuntime fails on v2 (exit 1)"
grep -q 'linux.resources.cpu.realtimeRuntime: not supported on cgroup v2' "$out/$id.err"
t_ok $? "... with a clear message ($(head -n 1 "$out/$id.err"))"
[ ! -e "$CG/runlet/$id" ] && [ "$(status_of $id)" = absent ]
t_ok $? "... and leaves no cgroup and no container"
[ "$rc" -eq 0 ] && rt delete -f "$id" 2>/dev/null

# ---- update --------------------------------------------------------------------------
section "update"
b=$(bundle sleep)
id=vm-upd
rt run -d -b "$b" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" running
t_ok $? "run -d a container to update"
upd_files() {
	for f in memory.max memory.swap.max memory.low pids.max cpu.max cpu.weight cpuset.cpus; do
		printf '%s=%s ' "$f" "$(cgv $id $f)"
	done
}
rt update --memory 64m --memory-swap 128m --memory-reservation 32m --pids-limit 50 \
	--cpu-quota 50000 --cpu-period 100000 --cpu-share 512 --cpuset-cpus 0 "$id" 2>"$out/$id.err"
t_ok $? "update with runc's flags exits 0"
errs "$out/$id.err"
t_is "$(upd_files)" "memory.max=67108864 memory.swap.max=67108864 memory.low=33554432 pids.max=50 cpu.max=50000 100000 cpu.weight=20 cpuset.cpus=0 " \
	"... memory.max, memory.swap.max (swap - limit), memory.low, pids.max, cpu.max, cpu.weight (shares 512), cpuset.cpus"
echo '{"memory": {"limit": 33554432, "swap": 67108864}, "pids": {"limit": 7}, "cpu": {"quota": -1}}' >/tmp/upd-r.json
rt update -r /tmp/upd-r.json "$id" 2>"$out/$id.err"
t_is "$?:$(cgv $id memory.max):$(cgv $id memory.swap.max):$(cgv $id pids.max):$(cgv $id cpu.max)" \
	"0:33554432:33554432:7:max 100000" "update -r FILE: memory.max, memory.swap.max, pids.max 7, quota -1 -> cpu.max \"max 100000\""
errs "$out/$id.err"
echo '{"pids": {"limit": 9}}' | timeout -k 5 "$RT_TIMEOUT" "$P/runlet" --root "$ROOT" update -r - "$id" 2>"$out/$id.err"
t_is "$?:$(cgv $id pids.max)" "0:9" "update -r - (stdin): pids.max 9"
rt update --cpu-quota 25000 "$id" 2>"$out/$id.err"
t_is "$?:$(cgv $id cpu.max)" "0:25000 100000" "update --cpu-quota alone keeps the period"
rt update --cpu-period 200000 "$id" 2>"$out/$id.err"
t_is "$?:$(cgv $id cpu.max)" "0:25000 200000" "update --cpu-period alone keeps the quota"
rt update --memory-swap 96m "$id" 2>"$out/$id.err"
t_is "$?:$(cgv $id memory.swap.max)" "0:67108864" "update --memory-swap alone: against the memory.max in force (96 - 32 MiB)"
rt update --cpu-share 2 --pids-limit -1 --memory -1 --memory-swap -1 "$id" 2>"$out/$id.err"
t_is "$?:$(cgv $id cpu.weight):$(cgv $id pids.max):$(cgv $id memory.max):$(cgv $id memory.swap.max)" \
	"0:1:max:max:max" "update --cpu-share 2 -> cpu.weight 1; -1 lifts pids, memory and swap limits"
errs "$out/$id.err"
rt update --memory 1m --memory-swap 512k "$id" 2>"$out/$id.err"
t_is "$?:$(cgv $id memory.max)" "1:max" "update with swap below memory fails (exit 1) and changes nothing"
rt delete -f "$id" 2>/dev/null

# ---- pause / resume ----------------------------------------------------------------------
section "pause, resume"
b=$(bundle count)
id=vm-pause
rt run -d -b "$b" --pid-file "$out/$id.pid" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" running
t_ok $? "run -d a container that counts"
pid=$(cat "$out/$id.pid" 2>/dev/null)
count() {
	cat "/proc/${pid:-0}/root/dev/shm/count" 2>/dev/null
}
wait_for 100 test -n "$(count)"
rt pause "$id" 2>"$out/$id.err"
t_ok $? "pause exits 0"
errs "$out/$id.err"
t_is "$(cgv $id cgroup.freeze):$(grep '^frozen ' "$CG/runlet/$id/cgroup.events" 2>/dev/null)" "1:frozen 1" \
	"cgroup.freeze 1 and cgroup.events \"frozen 1\""
t_is "$(status_of $id)" "paused" "state: paused"
c1=$(count)
sleep 0.5
c2=$(count)
[ -n "$c1" ] && [ "$c1" = "$c2" ]
t_ok $? "the paused container does not run (counter ${c1:-none} -> ${c2:-none})"
rt exec "$id" /bin/true 2>"$out/$id.err"
rc=$?
t_is "$rc" "1" "exec into the paused container fails without --ignore-paused (exit 1)"
grep -q paused "$out/$id.err"
t_ok $? "... saying why ($(head -n 1 "$out/$id.err"))"
rt resume "$id" 2>"$out/$id.err"
t_ok $? "resume exits 0"
t_is "$(cgv $id cgroup.freeze):$(grep '^frozen ' "$CG/runlet/$id/cgroup.events" 2>/dev/null)" "0:frozen 0" \
	"cgroup.freeze 0 and cgroup.events \"frozen 0\""
t_is "$(status_of $id)" "running" "state: running"
c1=$(count)
sleep 0.5
c2=$(count)
[ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -gt "$c1" ]
t_ok $? "the container runs again (counter ${c1:-none} -> ${c2:-none})"
rt pause "$id" && rt delete -f "$id" 2>"$out/$id.err"
t_ok $? "delete -f of a paused container exits 0"
errs "$out/$id.err"
[ ! -e "$CG/runlet/$id" ]
t_ok $? "... and removes $CG/runlet/$id"
wait_for 40 eval '! alive "${pid:-0}"'
t_ok $? "... and its init ($pid) is gone"

# ---- exec ----------------------------------------------------------------------------
section "exec"
b=$(bundle sleep)
id=vm-exec
rt run -d -b "$b" --pid-file "$out/$id.pid" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" running
t_ok $? "run -d a container to exec into"
pid=$(cat "$out/$id.pid" 2>/dev/null)
rt exec "$id" /bin/sh -c 'cat /proc/self/cgroup; cat /proc/1/cgroup' >"$out/$id.cg" 2>"$out/$id.err"
t_is "$?:$(tr '\n' ' ' <"$out/$id.cg")" "0:0::/ 0::/ " "exec: /proc/self/cgroup inside equals the init's (/proc/1/cgroup)"
errs "$out/$id.err"
# (in the foreground, in the background of this shell: a detached exec'd
# process would be the orphan of the VM's pid 1, a shell that does not
# reap it, and the container's init could not finish exiting (the kernel
# waits for every process of its pid namespace to be reaped): delete -f
# would wait 5 s for it)
timeout -k 5 "$RT_TIMEOUT" "$P/runlet" --root "$ROOT" exec --pid-file "$out/$id.xpid" "$id" /bin/probe sleep 600 \
	</dev/null >/dev/null 2>"$out/$id.xerr" &
xjob=$!
xpid_written() { [ -s "$out/$id.xpid" ]; }
wait_for 100 xpid_written
xpid=$(cat "$out/$id.xpid" 2>/dev/null)
t_is "$(cgroup_of "${xpid:-0}")" "0::/runlet/$id" "exec: the process ($xpid) is in the init's cgroup /runlet/$id"
grep -qx "${xpid:-none}" "$CG/runlet/$id/cgroup.procs"
t_ok $? "... and in its cgroup.procs"
diff=
for n in mnt pid net ipc uts cgroup; do
	[ "$(readlink "/proc/${xpid:-0}/ns/$n")" = "$(readlink "/proc/${pid:-0}/ns/$n")" ] || diff="$diff $n"
done
t_is "${diff:-none}" "none" "... and in the init's mnt, pid, net, ipc, uts and cgroup namespaces"
rt exec "$id" /bin/sh -c 'exit 7' 2>"$out/$id.err"
t_is "$?" "7" "exec relays the exit status (7)"
rt delete -f "$id" 2>"$out/$id.err"
t_ok $? "delete -f of the container exits 0"
errs "$out/$id.err"
wait "$xjob"
t_is "$?" "137" "... the exec of probe sleep ends with 128 + SIGKILL"
[ ! -e "$CG/runlet/$id" ] && ! alive "${xpid:-0}"
t_ok $? "... and the exec'd process and the cgroup are gone"
errs "$out/$id.xerr"

# ---- ps, kill --all, delete of a stopped container with processes left ----------------
section "ps, kill --all, delete"
b=$(bundle kids)
id=vm-kids
rt run -d -b "$b" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" running
t_ok $? "run -d a container with three children and no pid namespace"
has4() { [ "$(wc -l <"$CG/runlet/$id/cgroup.procs")" -eq 4 ]; }
wait_for 100 has4
procs=$(pids_of $id)
rt ps -f json "$id" >"$out/$id.ps" 2>"$out/$id.err"
rc=$?
pspids=$(jflat <"$out/$id.ps" | sed -n 's/^\[0\]\[[0-9]*\]=//p' | sort -n | tr '\n' ' ' | sed 's/ $//')
t_is "$rc:$pspids" "0:$procs" "ps -f json lists the cgroup's four processes"
rt kill --all "$id" KILL 2>"$out/$id.err"
t_ok $? "kill --all KILL exits 0"
errs "$out/$id.err"
unpopulated() { grep -qx 'populated 0' "$CG/runlet/$id/cgroup.events"; }
wait_for 60 unpopulated
t_ok $? "... the cgroup empties (cgroup.events \"populated 0\")"
left=
for p in $procs; do alive "$p" && left="$left $p"; done
t_is "${left:-none}" "none" "... and none of its processes ($procs) is left"
rt delete "$id" 2>"$out/$id.err"
t_is "$?:$([ -e "$CG/runlet/$id" ] && echo there || echo gone)" "0:gone" "delete removes the cgroup"

b=$(bundle orphan)
id=vm-orphan
rt run -d -b "$b" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" stopped
t_ok $? "a container whose init exits, leaving a child (no pid namespace): stopped"
procs=$(pids_of $id)
t_ok $([ -n "$procs" ]; echo $?) "... its cgroup still holds the child (${procs:-none})"
rt delete "$id" 2>"$out/$id.err"
rc=$?
there=$([ -e "$CG/runlet/$id" ] && echo there || echo gone)
left=
for p in $procs; do alive "$p" && left="$left $p"; done
t_is "$rc:$there:${left:-none}" "0:gone:none" "delete kills what is left, waits for the cgroup to empty and removes it"
errs "$out/$id.err"

# ---- events --------------------------------------------------------------------------
section "events, oom"
b=$(bundle sleep)
id=vm-ev
rt run -d -b "$b" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" running
rt events --stats "$id" >"$out/$id.json" 2>"$out/$id.err"
t_is "$?:$(jget "$out/$id.json" .type)" '0:"stats"' "events --stats: one {\"type\": \"stats\"} object"
errs "$out/$id.err"
v=$(jget "$out/$id.json" .data.cpu.usage.total)
gt0 "$v"
t_ok $? "... data.cpu.usage.total > 0 ($v)"
v=$(jget "$out/$id.json" .data.memory.usage.usage)
gt0 "$v"
t_ok $? "... data.memory.usage.usage > 0 ($v)"
v=$(jget "$out/$id.json" .data.pids.current)
gt0 "$v"
t_ok $? "... data.pids.current >= 1 ($v)"
v=$(jget "$out/$id.json" .data.memory.usage.limit)
t_ok $([ -n "$v" ]; echo $?) "... data.memory.usage.limit is there ($v)"
rt delete -f "$id" 2>/dev/null

# ev_summary: what the event stream $out/$id.ev printed, by type, and its oom lines.
ev_summary() {
	printf '%s lines:%s' "$(grep -c . "$out/$id.ev" 2>/dev/null)" \
		"$(grep -o '"type":"[a-z]*"' "$out/$id.ev" 2>/dev/null | sort | uniq -c | sed 's/"type"://; s/"//g' | tr -s ' \n' '  ')"
	grep '"type":"oom"' "$out/$id.ev" 2>/dev/null | head -n 1 | sed 's/^/; /'
}
# oom (1): the hog is a child; the init lives on, the stream must say "oom".
# (2): the hog is the init itself; the OOM kill stops the container.
for cfg in oomkid oom; do
	id=vm-$cfg
	rt create -b "$(bundle $cfg)" "$id" >"$out/$id.out" 2>"$out/$id.err"
	rc=$?
	t_is "$rc" "0" "$cfg: create with memory.limit = swap = 16 MiB exits 0"
	[ "$rc" -eq 0 ] || errs "$out/$id.err"
	t_is "$(cgv $id memory.max):$(cgv $id memory.swap.max)" "16777216:0" "$cfg: memory.max 16 MiB, memory.swap.max 0"
	(timeout -k 5 20 "$P/runlet" --root "$ROOT" events --interval 100ms "$id" </dev/null >"$out/$id.ev" 2>"$out/$id.everr"
		echo $? >"$out/$id.evrc") &
	evpid=$!
	has_ev() { grep -q "\"type\":\"$1\"" "$out/$id.ev" 2>/dev/null; }
	wait_for 40 has_ev stats
	rt start "$id" 2>"$out/$id.err"
	oomed() { gt0 "$(sed -n 's/^oom_kill //p' "$CG/runlet/$id/memory.events" 2>/dev/null)"; }
	wait_for 300 oomed
	t_ok $? "$cfg: the container's memory.events counts an oom_kill ($(tr '\n' ' ' <"$CG/runlet/$id/memory.events" 2>/dev/null))"
	if [ $cfg = oomkid ]; then
		wait_for 60 has_ev oom
		t_ok $? "$cfg: events --interval 100ms prints {\"type\":\"oom\",...} ($(ev_summary))"
		t_is "$(status_of $id)" "running" "$cfg: the init lives on"
		rt kill "$id" KILL
	else
		wait_status "$id" stopped
		t_ok $? "$cfg: the OOM-killed init: stopped"
	fi
	wait "$evpid"
	t_is "$(cat "$out/$id.evrc" 2>/dev/null)" "0" "$cfg: the event stream ends (status 0) when the container stops"
	errs "$out/$id.everr"
	if [ $cfg = oom ]; then
		has_ev oom
		t_ok $? "$cfg: the stream printed {\"type\":\"oom\",...} before it ended ($(ev_summary))"
	fi
	rt delete -f "$id" 2>/dev/null
	[ ! -e "$CG/runlet/$id" ]
	t_ok $? "$cfg: delete -f removes $CG/runlet/$id"
done

# ---- nothing left ----------------------------------------------------------------------
t_is "$(rt list -q 2>/dev/null)" "" "runlet list is empty at the end"
left=$(find "$CG/runlet" "$CG/custom" -mindepth 1 -type d 2>/dev/null | tr '\n' ' ')
t_is "$left" "" "no container cgroup left under /runlet or /custom"
echo "# guest uptime at the end of run-tests: $(cut -d' ' -f1 /proc/uptime) s"
t_done
