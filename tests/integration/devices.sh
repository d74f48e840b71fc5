#!/bin/sh
# SPDX-License-Identifier: MIT
# linux.resources.devices (the device allow-list), as runc 1.1 applies it:
# the config's rules, then runc's default rules (mknod of anything; rwm of
# null, zero, full, random, urandom, tty, ptmx, pts, tun), minus a default
# whose path linux.devices has. On this host's v1 devices controller: the
# container's devices.list read back from the host (the same lines runc
# 1.1.5 writes for the same config), opens and mknods inside the container
# (EPERM, "Operation not permitted", for what is denied), a deny-list, the
# defaults without linux.resources, an update, and bad rules refused with
# their JSON path and nothing left behind. Then the cgroup v2 path, a BPF
# device program, in a cgroup v2-only VM (tests/vm/run.sh, like
# vm-cgroup2.sh) running tests/vm/devices-run-tests.sh: the same checks by
# behaviour, plus the unit test test_cgdev against that kernel.
#
#   B=build sh tests/integration/devices.sh
#   RUNTIME=/usr/sbin/runc B=build sh tests/integration/devices.sh   (host part)
#   VM_ARCH=aarch64 B=build sh tests/integration/devices.sh
#   DEV_NO_VM=1 B=build sh tests/integration/devices.sh              (host part only)
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=dev
. "$top/tests/helper/container.sh"

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 77
fi

# The container's devices cgroup directory (v1): runlet puts it at
# /runlet/<id>, runc under the caller's cgroup.
dev_dir() {
	if [ -d "/sys/fs/cgroup/devices/runlet/$id" ]; then
		echo "/sys/fs/cgroup/devices/runlet/$id"
		return 0
	fi
	dd_d=$(find /sys/fs/cgroup/devices -maxdepth 4 -type d -name "$id" 2>/dev/null | head -n 1)
	[ -n "$dd_d" ] && echo "$dd_d"
}
# dev_list: the container's devices.list, sorted, on one line ("; ").
dev_list() {
	dl_d=$(dev_dir) || { echo "<no devices cgroup>"; return; }
	LC_ALL=C sort "$dl_d/devices.list" 2>/dev/null | paste -sd';' - | sed 's/;/; /g'
}
leftovers() {
	lo_n=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$id" 2>/dev/null | wc -l)
	[ -e "$root/$id" ] && lo_n=$((lo_n + 1))
	echo "$lo_n"
}

# dev_bundle TAG DEVICES_JSON LINUX_DEVICES_JSON [SCRIPT]: a bundle $b with
# linux.resources.devices = DEVICES_JSON ("-": no linux.resources at all),
# linux.devices = LINUX_DEVICES_JSON, CAP_MKNOD, running `sh -c SCRIPT`
# (default: sleep); a fresh $id.
dev_bundle() {
	b=$tmp/b-$1
	DEV_RULES=$2 DEV_NODES=$3 DEV_SH=${4:-sleep 60}
	export DEV_RULES DEV_NODES DEV_SH
	rm -rf "$b"
	new_bundle "$b" || return 1
	cfg "$b" '
if os.environ["DEV_RULES"] == "-":
    c["linux"].pop("resources", None)
else:
    c["linux"].setdefault("resources", {})["devices"] = json.loads(os.environ["DEV_RULES"])
c["linux"]["devices"] = json.loads(os.environ["DEV_NODES"])
for k in ("bounding", "effective", "permitted"):
    c["process"]["capabilities"][k].append("CAP_MKNOD")
c["process"]["args"] = ["/bin/sh", "-c", os.environ["DEV_SH"]]'
	id=$(new_id "$1")
}
# in_ct SCRIPT: `exec sh -c SCRIPT` in $id; output (stdout and stderr)
# in $tmp/out, status returned.
in_ct() {
	rt exec "$id" /bin/sh -c "$1" > "$tmp/out" 2>&1
}
# t_denied DESCRIPTION: the last in_ct failed with EPERM.
t_denied() {
	if [ "$ic_rc" -ne 0 ] && grep -q "Operation not permitted" "$tmp/out"; then
		t_ok 0 "$1"
	else
		t_ok 1 "$1"
		sed 's/^/#   /' "$tmp/out" | head -n 3
	fi
}
done_with() {
	rt delete -f "$id" > /dev/null 2>&1
}

