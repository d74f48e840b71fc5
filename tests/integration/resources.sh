#!/bin/sh
# SPDX-License-Identifier: MIT
# linux.resources on a v1 or hybrid host: for every resource that a v1
# hierarchy here can take (memory, cpu, cpuset, pids, blkio), a container
# is created with it set and the value read back from the host's cgroup
# files; hugetlb goes through the unified hierarchy when v1 has no
# hugetlb (hybrid); the effect is checked where it is cheap (a pids limit
# stops a fork loop in busybox sh, pids 0 stops the first fork). Errors:
# values the kernel refuses or clamps, checks made before any write, a
# controller that is mounted nowhere, and unified keys (a v1-only
# controller, a path): each fails create with a "linux.resources..."
# message and leaves no state and no cgroup directory.
#
#   B=build sh tests/integration/resources.sh
#   RUNTIME=/usr/bin/runc B=build sh tests/integration/resources.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=res
. "$top/tests/helper/container.sh"

UNIFIED=
for u in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ -f "$u/cgroup.controllers" ]; then
		UNIFIED=$u
		break
	fi
done
if ! v1_has memory && ! v1_has pids; then
	echo "1..0 # SKIP needs cgroup v1 hierarchies (a v1 or hybrid host)"
	exit 77
fi
# A controller of the unified hierarchy that a limit needs (hugetlb on a
# hybrid host) is enabled from its root down and stays so: put back the
# subtree_control of the root and /runlet as found (deepest first).
unified_saved=
if [ -n "$UNIFIED" ]; then
	for f in "$UNIFIED/cgroup.subtree_control" "$UNIFIED/runlet/cgroup.subtree_control"; do
		unified_saved="$unified_saved$f=$(tr ' ' ',' < "$f" 2>/dev/null);"
	done
	T_EXTRA_CLEANUP=unified_restore
fi
unified_restore() {
	for f in "$UNIFIED/runlet/cgroup.subtree_control" "$UNIFIED/cgroup.subtree_control"; do
		[ -f "$f" ] || continue
		was=$(echo "$unified_saved" | tr ';' '\n' | sed -n "s|^$f=||p" | tr ',' ' ')
		for c in $(cat "$f"); do
			case " $was " in
			*" $c "*) ;;
			*) echo "-$c" > "$f" 2>/dev/null ;;
			esac
		done
	done
}

# cg_dir CONTROLLER: the container $id's directory in the v1 hierarchy
# mounted at /sys/fs/cgroup/CONTROLLER ("unified": the cgroup2 one);
# runlet puts it at /runlet/<id>, runc under the caller's cgroup.
cg_dir() {
	if [ "$1" = unified ]; then
		cd_base=$UNIFIED
	else
		cd_base=/sys/fs/cgroup/$1
	fi
	if [ -d "$cd_base/runlet/$id" ]; then
		echo "$cd_base/runlet/$id"
		return 0
	fi
	cd_d=$(find "$cd_base" -maxdepth 4 -type d -name "$id" 2>/dev/null | head -n 1)
	[ -n "$cd_d" ] && echo "$cd_d"
}
# cgv CONTROLLER FILE: the first line of FILE in the container's cgroup.
cgv() {
	cv_d=$(cg_dir "$1") || { echo "<no cgroup>"; return; }
	head -n 1 "$cv_d/$2" 2>/dev/null || echo "<no $2>"
}
# leftovers: cgroup directories and state named after $id.
leftovers() {
	lo_n=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$id" 2>/dev/null | wc -l)
	[ -e "$root/$id" ] && lo_n=$((lo_n + 1))
	echo "$lo_n"
}

