#!/bin/sh
# SPDX-License-Identifier: MIT
# linux.seccomp: the filter is in force in the container (Seccomp 2 in
# /proc/self/status, none without one), with noNewPrivileges true (loaded
# just before execve) and false (loaded before the capabilities go; also
# as a non-root user and in a user namespace); actions (ERRNO with
# errnoRet, its EPERM default and 0, defaultErrnoRet on deny-by-default
# profiles incl. podman's, KILL_PROCESS, KILL_THREAD, KILL, TRAP, TRACE
# without a tracer, LOG, NOTIFY), argument conditions (EQ, MASKED_EQ with
# value the mask and valueTwo the datum, conditions on two arguments ANDed,
# on one argument ORed, more than six of them), flags
# (SECCOMP_FILTER_FLAG_LOG; LOG and FLAG_LOG checked in the kernel's audit
# log), exec'd processes filtered too, a foreign architecture and an
# unknown syscall skipped (--debug), SCMP_ACT_NOTIFY: the listener fd and
# runtime-spec's containerProcessState sent to listenerPath at create and
# at exec (a python agent checks them and answers a notification), and
# config errors that leave nothing behind.
#
#   B=build sh tests/integration/seccomp.sh
#   RUNTIME=/usr/sbin/runc B=build sh tests/integration/seccomp.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=scmp
. "$top/tests/helper/container.sh"

# sc_bundle DIR SECCOMP [PYTHON]: a bundle whose linux.seccomp is the python
# expression SECCOMP (None: no linux.seccomp); PYTHON then edits `c` more.
# The args stay the probe's (report) unless PYTHON sets them; the root is
# writable.
sc_bundle() {
	new_bundle "$1" || return 1
	cfg "$1" "
c['root']['readonly'] = False
sc = $2
if sc is not None:
    c['linux']['seccomp'] = sc
${3:-}"
}
# sh_args DIR COMMAND: process.args = /bin/sh -c COMMAND.
sh_args() {
	SH_CMD=$2 cfg "$1" 'c["process"]["args"] = ["/bin/sh", "-c", os.environ["SH_CMD"]]'
}
# run_out BUNDLE [RUNTIME OPTIONS...]: `run` it in the foreground; stdout
# to $tmp/out, stderr to $tmp/err, the status in $rc.
run_out() {
	ro_b=$1
	shift
	rt "$@" run -b "$ro_b" "$(new_id)" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}
# show: the last run's output, as TAP comments (after a failure).
show() {
	sed 's/^/#   out: /' "$tmp/out" | head -n 12
	sed 's/^/#   err: /' "$tmp/err" | head -n 8
}
# t_out DESCRIPTION WANT: the last run's stdout is exactly WANT (and run
# exited 0).
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
# hstatus PID FIELD: FIELD of the host's /proc/PID/status.
hstatus() {
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null
}
# pid_of ID: the container's init pid (state).
pid_of() {
	rt state "$1" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["pid"])' 2>/dev/null
}
# In the container: `t NAME CMD...` runs CMD and prints NAME=STATUS:MESSAGE,
# MESSAGE being what CMD printed on stderr after its last ": " (strerror).
T_FN='t() { n=$1; shift; "$@" 2>/tmp/e; echo "$n=$?:$(sed "s/.*: //" /tmp/e)"; }; '

EPERM_S="Operation not permitted"
EACCES_S="Permission denied"
EINVAL_S="Invalid argument"
ENOENT_S="No such file or directory"
ENOSYS_S="Function not implemented"
ENOTSUP_S="Operation not supported"
EXDEV_S="Invalid cross-device link"

# The arch list of a runc/podman profile for x86_64.
ARCHS='["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]'

# ---- no filter / a filter, with and without noNewPrivileges --------------------
sc_bundle "$tmp/none" None
run_out "$tmp/none"
t_is "$rc $(pj "$tmp/out" '[j["seccomp"], j["seccomp_filters"]]')" "0 [0, 0]" \
	"no linux.seccomp: Seccomp 0, Seccomp_filters 0"

SC_MKDIR="{'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': $ARCHS,
      'syscalls': [{'names': ['mkdir', 'mkdirat'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13}]}"
sc_bundle "$tmp/nnp" "$SC_MKDIR" 'c["process"]["noNewPrivileges"] = True'
run_out "$tmp/nnp"
t_is "$rc $(pj "$tmp/out" '[j["seccomp"], j["seccomp_filters"] >= 1, j["no_new_privs"]]')" \
	"0 [2, true, 1]" "noNewPrivileges true: Seccomp 2, Seccomp_filters >= 1, NoNewPrivs 1"

