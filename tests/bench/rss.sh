#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark (not a test): peak RSS of `run` of a busybox /bin/true bundle,
# for runlet on x86_64 beside runc and crun, and for runlet's other
# architectures under qemu-user.
#
#   tests/bench/rss.sh [N]        (default N=20 runs per runtime)
#
# Peak RSS is ru_maxrss as GNU time reports it (`/usr/bin/time -f %M`,
# KiB): the largest single process among the runtime and the children it
# waited for (the container's init, runc's `runc init`, ...), not a sum.
# Printed: the median and the largest of N runs.
#
# Under qemu-user the figure is qemu's: the emulator, its translation
# cache and the guest binary together, so it is labelled and shown beside
# qemu running `runlet --version` (what qemu costs with no container).
#
# crun 1.8.1 needs ociVersion 1.0.2 (every runtime gets that bundle) and
# refuses this machine's hybrid cgroup layout: it runs in a private mount
# namespace with /sys/fs/cgroup/unified unmounted (FACTS.md), like
# tests/bench/lifecycle.sh.
set -u
N=${1:-20}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
runlet=$B/x86_64/runlet

if [ ! -x /usr/bin/time ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends time >/dev/null 2>&1 ||
		{ echo "rss: /usr/bin/time is missing and the time package cannot be installed"; exit 1; }
fi
command -v crun >/dev/null ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends crun >/dev/null 2>&1 || true

if [ -n "${BENCH_WORK:-}" ]; then
	work=$BENCH_WORK        # the inner crun call reuses the outer bundle
else
	work=$(mktemp -d /tmp/runlet-rss.XXXXXX)
	trap 'rm -rf "$work"' EXIT
	bundle=$work/bundle
	mkdir -p "$bundle"
	make_rootfs "$bundle/rootfs"
	"$runlet" spec -b "$bundle"
	python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
c["ociVersion"] = "1.0.2"    # crun 1.8.1 knows no newer version
json.dump(c, open(p, "w"), indent=1)
PY
fi
bundle=$work/bundle

# one LABEL CMD: N runs of the shell words CMD, evaluated with $id set to
# a fresh container id; prints "LABEL  median MiB (max MiB)".
one() {
	label=$1 cmd=$2
	: > "$work/rss"
	i=0
	while [ "$i" -lt "$N" ]; do
		id=r$$-$i
		eval "/usr/bin/time -f %M -o \"\$work/one\" $cmd" </dev/null >/dev/null 2>"$work/err" ||
			{ echo "  $label: failed: $(grep -v '^Command exited' "$work/err" | tail -n 1)"; return; }
		tail -n 1 "$work/one" >> "$work/rss"
		i=$((i + 1))
	done
	sort -n "$work/rss" | awk -v l="$label" '{ a[NR] = $1 } END {
		printf "  %-40s %6.1f MiB   (max %.1f)\n", l, a[int((NR + 1) / 2)] / 1024, a[NR] / 1024 }'
}

# Inner call: crun alone, in its private mount namespace.
if [ "${BENCH_CRUN_INNER:-}" = 1 ]; then
	umount /sys/fs/cgroup/unified 2>/dev/null || true
	one "crun $(crun --version | sed -n 's/^crun version //p')" 'crun --root "$work/root-crun" run -b "$bundle" "$id"'
	exit
fi

echo "peak RSS of run of a busybox /bin/true bundle, median of $N runs (ru_maxrss: the largest process)"
echo "x86_64, native ($(uname -r)):"
one "runlet $("$runlet" --version | sed -n 's/^runlet version //p')" \
	'"$runlet" --root "$work/root-runlet" run -b "$bundle" "$id"'
one "runc $(runc --version | sed -n 's/^runc version //p')" 'runc --root "$work/root-runc" run -b "$bundle" "$id"'
if command -v crun >/dev/null; then
	devnull=$(stat -c %u:%g /dev/null)
	BENCH_CRUN_INNER=1 BENCH_WORK=$work unshare -m sh "$0" "$N" || echo "  crun: failed"
	[ "$(stat -c %u:%g /dev/null)" = "$devnull" ] || chown "$devnull" /dev/null
fi

# Other architectures: the host's busybox runs in the container (exec
# goes to the host kernel); qemu-user cannot exec a foreign binary, so the
# runtime binary's protection is switched off for these runs.
echo "under qemu-user (qemu's own memory included; not comparable with the above):"
for a in aarch64 ppc64le sparc64; do
	q=$(command -v "qemu-$a-static") || { echo "  runlet ($a): qemu-$a-static is missing"; continue; }
	[ -x "$B/$a/runlet" ] || { echo "  runlet ($a): $B/$a/runlet is missing"; continue; }
	one "runlet $a: qemu + runlet --version" '"$q" "$B/$a/runlet" --version'
	one "runlet $a: qemu + runlet run" \
		'env RUNLET_EXE_PROTECTION=off "$q" "$B/$a/runlet" --root "$work/root-$a" run -b "$bundle" "$id"'
done
