#!/bin/sh
# SPDX-License-Identifier: MIT
# `exec`: a new process in an existing container, as runc does it. The
# process joins every namespace of the init (pid, mount, net, uts, ...) and
# its cgroup, starts from config.json's process (env, cwd, user, caps,
# rlimits, noNewPrivileges) with the flags applied (-e, --cwd, -u, -g,
# --cap, --no-new-privs, -p process.json), relays the exit status, -t
# (own pty relay, --console-socket), -d with --pid-file, --preserve-fds,
# exec into a created / stopped / unknown container, a missing binary, and
# the CVE-2024-21626 cwd escape through a leaked fd.
#
#   B=build sh tests/integration/exec.sh
#   RUNTIME=/usr/sbin/runc B=build sh tests/integration/exec.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=exec
. "$top/tests/helper/container.sh"
RECVTTY=$top/tests/helper/recvtty.py
# runlet's status for a failed command; runc's is 255 (validation runs).
ERR=1
is_runc && ERR=255

# t_py DESCRIPTION FILE PYTHON: asserts PYTHON with j = FILE's JSON; the
# assertion message (or the parse error) is shown on failure.
t_py() {
	python3 - "$2" "$3" > "$tmp/py.err" 2>&1 <<'EOF'
import json, sys
def eq(got, want):
    assert got == want, "got %r, wanted %r" % (got, want)
j = json.load(open(sys.argv[1]))
exec(sys.argv[2])
EOF
	tp_rc=$?
	t_ok $tp_rc "$1"
	[ $tp_rc -ne 0 ] && tail -n 2 "$tmp/py.err" | sed 's/^/#   /'
	return 0
}

# xrc ARGS...: the runtime's exit status, without rt's "137 means it timed
# out" guess (an exec'd process killed by SIGKILL gives 137 legitimately):
# a timeout is told apart by the status file never being written.
xrc() {
	rm -f "$tmp/xrc"
	timeout -k 5 "$RT_TIMEOUT" sh -c '"$@"; echo $? > "$0"' "$tmp/xrc" \
		"$RUNTIME" --root "$root" "$@" </dev/null
	if [ -s "$tmp/xrc" ]; then
		return "$(cat "$tmp/xrc")"
	fi
	echo "# timed out: $RUNTIME $*" >&2
	echo "$*" >> "$tmp/timeouts"
	return 124
}

# A report of the exec'd probe: ex_report OUT [EXEC OPTIONS...] (the id is
# $id, the command /bin/probe report).
ex_report() {
	er_out=$1
	shift
	rt exec "$@" "$id" /bin/probe report > "$er_out" 2> "$er_out.err"
	er_rc=$?
	[ $er_rc -ne 0 ] && sed 's/^/#   runtime: /' "$er_out.err" | head -n 5
	return $er_rc
}