sc_bundle "$tmp/nonnp" "$SC_MKDIR" 'c["process"]["noNewPrivileges"] = False'
run_out "$tmp/nonnp"
t_is "$rc $(pj "$tmp/out" '[j["seccomp"], j["seccomp_filters"] >= 1, j["no_new_privs"]]')" \
	"0 [2, true, 0]" "noNewPrivileges false: Seccomp 2, Seccomp_filters >= 1, NoNewPrivs 0"

# Without no_new_privs the kernel wants CAP_SYS_ADMIN, which a non-root
# user without capabilities does not have after the drop: the filter must
# go in before it.
sc_bundle "$tmp/nonnp1000" "$SC_MKDIR" '
c["process"]["noNewPrivileges"] = False
c["process"]["user"] = {"uid": 1000, "gid": 1000}
c["process"]["capabilities"] = {}'
run_out "$tmp/nonnp1000"
t_is "$rc $(pj "$tmp/out" '[j["uid"], j["caps"]["CapEff"], j["seccomp"], j["no_new_privs"]]')" \
	"0 [1000, \"0000000000000000\", 2, 0]" \
	"noNewPrivileges false, uid 1000 without capabilities: the filter is loaded (Seccomp 2)"

# In a user namespace (container root is host uid 100000): noNewPrivileges
# false, user 1000: the filter goes in while the process is the
# namespace's root with CAP_SYS_ADMIN there.
sc_bundle "$tmp/userns" "$SC_MKDIR" '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["process"]["noNewPrivileges"] = False
c["process"]["user"] = {"uid": 1000, "gid": 1000}
c["process"]["args"] = ["/bin/sh", "-c", "grep -E \"^(Uid|Seccomp|NoNewPrivs):\" /proc/self/status; mkdir /tmp/u"]'
chmod 1777 "$tmp/userns/rootfs/tmp"
run_out "$tmp/userns"
[ "$rc $(tr '\t\n' '  ' < "$tmp/out")$(grep -c "$EACCES_S" "$tmp/err")" = \
	"1 Uid: 1000 1000 1000 1000 NoNewPrivs: 0 Seccomp: 2 1" ]
un_rc=$?
t_ok $un_rc "user namespace, noNewPrivileges false, uid 1000: Seccomp 2, mkdir refused with EACCES"
[ $un_rc -ne 0 ] && show

# ---- SCMP_ACT_ERRNO: errnoRet, its EPERM default, errnoRet 0 --------------------
sc_bundle "$tmp/errno" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['mkdir', 'mkdirat'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13},
    {'names': ['symlink', 'symlinkat'], 'action': 'SCMP_ACT_ERRNO'},
    {'names': ['rmdir'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 0}]}"
mkdir "$tmp/errno/rootfs/tmp/w"
sh_args "$tmp/errno" "$T_FN"'t mkdir mkdir /tmp/a; t ls ls -d /tmp/a
t ln ln -s x /tmp/l; t rmdir rmdir /tmp/w; t w test -d /tmp/w; t touch touch /tmp/f'
run_out "$tmp/errno"
t_out "SCMP_ACT_ERRNO: errnoRet 13 (EACCES), EPERM without errnoRet, errnoRet 0 skips the call" \
"mkdir=1:$EACCES_S
ls=1:$ENOENT_S
ln=1:$EPERM_S
rmdir=0:
w=0:
touch=0:"

# defaultErrnoRet on a deny-by-default profile: only what busybox sh, echo,
# grep, cat and mkdir need is allowed (mkdir/mkdirat are not).
ALLOW="['read', 'write', 'readv', 'writev', 'open', 'openat', 'close', 'stat', 'fstat', 'lstat',
 'newfstatat', 'statx', 'lseek', 'mmap', 'mprotect', 'munmap', 'brk', 'rt_sigaction',
 'rt_sigprocmask', 'rt_sigreturn', 'ioctl', 'pread64', 'access', 'faccessat', 'faccessat2',
 'pipe', 'pipe2', 'dup', 'dup2', 'dup3', 'fcntl', 'getpid', 'getppid', 'gettid', 'getuid',
 'geteuid', 'getgid', 'getegid', 'getpgrp', 'setpgid', 'getcwd', 'chdir', 'uname', 'sendfile',
 'clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'wait4', 'waitid', 'exit',
 'exit_group', 'arch_prctl', 'set_tid_address', 'set_robust_list', 'rseq', 'prlimit64',
 'getrlimit', 'readlink', 'readlinkat', 'getrandom', 'prctl', 'futex', 'madvise',
 'sigaltstack', 'getdents64', 'poll', 'ppoll', 'pselect6', 'select', 'umask', 'kill', 'tgkill',
 'nanosleep', 'clock_nanosleep', 'clock_gettime', 'gettimeofday', 'sched_yield', 'capget',
 'capset', 'setresuid', 'setresgid', 'setgroups', 'close_range', 'statfs', 'fstatfs',
 'epoll_create1', 'epoll_ctl', 'epoll_pwait', 'sched_getaffinity', 'mincore']"
