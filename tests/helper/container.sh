# SPDX-License-Identifier: MIT
# Shared setup for the integration scripts that run real containers
# (lifecycle, process, security, enosys, podman); sourced after tests/lib.sh
# with $top and $B set.
#
# The runtime under test is $RUNTIME (default $top/$B/x86_64/runlet), so
# every script can be checked against another runtime first:
#   RUNTIME=/usr/bin/runc B=build sh tests/integration/lifecycle.sh
#
# Provides: $tmp (removed on exit), $root (the runtime's private --root),
# $PROBE and $ENOSYS (built here from tests/helper/*.c when missing or
# stale), rt (the runtime, bounded by a timeout, stdin from /dev/null),
# new_id, new_bundle, cfg (edit config.json with python3), status_of,
# wait_status, wait_file, pj (read a JSON file with a python expression),
# v1_has (a cgroup v1 hierarchy has a controller).

RUNTIME=${RUNTIME:-$top/$B/x86_64/runlet}
case $RUNTIME in
/*) ;;
*) RUNTIME=$(command -v "$RUNTIME" || echo "$RUNTIME") ;;
esac
RT_TIMEOUT=${RT_TIMEOUT:-20}
RT_MAX_TIMEOUTS=${RT_MAX_TIMEOUTS:-3}
HELPERS=$top/$B/x86_64
PROBE=$HELPERS/probe
ENOSYS=$HELPERS/enosys

# build_helper NAME: tests/helper/NAME.c -> $HELPERS/NAME (static, musl).
build_helper() {
	src=$top/tests/helper/$1.c
	bin=$HELPERS/$1
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		mkdir -p "$HELPERS"
		musl-gcc -static -Os -Wall -Wextra -Werror -o "$bin.tmp" "$src" &&
			mv "$bin.tmp" "$bin" || return 1
	fi
}
if ! build_helper probe || ! build_helper enosys; then
	echo "Bail out! cannot build tests/helper/probe.c or enosys.c with musl-gcc"
	exit 1
fi
if [ ! -x "$RUNTIME" ]; then
	echo "Bail out! runtime \"$RUNTIME\" is not an executable (build it, or set RUNTIME)"
	exit 1
fi

tmp=$(mktemp -d "/tmp/runlet-${T_NAME:-it}.XXXXXX")
chmod 755 "$tmp"
root=$tmp/state
: > "$tmp/ids"
: > "$tmp/pids"
: > "$tmp/timeouts"
T_ID_PREFIX=rlt$$

# rt ARGS...: the runtime with our --root, bounded, never reading stdin.
# After RT_MAX_TIMEOUTS calls that had to be killed the script bails out,
# so that a hanging runtime costs a minute, not an hour. RT_BIN replaces
# the runtime binary for a call; RT_WRAP (words) is put in front of it.
rt() {
	if [ "$(wc -l < "$tmp/timeouts")" -ge "$RT_MAX_TIMEOUTS" ]; then
		# rt may run in a subshell or with stdout redirected: the main
		# shell exits from its TERM trap and t_cleanup prints this.
		echo "Bail out! the runtime timed out $RT_MAX_TIMEOUTS times (RT_TIMEOUT=${RT_TIMEOUT}s)" > "$tmp/bail"
		kill -TERM $$
		exit 1
	fi
	timeout -k 5 "$RT_TIMEOUT" ${RT_WRAP:-} "${RT_BIN:-$RUNTIME}" --root "$root" "$@" </dev/null
	rt_rc=$?
	# 124: timeout's own status; 137 after -k, unless a container's (run).
	if [ "$rt_rc" -eq 124 ] || { [ "$rt_rc" -eq 137 ] && [ "${1:-}" != run ]; }; then
		echo "# timed out: ${RT_WRAP:-}${RT_WRAP:+ }${RT_BIN:-$RUNTIME} $*" >&2
		echo "$*" >> "$tmp/timeouts"
	fi
	return "$rt_rc"
}

# new_id [TAG]: a fresh container id, remembered for the cleanup.
new_id() {
	t_idn=$(($(wc -l < "$tmp/ids") + 1))
	id=$T_ID_PREFIX-${T_NAME:-it}-${1:-c}$t_idn
	echo "$id" >> "$tmp/ids"
	echo "$id"
}

# bg_pid PID: a background process to kill at exit.
bg_pid() {
	echo "$1" >> "$tmp/pids"
}

# new_bundle DIR [ARGS...]: a bundle with the busybox rootfs, the probe as
# /bin/probe and the runtime's own `spec`, edited to terminal false and
# args ["/bin/probe", ARGS...].
new_bundle() {
	nb_dir=$1
	shift
	if [ ! -d "$tmp/base/rootfs" ]; then
		make_rootfs "$tmp/base/rootfs"
		cp "$PROBE" "$tmp/base/rootfs/bin/probe"
	fi
	mkdir -p "$nb_dir"
	cp -a "$tmp/base/rootfs" "$nb_dir/rootfs"
	(cd "$nb_dir" && timeout 20 "$RUNTIME" spec </dev/null) || return 1
	python3 - "$nb_dir/config.json" "$@" <<'EOF'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/probe"] + sys.argv[2:]
json.dump(c, open(p, "w"), indent=1)
EOF
}

# cfg BUNDLE PYTHON: runs PYTHON with `c` bound to the parsed config.json
# (and json, os imported), then writes it back.
cfg() {
	python3 - "$1/config.json" "$2" <<'EOF'
import json, os, sys
c = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
}

# pj FILE EXPR: prints the python expression EXPR with `j` = FILE's JSON
# (booleans as true/false, None as null, lists/dicts as JSON).
pj() {
	python3 - "$1" "$2" <<'EOF' 2>/dev/null
import json, sys
try:
    j = json.load(open(sys.argv[1]))
    v = eval(sys.argv[2])
except Exception as e:
    print("<%s>" % type(e).__name__)
    sys.exit(0)
print(v if isinstance(v, str) else json.dumps(v))
EOF
}

# status_of ID: the "status" field of `state`, or "absent" if state fails.
status_of() {
	rt state "$1" 2>/dev/null | python3 -c '
import json, sys
try:
    print(json.load(sys.stdin)["status"])
except Exception:
    print("absent")'
}

# wait_status ID WANT [SECONDS]: polls state until it reads WANT.
wait_status() {
	ws_n=$(( ${3:-10} * 20 ))
	while [ "$ws_n" -gt 0 ]; do
		[ "$(status_of "$1")" = "$2" ] && return 0
		sleep 0.05
		ws_n=$((ws_n - 1))
	done
	return 1
}

# wait_file FILE PATTERN [SECONDS]: polls until FILE has a line matching PATTERN.
wait_file() {
	wf_n=$(( ${3:-10} * 20 ))
	while [ "$wf_n" -gt 0 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
		wf_n=$((wf_n - 1))
	done
	return 1
}

# Host settings a broken runtime could change from a container (a missing
# namespace, a sysctl or mask written through a planted symlink): saved
# here, restored at exit with a warning if they changed.
T_HOST_FILES="/proc/sys/kernel/hostname /proc/sys/kernel/domainname /proc/sys/net/ipv4/ip_forward
/proc/sys/kernel/shmmax /proc/sys/kernel/core_pattern"
mkdir -p "$tmp/hostsave"
for f in $T_HOST_FILES; do
	cat "$f" > "$tmp/hostsave/$(echo "$f" | tr / _)" 2>/dev/null
done

t_cleanup() {
	set +e
	# (the shell has restored stdout by now, even if the exit came from
	# inside a redirected command)
	[ -f "$tmp/bail" ] && cat "$tmp/bail"
	while read -r cid; do
		timeout -k 5 20 "$RUNTIME" --root "$root" delete -f "$cid" >/dev/null 2>&1 </dev/null
	done < "$tmp/ids"
	while read -r p; do
		kill -9 "$p" 2>/dev/null
	done < "$tmp/pids"
	# What a broken runtime left behind: its own processes (their command
	# line names our --root or a bundle under $tmp) and container processes
	# (their root is under $tmp), killed by pid; then its cgroups named
	# after our container ids, if empty.
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" = "$$" ] && continue
		r=$(readlink "$p/root" 2>/dev/null)
		case $r in "$tmp"/*) kill -9 "$pid" 2>/dev/null; continue ;; esac
		{ tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null | grep -q -- "--root $tmp/" && kill -9 "$pid" 2>/dev/null
	done
	sleep 0.2
	find /sys/fs/cgroup -mindepth 2 -maxdepth 6 -depth -type d -name "$T_ID_PREFIX-*" \
		-exec rmdir {} \; 2>/dev/null
	[ -n "${T_EXTRA_CLEANUP:-}" ] && eval "$T_EXTRA_CLEANUP"
	for f in $T_HOST_FILES; do
		saved=$tmp/hostsave/$(echo "$f" | tr / _)
		[ -f "$saved" ] || continue
		if ! cat "$f" 2>/dev/null | cmp -s - "$saved"; then
			echo "# WARNING: the runtime changed the host's $f; restoring it"
			cat "$saved" > "$f"
		fi
	done
	# Whatever a broken runtime left mounted under $tmp (deepest first),
	# so that the rm below never walks into a host directory.
	awk -v t="$tmp" '$5 == t || index($5, t "/") == 1 { print $5 }' /proc/self/mountinfo |
		sort -r | while read -r m; do umount -n -l "$m" 2>/dev/null; done
	rm -rf --one-file-system "$tmp"
}
trap t_cleanup EXIT
trap 'exit 130' INT HUP
trap 'if [ -f "$tmp/bail" ]; then exit 1; fi; exit 130' TERM

# is_runc: the runtime under test is runc (validation runs).
is_runc() {
	case ${RUNTIME##*/} in runc*) return 0 ;; esac
	return 1
}
# t_spec STATUS DESCRIPTION DEVIATION: t_ok, except that a failure under
# runc is reported as a SKIP naming runc's known deviation from the
# runtime-spec. Under any other runtime (runlet) a failure is a failure.
t_spec() {
	if [ "$1" -ne 0 ] && is_runc; then
		t_skip "$2" "runc deviates from the runtime-spec: $3"
	else
		t_ok "$1" "$2"
	fi
}
# v1_has CONTROLLER: a cgroup v1 hierarchy under /sys/fs/cgroup has it.
v1_has() {
	awk -v c="$1" '$5 ~ "^/sys/fs/cgroup/" {
		for (i = 7; i <= NF && $i != "-"; i++) ;
		if ($(i + 1) != "cgroup") next
		n = split($(i + 3), o, ","); for (k = 1; k <= n; k++) if (o[k] == c) f = 1 }
		END { exit !f }' /proc/self/mountinfo
}
