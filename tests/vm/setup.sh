#!/bin/sh
# SPDX-License-Identifier: MIT
# Prepares what tests/vm/run.sh needs to boot a Debian kernel under qemu's
# TCG emulation: the qemu-system package, the Debian kernel of ARCH (the
# exact linux-image-<version>-<flavour> that Debian's meta package points
# to, fetched with `apt-get download`) and a static busybox for the guest.
# Idempotent: a second call only checks a stamp (VM_REFRESH=1 re-resolves
# the kernel version and re-extracts).
#
#   sh tests/vm/setup.sh [ARCH]          ARCH: x86_64 (default), aarch64, ppc64le
#
# Environment: B (build dir, default build), VM_DIR (default $B/vm),
# VM_CACHE (the .deb cache, default $VM_DIR/cache), VM_REFRESH=1.
#
# Leaves in $VM_DIR/ARCH/: kernel (what qemu's -kernel gets: the
# uncompressed vmlinux for x86_64, booted through PVH), busybox (static,
# for the guest), config (the kernel's build config), env (shell
# variables for run.sh: KVER, QEMU, ...), ready (the stamp).
#
# Exit status: 0 ready; 77 qemu, the kernel or busybox could not be
# installed or downloaded (the last line on stderr names the reason, so
# that a test can skip with it); 1 anything else (a bug to fix, not a skip).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ARCH=${1:-x86_64}
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
VM_DIR=${VM_DIR:-$B/vm}
VM_CACHE=${VM_CACHE:-$VM_DIR/cache}
out=$VM_DIR/$ARCH

say() { echo "vm-setup($ARCH): $*" >&2; }
# unavailable REASON: what a test may skip on.
unavailable() {
	say "$*"
	echo "vm-setup($ARCH): unavailable: $*" >&2
	exit 77
}
die() {
	say "error: $*"
	exit 1
}

# ---- per-architecture table ---------------------------------------------------
# DEBARCH: Debian's name; QEMU_PKG/QEMU: the emulator; KMETA: the kernel meta
# package (its Depends names the exact image); BB_PKG: busybox-static for
# the guest ("" = the host's own /bin/busybox); KIND: what to pass as -kernel.
case $ARCH in
x86_64)
	DEBARCH=amd64 QEMU_PKG=qemu-system-x86 QEMU=qemu-system-x86_64
	KMETA=linux-image-amd64 BB_PKG='' KIND=vmlinux-from-bzimage ;;
aarch64)
	DEBARCH=arm64 QEMU_PKG=qemu-system-arm QEMU=qemu-system-aarch64
	KMETA=linux-image-arm64:arm64 BB_PKG=busybox-static:arm64 KIND=image ;;
ppc64le)
	DEBARCH=ppc64el QEMU_PKG=qemu-system-ppc QEMU=qemu-system-ppc64
	KMETA=linux-image-powerpc64le:ppc64el BB_PKG=busybox-static:ppc64el KIND=vmlinux ;;
*)
	die "unknown ARCH \"$ARCH\" (x86_64, aarch64, ppc64le)" ;;
esac

if [ -f "$out/ready" ] && [ "${VM_REFRESH:-0}" != 1 ] && [ -s "$out/kernel" ] &&
	[ -x "$out/busybox" ] && command -v "$QEMU" >/dev/null 2>&1; then
	exit 0
fi
[ "$(id -u)" -eq 0 ] || unavailable "not root: cannot apt-get install $QEMU_PKG"
mkdir -p "$out" "$VM_CACHE" || die "cannot create $out and $VM_CACHE"
export DEBIAN_FRONTEND=noninteractive

apt_updated=0
apt_update() {
	[ "$apt_updated" = 1 ] && return 0
	apt_updated=1
	say "apt-get update"
	apt-get update -q >"$out/apt-update.log" 2>&1 ||
		say "apt-get update failed (see $out/apt-update.log); going on with the lists there are"
}

# ---- foreign architecture -------------------------------------------------------
host_debarch=$(dpkg --print-architecture)
if [ "$DEBARCH" != "$host_debarch" ] &&
	! dpkg --print-foreign-architectures | grep -qx "$DEBARCH"; then
	say "dpkg --add-architecture $DEBARCH"
	dpkg --add-architecture "$DEBARCH" || die "dpkg --add-architecture $DEBARCH failed"
	apt_updated=0
	apt_update
fi

# ---- host packages: qemu, xz, busybox (its cpio builds the initramfs) ---------
need=
command -v "$QEMU" >/dev/null 2>&1 || need="$need $QEMU_PKG"
command -v xz >/dev/null 2>&1 || need="$need xz-utils"
[ -x /bin/busybox ] || need="$need busybox-static"
if [ -n "$need" ]; then
	say "apt-get install$need"
	# shellcheck disable=SC2086 # (a list of package names)
	if ! apt-get install -y -q --no-install-recommends $need >"$out/apt-install.log" 2>&1; then
		apt_update
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $need >"$out/apt-install.log" 2>&1 ||
			unavailable "apt-get install$need failed: $(grep -E '^E:' "$out/apt-install.log" | head -n 1)"
	fi
fi
command -v "$QEMU" >/dev/null 2>&1 || unavailable "$QEMU not found after installing $QEMU_PKG"
/bin/busybox cpio --help 2>&1 | grep -q -- '-o' || die "/bin/busybox has no cpio -o applet"