sc_bundle "$tmp/deny" "{'defaultAction': 'SCMP_ACT_ERRNO', 'defaultErrnoRet': 95,
    'architectures': $ARCHS, 'syscalls': [{'names': $ALLOW, 'action': 'SCMP_ACT_ALLOW'}]}"
sh_args "$tmp/deny" "$T_FN"'echo start; t mkdir mkdir /tmp/a; grep "^Seccomp:" /proc/self/status'
run_out "$tmp/deny"
t_out "defaultAction SCMP_ACT_ERRNO with defaultErrnoRet 95: sh runs, mkdir fails with EOPNOTSUPP" \
"start
mkdir=1:$ENOTSUP_S
Seccomp:	2"

# The default profile of containers-common (podman's), turned into
# linux.seccomp the way podman does on amd64 for the spec's default
# capabilities: deny by default (ENOSYS), x86 and x32 names such as _llseek
# or socketcall in the allow list, personality() allowed for five values
# only (args), sethostname refused (EPERM) without CAP_SYS_ADMIN. The
# process then gets CAP_SYS_ADMIN anyway: sethostname would work unfiltered.
PODMAN_PROFILE=/usr/share/containers/seccomp.json
if [ -r "$PODMAN_PROFILE" ]; then
	sc_bundle "$tmp/podman" None '
