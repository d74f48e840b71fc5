#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/helper/enosys: first the tool itself (which syscalls fail and how,
# that everything else still works, inheritance), then the runtime under it,
# so that its fallbacks run on a kernel that has everything: clone3 ->
# clone, clone with CLONE_NEW* -> unshare + fork (what qemu-user forces),
# openat2 -> component walk, the new mount API -> mount(2), close_range ->
# /proc/self/fd, pidfd_* -> kill(2).
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
new_bundle "$tmp/rep"
new_bundle "$tmp/sl" sleep 600
host_ns=$("$PROBE" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["namespaces"]))')
for f in clone3 clone-ns clone3,clone-ns openat2 mount-api close_range pidfd_open,pidfd_send_signal \
	clone3,clone-ns,openat2,mount-api,close_range,pidfd_open,pidfd_send_signal; do
	id=$(new_id run)
	RT_WRAP="$E $f --"
	rt run -b "$tmp/rep" "$id" > "$tmp/$id.json" 2> "$tmp/$id.err"
	rc=$?
	python3 - "$tmp/$id.json" "$host_ns" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
host = json.loads(sys.argv[2])
assert j["pid"] == 1, j["pid"]
for t in ("pid", "mnt", "net", "ipc", "uts"):
    assert j["namespaces"][t] != host[t], t
m = {x["target"]: x["fstype"] for x in j["mounts"]}
assert m.get("/proc") == "proc" and m.get("/dev") == "tmpfs" and m.get("/sys") == "sysfs", m
assert [f["fd"] for f in j["fds"]] == [0, 1, 2], j["fds"]
assert j["cwd"] == "/" and j["seccomp"] == 2 and j["no_new_privs"] == 1
EOF
	ok=$?
	t_ok $((rc || ok)) "run under enosys $f: exit $rc, namespaces, mounts, fds as usual"
	[ "$rc" -ne 0 ] && sed 's/^/#   /' "$tmp/$id.err" | head -n 5
	id=$(new_id life)
	rt create -b "$tmp/sl" "$id" >/dev/null 2>"$tmp/$id.err" && rt start "$id" 2>>"$tmp/$id.err" &&
		wait_status "$id" running && rt kill "$id" KILL 2>>"$tmp/$id.err" &&
		wait_status "$id" stopped && rt delete "$id" 2>>"$tmp/$id.err"
	t_ok $? "create/start/kill/delete under enosys $f"
	RT_WRAP=
	[ -s "$tmp/$id.err" ] && sed 's/^/#   /' "$tmp/$id.err" | head -n 5
done

t_done
