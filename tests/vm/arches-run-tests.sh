# SPDX-License-Identifier: MIT
# run-tests of the payload that tests/integration/vm-arches.sh boots: busybox
# sh in an aarch64 or ppc64le guest (a Debian kernel under qemu-system),
# cwd /payload. TAP on stdout. No python, no host tools: busybox only.
#
# The payload: runlet (this arch's static build), lib.sh (tests/lib.sh),
# arch (the expected `uname -m`), rootfs/ (this arch's busybox-static and
# probe), configs/NAME.json (runlet spec output edited on the host; root is
# /payload/rootfs, read-only; hostname vm-ARCH):
#   exit7      probe exit 7
#   probe      probe (its JSON report)
#   hidden     sh: is anything of the initramfs visible?
#   sleep      probe sleep 600
#   u_probe    probe, in a user namespace (0 -> 100000, 65536 ids)
#   u_sleep    probe sleep 600, same user namespace
#   s_probe    probe, seccomp: mkdir and mkdirat -> EACCES
#   s_mkdir    sh: mkdir and touch in a tmpfs /tmp, same filter
#   mkdir      the same without the filter (control)
#   us_mkdir   the same with the user namespace and the filter
# With VM_NO_SWITCH_ROOT=1 / is the initramfs itself, where pivot_root(2)
# fails with EINVAL: runlet must use MS_MOVE+chroot and say so in --debug.
set -u
P=/payload
. "$P/lib.sh"
. "$P/vmlib.sh"
ROOT=/run/runlet-arches
RT_TIMEOUT=${RT_TIMEOUT:-60}
NSR=${VM_NO_SWITCH_ROOT:-0}
A=$(cat "$P/arch")

rt() {
	timeout -k 5 "$RT_TIMEOUT" "$P/runlet" --root "$ROOT" "$@" </dev/null
}
# jget FILE KEY: a scalar "KEY":value of a one-line JSON report (first hit).
jget() {
	grep -o "\"$2\":\(\"[^\"]*\"\|[-0-9]*\)" "$1" | head -n 1 | sed 's/^"[^"]*"://; s/^"//; s/"$//'
}
# the id number of a namespace link: user:[4026531837] -> 4026531837
ns_id() {
	readlink "$1" | sed 's/.*\[\([0-9]*\)\]/\1/'
}
out=/tmp/out
mkdir -p "$out"

echo "# $A guest: kernel $(uname -r), uptime $(cut -d' ' -f1 /proc/uptime) s; / is: $(awk '$2 == "/" { printf "%s %s; ", $1, $3 }' /proc/self/mounts)VM_NO_SWITCH_ROOT=$NSR"
echo "# runlet: $("$P/runlet" --version 2>&1 | tr '\n' ' ')"
t_is "$(uname -m)" "$A" "the guest is $A"
"$P/runlet" --version >/dev/null 2>&1
t_ok $? "this arch's static runlet runs in the initramfs (nothing else but busybox there)"
if [ "$NSR" = 1 ]; then
	t_is "$(awk '$2 == "/" { print $3; exit }' /proc/self/mounts)" "rootfs" "/ is the initramfs (rootfs): no switch_root"
fi

# ---- run, exit status, how the init was spawned, how root was changed ----------
rt --debug run -b "$(bundle exit7)" c-exit7 >"$out/exit7.out" 2>"$out/exit7.err"
t_is "$?" "7" "run relays the exit status (7)"
how=$(sed -n 's/.*spawned with \([^"]*\)".*/\1/p' "$out/exit7.err" | head -n 1)
case $how in clone3*) r=0 ;; *) r=1 ;; esac
t_ok $r "--debug: the init was spawned with clone3 on this kernel (\"$how\")"
if [ "$NSR" = 1 ]; then
	grep -q 'pivot_root refused (/ is the initramfs): used MS_MOVE+chroot' "$out/exit7.err"
	t_ok $? "--debug: pivot_root refused on the initramfs, MS_MOVE+chroot used instead"
else
	! grep -q 'pivot_root refused' "$out/exit7.err"
	t_ok $? "--debug: no fallback note: pivot_root worked on the switch_root'ed tmpfs"
fi
[ -s "$out/exit7.err" ] && grep -v 'level=debug' "$out/exit7.err" | sed 's/^/# stderr: /'

rt run -b "$(bundle hidden)" c-hidden >"$out/hidden.out" 2>&1
t_is "$(cat "$out/hidden.out")" "hidden-ok" "the container sees its rootfs only (no /init, /payload or /etc/vm.env of the initramfs)"

rt run -b "$(bundle probe)" c-probe >"$out/probe.json" 2>"$out/probe.err"
t_ok $? "run of the probe exits 0"
t_is "$(jget "$out/probe.json" pid):$(jget "$out/probe.json" hostname)" "1:vm-$A" "probe: pid 1, hostname vm-$A"
t_is "$(jget "$out/probe.json" CapEff):$(jget "$out/probe.json" CapBnd)" "0000000020000420:0000000020000420" \
	"probe: capabilities AUDIT_WRITE KILL NET_BIND_SERVICE"
t_is "$(grep -o '"RLIMIT_NOFILE":{[^}]*}' "$out/probe.json")" '"RLIMIT_NOFILE":{"soft":1024,"hard":1024}' "probe: RLIMIT_NOFILE 1024/1024"
n=0
for t in / /proc /dev /dev/pts /dev/shm /dev/mqueue /sys /sys/fs/cgroup; do
	grep -q "\"target\":\"$t\"" "$out/probe.json" && n=$((n + 1))