# ---- the kernel package ----------------------------------------------------------
# resolve META: the exact package its Depends names (linux-image-6.1.0-57-amd64).
resolve() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1
}
# fetch PKG: the path of PKG's .deb in the cache, downloading it if missing.
fetch() {
	f_name=${1%%:*}
	f_deb=$(ls -t "$VM_CACHE/${f_name}_"*"_$DEBARCH.deb" 2>/dev/null | head -n 1)
	if [ -n "$f_deb" ] && ! dpkg-deb --info "$f_deb" >/dev/null 2>&1; then
		say "$f_deb is damaged: downloading it again"
		rm -f "$f_deb"
		f_deb=
	fi
	if [ -z "$f_deb" ]; then
		say "apt-get download $1"
		(cd "$VM_CACHE" && apt-get download -q "$1") >"$out/apt-download.log" 2>&1 || {
			apt_update
			(cd "$VM_CACHE" && apt-get download -q "$1") >"$out/apt-download.log" 2>&1
		} || return 1
		f_deb=$(ls -t "$VM_CACHE/${f_name}_"*"_$DEBARCH.deb" 2>/dev/null | head -n 1)
	fi
	[ -n "$f_deb" ] && echo "$f_deb"
}

kpkg=$(resolve "$KMETA")
if [ -z "$kpkg" ]; then
	apt_update
	kpkg=$(resolve "$KMETA")
fi
if [ -z "$kpkg" ]; then
	# offline: the newest image in the cache will do
	kdeb=$(ls -t "$VM_CACHE"/linux-image-[0-9]*_"$DEBARCH".deb 2>/dev/null | head -n 1)
	why=$(grep -E '^(E|W):' "$out/apt-update.log" 2>/dev/null | head -n 1)
	[ -n "$kdeb" ] || unavailable "cannot resolve $KMETA with apt-cache${why:+ (apt-get update: $why)} and no kernel .deb in $VM_CACHE"
	say "cannot resolve $KMETA; using the cached $(basename "$kdeb")"
else
	kdeb=$(fetch "$kpkg") ||
		unavailable "apt-get download $kpkg failed: $(grep -E '^(E|W):' "$out/apt-download.log" | head -n 1)"
fi
kver=$(basename "$kdeb" | sed -n 's/^linux-image-\([^_]*\)_.*/\1/p')
# (a -unsigned package, if any, names the same version)
kver=${kver%-unsigned}
[ -n "$kver" ] || die "cannot tell the kernel version from $kdeb"

# Only boot/ is needed (modules can be added from the same .deb later).
ex=$out/extract.tmp
rm -rf "$ex"
mkdir -p "$ex"
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$ex" ./boot ||
	die "cannot extract boot/ from $kdeb"
cp "$ex/boot/config-$kver" "$out/config" 2>/dev/null || say "no boot/config-$kver in $kdeb"

case $KIND in
vmlinux-from-bzimage)
	# The bzImage holds the xz-compressed vmlinux: find the xz stream
	# magic (FD 37 7A 58 5A 00) and decompress from there. The ELF vmlinux
	# boots through PVH, skipping the decompressor and real mode (≈ 3.7 s
	# instead of 7 s under TCG). Several hits are possible: take the first
	# that decompresses to an ELF file.
	bz=$ex/boot/vmlinuz-$kver
	[ -f "$bz" ] || die "no boot/vmlinuz-$kver in $kdeb"
	found=
	for off in $(LC_ALL=C grep -obaP '\xfd7zXZ\x00' "$bz" | cut -d: -f1); do
		tail -c +$((off + 1)) "$bz" | xz -dc --single-stream >"$out/kernel.tmp" 2>/dev/null
		if [ "$(head -c 4 "$out/kernel.tmp" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
			found=$off
			break
		fi
	done
	if [ -n "$found" ]; then
		say "vmlinux from the xz stream at offset $found of vmlinuz-$kver"
	else
		# still bootable, only slower
		say "no xz-compressed vmlinux in vmlinuz-$kver; booting the bzImage itself"
		cp "$bz" "$out/kernel.tmp"
	fi
	;;
image)
	cp "$ex/boot/vmlinuz-$kver" "$out/kernel.tmp" || die "no boot/vmlinuz-$kver in $kdeb" ;;
vmlinux)
	cp "$ex/boot/vmlinux-$kver" "$out/kernel.tmp" || die "no boot/vmlinux-$kver in $kdeb" ;;
esac
mv "$out/kernel.tmp" "$out/kernel"
rm -rf "$ex"

# ---- busybox for the guest ----------------------------------------------------------
if [ -z "$BB_PKG" ]; then
	file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' ||
		unavailable "/bin/busybox is not static (install busybox-static)"
	cp /bin/busybox "$out/busybox.tmp"
else
	bbdeb=$(fetch "$BB_PKG") ||
		unavailable "apt-get download $BB_PKG failed: $(grep -E '^(E|W):' "$out/apt-download.log" | head -n 1)"
	rm -rf "$ex" && mkdir -p "$ex"
	{ dpkg-deb -x "$bbdeb" "$ex" && cp "$ex/bin/busybox" "$out/busybox.tmp"; } ||
		die "no bin/busybox in $bbdeb"
	rm -rf "$ex"
fi
chmod 755 "$out/busybox.tmp" && mv "$out/busybox.tmp" "$out/busybox"

cat >"$out/env" <<EOF
KVER=$kver
KDEB=$(basename "$kdeb")
QEMU=$QEMU
EOF
date -u +%Y-%m-%dT%H:%M:%SZ >"$out/ready"
say "ready: kernel $kver, $(command -v "$QEMU")"
exit 0