p = json.load(open("/usr/share/containers/seccomp.json"))
caps = set(c["process"]["capabilities"]["bounding"])
sc = {"defaultAction": p["defaultAction"], "defaultErrnoRet": p["defaultErrnoRet"],
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": []}
for s in p["syscalls"]:
    inc, exc = s.get("includes") or {}, s.get("excludes") or {}
    if inc.get("arches") and "amd64" not in inc["arches"]:
        continue
    if exc.get("arches") and "amd64" in exc["arches"]:
        continue
    if not set(inc.get("caps") or []) <= caps or set(exc.get("caps") or []) & caps:
        continue
    sc["syscalls"].append({k: v for k, v in s.items() if k in ("names", "action", "errnoRet", "args")})
c["linux"]["seccomp"] = sc
for k in c["process"]["capabilities"].values():
    k.append("CAP_SYS_ADMIN")'
	mkdir -p "$tmp/podman/rootfs/mnt"
	sh_args "$tmp/podman" "$T_FN"'t host hostname x; t l32 linux32 uname -m; t l64 linux64 true
t mnt mount -t tmpfs t /mnt; grep "^Seccomp:" /proc/self/status'
	run_out "$tmp/podman"
	t_out "podman's default profile: sethostname refused (EPERM) despite CAP_SYS_ADMIN; linux32, linux64, mount allowed" \
"host=1:$EPERM_S
i686
l32=0:
l64=0:
mnt=0:
Seccomp:	2"
else
	t_skip "podman's default profile" "no $PODMAN_PROFILE"
fi

# ---- argument conditions ---------------------------------------------------------
# busybox chmod uses chmod(2) on x86_64 (fchmodat elsewhere): mode is
# argument 1 (2 for fchmodat).
sc_bundle "$tmp/args" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['chmod'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13,
     'args': [{'index': 1, 'value': 0o777, 'op': 'SCMP_CMP_EQ'}]},
    {'names': ['fchmodat'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13,
     'args': [{'index': 2, 'value': 0o777, 'op': 'SCMP_CMP_EQ'}]},
    {'names': ['chmod'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 22,
     'args': [{'index': 1, 'value': 0o6000, 'valueTwo': 0o4000, 'op': 'SCMP_CMP_MASKED_EQ'}]},
    {'names': ['chmod'], 'action': 'SCMP_ACT_ERRNO',
     'args': [{'index': 1, 'value': 0o700, 'op': 'SCMP_CMP_EQ'},
              {'index': 1, 'value': 0o711, 'op': 'SCMP_CMP_EQ'}]},
    {'names': ['kill'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13,
     'args': [{'index': 0, 'value': 1, 'op': 'SCMP_CMP_EQ'},
              {'index': 1, 'value': 10, 'op': 'SCMP_CMP_EQ'}]}]}"
sh_args "$tmp/args" "$T_FN"'touch /tmp/f
t eq777 chmod 777 /tmp/f; t eq755 chmod 755 /tmp/f
t m4755 chmod 4755 /tmp/f; t m6755 chmod 6755 /tmp/f; t m2755 chmod 2755 /tmp/f
t or700 chmod 700 /tmp/f; t or711 chmod 711 /tmp/f; t or750 chmod 750 /tmp/f
t and_usr1_1 kill -USR1 1; t and_0_1 kill -0 1
sleep 5 & t and_usr1_other kill -USR1 $!'
run_out "$tmp/args"
line() { grep "^$1=" "$tmp/out"; }
t_is "$(line eq777) $(line eq755)" "eq777=1:$EACCES_S eq755=0:" \
	"SCMP_CMP_EQ on chmod's mode: 0777 refused with errnoRet 13, 0755 allowed"
t_is "$(line m4755) $(line m6755) $(line m2755)" "m4755=1:$EINVAL_S m6755=0: m2755=0:" \
	"SCMP_CMP_MASKED_EQ, value 06000 the mask, valueTwo 04000 the datum: 4755 refused, 6755 and 2755 allowed"
t_is "$(line or700) $(line or711) $(line or750)" "or700=1:$EPERM_S or711=1:$EPERM_S or750=0:" \
	"two conditions on the same argument are ORed: 0700 and 0711 refused, 0750 allowed"
t_is "$(line and_usr1_1) $(line and_0_1) $(line and_usr1_other)" \
	"and_usr1_1=1:$EACCES_S and_0_1=0: and_usr1_other=0:" \
	"conditions on two arguments are ANDed: kill(1, SIGUSR1) refused, kill(1, 0) and kill(other, SIGUSR1) allowed"

# Seven conditions, all on the mode: seven ORed rules (libseccomp's limit of
# six is per rule, ANDed); runc accepts this.
sc_bundle "$tmp/or7" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['chmod'], 'action': 'SCMP_ACT_ERRNO',
     'args': [{'index': 1, 'value': v, 'op': 'SCMP_CMP_EQ'} for v in range(0o700, 0o707)]}]}"
sh_args "$tmp/or7" "$T_FN"'touch /tmp/f; t c700 chmod 700 /tmp/f; t c706 chmod 706 /tmp/f; t c707 chmod 707 /tmp/f'
run_out "$tmp/or7"
t_out "seven conditions on one argument (more than six, ORed): 0700 and 0706 refused, 0707 allowed" \
"c700=1:$EPERM_S
c706=1:$EPERM_S
c707=0:"

# ---- SCMP_ACT_TRACE without a tracer: ENOSYS --------------------------------------
sc_bundle "$tmp/trace" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['mkdir', 'mkdirat'], 'action': 'SCMP_ACT_TRACE', 'errnoRet': 7}]}"
sh_args "$tmp/trace" "$T_FN"'t mkdir mkdir /tmp/a; t ls test -d /tmp/a'
run_out "$tmp/trace"
t_out "SCMP_ACT_TRACE without a tracer: mkdir fails with ENOSYS" "mkdir=1:$ENOSYS_S
ls=1:"

# ---- the kernel's audit log: SCMP_ACT_LOG and SECCOMP_FILTER_FLAG_LOG --------------
# (before the KILL tests, whose audit records count against printk's rate
# limit of 10 in 5 s; kauditd writes to the kernel log when no auditd runs)
# klog_count ERE: audit records in the kernel log that match ERE.
klog_count() {
	dmesg 2>/dev/null | grep -c -E "type=1326 .*$1"
}
# klog_wait ERE BEFORE: waits up to 3 s for more than BEFORE records.
klog_wait() {
	kw_n=30
	while [ "$kw_n" -gt 0 ]; do
		[ "$(klog_count "$1")" -gt "$2" ] && return 0
		sleep 0.1
		kw_n=$((kw_n - 1))
	done
	return 1
}
KLOG=yes
if ! dmesg >/dev/null 2>&1; then
	KLOG="dmesg cannot read the kernel log"
