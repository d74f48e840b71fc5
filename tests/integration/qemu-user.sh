#!/bin/sh
# SPDX-License-Identifier: MIT
# The foreign-arch runlet binaries (aarch64, ppc64le, sparc64) running real
# containers under qemu-user (qemu-<arch>-static, no binfmt_misc). The
# container payload is the host's x86_64 busybox and probe: an execve made
# inside qemu-user goes to the host kernel, so the payload runs natively
# while every runtime step (config, mounts, pivot_root, /dev, hooks, caps,
# rlimits, cgroups, exec) is the foreign binary's.
#
#   B=build sh tests/integration/qemu-user.sh
#   QU_ARCHES=sparc64 B=build sh tests/integration/qemu-user.sh
#
# What qemu-user 7.2 cannot do is either skipped with the reason or shown
# to take runlet's fallback (a QEMU_STRACE=1 run of each arch proves which
# syscalls were ENOSYS/EINVAL and what was done instead):
#   clone3 ENOSYS, clone(CLONE_NEW*) and clone(CLONE_PARENT) EINVAL ->
#     runlet unshares the pid namespace for one plain fork, and the init
#     unshares the rest ("spawned with unshare+fork (without CLONE_PARENT)");
#   openat2 ENOSYS -> the O_NOFOLLOW component walk;
#   open_tree/fsopen/move_mount/mount_setattr ENOSYS -> mount(2);
#   unshare(CLONE_NEWUSER) EINVAL (qemu is multithreaded) -> skipped;
#   seccomp loading (prctl EINVAL, seccomp ENOSYS) -> skipped;
#   open_tree and execveat ENOSYS, and an execve of a sealed copy goes to
#     the host kernel (ENOEXEC for a foreign binary): runlet cannot
#     re-execute itself from a protected copy (CVE-2019-5736), so it runs
#     from a read-only bind mount of the binary, the case that needs no
#     re-exec, and is checked to refuse clearly otherwise.
# tests/integration/vm-arches.sh covers user namespaces and seccomp on real
# aarch64 and ppc64le kernels. sparc64 has no seccomp filter mode: a config
# with linux.seccomp must be refused there (exit 1).
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=qemu
# The x86_64 runlet stays $RUNTIME: the cleanup deletes leftovers with it
# (the state directory is the same on every arch); the arch under test is
# RT_BIN under RT_WRAP.
. "$top/tests/helper/container.sh"
QU_ARCHES=${QU_ARCHES:-aarch64 ppc64le sparc64}
RT_TIMEOUT=${RT_TIMEOUT:-30}
t0=$(date +%s)

if [ "$(id -u)" -ne 0 ]; then
	t_skip "runlet under qemu-user" "not root (containers and the read-only bind of the binary need root)"
	t_done
	exit 0
fi

# The shared rootfs: host busybox + host probe (x86_64, run natively).
make_rootfs "$tmp/rootfs" && cp "$PROBE" "$tmp/rootfs/bin/probe" ||
	{ echo "Bail out! cannot make the busybox rootfs"; exit 1; }
# The reference spec, from the host's runlet.
mkdir -p "$tmp/spec-x86_64"
(cd "$tmp/spec-x86_64" && "$RUNTIME" spec) ||
	{ echo "Bail out! $RUNTIME spec failed"; exit 1; }

# mkbundle DIR HOSTNAME PYTHON ARGS...: a bundle from $spec (this arch's
# spec output) on the shared read-only rootfs, args ARGS, hostname
# HOSTNAME, then PYTHON run with `c` bound to the config.
mkbundle() {
	mb_dir=$1 mb_host=$2 mb_py=$3
	shift 3
	mkdir -p "$mb_dir"
	python3 - "$spec" "$mb_dir/config.json" "$tmp/rootfs" "$mb_host" "$mb_py" "$@" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["terminal"] = False
c["process"]["args"] = sys.argv[6:]
c["root"] = {"path": sys.argv[3], "readonly": True}
c["hostname"] = sys.argv[4]
exec(sys.argv[5])
json.dump(c, open(sys.argv[2], "w"), indent=1)
EOF
}
# field ID NAME: one field of the state JSON.
field() {
	rt state "$1" 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])" 2>/dev/null
}
alive() {
	[ -r "/proc/$1/stat" ] && ! awk '{ sub(/.*\) /, ""); exit $1 == "Z" ? 0 : 1 }' "/proc/$1/stat"
}
# has FILE ERE: the file has a line matching ERE.
has() {
	grep -Eq -- "$2" "$1" 2>/dev/null
}