ZERO='[{"path": "/dev/zero", "type": "c", "major": 1, "minor": 5}]'
DENY_ALL='{"allow": false, "access": "rwm"}'
# runc 1.1's defaults after a deny-all, /dev/zero's left out
# (sorted as LC_ALL=C sort does)
LIST_NOZERO="b *:* m; c *:* m; c 10:200 rwm; c 136:* rwm; c 1:3 rwm; c 1:7 rwm; c 1:8 rwm; c 1:9 rwm; c 5:0 rwm; c 5:2 rwm"
LIST_DEFAULT="b *:* m; c *:* m; c 10:200 rwm; c 136:* rwm; c 1:3 rwm; c 1:5 rwm; c 1:7 rwm; c 1:8 rwm; c 1:9 rwm; c 5:0 rwm; c 5:2 rwm"

if v1_has devices; then
	V1=1
else
	V1=
	echo "# no v1 devices controller here: only behaviour is checked on the host"
fi

# ---- an allow-list: deny all, allow /dev/null -----------------------------------
dev_bundle allow "[$DENY_ALL, {\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"rwm\"}]" "$ZERO"
rt create -b "$b" "$id" 2> "$tmp/err"
t_ok $? "create: deny all + allow c 1:3 rwm, /dev/zero in linux.devices"
sed 's/^/#   runtime: /' "$tmp/err" | head -n 3
if [ -n "$V1" ]; then
	t_is "$(dev_list)" "$LIST_NOZERO" \
		"  devices.list (host): runc's defaults but zero's (its path is in linux.devices)"
fi
rt start "$id" && wait_status "$id" running
t_ok $? "  start: running"
in_ct 'head -c 1 /dev/zero'; ic_rc=$?
t_denied "  reading /dev/zero fails: Operation not permitted"
in_ct 'head -c 1 /dev/zero >/dev/null && echo ok'
t_is "$(tail -n 1 "$tmp/out")" "head: /dev/zero: Operation not permitted" "  ... as busybox head reports it"
in_ct 'echo x > /dev/zero'; ic_rc=$?
t_denied "  writing /dev/zero fails too"
in_ct 'head -c 1 /dev/null; echo rc=$?'
t_is "$(cat "$tmp/out")" "rc=0" "  /dev/null opens (the config's rule)"
in_ct 'head -c 1 /dev/full | wc -c'
t_is "$(tr -d ' ' < "$tmp/out")" "1" "  /dev/full reads (runc's default rule)"
# runc's "c *:* m": any node can be made, but not opened
in_ct 'mknod /dev/six c 1 6 && echo made'
t_is "$(cat "$tmp/out")" "made" "  mknod c 1 6 succeeds (runc's default \"c *:* m\")"
in_ct 'head -c 1 /dev/six'; ic_rc=$?
t_denied "  ... but opening it fails: Operation not permitted"
in_ct 'mknod /dev/sda9 b 8 9 && head -c 1 /dev/sda9'; ic_rc=$?
t_denied "  a block node likewise: made, then EPERM on open"

# an update: runlet applies linux.resources.devices from -r (runc ignores them)
if is_runc; then
	t_skip "update with devices" "runc's update ignores linux.resources.devices"