elif pgrep -x auditd >/dev/null 2>&1; then
	KLOG="auditd takes the audit records"
fi

sc_bundle "$tmp/log" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['sync'], 'action': 'SCMP_ACT_LOG'}]}"
sh_args "$tmp/log" 'sync; echo "sync=$?"; grep "^Seccomp:" /proc/self/status'
LOG_RE='comm="sync" exe="/bin/busybox" sig=0 arch=c000003e syscall=162 .*code=0x7ffc0000'
n0=$(klog_count "$LOG_RE")
run_out "$tmp/log"
t_out "SCMP_ACT_LOG on sync: the call is allowed, under a filter" "sync=0
Seccomp:	2"
if [ "$KLOG" = yes ]; then
	klog_wait "$LOG_RE" "$n0"
	t_ok $? "SCMP_ACT_LOG: the kernel logged the sync call (audit type 1326, code 0x7ffc0000)"
else
	t_skip "SCMP_ACT_LOG: the kernel logged the sync call" "$KLOG"
fi

# SECCOMP_FILTER_FLAG_LOG: actions other than ALLOW are logged, here an
# ERRNO (code 0x50000: the action without its data), which is not logged
# without the flag.
FL_RE='comm="mkdir" exe="/bin/busybox" sig=0 arch=c000003e syscall=83 .*code=0x50000$'
sc_bundle "$tmp/noflag" "$SC_MKDIR" 'c["process"]["args"] = ["/bin/mkdir", "/tmp/flaglog"]'
sc_bundle "$tmp/flag" "$SC_MKDIR" '
c["process"]["args"] = ["/bin/mkdir", "/tmp/flaglog"]
c["linux"]["seccomp"]["flags"] = ["SECCOMP_FILTER_FLAG_LOG"]'
n0=$(klog_count "$FL_RE")
run_out "$tmp/noflag"
rc0=$rc
sleep 0.3
n1=$(klog_count "$FL_RE")
run_out "$tmp/flag"
[ "$rc0 $rc $(grep -c "$EACCES_S" "$tmp/err")" = "1 1 1" ]
t_spec $? "flags [SECCOMP_FILTER_FLAG_LOG] accepted: the filter is in force (mkdir: EACCES)" \
	"runc 1.1 refuses linux.seccomp.flags"
if [ "$KLOG" = yes ]; then
	klog_wait "$FL_RE" "$n1"
	fl_rc=$?
	[ "$((n1 - n0)) $fl_rc" = "0 0" ]
	t_spec $? "SECCOMP_FILTER_FLAG_LOG: the refused mkdir is in the kernel's audit log, only with the flag" \
		"runc 1.1 refuses linux.seccomp.flags"
else
	t_skip "SECCOMP_FILTER_FLAG_LOG: the refused mkdir is in the kernel's audit log" "$KLOG"
fi

# ---- KILL_PROCESS, KILL_THREAD, TRAP: the process dies of SIGSYS -------------------
# (busybox sh calls uname at startup: sync is the victim, run directly)
for act in KILL_PROCESS KILL_THREAD KILL TRAP; do
	sc_bundle "$tmp/k$act" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['sync'], 'action': 'SCMP_ACT_$act'}]}" 'c["process"]["args"] = ["/bin/sync"]'
	run_out "$tmp/k$act"
	t_is "$rc" 159 "SCMP_ACT_$act on sync: the container's init dies of SIGSYS, run exits 159"
done
sc_bundle "$tmp/ksh" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['sync'], 'action': 'SCMP_ACT_KILL_PROCESS'}]}"
sh_args "$tmp/ksh" 'sync; echo "sync=$?"; uname -s'
run_out "$tmp/ksh"
t_out "SCMP_ACT_KILL_PROCESS: a child of sh dies of SIGSYS (status 159), sh goes on" "sync=159
Linux"

# ---- exec: the exec'd process gets the container's filter -------------------------
for nnp in True False; do
	b=$tmp/ex$nnp
	sc_bundle "$b" "$SC_MKDIR" "
