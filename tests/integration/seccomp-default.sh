#!/bin/sh
# SPDX-License-Identifier: MIT
# runlet's default seccomp profile (seccomp-profiles/default.json) in real
# containers: `runlet spec --seccomp` writes it as linux.seccomp, unchanged;
# a normal workload (busybox tools, pipes, sockets, /proc, the probe, an
# allowed personality) runs under it, also with noNewPrivileges false as a
# non-root user, and through `exec`; what it denies fails with EPERM (or
# ENOSYS where the profile says "as if absent") while the same container
# without the profile, with every capability, gets past seccomp: new user,
# network and mount namespaces (unshare, clone flags), setns, mount,
# sethostname, keyctl, bpf, perf_event_open, userfaultfd, open_by_handle_at,
# the new mount API, an unsafe personality, AF_VSOCK sockets; clone3 and
# syscalls newer than the profile (statmount) fail with ENOSYS so that libc
# falls back.
#
#   B=build sh tests/integration/seccomp-default.sh
#   RUNTIME=/usr/sbin/runc B=build sh tests/integration/seccomp-default.sh
# (the config always comes from runlet's own `spec --seccomp`)
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=scdef
. "$top/tests/helper/container.sh"
RUNLET=$top/$B/x86_64/runlet
if ! build_helper sysc; then
	echo "Bail out! cannot build tests/helper/sysc.c with musl-gcc"
	exit 1
fi
SYSC=$HELPERS/sysc

# Every capability this shell's bounding set has (in number order).
ALL_CAPS=$(python3 -c '
names = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
 "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
 "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
 "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
 "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
 "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
 "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
 "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
 "CAP_CHECKPOINT_RESTORE"]
bnd = int([l.split()[1] for l in open("/proc/self/status") if l.startswith("CapBnd:")][0], 16)
print([n for i, n in enumerate(names) if bnd >> i & 1])')

# sd_bundle DIR [SPEC OPTIONS...]: a bundle from runlet's `spec` (with the
# options given), the busybox rootfs with the probe and sysc, terminal
# false, a writable root and a /mnt.
sd_bundle() {
	sd_dir=$1
	shift
	if [ ! -d "$tmp/base/rootfs" ]; then
		make_rootfs "$tmp/base/rootfs"
		cp "$PROBE" "$tmp/base/rootfs/bin/probe"
		cp "$SYSC" "$tmp/base/rootfs/bin/sysc"
		mkdir -p "$tmp/base/rootfs/mnt"
	fi
	mkdir -p "$sd_dir"
	cp -a "$tmp/base/rootfs" "$sd_dir/rootfs"
	(cd "$sd_dir" && timeout 20 "$RUNLET" spec "$@" </dev/null) || return 1
	cfg "$sd_dir" '
c["process"]["terminal"] = False
c["root"]["readonly"] = False'
}
# sh_args DIR COMMAND: process.args = /bin/sh -c COMMAND.
sh_args() {
	SH_CMD=$2 cfg "$1" 'c["process"]["args"] = ["/bin/sh", "-c", os.environ["SH_CMD"]]'
}
# run_out BUNDLE: `run` it in the foreground; stdout to $tmp/out, stderr
# to $tmp/err, the status in $rc.
run_out() {
	rt run -b "$1" "$(new_id)" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}
show() {
	sed 's/^/#   out: /' "$tmp/out" | head -n 40
	sed 's/^/#   err: /' "$tmp/err" | head -n 8
}
# t_out DESCRIPTION WANT: the last run exited 0 and printed exactly WANT.
t_out() {
	if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "$2" ]; then
		t_ok 0 "$1"
	else
		t_ok 1 "$1"
		echo "#   run exited $rc; wanted stdout:"
		printf '%s\n' "$2" | sed 's/^/#   want: /'
		show
	fi
}

# ---- spec --seccomp ---------------------------------------------------------------
mkdir -p "$tmp/spec" "$tmp/plain"
(cd "$tmp/spec" && "$RUNLET" spec --seccomp </dev/null)
t_ok $? "spec --seccomp writes a config.json"
python3 - "$tmp/spec/config.json" "$top/seccomp-profiles/default.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
p = json.load(open(sys.argv[2]))
sys.exit(0 if c["linux"]["seccomp"] == p else 1)
EOF
t_ok $? "spec --seccomp: linux.seccomp is seccomp-profiles/default.json, unchanged"
(cd "$tmp/plain" && "$RUNLET" spec </dev/null)
t_is "$(pj "$tmp/plain/config.json" '"seccomp" in j["linux"]')" "false" "spec without --seccomp: no linux.seccomp"
(cd "$tmp/spec" && "$RUNLET" spec --seccomp </dev/null 2>"$tmp/err")
t_is "$?:$(cat "$tmp/err")" '1:runlet: spec: "config.json" exists: remove it first' \
	"spec --seccomp refuses to overwrite config.json"