# res_bundle TAG JSON [SCRIPT]: a bundle $b whose linux.resources gets
# JSON's members (devices kept), running `sh -c SCRIPT` (default: sleep),
# and a fresh $id.
res_bundle() {
	b=$tmp/b-$1
	RES_JSON=$2 RES_SH=${3:-sleep 60}
	export RES_JSON RES_SH
	rm -rf "$b"
	new_bundle "$b" || return 1
	cfg "$b" '
c["linux"].setdefault("resources", {}).update(json.loads(os.environ["RES_JSON"]))
c["process"]["args"] = ["/bin/sh", "-c", os.environ["RES_SH"]]'
	id=$(new_id "$1")
}
# res_create TAG JSON: res_bundle, then create; stderr in $tmp/err.
res_create() {
	res_bundle "$1" "$2" || return 1
	rt create -b "$b" "$id" 2> "$tmp/err"
	rc_rc=$?
	[ $rc_rc -ne 0 ] && sed 's/^/#   runtime: /' "$tmp/err" | head -n 3
	return $rc_rc
}
# res_fails TAG JSON MESSAGE DESCRIPTION [RUNC_DEVIATION]: create fails
# with exit 1, its stderr has MESSAGE (runlet only; a fixed string),
# nothing is left.
res_fails() {
	res_bundle "$1" "$2" || return 1
	rt create -b "$b" "$id" 2> "$tmp/err"
	rf_rc=$?
	t_spec "$([ "$rf_rc" -eq 1 ]; echo $?)" "$4: create fails" "${5:-not refused}"
	[ "$rf_rc" -eq 0 ] && done_with
	if is_runc; then
		t_skip "  message" "runc words its errors differently"
	elif grep -qF -- "$3" "$tmp/err"; then
		t_ok 0 "  message: $3"
	else
		t_ok 1 "  message: $3"
		sed 's/^/#   got: /' "$tmp/err"
	fi
	t_spec "$([ "$(leftovers)" = 0 ]; echo $?)" "  no state, no cgroup left" "${5:-not refused}"
}
done_with() {
	rt delete -f "$id" > /dev/null 2>&1
}

MIB=1048576

# ---- memory -------------------------------------------------------------------
if v1_has memory; then
	if res_create mem '{"memory": {"limit": 67108864, "reservation": 33554432, "swap": 134217728,
			 "swappiness": 20, "disableOOMKiller": true}}'; then
		t_ok 0 "memory: create with limit, reservation, swap, swappiness, disableOOMKiller"
		t_is "$(cgv memory memory.limit_in_bytes)" $((64 * MIB)) "  memory.limit_in_bytes"
		if [ -f "$(cg_dir memory)/memory.memsw.limit_in_bytes" ]; then
			t_is "$(cgv memory memory.memsw.limit_in_bytes)" $((128 * MIB)) "  memory.memsw.limit_in_bytes (memory+swap)"
		else
			t_skip "  memory.memsw.limit_in_bytes" "no swap accounting"
		fi
		t_is "$(cgv memory memory.soft_limit_in_bytes)" $((32 * MIB)) "  memory.soft_limit_in_bytes"
		t_is "$(cgv memory memory.swappiness)" 20 "  memory.swappiness"
		grep -q '^oom_kill_disable 1' "$(cg_dir memory)/memory.oom_control"
		t_ok $? "  memory.oom_control: oom_kill_disable 1"
	else
		t_ok 1 "memory: create with limit, reservation, swap, swappiness, disableOOMKiller"
	fi
	done_with
	# not page-aligned: the kernel rounds down, which is no error
	res_create mempg '{"memory": {"limit": 10000000}}'
	t_ok $? "memory: a limit that is not page-aligned is accepted"
	pg=$(getconf PAGESIZE)
	t_is "$(cgv memory memory.limit_in_bytes)" $((10000000 / pg * pg)) "  read back rounded down to pages"
	done_with
	res_create memmax '{"memory": {"limit": -1}}'
	t_ok $? "memory: limit -1"
	lim=$(cgv memory memory.limit_in_bytes)
	[ "${#lim}" -ge 18 ]
	t_ok $? "  memory.limit_in_bytes unlimited ($lim)"
	done_with
	res_create memk '{"memory": {"kernel": 1048576, "kernelTCP": 1048576}}'
	t_ok $? "memory: kernel and kernelTCP accepted"
	if is_runc; then
		t_skip "  with a warning" "runc"
	else
		grep -q 'kernel.*ignored' "$tmp/err"
		t_ok $? "  with a warning that they are ignored"
	fi
	done_with
