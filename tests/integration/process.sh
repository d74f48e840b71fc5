#!/bin/sh
# SPDX-License-Identifier: MIT
# Every process and Linux field of config.json compared with what the probe
# sees inside the container: user, umask, cwd, env, args, rlimits, the five
# capability sets, noNewPrivileges, oomScoreAdj, hostname, domainname,
# namespaces (new and joined by path), mounts and their flags, /dev,
# maskedPaths, readonlyPaths, root.readonly, sysctl, inherited fds, the
# terminal (console socket and foreground), hooks.
#
#   B=build sh tests/integration/process.sh
#   RUNTIME=/usr/bin/runc B=build sh tests/integration/process.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=proc
. "$top/tests/helper/container.sh"
RECVTTY=$top/tests/helper/recvtty.py

# Shared python for the checks: c = config.json, j = the probe's report.
cat > "$tmp/pre.py" <<'EOF'
import json, sys
CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
        "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
        "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE"]
def capmask(names):
    return sum(1 << CAPS.index(n) for n in names or [])
def hx(v):
    return "%016x" % v
def mnt(target):
    m = [m for m in j["mounts"] if m["target"] == target]
    assert m, "no mount at %s" % target
    return m[-1]
def opts(target):
    return mnt(target)["options"].split(",")
def sup(target):
    return mnt(target)["super"].split(",")
def dev(name):
    d = [d for d in j["dev"] if d["name"] == name]
    assert d, "no /dev/%s" % name
    return d[0]
def eq(got, want):
    assert got == want, "got %r, wanted %r" % (got, want)
EOF

# check BUNDLE REPORT DESCRIPTION PYTHON: asserts PYTHON, with c = the
# bundle's config.json and j = the probe's JSON report.
check() {
	python3 - "$1/config.json" "$2" "$tmp/pre.py" "$4" > "$tmp/check.err" 2>&1 <<'EOF'
import json, sys
exec(open(sys.argv[3]).read())
c = json.load(open(sys.argv[1]))
j = json.load(open(sys.argv[2]))
exec(sys.argv[4])
EOF
	ck_rc=$?
	t_ok $ck_rc "$3"
	[ $ck_rc -ne 0 ] && tail -n 2 "$tmp/check.err" | sed 's/^/#   /'
	return $ck_rc
}
# t_check_spec DESCRIPTION DEVIATION BUNDLE REPORT PYTHON: like check, but
# reported with t_spec (runc's known deviation DEVIATION becomes a skip).
t_check_spec() {
	python3 - "$3/config.json" "$4" "$tmp/pre.py" "$5" > "$tmp/check.err" 2>&1 <<'EOF'
import json, sys
exec(open(sys.argv[3]).read())
c = json.load(open(sys.argv[1]))
j = json.load(open(sys.argv[2]))
exec(sys.argv[4])
EOF
	ck_rc=$?
	t_spec $ck_rc "$1" "$2"
	[ $ck_rc -ne 0 ] && ! is_runc && tail -n 2 "$tmp/check.err" | sed 's/^/#   /'
	return 0
}
# probe_run BUNDLE REPORT [RUNTIME OPTIONS...]: `run` the bundle (its
# args make the probe print a report), stdout to REPORT.
probe_run() {
	pr_b=$1
	pr_out=$2
	shift 2
	pr_id=$(new_id)
	rt run "$@" -b "$pr_b" "$pr_id" > "$pr_out" 2> "$pr_out.err"
	pr_rc=$?
	[ $pr_rc -ne 0 ] && sed 's/^/#   runtime: /' "$pr_out.err" | head -n 5
	return $pr_rc
}
host=$tmp/host.json
"$PROBE" > "$host"
hostfwd=$(cat /proc/sys/net/ipv4/ip_forward)

