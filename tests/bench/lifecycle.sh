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
set -eu
N=${1:-200}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
B=${B:-build}
runlet=$top/$B/x86_64/runlet
work=$(mktemp -d /tmp/runlet-bench.XXXXXX)
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
json.dump(c, open(p, "w"), indent=1)
PY
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

echo "create+start+wait+delete of /bin/true, $N runs each ($(uname -r), $(nproc) cpus)"
one "$runlet" runlet
one runc runc
if command -v crun >/dev/null; then
	export -f one 2>/dev/null || true
	unshare -m sh -c "umount /sys/fs/cgroup/unified 2>/dev/null; N=$N work=$work bundle=$bundle; $(typeset -f one 2>/dev/null || sed -n '/^one() {/,/^}/p' "$0"); one crun crun"
fi
if [ -f "$top/../shared/bench/floor.c" ]; then
	gcc -O2 -o "$work/floor" "$top/../shared/bench/floor.c" 2>/dev/null &&
		echo "kernel floor: $("$work/floor" "$bundle/rootfs" 200 2>&1 | tail -n 1)"
fi