else
	t_skip "memory" "no v1 memory hierarchy"
fi

# ---- cpu and cpuset -----------------------------------------------------------
if v1_has cpu; then
	if res_create cpu '{"cpu": {"shares": 512, "quota": 50000, "period": 200000, "burst": 1000,
			 "idle": 0, "realtimePeriod": 500000}}'; then
		t_ok 0 "cpu: create with shares, quota, period, burst, idle, realtimePeriod"
		t_is "$(cgv cpu cpu.shares)" 512 "  cpu.shares"
		t_is "$(cgv cpu cpu.cfs_quota_us)" 50000 "  cpu.cfs_quota_us"
		t_is "$(cgv cpu cpu.cfs_period_us)" 200000 "  cpu.cfs_period_us"
		if [ -f "$(cg_dir cpu)/cpu.cfs_burst_us" ]; then
			t_spec "$([ "$(cgv cpu cpu.cfs_burst_us)" = 1000 ]; echo $?)" "  cpu.cfs_burst_us" "runc 1.1 has no cpu.burst"
		else
			t_skip "  cpu.cfs_burst_us" "kernel without CFS burst"
		fi
		t_is "$(cgv cpu cpu.idle)" 0 "  cpu.idle"
		if [ -f "$(cg_dir cpu)/cpu.rt_period_us" ]; then
			t_is "$(cgv cpu cpu.rt_period_us)" 500000 "  cpu.rt_period_us"
		else
			t_skip "  cpu.rt_period_us" "kernel without RT group scheduling"
		fi
	else
		t_ok 1 "cpu: create with shares, quota, period, burst, idle, realtimePeriod"
	fi
	done_with
	res_create cpuidle '{"cpu": {"idle": 1, "quota": -1}}'
	t_ok $? "cpu: idle 1, quota -1"
	t_spec "$([ "$(cgv cpu cpu.idle)" = 1 ]; echo $?)" "  cpu.idle" "runc 1.1 has no cpu.idle"
	t_is "$(cgv cpu cpu.cfs_quota_us)" -1 "  cpu.cfs_quota_us"
	done_with
	# an rt runtime must fit in the parent's: directly under the root,
	# which has one (the default parent has none)
	if [ -f /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] &&
		[ "$(cat /sys/fs/cgroup/cpu/cpu.rt_runtime_us)" -ge 20000 ] 2>/dev/null; then
		res_bundle rt '{"cpu": {"realtimeRuntime": 10000, "realtimePeriod": 1000000}}'
		RT_ID=$id
		export RT_ID
		cfg "$b" 'c["linux"]["cgroupsPath"] = "/" + os.environ["RT_ID"]'
		rt create -b "$b" "$id" 2> "$tmp/err"
		t_ok $? "cpu: realtimeRuntime under the root cgroup"
		t_is "$(cat /sys/fs/cgroup/cpu/"$id"/cpu.rt_runtime_us 2>/dev/null)" 10000 "  cpu.rt_runtime_us"
		t_is "$(cat /sys/fs/cgroup/cpu/"$id"/cpu.rt_period_us 2>/dev/null)" 1000000 "  cpu.rt_period_us"
		done_with
	else
		t_skip "cpu: realtimeRuntime" "no RT budget in the root cgroup"
	fi
else
	t_skip "cpu" "no v1 cpu hierarchy"
