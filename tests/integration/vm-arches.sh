#!/bin/sh
# SPDX-License-Identifier: MIT
# runlet on real aarch64 and ppc64le kernels: Debian's kernel for each,
# booted under qemu-system (TCG, tests/vm/run.sh) with an initramfs that
# holds that arch's static runlet and busybox-static, its static probe (from
# tests/helper/probe.c, built with the arch's musl wrapper) in a busybox
# bundle, and tests/vm/arches-run-tests.sh, which runs containers through
# runlet, including a user namespace (uid/gid mappings) and a seccomp filter
# (mkdir -> EACCES), things qemu-user cannot do (see qemu-user.sh). Each
# arch boots twice: after /init's switch_root into a tmpfs, and with
# VM_NO_SWITCH_ROOT=1 on the initramfs itself, where pivot_root(2) fails
# with EINVAL and runlet must switch to MS_MOVE+chroot and say so in its
# --debug log. The guests' TAP lines are relayed as "ARCH[/initramfs]: ...".
#
#   B=build sh tests/integration/vm-arches.sh
#   VM_ARCHES=aarch64 VM_MODES=initramfs B=build sh tests/integration/vm-arches.sh
#
# Skips (and exits 0) only when qemu or the Debian kernel cannot be
# installed or downloaded (tests/vm/setup.sh's status 77). VM_TIMEOUT
# bounds each boot (default 120 s); VM_MODES: "switchroot initramfs".
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
VM_ARCHES=${VM_ARCHES:-aarch64 ppc64le}
VM_MODES=${VM_MODES:-switchroot initramfs}
VM_TIMEOUT=${VM_TIMEOUT:-120}
case $B in /*) bdir=$B ;; *) bdir=$top/$B ;; esac
vmdir=${VM_DIR:-$bdir/vm}
tmp=$(mktemp -d /tmp/runlet-vmarch.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
t0=$(date +%s)

# The config every bundle starts from: runlet's spec (the same document on
# every arch, as qemu-user.sh checks), from the host's build.
spec_rt=$bdir/x86_64/runlet
mkdir -p "$tmp/spec"
if [ -x "$spec_rt" ]; then
	(cd "$tmp/spec" && timeout 20 "$spec_rt" spec </dev/null)
else
	(cd "$tmp/spec" && timeout 20 qemu-aarch64-static "$bdir/aarch64/runlet" spec </dev/null)
fi || { echo "Bail out! cannot get runlet's spec"; exit 1; }

# relay TAPFILE PREFIX: the guest's TAP lines as ours; sets r_n, r_plan, r_bail.
relay() {
	r_n=0 r_plan= r_bail=
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			d=$(echo "$line" | sed 's/^ok [0-9]* *-* *//; s/ *# SKIP.*//')
			t_skip "$2: $d" "$(echo "$line" | sed 's/.*# SKIP *//')"
			r_n=$((r_n + 1)) ;;
		"ok "*)
			t_ok 0 "$2: $(echo "$line" | sed 's/^ok [0-9]* *-* *//')"
			r_n=$((r_n + 1)) ;;
		"not ok "*)
			t_ok 1 "$2: $(echo "$line" | sed 's/^not ok [0-9]* *-* *//')"
			r_n=$((r_n + 1)) ;;
		1..*) r_plan=${line#1..} ;;
		"Bail out!"*) r_bail=${line#Bail out! } ;;
		"#"*) echo "# $2: ${line#\# }" ;;
		*) echo "# $2: $line" ;;
		esac
	done <"$1"
}

