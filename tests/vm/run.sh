#!/bin/sh
# SPDX-License-Identifier: MIT
# Boots a Debian kernel under qemu (TCG emulation, never KVM) with a busybox
# initramfs plus PAYLOAD_DIR as /payload, runs /payload/run-tests (a sh
# script that prints TAP) inside, and prints that TAP on stdout.
#
#   sh tests/vm/run.sh ARCH PAYLOAD_DIR [TIMEOUT]     (TIMEOUT: seconds, default 600)
#
# The guest is cgroup v2 only (cgroup_no_v1=all; /init mounts only cgroup2
# at /sys/fs/cgroup) and has proc, sys, devtmpfs, devpts, tmpfs /tmp and /run.
# /init copies the initramfs to a tmpfs and switch_roots into it (pivot_root
# fails on the initramfs itself); VM_NO_SWITCH_ROOT=1 skips that, so that
# a runtime's behaviour on a plain initramfs root can be tested. run-tests
# sees VM_NO_SWITCH_ROOT in its environment and runs with /payload as cwd.
#
# Exit status: run-tests' own status when the guest got to the end;
# 2 after a "Bail out! ..." line: the boot timed out, the kernel panicked,
# the markers are missing, or the setup failed (then see tests/vm/setup.sh:
# its status 77 is passed on, for "qemu or the kernel are unavailable").
#
# Environment: B, VM_DIR (as setup.sh), VM_NO_SWITCH_ROOT=1, VM_MEM (MiB,
# default 512), VM_SMP (default 1), VM_APPEND (more kernel parameters),
# VM_LOG (where to keep the whole console log; default $VM_DIR/ARCH/console.log),
# VM_KEEP=1 (keep the initramfs work directory).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
vmsrc=$top/tests/vm
ARCH=${1:-}
PAYLOAD=${2:-}
TIMEOUT=${3:-600}
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
VM_DIR=${VM_DIR:-$B/vm}
export B VM_DIR
out=$VM_DIR/$ARCH
LOG=${VM_LOG:-$out/console.log}

bail() {
	echo "Bail out! $*"
	exit 2
}
[ -n "$ARCH" ] && [ -n "$PAYLOAD" ] || bail "usage: tests/vm/run.sh ARCH PAYLOAD_DIR [TIMEOUT]"
[ -d "$PAYLOAD" ] || bail "payload directory \"$PAYLOAD\" does not exist"
[ -f "$PAYLOAD/run-tests" ] || bail "no run-tests script in \"$PAYLOAD\""
case $TIMEOUT in '' | *[!0-9]*) bail "TIMEOUT must be a number of seconds, not \"$TIMEOUT\"" ;; esac

# ---- kernel, qemu, busybox ------------------------------------------------------
sh "$vmsrc/setup.sh" "$ARCH" </dev/null >&2
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "Bail out! tests/vm/setup.sh $ARCH failed (status $rc)"
	exit "$rc"
fi
. "$out/env"

case $ARCH in
x86_64)
	CONSOLE=ttyS0
	set -- -accel tcg -cpu max ;;
aarch64)
	# pauth emulation makes plain -cpu max ≈ 6x slower
	CONSOLE=ttyAMA0
	set -- -M virt -accel tcg -cpu max,pauth=off ;;
ppc64le)
	# x-vof: no SLOF firmware (7-10 s); the caps TCG cannot provide
	CONSOLE=hvc0
	set -- -M pseries,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off -accel tcg ;;
*)
	bail "unknown ARCH \"$ARCH\"" ;;
esac

