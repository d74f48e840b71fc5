#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs everything runlet's build and tests need from Debian's archive and
# builds a static libseccomp per musl architecture from Debian's source.
# Idempotent: when everything is present it returns after a few stat calls.
#
# usage: toolchains/setup.sh [BUILD_DIR]      (default: ./build)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
mkdir -p "$build"
build=$(cd "$build" && pwd)

log() { printf 'toolchains: %s\n' "$*" >&2; }

# One setup at a time: several makes may find something missing at once
# (a second one waits, then finds everything done).
if command -v flock >/dev/null; then
	exec 9>"$build/.setup.lock"
	flock 9
fi

PKGS="musl-tools musl-dev gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu \
gcc-sparc64-linux-gnu musl-dev:arm64 musl-dev:ppc64el qemu-user-static \
libjsmn-dev gperf busybox-static clang libclang-rt-14-dev dpkg-dev file jq \
python3 make gcc linux-libc-dev runc \
linux-libc-dev-arm64-cross linux-libc-dev-ppc64el-cross linux-libc-dev-sparc64-cross \
libc6-dev-sparc64-cross"

missing_pkgs() {
	for p in $PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s ' "$p"
	done
}

need_root() {
	[ "$(id -u)" = 0 ] || { log "must run as root to install packages: $*"; exit 1; }
}

install_pkgs() {
	m=$(missing_pkgs)
	[ -n "$m" ] || return 0
	need_root "$m"
	log "installing:$m"
	archs=$(dpkg --print-foreign-architectures)
	for a in arm64 ppc64el; do
		echo "$archs" | grep -qx "$a" || dpkg --add-architecture "$a"
	done
	add_deb_src
	# Foreign sources (if any) may be unreachable; Debian's archive is what counts.
	apt-get update -q >/dev/null 2>&1 || apt-get update -q || true
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $m >&2
}

# A deb-src stanza mirroring the Debian deb stanza, so `apt-get source` works.
add_deb_src() {
	f=/etc/apt/sources.list.d/runlet-deb-src.sources
	[ -f "$f" ] && return 0
	src=/etc/apt/sources.list.d/debian.sources
	if [ -f "$src" ]; then
		awk 'BEGIN{RS="";ORS="\n\n"} /URIs: *http[^ ]*debian.org\/debian$/ || /URIs: *http[^ ]*debian.org\/debian\n/ {sub(/Types: *deb/,"Types: deb-src"); print}' "$src" > "$f"
	fi
	if [ ! -s "$f" ]; then
		cat > "$f" <<EOS
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	fi
	apt-get update -q >/dev/null 2>&1 || true
}

# Kernel headers for musl: musl's specs use -nostdinc, so expose only the
# kernel's own directories (never /usr/include, whose glibc headers would
# shadow musl's).
kheaders() { # arch triplet
	d=$build/$1/kheaders
	[ -e "$d/linux" ] && return 0
	mkdir -p "$d"
	if [ "$1" = x86_64 ]; then
		ln -sfn /usr/include/linux "$d/linux"
		ln -sfn /usr/include/asm-generic "$d/asm-generic"
		ln -sfn /usr/include/x86_64-linux-gnu/asm "$d/asm"
	else
		for s in linux asm asm-generic; do ln -sfn "/usr/$2/include/$s" "$d/$s"; done
	fi
}

# jsmn: a private include dir holding only jsmn.h, for the same reason.
jsmn_dir() {
	d=$build/jsmn
	[ -e "$d/jsmn.h" ] && return 0
	mkdir -p "$d"
	ln -sfn /usr/include/jsmn.h "$d/jsmn.h"
}

seccomp_src() {
	s=$build/src/libseccomp
	[ -f "$s/configure" ] && return 0
	mkdir -p "$build/src"
	t=$(mktemp -d "$build/src/dl.XXXXXX")
	(cd "$t" && apt-get source -q libseccomp >&2)
	d=$(find "$t" -maxdepth 1 -type d -name 'libseccomp-*' | head -n1)
	[ -n "$d" ] || { log "apt-get source libseccomp produced no tree"; exit 1; }
	rm -rf "$s"
	mv "$d" "$s"
	rm -rf "$t"
}

# libseccomp's compiler flags: toolchains/libseccomp.cflags (size: -Os and
# one section per function, so that --gc-sections drops what runlet does not
# call; no unwind tables). A build made with other flags is made again: its
# flags are kept in $out/cflags, and the Makefile compares them too.
SCMP_CFLAGS=$(cat "$top/toolchains/libseccomp.cflags")

seccomp_build() { # arch host-triplet cc
	out=$build/$1/libseccomp
	[ -f "$out/lib/libseccomp.a" ] &&
		[ "$(cat "$out/cflags" 2>/dev/null)" = "$SCMP_CFLAGS" ] && return 0
	seccomp_src
	w=$build/$1/libseccomp-build
	rm -rf "$w"
	# cp -a keeps timestamps: a plain copy would trigger an aclocal rerun.
	cp -a "$build/src/libseccomp" "$w"
	log "building static libseccomp for $1 ($SCMP_CFLAGS)"
	# installed beside the old one, then swapped in: a concurrent link
	# sees the old library or the new one
	rm -rf "$out.new"
	(cd "$w" && ./configure -q --host="$2" CC="$3" \
		CFLAGS="$SCMP_CFLAGS -isystem $build/$1/kheaders" \
		--enable-static --disable-shared --prefix="$out.new" >&2 &&
	 make -s -C src >/dev/null 2>&1 && make -s -C src install >/dev/null &&
	 make -s -C include install >/dev/null) || { log "libseccomp build for $1 failed"; exit 1; }
	printf '%s\n' "$SCMP_CFLAGS" > "$out.new/cflags"
	rm -rf "$out" "$w"
	mv "$out.new" "$out"
}

install_pkgs
jsmn_dir
kheaders x86_64
kheaders aarch64 aarch64-linux-gnu
kheaders ppc64le powerpc64le-linux-gnu
kheaders sparc64 sparc64-linux-gnu
seccomp_build x86_64 x86_64-linux-musl musl-gcc
seccomp_build aarch64 aarch64-linux-musl aarch64-linux-musl-gcc
seccomp_build ppc64le powerpc64le-linux-musl powerpc64le-linux-musl-gcc
touch "$build/.toolchains-ok"