# (not $a: make_rootfs uses it)
for arch in $VM_ARCHES; do
	ta=$(date +%s)
	case $arch in
	aarch64) cc=aarch64-linux-musl-gcc ;;
	ppc64le) cc=powerpc64le-linux-musl-gcc ;;
	*) echo "Bail out! VM_ARCHES: $arch is not aarch64 or ppc64le (sparc64: Debian ships no kernel)"; exit 1 ;;
	esac
	echo "# ---- $arch"
	B="$B" sh "$top/tests/vm/setup.sh" "$arch" </dev/null 2>"$tmp/setup-$arch.err"
	rc=$?
	if [ "$rc" -eq 77 ]; then
		reason=$(sed -n 's/^.*unavailable: //p' "$tmp/setup-$arch.err" | tail -n 1)
		t_skip "$arch: runlet in a $arch VM" "${reason:-qemu or the kernel is unavailable}"
		continue
	fi
	if [ "$rc" -ne 0 ]; then
		t_ok 1 "$arch: tests/vm/setup.sh $arch (status $rc)"
		sed 's/^/# /' "$tmp/setup-$arch.err" | tail -n 10
		continue
	fi
	vmout=$vmdir/$arch
	t_ok 0 "$arch: VM ready: Debian kernel $(sed -n 's/^KVER=//p' "$vmout/env"), $(sed -n 's/^QEMU=//p' "$vmout/env")"

	# ---- the payload: this arch's runlet, busybox, probe; bundles ------------
	probe=$bdir/$arch/probe
	if [ ! -x "$probe" ] || [ "$top/tests/helper/probe.c" -nt "$probe" ]; then
		"$cc" -static -Os -Wall -Wextra -Werror -o "$probe.$$" "$top/tests/helper/probe.c" &&
			mv "$probe.$$" "$probe" ||
			{ t_ok 1 "$arch: build tests/helper/probe.c with $cc"; rm -f "$probe.$$"; continue; }
	fi
	pl=$tmp/payload-$arch
	mkdir -p "$pl/configs"
	[ -x "$bdir/$arch/runlet" ] && cp "$bdir/$arch/runlet" "$pl/runlet" &&
		cp "$top/tests/lib.sh" "$pl/lib.sh" && cp "$top/tests/vm/payload-lib.sh" "$pl/vmlib.sh" &&
		cp "$top/tests/vm/arches-run-tests.sh" "$pl/run-tests" &&
		echo "$arch" >"$pl/arch" &&
		make_rootfs "$pl/rootfs" && cp "$vmout/busybox" "$pl/rootfs/bin/busybox" &&
		cp "$probe" "$pl/rootfs/bin/probe" &&
		python3 - "$tmp/spec/config.json" "$pl/configs" "$arch" <<'EOF'
import copy, json, sys
base = json.load(open(sys.argv[1]))
base["process"]["terminal"] = False
base["root"] = {"path": "/payload/rootfs", "readonly": True}
base["hostname"] = "vm-" + sys.argv[3]

def userns(c):
    c["linux"]["namespaces"].append({"type": "user"})
    c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]

def seccomp(c):
    c["linux"]["seccomp"] = {
        "defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}

def tmpfs(c):
    c["mounts"].append({"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
                        "options": ["nosuid", "nodev", "mode=1777"]})

mkdir_sh = ["/bin/sh", "-c", "mkdir /tmp/d; echo mkdir-rc=$?; touch /tmp/f; echo touch-rc=$?"]

def make(name, args, *edits):
    c = copy.deepcopy(base)
    c["process"]["args"] = args
    for e in edits:
        e(c)
    json.dump(c, open("%s/%s.json" % (sys.argv[2], name), "w"), indent=1)

make("exit7", ["/bin/probe", "exit", "7"])
make("probe", ["/bin/probe"])
make("hidden", ["/bin/sh", "-c", "test ! -e /init && test ! -e /payload && test ! -e /etc/vm.env && test -x /bin/probe && echo hidden-ok"])
make("sleep", ["/bin/probe", "sleep", "600"])
make("u_probe", ["/bin/probe"], userns)
make("u_sleep", ["/bin/probe", "sleep", "600"], userns)
make("s_probe", ["/bin/probe"], seccomp)
make("s_mkdir", mkdir_sh, seccomp, tmpfs)
make("mkdir", mkdir_sh, tmpfs)
make("us_mkdir", mkdir_sh, userns, seccomp, tmpfs)
EOF
	rc=$?
	t_ok $rc "$arch: payload: runlet ($(stat -c %s "$pl/runlet" 2>/dev/null) bytes), busybox-static:$arch, probe, 10 bundles ($(du -sk "$pl" | cut -f1) KiB)"
	[ "$rc" -eq 0 ] || continue

	# ---- boot: after switch_root, then on the initramfs itself ---------------------
	for mode in $VM_MODES; do
		case $mode in
		switchroot) nsr=0 label=$arch ;;
		initramfs) nsr=1 label=$arch/initramfs ;;
		*) echo "Bail out! VM_MODES: \"$mode\" is not switchroot or initramfs"; exit 1 ;;
		esac
		tb=$(date +%s)
		VM_NO_SWITCH_ROOT=$nsr VM_LOG=$vmout/console-arches-$mode.log B="$B" \
			sh "$top/tests/vm/run.sh" "$arch" "$pl" "$VM_TIMEOUT" >"$tmp/vm.tap" 2>"$tmp/vm.err"
		vrc=$?
		relay "$tmp/vm.tap" "$label"
		sed '/^#/!s/^/# /' "$tmp/vm.err"
		if [ -n "$r_bail" ]; then
			t_ok 1 "$label: the VM ran run-tests to its end: $r_bail"
			tail -n 15 "$vmout/console-arches-$mode.log" 2>/dev/null | sed 's/^/#   console: /'
		else
			t_is "$r_n" "${r_plan:-none}" "$label: the VM ran run-tests to its end (status $vrc), its plan matches ($r_n tests)"
		fi
		echo "# $label: boot + tests $(($(date +%s) - tb)) s"
	done
	echo "# $arch: $(($(date +%s) - ta)) s"
done
echo "# total $(($(date +%s) - t0)) s"
t_done