# ---- the main bundle: root, almost every field set -----------------------------
b=$tmp/main
new_bundle "$b" report "a b" "" "--x=1" "ünï"
mkdir -p "$b/rootfs/tmp/work" "$tmp/bindsrc/dir" "$tmp/rsrc/sub" "$b/rootfs/mnt/rel"
echo secret > "$tmp/bindsrc/secret"
echo secret > "$tmp/bindsrc/dir/secret"
mount -n -t tmpfs -o size=1m tmpfs "$tmp/rsrc/sub"
mkdir -p "$tmp/rwsrc/ro"
BS=$tmp/bindsrc RS=$tmp/rsrc RW=$tmp/rwsrc
export BS RS RW
cfg "$b" '
p = c["process"]
p["cwd"] = "/tmp/work"
p["env"] = ["PATH=/bin:/usr/bin", "FOO=bar baz", "EMPTY=", "HOME=/home/x", "UNI=\u00fcn\u00ef"]
p["user"] = {"uid": 0, "gid": 0, "additionalGids": [10, 20, 4242], "umask": 0o027}
p["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 256, "hard": 512},
                {"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
                {"type": "RLIMIT_MSGQUEUE", "soft": 4096, "hard": 8192}]
bnd = ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE", "CAP_SETUID", "CAP_NET_RAW"]
p["capabilities"] = {"bounding": bnd, "effective": bnd, "permitted": bnd,
                     "inheritable": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
                     "ambient": ["CAP_NET_BIND_SERVICE"]}
p["noNewPrivileges"] = True
p["oomScoreAdj"] = 123
c["hostname"] = "probe-host"
c["domainname"] = "probe.example"
if "cgroup" not in [n["type"] for n in c["linux"]["namespaces"]]:
    c["linux"]["namespaces"].append({"type": "cgroup"})
bs = os.environ["BS"]
c["mounts"] += [
  {"destination": "/mnt/ro", "type": "bind", "source": bs, "options": ["bind", "ro", "nosuid", "nodev", "noexec"]},
  {"destination": "/mnt/rw", "type": "bind", "source": os.environ["RW"], "options": ["rbind"]},
  {"destination": "/mnt/t", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m", "mode=750", "nosuid"]},
  {"destination": "/mnt/r", "type": "bind", "source": os.environ["RS"], "options": ["rbind", "rro"]},
  {"destination": "mnt/rel", "type": "tmpfs", "source": "tmpfs", "options": ["size=64k"]},
]
c["linux"]["devices"] = [{"path": "/dev/probe-null", "type": "c", "major": 1, "minor": 3,
                          "fileMode": 0o640, "uid": 7, "gid": 8}]
c["linux"]["maskedPaths"] += ["/mnt/ro/secret", "/mnt/ro/dir", "/no/such/path"]
c["linux"]["readonlyPaths"] += ["/mnt/rw/ro"]
c["linux"]["sysctl"] = {"net.ipv4.ip_forward": "1", "kernel.shmmax": "65536"}
'
probe_run "$b" "$tmp/main.json" 5<"$tmp/bindsrc/secret" 9<"$tmp/bindsrc/secret"
t_ok $? "run of a bundle with every process field set exits 0"
check "$b" "$tmp/main.json" "args, in order, exactly" 'eq(j["args"], c["process"]["args"])'
check "$b" "$tmp/main.json" "env, in order, exactly" 'eq(j["env"], c["process"]["env"])'
check "$b" "$tmp/main.json" "cwd" 'eq(j["cwd"], "/tmp/work")'
check "$b" "$tmp/main.json" "uid, euid, suid, gid, egid, sgid 0" \
	'eq([j[k] for k in ("uid", "euid", "suid", "gid", "egid", "sgid")], [0] * 6)'
check "$b" "$tmp/main.json" "additionalGids are the supplementary groups" \
	'eq(sorted(j["groups"]), [10, 20, 4242])'
check "$b" "$tmp/main.json" "umask 027" 'eq(j["umask"], 0o027)'
check "$b" "$tmp/main.json" "rlimits: NOFILE 256/512, CORE 0/0, MSGQUEUE 4096/8192" '
for r in c["process"]["rlimits"]:
    eq(j["rlimits"][r["type"]], {"soft": r["soft"], "hard": r["hard"]})'
check "$b" "$tmp/main.json" "capabilities of root after execve: bnd, inh, amb as set; prm = eff = bnd|inh|amb" '
k = c["process"]["capabilities"]
eq(j["caps"]["CapBnd"], hx(capmask(k["bounding"])))
eq(j["caps"]["CapInh"], hx(capmask(k["inheritable"])))
eq(j["caps"]["CapAmb"], hx(capmask(k["ambient"])))
full = capmask(k["bounding"]) | capmask(k["inheritable"]) | capmask(k["ambient"])
eq(j["caps"]["CapPrm"], hx(full))
eq(j["caps"]["CapEff"], hx(full))'
check "$b" "$tmp/main.json" "noNewPrivileges true: no_new_privs 1" 'eq(j["no_new_privs"], 1)'
check "$b" "$tmp/main.json" "oomScoreAdj 123" 'eq(j["oom_score_adj"], 123)'
check "$b" "$tmp/main.json" "hostname" 'eq(j["hostname"], "probe-host")'
t_check_spec "domainname" "no domainname before runc 1.2" "$b" "$tmp/main.json" 'eq(j["domainname"], "probe.example")'
check "$b" "$tmp/main.json" "no signal blocked or ignored" 'eq([j["sigblk"], j["sigign"]], ["0" * 16] * 2)'
check "$b" "$tmp/main.json" "pid 1, its own session" 'eq([j["pid"], j["sid"]], [1, 1])'
check "$b" "$tmp/main.json" "/proc/self/exe is the user binary" 'eq(j["exe"], "/bin/probe")'
check "$b" "$tmp/main.json" "only fds 0, 1, 2 (the caller had 5 and 9 open)" 'eq([f["fd"] for f in j["fds"]], [0, 1, 2])'
HOSTJ=$host check "$b" "$tmp/main.json" "each requested namespace is new, the others are the host's" '
import os
h = json.load(open(os.environ["HOSTJ"]))["namespaces"]
kind = {"pid": "pid", "network": "net", "ipc": "ipc", "uts": "uts", "mount": "mnt", "cgroup": "cgroup", "user": "user", "time": "time"}
asked = {kind[n["type"]] for n in c["linux"]["namespaces"]}
for k in ("pid", "net", "ipc", "uts", "mnt", "cgroup", "user", "time"):
    if k in asked:
        assert j["namespaces"][k] != h[k], k + " not new"
    else:
        eq(j["namespaces"][k], h[k])'
check "$b" "$tmp/main.json" "bind mount with ro,nosuid,nodev,noexec shows those flags" '
o = opts("/mnt/ro")
assert {"ro", "nosuid", "nodev", "noexec"} <= set(o), o'
check "$b" "$tmp/main.json" "tmpfs with size=1m, mode=750, nosuid" '
assert "size=1024k" in sup("/mnt/t") and "mode=750" in sup("/mnt/t"), sup("/mnt/t")
assert "nosuid" in opts("/mnt/t"), opts("/mnt/t")
eq(mnt("/mnt/t")["fstype"], "tmpfs")'
check "$b" "$tmp/main.json" "rbind with rro: the bind and its submount are both read-only" '
assert "ro" in opts("/mnt/r"), opts("/mnt/r")
assert "ro" in opts("/mnt/r/sub"), opts("/mnt/r/sub")'
check "$b" "$tmp/main.json" "a relative destination (mnt/rel) is taken relative to /" '
eq(mnt("/mnt/rel")["fstype"], "tmpfs")
assert "size=64k" in sup("/mnt/rel"), sup("/mnt/rel")'
check "$b" "$tmp/main.json" "/dev: null zero full random urandom tty with their numbers, 0666" '
for n, r in (("null", "1:3"), ("zero", "1:5"), ("full", "1:7"), ("random", "1:8"), ("urandom", "1:9"), ("tty", "5:0")):
    d = dev(n)
    eq([d["type"], d["rdev"], d["mode"]], ["c", r, "0666"])'
check "$b" "$tmp/main.json" "/dev: ptmx -> pts/ptmx, fd, stdin, stdout, stderr symlinks" '
want = {"ptmx": "pts/ptmx", "fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"}
for n, t in want.items():
    eq([dev(n)["type"], dev(n)["link"]], ["l", t])'
check "$b" "$tmp/main.json" "/dev/pts is a new devpts instance, /dev/shm and /dev/mqueue mounted" '
eq(mnt("/dev/pts")["fstype"], "devpts")
assert "ptmxmode=666" in sup("/dev/pts"), sup("/dev/pts")
eq(mnt("/dev/shm")["fstype"], "tmpfs")
eq(mnt("/dev/mqueue")["fstype"], "mqueue")'
check "$b" "$tmp/main.json" "linux.devices: /dev/probe-null c 1:3, mode 0640, uid 7, gid 8" '
d = dev("probe-null")
eq([d["type"], d["rdev"], d["mode"], d["uid"], d["gid"]], ["c", "1:3", "0640", 7, 8])'
check "$b" "$tmp/main.json" "no other device nodes in /dev" '
extra = [d["name"] for d in j["dev"] if d["type"] in "cb" and d["name"] not in
         ("null", "zero", "full", "random", "urandom", "tty", "console", "probe-null", "pts/ptmx") and not d["name"].startswith("pts/")]
eq(extra, [])'
check "$b" "$tmp/main.json" "maskedPaths: a file is masked with /dev/null, a directory with a read-only tmpfs" '
assert mnt("/mnt/ro/dir")["fstype"] == "tmpfs" and "ro" in opts("/mnt/ro/dir"), mnt("/mnt/ro/dir")
assert mnt("/mnt/ro/secret")["root"].endswith("/null"), mnt("/mnt/ro/secret")'
check "$b" "$tmp/main.json" "readonlyPaths: /proc/sys, /proc/bus and /mnt/rw/ro are read-only" '
for p in ("/proc/sys", "/proc/bus", "/mnt/rw/ro"):
    assert "ro" in opts(p), (p, opts(p))'
check "$b" "$tmp/main.json" "root.readonly: / is read-only" 'assert "ro" in opts("/"), opts("/")'
check "$b" "$tmp/main.json" "the container's / is the bundle's rootfs" '
import os
eq(mnt("/")["root"], os.path.realpath(sys.argv[1][:-len("config.json")] + "rootfs"))'

# The same bundle, other commands: what masks and read-only paths do.
cat > "$b/rootfs/bin/checks" <<'EOF'
#!/bin/sh
/bin/probe read /mnt/ro/secret; echo "secret:$?"
echo "dir:$(ls -A /mnt/ro/dir | wc -l)"
/bin/probe read /proc/keys; echo "keys:$?"
/bin/probe write /proc/sys/kernel/hostname x 2>/dev/null; echo "procsys:$?"
/bin/probe write /mnt/rw/ro/x 2>/dev/null; echo "rodir:$?"
/bin/probe write /mnt/rw/x 2>/dev/null; echo "rwdir:$?"
/bin/probe write /newfile 2>/dev/null; echo "rootfs:$?"
/bin/probe write /mnt/ro/new 2>/dev/null; echo "bindro:$?"
/bin/probe write /mnt/r/sub/new 2>/dev/null; echo "rro:$?"
/bin/probe write /mnt/t/new; echo "tmpfs:$?"
echo "ipfwd:$(/bin/probe read /proc/sys/net/ipv4/ip_forward)"
echo "shmmax:$(/bin/probe read /proc/sys/kernel/shmmax)"
EOF
chmod 755 "$b/rootfs/bin/checks"
cfg "$b" 'c["process"]["args"] = ["/bin/checks"]'
probe_run "$b" "$tmp/main.txt"
out=$(cat "$tmp/main.txt")
line() { echo "$out" | sed -n "s/^$1://p"; }
t_is "$(line secret)" "0" "a masked file reads as empty (exit 0, no content)"
t_is "$(line dir)" "0" "a masked directory is empty"
t_is "$(line keys)" "0" "/proc/keys (masked by the spec's default list) reads empty"
t_is "$(line procsys)" "30" "writing /proc/sys fails with EROFS (readonlyPaths)"
t_is "$(line rodir)" "30" "writing into a readonlyPaths directory fails with EROFS"
t_is "$(line rwdir)" "0" "... while its parent, a rw bind mount, is writable"
t_is "$(line rootfs)" "30" "root.readonly: creating /newfile fails with EROFS"
t_is "$(line bindro)" "30" "the ro bind mount refuses writes (EROFS)"
t_is "$(line rro)" "30" "rro: the submount refuses writes too (EROFS)"
t_is "$(line tmpfs)" "0" "the tmpfs is writable"
t_is "$(line ipfwd)" "1" "sysctl net.ipv4.ip_forward=1 applied in the container's netns"
t_is "$(line shmmax)" "65536" "sysctl kernel.shmmax=65536 applied in the container's ipc ns"
t_is "$(cat /proc/sys/net/ipv4/ip_forward)" "$hostfwd" "the host's ip_forward is untouched"
[ ! -e "$b/rootfs/newfile" ] && [ ! -e "$tmp/bindsrc/new" ]
t_ok $? "nothing was written to the rootfs or the ro bind source"

# ---- a non-root user -------------------------------------------------------------
b=$tmp/user
new_bundle "$b" report
mkdir -p "$b/rootfs/tmp/work"
chmod 1777 "$b/rootfs/tmp/work"
cfg "$b" '
p = c["process"]
p["cwd"] = "/tmp/work"
p["user"] = {"uid": 1000, "gid": 1001, "additionalGids": [1001, 10]}
p.pop("env", None)
p["env"] = ["PATH=/bin"]
bnd = ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE", "CAP_NET_RAW"]
p["capabilities"] = {"bounding": bnd, "effective": bnd, "permitted": bnd,
                     "inheritable": ["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"],
                     "ambient": ["CAP_NET_BIND_SERVICE", "CAP_NET_RAW"]}
p["noNewPrivileges"] = False
p.pop("rlimits", None)
'
(umask 077 && probe_run "$b" "$tmp/user.json")
t_ok $? "run as uid 1000 exits 0"
check "$b" "$tmp/user.json" "uid/euid/suid 1000, gid/egid/sgid 1001" \
	'eq([j[k] for k in ("uid", "euid", "suid", "gid", "egid", "sgid")], [1000] * 3 + [1001] * 3)'
check "$b" "$tmp/user.json" "supplementary groups are exactly additionalGids" 'eq(sorted(j["groups"]), [10, 1001])'
check "$b" "$tmp/user.json" "capabilities of a non-root user after execve: prm = eff = amb" '
k = c["process"]["capabilities"]
eq(j["caps"]["CapBnd"], hx(capmask(k["bounding"])))
eq(j["caps"]["CapInh"], hx(capmask(k["inheritable"])))
eq(j["caps"]["CapAmb"], hx(capmask(k["ambient"])))
eq(j["caps"]["CapPrm"], hx(capmask(k["ambient"])))
eq(j["caps"]["CapEff"], hx(capmask(k["ambient"])))'
check "$b" "$tmp/user.json" "noNewPrivileges false: no_new_privs 0" 'eq(j["no_new_privs"], 0)'
check "$b" "$tmp/user.json" "env without HOME: the config's, plus at most a HOME= (runc and crun add one)" '
e = [x for x in j["env"] if not x.startswith("HOME=")]
eq(e, c["process"]["env"])
assert len(j["env"]) - len(e) <= 1'
t_check_spec "umask unset: the caller's umask (077) is kept (runtime-spec: SHOULD)" \
	"runc always sets 0022" "$b" "$tmp/user.json" 'eq(j["umask"], 0o077)'
check "$b" "$tmp/user.json" "rlimits unset: the runtime's own limits are inherited" '
import os, resource
n = resource.getrlimit(resource.RLIMIT_NOFILE)
eq(j["rlimits"]["RLIMIT_NOFILE"], {"soft": n[0], "hard": n[1]})'

# ---- rlimits that cannot be raised ------------------------------------------------
if [ $(( 0x$(sed -n 's/^CapBnd:\t//p' /proc/self/status) >> 24 & 1 )) -eq 1 ]; then
	t_skip "raising RLIMIT_NOFILE's hard limit fails" "this machine has CAP_SYS_RESOURCE, raising works"
else
	b=$tmp/rlim
	new_bundle "$b" exit 0
	h=$(ulimit -Hn)
	cfg "$b" 'c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": '"$h"', "hard": '"$((h + 1))"'}]'
	id=$(new_id)
	rt run -b "$b" "$id" >/dev/null 2>"$tmp/rlim.err"
	t_is "$?" "1" "RLIMIT_NOFILE hard above the current one ($((h + 1)) > $h) fails without CAP_SYS_RESOURCE (exit 1)"
	[ ! -e "$root/$id" ]
	t_ok $? "... and leaves no state directory"
fi
b=$tmp/rlim2
new_bundle "$b" report
cfg "$b" 'c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 1048576, "hard": 1024}]'
id=$(new_id)
rt run -b "$b" "$id" >/dev/null 2>&1
t_is "$?" "1" "an rlimit with soft > hard fails (exit 1)"

# ---- root.readonly false ---------------------------------------------------------
b=$tmp/rw
new_bundle "$b" write /newfile
cfg "$b" 'c["root"]["readonly"] = False'
probe_run "$b" "$tmp/rw.out"
t_ok $? "root.readonly false: creating /newfile in the container works"
[ -f "$b/rootfs/newfile" ]
t_ok $? "... and it lands in the bundle's rootfs"

# ---- namespaces joined by path --------------------------------------------------
unshare --net --ipc --uts sleep 600 </dev/null >/dev/null 2>&1 &
nsp=$!
bg_pid "$nsp"
n=0
while [ "$(readlink /proc/$nsp/ns/net)" = "$(readlink /proc/self/ns/net)" ] && [ $n -lt 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
b=$tmp/join
new_bundle "$b" report
NSP=$nsp cfg "$b" '
pid = os.environ["NSP"]
ns = [n for n in c["linux"]["namespaces"] if n["type"] not in ("network", "ipc", "uts")]
ns += [{"type": "network", "path": "/proc/%s/ns/net" % pid},
       {"type": "ipc", "path": "/proc/%s/ns/ipc" % pid},
       {"type": "uts", "path": "/proc/%s/ns/uts" % pid}]
c["linux"]["namespaces"] = ns
c.pop("hostname", None)
'
probe_run "$b" "$tmp/join.json"
t_ok $? "run joining net, ipc and uts namespaces by path exits 0"
NSP=$nsp check "$b" "$tmp/join.json" "joined namespaces have the target's inodes" '
import os
for k in ("net", "ipc", "uts"):
    eq(j["namespaces"][k], os.stat("/proc/%s/ns/%s" % (os.environ["NSP"], k)).st_ino)'
HOSTJ=$host check "$b" "$tmp/join.json" "... and pid and mnt are still new" '
import os
h = json.load(open(os.environ["HOSTJ"]))["namespaces"]
assert j["namespaces"]["pid"] != h["pid"] and j["namespaces"]["mnt"] != h["mnt"]'
b=$tmp/joinbad
new_bundle "$b" report
cfg "$b" 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"] + [{"type": "network", "path": "/proc/self/ns/pid"}]'
id=$(new_id)
rt run -b "$b" "$id" >/dev/null 2>&1
t_is "$?" "1" "a namespace path of the wrong type fails (exit 1)"

# ---- runtime-spec 1.1/1.2 fields runc 1.1.5 does not implement -------------------------
b=$tmp/timens
new_bundle "$b" read /proc/self/timens_offsets
cfg "$b" '
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "time"] + [{"type": "time"}]
c["linux"]["timeOffsets"] = {"monotonic": {"secs": 86400, "nanosecs": 0}, "boottime": {"secs": 3600, "nanosecs": 5}}'
probe_run "$b" "$tmp/timens.out" 2>/dev/null
t_spec $? "a time namespace with timeOffsets runs" "no time namespace before runc 1.2"
t_spec "$(grep -c -e '^monotonic *86400 *0$' -e '^boottime *3600 *5$' "$tmp/timens.out" | awk '{print ($1 == 2) ? 0 : 1}')" \
	"timeOffsets are applied (/proc/self/timens_offsets)" "no time namespace before runc 1.2"
b=$tmp/pers
new_bundle "$b" report
cfg "$b" 'c["linux"]["personality"] = {"domain": "LINUX32"}'
probe_run "$b" "$tmp/pers.json" 2>/dev/null
t_check_spec "linux.personality LINUX32 (0x0008)" "no personality before runc 1.2" "$b" "$tmp/pers.json" 'eq(j["personality"], 8)'
b=$tmp/sched
new_bundle "$b" report
cfg "$b" 'c["process"]["scheduler"] = {"policy": "SCHED_BATCH", "nice": 5}'
probe_run "$b" "$tmp/sched.json" 2>/dev/null
t_check_spec "process.scheduler SCHED_BATCH nice 5" "no scheduler before runc 1.2" "$b" "$tmp/sched.json" \
	'eq([j["sched"]["policy"], j["sched"]["nice"]], [3, 5])'
b=$tmp/ioprio
new_bundle "$b" report
cfg "$b" 'c["process"]["ioPriority"] = {"class": "IOPRIO_CLASS_BE", "priority": 6}'
probe_run "$b" "$tmp/ioprio.json" 2>/dev/null
t_check_spec "process.ioPriority BE 6" "no ioPriority before runc 1.2" "$b" "$tmp/ioprio.json" \
	'eq(j["ioprio"], {"class": 2, "priority": 6})'
b=$tmp/aff
new_bundle "$b" report
cfg "$b" 'c["process"]["execCPUAffinity"] = {"final": "0"}'
probe_run "$b" "$tmp/aff.json" 2>/dev/null
# runtime-spec: execCPUAffinity "is not applicable to the container's init
# process" (it is for `exec`); the init keeps the affinity it inherited.
host_cpus=$(python3 -c 'import os; print(sorted(os.sched_getaffinity(0)))')
t_check_spec "process.execCPUAffinity does not apply to the init (keeps $host_cpus)" "no execCPUAffinity before runc 1.2" "$b" "$tmp/aff.json" "eq(j[\"cpus\"], $host_cpus)"

# ---- inherited fds -------------------------------------------------------------
b=$tmp/fds
new_bundle "$b" fds
probe_run "$b" "$tmp/fds.json" --preserve-fds 2 3<"$tmp/bindsrc/secret" 4<"$tmp/bindsrc/dir/secret" 5<"$tmp/bindsrc/secret"
t_ok $? "run --preserve-fds 2 exits 0"
python3 - "$tmp/fds.json" "$tmp/bindsrc" <<'EOF'
import json, sys
f = {x["fd"]: x["target"] for x in json.load(open(sys.argv[1]))}
assert sorted(f) == [0, 1, 2, 3, 4], f
assert f[3] == sys.argv[2] + "/secret" and f[4] == sys.argv[2] + "/dir/secret", f
EOF
t_ok $? "--preserve-fds 2: exactly fds 0-4 reach the process, 3 and 4 the caller's (not 5)"
probe_run "$b" "$tmp/fds0.json" 3<"$tmp/bindsrc/secret" 4<"$tmp/bindsrc/secret"
t_is "$(pj "$tmp/fds0.json" '[x["fd"] for x in j]')" "[0, 1, 2]" "without --preserve-fds only 0, 1, 2 (3 and 4 were open)"

# ---- terminal ------------------------------------------------------------------
# With --console-socket: the runtime sends the pty master over SCM_RIGHTS.
b=$tmp/tty
new_bundle "$b" report
cfg "$b" 'c["process"]["terminal"] = True; c["process"]["consoleSize"] = {"height": 42, "width": 123}'
sock=$tmp/console.sock
python3 "$RECVTTY" "$sock" "$tmp/tty.out" </dev/null >/dev/null 2>"$tmp/recvtty.err" &
rp=$!
bg_pid "$rp"
n=0
while [ ! -S "$sock" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
id=$(new_id tty)
rt create --console-socket "$sock" -b "$b" "$id" >/dev/null 2>"$tmp/tty.err" && rt start "$id"
rc=$?
t_ok $rc "create --console-socket + start with terminal true"
[ $rc -ne 0 ] && kill "$rp" 2>/dev/null
wait "$rp"
t_ok $? "the console socket received exactly one fd"
t_is "$(pj "$tmp/tty.out.meta" '[j["fds"], j.get("isatty"), j.get("rdev_major")]')" "[1, true, 5]" \
	"... and it is a pty master (char device 5:2, isatty)"
tr -d '\r' < "$tmp/tty.out" > "$tmp/tty.json"
check "$b" "$tmp/tty.json" "stdin, stdout and stderr are the same pty slave" '
names = {t["name"] for t in j["tty"]}
assert all(t["isatty"] for t in j["tty"]) and len(names) == 1 and names.pop().startswith("/dev/pts/"), j["tty"]'
check "$b" "$tmp/tty.json" "the pty is the controlling terminal of a new session" '
assert j["tty_nr"] != 0 and j["sid"] == j["pid"] == 1, (j["tty_nr"], j["sid"])'
check "$b" "$tmp/tty.json" "/dev/console is the pty (char device 136:N)" '
d = dev("console")
assert d["type"] == "c" and d["rdev"].startswith("136:"), d'
t_check_spec "process.consoleSize sets the window size" "consoleSize ignored by runc 1.1.5 for the init process" \
	"$b" "$tmp/tty.json" 'eq([j["tty"][0].get("rows"), j["tty"][0].get("cols")], [42, 123])'
rt delete -f "$id" >/dev/null 2>&1

# Input through the pty.
b=$tmp/tty2
new_bundle "$b"
cfg "$b" 'c["process"]["terminal"] = True; c["process"]["args"] = ["/bin/sh", "-c", "read x; echo got:$x"]'
sock=$tmp/console2.sock
python3 "$RECVTTY" "$sock" "$tmp/tty2.out" 'hello\n' </dev/null >/dev/null 2>&1 &
rp=$!
bg_pid "$rp"
n=0
while [ ! -S "$sock" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
id=$(new_id tty)
rt run -d --console-socket "$sock" -b "$b" "$id" >/dev/null 2>&1 || kill "$rp" 2>/dev/null
wait "$rp"
grep -q '^got:hello' "$tmp/tty2.out"
t_ok $? "run -d --console-socket: input written to the master reaches the process"
rt delete -f "$id" >/dev/null 2>&1
id=$(new_id tty)
rt create -b "$b" "$id" >/dev/null 2>&1
rc=$?
t_ok $((rc == 0)) "create with terminal true and no --console-socket fails (exit $rc; runc: 1)"
[ ! -e "$root/$id" ]
t_ok $? "... and leaves no state directory"
b=$tmp/notty
new_bundle "$b" exit 0
id=$(new_id tty)
rt create --console-socket "$tmp/console.sock" -b "$b" "$id" >/dev/null 2>&1
rc=$?
t_ok $((rc == 0)) "--console-socket with terminal false fails (exit $rc; runc: 1)"
rt delete -f "$id" >/dev/null 2>&1

# run in the foreground with terminal true: the runtime relays its own tty.
if command -v script >/dev/null; then
	b=$tmp/fg
	new_bundle "$b" report
	cfg "$b" 'c["process"]["terminal"] = True'
	id=$(new_id fg)
	timeout 60 script -qec "timeout -k 5 $RT_TIMEOUT $RUNTIME --root $root run -b $b $id" /dev/null \
		</dev/null > "$tmp/fg.raw" 2>&1
	t_ok $? "run in the foreground with terminal true (under script) exits 0"
	tr -d '\r' < "$tmp/fg.raw" | sed -n 's/^[^{]*{/{/p' > "$tmp/fg.json"  # script may echo ^@ first
	check "$b" "$tmp/fg.json" "... and the process's stdio is a pty" 'assert all(t["isatty"] for t in j["tty"]), j["tty"]'
	b=$tmp/fg5
	new_bundle "$b" exit 5
	cfg "$b" 'c["process"]["terminal"] = True'
	id=$(new_id fg)
	timeout 60 script -qec "timeout -k 5 $RT_TIMEOUT $RUNTIME --root $root run -b $b $id" /dev/null </dev/null >/dev/null 2>&1
	t_is "$?" "5" "... and relays the exit status (5)"
else
	t_skip "run in the foreground with terminal true" "script(1) is not installed"
fi

# ---- hooks ---------------------------------------------------------------------
# Each hook appends "NAME STATUS HOOKVAR" to $hd/log and saves its state JSON;
# $hd is bind-mounted at the same path in the container (startContainer
# runs there).
hd=$tmp/hooks
mkdir -p "$hd"
cat > "$hd/hook.sh" <<EOF
#!/bin/sh
st=\$(cat)
printf '%s\n' "\$st" > "$hd/\$1.json"
status=\$(printf '%s' "\$st" | sed -n 's/.*"status": *"\\([a-z]*\\)".*/\\1/p')
echo "\$1 \$status \${HOOKVAR:-}" >> "$hd/log"
exit \${2:-0}
EOF
b=$tmp/hk
new_bundle "$b"
HD=$hd cfg "$b" '
hd = os.environ["HD"]
c["process"]["args"] = ["/bin/sh", "-c", "echo process - - >> %s/log" % hd]
c["mounts"].append({"destination": hd, "type": "bind", "source": hd, "options": ["rbind", "rw"]})
c["hooks"] = {n: [{"path": "/bin/sh", "args": ["sh", hd + "/hook.sh", n], "env": ["HOOKVAR=v-" + n]}]
              for n in ("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop")}
'
id=$(new_id hook)
rt create -b "$b" "$id" >/dev/null 2>"$tmp/hook.err"
t_ok $? "create with all six hooks"
t_is "$(head -n 3 "$hd/log" | cut -d' ' -f1 | tr '\n' ' ')" "prestart createRuntime createContainer " \
	"create runs prestart, createRuntime, createContainer, in that order"
t_spec "$(wc -l < "$hd/log" | awk '{ print ($1 == 3) ? 0 : 1 }')" "... and no other hook" \
	"runc 1.1.5 runs poststart at the end of create"
rt start "$id"
wait_status "$id" stopped
sleep 0.2
order=$(cut -d' ' -f1 "$hd/log" | tr '\n' ' ')
case $order in
"prestart createRuntime createContainer startContainer process poststart poststop "* | \
"prestart createRuntime createContainer startContainer poststart process "*) r=0 ;;
*) r=1 ;;
esac
rt delete "$id"
order=$(cut -d' ' -f1 "$hd/log" | tr '\n' ' ')
case $order in
"prestart createRuntime createContainer startContainer process poststart poststop " | \
"prestart createRuntime createContainer startContainer poststart process poststop ") r=0 ;;
*) r=1 ;;
esac
t_spec $r "start runs startContainer then the process and poststart, delete runs poststop (got: $order)" \
	"runc 1.1.5 runs poststart at the end of create"