for a in $QU_ARCHES; do
	ta=$(date +%s)
	qemu=$(sed -n "s/^QEMU_$a *:= *//p" "$top/toolchains/$a.mk" 2>/dev/null)
	bin=$top/$B/$a/runlet
	echo "# ---- $a: $bin under ${qemu:-?}"
	if [ -z "$qemu" ] || ! command -v "$qemu" >/dev/null 2>&1; then
		t_skip "$a: runlet under qemu-user" "${qemu:-no QEMU_$a in toolchains/$a.mk}: not installed (apt-get install qemu-user-static)"
		continue
	fi
	if [ ! -x "$bin" ]; then
		t_ok 1 "$a: $B/$a/runlet exists (make all-arches)"
		continue
	fi
	d=$tmp/$a
	mkdir -p "$d/spec"
	RT_WRAP=$qemu
	RT_BIN=$bin

	# ---- the runtime binary: no re-exec under qemu-user ------------------
	# From its writable build path runlet must re-execute itself from a
	# read-only or sealed copy (CVE-2019-5736): open_tree and execveat are
	# absent in qemu-user 7.2 and an execve of the copy reaches the host
	# kernel (ENOEXEC). It must then refuse clearly.
	spec=$tmp/spec-x86_64/config.json
	mkbundle "$d/plain" "qemu-$a" "" /bin/true
	id=$(new_id exe)
	rt run -b "$d/plain" "$id" >"$d/exe.out" 2>"$d/exe.err"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		t_ok 0 "$a: from a writable path runlet re-executes itself from a protected copy (this qemu has execveat)"
	else
		has "$d/exe.err" 'protecting the runtime binary \(CVE-2019-5736\)'
		t_ok $? "$a: from a writable path runlet refuses clearly (exit $rc): $(head -n 1 "$d/exe.err")"
	fi
	rt delete -f "$id" >/dev/null 2>&1
	# From here on: a read-only bind mount of the binary (nothing to re-exec).
	ro=$tmp/ro-$a
	: >"$ro"
	mount --bind "$bin" "$ro" && mount -o remount,bind,ro "$ro"
	t_ok $? "$a: the binary on a read-only bind mount ($ro)"
	RT_BIN=$ro

	# ---- spec, features ---------------------------------------------------
	(cd "$d/spec" && rt spec)
	t_ok $? "$a: spec exits 0"
	cmp -s "$d/spec/config.json" "$tmp/spec-x86_64/config.json"
	t_ok $? "$a: spec writes the same config.json as the x86_64 build"
	spec=$d/spec/config.json
	rt features >"$d/features.json" 2>"$d/features.err"
	sc=$(pj "$d/features.json" 'j["linux"]["seccomp"]["enabled"]')
	ar=$(pj "$d/features.json" 'j["annotations"]["org.opencontainers.runlet.arch"]')
	want_sc=true
	[ "$a" = sparc64 ] && want_sc=false
	t_is "$ar:$sc" "$a:$want_sc" "$a: features: arch annotation $a, linux.seccomp.enabled $want_sc"

	# ---- run: exit status, the spawn fallback, the whole process -----------
	mkbundle "$d/exit7" "qemu-$a" "" /bin/probe exit 7
	id=$(new_id run)
	rt --debug run -b "$d/exit7" "$id" >"$d/run.out" 2>"$d/run.err"
	t_is "$?" "7" "$a: run relays the container's exit status (7)"
	has "$d/run.err" "spawned with unshare\+fork"
	t_ok $? "$a: --debug: $(sed -n 's/.*msg="container [^:]*: \(init [0-9]* spawned with [^"]*\)".*/\1/p' "$d/run.err" | head -n 1)"
	rt state "$id" >/dev/null 2>&1
	t_is "$?" "1" "$a: run removes the container afterwards"

	mkbundle "$d/probe" "qemu-$a" '
caps = ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
c["process"]["capabilities"] = {k: caps for k in ("bounding", "effective", "permitted")}
c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 123, "hard": 456},
                           {"type": "RLIMIT_CORE", "soft": 0, "hard": 4096}]
