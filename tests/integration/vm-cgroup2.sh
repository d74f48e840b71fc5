#!/bin/sh
# SPDX-License-Identifier: MIT
# runlet's cgroup v2 driver on a real cgroup v2-only system: this host is
# hybrid (v1), so the checks run in a Debian kernel booted under qemu's TCG
# emulation (tests/vm/run.sh), with runlet, the probe helper and a busybox
# rootfs as the payload, and tests/vm/cgroup2-run-tests.sh as run-tests.
# Its TAP lines are relayed here as "vm: ..." (renumbered).
#
#   B=build sh tests/integration/vm-cgroup2.sh
#   VM_NO_SWITCH_ROOT=1 B=build sh tests/integration/vm-cgroup2.sh
#   VM_ARCH=aarch64 B=build sh tests/integration/vm-cgroup2.sh    (or ppc64le)
#
# Skips (and exits 0) only when qemu or the Debian kernel cannot be
# installed or downloaded (tests/vm/setup.sh's status 77); any other
# trouble is a failure. VM_TIMEOUT bounds the boot (default 180 s).
# VM_ARCH (default x86_64) picks the guest: the payload then holds
# $B/VM_ARCH/runlet, a probe built with that arch's musl wrapper and the
# guest's busybox-static.
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
VM_ARCH=${VM_ARCH:-x86_64}
VM_TIMEOUT=${VM_TIMEOUT:-180}
case $VM_ARCH in
x86_64) ;;
aarch64 | ppc64le) RUNTIME=${RUNTIME:-$top/$B/$VM_ARCH/runlet} ;;
*) echo "Bail out! VM_ARCH must be x86_64, aarch64 or ppc64le, not \"$VM_ARCH\""; exit 1 ;;
esac
T_NAME=vmcg2
. "$top/tests/helper/container.sh"
t0=$(date +%s)

# ---- qemu and the kernel --------------------------------------------------------
B="$B" sh "$top/tests/vm/setup.sh" "$VM_ARCH" </dev/null 2>"$tmp/setup.err"
rc=$?
t1=$(date +%s)
if [ "$rc" -eq 77 ]; then
	reason=$(sed -n 's/^.*unavailable: //p' "$tmp/setup.err" | tail -n 1)
	t_skip "cgroup v2 checks in a qemu VM ($VM_ARCH)" "${reason:-qemu or the kernel is unavailable}"
	t_done
	exit 0
fi
if [ "$rc" -ne 0 ]; then
	t_ok 1 "tests/vm/setup.sh $VM_ARCH (status $rc)"
	sed 's/^/# /' "$tmp/setup.err" | tail -n 20
	t_done
	exit 1