t_is "$(tail -n 1 "$hd/log" | cut -d' ' -f1)" "poststop" "delete runs poststop last"
t_is "$(awk '$1 != "process" { print $1 "=" $3 }' "$hd/log" | sort | tr '\n' ' ')" \
	"createContainer=v-createContainer createRuntime=v-createRuntime poststart=v-poststart poststop=v-poststop prestart=v-prestart startContainer=v-startContainer " \
	"each hook gets its env"
st=$(awk '$1 != "process" { print $1 "=" $2 }' "$hd/log" | sort | tr '\n' ' ')
t_is "$(echo "$st" | sed 's/poststart=[a-z]* //')" "createContainer=creating createRuntime=creating poststop=stopped prestart=creating startContainer=created " \
	"the state on each hook's stdin has the status of its stage"
case $st in *poststart=running*) r=0 ;; *) r=1 ;; esac
t_spec $r "poststart gets the status running" "runc 1.1.5 runs poststart at create, status created"
python3 - "$hd" "$id" "$b" <<'EOF'
import json, os, sys
for n in ("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"):
    s = json.load(open(os.path.join(sys.argv[1], n + ".json")))
    assert s["id"] == sys.argv[2] and s["bundle"] == os.path.realpath(sys.argv[3]), (n, s)
    assert s["ociVersion"].startswith("1."), (n, s)
    if n != "poststop":
        assert s["pid"] > 0, (n, s)