c['process']['noNewPrivileges'] = $nnp
c['process']['args'] = ['/bin/probe', 'sleep', '30']"
	id=$(new_id ex)
	rt create -b "$b" "$id" > "$tmp/$id.out" 2>&1 && rt start "$id" && wait_status "$id" running ||
		echo "# create/start of $id failed: $(head -c 300 "$tmp/$id.out")"
	pid=$(pid_of "$id")
	t_is "$(hstatus "$pid" Seccomp) $(hstatus "$pid" NoNewPrivs)" "2 $([ $nnp = True ] && echo 1 || echo 0)" \
		"noNewPrivileges $nnp: a started container's init has Seccomp 2 (host's /proc/PID/status)"
	rt exec "$id" /bin/probe > "$tmp/ex.json" 2> "$tmp/ex.err"
	t_is "$? $(pj "$tmp/ex.json" '[j["seccomp"], j["seccomp_filters"] >= 1]')" "0 [2, true]" \
		"noNewPrivileges $nnp: the exec'd process has Seccomp 2, Seccomp_filters >= 1"
	rt exec "$id" /bin/mkdir /tmp/ex > "$tmp/ex.out" 2> "$tmp/ex.err"
	t_is "$? $(grep -c "$EACCES_S" "$tmp/ex.err")" "1 1" \
		"noNewPrivileges $nnp: mkdir in the exec'd process fails with errnoRet 13"
	rt delete -f "$id" >/dev/null 2>&1
done

# ---- a foreign architecture, an unknown syscall: skipped --------------------------
sc_bundle "$tmp/skip" "{'defaultAction': 'SCMP_ACT_ALLOW',
    'architectures': ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32', 'SCMP_ARCH_AARCH64'],
    'syscalls': [{'names': ['nosuchsyscall', 'mkdir', 'mkdirat'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13}]}"
sh_args "$tmp/skip" "$T_FN"'t mkdir mkdir /tmp/a'
run_out "$tmp/skip" --debug
t_out "SCMP_ARCH_AARCH64 and the syscall nosuchsyscall in the profile: run works, mkdir still refused" \
	"mkdir=1:$EACCES_S"
if is_runc; then
	t_skip "--debug names the skipped architecture and syscall" "runlet's own debug lines"
else
	grep -q '^time=".*" level=debug msg=".*SCMP_ARCH_AARCH64.*skipped' "$tmp/err" &&
		grep -q '^time=".*" level=debug msg=".*nosuchsyscall.*skipped' "$tmp/err"
	dbg_rc=$?
	t_ok $dbg_rc "--debug: a level=debug line names SCMP_ARCH_AARCH64, one nosuchsyscall, both skipped"
	[ $dbg_rc -ne 0 ] && show
fi

# ---- SCMP_ACT_NOTIFY: the listener fd and the state go to listenerPath ------------
# The agent takes two connections (the init's at create, an exec'd
# process's). From each: one message and its fds (SCM_RIGHTS); then it
# waits for one notification on the fd, answers the first with EXDEV and
# leaves the second unanswered, and closes the fd. What it saw goes to OUT
# as JSON after every step ("stage"). Every wait is bounded.
cat > "$tmp/agent.py" <<'EOF'
import array, fcntl, json, os, select, socket, struct, sys
sock_path, out = sys.argv[1], sys.argv[2]
res = {"stage": "listening", "conns": []}
def dump(stage):
    res["stage"] = stage
    with open(out + ".tmp", "w") as f:
        json.dump(res, f)
    os.rename(out + ".tmp", out)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(sock_path)
srv.listen(4)
srv.settimeout(20)
for i in range(2):
    conn, _ = srv.accept()
    conn.settimeout(10)
    r = {}
    res["conns"].append(r)
    data, fds = b"", []
    while True:
        msg, anc, flags, _ = conn.recvmsg(1 << 16, socket.CMSG_SPACE(64 * 4))
        for lvl, typ, d in anc:
            if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                a = array.array("i")
                a.frombytes(d[:len(d) - len(d) % a.itemsize])
                fds += list(a)
        r["ctrunc"] = bool(flags & socket.MSG_CTRUNC)
        data += msg
        if not msg:
            break
        try:
            json.loads(data)
            break
        except ValueError:
            pass
    r["nfds"] = len(fds)
    r["raw"] = data.decode("utf-8", "replace")
    r["links"] = [os.readlink("/proc/self/fd/%d" % f) for f in fds]
    dump("received%d" % i)
    if fds:
        p = select.poll()
        p.register(fds[0], select.POLLIN)
        if p.poll(15000):
            buf = bytearray(80)     # struct seccomp_notif
            fcntl.ioctl(fds[0], 0xC0502100, buf)    # SECCOMP_IOCTL_NOTIF_RECV
            nid, pid, _, nr, arch = struct.unpack_from("=QIIiI", buf, 0)
            ppid = None
            for l in open("/proc/%d/status" % pid):
                if l.startswith("PPid:"):
                    ppid = int(l.split()[1])
            r["notif"] = {"pid": pid, "ppid": ppid, "nr": nr, "arch": arch}
            if i == 0:
                resp = bytearray(struct.pack("=QqiI", nid, 0, -18, 0))   # -EXDEV
                fcntl.ioctl(fds[0], 0xC0182101, resp)   # SECCOMP_IOCTL_NOTIF_SEND
    for f in fds:
        os.close(f)
    conn.close()
    dump("done%d" % i)