fi
if v1_has cpuset; then
	cpus=$(cat /sys/fs/cgroup/cpuset/cpuset.effective_cpus 2>/dev/null || cat /sys/fs/cgroup/cpuset/cpuset.cpus)
	mems=$(cat /sys/fs/cgroup/cpuset/cpuset.effective_mems 2>/dev/null || cat /sys/fs/cgroup/cpuset/cpuset.mems)
	c0=${cpus%%[-,]*}
	m0=${mems%%[-,]*}
	res_create cpuset "{\"cpu\": {\"cpus\": \"$c0\", \"mems\": \"$m0\"}}"
	t_ok $? "cpuset: cpus \"$c0\", mems \"$m0\""
	t_is "$(cgv cpuset cpuset.cpus)" "$c0" "  cpuset.cpus"
	t_is "$(cgv cpuset cpuset.mems)" "$m0" "  cpuset.mems"
	done_with
else
	t_skip "cpuset" "no v1 cpuset hierarchy"
fi

# ---- pids ---------------------------------------------------------------------
if v1_has pids; then
	res_create pids '{"pids": {"limit": 10}}'
	t_ok $? "pids: limit 10"
	t_is "$(cgv pids pids.max)" 10 "  pids.max"
	done_with
	res_create pidsmax '{"pids": {"limit": -1}}'
	t_ok $? "pids: limit -1"
	t_is "$(cgv pids pids.max)" max "  pids.max"
	done_with
	# the effect: sh and 9 sleeps fit, the 10th fork fails
	loop='for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do sleep 30 & done; echo all-forked'
	res_bundle pidsrun '{"pids": {"limit": 10}}' "$loop"
	out=$(rt run -b "$b" "$id" 2>&1)
	case $out in
	*all-forked*) t_ok 1 "pids: limit 10 stops a fork loop of 20"; echo "$out" | sed 's/^/#   /' ;;
	*"can't fork"*) t_ok 0 "pids: limit 10 stops a fork loop of 20 (\"can't fork\")" ;;
	*) t_ok 1 "pids: limit 10 stops a fork loop of 20"; echo "$out" | sed 's/^/#   /' ;;
	esac
	done_with
	res_bundle pidsrun2 '{"pids": {"limit": 30}}' "$loop"
	out=$(rt run -b "$b" "$id" 2>&1)
	case $out in
	*all-forked*) t_ok 0 "pids: limit 30 lets the same loop finish" ;;
	*) t_ok 1 "pids: limit 30 lets the same loop finish"; echo "$out" | sed 's/^/#   /' ;;
	esac
	done_with
	res_create pids0 '{"pids": {"limit": 0}}'
	t_spec $? "pids: limit 0 (runtime-spec 1.3: a real limit)" "0 means unset"
	t_spec "$([ "$(cgv pids pids.max)" = 0 ]; echo $?)" "  pids.max 0" "0 means unset"
	done_with
	res_bundle pids0run '{"pids": {"limit": 0}}' '/bin/true && echo forked'
	out=$(rt run -b "$b" "$id" 2>&1)
	case $out in
	*forked*) t_spec 1 "pids: limit 0: the init cannot fork" "0 means unset" ;;
	*"can't fork"*) t_ok 0 "pids: limit 0: the init cannot fork (\"can't fork\")" ;;
	*) t_ok 1 "pids: limit 0: the init cannot fork"; echo "$out" | sed 's/^/#   /' ;;
	esac
	done_with
else
	t_skip "pids" "no v1 pids hierarchy"
fi

