#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/helper/enosys: first the tool itself (which syscalls fail and how,
# that everything else still works, inheritance), then the runtime under it,
# so that its fallbacks run on a kernel that has everything: clone3 ->
# clone, clone with CLONE_NEW* -> unshare + fork (what qemu-user forces),
# CLONE_INTO_CGROUP -> cgroup.procs, openat2 -> component walk, open_tree,
# move_mount, fsopen (and all of the new mount API) -> mount(2),
# mount_setattr -> MS_REMOUNT, close_range -> a close loop, pidfd_open and
# pidfd_send_signal -> kill(2); each alone, and all at once.
#
# Under each, the core checks are those of a run without the filter: the
# same mounts (target, type, options, source, root), /dev, rootfs, only fds
# 0-2, the exit status relayed, the state at each step of
# create/start/exec/kill/delete, and nothing left after delete (state
# directory, cgroups, mounts, processes). The spawn path runlet logs with
# --debug shows that a clone fallback was really taken. CLONE_INTO_CGROUP
# is used on a cgroup v2-only host only: on another host its fallback runs
# in the cgroup v2 VM (tests/vm/run.sh) when qemu and a kernel are there.
#
#   B=build sh tests/integration/enosys.sh
#   RUNTIME=/usr/bin/runc B=build sh tests/integration/enosys.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=enosys
. "$top/tests/helper/container.sh"

# $tmp/sc.py NR [ARGS...]: a raw syscall; prints "ok" or the errno name.
# For clone (56) the child exits at once and the parent reaps it.
cat > "$tmp/sc.py" <<'EOF'
import ctypes, errno, os, sys
l = ctypes.CDLL(None, use_errno=True)
l.syscall.restype = ctypes.c_long
args = [int(a, 0) for a in sys.argv[1:]]
r = l.syscall(*[ctypes.c_long(a) for a in args])
if args[0] == 56 and r == 0:
    os._exit(0)
if args[0] == 56 and r > 0:
    os.waitpid(r, 0)
print("ok" if r >= 0 else errno.errorcode[ctypes.get_errno()])
EOF
PY=$(command -v python3)
sc() { "$PY" "$tmp/sc.py" "$@"; }
E=$ENOSYS
CLONE_NEWUTS=0x04000000
SIGCHLD=17