EOF
# (the metadata has JSON's specials: quotes, a backslash, non-ASCII)
META='agent "meta" \ ünï'
SOCK=$tmp/agent.sock
export META SOCK
b=$tmp/ntf
sc_bundle "$b" "{'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': $ARCHS,
    'listenerPath': os.environ['SOCK'], 'listenerMetadata': os.environ['META'],
    'syscalls': [{'names': ['mkdir', 'mkdirat'], 'action': 'SCMP_ACT_NOTIFY'}]}"
sh_args "$b" "$T_FN"'t m1 mkdir /tmp/n1; t m2 mkdir /tmp/n2; t d1 test -d /tmp/n1; t d2 test -d /tmp/n2
exec sleep 30'
timeout 50 python3 "$tmp/agent.py" "$SOCK" "$tmp/agent.json" 2> "$tmp/agent.err" &
bg_pid $!
n=100
while [ ! -S "$SOCK" ] && [ $n -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
id=$(new_id ntf)
rt create -b "$b" "$id" > "$tmp/ntf.out" 2> "$tmp/ntf.err"
cr_rc=$?
wait_file "$tmp/agent.json" '"stage": "\(received\|done\)0"' 10
t_ok $(( cr_rc + $? )) "SCMP_ACT_NOTIFY with listenerPath: create exits 0, the agent got a message"
[ $cr_rc -ne 0 ] && sed 's/^/#   err: /' "$tmp/ntf.err"
pid=$(pid_of "$id")
PID=$pid ID=$id BUNDLE=$b
export PID ID BUNDLE
# t_py DESCRIPTION PYTHON: asserts PYTHON, with a = the agent's report on
# the first connection, m = the message it got; x and xm the same for the
# second (None before there is one).
t_py() {
	python3 - "$tmp/agent.json" "$2" > "$tmp/py.err" 2>&1 <<'EOF'
import json, os, sys
def eq(got, want):
    assert got == want, "got %r, wanted %r" % (got, want)
r = json.load(open(sys.argv[1]))
a = r["conns"][0]
m = json.loads(a["raw"])
x = r["conns"][1] if len(r["conns"]) > 1 else None
xm = json.loads(x["raw"]) if x and "raw" in x else None
exec(sys.argv[2])
EOF
	tp_rc=$?
	t_ok $tp_rc "$1"
	[ $tp_rc -ne 0 ] && tail -n 2 "$tmp/py.err" | sed 's/^/#   /'
	return 0
}
t_py "exactly one fd came with the message (SCM_RIGHTS), not truncated" \
	'eq([a["nfds"], a["ctrunc"]], [1, False])'
t_py "the fd is a seccomp listener: anon_inode:seccomp notify" \
	'eq(a["links"], ["anon_inode:seccomp notify"])'
t_py "containerProcessState: ociVersion, fds [\"seccompFd\"], pid, metadata, state" '
eq(sorted(m), ["fds", "metadata", "ociVersion", "pid", "state"])
eq(m["fds"], ["seccompFd"])
assert isinstance(m["ociVersion"], str) and m["ociVersion"].startswith("1."), m["ociVersion"]'
t_py "containerProcessState: pid > 0, the container's init (state's pid)" '
assert m["pid"] > 0
eq(m["pid"], int(os.environ["PID"]))'
t_py "containerProcessState: metadata is listenerMetadata (quotes, backslash, UTF-8 intact)" \
	'eq(m["metadata"], os.environ["META"])'
t_py "containerProcessState: state has the container's id, status creating, the init's pid, the bundle" '
s = m["state"]
eq([s["id"], s["status"], s["pid"], s["bundle"]],
   [os.environ["ID"], "creating", int(os.environ["PID"]), os.environ["BUNDLE"]])'
rt start "$id"
wait_file "$tmp/ntf.out" '^d2=' 15
wait_file "$tmp/agent.json" '"stage": "done0"' 15
t_py "the agent got the notification of the container's mkdir (nr 83, x86_64, a child of the init)" '
n = a["notif"]
eq([n["nr"], n["arch"], n["ppid"]], [83, 0xc000003e, int(os.environ["PID"])])'
t_is "$(cat "$tmp/ntf.out")" "m1=1:$EXDEV_S
m2=1:$ENOSYS_S
d1=1:
d2=1:" "the agent's answer (EXDEV) reaches mkdir; once it closed the fd, mkdir fails with ENOSYS"

# exec: the exec'd process loads the filter too and sends its own listener.
rt exec "$id" /bin/mkdir /tmp/x > "$tmp/ntfx.out" 2> "$tmp/ntfx.err"
t_is "$? $(grep -c "$ENOSYS_S" "$tmp/ntfx.err")" "1 1" \
	"exec into it: the exec'd mkdir was notified, fails with ENOSYS once the agent closed the fd"
wait_file "$tmp/agent.json" '"stage": "done1"' 10
t_py "exec: a second message, one seccomp listener fd, fds [\"seccompFd\"], the metadata, status running" '
eq([x["nfds"], x["links"], xm["fds"], xm["metadata"], xm["state"]["status"], xm["state"]["id"]],
   [1, ["anon_inode:seccomp notify"], ["seccompFd"], os.environ["META"], "running", os.environ["ID"]])'
t_py "exec: the message's pid is the exec'd process (the one notified), not the init" '
eq(xm["pid"], x["notif"]["pid"])
assert xm["pid"] != int(os.environ["PID"]), xm["pid"]'
t_py "exec: state.pid is still the container's init (state is the container's state)" '
eq(xm["state"]["pid"], int(os.environ["PID"]))'
rt delete -f "$id" >/dev/null 2>&1

# ---- errors: create fails, nothing is left behind ----------------------------------
# t_err DESCRIPTION BUNDLE ERE: create fails (exit 1), stderr matches ERE,
# no state directory and no cgroup named after the container are left.
t_err() {
	te_id=$(new_id err)
	rt create -b "$2" "$te_id" > "$tmp/err.out" 2> "$tmp/err.err"
	te_rc=$?
	te_cg=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$te_id" 2>/dev/null)
	if [ $te_rc -eq 1 ] && grep -q -E "$3" "$tmp/err.err" && [ ! -e "$root/$te_id" ] && [ -z "$te_cg" ]; then
		t_ok 0 "$1"
	else
		t_ok 1 "$1"
		echo "#   create exited $te_rc; state dir: $(ls -d "$root/$te_id" 2>/dev/null || echo none); cgroup: ${te_cg:-none}"
		sed 's/^/#   err: /' "$tmp/err.err" | head -n 5
	fi
}
sc_bundle "$tmp/e1" "{'defaultAction': 'SCMP_ACT_ALLOW',
    'syscalls': [{'names': ['mkdir'], 'action': 'SCMP_ACT_NOTIFY'}]}"