t = sys.argv[2].rsplit("/", 2)[0]
c["hooks"] = {
    "createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c", "cat > %s/hook.createRuntime" % t]}],
    "poststop": [{"path": "/bin/sh", "args": ["sh", "-c", "cat > %s/hook.poststop" % t]}],
}' /bin/sh -c '/bin/probe; for f in null zero full random urandom tty; do echo; /bin/probe stat /dev/$f; done; echo; /bin/probe stat /dev/ptmx; echo'
	id=$(new_id probe)
	rt run -b "$d/probe" "$id" >"$d/probe.out" 2>"$d/probe.err"
	t_ok $? "$a: run of a probe bundle (caps, rlimits, hooks) exits 0"
	[ -s "$d/probe.err" ] && sed 's/^/#   stderr: /' "$d/probe.err" | head -n 5
	python3 - "$d/probe.out" "$a" "$tmp" >"$d/probe.tap" <<'EOF'
import json, os, sys
docs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
a, tmp = sys.argv[2], sys.argv[3]
p = docs[0]
devs = {d["path"]: d for d in docs[1:]}
def check(ok, what):
    print("%d %s" % (0 if ok else 1, what))
check(p["ppid"] == 1, "the container's sh is pid 1 of its pid namespace (the probe's parent: %s)" % p["ppid"])
check(p["hostname"] == "qemu-" + a, "hostname qemu-%s (got %s)" % (a, p["hostname"]))
caps = p["caps"]
check(caps["CapEff"] == caps["CapPrm"] == caps["CapBnd"] == "0000000000000421" and caps["CapInh"] == caps["CapAmb"] == "0000000000000000",
      "capabilities: CHOWN KILL NET_BIND_SERVICE only (eff %s, bnd %s)" % (caps["CapEff"], caps["CapBnd"]))
check(p["no_new_privs"] == 1, "noNewPrivileges set")
rl = p["rlimits"]
check(rl["RLIMIT_NOFILE"] == {"soft": 123, "hard": 456} and rl["RLIMIT_CORE"] == {"soft": 0, "hard": 4096},
      "rlimits: NOFILE 123/456, CORE 0/4096 (got %s, %s)" % (rl["RLIMIT_NOFILE"], rl["RLIMIT_CORE"]))
host = {}
for n in ("pid", "mnt", "uts", "ipc", "net", "cgroup"):
    host[n] = int(os.readlink("/proc/self/ns/" + n).split("[")[1].rstrip("]"))
same = [n for n in host if p["namespaces"][n] == host[n]]
check(not same, "new pid, mnt, uts, ipc, net and cgroup namespaces (shared with the host: %s)" % (same or "none"))
m = {x["target"]: x for x in p["mounts"]}
want = {"/": None, "/proc": "proc", "/dev": "tmpfs", "/dev/pts": "devpts", "/dev/shm": "tmpfs",
        "/dev/mqueue": "mqueue", "/sys": "sysfs"}
bad = [t for t, f in want.items() if t not in m or (f and m[t]["fstype"] != f)]
check(not bad, "mounts: / /proc /dev /dev/pts /dev/shm /dev/mqueue /sys with their types (wrong or missing: %s)" % (bad or "none"))
root = m.get("/", {})
check(root.get("root") == tmp + "/rootfs" and "ro" in root.get("options", "").split(","),
      "the root mount is the bundle's rootfs, read-only (root %s, %s)" % (root.get("root"), root.get("options")))
leak = [t for t in m if t.startswith(("/tmp", "/work", "/home", "/root", "/run", "/var"))]
check(len(p["mounts"]) < 40 and not leak,
      "pivot_root: the mount table holds the container's %d mounts, none of the host's (host paths: %s)" % (len(p["mounts"]), leak or "none"))
want_dev = {"/dev/null": "1:3", "/dev/zero": "1:5", "/dev/full": "1:7", "/dev/random": "1:8",
            "/dev/urandom": "1:9", "/dev/tty": "5:0"}
bad = ["%s=%s" % (k, devs.get(k, {}).get("rdev")) for k, v in want_dev.items()
       if devs.get(k, {}).get("type") != "c" or devs[k].get("rdev") != v or devs[k].get("mode") != "0666"]
check(not bad, "/dev: null zero full random urandom tty are 0666 character devices with their numbers (wrong: %s)" % (bad or "none"))
check(devs.get("/dev/ptmx", {}).get("type") == "l" and devs["/dev/ptmx"].get("link") == "pts/ptmx",
      "/dev/ptmx -> pts/ptmx (got %s)" % devs.get("/dev/ptmx"))