mkdir -p "$tmp/spec-rl"
(cd "$tmp/spec-rl" && "$RUNLET" spec --rootless --seccomp </dev/null)
t_is "$(pj "$tmp/spec-rl/config.json" '[j["linux"]["seccomp"]["defaultErrnoRet"], "user" in [n["type"] for n in j["linux"]["namespaces"]]]')" \
	"[1, true]" "spec --rootless --seccomp: both"

# ---- a normal workload under the profile ------------------------------------------
sd_bundle "$tmp/work" --seccomp
sh_args "$tmp/work" 'set -e
grep "^Seccomp:" /proc/self/status
echo hello > /tmp/f; cat /tmp/f | tr a-z A-Z; mkdir -p /tmp/d/e; rmdir /tmp/d/e /tmp/d
ln -s f /tmp/l; readlink /tmp/l; chmod 600 /tmp/f; stat -c %a /tmp/f; rm /tmp/f /tmp/l
ls / > /dev/null; ps > /dev/null; free > /dev/null; nproc > /dev/null; date > /dev/null
sleep 0.1 & wait; id -u; ( exit 3 ) || echo sub=$?
tar -cf /tmp/t.tar /etc 2>/dev/null; gzip /tmp/t.tar; gunzip -c /tmp/t.tar.gz | tar -tf - | head -n 1
ip link show lo > /dev/null && echo netlink
sysc socket 2 1 0; sysc socket 1 1 0; sysc socket 10 2 0
sysc personality 8; linux32 uname -m; sysc personality 0xffffffff
sysc unshare 0x400
/bin/probe > /tmp/report; grep -o "\"seccomp\":[0-9]" /tmp/report'
run_out "$tmp/work"
t_out "default profile: a normal workload runs (files, pipes, processes, /proc, netlink and inet sockets, linux32, the probe)" \
"Seccomp:	2
HELLO
f
600
0
sub=3
etc/
netlink
socket OK
socket OK
socket OK
personality OK
i686
personality OK
unshare OK
\"seccomp\":2"

# noNewPrivileges false: the filter goes in before runlet has dropped
# privileges and changed user, so runlet's own last steps run under it.
sd_bundle "$tmp/nonnp" --seccomp
cfg "$tmp/nonnp" '
c["process"]["noNewPrivileges"] = False
c["process"]["user"] = {"uid": 1000, "gid": 1000, "additionalGids": [10]}
c["process"]["args"] = ["/bin/sh", "-c", "id; grep -E \"^(Seccomp|NoNewPrivs):\" /proc/self/status; unshare -U true 2>&1"]'
run_out "$tmp/nonnp"
[ "$(head -n 3 "$tmp/out" | tr '\t\n' '  ')" = "uid=1000 gid=1000 groups=10 NoNewPrivs: 0 Seccomp: 2 " ] &&
	grep -q "Operation not permitted" "$tmp/out"
nn_rc=$?
t_ok $nn_rc "noNewPrivileges false, uid 1000: the container starts under the profile (Seccomp 2), unshare -U refused"
[ $nn_rc -ne 0 ] && show

# ---- what the profile denies, with and without it ---------------------------------
# Every capability in both runs, so that what fails under the profile fails
# because of the profile and not for want of a capability.
DENY='t() { n=$1; shift; "$@" >/dev/null 2>/tmp/e; echo "$n=$?:$(sed "s/.*: //" /tmp/e | head -n 1)"; }
t unshare-U unshare -U true
t unshare-n unshare -n true
t unshare-m unshare -m true
t mount mount -t tmpfs none /mnt
t hostname hostname box2
t nsenter nsenter -t 1 -u true
sysc keyctl 0 -3 0
sysc add_key 0 0 0 0 -3
sysc personality 0x40000
sysc socket 40 1 0
sysc bpf 0 0 0
sysc perf_event_open 0 0 -1 -1 0
sysc userfaultfd 0
sysc open_by_handle_at -1 0 0
sysc fsopen 0 0
sysc clone3 0 0
sysc statmount 0 0 0 0'
DENY_WANT="unshare-U=1:Operation not permitted
unshare-n=1:Operation not permitted
unshare-m=1:Operation not permitted
mount=1:permission denied (are you root?)
hostname=1:Operation not permitted
nsenter=1:Operation not permitted
keyctl EPERM
add_key EPERM
personality EPERM
socket EPERM
bpf EPERM
perf_event_open EPERM
userfaultfd EPERM
open_by_handle_at EPERM
fsopen EPERM
clone3 ENOSYS
statmount ENOSYS"
for v in on off; do
	if [ $v = on ]; then
		sd_bundle "$tmp/deny-$v" --seccomp
	else
		sd_bundle "$tmp/deny-$v"
	fi
	cfg "$tmp/deny-$v" "