else
	echo '{"devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 6, "access": "r"}]}' > "$tmp/upd.json"
	rt update -r "$tmp/upd.json" "$id" 2> "$tmp/err"
	t_ok $? "update -r: allow c 1:6 r"
	sed 's/^/#   runtime: /' "$tmp/err" | head -n 3
	if [ -n "$V1" ]; then
		case "; $(dev_list); " in
		*"; c 1:6 r; "*) t_ok 0 "  devices.list has \"c 1:6 r\" ($(dev_list))" ;;
		*) t_ok 1 "  devices.list has \"c 1:6 r\" ($(dev_list))" ;;
		esac
	fi
	# 1:6 has no driver: past the cgroup, open says ENXIO
	in_ct 'head -c 1 /dev/six'
	t_is "$(cat "$tmp/out")" "head: /dev/six: No such device or address" \
		"  opening the c 1 6 node for reading gets past the cgroup now (ENXIO: no driver has 1:6)"
	in_ct 'echo x > /dev/six'; ic_rc=$?
	t_denied "  but not for writing"
	in_ct 'head -c 1 /dev/zero | wc -c'
	t_is "$(tr -d ' ' < "$tmp/out")" "1" "  /dev/zero's default rule is back (update has no linux.devices)"
	echo '{"devices": [{"allow": true, "type": "c", "access": "rwm"}, {"allow": false, "type": "c", "major": 1, "minor": 5, "access": "r"}]}' > "$tmp/upd.json"
	rt update -r "$tmp/upd.json" "$id" 2> "$tmp/err"
	t_is "$?" "1" "update -r with a hole in a wildcard (allow c *:* rwm, deny c 1:5 r) fails"
	grep -qF 'linux.resources.devices[1]: "c 1:5 r" cannot be taken out of the wider exception "c *:* rwm"' "$tmp/err"
	t_ok $? "  naming linux.resources.devices[1]"
	sed 's/^/#   runtime: /' "$tmp/err" | head -n 2
	if [ -n "$V1" ]; then
		case "; $(dev_list); " in
		*"; c 1:6 r; "*) t_ok 0 "  devices.list unchanged" ;;
		*) t_ok 1 "  devices.list unchanged ($(dev_list))" ;;
		esac
	fi
fi
done_with

# ---- a deny-list: allow all, deny c 1:6 -----------------------------------------
dev_bundle deny "[{\"allow\": true, \"access\": \"rwm\"}, {\"allow\": false, \"type\": \"c\", \"major\": 1, \"minor\": 6, \"access\": \"rwm\"}]" '[]'
rt run -d -b "$b" "$id" > /dev/null 2> "$tmp/err" && wait_status "$id" running
t_ok $? "run -d: allow all, deny c 1:6 rwm"
sed 's/^/#   runtime: /' "$tmp/err" | head -n 3
[ -n "$V1" ] && t_is "$(dev_list)" "a *:* rwm" "  devices.list (host): a *:* rwm (a deny-list shows no exceptions)"
in_ct 'mknod /dev/six c 1 6'; ic_rc=$?
t_denied "  mknod c 1 6 fails: Operation not permitted"
in_ct 'mknod /dev/full2 c 1 7 && head -c 1 /dev/full2 | wc -c'
t_is "$(tr -d ' ' < "$tmp/out")" "1" "  mknod c 1 7 and reading it work"
done_with

# ---- no linux.resources: runc's defaults all the same ------------------------------
dev_bundle none - '[]'
rt create -b "$b" "$id" 2> "$tmp/err"
t_ok $? "create without linux.resources"
[ -n "$V1" ] && t_is "$(dev_list)" "$LIST_DEFAULT" "  devices.list (host): deny all + runc's defaults"
done_with

# ---- bad rules: refused before anything is written ------------------------------------
# dev_fails TAG DEVICES_JSON MESSAGE DESCRIPTION [RUNC_DEVIATION]
dev_fails() {
	dev_bundle "$1" "$2" '[]' || return 1
	rt create -b "$b" "$id" 2> "$tmp/err"
	df_rc=$?
	t_spec "$([ "$df_rc" -eq 1 ]; echo $?)" "$4: create fails" "${5:-not refused}"
	[ "$df_rc" -eq 0 ] && done_with
	if is_runc; then
		t_skip "  message" "runc words its errors differently"
	elif grep -qF -- "$3" "$tmp/err"; then
		t_ok 0 "  message: $3"
	else
		t_ok 1 "  message: $3"
		sed 's/^/#   got: /' "$tmp/err"
	fi
	t_is "$(leftovers)" "0" "  no state, no cgroup left"
}
dev_fails badtype "[$DENY_ALL, {\"allow\": true, \"type\": \"x\", \"access\": \"r\"}]" \
	'linux.resources.devices[1].type: unknown device type "x"' "type \"x\""