# ---- blkio ----------------------------------------------------------------------
if v1_has blkio; then
	# a loop device: present on most hosts, and any major:minor is taken
	res_create blkio '{"blockIO": {"weight": 300,
		"throttleReadBpsDevice": [{"major": 7, "minor": 0, "rate": 1048576}],
		"throttleWriteBpsDevice": [{"major": 7, "minor": 0, "rate": 2097152}],
		"throttleReadIOPSDevice": [{"major": 7, "minor": 0, "rate": 100}],
		"throttleWriteIOPSDevice": [{"major": 7, "minor": 0, "rate": 200}]}}'
	t_ok $? "blkio: weight and the four throttles"
	d=$(cg_dir blkio)
	if [ -f "$d/blkio.weight" ]; then
		t_is "$(cgv blkio blkio.weight)" 300 "  blkio.weight"
	else
		t_is "$(cgv blkio blkio.bfq.weight)" 300 "  blkio.bfq.weight (BFQ's, no blkio.weight here)"
	fi
	t_is "$(cgv blkio blkio.throttle.read_bps_device)" "7:0 1048576" "  blkio.throttle.read_bps_device"
	t_is "$(cgv blkio blkio.throttle.write_bps_device)" "7:0 2097152" "  blkio.throttle.write_bps_device"
	t_is "$(cgv blkio blkio.throttle.read_iops_device)" "7:0 100" "  blkio.throttle.read_iops_device"
	t_is "$(cgv blkio blkio.throttle.write_iops_device)" "7:0 200" "  blkio.throttle.write_iops_device"
	done_with
else
	t_skip "blkio" "no v1 blkio hierarchy"
fi

# ---- hugetlb: v1, or the unified hierarchy --------------------------------------
hp=
[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] && hp=2MB
if [ -z "$hp" ]; then
	t_skip "hugepageLimits" "no 2 MB huge pages on this host"
elif v1_has hugetlb || { [ -n "$UNIFIED" ] && grep -qw hugetlb "$UNIFIED/cgroup.controllers"; }; then
	if v1_has hugetlb; then
		hctl=hugetlb hf=limit_in_bytes dev="no hugetlb"
	else
		hctl=unified hf=max dev="no controllers of the unified hierarchy on a hybrid host"
	fi
	res_create huge '{"hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}]}'
	t_spec $? "hugepageLimits: 2MB (in the $hctl hierarchy)" "$dev"
	t_spec "$([ "$(cgv $hctl hugetlb.2MB.$hf)" = 4194304 ]; echo $?)" "  hugetlb.2MB.$hf" "$dev"
	if [ -f "$(cg_dir $hctl)/hugetlb.2MB.rsvd.$hf" ]; then
		t_is "$(cgv $hctl hugetlb.2MB.rsvd.$hf)" 4194304 "  hugetlb.2MB.rsvd.$hf (reservations)"
	fi
	done_with
	res_create huge2 '{"hugepageLimits": [{"pageSize": "2048KB", "limit": 8388608}]}'
	t_spec $? "hugepageLimits: \"2048KB\" names the 2MB files" "page size taken literally; $dev"
	t_spec "$([ "$(cgv $hctl hugetlb.2MB.$hf)" = 8388608 ]; echo $?)" "  hugetlb.2MB.$hf" "page size taken literally; $dev"
	done_with
	if [ "$hctl" = unified ]; then
		res_create unif '{"unified": {"hugetlb.2MB.max": "6291456", "cgroup.max.depth": "3"}}'
		t_spec $? "unified: hugetlb.2MB.max and cgroup.max.depth in the unified hierarchy" "$dev"
		t_spec "$([ "$(cgv unified hugetlb.2MB.max)" = 6291456 ]; echo $?)" "  hugetlb.2MB.max" "$dev"
		t_spec "$([ "$(cgv unified cgroup.max.depth)" = 3 ]; echo $?)" "  cgroup.max.depth" "$dev"
		done_with
	fi
	res_fails huge3 '{"hugepageLimits": [{"pageSize": "3MB", "limit": 0}]}' \
		'linux.resources.hugepageLimits[0]: page size "3MB" is not supported here' \
		"hugepageLimits: a page size the host lacks"
else
	t_skip "hugepageLimits" "no hugetlb controller"
fi

