#!/bin/sh
# SPDX-License-Identifier: MIT
# Binary sizes against their budgets (`make size`, `make check`).
#
#   sh tests/size.sh [--check] BUILD_DIR ARCH=BUDGET...
#
# For each ARCH: the stripped BUILD_DIR/ARCH/runlet against BUDGET bytes.
# Without --check it then lists what is big, from the link map the build
# leaves beside the unstripped binary (runlet.unstripped.map): the bytes
# each library and object brings into the file (bss excluded), and the
# biggest input sections (with -ffunction-sections: single functions and
# tables). With --check it prints one line per arch and exits 1 if any
# binary is over its budget. SIZE_TOP=N sets how many rows (default 12).
set -u
check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
B=${1:?usage: tests/size.sh [--check] BUILD_DIR ARCH=BUDGET...}
shift
TOP=${SIZE_TOP:-12}

kib() { awk -v n="$1" 'BEGIN { printf "%.1f KiB", n / 1024 }'; }

over=0
for ab in "$@"; do
	a=${ab%%=*}
	budget=${ab#*=}
	f=$B/$a/runlet
	if [ ! -f "$f" ]; then
		echo "size: $f is missing (build it first)"
		over=1
		continue
	fi
	n=$(stat -c %s "$f")
	if [ "$n" -le "$budget" ]; then
		verdict="ok, $((budget - n)) bytes to spare"
	else
		verdict="OVER BUDGET by $((n - budget)) bytes"
		over=1
	fi
	printf '%-8s %8d bytes (%s), budget %d (%s): %s\n' "$a" "$n" "$(kib "$n")" \
		"$budget" "$(kib "$budget")" "$verdict"
done
[ "$check" = 1 ] && exit "$over"

for ab in "$@"; do
	a=${ab%%=*}
	map=$B/$a/runlet.unstripped.map
	echo
	if [ ! -f "$map" ]; then
		echo "$a: no link map ($map): relink with make"
		continue
	fi
	python3 - "$map" "$a" "$TOP" <<'EOF'
import collections, re, sys

path, arch, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(path, errors="replace").read().split("\n")
try:
    start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
except StopIteration:
    sys.exit("%s: not a GNU ld map" % path)

def counted(out):
    # what takes room in the file: not bss, not what strip removes
    return out and not re.match(r"\.(t?bss|comment|debug|gnu\.attributes|shstrtab|symtab|strtab)", out)

def where(obj):
    m = re.match(r"(.*)\((.*)\)$", obj)
    if m:   # an archive member: grouped under its library
        return m.group(1).rsplit("/", 1)[-1], m.group(2)
    return obj.rsplit("/", 1)[-1], None

groups = collections.Counter()
members = collections.Counter()
sections = []
out = None
pending = None
for l in lines[start:]:
    m = re.match(r"^(\.\S+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+", l)
    if m:
        out = m.group(1)
        continue
    m = re.match(r"^(\.\S+)\s*$", l)
    if m:   # an output section whose address is on the next line
        out = m.group(1)
        continue
    m = re.match(r"^ (\S+)\s*$", l)
    if m:   # an input section whose address is on the next line
        pending = m.group(1)
        continue
    m = re.match(r"^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", l)
    if m and (m.group(1) or pending) and not l.startswith(" *fill*"):
        name = m.group(1) or pending
        pending = None
        size = int(m.group(3), 16)
        if size and counted(out):
            lib, member = where(m.group(4).strip())
            groups[lib] += size
            if member:
                members[(lib, member)] += size
            sections.append((size, name, lib + ("(%s)" % member if member else "")))
        continue
    pending = None

total = sum(groups.values())
print("%s: %d bytes of sections from the link map (the stripped file adds headers and padding)" % (arch, total))
print("  by library and object:")
for g, n in groups.most_common(top):
    print("    %8d %5.1f%%  %s" % (n, 100.0 * n / total, g))
if members:
    print("  biggest archive members:")
    for (lib, mem), n in members.most_common(top):
        print("    %8d  %s(%s)" % (n, lib, mem))
print("  biggest input sections:")
for n, name, src in sorted(sections, reverse=True)[:top]:
    print("    %8d  %-40s %s" % (n, name, src))
EOF
done
exit 0