# ---- the tool ----------------------------------------------------------------
"$E" >/dev/null 2>&1
t_is "$?" "2" "no arguments: usage error (exit 2)"
"$E" clone3 true >/dev/null 2>&1
t_is "$?" "2" "missing --: usage error (exit 2)"
"$E" no_such_call -- true >/dev/null 2>&1
t_is "$?" "2" "unknown syscall name: usage error (exit 2)"
"$E" clone3 -- "$tmp/does-not-exist" 2>/dev/null
t_is "$?" "127" "a command that cannot be executed: exit 127"
"$E" clone3 -- sh -c 'exit 7'
t_is "$?" "7" "the command's exit status is passed through (it is exec'd)"
t_is "$(sc 435 0 0)" "EINVAL" "without the filter, clone3(NULL, 0) is EINVAL (a bad size), not ENOSYS"
for c in clone3:435 openat2:437 close_range:436 open_tree:428 move_mount:429 fsopen:430 \
	fsconfig:431 fsmount:432 fspick:433 mount_setattr:442 pidfd_open:434 pidfd_send_signal:424; do
	t_is "$("$E" "${c%%:*}" -- "$PY" "$tmp/sc.py" "${c#*:}" 0 0 0 0)" "ENOSYS" "${c%%:*} (${c#*:}) returns ENOSYS"
done
t_is "$("$E" 437 -- "$PY" "$tmp/sc.py" 437 -100 0 0 0)" "ENOSYS" "a syscall given by number (437)"
t_is "$(for n in 428 429 430 431 432 433 442; do "$E" mount-api -- "$PY" "$tmp/sc.py" $n 0 0 0 0 0; done | tr '\n' ' ')" \
	"ENOSYS ENOSYS ENOSYS ENOSYS ENOSYS ENOSYS ENOSYS " "mount-api: open_tree move_mount fsopen fsconfig fsmount fspick mount_setattr"
t_is "$("$E" clone3 -- "$PY" "$tmp/sc.py" 437 -100 0 0 0)" "EINVAL" "a syscall not listed is untouched (openat2 under clone3)"
t_is "$("$E" clone3,openat2 -- sh -c 'sh -c "\"\$0\" \"\$1\" 435 0 0" "$0" "$1"' "$PY" "$tmp/sc.py")" "ENOSYS" \
	"the filter is inherited by children and grandchildren"
"$E" clone3 -- true
t_is "$(sc 435 0 0)" "EINVAL" "the caller is not affected"

# clone_into_cgroup: clone3 with a struct larger than 64 bytes is E2BIG
# (Linux 5.3-5.6 with the cgroup field set); 64 bytes go through.
t_is "$("$E" clone_into_cgroup -- "$PY" "$tmp/sc.py" 435 0 88)" "E2BIG" \
	"clone_into_cgroup: clone3 with an 88-byte clone_args is E2BIG"
t_is "$("$E" clone_into_cgroup -- "$PY" "$tmp/sc.py" 435 0 64)" "EFAULT" \
	"clone_into_cgroup: a 64-byte clone_args reaches the kernel (EFAULT on NULL)"
t_is "$(sc 435 0 88)" "EFAULT" "without the filter an 88-byte clone_args reaches the kernel"
t_is "$("$E" clone_into_cgroup,clone-ns -- "$PY" "$tmp/sc.py" 56 $((CLONE_NEWUTS | SIGCHLD)) 0 0 0 0)" "EINVAL" \
	"clone_into_cgroup and clone-ns together (both look at arguments)"

# clone-ns: clone(2) with a CLONE_NEW* flag is EINVAL, plain clone works.
t_is "$("$E" clone-ns -- "$PY" "$tmp/sc.py" 56 $((CLONE_NEWUTS | SIGCHLD)) 0 0 0 0)" "EINVAL" \
	"clone-ns: clone(CLONE_NEWUTS|SIGCHLD) is EINVAL"
t_is "$(sc 56 $((CLONE_NEWUTS | SIGCHLD)) 0 0 0 0)" "ok" "without the filter the same clone works"
t_is "$("$E" clone-ns -- "$PY" "$tmp/sc.py" 56 $SIGCHLD 0 0 0 0)" "ok" "clone-ns: clone(SIGCHLD) (a fork) still works"
t_is "$("$E" clone-ns -- unshare --uts --ipc --net sh -c 'echo unshared')" "unshared" \
	"clone-ns: unshare(2) of namespaces still works"
"$E" clone3,clone-ns -- "$PROBE" > "$tmp/nnp.json"
t_is "$(pj "$tmp/nnp.json" '[j["no_new_privs"], j["seccomp"]]')" "[1, 2]" \
	"under it, a process has no_new_privs 1 and Seccomp: 2"

# ---- the runtime under it ------------------------------------------------------
# $tmp/same.py BASE GOT: the parts of two probe reports that must not depend
# on which syscalls the runtime had; prints the differences, exit 1 if any.
cat > "$tmp/same.py" <<'EOF'
import json, sys
def norm(p):
    j = json.load(open(p))
    mounts = [(m["target"], m["fstype"], m["options"], m["source"], m["root"], m["super"])
              for m in j["mounts"]]
    dev = [(d["name"], d["type"], d["mode"], d.get("rdev"), d.get("link")) for d in j["dev"]]
    return {"pid": j["pid"], "cwd": j["cwd"], "fds": [f["fd"] for f in j["fds"]],
            "uid": j["uid"], "gid": j["gid"], "caps": j["caps"], "hostname": j["hostname"],
            "mounts": mounts, "dev": dev, "cgroup": j["cgroup"],
            "namespaces": sorted(j["namespaces"])}
a, b = norm(sys.argv[1]), norm(sys.argv[2])
bad = 0
for k in a:
    if a[k] == b[k]:
        continue
    bad = 1
    if isinstance(a[k], list):
        for x in a[k]:
            if x not in b[k]:
                print("#   %s: only without the filter: %s" % (k, x))
        for x in b[k]:
            if x not in a[k]:
                print("#   %s: only under it: %s" % (k, x))
        if sorted(map(str, a[k])) == sorted(map(str, b[k])):
            print("#   %s: in another order" % k)
    else:
        print("#   %s: %r, under it %r" % (k, a[k], b[k]))
sys.exit(bad)
EOF
# leftovers ID BUNDLE: what a deleted container left behind, one per line.
leftovers() {
	[ -e "$root/$1" ] && echo "state directory $root/$1"
	find /sys/fs/cgroup -mindepth 1 -maxdepth 6 -type d -name "$1" 2>/dev/null | sed 's/^/cgroup /'
	awk -v b="$2/" 'index($5 "/", b) == 1 { print "mount " $5 }' /proc/self/mountinfo
	for p in /proc/[0-9]*; do
		case $(readlink "$p/root" 2>/dev/null) in "$2"/*) echo "process ${p#/proc/}" ;; esac
	done
}
# spawn_how ERRFILE: the spawn path in runlet's --debug log ("clone3", ...).
spawn_how() {
	sed -n 's/.*spawned with \([a-z0-9_+]*\).*/\1/p' "$1" | head -n 1
}

new_bundle "$tmp/rep"
new_bundle "$tmp/sl" sleep 600
new_bundle "$tmp/x7" exit 7
host_ns=$("$PROBE" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["namespaces"]))')
id=$(new_id base)
rt run -b "$tmp/rep" "$id" > "$tmp/base.json" 2> "$tmp/base.err"
t_ok $? "a run without the filter: the reference for what follows"
if is_runc; then
	t_skip "the spawn path in the --debug log" "runc logs no spawn path"
