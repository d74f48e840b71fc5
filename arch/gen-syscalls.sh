#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Generates OUTDIR/<arch>/syscalls.h for every architecture runlet supports,
# from the kernel's own syscall tables in arch/kernel-syscalls/ (see its
# README.md for which ABI values select the native 64-bit syscalls).
#
# Each header defines ARCH_SYSCALL_TABLE(X), one X(name, number) per native
# syscall that has an entry point, sorted by name in strcmp order so that C
# code can bsearch it. The checked-in tables are produced with
#     sh arch/gen-syscalls.sh arch
# and `make check` regenerates them into a scratch directory and diffs, so
# the output must depend on nothing but the input tables (LC_ALL=C sorting,
# no dates, no host paths).
#
# usage: arch/gen-syscalls.sh OUTDIR
set -eu
LC_ALL=C
export LC_ALL

# The kernel tree the tables were copied from (kernel-syscalls/README.md).
LINUX_VERSION='7.0-rc'
LINUX_COMMIT='99d2592023e5'
# The generated files are a transcription of the kernel's tables, which carry
# this licence; the note is what lets any program use syscall numbers.
GEN_SPDX='GPL-2.0 WITH Linux-syscall-note'

die() {
	printf 'gen-syscalls: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 1 ] || { printf 'usage: %s OUTDIR\n' "$0" >&2; exit 2; }
out=$1
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
tables=$here/kernel-syscalls
[ -d "$tables" ] || die "no table directory \`$tables'"

# arm64 has no table of its own since 6.11: it takes the generic table's
# common and 64 rows plus the extra ABI names its Makefile.syscalls lists.
arm64_extra=$(awk '$1 == "syscall_abis_64" && $2 == "+=" {
		for (i = 3; i <= NF; i++) printf " %s", $i }' \
	"$tables/arm64-Makefile.syscalls")
[ -n "$arm64_extra" ] || die "no syscall_abis_64 in arm64-Makefile.syscalls"

# gen ARCH TABLE "ABI..." GUARD
gen() {
	arch=$1 table=$2 abis=$3 guard=$4
	src=$tables/$table
	[ -r "$src" ] || die "cannot read \`$src'"
	dir=$out/$arch
	mkdir -p "$dir"
	rows=$dir/.syscalls.rows.$$
	sorted=$dir/.syscalls.sorted.$$
	tmp=$dir/.syscalls.h.$$
	trap 'rm -f "$rows" "$sorted" "$tmp"' EXIT INT TERM

	# Fields are split on any run of blanks: a few upstream lines mix
	# spaces into the tabs. A row with no entry point (column 4) is a
	# reserved number, not a syscall of this ABI.
	awk -v abis="$abis" '
	BEGIN {
		n = split(abis, a, " ")
		for (i = 1; i <= n; i++)
			keep[a[i]] = 1
		err = "cat 1>&2"
	}
	/^[ \t]*#/ || NF == 0 { next }
	NF < 3 || $1 !~ /^[0-9]+$/ {
		printf "%s:%d: malformed row\n", FILENAME, FNR | err
		bad = 1
		exit 1
	}
	!($2 in keep) || NF < 4 { next }
	{
		if ($3 !~ /^[A-Za-z_][A-Za-z0-9_]*$/) {
			printf "%s:%d: bad name `%s'"'"'\n", FILENAME, FNR, $3 | err
			bad = 1
			exit 1
		}
		if ($3 in byname) {
			printf "%s:%d: name `%s'"'"' twice\n", FILENAME, FNR, $3 | err
			bad = 1
			exit 1
		}
		if (($1 + 0) in bynr) {
			printf "%s:%d: number %d twice\n", FILENAME, FNR, $1 | err
			bad = 1
			exit 1
		}
		byname[$3] = 1
		bynr[$1 + 0] = 1
		print $3, $1 + 0
	}
	END { if (bad) exit 1 }
	' "$src" >"$rows" || die "$table: cannot extract the $arch rows"
	[ -s "$rows" ] || die "$table: no rows for ABIs $abis"

	sort -k1,1 "$rows" >"$sorted" || die "sort failed"

	awk -v arch="$arch" -v table="$table" -v abis="$abis" \
	    -v guard="$guard" -v ver="$LINUX_VERSION" -v commit="$LINUX_COMMIT" \
	    -v spdx="$GEN_SPDX" '
	BEGIN {
		printf "/* SPDX-License-Identifier: %s */\n", spdx
		printf "/* generated from Linux %s (commit %s) by arch/gen-syscalls.sh, do not edit */\n", ver, commit
		print "/*"
		printf " * Native syscalls of %s: the rows of\n", arch
		printf " * arch/kernel-syscalls/%s whose ABI is one of:\n", table
		printf " * %s.\n", abis
		print " * Reserved numbers (no entry point) are left out."
		print " *"
		print " * ARCH_SYSCALL_TABLE(X) expands to X(name, number) per syscall,"
		print " * sorted by name in strcmp order."
		print " */"
		printf "#ifndef %s\n", guard
		printf "#define %s\n\n", guard
		printf "#define ARCH_SYSCALLS_LINUX \"%s (%s)\"\n\n", ver, commit
		print "#define ARCH_SYSCALL_TABLE(X) \\"
	}
	{
		printf "\tX(%s, %d) \\\n", $1, $2
		count++
		if ($2 + 0 > max)
			max = $2 + 0
	}
	END {
		print "/* end of ARCH_SYSCALL_TABLE */"
		print ""
		print "/* Entries in ARCH_SYSCALL_TABLE and the highest number among them. */"
		printf "#define ARCH_SYSCALL_COUNT %d\n", count
		printf "#define ARCH_SYSCALL_NR_MAX %d\n", max
		print ""
		printf "#endif /* %s */\n", guard
	}
	' "$sorted" >"$tmp" || die "$arch: cannot format"

	mv -f "$tmp" "$dir/syscalls.h"
	rm -f "$rows" "$sorted"
	trap - EXIT INT TERM
}

gen x86_64 x86_64-syscall_64.tbl 'common 64' RUNLET_ARCH_X86_64_SYSCALLS_H
gen aarch64 generic-syscall.tbl "common 64$arm64_extra" RUNLET_ARCH_AARCH64_SYSCALLS_H
gen ppc64le powerpc-syscall.tbl 'common 64 nospu' RUNLET_ARCH_PPC64LE_SYSCALLS_H
gen sparc64 sparc-syscall.tbl 'common 64' RUNLET_ARCH_SPARC64_SYSCALLS_H
