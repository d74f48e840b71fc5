# SPDX-License-Identifier: MIT
# run-tests of the payload that tests/integration/devices.sh boots (busybox
# sh inside a cgroup v2-only VM, cwd /payload): linux.resources.devices as
# a BPF_PROG_TYPE_CGROUP_DEVICE program on the container's cgroup, checked
# by what the container may open and mknod (no bpftool here), then the
# unit test test_cgdev, whose kernel part loads, attaches, replaces and
# counts programs on this kernel. TAP on stdout.
#
# The payload: runlet, test_cgdev, lib.sh, rootfs/ (busybox + /bin/probe),
# configs/NAME.json (runlet spec, probe sleep 600, CAP_MKNOD added):
#   allow   deny all, allow c 1:3 rwm; /dev/zero in linux.devices
#   deny    allow all, deny c 1:6 rwm
# c 1:6 has no driver: an open that gets past the cgroup fails with ENXIO
# ("No such device or address"), one the cgroup stops with EPERM.
#   none    no linux.resources
set -u
P=/payload
. "$P/lib.sh"
. "$P/vmlib.sh"
CG=/sys/fs/cgroup
ROOT=/run/runlet-test
RT_TIMEOUT=${RT_TIMEOUT:-30}

rt() {
	timeout -k 5 "$RT_TIMEOUT" "$P/runlet" --root "$ROOT" "$@" </dev/null
}
out=/tmp/out
mkdir -p "$out"
# in_ct SCRIPT: exec sh -c SCRIPT in $id; output in $out/x, status returned.
in_ct() {
	rt exec "$id" /bin/sh -c "$1" > "$out/x" 2>&1
}
t_denied() {
	if [ "$1" -ne 0 ] && grep -q "Operation not permitted" "$out/x"; then
		t_ok 0 "$2"
	else
		t_ok 1 "$2"
		sed 's/^/#   /' "$out/x" | head -n 3
	fi
}
# start_ct NAME ID: run -d the config NAME as ID, running.
start_ct() {
	id=$2
	rt run -d -b "$(bundle "$1")" "$id" >"$out/$id.out" 2>"$out/$id.err" && wait_status "$id" running
	sc_rc=$?
	[ "$sc_rc" -eq 0 ] || sed 's/^/#   stderr: /' "$out/$id.err"
	return $sc_rc
}

echo "# kernel $(uname -r)"
[ -f "$CG/cgroup.controllers" ] && [ "$(awk '$3 == "cgroup"' /proc/self/mounts | wc -l)" = 0 ]
t_ok $? "cgroup v2 only at $CG"

# ---- an allow-list ----------------------------------------------------------------
start_ct allow vm-dev-allow
t_ok $? "run -d: deny all + allow c 1:3 rwm, /dev/zero in linux.devices"
[ -d "$CG/runlet/$id" ] && [ ! -e "$CG/runlet/$id/devices.list" ]
t_ok $? "  $CG/runlet/$id exists (no devices.* files on v2: a BPF program does it)"
in_ct 'head -c 1 /dev/zero'
t_denied $? "  reading /dev/zero fails: Operation not permitted"
in_ct 'head -c 1 /dev/null; echo rc=$?'
t_is "$(cat "$out/x")" "rc=0" "  /dev/null opens"
in_ct 'head -c 1 /dev/full | wc -c'
t_is "$(tr -d ' ' < "$out/x")" "1" "  /dev/full reads (runc's default rule)"
in_ct 'mknod /dev/six c 1 6 && echo made'
t_is "$(cat "$out/x")" "made" "  mknod c 1 6 succeeds (runc's default \"c *:* m\")"
in_ct 'head -c 1 /dev/six'
t_denied $? "  ... opening it fails: Operation not permitted"
# an update replaces the program
echo '{"devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 6, "access": "r"}]}' > "$out/upd.json"
rt update -r "$out/upd.json" "$id" 2>"$out/upd.err"
t_ok $? "update -r: allow c 1:6 r"
sed 's/^/#   stderr: /' "$out/upd.err"
in_ct 'head -c 1 /dev/six'
t_is "$(cat "$out/x")" "head: /dev/six: No such device or address" "  opening the c 1 6 node for reading gets past the filter now (ENXIO)"
in_ct 'echo x > /dev/six'
t_denied $? "  but does not write"
in_ct 'head -c 1 /dev/null; echo rc=$?'
t_is "$(cat "$out/x")" "rc=0" "  /dev/null still opens (one program: the old one is gone, or both would apply)"
rt delete -f "$id" 2>/dev/null
[ ! -e "$CG/runlet/$id" ]
t_ok $? "  delete -f removes the cgroup (and its program with it)"

# ---- a deny-list ---------------------------------------------------------------
start_ct deny vm-dev-deny
t_ok $? "run -d: allow all, deny c 1:6 rwm"
in_ct 'mknod /dev/six c 1 6'
t_denied $? "  mknod c 1 6 fails: Operation not permitted"
in_ct 'mknod /dev/full2 c 1 7 && head -c 1 /dev/full2 | wc -c'
t_is "$(tr -d ' ' < "$out/x")" "1" "  mknod c 1 7 and reading it work"
rt delete -f "$id" 2>/dev/null

# ---- no linux.resources: runc's defaults -----------------------------------------
start_ct none vm-dev-none
t_ok $? "run -d without linux.resources"
in_ct 'head -c 1 /dev/zero | wc -c'
t_is "$(tr -d ' ' < "$out/x")" "1" "  /dev/zero reads (runc's default rule)"
in_ct 'mknod /dev/six c 1 6 && head -c 1 /dev/six'
t_denied $? "  a c 1 6 node is made but does not open (deny all by default)"
rt delete -f "$id" 2>/dev/null

# ---- the unit test on this kernel --------------------------------------------------
"$P/test_cgdev" > "$out/unit.tap" 2>&1
rc=$?
grep -E '^(not ok|ok [0-9]+ - (kernel|mkdir|rmdir|deny all|update|  ))' "$out/unit.tap" |
	sed -n '/mkdir\|kernel tests/,$p' | sed 's/^/#   unit: /'
t_ok $rc "test_cgdev: $(grep -c '^ok' "$out/unit.tap") passed, $(grep -c '^not ok' "$out/unit.tap") failed (the kernel part attaches to $CG)"
grep -q '^ok .* - deny all + c 1:3 rwm: loaded and attached$' "$out/unit.tap"
t_ok $? "  its kernel part ran (not skipped)"

t_is "$(rt list -q 2>/dev/null)" "" "runlet list is empty at the end"
t_done