for k in ('bounding', 'effective', 'permitted'):
    c['process']['capabilities'][k] = $ALL_CAPS"
	sh_args "$tmp/deny-$v" "$DENY"
	run_out "$tmp/deny-$v"
	cp "$tmp/out" "$tmp/deny-$v.out"
	[ "${SCDEF_SHOW:-}" ] && sed "s/^/# $v: /" "$tmp/out"
	cp "$tmp/err" "$tmp/deny-$v.err"
done
rc=0
cp "$tmp/deny-on.out" "$tmp/out"
cp "$tmp/deny-on.err" "$tmp/err"
t_out "default profile, every capability: namespaces, mounts, keyrings, bpf, perf, userfaultfd, handles, AF_VSOCK, unsafe personality refused (EPERM); clone3 and newer syscalls ENOSYS" \
	"$DENY_WANT"
# The same lines without the profile: each must differ (the kernel let it
# through or refused it for its own reason, never seccomp's).
same=$(printf '%s\n' "$DENY_WANT" | grep -x -F -f - "$tmp/deny-off.out")
n_off=$(wc -l < "$tmp/deny-off.out")
[ -z "$same" ] && [ "$n_off" -eq "$(printf '%s\n' "$DENY_WANT" | wc -l)" ]
off_rc=$?
t_ok $off_rc "without the profile (every capability) none of those fails as under it: the refusals are the profile's"
if [ $off_rc -ne 0 ]; then
	printf '%s\n' "$same" | sed 's/^/#   same without the profile: /'
	sed 's/^/#   without: /' "$tmp/deny-off.out"
fi

# Host-level calls, only under the profile (no comparison run: these are
# the ones a mistake must not let reach the host's kernel).
sd_bundle "$tmp/host" --seccomp
cfg "$tmp/host" "
for k in ('bounding', 'effective', 'permitted'):
    c['process']['capabilities'][k] = $ALL_CAPS"
sh_args "$tmp/host" 'sysc kexec_load 0 0 0 0xffff0000; sysc init_module 0 0 0; sysc syslog 0 0 0
sysc acct 0; sysc settimeofday 0 0; sysc mount 0 0 0 0 0; sysc 1000'
run_out "$tmp/host"
rc=0
t_out "default profile, every capability: kexec_load, init_module, syslog, acct, settimeofday, mount refused; syscall 1000 ENOSYS" \
"kexec_load EPERM
init_module EPERM
syslog EPERM
acct EPERM
settimeofday EPERM
mount EPERM
1000 ENOSYS"

# ---- exec into a container under the profile ---------------------------------------
sd_bundle "$tmp/ex" --seccomp
cfg "$tmp/ex" 'c["process"]["args"] = ["/bin/sleep", "30"]'
ex_id=$(new_id ex)
rt run -d -b "$tmp/ex" "$ex_id" > "$tmp/out" 2> "$tmp/err"
ex_rc=$?
t_ok $ex_rc "run -d a container under the profile"
if [ $ex_rc -eq 0 ]; then
	rt exec "$ex_id" /bin/sh -c 'grep "^Seccomp:" /proc/self/status; echo via-exec; unshare -U true 2>&1; sysc clone3 0 0; true' \
		> "$tmp/out" 2> "$tmp/err"
	rc=$?
	t_out "exec: the exec'd process is under the profile too (unshare -U refused, clone3 ENOSYS)" \
"Seccomp:	2
via-exec
unshare: unshare(0x10000000): Operation not permitted
clone3 ENOSYS"
	rt delete -f "$ex_id" > /dev/null 2>&1
else
	show
fi

t_done