# ---- errors: refused by the kernel, by the checks, or no controller -------------
if v1_has cpu; then
	res_fails quota '{"cpu": {"quota": 500}}' \
		'linux.resources.cpu.quota: write "500" to cpu.cfs_quota_us: Invalid argument' \
		"cpu.quota below the kernel's 1 ms"
	res_fails shares '{"cpu": {"shares": 1}}' \
		'linux.resources.cpu.shares: wrote "1" to cpu.shares, but the kernel set "2"' \
		"cpu.shares the kernel clamps"
fi
if v1_has cpuset; then
	res_fails cpus '{"cpu": {"cpus": "9999"}}' \
		'linux.resources.cpu.cpus: write "9999" to cpuset.cpus:' \
		"cpu.cpus naming no cpu"
fi
if v1_has memory; then
	res_fails swap '{"memory": {"limit": 104857600, "swap": 52428800}}' \
		'linux.resources.memory.swap: 52428800 is below memory.limit 104857600' \
		"memory.swap below memory.limit"
	res_fails swap2 '{"memory": {"swap": 52428800}}' \
		'linux.resources.memory.swap: a swap limit needs memory.limit' \
		"memory.swap without memory.limit"
	res_fails hier '{"memory": {"useHierarchy": false}}' \
		'linux.resources.memory.useHierarchy: write "0" to memory.use_hierarchy: Invalid argument' \
		"memory.useHierarchy false (refused by recent kernels)" "useHierarchy is not written"
fi
if v1_has pids; then
	res_fails late '{"pids": {"limit": 5}, "cpu": {"cpus": "9999"}}' \
		'linux.resources.cpu.cpus' \
		"a refusal after other limits were written"
fi
if ! v1_has net_cls; then
	res_fails netcls '{"network": {"classID": 1048577}}' \
		'linux.resources.network.classID: the net_cls controller is not mounted' \
		"network.classID without net_cls"
fi
if ! v1_has net_prio; then
	res_fails netprio '{"network": {"priorities": [{"name": "lo", "priority": 5}]}}' \
		'linux.resources.network.priorities: the net_prio controller is not mounted' \
		"network.priorities without net_prio"
fi
if ! v1_has rdma && { [ -z "$UNIFIED" ] || ! grep -qw rdma "$UNIFIED/cgroup.controllers"; }; then
	res_fails rdma '{"rdma": {"mlx5_1": {"hcaHandles": 3}}}' \
		'linux.resources.rdma: the rdma controller is' \
		"rdma without an rdma controller"
fi

# ---- unified on this host -------------------------------------------------------
if [ -z "$UNIFIED" ]; then
	res_fails unifv1 '{"unified": {"pids.max": "10"}}' \
		'linux.resources.unified: this host has no cgroup v2 (unified) hierarchy' \
		"unified on a host without cgroup v2"
elif v1_has memory && ! grep -qw memory "$UNIFIED/cgroup.controllers"; then
	res_fails unifmem '{"unified": {"memory.max": "1000000"}}' \
		'linux.resources.unified["memory.max"]: the memory controller is a cgroup v1 hierarchy here' \
		"unified memory.max while memory is a v1 controller"
fi
res_fails unifpath '{"unified": {"../memory.max": "1"}}' \
	'linux.resources.unified["../memory.max"]: "../memory.max" is not a cgroup file name' \
	"unified key with a path"
res_fails unifprocs '{"unified": {"cgroup.procs": "1"}}' \
	'linux.resources.unified["cgroup.procs"]: "cgroup.procs" is managed by the runtime' \
	"unified cgroup.procs"
res_fails unifdot '{"unified": {"memory": "1"}}' \
	'linux.resources.unified.memory: "memory" is not of the form <controller>.<file>' \
	"unified key without a file part"

# ---- nothing left ---------------------------------------------------------------
t_is "$(rt list -q 2>/dev/null | grep -c "^$T_ID_PREFIX-")" 0 "no container left in list"
n=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$T_ID_PREFIX-*" 2>/dev/null | wc -l)
t_is "$n" 0 "no cgroup directory left named after the containers"

t_done
