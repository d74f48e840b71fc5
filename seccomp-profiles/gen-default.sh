#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Generates the C header that carries runlet's default seccomp profile
# (seccomp-profiles/default.json) inside the binary, for `runlet spec
# --seccomp`: the JSON minified (whitespace outside strings removed) as one
# string constant. The checked-in header is produced with
#     sh seccomp-profiles/gen-default.sh src/scmp_default.h
# (`make gen-seccomp`), and `make check` regenerates it into a scratch file
# and compares, so the output depends on nothing but the JSON file.
#
# usage: seccomp-profiles/gen-default.sh OUTFILE
set -eu
LC_ALL=C
export LC_ALL

die() {
	printf 'gen-default: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 1 ] || { printf 'usage: %s OUTFILE\n' "$0" >&2; exit 2; }
out=$1
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
src=$here/default.json
[ -r "$src" ] || die "cannot read \`$src'"
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT INT TERM

# One pass over the characters: outside strings, whitespace goes; inside,
# everything stays (a backslash escapes the next character). The minified
# text is then cut into C string lines of at most 72 JSON characters, with
# `"' and `\' escaped for C. The profile is ASCII; anything else (a control
# character in a string, an unterminated string) is refused.
awk '
BEGIN { instr = 0; esc = 0; json = "" }
{
	line = $0 "\n"
	n = length(line)
	for (i = 1; i <= n; i++) {
		c = substr(line, i, 1)
		if (instr) {
			if (c == "\n")
				fail("newline inside a string")
			if (esc)
				esc = 0
			else if (c == "\\")
				esc = 1
			else if (c == "\"")
				instr = 0
			json = json c
		} else if (c == " " || c == "\t" || c == "\n" || c == "\r") {
			continue
		} else {
			if (c == "\"")
				instr = 1
			json = json c
		}
	}
}
function fail(msg) {
	printf "gen-default: line %d: %s\n", NR, msg > "/dev/stderr"
	bad = 1
	exit 1
}
END {
	if (bad)
		exit 1
	if (instr)
		fail("unterminated string")
	if (json !~ /^\{.*\}$/)
		fail("not a JSON object")
	print "/* SPDX-License-Identifier: MIT */"
	print "/*"
	print " * Generated from seccomp-profiles/default.json by"
	print " * seccomp-profiles/gen-default.sh, do not edit (make gen-seccomp;"
	print " * make check fails on drift)."
	print " *"
	print " * runlet'"'"'s default seccomp profile (a runtime-spec linux.seccomp"
	print " * object), minified: what `runlet spec --seccomp` puts in config.json."
	print " * seccomp-profiles/README.md gives the reasons for every group."
	print " */"
	print "#ifndef RUNLET_SCMP_DEFAULT_H"
	print "#define RUNLET_SCMP_DEFAULT_H"
	print ""
	printf "#define SCMP_DEFAULT_PROFILE_LEN %d\n", length(json)
	print ""
	print "static const char scmp_default_profile[] ="
	total = length(json)
	for (i = 1; i <= total; i += 72) {
		chunk = substr(json, i, 72)
		cq = ""
		for (k = 1; k <= length(chunk); k++) {
			c = substr(chunk, k, 1)
			cq = cq (c == "\\" || c == "\"" ? "\\" : "") c
		}
		printf "\t\"%s\"%s\n", cq, (i + 72 > total ? ";" : "")
	}
	print ""
	print "#endif"
}
' "$src" > "$tmp"
mv "$tmp" "$out"
trap - EXIT INT TERM
