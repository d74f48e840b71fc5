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
