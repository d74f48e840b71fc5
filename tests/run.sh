#!/bin/sh
# SPDX-License-Identifier: MIT
# runlet's test driver (called by `make test` once everything is built).
# Runs every TAP-producing test program and script, counts assertions and
# ends with "N passed, N failed, N skipped"; exits 1 on any failure.
#
#   tests/run.sh BUILD_DIR        (FUZZ_TIME=seconds for the fuzz run)
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
FUZZ_TIME=${FUZZ_TIME:-15}
logdir=$B/test-logs
rm -rf "$logdir"
mkdir -p "$logdir"

passed=0
failed=0
skipped=0

# run NAME CMD...: runs one TAP producer, shows its failures, counts.
run() {
	name=$1
	shift
	log=$logdir/$(echo "$name" | tr ' /' '__').log
	"$@" > "$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log" | tr -d ' ')
	s=$(grep -c '^ok .*# SKIP' "$log" | tr -d ' ')
	f=$(grep -c '^not ok ' "$log" | tr -d ' ')
	p=$((p - s))
	if [ "$rc" -eq 77 ]; then
		reason=$(sed -n 's/^1\.\.0 # SKIP //p' "$log" | head -n 1)
		echo "SKIP $name: ${reason:-skipped}"
		skipped=$((skipped + 1))
		return
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL $name: exited with status $rc without a failing test"
	fi
	if ! grep -q '^1\.\.[0-9]' "$log"; then
		[ "$f" -eq 0 ] && f=1
		echo "FAIL $name: no TAP plan (crashed or cut short?)"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$f" -gt 0 ]; then
		echo "FAIL $name: $p passed, $f failed (log: $log)"
		grep -E '^(not ok|#)' "$log" | head -n 40 | sed 's/^/    /'
		tail -n 5 "$log" | sed 's/^/    | /'
	else
		echo "ok   $name: $p passed${s:+, $s skipped}" | sed 's/, 0 skipped//'
	fi
	grep '^ok .*# SKIP' "$log" | sed 's/^/    /'
}

# ---- static binaries, all four architectures -----------------------------
static_check() {
	n=0
	for a in x86_64 aarch64 ppc64le sparc64; do
		n=$((n + 1))
		if file "$B/$a/runlet" | grep -q 'statically linked'; then
			echo "ok $n - $a: $(file -b "$B/$a/runlet" | cut -d, -f1-2), statically linked"
		else
			echo "not ok $n - $a: $(file -b "$B/$a/runlet")"
		fi
	done
	echo "1..$n"
}
run "static binaries" static_check

# ---- unit tests: natively, under qemu-user, and with ASan/UBSan -----------
qemu_for() {
	case $1 in
	x86_64) echo "" ;;
	aarch64) echo qemu-aarch64-static ;;
	ppc64le) echo qemu-ppc64le-static ;;
	sparc64) echo qemu-sparc64-static ;;
	esac
}
# Unit tests that take no arguments (test_config takes the fixtures dir).
UNIT_PLAIN="test_arch test_cli test_procattr test_cgroup test_cgdev test_rootfs test_seccomp"
for a in x86_64 aarch64 ppc64le sparc64; do
	q=$(qemu_for "$a")
	run "unit $a test_config" $q "$B/$a/tests/test_config" tests/fixtures
	for t in $UNIT_PLAIN; do
		run "unit $a $t" $q "$B/$a/tests/$t"
	done
done
for t in test_config $UNIT_PLAIN; do
	arg=
	[ "$t" = test_config ] && arg=tests/fixtures
	run "unit asan $t" env ASAN_OPTIONS=detect_leaks=1 "$B/asan/$t" $arg
done

# ---- integration tests -------------------------------------------------------
for t in tests/integration/*.sh; do
	run "integration $(basename "$t" .sh)" env B="$B" sh "$t"
done

# ---- fuzzing (bounded) -----------------------------------------------------
fuzz_run() {
	corpus=$B/fuzz/run-corpus
	rm -rf "$corpus"
	mkdir -p "$corpus"
	cp tests/fuzz/corpus/* "$corpus/"
	if "$B/fuzz/fuzz_config" -max_total_time="$FUZZ_TIME" -dict=tests/fuzz/config.dict \
		"$corpus" > "$logdir/fuzz-output.log" 2>&1; then
		echo "ok 1 - fuzz_config: ${FUZZ_TIME}s without a crash ($(grep -o 'cov: [0-9]*' "$logdir/fuzz-output.log" | tail -n 1))"
	else
		echo "not ok 1 - fuzz_config found a crash (see $logdir/fuzz-output.log)"
		tail -n 30 "$logdir/fuzz-output.log" | sed 's/^/# /'
	fi
	echo "1..1"
}
run "fuzz config reader" fuzz_run

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