EOF
	if [ -s "$d/probe.tap" ]; then
		while read -r st what; do t_ok "$st" "$a: $what"; done <"$d/probe.tap"
	else
		t_ok 1 "$a: the probe's report parses"
		head -c 600 "$d/probe.out" | sed 's/^/#   /'
	fi
	python3 - "$d/hook.createRuntime" "$id" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["id"] == sys.argv[2] and s["status"] == "creating" and s["pid"] > 0, s
EOF
	t_ok $? "$a: createRuntime hook got the state (id, status creating, pid) on stdin"
	pj "$d/hook.poststop" 'j["id"]' | grep -qx "$id"
	t_ok $? "$a: poststop hook ran after the container exited"

	# ---- create / start / state / list / cgroup / exec / kill / delete -----
	mkbundle "$d/sw" "qemu-$a" "" /bin/probe signal-wait
	id=$(new_id life)
	rt create -b "$d/sw" "$id" >"$d/sw.out" 2>"$d/sw.err"
	t_ok $? "$a: create exits 0"
	t_is "$(status_of "$id")" "created" "$a: state after create: created"
	pid=$(field "$id" pid)
	[ "${pid:-0}" -gt 0 ] 2>/dev/null && alive "$pid"
	t_ok $? "$a: the init is alive after create (pid $pid)"
	rt list -q >"$d/list" 2>&1
	grep -qx "$id" "$d/list"
	t_ok $? "$a: list -q shows the container"
	rt start "$id"
	t_ok $? "$a: start exits 0"
	wait_file "$d/sw.out" '^ready$' 15
	t_ok $? "$a: the process runs after start"
	t_is "$(status_of "$id")" "running" "$a: state after start: running"
	cg=$(cat "/proc/$pid/cgroup" 2>/dev/null)
	n_all=$(echo "$cg" | grep -c .)
	n_in=$(echo "$cg" | grep -c ":/runlet/$id\$")
	[ "$n_all" -gt 0 ] && [ "$n_in" -eq "$n_all" ]
	t_ok $? "$a: cgroup placement: $n_in of $n_all lines of /proc/$pid/cgroup name /runlet/$id"
	[ "$n_in" -eq "$n_all" ] || echo "$cg" | sed 's/^/#   /'
	rt exec "$id" /bin/probe >"$d/exec.json" 2>"$d/exec.err"
	t_ok $? "$a: exec into the running container exits 0"
	python3 - "$d/exec.json" "$pid" "$a" <<'EOF'
import json, os, sys
j = json.load(open(sys.argv[1]))
pid = sys.argv[2]
for n in ("pid", "mnt", "uts", "ipc", "net", "cgroup"):
    want = int(os.readlink("/proc/%s/ns/%s" % (pid, n)).split("[")[1].rstrip("]"))
    assert j["namespaces"][n] == want, (n, j["namespaces"][n], want)