done
t_is "$n" "8" "probe: / /proc /dev /dev/pts /dev/shm /dev/mqueue /sys /sys/fs/cgroup are mounted"
grep -q '"target":"/payload' "$out/probe.json"
t_ok $((!$?)) "probe: no mount of the VM's own is visible"

# ---- lifecycle -------------------------------------------------------------------
rt create -b "$(bundle sleep)" c-life >/dev/null 2>"$out/life.err"
t_ok $? "create exits 0"
t_is "$(status_of c-life)" "created" "state: created"
rt start c-life && wait_status c-life running
t_ok $? "start: running"
pid=$(pid_of c-life)
t_is "$(grep '^0::' "/proc/$pid/cgroup" 2>/dev/null)" "0::/runlet/c-life" "the init is in the cgroup /runlet/c-life"
rt exec c-life /bin/probe exit 3
t_is "$?" "3" "exec into it relays the exit status (3)"
rt kill c-life KILL && wait_status c-life stopped
t_ok $? "kill KILL: stopped"
rt delete c-life
t_ok $? "delete exits 0"

# ---- user namespace ----------------------------------------------------------------
rt run -b "$(bundle u_probe)" c-uprobe >"$out/u.json" 2>"$out/u.err"
rc=$?
t_ok $rc "run in a user namespace exits 0"
[ "$rc" -ne 0 ] && sed 's/^/# stderr: /' "$out/u.err"
host_user=$(ns_id /proc/self/ns/user)
u=$(jget "$out/u.json" user)
[ -n "$u" ] && [ "$u" != "$host_user" ]
t_ok $? "user namespace: the container's ($u) is not the host's ($host_user)"
t_is "$(jget "$out/u.json" uid):$(jget "$out/u.json" gid):$(jget "$out/u.json" CapEff)" "0:0:0000000020000420" \
	"user namespace: uid 0, gid 0 and the configured capabilities inside"
rt run -d -b "$(bundle u_sleep)" c-usleep >/dev/null 2>"$out/us.err"
t_ok $? "run -d in a user namespace exits 0"
pid=$(pid_of c-usleep)
t_is "$(awk '/^Uid:/ { print $2 } /^Gid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null | tr '\n' ' ')" "100000 100000 " \
	"user namespace: seen from the host the init runs as uid/gid 100000"
t_is "$(tr -s ' ' <"/proc/$pid/uid_map" | sed 's/^ //'):$(tr -s ' ' <"/proc/$pid/gid_map" | sed 's/^ //')" \
	"0 100000 65536:0 100000 65536" "user namespace: uid_map and gid_map are 0 100000 65536"
m=$(rt exec c-usleep /bin/probe read /proc/self/uid_map 2>"$out/ux.err" | tr -s ' ' | sed 's/^ //')
t_is "$m" "0 100000 65536" "exec joins the user namespace (its uid_map)"
[ -s "$out/ux.err" ] && sed 's/^/# stderr: /' "$out/ux.err"
rt delete -f c-usleep
t_ok $? "delete -f of the user namespace container"

# ---- seccomp --------------------------------------------------------------------------
rt run -b "$(bundle s_probe)" c-sprobe >"$out/s.json" 2>"$out/s.err"
rc=$?
t_ok $rc "run with a seccomp filter exits 0"
[ "$rc" -ne 0 ] && sed 's/^/# stderr: /' "$out/s.err"
t_is "$(jget "$out/s.json" seccomp):$(jget "$out/s.json" no_new_privs)" "2:1" "seccomp: filter mode (2), no_new_privs"
rt run -b "$(bundle s_mkdir)" c-smkdir >"$out/smk.out" 2>&1
t_is "$(grep -E '^(mkdir-rc|touch-rc)=' "$out/smk.out" | tr '\n' ' ')" "mkdir-rc=1 touch-rc=0 " \
	"seccomp: mkdir fails, touch (openat) works"
grep -q 'Permission denied' "$out/smk.out"
t_ok $? "seccomp: ... and mkdir's error is EACCES: $(grep 'mkdir:' "$out/smk.out" | head -n 1)"
rt run -b "$(bundle mkdir)" c-mkdir >"$out/mk.out" 2>&1
t_is "$(grep -E '^(mkdir-rc|touch-rc)=' "$out/mk.out" | tr '\n' ' ')" "mkdir-rc=0 touch-rc=0 " \
	"control: without the filter mkdir works"
rt run -b "$(bundle us_mkdir)" c-usmkdir >"$out/usmk.out" 2>&1
t_is "$(grep -E '^(mkdir-rc|touch-rc)=' "$out/usmk.out" | tr '\n' ' ')" "mkdir-rc=1 touch-rc=0 " \
	"user namespace + seccomp together: mkdir denied, touch works"
grep -q 'Permission denied' "$out/usmk.out" || sed 's/^/# /' "$out/usmk.out"

# ---- nothing left ---------------------------------------------------------------------
left=$(rt list -q 2>/dev/null | tr '\n' ' ')
t_is "$left" "" "no container left in runlet's state"
left=$(find /sys/fs/cgroup/runlet -mindepth 1 -type d 2>/dev/null | tr '\n' ' ')
t_is "$left" "" "no cgroup left under /sys/fs/cgroup/runlet"
t_done