if is_runc; then
	t_err "SCMP_ACT_NOTIFY without listenerPath: create fails" "$tmp/e1" 'listenerPath|listener'
else
	t_err "SCMP_ACT_NOTIFY without listenerPath: create fails naming linux.seccomp.listenerPath" \
		"$tmp/e1" 'linux\.seccomp\.listenerPath'
fi
MISSING=$tmp/no/such.sock
export MISSING
sc_bundle "$tmp/e2" "{'defaultAction': 'SCMP_ACT_ALLOW', 'listenerPath': os.environ['MISSING'],
    'syscalls': [{'names': ['mkdir'], 'action': 'SCMP_ACT_NOTIFY'}]}"
t_err "listenerPath naming a missing socket: create fails naming it" "$tmp/e2" "$tmp/no/such\\.sock"
sc_bundle "$tmp/e3" "{'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [
    {'names': ['mkdir'], 'action': 'SCMP_ACT_ERRNO'},
    {'names': ['chmod'], 'action': 'SCMP_ACT_ERRNO', 'args': [{'index': 6, 'value': 1, 'op': 'SCMP_CMP_EQ'}]}]}"
if is_runc; then
	t_err "an args index 6: create fails" "$tmp/e3" 'index|argument'
else
	t_err "an args index 6: create fails naming linux.seccomp.syscalls[1].args" "$tmp/e3" \
		'linux\.seccomp\.syscalls\[1\]\.args'
fi
t_is "$(rt list -q 2>&1)" "" "after the failed creates and the deletes: list -q is empty"

t_done