else
	rt --debug run -b "$tmp/rep" "$(new_id base)" 2>"$tmp/base-debug.err" >/dev/null
	t_is "$(spawn_how "$tmp/base-debug.err")" "clone3" "without the filter the init is spawned with clone3 (--debug)"
fi

# scenario NAME FILTER HOW: the core checks under enosys FILTER; HOW is the
# spawn path expected in the --debug log ("" to skip that check).
scenario() {
	sn=$1
	RT_WRAP="$E $2 --"
	id=$(new_id run)
	rt --debug run -b "$tmp/rep" "$id" > "$tmp/$id.json" 2> "$tmp/$id.err"
	rc=$?
	python3 - "$tmp/$id.json" "$host_ns" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
host = json.loads(sys.argv[2])
for t in ("pid", "mnt", "net", "ipc", "uts", "cgroup"):
    assert j["namespaces"][t] != host[t], t
assert j["seccomp"] == 2 and j["no_new_privs"] == 1
EOF
	ok=$?
	t_ok $((rc || ok)) "$sn: run exits 0, in new namespaces, under the filter"
	[ "$rc" -ne 0 ] && grep -v 'level=debug' "$tmp/$id.err" | sed 's/^/#   /' | head -n 5
	if [ "$rc" -eq 0 ]; then
		python3 "$tmp/same.py" "$tmp/base.json" "$tmp/$id.json" | head -n 20
		t_ok $? "$sn: the same mounts, /dev, rootfs, fds, ids, caps, cgroups as without the filter"
	else
		t_ok 1 "$sn: the same container as without the filter (no report)"
	fi
	if [ -n "$3" ] && ! is_runc; then
		t_is "$(spawn_how "$tmp/$id.err")" "$3" "$sn: the init was spawned with $3"
	fi
	t_is "$(leftovers "$id" "$tmp/rep")" "" "$sn: run (deleted at exit) leaves nothing behind"

	id=$(new_id x7)
	rt run -b "$tmp/x7" "$id" >/dev/null 2>"$tmp/$id.err"
	t_is "$?" "7" "$sn: run relays the exit status (7)"

	id=$(new_id life)
	rt create -b "$tmp/sl" "$id" >/dev/null 2>"$tmp/$id.err"
	c=$?
	st1=$(status_of "$id")
	rt start "$id" 2>>"$tmp/$id.err"
	s=$?
	st2=$(status_of "$id")
	rt exec "$id" /bin/probe exit 3 2>>"$tmp/$id.err"
	x=$?
	rt kill "$id" KILL 2>>"$tmp/$id.err"
	k=$?
	wait_status "$id" stopped 5
	st3=$(status_of "$id")
	rt delete "$id" 2>>"$tmp/$id.err"
	d=$?
	st4=$(status_of "$id")
	t_is "$c $st1 $s $st2 $x $k $st3 $d $st4" "0 created 0 running 3 0 stopped 0 absent" \
		"$sn: create, start, exec (exit 3), kill, delete: exit statuses and states"
	[ -s "$tmp/$id.err" ] && sed 's/^/#   /' "$tmp/$id.err" | head -n 5
	t_is "$(leftovers "$id" "$tmp/sl")" "" "$sn: delete leaves nothing behind"
	RT_WRAP=
}

