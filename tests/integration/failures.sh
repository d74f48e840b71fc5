#!/bin/sh
# SPDX-License-Identifier: MIT
# A `create` that fails at any stage leaves nothing behind. Each case makes
# create fail at one stage, only through the bundle, config.json, the host
# cgroup tree or create's own options (no test hooks in the binary):
# reading config.json, the spec checks, namespace paths, user namespace
# maps, cgroups (a bad name, mkdir refused by the kernel, a busy or frozen
# cgroup, the init refused by a cgroup it is moved into, the fork of the
# init inside the cgroup), mounts (alone, and after other mounts on a
# shared bundle mount), /dev, readonlyPaths, sysctl, hooks (prestart,
# createRuntime, createContainer, a timeout), the process (cwd, rlimits,
# groups, PATH lookup, LSM, console socket) and the pid file written last.
# For each: exit 1, a "runlet: ..." line on stderr naming the problem, and
# no state directory, no new cgroup directory in any hierarchy, no new
# mount naming the bundle, no process left from the container (by root,
# cwd, open fds into the bundle or the state directory, command line, or
# cgroup). At the end, `list -q` is empty.
#
#   B=build sh tests/integration/failures.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=fail
. "$top/tests/helper/container.sh"

# Every cgroup hierarchy mounted under /sys/fs/cgroup (v1, named, cgroup2).
cg_mnts=$(awk '$5 ~ "^/sys/fs/cgroup/" || $5 == "/sys/fs/cgroup" {
	for (i = 7; i <= NF && $i != "-"; i++) ;
	if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 }' /proc/self/mountinfo)
if [ -z "$cg_mnts" ]; then
	echo "Bail out! no cgroup hierarchy mounted under /sys/fs/cgroup"
	exit 1
fi
cg_v1_mnt() { # cg_v1_mnt CONTROLLER: the mount point of a v1 controller, or ""
	awk -v c="$1" '$5 ~ "^/sys/fs/cgroup/" {
		for (i = 7; i <= NF && $i != "-"; i++) ;
		if ($(i + 1) != "cgroup") next
		n = split($(i + 3), o, ","); for (k = 1; k <= n; k++) if (o[k] == c) { print $5; exit } }' /proc/self/mountinfo
}
cg_unified=
for m in $cg_mnts; do
	[ "$(stat -f -c %T "$m" 2>/dev/null)" = cgroup2fs ] && cg_unified=$m
done

# cg_snapshot PATHS...: "MOUNT+PATH" for every hierarchy and path that exists.
cg_snapshot() {
	for m in $cg_mnts; do
		for p in "$@"; do
			[ -d "$m$p" ] && echo "$m$p"
		done
	done
	return 0
}

# mounts_naming DIR: the host's mount table lines with a field that is DIR
# or a path under it (mount point, root in its filesystem, source), without
# the mount ids (which change).
mounts_naming() {
	awk -v d="$1" '{ for (i = 4; i <= NF; i++) if ($i == d || index($i, d "/") == 1) {
		$1 = $2 = $3 = ""; sub(/^ +/, ""); print; next } }' /proc/self/mountinfo
}