# ---- the main container: running, a marker in its /dev/shm -------------------
b=$tmp/main
new_bundle "$b"
cfg "$b" '
p = c["process"]
p["args"] = ["/bin/sh", "-c", "echo init-was-here > /dev/shm/marker && exec /bin/probe sleep 300"]
p["env"] = ["PATH=/bin", "FOO=from-config", "KEEP=kept"]
p["cwd"] = "/root"
p["user"] = {"uid": 0, "gid": 0, "additionalGids": [4242]}
p["noNewPrivileges"] = False
p["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 333, "hard": 444}]
c["hostname"] = "exec-host"
'
id=$(new_id main)
rt run -d -b "$b" "$id" > /dev/null 2> "$tmp/run.err"
t_ok $? "run -d of the main container (sleeping probe)"
wait_status "$id" running
ipid=$(rt state "$id" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["pid"])' 2>/dev/null)
ipid=${ipid:-0}
n=0
while ! grep -q init-was-here "/proc/$ipid/root/dev/shm/marker" 2>/dev/null && [ $n -lt 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
# The init's own /dev/shm file, seen from the host through its root.
grep -q init-was-here "/proc/$ipid/root/dev/shm/marker" 2>/dev/null
t_ok $? "the init wrote its marker in its /dev/shm (a tmpfs of its mount namespace)"

ex_report "$tmp/r.json"
t_ok $? "exec /bin/probe report in the running container exits 0"
t_py "the exec'd process is not pid 1 (it joined the init's pid namespace, whose 1 is the init)" "$tmp/r.json" '
assert j["pid"] > 1, j["pid"]'
# What the host sees of the init's namespaces, by inode.
for ns in cgroup ipc mnt net pid time user uts; do
	printf '%s %s\n' "$ns" "$(stat -L -c %i "/proc/$ipid/ns/$ns" 2>/dev/null)"
done > "$tmp/initns.txt"
NSF=$tmp/initns.txt t_py "every namespace (cgroup ipc mnt net pid time user uts) is the init's" "$tmp/r.json" '
import os
want = dict(l.split() for l in open(os.environ["NSF"]) if len(l.split()) == 2)
got = {k: str(j["namespaces"].get(k)) for k in want}
eq(got, want)
eq(len(want), 8)'
t_py "hostname is the container's (exec-host)" "$tmp/r.json" 'eq(j["hostname"], "exec-host")'

rt exec "$id" /bin/cat /dev/shm/marker > "$tmp/marker" 2>&1
t_is "$(cat "$tmp/marker")" "init-was-here" "same mount namespace: the init's file in its /dev/shm tmpfs is visible"
rt exec "$id" /bin/sh -c 'tr "\0" " " < /proc/1/cmdline' > "$tmp/cmdline" 2>&1
t_is "$(cat "$tmp/cmdline")" "$(tr '\0' ' ' < "/proc/$ipid/cmdline")" \
	"/proc/1/cmdline in the exec'd process is the init's (host's /proc/<init pid>/cmdline)"
t_is "$(rt exec "$id" /bin/readlink /proc/self/ns/net 2>&1)" "$(readlink "/proc/$ipid/ns/net")" \
	"readlink /proc/self/ns/net inside equals the host's /proc/<init pid>/ns/net"
t_is "$(rt exec "$id" /bin/hostname 2>&1)" "exec-host" "hostname(1) inside prints the container's hostname"
rt exec "$id" /bin/sh -c 'cat /proc/self/cgroup; echo --; cat /proc/1/cgroup' > "$tmp/cg.txt" 2>&1
t_is "$(sed -n '1,/^--$/p' "$tmp/cg.txt" | sed '$d')" "$(sed -n '/^--$/,$p' "$tmp/cg.txt" | sed 1d)" \
	"the exec'd process is in the init's cgroup (/proc/self/cgroup = /proc/1/cgroup)"

# ---- starts from config.json's process ------------------------------------------
t_py "env is config.json's (no -e)" "$tmp/r.json" 'eq([e for e in j["env"] if not e.startswith("HOME=")], ["PATH=/bin", "FOO=from-config", "KEEP=kept"])'
t_py "cwd is config.json's (/root)" "$tmp/r.json" 'eq(j["cwd"], "/root")'
t_py "uid/gid 0 and additionalGids [4242] as in config.json" "$tmp/r.json" '
eq([j[k] for k in ("uid", "euid", "gid", "egid")], [0] * 4)
eq(j["groups"], [4242])'
t_py "rlimits are config.json's (NOFILE 333/444)" "$tmp/r.json" 'eq(j["rlimits"]["RLIMIT_NOFILE"], {"soft": 333, "hard": 444})'
t_py "capabilities are config.json's (AUDIT_WRITE, KILL, NET_BIND_SERVICE: 0x20000420 in bnd/prm/eff)" "$tmp/r.json" '
eq([j["caps"][k] for k in ("CapBnd", "CapPrm", "CapEff", "CapInh", "CapAmb")],
   ["0000000020000420"] * 3 + ["0000000000000000"] * 2)'
t_py "noNewPrivileges false in config.json: no_new_privs 0" "$tmp/r.json" 'eq(j["no_new_privs"], 0)'
t_py "only fds 0, 1, 2 reach the process" "$tmp/r.json" 'eq([f["fd"] for f in j["fds"]], [0, 1, 2])'

# ---- exit status -------------------------------------------------------------------
xrc exec "$id" /bin/probe exit 0
t_is "$?" "0" "exit status 0 is relayed"
xrc exec "$id" /bin/probe exit 7
t_is "$?" "7" "exit status 7 is relayed"
xrc exec "$id" /bin/probe kill-self 9
t_is "$?" "137" "a process killed by SIGKILL: 128+9"
xrc exec "$id" /bin/probe kill-self 15
t_is "$?" "143" "a process killed by SIGTERM: 128+15"

# ---- flags -------------------------------------------------------------------------
ex_report "$tmp/env.json" -e NEW=1 -e FOO=override -e "SP=a b"
t_ok $? "exec -e ... exits 0"
t_py "-e adds NEW=1 and SP=a b, replaces config's FOO (exactly one FOO=override), keeps KEEP" "$tmp/env.json" '
e = j["env"]
assert "NEW=1" in e and "SP=a b" in e and "KEEP=kept" in e and "PATH=/bin" in e, e
eq([x for x in e if x.startswith("FOO=")], ["FOO=override"])'

ex_report "$tmp/cwd.json" --cwd /tmp
t_py "--cwd /tmp" "$tmp/cwd.json" 'eq(j["cwd"], "/tmp")'
rt exec --cwd /no/such/dir "$id" /bin/true > /dev/null 2> "$tmp/cwd.err"
rc=$?
t_ok $((rc == 0)) "--cwd to a missing directory fails (exit $rc)"

ex_report "$tmp/u.json" -u 1000:1001
t_py "-u 1000:1001: uid/euid/suid 1000, gid/egid/sgid 1001" "$tmp/u.json" '
eq([j[k] for k in ("uid", "euid", "suid", "gid", "egid", "sgid")], [1000] * 3 + [1001] * 3)'
t_py "... a non-root user without ambient caps has empty permitted/effective sets after execve" "$tmp/u.json" '
eq([j["caps"]["CapPrm"], j["caps"]["CapEff"]], ["0000000000000000"] * 2)'
ex_report "$tmp/u1.json" -u 1000
t_py "-u 1000 (no gid): uid 1000, gid stays config.json's (0), as runc" "$tmp/u1.json" '
eq([j["uid"], j["gid"]], [1000, 0])'

ex_report "$tmp/g.json" -u 1000:1001 -g 10 -g 20
t_py "-g 10 -g 20: supplementary groups 10, 20 added to config.json's additionalGids 4242 (runc appends)" "$tmp/g.json" '
eq(sorted(j["groups"]), [10, 20, 4242])'

# --cap: bit 21 is CAP_SYS_ADMIN.
SA=$((1 << 21))
export SA
ex_report "$tmp/cap0.json" -u 1000:1001
ex_report "$tmp/cap.json" -u 1000:1001 --cap CAP_SYS_ADMIN
t_py "--cap CAP_SYS_ADMIN for uid 1000: added to the bounding set (absent without it)" "$tmp/cap.json" '
import os
sa = int(os.environ["SA"])
j0 = json.load(open(sys.argv[1].replace("cap.json", "cap0.json")))
assert int(j["caps"]["CapBnd"], 16) & sa, j["caps"]
assert not int(j0["caps"]["CapBnd"], 16) & sa, j0["caps"]
eq(int(j["caps"]["CapBnd"], 16) & ~sa, int(j0["caps"]["CapBnd"], 16))'
t_py "... but, as runc does (CVE-2022-29162), not to the inheritable or ambient sets: a non-root process has it in neither effective nor permitted after execve" "$tmp/cap.json" '
eq([j["caps"][k] for k in ("CapInh", "CapAmb", "CapPrm", "CapEff")], ["0000000000000000"] * 4)'
ex_report "$tmp/caproot.json" --cap CAP_SYS_ADMIN
t_py "--cap CAP_SYS_ADMIN for root: in the bounding, permitted and effective sets (config's kept)" "$tmp/caproot.json" '
import os
sa = int(os.environ["SA"])
for k in ("CapBnd", "CapPrm", "CapEff"):
    eq(j["caps"][k], "%016x" % (0x20000420 | sa))
eq([j["caps"]["CapInh"], j["caps"]["CapAmb"]], ["0000000000000000"] * 2)'
rt exec "$id" /bin/mount -t tmpfs none /tmp > /dev/null 2>&1
rc=$?
t_ok $((rc == 0)) "without --cap CAP_SYS_ADMIN root cannot mount (exit $rc)"
rt exec --cap CAP_SYS_ADMIN "$id" /bin/mount -t tmpfs none /tmp > "$tmp/mount.err" 2>&1
rc=$?
t_ok $rc "with --cap CAP_SYS_ADMIN root can mount a tmpfs in the container (exit $rc)"
[ $rc -ne 0 ] && sed 's/^/#   /' "$tmp/mount.err" | head -n 3

ex_report "$tmp/nnp.json" --no-new-privs
t_py "--no-new-privs: no_new_privs 1 (config.json has false)" "$tmp/nnp.json" 'eq(j["no_new_privs"], 1)'

# -p process.json: args, env, cwd and user from the file, not config.json.
cat > "$tmp/process.json" <<'EOF'
{
  "terminal": false,
  "user": { "uid": 7, "gid": 8 },
  "args": ["/bin/probe", "report", "from-file", "a b"],
  "env": ["PATH=/bin", "FROMFILE=1"],
  "cwd": "/tmp"
}
EOF
rt exec -p "$tmp/process.json" "$id" > "$tmp/p.json" 2> "$tmp/p.err"
t_ok $? "exec -p process.json exits 0"
t_py "-p: args exactly the file's" "$tmp/p.json" 'eq(j["args"], ["/bin/probe", "report", "from-file", "a b"])'
t_py "-p: env is the file's (none of config.json's FOO, KEEP)" "$tmp/p.json" '
eq([e for e in j["env"] if not e.startswith("HOME=")], ["PATH=/bin", "FROMFILE=1"])'
t_py "-p: cwd /tmp and uid 7, gid 8 from the file" "$tmp/p.json" 'eq([j["cwd"], j["uid"], j["gid"]], ["/tmp", 7, 8])'

# ---- -d and --pid-file ---------------------------------------------------------------
rt exec -d --pid-file "$tmp/exec.pid" "$id" /bin/probe sleep 300 > "$tmp/d.out" 2>&1
t_ok $? "exec -d --pid-file returns 0 while the process runs"
xpid=$(cat "$tmp/exec.pid" 2>/dev/null)
case $xpid in '' | *[!0-9]*) xpid=0 ;; esac
[ "$xpid" -gt 0 ] && bg_pid "$xpid"
[ "$xpid" -gt 0 ] && kill -0 "$xpid" 2>/dev/null
t_ok $? "the pid file holds a live pid ($xpid)"
t_is "$(tr '\0' ' ' < "/proc/$xpid/cmdline" 2>/dev/null)" "/bin/probe sleep 300 " "... which is the exec'd command"
t_is "$(cat "/proc/$xpid/cgroup" 2>/dev/null)" "$(cat "/proc/$ipid/cgroup")" \
	"... in the container's cgroups (/proc/<pid>/cgroup equals the init's)"
t_is "$(readlink "/proc/$xpid/ns/pid" 2>/dev/null)" "$(readlink "/proc/$ipid/ns/pid")" "... and the init's pid namespace"
[ "$xpid" -gt 0 ] && kill -9 "$xpid" 2>/dev/null

# ---- --preserve-fds -----------------------------------------------------------------
echo "passed-through-fd3" > "$tmp/fd3"
out=$(rt exec --preserve-fds 1 "$id" /bin/sh -c 'cat <&3' 3<"$tmp/fd3" 2>&1)
t_is "$out" "passed-through-fd3" "--preserve-fds 1: the process reads the caller's fd 3"
rt exec --preserve-fds 1 "$id" /bin/probe fds 3<"$tmp/fd3" 4<"$tmp/fd3" > "$tmp/fds1.json" 2>&1
t_py "--preserve-fds 1: fds 0-3 reach the process, 3 is the caller's file, 4 does not" "$tmp/fds1.json" '
import os
f = {x["fd"]: x["target"] for x in j}
eq(sorted(f), [0, 1, 2, 3])
eq(f[3], os.path.realpath(sys.argv[1].replace("fds1.json", "fd3")))'
rt exec "$id" /bin/probe fds 3<"$tmp/fd3" 4<"$tmp/fd3" > "$tmp/fds0.json" 2>&1
t_py "without --preserve-fds only fds 0, 1, 2 reach the process (3 and 4 were open)" "$tmp/fds0.json" '
eq([x["fd"] for x in j], [0, 1, 2])'

# ---- -t ---------------------------------------------------------------------------------
if command -v script >/dev/null; then
	timeout 60 script -qec "timeout -k 5 $RT_TIMEOUT $RUNTIME --root $root exec -t $id /bin/probe report" /dev/null \
		</dev/null > "$tmp/t.raw" 2>&1
	t_ok $? "exec -t (no console socket) under script exits 0"
	tr -d '\r' < "$tmp/t.raw" | sed -n 's/^[^{]*{/{/p' > "$tmp/t.json"
	t_py "... the process's stdin, stdout and stderr are one pty, its controlling terminal" "$tmp/t.json" '
assert all(t["isatty"] for t in j["tty"]), j["tty"]
eq(len({t["name"] for t in j["tty"]}), 1)
assert j["tty_nr"] != 0, j["tty_nr"]'
	timeout 60 script -qec "timeout -k 5 $RT_TIMEOUT $RUNTIME --root $root exec -t $id /bin/probe exit 5" /dev/null \
		</dev/null > /dev/null 2>&1
	t_is "$?" "5" "... and exec -t relays the exit status (5)"
	rt exec "$id" /bin/probe report > "$tmp/nt.json" 2>&1
	t_py "without -t (config terminal false) stdio is not a tty" "$tmp/nt.json" '
assert not any(t["isatty"] for t in j["tty"]), j["tty"]'
else
	t_skip "exec -t under script" "script(1) is not installed"
fi

# -d -t --console-socket: the pty master goes to the socket (runc refuses
# --console-socket without -d, so the parity-safe form is detached).
sock=$tmp/console.sock
python3 "$RECVTTY" "$sock" "$tmp/cs.out" </dev/null >/dev/null 2>"$tmp/recvtty.err" &
rp=$!
bg_pid "$rp"
n=0
while [ ! -S "$sock" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
rt exec -d -t --console-socket "$sock" "$id" /bin/probe report > /dev/null 2> "$tmp/cs.err"
rc=$?
t_ok $rc "exec -d -t --console-socket exits 0"
[ $rc -ne 0 ] && { sed 's/^/#   runtime: /' "$tmp/cs.err" | head -n 3; kill "$rp" 2>/dev/null; }
wait "$rp"
t_ok $? "the console socket received exactly one fd"
t_is "$(pj "$tmp/cs.out.meta" '[j["fds"], j.get("isatty"), j.get("rdev_major")]')" "[1, true, 5]" \
	"... a pty master"
tr -d '\r' < "$tmp/cs.out" 2>/dev/null > "$tmp/cs.json"
t_py "... and the process's stdin, stdout and stderr are that pty's slave, its controlling terminal" "$tmp/cs.json" '
assert all(t["isatty"] for t in j["tty"]), j["tty"]
eq(len({t["name"] for t in j["tty"]}), 1)
assert j["tty_nr"] != 0, j["tty_nr"]'

# -d -t --console-socket: input through the master reaches the process.
sock=$tmp/console2.sock
python3 "$RECVTTY" "$sock" "$tmp/cs2.out" 'hello\n' </dev/null >/dev/null 2>&1 &
rp=$!
bg_pid "$rp"
n=0
while [ ! -S "$sock" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
rt exec -d -t --console-socket "$sock" "$id" /bin/sh -c 'read x; echo got:$x' > /dev/null 2>&1 || kill "$rp" 2>/dev/null
wait "$rp"
grep -q '^got:hello' "$tmp/cs2.out"
t_ok $? "exec -d -t --console-socket: input written to the master reaches the process"

rt exec -t -d "$id" /bin/true > /dev/null 2>&1
rc=$?
t_ok $((rc == 0)) "exec -t -d without --console-socket fails (exit $rc)"
rt exec --console-socket "$tmp/console.sock" "$id" /bin/true > /dev/null 2>&1
rc=$?
t_ok $((rc == 0)) "exec --console-socket without -t fails (exit $rc)"

# ---- CVE-2024-21626: no cwd through a leaked fd -----------------------------------------
# Whatever fds the runtime holds while it sets the process up, a cwd of
# /proc/self/fd/N (or a path below it) must never leave the process in a
# directory outside the container: the exec either fails or the process's
# cwd is a path from the container's root (getcwd gives "(unreachable)..."
# or ENOENT, a null cwd in the report, for a directory outside it).
bad=
for n in 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	for d in "/proc/self/fd/$n" "/proc/self/fd/$n/.." "/proc/self/fd/$n/../../.."; do
		if rt exec --cwd "$d" "$id" /bin/probe report > "$tmp/cve.json" 2>/dev/null; then
			c=$(pj "$tmp/cve.json" 'j["cwd"]')
			case $c in
			/*) ;;
			*) bad="$bad $d(cwd=$c)" ;;
			esac
		fi
	done
done
t_is "${bad:-none}" "none" "--cwd /proc/self/fd/N[/..] (N = 3..20) never gives a cwd outside the container (CVE-2024-21626)"
t_is "$(status_of "$id")" "running" "the container is still running after all those execs"

# ---- failures -----------------------------------------------------------------------------
rt exec "$id" /bin/no-such-binary arg > /dev/null 2> "$tmp/missing.err"
rc=$?
t_ok $((rc == 0)) "exec of a missing binary fails (exit $rc)"
grep -q 'no-such-binary' "$tmp/missing.err"
t_ok $? "... with a message naming it"
[ $rc -ne 0 ] || sed 's/^/#   /' "$tmp/missing.err" | head -n 3
rt exec "$id" no-such-command-in-path > /dev/null 2> "$tmp/missing2.err"
rc=$?
t_ok $((rc == 0)) "exec of a command not in the container's PATH fails (exit $rc)"
grep -q 'no-such-command-in-path' "$tmp/missing2.err"
t_ok $? "... with a message naming it"
t_is "$(status_of "$id")" "running" "... and the container keeps running"
kill -0 "$ipid" 2>/dev/null && [ "$(rt state "$id" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["pid"])' 2>/dev/null)" = "$ipid" ]
t_ok $? "... with the same init"

rt exec "$T_ID_PREFIX-no-such-container" /bin/true > /dev/null 2> "$tmp/unknown.err"
t_is "$?" "$ERR" "exec into an unknown id fails with exit 1 (runc: 255)"
[ -s "$tmp/unknown.err" ]
t_ok $? "... with a message"

rt exec "$id" > /dev/null 2>&1
rc=$?
t_ok $((rc == 0)) "exec without a command (and no -p) fails (exit $rc)"

# ---- a created (not started) container: runc 1.1.5 execs into it --------------------------
b2=$tmp/created
new_bundle "$b2" sleep 300
cid=$(new_id created)
rt create -b "$b2" "$cid" > /dev/null 2> "$tmp/create.err"
t_ok $? "create a second container (not started)"
rt exec "$cid" /bin/probe report > "$tmp/cr.json" 2> "$tmp/cr.err"
rc=$?
t_is "$rc" "0" "exec into a created container works (as runc 1.1.5 with the same bundle)"
[ $rc -ne 0 ] && sed 's/^/#   runtime: /' "$tmp/cr.err" | head -n 3
cpid=$(rt state "$cid" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["pid"])' 2>/dev/null)
printf 'pid %s\n' "$(stat -L -c %i "/proc/${cpid:-0}/ns/pid" 2>/dev/null)" > "$tmp/crns.txt"
NSF=$tmp/crns.txt t_py "... in the created init's pid namespace, not as its pid 1" "$tmp/cr.json" '
import os
want = open(os.environ["NSF"]).read().split()[1]
eq(str(j["namespaces"]["pid"]), want)
assert j["pid"] > 1, j["pid"]'
t_is "$(status_of "$cid")" "created" "... and the container stays created"
rt start "$cid"
t_ok $? "start works after an exec into the created container"
wait_status "$cid" running
t_is "$(status_of "$cid")" "running" "... and it runs"

# ---- a stopped container ---------------------------------------------------------------------
b3=$tmp/stopped
new_bundle "$b3" exit 0
sid=$(new_id stopped)
rt run -d -b "$b3" "$sid" > /dev/null 2>&1
wait_status "$sid" stopped
t_is "$(status_of "$sid")" "stopped" "a container whose init exited is stopped"
rt exec "$sid" /bin/true > /dev/null 2> "$tmp/stopped.err"
t_is "$?" "$ERR" "exec into a stopped container fails with exit 1 (runc: 255)"
grep -qi 'stopped' "$tmp/stopped.err"
t_ok $? "... with a message saying it is stopped"

# --cgroup: an existing sub-cgroup of the container's (runc's flag).
b4=$tmp/cgsub
new_bundle "$b4"
cfg "$b4" 'c["process"]["args"] = ["sleep", "300"]'
gid=$(new_id cgsub)
rt run -d -b "$b4" "$gid" >/dev/null 2>&1
if [ -d /sys/fs/cgroup/memory/runlet/"$gid" ]; then
	for d in /sys/fs/cgroup/*/runlet/"$gid"; do mkdir "$d/sub"; done
	# a new v1 cpuset starts empty: give it the parent's
	for f in cpuset.cpus cpuset.mems; do
		cat "/sys/fs/cgroup/cpuset/runlet/$gid/$f" > "/sys/fs/cgroup/cpuset/runlet/$gid/sub/$f" 2>/dev/null
	done
	got=$(rt exec --cgroup sub "$gid" cat /proc/self/cgroup | grep -c ':/sub$')
	want=$(grep -c . "/proc/$(rt state "$gid" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')/cgroup")
	t_is "$got" "$want" "exec --cgroup sub: the process is in the sub-cgroup in every hierarchy"
	rt exec --cgroup memory:sub "$gid" cat /proc/self/cgroup > "$tmp/cgm"
	t_is "$(grep -c ':/sub$' "$tmp/cgm"):$(grep -c 'memory:/sub$' "$tmp/cgm")" "1:1" \
		"exec --cgroup memory:sub: only the memory hierarchy's"
	rt exec --cgroup nosuch "$gid" true 2>"$tmp/cgn"
	t_is "$?" "1" "exec --cgroup with a missing sub-cgroup fails (exit 1), creating nothing"
	rt exec --cgroup ../escape "$gid" true 2>/dev/null
	t_is "$?" "2" "exec --cgroup with .. is a usage error"
else
	t_skip "exec --cgroup sub" "no cgroup v1 memory hierarchy here (the VM suite runs cgroup v2)"
fi
rt delete -f "$gid"
n=$(ls -d /sys/fs/cgroup/*/runlet/"$gid" 2>/dev/null | wc -l)
t_is "$n" "0" "delete removes the container's cgroup with its sub-cgroups"

t_done