# ---- the initramfs: busybox + /init, then the payload as a second cpio -------
mkdir -p "$out"
work=$(mktemp -d "$out/run.XXXXXX") || bail "cannot make a work directory under $out"
qpid=
cleanup() {
	# (killed ourselves: take qemu along)
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	[ "${VM_KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

nonce=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
MARK_BEGIN="=== runlet-vm $nonce TAP begin ==="
MARK_END="=== runlet-vm $nonce TAP end"
MARK_FAIL="=== runlet-vm $nonce init failed:"

base=$work/base
mkdir -p "$base/bin" "$base/sbin" "$base/usr/bin" "$base/usr/sbin" "$base/dev" \
	"$base/proc" "$base/sys" "$base/tmp" "$base/run" "$base/etc" "$base/root" \
	"$base/payload" "$base/mnt"
cp "$out/busybox" "$base/bin/busybox"
# every applet in /bin (symlinks): one directory on PATH is enough. The
# host's busybox-static lists them (the same Debian version on every arch).
for a in $(/bin/busybox --list); do
	[ "$a" = busybox ] || ln -s busybox "$base/bin/$a"
done
cp "$vmsrc/init" "$base/init"
chmod 755 "$base/init"
cat >"$base/etc/vm.env" <<EOF
VM_MARK_BEGIN='$MARK_BEGIN'
VM_MARK_END='$MARK_END'
VM_MARK_FAIL='$MARK_FAIL'
VM_NO_SWITCH_ROOT=${VM_NO_SWITCH_ROOT:-0}
EOF
echo 'root:x:0:0:root:/root:/bin/sh' >"$base/etc/passwd"
echo 'root:x:0:' >"$base/etc/group"
# /dev/console lets the kernel give /init its stdio (only root can mknod;
# without it /init mounts devtmpfs and opens the console itself).
mknod -m 600 "$base/dev/console" c 5 1 2>/dev/null

# newc cpio, owner root whoever builds it
mkcpio() {
	(cd "$1" && find . | LC_ALL=C sort | /bin/busybox cpio -o -H newc -R 0:0 2>/dev/null) | gzip -1
}
mkcpio "$base" >"$work/initrd" || bail "cannot build the initramfs"
mkdir -p "$work/pl"
cp -a "$PAYLOAD" "$work/pl/payload" || bail "cannot copy the payload"
mkcpio "$work/pl" >>"$work/initrd" || bail "cannot build the payload cpio"

# ---- boot ---------------------------------------------------------------------------
# Always TCG: on this project's machines /dev/kvm is a software backend
# (/sys/module/kvm_pvm) under which Debian guests hang, and `-accel kvm
# -accel tcg` would not fall back since KVM's init succeeds there.
APPEND="console=$CONSOLE quiet panic=-1 cgroup_no_v1=all ${VM_APPEND:-}"
mkdir -p "$(dirname "$LOG")"
start=$(date +%s)
timeout -k 5 "$TIMEOUT" "$QEMU" "$@" -m "${VM_MEM:-512}" -smp "${VM_SMP:-1}" \
	-nographic -nic none -no-reboot \
	-kernel "$out/kernel" -initrd "$work/initrd" -append "$APPEND" \
	</dev/null >"$work/console.raw" 2>"$work/qemu.err" &
qpid=$!
wait "$qpid"
qrc=$?
qpid=
end=$(date +%s)
tr -d '\r' <"$work/console.raw" >"$work/console"
cp "$work/console" "$LOG"
[ -s "$work/qemu.err" ] && sed 's/^/qemu: /' "$work/qemu.err" >>"$LOG"
echo "# vm: $ARCH kernel $KVER, qemu exited with status $qrc after $((end - start)) s (console: $LOG)" >&2

# The TAP: the lines between the markers (what is there, even if cut short;
# kernel messages that got in, a panic's say, become comments).
# (A marker may follow the firmware's last words on the same line.)
awk -v b="$MARK_BEGIN" -v e="$MARK_END" '
	on && index($0, e) { exit }
	on && /^\[ *[0-9]+\.[0-9]+\] / { print "# kernel: " $0; next }
	on { print }
	!on && index($0, b) { on = 1 }' "$work/console"

if grep -q "$MARK_END rc=" "$work/console"; then
	rc=$(sed -n "s/.*$MARK_END rc=\([0-9]*\).*/\1/p" "$work/console" | head -n 1)
	exit "${rc:-2}"
fi
# Why there is no end marker, most precise reason first.
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	bail "the VM did not finish within ${TIMEOUT}s (qemu killed; console: $LOG)"
fi
if grep -q 'Kernel panic' "$LOG"; then
	bail "kernel panic in the VM: $(grep -m 1 'Kernel panic' "$LOG" | sed 's/^\[[ 0-9.]*\] //') (console: $LOG)"
fi
if grep -q "$MARK_FAIL" "$work/console"; then
	bail "the VM's /init failed: $(sed -n "s/.*$MARK_FAIL //p" "$work/console" | head -n 1) (console: $LOG)"
fi
if [ "$qrc" -ne 0 ]; then
	bail "qemu failed with status $qrc: $(head -n 1 "$work/qemu.err") (console: $LOG)"
fi
if grep -q "$MARK_BEGIN" "$work/console"; then
	bail "the VM stopped before the end marker: run-tests was cut short (console: $LOG)"
fi
bail "no TAP begin marker on the VM's console: the guest never ran run-tests (console: $LOG)"