# leftovers ID BUNDLE: one word per kind of leftover, with details (empty:
# nothing left). Uses $fc_cg0 (cgroups before create), $fc_cgp (the cgroup
# paths to look at), $fc_mnt0 (mounts before) and $fc_marks (more strings
# whose presence in a command line is a leftover process).
leftovers() {
	lo_id=$1
	lo_b=$(realpath "$2")
	lo_st=$root/$lo_id
	[ -e "$lo_st" ] && printf 'state-dir(%s) ' "$lo_st"
	rt state "$lo_id" >/dev/null 2>&1 && printf 'state '
	rt list -q 2>/dev/null | grep -qx -- "$lo_id" && printf 'list '
	# cgroup directories that did not exist before the create
	cg_snapshot $fc_cgp > "$tmp/cg1"
	echo "$fc_cg0" | grep -v '^$' > "$tmp/cg0"
	lo_cg=$(grep -vxF -f "$tmp/cg0" "$tmp/cg1" | tr '\n' ' ')
	[ -n "$lo_cg" ] && printf 'cgroups(%s) ' "$lo_cg"
	# mounts naming the bundle that were not there before
	mounts_naming "$lo_b" > "$tmp/mnt1"
	echo "$fc_mnt0" | grep -v '^$' > "$tmp/mnt0"
	lo_mnt=$(grep -vxF -f "$tmp/mnt0" "$tmp/mnt1" | cut -d' ' -f1,2 | tr '\n' ' ')
	[ -n "$lo_mnt" ] && printf 'mounts(%s) ' "$lo_mnt"
	# processes whose root or cwd, or an open fd, is in the bundle or the
	# state directory (find reads the links, never follows them)
	lo_p=$(find /proc/[0-9]*/root /proc/[0-9]*/cwd /proc/[0-9]*/fd/ -maxdepth 1 \
		\( -lname "$lo_b" -o -lname "$lo_b/*" -o -lname "$lo_st" -o -lname "$lo_st/*" \) \
		-print 2>/dev/null | tr '\n' ' ')
	[ -n "$lo_p" ] && printf 'procs-in-bundle(%s) ' "$lo_p"
	# processes naming the container (a runlet fork: the init or the
	# intermediate before exec) or a case's marker in their command line,
	# and processes in a cgroup named after the container (patterns from a
	# file: grep's own command line must not match)
	{ echo "$lo_id"; for k in ${fc_marks:-}; do echo "$k"; done; } > "$tmp/pat"
	lo_p=$(grep -laF -f "$tmp/pat" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 | tr '\n' ' ')
	[ -n "$lo_p" ] && printf 'procs-named(%s) ' "$lo_p"
	echo "$lo_id" > "$tmp/pat"
	lo_p=$(grep -laF -f "$tmp/pat" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3 | tr '\n' ' ')
	[ -n "$lo_p" ] && printf 'procs-in-cgroup(%s) ' "$lo_p"
	return 0
}

# fail_case ID BUNDLE WANT DESCRIPTION [CREATE-OPTIONS...]: create must exit
# 1, end stderr with "runlet: ..." matching the extended regexp WANT, and
# leave nothing behind. $fc_cgp: cgroup paths to check (default: runlet's
# default, /runlet/ID); $fc_marks as for leftovers. Both reset afterwards.
fail_case() {
	fc_id=$1
	fc_b=$2
	fc_want=$3
	fc_what=$4
	shift 4
	fc_cgp=${fc_cgp:-/runlet/$fc_id}
	fc_cg0=$(cg_snapshot $fc_cgp)
	fc_mnt0=$(mounts_naming "$(realpath "$fc_b")")
	rt create -b "$fc_b" "$@" "$fc_id" > "$tmp/$fc_id.out" 2> "$tmp/$fc_id.err"
	fc_rc=$?
	fc_last=$(grep -v '^$' "$tmp/$fc_id.err" | tail -n 1)
	echo "# $fc_what: ${fc_last:-(no stderr)}"
	t_is "$fc_rc" 1 "$fc_what: create fails (exit 1)"
	printf '%s\n' "$fc_last" | grep -Eq -- "^runlet: .*($fc_want)"
	fc_msg=$?
	t_ok "$fc_msg" "$fc_what: stderr names the problem"
	if [ "$fc_msg" -ne 0 ]; then
		sed 's/^/#   stderr: /' "$tmp/$fc_id.err"
		echo "#   wanted: runlet: ...($fc_want)"
	fi
	t_is "$(leftovers "$fc_id" "$fc_b")" "" "$fc_what: nothing left behind"
	# A create that wrongly succeeded has been reported above: remove
	# its container so that it does not count against later cases.
	[ "$fc_rc" -eq 0 ] && rt delete -f "$fc_id" >/dev/null 2>&1
	fc_cgp=
	fc_marks=
}
fc_cgp=
fc_marks=