# Which cgroup layout runlet sees (the "cgroup" row of `runlet check`).
cgmode=$(rt check -f json 2>/dev/null | python3 -c '
import json, sys
print([f["probe"] for f in json.load(sys.stdin)["features"] if f["id"] == "cgroup"][0].split(":")[0])' 2>/dev/null)

scenario "clone3" clone3 clone
scenario "clone with CLONE_NEW* (qemu-user; clone3 still there)" clone-ns clone3
scenario "clone3 and clone with CLONE_NEW*" clone3,clone-ns unshare+fork
if [ "$cgmode" = "v2 only" ]; then
	scenario "CLONE_INTO_CGROUP" clone_into_cgroup clone3
else
	# runlet uses CLONE_INTO_CGROUP only on a cgroup v2-only host; here the
	# filter must change nothing (runlet passes no larger clone_args than
	# it needs). The v2 fallback runs in the VM below.
	scenario "CLONE_INTO_CGROUP (unused: ${cgmode:-unknown} cgroups)" clone_into_cgroup clone3
fi
scenario "openat2" openat2 ""
scenario "open_tree" open_tree ""
scenario "move_mount" move_mount ""
scenario "fsopen" fsopen ""
scenario "mount_setattr" mount_setattr ""
scenario "the whole new mount API" mount-api ""
scenario "close_range" close_range ""
scenario "pidfd_open" pidfd_open ""
scenario "pidfd_send_signal" pidfd_send_signal ""
scenario "pidfd_open and pidfd_send_signal" pidfd_open,pidfd_send_signal ""
ALL=clone3,clone-ns,clone_into_cgroup,openat2,mount-api,close_range,pidfd_open,pidfd_send_signal
scenario "all at once" "$ALL" unshare+fork

# A terminal: the pty is bound onto /dev/console with open_tree +
# move_mount, or with mount(2) when either is missing.
if command -v script >/dev/null; then
	new_bundle "$tmp/tty" stat /dev/console
	cfg "$tmp/tty" 'c["process"]["terminal"] = True'
	for f in 999 open_tree move_mount mount-api "$ALL"; do
		n=$f
		[ "$f" = 999 ] && n="no filter"
		[ "$f" = "$ALL" ] && n="all at once"
		timeout 60 script -qec "$E $f -- timeout -k 5 $RT_TIMEOUT $RUNTIME --root $root run -b $tmp/tty $(new_id tty)" \
			/dev/null </dev/null 2>&1 | tr -d '\r' | sed -n 's/^[^{]*{/{/p' > "$tmp/tty.json"
		t_is "$(pj "$tmp/tty.json" 'j["type"] + " " + j["rdev"].split(":")[0]')" "c 136" \
			"terminal, $n: /dev/console is the pty (char 136:N)"
	done
else
	t_skip "terminal runs under the filter" "script(1) is not installed"
fi


# ---- CLONE_INTO_CGROUP on a cgroup v2-only kernel (qemu VM) -------------------------
# The fallback: clone3 without the cgroup field (E2BIG from a 5.3-5.6
# kernel), the pid written to cgroup.procs. Booted with tests/vm/run.sh
# (x86_64, TCG); skipped when qemu or the kernel cannot be had.
if [ "$cgmode" = "v2 only" ]; then
	t_skip "CLONE_INTO_CGROUP in a cgroup v2 VM" "this host is cgroup v2-only: tested above"
elif is_runc; then
	t_skip "CLONE_INTO_CGROUP in a cgroup v2 VM" "runlet only (--debug spawn path)"
else
	B="$B" sh "$top/tests/vm/setup.sh" x86_64 </dev/null 2>"$tmp/vmsetup.err"
	vrc=$?
	if [ "$vrc" -eq 77 ]; then
		t_skip "CLONE_INTO_CGROUP in a cgroup v2 VM" \
			"$(sed -n 's/^.*unavailable: //p' "$tmp/vmsetup.err" | tail -n 1)"
	elif [ "$vrc" -ne 0 ]; then
		t_ok 1 "tests/vm/setup.sh x86_64 (status $vrc)"
		tail -n 5 "$tmp/vmsetup.err" | sed 's/^/# /'
	else
		pl=$tmp/vmpayload
		mkdir -p "$pl"
		cp "$RUNTIME" "$pl/runlet" && cp "$E" "$pl/enosys" && cp "$top/tests/lib.sh" "$pl/lib.sh" &&
			cp -a "$tmp/base/rootfs" "$pl/rootfs" &&
			cp "$tmp/sl/config.json" "$pl/config.json" &&
			cfg "$pl" 'c["root"] = {"path": "/payload/rootfs", "readonly": True}'
		cat > "$pl/run-tests" <<'EOF'
# busybox sh in the VM (cgroup v2 only); TAP on stdout.
set -u
P=/payload
. "$P/lib.sh"
# feature ID KEY [WRAPPER...]: the KEY line of feature ID in `runlet check -f json`.
feature() {
	fid=$1 key=$2
	shift 2
	"$@" "$P/runlet" check -f json | grep -A 8 "\"id\": \"$fid\"" | grep "\"$key\"" | head -n 1
}
mkdir -p /tmp/b
cp "$P/config.json" /tmp/b/
t_is "$(stat -f -c %t /sys/fs/cgroup)" "63677270" "the VM is cgroup v2-only (kernel $(uname -r))"
case $(feature clone_into_cgroup uses) in *'"CLONE_INTO_CGROUP'*) r=0 ;; *) r=1 ;; esac
t_ok $r "runlet check: CLONE_INTO_CGROUP is used here"
case $(feature clone_into_cgroup probe "$P/enosys" clone_into_cgroup --) in *E2BIG*) r=0 ;; *) r=1 ;; esac
t_ok $r "runlet check under enosys clone_into_cgroup: E2BIG, not used"
for f in none clone_into_cgroup clone3; do
	case $f in
	none) w= ; how=clone3+into_cgroup ;;
	clone_into_cgroup) w="$P/enosys clone_into_cgroup --" ; how=clone3 ;;
	clone3) w="$P/enosys clone3 --" ; how=clone ;;
	esac
	id=c-$f
	timeout -k 5 30 $w "$P/runlet" --root /run/rl --debug create -b /tmp/b "$id" </dev/null >/dev/null 2>/tmp/err
	rc=$?
	got=$(sed -n 's/.*spawned with \([a-z0-9_+]*\).*/\1/p' /tmp/err | head -n 1)
	t_is "$rc $got" "0 $how" "$f: create, the init spawned with $how"
	[ "$rc" -ne 0 ] && sed 's/^/#   /' /tmp/err | head -n 3
	pid=$(timeout 30 $w "$P/runlet" --root /run/rl state "$id" </dev/null | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
	t_is "$(grep '^0::' "/proc/${pid:-0}/cgroup" 2>/dev/null)" "0::/runlet/$id" \
		"$f: the init is in /runlet/$id before it starts"
	timeout -k 5 30 $w "$P/runlet" --root /run/rl start "$id" </dev/null &&
	timeout -k 5 30 $w "$P/runlet" --root /run/rl delete -f "$id" </dev/null
	t_ok $? "$f: start, delete -f"
	[ ! -e "/sys/fs/cgroup/runlet/$id" ] && [ ! -e "/run/rl/$id" ]
	t_ok $? "$f: no cgroup or state directory left"
done
t_done
EOF
		VM_LOG=$tmp/vm-console.log sh "$top/tests/vm/run.sh" x86_64 "$pl" "${VM_TIMEOUT:-180}" \
			> "$tmp/vm.tap" 2>"$tmp/vm.err"
		vrc=$?
		# the guest's TAP, renumbered into ours
		while IFS= read -r l; do
			case $l in
			"ok "*) t_ok 0 "vm: ${l#ok * - }" ;;
			"not ok "*) t_ok 1 "vm: ${l#not ok * - }" ;;
			"#"*) echo "$l" ;;
			esac
		done < "$tmp/vm.tap"
		grep -q '^1\.\.[0-9]' "$tmp/vm.tap" && [ "$vrc" -eq 0 ]
		t_ok $? "the VM ran to the end (status $vrc)"
		[ "$vrc" -ne 0 ] && { grep 'Bail out' "$tmp/vm.tap"; tail -n 3 "$tmp/vm.err"; } | sed 's/^/# /'
	fi
fi

t_done