EOF
t_ok $? "each hook's state JSON has the id, the bundle and (before poststop) the pid"

# Failing hooks.
for stage in prestart createRuntime createContainer; do
	rm -f "$hd/log"
	HD=$hd ST=$stage cfg "$b" '
hd = os.environ["HD"]
c["hooks"] = {n: [{"path": "/bin/sh", "args": ["sh", hd + "/hook.sh", n] + (["7"] if n == os.environ["ST"] else [])}]
              for n in ("prestart", "createRuntime", "createContainer", "poststop")}'
	id=$(new_id hookf)
	rt create -b "$b" "$id" >/dev/null 2>&1
	t_is "$?" "1" "a failing $stage hook makes create fail (exit 1)"
	[ ! -e "$root/$id" ] && ! grep -q '^process' "$hd/log"
	t_ok $? "... leaves no state and the process never runs"
	grep -q '^poststop' "$hd/log"
	t_ok $? "... and the poststop hooks still run (lifecycle step 12)"
done
rm -f "$hd/log"
HD=$hd cfg "$b" '
hd = os.environ["HD"]
c["process"]["args"] = ["/bin/sh", "-c", "echo process - - >> %s/log; sleep 5" % hd]
c["hooks"] = {"poststart": [{"path": "/bin/sh", "args": ["sh", hd + "/hook.sh", "poststart", "7"]}]}'
id=$(new_id hookf)
rt run -b "$b" "$id" >/dev/null 2>&1
rc=$?
t_ok $((rc == 0)) "a failing poststart hook makes run fail (exit $rc; runc's behaviour, the runtime-spec only asks for a warning)"
rt state "$id" >/dev/null 2>&1
t_is "$?" "1" "... and the container is gone"
rm -f "$hd/log"
HD=$hd cfg "$b" '
hd = os.environ["HD"]
c["process"]["args"] = ["/bin/true"]
c["hooks"] = {"createRuntime": [{"path": "/bin/sleep", "args": ["sleep", "30"], "timeout": 1}]}'
id=$(new_id hookt)
s0=$(date +%s)
rt create -b "$b" "$id" >/dev/null 2>&1
rc=$?
t_is "$rc" "1" "a hook over its timeout makes create fail (exit 1)"
t_ok $(( $(date +%s) - s0 > 10 )) "... within a few seconds of the 1 s timeout"

t_done