assert j["hostname"] == "qemu-" + sys.argv[3], j["hostname"]
assert j["pid"] > 1, j["pid"]
EOF
	t_ok $? "$a: the exec'd process shares the init's namespaces (pid, mnt, uts, ipc, net, cgroup)"
	[ -s "$d/exec.err" ] && sed 's/^/#   stderr: /' "$d/exec.err" | head -n 3
	rt exec "$id" /bin/probe exit 5 >/dev/null 2>&1
	t_is "$?" "5" "$a: exec relays the process's exit status (5)"
	rt kill "$id"
	t_ok $? "$a: kill (default signal) exits 0"
	wait_status "$id" stopped 15
	t_ok $? "$a: state after kill: stopped"
	t_is "$(sed -n 2p "$d/sw.out")" "SIGTERM" "$a: the container got SIGTERM"
	rt delete "$id"
	t_ok $? "$a: delete exits 0"
	rt state "$id" >/dev/null 2>&1
	t_is "$?" "1" "$a: state after delete fails (exit 1)"
	left=$(ls -d /sys/fs/cgroup/*/runlet/"$id" /sys/fs/cgroup/runlet/"$id" 2>/dev/null)
	t_is "$left" "" "$a: delete removes the cgroups"

	# ---- the fallbacks, from qemu's own syscall trace ------------------------
	# qemu writes the trace of every process to one stderr, and lines of
	# several processes can run into each other and cut a call in two:
	# up to three runs, until one trace is whole enough to read both.
	tries=0
	while :; do
		tries=$((tries + 1))
		id=$(new_id trace)
		QEMU_STRACE=1 rt run -b "$d/exit7" "$id" >/dev/null 2>"$d/strace"
		rc=$?
		# qemu prints the pid as the process sees it: the init is "1".
		has "$d/strace" '(Unknown syscall 435|clone3\(.*errno=38)' &&
			has "$d/strace" '[0-9] clone\(CLONE_NEW.*errno=22' &&
			has "$d/strace" '[0-9] clone\(CLONE_PARENT.*errno=22' &&
			has "$d/strace" '[0-9] unshare\(CLONE_NEWPID\) = 0' &&
			has "$d/strace" '(^|[^0-9])1 unshare\(CLONE_NEWNS\|CLONE_NEWUTS\|CLONE_NEWIPC\|CLONE_NEWNET\) = 0'
		fb=$?
		has "$d/strace" 'setns\([0-9]+,536870912' # CLONE_NEWPID
		sn=$?
		{ [ "$rc" -eq 7 ] && [ "$fb" -eq 0 ] && [ "$sn" -eq 0 ]; } || [ "$tries" -ge 3 ] && break
	done
	[ "$tries" -gt 1 ] && echo "# $a: read the trace of run $tries (interleaved lines before)"
	t_is "$rc" "7" "$a: a run under QEMU_STRACE=1 (the trace of every process) exits 7"
	t_ok $fb "$a: clone3 ENOSYS, clone(CLONE_NEW*) EINVAL, clone(CLONE_PARENT) EINVAL -> runlet unshares the pid namespace for one fork, the init (pid 1) unshares mnt/uts/ipc/net"
	t_ok $sn "$a: ... and runlet returns to its own pid namespace for later children (setns)"
	has "$d/strace" '(^|[^0-9])1 pivot_root\(.*\) = 0'
	t_ok $? "$a: pivot_root works under qemu-user (no MS_MOVE fallback needed)"
	has "$d/strace" '(^|[^0-9])1 Unknown syscall 437' && has "$d/strace" '(^|[^0-9])1 mount\("proc","self/fd/[0-9]+","proc"'
	t_ok $? "$a: openat2 ENOSYS -> the O_NOFOLLOW walk; mounts land on the resolved fds (self/fd/N)"
	has "$d/strace" '(^|[^0-9])1 Unknown syscall 4(28|30)' && has "$d/strace" '(^|[^0-9])1 mount\("tmpfs","self/fd/[0-9]+","tmpfs"'
	t_ok $? "$a: open_tree/fsopen ENOSYS -> mount(2)"

	# ---- what qemu-user cannot do -------------------------------------------------
	mkbundle "$d/userns" "qemu-$a" '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["mounts"] = [m for m in c["mounts"] if m["destination"] not in ("/sys", "/sys/fs/cgroup")]' /bin/probe exit 0
	id=$(new_id userns)
	rt run -b "$d/userns" "$id" >/dev/null 2>"$d/userns.err"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		t_ok 0 "$a: a user namespace container runs under this qemu"
	else
		t_skip "$a: user namespace (uid/gid mappings)" "qemu-user: unshare(CLONE_NEWUSER) is EINVAL (qemu is multithreaded); $(head -n 1 "$d/userns.err")"
	fi
	rt delete -f "$id" >/dev/null 2>&1
	mkbundle "$d/seccomp" "qemu-$a" '
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}' \
		/bin/probe exit 0
	id=$(new_id scmp)
	rt run -b "$d/seccomp" "$id" >/dev/null 2>"$d/seccomp.err"
	rc=$?
	if [ "$a" = sparc64 ]; then
		t_is "$rc" "1" "$a: a config with linux.seccomp is refused (exit 1)"
		has "$d/seccomp.err" 'seccomp'
		t_ok $? "$a: ... with a message about seccomp: $(head -n 1 "$d/seccomp.err")"
		rt state "$id" >/dev/null 2>&1
		t_is "$?" "1" "$a: ... and nothing of the container is left"
	elif [ "$rc" -eq 0 ]; then
		t_ok 0 "$a: a seccomp filter loads under this qemu"
	else
		has "$d/seccomp.err" 'seccomp'
		t_ok $? "$a: seccomp: the filter is built and its loading fails with a clear error (exit $rc)"
		t_skip "$a: seccomp filter enforcement" "qemu-user: loading a filter fails (prctl(PR_SET_SECCOMP) EINVAL, seccomp(2) ENOSYS); $(head -n 1 "$d/seccomp.err")"
	fi
	rt delete -f "$id" >/dev/null 2>&1
	echo "# $a: $(($(date +%s) - ta)) s"
done
echo "# total $(($(date +%s) - t0)) s"
t_done