# bundle NAME [PYTHON]: a fresh bundle whose process would sleep, edited
# with PYTHON (cfg); prints its directory.
bundle() {
	bd=$tmp/b-$1
	new_bundle "$bd" sleep 600 || return 1
	[ -n "${2:-}" ] && cfg "$bd" "$2"
	echo "$bd"
}

fds_before=$(ls /proc/$$/fd | wc -l)

# ---- config.json ----------------------------------------------------------------
id=$(new_id json)
b=$(bundle json)
printf '{"ociVersion": "1.0.2", "process": {"args": ["sh"' > "$b/config.json"
fail_case "$id" "$b" 'config\.json' "malformed config.json"

id=$(new_id type)
b=$(bundle type 'c["process"]["args"] = "/bin/probe sleep 600"')
fail_case "$id" "$b" 'process\.args' "process.args is a string"

id=$(new_id cap)
b=$(bundle cap 'c["process"]["capabilities"]["bounding"].append("CAP_NO_SUCH_THING")')
fail_case "$id" "$b" 'capabilit.*CAP_NO_SUCH_THING' "an unknown capability name"

id=$(new_id root)
b=$(bundle root 'c["root"]["path"] = "no-such-rootfs"')
fail_case "$id" "$b" 'root\.path' "root.path does not exist"

# after the state directory exists: the checks of the spec against each other
id=$(new_id host)
b=$(bundle host 'c["hostname"] = "x"; c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "uts"]')
fail_case "$id" "$b" 'hostname' "hostname without a uts namespace"

