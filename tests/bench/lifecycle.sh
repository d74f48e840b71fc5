#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark (not a test): median wall time of create + start + wait +
# delete of a busybox /bin/true bundle for runlet, runc and crun, side by
# side on the same bundle, plus the kernel floor from ../shared/bench.
#
#   tests/bench/lifecycle.sh [N]        (default N=200)
#
# crun 1.8.1 refuses this machine's hybrid cgroup layout; it runs in a
# private mount namespace with /sys/fs/cgroup/unified unmounted (FACTS.md).
set -u
N=${1:-200}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
B=${B:-build}
runlet=$top/$B/x86_64/runlet
if [ -n "${BENCH_WORK:-}" ]; then
	work=$BENCH_WORK        # the inner crun call reuses the outer bundle
else
	work=$(mktemp -d /tmp/runlet-bench.XXXXXX)
	trap 'rm -rf "$work"' EXIT
fi
bundle=$work/bundle
[ -n "${BENCH_WORK:-}" ] || {
mkdir -p "$bundle"
make_rootfs "$bundle/rootfs"
"$runlet" spec -b "$bundle"
python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
# crun 1.8.1 refuses ociVersion 1.3.0 ("unknown version specified"); the
# bundle uses nothing newer than 1.0.2, so every runtime gets the same file.
c["ociVersion"] = "1.0.2"
json.dump(c, open(p, "w"), indent=1)
PY
}
command -v crun >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends crun >/dev/null 2>&1 || true

# one RUNTIME LABEL: prints "LABEL median_ms p90_ms"
one() {
	rt=$1 label=$2 root=$work/root-$2
	i=0
	: > "$work/t-$label"
	while [ $i -lt "$N" ]; do
		id=b$i
		t0=$(date +%s%N)
		"$rt" --root "$root" create -b "$bundle" "$id" </dev/null >/dev/null
		"$rt" --root "$root" start "$id"
		while [ "$("$rt" --root "$root" state "$id" | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p')" != stopped ]; do :; done
		"$rt" --root "$root" delete "$id"
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000 )) >> "$work/t-$label"
		i=$((i + 1))
	done
	sort -n "$work/t-$label" | awk -v l="$label" '{ a[NR] = $1 } END {
		printf "%-8s median %7.2f ms   p90 %7.2f ms   (n=%d)\n", l, a[int((NR + 1) / 2)] / 1000, a[int(NR * 0.9)] / 1000, NR }'
}

# Inner call (see below): crun alone, in its private mount namespace.
if [ "${BENCH_CRUN_INNER:-}" = 1 ]; then
	umount /sys/fs/cgroup/unified 2>/dev/null || true
	one crun crun
	exit
fi

echo "create+start+wait+delete of /bin/true, $N runs each ($(uname -r), $(nproc) cpus)"
one "$runlet" runlet
one runc runc
if command -v crun >/dev/null; then
	BENCH_CRUN_INNER=1 BENCH_WORK=$work unshare -m sh "$0" "$N" || echo "crun: failed"
fi
if [ -f "$top/../shared/bench/floor.c" ]; then
	gcc -O2 -o "$work/floor" "$top/../shared/bench/floor.c" 2>/dev/null &&
		echo "kernel floor: $("$work/floor" "$bundle/rootfs" 200 2>&1 | tail -n 1)"
fi
