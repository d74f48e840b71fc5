#!/bin/sh
# SPDX-License-Identifier: MIT
# The README's demo: build a busybox-static bundle under build/ and show
# what runlet does with it.
set -eu
B=${1:-build}
ARCH=${2:-x86_64}
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
runlet=$top/$B/$ARCH/runlet
bundle=$top/$B/demo-bundle

mkdir -p "$bundle"
make_rootfs "$bundle/rootfs"
rm -f "$bundle/config.json"
echo "== runlet --version"
"$runlet" --version
echo "== runlet spec -b $bundle"
"$runlet" spec -b "$bundle"
echo "   wrote $bundle/config.json ($(wc -c < "$bundle/config.json") bytes), rootfs: busybox-static"
echo "== runlet features (abridged)"
"$runlet" features | head -n 12
echo "   ..."
echo "== runlet --root $top/$B/demo-state list"
"$runlet" --root "$top/$B/demo-state" list
echo "== a real container from the default bundle (terminal off, hostname runlet)"
python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["sh", "-c",
    "echo \"hello from pid $$ in $(hostname), as $(id -un)\"; "
    "echo \"root: $(ls / | tr '\\n' ' ')\"; echo \"capabilities: $(grep CapEff /proc/self/status)\"; exit 7"]
json.dump(c, open(p, "w"), indent=1)
PY
state=$top/$B/demo-state
set +e
"$runlet" --root "$state" run -b "$bundle" demo
rc=$?
set -e
echo "   runlet run exited $rc (the container's exit status)"
echo "== create / state / start / delete"
"$runlet" --root "$state" create -b "$bundle" demo2
"$runlet" --root "$state" state demo2
"$runlet" --root "$state" list
"$runlet" --root "$state" start demo2
sleep 0.2
"$runlet" --root "$state" delete -f demo2
echo "   deleted; list:"
"$runlet" --root "$state" list
[ "$rc" -eq 7 ]