# ---- namespaces ------------------------------------------------------------------
id=$(new_id nsfile)
b=$(bundle nsfile 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"] + [{"type": "network", "path": "/etc/hostname"}]')
fail_case "$id" "$b" 'linux\.namespaces\[[0-9]+\]\.path.*/etc/hostname.*not a namespace' \
	"a network namespace path that is not a namespace"

id=$(new_id nstype)
b=$(bundle nstype 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"] + [{"type": "pid", "path": "/proc/self/ns/net"}]')
fail_case "$id" "$b" 'not a pid namespace' "a pid namespace path to a network namespace"

id=$(new_id nsgone)
b=$(bundle nsgone 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "ipc"] + [{"type": "ipc", "path": "/proc/self/ns/no-such-ns"}]')
fail_case "$id" "$b" 'linux\.namespaces\[[0-9]+\]\.path.*No such file' "a namespace path that does not exist"

# The kernel refuses overlapping ranges in uid_map: the init exists (in its
# new namespaces, waiting) when the parent writes the maps.
id=$(new_id usermap)
b=$(bundle usermap 'c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 1000}, {"containerID": 500, "hostID": 200000, "size": 1000}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 1000}]')
fail_case "$id" "$b" 'uid_map' "overlapping uidMappings (the kernel refuses the map)"

# ---- cgroups ---------------------------------------------------------------------
id=$(new_id cgname)
b=$(bundle cgname "c['linux']['cgroupsPath'] = '/$id/tasks'")
fc_cgp="/$id /$id/tasks"
fail_case "$id" "$b" 'cgroupsPath.*tasks' "a cgroupsPath naming a cgroup file (tasks)"

# A parent whose cgroup.max.descendants is 0 in the unified hierarchy, the
# last one runlet walks: mkdir there fails (EAGAIN) after the v1 hierarchies
# got their directories (the parent too, made by runlet there).
if [ -n "$cg_unified" ]; then
	lim=/$T_ID_PREFIX-lim
	mkdir "$cg_unified$lim" && echo 0 > "$cg_unified$lim/cgroup.max.descendants"
	id=$(new_id cgmax)
	b=$(bundle cgmax "c['linux']['cgroupsPath'] = '$lim/$id'")
	fc_cgp="$lim $lim/$id"
	fail_case "$id" "$b" 'cgroup: mkdir.*Resource temporarily unavailable' \
		"cgroupsPath under a cgroup2 parent with cgroup.max.descendants 0"
	[ -d "$cg_unified$lim" ]
	t_ok $? "... and the parent runlet did not make is still there"
	rmdir "$cg_unified$lim"
else
	for k in 1 2 3 4; do t_skip "cgroup.max.descendants case" "no cgroup2 hierarchy"; done
fi

# A cgroup that already holds a process, in one v1 hierarchy: create must
# refuse it and neither remove it nor kill its process.
mem=$(cg_v1_mnt memory)
if [ -n "$mem" ]; then
	busy=/$T_ID_PREFIX-busy
	mkdir "$mem$busy"
	sleep 600 &
	sp=$!
	bg_pid "$sp"
	echo "$sp" > "$mem$busy/cgroup.procs"
	id=$(new_id cgbusy)
	b=$(bundle cgbusy "c['linux']['cgroupsPath'] = '$busy'")
	fc_cgp=$busy
	fail_case "$id" "$b" 'already has processes' "cgroupsPath naming a cgroup that has a process"
	[ -d "$mem$busy" ] && kill -0 "$sp" 2>/dev/null && grep -qx "$sp" "$mem$busy/cgroup.procs"
	t_ok $? "... and that cgroup and its process are untouched"
	kill -9 "$sp" 2>/dev/null
	wait "$sp" 2>/dev/null
	rmdir "$mem$busy" 2>/dev/null
else
	for k in 1 2 3 4; do t_skip "busy cgroup case" "no v1 memory hierarchy"; done
fi

# A frozen v1 freezer parent: its new child is frozen too.
frz=$(cg_v1_mnt freezer)
if [ -n "$frz" ]; then
	fp=/$T_ID_PREFIX-frozen
	mkdir "$frz$fp" && echo FROZEN > "$frz$fp/freezer.state"
	id=$(new_id cgfrz)
	b=$(bundle cgfrz "c['linux']['cgroupsPath'] = '$fp/$id'")
	fc_cgp="$fp $fp/$id"
	fail_case "$id" "$b" 'is frozen' "cgroupsPath under a frozen freezer cgroup"
	echo THAWED > "$frz$fp/freezer.state"
	rmdir "$frz$fp"
else
	for k in 1 2 3; do t_skip "frozen cgroup case" "no v1 freezer hierarchy"; done
fi

# A cgroup2 leaf that exists but cannot take processes ("domain invalid":
# a sibling was made threaded): the init, already cloned into its
# namespaces, is moved into the v1 leaves and then refused by this one
# (EOPNOTSUPP). The leaf was not runlet's and must stay; the v1 ones go.
if [ -n "$cg_unified" ]; then
	thr=/$T_ID_PREFIX-thr
	mkdir "$cg_unified$thr" "$cg_unified$thr/thr" "$cg_unified$thr/inv" &&
		echo threaded > "$cg_unified$thr/thr/cgroup.type"
	id=$(new_id cgenter)
	b=$(bundle cgenter "c['linux']['cgroupsPath'] = '$thr/inv'")
	fc_cgp="$thr $thr/inv"
	fail_case "$id" "$b" 'cgroup: write [0-9]+ to .*/inv/cgroup.procs.*[Nn]ot supported' \
		"cgroupsPath naming a cgroup2 cgroup that is a \"domain invalid\" (the init cannot join it)"
	[ -d "$cg_unified$thr/inv" ]
	t_ok $? "... and that cgroup, not made by runlet, is still there"
	rmdir "$cg_unified$thr/thr" "$cg_unified$thr/inv" "$cg_unified$thr"
else
	for k in 1 2 3 4; do t_skip "domain invalid cgroup case" "no cgroup2 hierarchy"; done
fi

# pids.max 0 on the parent: with a namespace joined by path runlet forks the
# init from an intermediate process that it has put in the cgroup, and that
# fork fails (EAGAIN) after the cgroups exist and a child runs.
pids=$(cg_v1_mnt pids)
[ -z "$pids" ] && [ -n "$cg_unified" ] &&
	grep -qw pids "$cg_unified/cgroup.subtree_control" 2>/dev/null && pids=$cg_unified
np=/$T_ID_PREFIX-nopids
if [ -n "$pids" ] && mkdir "$pids$np" && echo 0 > "$pids$np/pids.max"; then
	id=$(new_id cgpids)
	b=$(bundle cgpids "c['linux']['cgroupsPath'] = '$np/$id'
c['linux']['namespaces'] = [n for n in c['linux']['namespaces'] if n['type'] != 'ipc'] + [{'type': 'ipc', 'path': '/proc/$$/ns/ipc'}]")
	fc_cgp="$np $np/$id"
	fail_case "$id" "$b" 'fork container init.*Resource temporarily unavailable' \
		"joined namespace + a cgroup whose pids.max is 0 (the init cannot be forked)"
	rmdir "$pids$np"
else
	for k in 1 2 3; do t_skip "pids.max case" "no pids controller to limit"; done
fi

# ---- rootfs and mounts -----------------------------------------------------------
id=$(new_id fstype)
b=$(bundle fstype 'c["mounts"].append({"destination": "/mnt/x", "type": "no-such-fs", "source": "none"})')
fail_case "$id" "$b" 'no-such-fs|/mnt/x' "a mount of an unknown filesystem type"

id=$(new_id bindsrc)
b=$(bundle bindsrc "c['mounts'].append({'destination': '/mnt/y', 'type': 'bind', 'source': '$tmp/no-such-dir', 'options': ['rbind']})")
fail_case "$id" "$b" 'no-such-dir' "a bind mount whose source does not exist"

# The bundle on a shared mount of the host, rootfsPropagation shared: a
# tmpfs, a bind mount and a submount are made, then a mount fails. Had any
# of them propagated to the host, it would outlive the container.
mkdir -p "$tmp/shr"
if mount --bind "$tmp/shr" "$tmp/shr" && mount --make-shared "$tmp/shr"; then
	mkdir -p "$tmp/shr/src"
	id=$(new_id late)
	new_bundle "$tmp/shr/late" sleep 600
	b=$tmp/shr/late
	cfg "$b" "c['linux']['rootfsPropagation'] = 'shared'
c['mounts'] += [{'destination': '/mnt/t', 'type': 'tmpfs', 'source': 'tmpfs'},
	{'destination': '/mnt/t/sub', 'type': 'tmpfs', 'source': 'tmpfs'},
	{'destination': '/mnt/b', 'type': 'bind', 'source': '$tmp/shr/src', 'options': ['rbind']},
	{'destination': '/mnt/z', 'type': 'no-such-fs', 'source': 'none'}]"
	fail_case "$id" "$b" 'no-such-fs|/mnt/z' "a mount failing after others succeeded (bundle on a shared mount)"
else
	for k in 1 2 3; do t_skip "late mount failure" "cannot make a shared bind mount"; done
fi

# ---- /dev, readonlyPaths, sysctl ------------------------------------------------
id=$(new_id dev)
b=$(bundle dev 'c["linux"]["devices"] = [{"path": "/dev/null/x", "type": "c", "major": 1, "minor": 3}]')
fail_case "$id" "$b" 'device "/dev/null/x"' "a device node under another device node"

id=$(new_id rop)
b=$(bundle rop 'c["linux"]["readonlyPaths"] = ["/etc/passwd/x"]')
fail_case "$id" "$b" '/etc/passwd/x' "a readonlyPaths entry under a regular file"

id=$(new_id sysk)
b=$(bundle sysk 'c["linux"]["sysctl"] = {"net.ipv4.nonexistent_key": "1"}')
fail_case "$id" "$b" 'nonexistent_key' "an unknown sysctl key"

id=$(new_id sysns)
b=$(bundle sysns 'c["linux"]["sysctl"] = {"kernel.shmmax": "1048576"}; c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "ipc"]')
fail_case "$id" "$b" 'kernel\.shmmax.*IPC namespace' "an ipc sysctl without an ipc namespace"

id=$(new_id syshost)
b=$(bundle syshost 'c["linux"]["sysctl"] = {"kernel.core_pattern": "core"}')
fail_case "$id" "$b" 'kernel\.core_pattern.*not namespaced' "a sysctl that is not namespaced"

# ---- hooks -----------------------------------------------------------------------
for kind in prestart createRuntime createContainer; do
	id=$(new_id "h$kind")
	b=$(bundle "h$kind" "c['hooks'] = {'$kind': [{'path': '/bin/true'}, {'path': '/bin/false'}]}")
	fail_case "$id" "$b" "hook $kind\\[1\\] /bin/false exited with status 1" "a failing $kind hook"
done

# A hook killed at its timeout: the hook process must not outlive create
# (its unique duration is its marker).
dur=5.$$
id=$(new_id htime)
b=$(bundle htime "c['hooks'] = {'createRuntime': [{'path': '/bin/sleep', 'args': ['sleep', '$dur'], 'timeout': 1}]}")
fc_marks=$dur
fail_case "$id" "$b" 'createRuntime\[0\] /bin/sleep timed out' "a createRuntime hook that times out"

# ---- the process -----------------------------------------------------------------
id=$(new_id cwd)
b=$(bundle cwd 'c["process"]["cwd"] = "/etc/passwd/sub"')
fail_case "$id" "$b" 'process\.cwd.*/etc/passwd/sub' "a cwd under a regular file"

id=$(new_id exe)
b=$(bundle exe 'c["process"]["args"] = ["no-such-program", "x"]')
fail_case "$id" "$b" 'no-such-program.*not found' "an executable that is not in the rootfs (PATH lookup)"

id=$(new_id exe2)
b=$(bundle exe2 'c["process"]["args"] = ["/no/such/program"]')
fail_case "$id" "$b" '/no/such/program' "an absolute executable path that does not exist"

id=$(new_id rlim)
b=$(bundle rlim 'c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 1 << 40, "hard": 1 << 40}]')
fail_case "$id" "$b" 'setrlimit RLIMIT_NOFILE' "an RLIMIT_NOFILE above the kernel's nr_open"

# In a user namespace mapping ids 0-65535: a supplementary group outside the
# map (setgroups EINVAL), after the rootfs was set up in the namespace.
id=$(new_id gids)
b=$(bundle gids 'c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 0, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 0, "size": 65536}]
c["process"]["user"]["additionalGids"] = [70000]')
fail_case "$id" "$b" 'setgroups' "additionalGids outside the user namespace's gid map"

if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
	id=$(new_id aa)
	b=$(bundle aa 'c["process"]["apparmorProfile"] = "runlet-test-profile"')
	fail_case "$id" "$b" 'apparmorProfile.*AppArmor is not enabled' "apparmorProfile while AppArmor is not enabled"
else
	for k in 1 2 3; do t_skip "apparmorProfile case" "AppArmor is enabled on this host"; done
fi

id=$(new_id tty)
b=$(bundle tty 'c["process"]["terminal"] = True')
fail_case "$id" "$b" 'no-such-socket' "terminal with a console socket that does not exist" \
	--console-socket "$tmp/no-such-socket"

# The last step of create: the init waits, the state says "created", then
# the pid file cannot be written.
id=$(new_id pidf)
b=$(bundle pidf)
fail_case "$id" "$b" 'pid file.*no-such-dir' "a --pid-file in a directory that does not exist" \
	--pid-file "$tmp/no-such-dir/pid"

# ---- after all cases -------------------------------------------------------------
t_is "$(rt list -q 2>&1)" "" "list -q is empty after all the failed creates"
n=$(ls -A "$root" 2>/dev/null | wc -l)
t_is "$n" "0" "the state root holds nothing"
n=0
for p in /proc/[0-9]*; do
	r=$(readlink "$p/root" 2>/dev/null) || continue
	case $r in "$tmp"/*) n=$((n + 1)) ;; esac
done
t_is "$n" "0" "no process has its root under the test directory"
n=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$T_ID_PREFIX-*" 2>/dev/null | wc -l)
t_is "$n" "0" "no cgroup directory named after a test container"
t_is "$(ls /proc/$$/fd | wc -l)" "$fds_before" "the test shell's fds did not grow"

t_done