dev_fails badacc "[$DENY_ALL, {\"allow\": true, \"type\": \"c\", \"access\": \"q\"}]" \
	'linux.resources.devices[1].access: invalid access "q"' "access \"q\"" \
	"runc 1.1 drops the unknown letter"
dev_fails noacc "[$DENY_ALL, {\"allow\": true, \"type\": \"c\", \"major\": 1}]" \
	'linux.resources.devices[1].access: required' "no access"
dev_fails hole "[{\"allow\": true, \"type\": \"c\", \"major\": 1, \"access\": \"rwm\"}, {\"allow\": false, \"type\": \"c\", \"major\": 1, \"minor\": 9, \"access\": \"r\"}]" \
	'linux.resources.devices[1]: "c 1:9 r" cannot be taken out of the wider exception "c 1:* rwm"' "a hole in a wildcard exception"
dev_fails holedef "[{\"allow\": true, \"access\": \"rwm\"}, {\"allow\": false, \"type\": \"c\", \"major\": 1, \"access\": \"w\"}]" \
	"linux.resources.devices: runc's default rule \"c 1:3 rwm\", added after the config's" "a deny-list that runc's defaults would punch holes in"

# ---- cgroup v2: a BPF program, in a VM ---------------------------------------------------
vm_part() {
	VM_ARCH=${VM_ARCH:-x86_64}
	VM_TIMEOUT=${VM_TIMEOUT:-180}
	vm_rt=$top/$B/$VM_ARCH/runlet
	vm_unit=$top/$B/$VM_ARCH/tests/test_cgdev
	case $VM_ARCH in
	x86_64 | aarch64 | ppc64le) ;;
	*) t_ok 1 "VM_ARCH must be x86_64, aarch64 or ppc64le, not \"$VM_ARCH\""; return ;;
	esac
	B="$B" sh "$top/tests/vm/setup.sh" "$VM_ARCH" </dev/null 2>"$tmp/setup.err"
	vs_rc=$?
	if [ "$vs_rc" -eq 77 ]; then
		t_skip "cgroup v2 devices in a qemu VM ($VM_ARCH)" \
			"$(sed -n 's/^.*unavailable: //p' "$tmp/setup.err" | tail -n 1)"
		return
	fi
	if [ "$vs_rc" -ne 0 ]; then
		t_ok 1 "tests/vm/setup.sh $VM_ARCH (status $vs_rc)"
		sed 's/^/# /' "$tmp/setup.err" | tail -n 20
		return
	fi
	case $B in /*) vmout=${VM_DIR:-$B/vm}/$VM_ARCH ;; *) vmout=${VM_DIR:-$top/$B/vm}/$VM_ARCH ;; esac
	# the guest's probe (the host's for x86_64) and busybox; `spec` from
	# the host's runlet
	vm_probe=$PROBE
	if [ "$VM_ARCH" != x86_64 ]; then
		vm_probe=$top/$B/$VM_ARCH/probe
		cc=$VM_ARCH-linux-musl-gcc
		[ "$VM_ARCH" = ppc64le ] && cc=powerpc64le-linux-musl-gcc
		if [ ! -x "$vm_probe" ] || [ "$top/tests/helper/probe.c" -nt "$vm_probe" ]; then
			"$cc" -static -Os -Wall -Wextra -Werror -o "$vm_probe.tmp" "$top/tests/helper/probe.c" &&
				mv "$vm_probe.tmp" "$vm_probe" || { t_ok 1 "build probe.c with $cc"; return; }
		fi
	fi
	pl=$tmp/payload
	mkdir -p "$pl/configs" "$tmp/spec"
	cp "$vm_rt" "$pl/runlet" && cp "$top/tests/lib.sh" "$pl/lib.sh" && cp "$top/tests/vm/payload-lib.sh" "$pl/vmlib.sh" &&
		cp "$top/tests/vm/devices-run-tests.sh" "$pl/run-tests" &&
		cp "$vm_unit" "$pl/test_cgdev" &&
		make_rootfs "$pl/rootfs" && cp "$vm_probe" "$pl/rootfs/bin/probe" &&
		cp "$vmout/busybox" "$pl/rootfs/bin/busybox" &&
		(cd "$tmp/spec" && timeout 20 "$top/$B/x86_64/runlet" spec </dev/null) &&
		python3 - "$tmp/spec/config.json" "$pl/configs" <<'EOF'
import copy, json, sys
base = json.load(open(sys.argv[1]))
base["process"]["terminal"] = False
base["process"]["args"] = ["/bin/probe", "sleep", "600"]
base["root"] = {"path": "/payload/rootfs", "readonly": True}
for k in ("bounding", "effective", "permitted"):
    base["process"]["capabilities"][k].append("CAP_MKNOD")

def make(name, rules, nodes=()):
    c = copy.deepcopy(base)
    if rules is None:
        c["linux"].pop("resources", None)
    else:
        c["linux"].setdefault("resources", {})["devices"] = rules
    c["linux"]["devices"] = list(nodes)
    json.dump(c, open("%s/%s.json" % (sys.argv[2], name), "w"), indent=1)

deny_all = {"allow": False, "access": "rwm"}
zero = {"path": "/dev/zero", "type": "c", "major": 1, "minor": 5}
make("allow", [deny_all, {"allow": True, "type": "c", "major": 1, "minor": 3, "access": "rwm"}], [zero])
make("deny", [{"allow": True, "access": "rwm"},
              {"allow": False, "type": "c", "major": 1, "minor": 6, "access": "rwm"}])
make("none", None)
EOF
	vp_rc=$?
	t_ok $vp_rc "VM payload ($VM_ARCH): runlet, test_cgdev, probe, busybox rootfs, 3 configs ($(du -sk "$pl" | cut -f1) KiB)"
	[ "$vp_rc" -eq 0 ] || return
	vt0=$(date +%s)
	VM_LOG=$tmp/console.log B="$B" sh "$top/tests/vm/run.sh" "$VM_ARCH" "$pl" "$VM_TIMEOUT" \
		>"$tmp/vm.tap" 2>"$tmp/vm.err"
	vrc=$?
	plan=
	n_in=0
	bail=
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			t_skip "vm: $(echo "$line" | sed 's/^ok [0-9]* *-* *//; s/ *# SKIP.*//')" \
				"$(echo "$line" | sed 's/.*# SKIP *//')"
			n_in=$((n_in + 1)) ;;
		"ok "*) t_ok 0 "vm: $(echo "$line" | sed 's/^ok [0-9]* *-* *//')"; n_in=$((n_in + 1)) ;;
		"not ok "*) t_ok 1 "vm: $(echo "$line" | sed 's/^not ok [0-9]* *-* *//')"; n_in=$((n_in + 1)) ;;
		1..*) plan=${line#1..} ;;
		"Bail out!"*) bail=${line#Bail out! } ;;
		"#"*) echo "$line" ;;
		*) echo "# vm: $line" ;;
		esac
	done <"$tmp/vm.tap"
	sed '/^#/!s/^/# /' "$tmp/vm.err"
	if [ -n "$bail" ]; then
		t_ok 1 "the VM ran run-tests to its end: $bail"
		tail -n 15 "$tmp/console.log" 2>/dev/null | sed 's/^/#   console: /'
	else
		t_ok 0 "the VM ran run-tests to its end (status $vrc, $(($(date +%s) - vt0)) s)"
		t_is "$n_in" "${plan:-none}" "the VM's TAP plan matches its test count"
	fi
}
if is_runc; then
	t_skip "cgroup v2 devices in a VM" "runs runlet's own binary"
elif [ -n "${DEV_NO_VM:-}" ]; then
	t_skip "cgroup v2 devices in a VM" "DEV_NO_VM is set"
else
	vm_part
fi
t_done