fi
case $B in /*) vmout=${VM_DIR:-$B/vm}/$VM_ARCH ;; *) vmout=${VM_DIR:-$top/$B/vm}/$VM_ARCH ;; esac
kver=$(sed -n 's/^KVER=//p' "$vmout/env")
t_ok 0 "VM setup: Debian kernel $kver, $(sed -n 's/^QEMU=//p' "$vmout/env") ($((t1 - t0)) s)"

# ---- the payload -------------------------------------------------------------------
# The guest's probe and busybox; `spec` from the host's runlet (the same
# document on every arch) when the runtime under test is a foreign binary.
vm_probe=$PROBE
spec_rt=$RUNTIME
if [ "$VM_ARCH" != x86_64 ]; then
	vm_probe=$top/$B/$VM_ARCH/probe
	cc=$VM_ARCH-linux-musl-gcc
	[ "$VM_ARCH" = ppc64le ] && cc=powerpc64le-linux-musl-gcc
	if [ ! -x "$vm_probe" ] || [ "$top/tests/helper/probe.c" -nt "$vm_probe" ]; then
		"$cc" -static -Os -Wall -Wextra -Werror -o "$vm_probe.tmp" "$top/tests/helper/probe.c" &&
			mv "$vm_probe.tmp" "$vm_probe" ||
			{ echo "Bail out! cannot build tests/helper/probe.c with $cc"; exit 1; }
	fi
	spec_rt=$top/$B/x86_64/runlet
	[ -x "$spec_rt" ] || spec_rt="$(command -v "qemu-$VM_ARCH-static") $RUNTIME"
fi
pl=$tmp/payload
mkdir -p "$pl/configs" "$tmp/spec"
cp "$RUNTIME" "$pl/runlet" && cp "$top/tests/lib.sh" "$pl/lib.sh" && cp "$top/tests/vm/payload-lib.sh" "$pl/vmlib.sh" &&
	cp "$top/tests/vm/cgroup2-run-tests.sh" "$pl/run-tests" &&
	make_rootfs "$pl/rootfs" && cp "$vm_probe" "$pl/rootfs/bin/probe" &&
	cp "$vmout/busybox" "$pl/rootfs/bin/busybox" &&
	(cd "$tmp/spec" && timeout 20 $spec_rt spec </dev/null) &&
	python3 - "$tmp/spec/config.json" "$pl/configs" >"$tmp/nconfigs" <<'EOF'
import copy, json, os, sys
base = json.load(open(sys.argv[1]))
base["process"]["terminal"] = False
base["root"] = {"path": "/payload/rootfs", "readonly": True}
sleep = ["/bin/probe", "sleep", "600"]
readcg = ["/bin/probe", "read", "/proc/self/cgroup"]

def make(name, args, edit=None):
    c = copy.deepcopy(base)
    c["process"]["args"] = args
    if edit:
        edit(c)
    json.dump(c, open("%s/%s.json" % (sys.argv[2], name), "w"), indent=1)

def custom(c):
    c["linux"]["cgroupsPath"] = "/custom/x"

def nocgns(c):
    c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "cgroup"]

def res(c):
    r = c["linux"].setdefault("resources", {})
    r["pids"] = {"limit": 20}
    r["memory"] = {"limit": 33554432}

def resources(extra):
    def edit(c):
        c["linux"].setdefault("resources", {}).update(extra)
    return edit

def nopid(c):
    c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"]

sh = lambda script: ["/bin/sh", "-c", script]
hog = "x=a; while :; do x=$x$x; done"
MIB = 1048576

assert any(n["type"] == "cgroup" for n in base["linux"]["namespaces"]), "spec has no cgroup namespace"
make("true", ["/bin/true"])
make("sleep", sleep)
make("custom", sleep, custom)
make("cgns", readcg)
make("nocgns", readcg, nocgns)
make("res", sleep, res)
# every v2 conversion at once (cpuset.cpus "0": the VM has one cpu)
make("resv2", sleep, resources({
    "memory": {"limit": 64 * MIB, "reservation": 32 * MIB, "swap": 128 * MIB},
    "cpu": {"shares": 1024, "quota": 50000, "period": 100000, "cpus": "0"},
    "pids": {"limit": 50},
    "unified": {"memory.high": "50331648"}}))
make("huge", sleep, resources({"hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}]}))
make("io", sleep, resources({"blockIO": {"weight": 500}}))
make("rt", sleep, resources({"cpu": {"realtimeRuntime": 10000}}))
# counts into /dev/shm/count (the spec's tmpfs; read through /proc/PID/root)
make("count", sh("i=0; while :; do i=$((i+1)); echo $i >/dev/shm/count; sleep 0.05; done"))
# no pid namespace: the children outlive the init unless the cgroup is killed
make("kids", sh("sleep 600 & sleep 600 & sleep 600 & wait"), nopid)
make("orphan", sh("sleep 600 & exit 0"), nopid)
# 16 MiB and no swap: the hog is the init, or a child of a sleeping init
nomem = resources({"memory": {"limit": 16 * MIB, "swap": 16 * MIB}})
make("oom", sh(hog), nomem)
make("oomkid", sh("sh -c '%s'; exec /bin/probe sleep 600" % hog), nomem)
print(len(os.listdir(sys.argv[2])))
EOF
rc=$?
tp=$(date +%s)
t_ok $rc "payload: runlet, probe, busybox rootfs, $(cat "$tmp/nconfigs" 2>/dev/null) configs from runlet spec ($(du -sk "$pl" | cut -f1) KiB)"
if [ "$rc" -ne 0 ]; then
	t_done
	exit 1
fi

# ---- boot, run, relay ------------------------------------------------------------------
B="$B" sh "$top/tests/vm/run.sh" "$VM_ARCH" "$pl" "$VM_TIMEOUT" >"$tmp/vm.tap" 2>"$tmp/vm.err"
vrc=$?
t2=$(date +%s)
plan=
n_in=0
bail=
while IFS= read -r line; do
	case $line in
	"ok "*"# SKIP"*)
		d=$(echo "$line" | sed 's/^ok [0-9]* *-* *//; s/ *# SKIP.*//')
		t_skip "vm: $d" "$(echo "$line" | sed 's/.*# SKIP *//')"
		n_in=$((n_in + 1)) ;;
	"ok "*)
		t_ok 0 "vm: $(echo "$line" | sed 's/^ok [0-9]* *-* *//')"
		n_in=$((n_in + 1)) ;;
	"not ok "*)
		t_ok 1 "vm: $(echo "$line" | sed 's/^not ok [0-9]* *-* *//')"
		n_in=$((n_in + 1)) ;;
	1..*) plan=${line#1..} ;;
	"Bail out!"*) bail=${line#Bail out! } ;;
	"#"*) echo "$line" ;;
	*) echo "# vm: $line" ;;
	esac
done <"$tmp/vm.tap"
sed '/^#/!s/^/# /' "$tmp/vm.err"
if [ -n "$bail" ]; then
	t_ok 1 "the VM ran run-tests to its end: $bail"
	tail -n 15 "$vmout/console.log" 2>/dev/null | sed 's/^/#   console: /'
else
	t_ok 0 "the VM booted and ran run-tests to its end (run-tests status $vrc)"
	t_is "$n_in" "${plan:-none}" "the VM's TAP plan matches its test count"
fi
echo "# timings: setup $((t1 - t0)) s, payload $((tp - t1)) s, initramfs + boot + tests $((t2 - tp)) s, total $((t2 - t0)) s"
t_done
