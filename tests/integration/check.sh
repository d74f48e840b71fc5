#!/bin/sh
# SPDX-License-Identifier: MIT
# `runlet check`: the kernel report natively (table and valid JSON, each
# syscall feature present exactly when the kernel is at least as new as
# the version the report names), under the ENOSYS injector
# (tests/helper/enosys: each forced syscall flips its rows, and only
# those, to the fallback), under qemu-user for the other architectures,
# and in a VM booted on its initramfs (pivot_root -> MS_MOVE, cgroup v2).
# Then `make install` (PREFIX, DESTDIR, ARCH).
#
#   B=build sh tests/integration/check.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=check
. "$top/tests/helper/container.sh"
E=$ENOSYS
RL=$RUNTIME

if is_runc; then
	echo "1..0 # SKIP runc has no check command"
	exit 77
fi

# ---- natively ------------------------------------------------------------------
"$RL" check > "$tmp/table" 2> "$tmp/table.err"
t_is "$?" "0" "check exits 0"
t_is "$(head -n 1 "$tmp/table" | cut -d' ' -f1-3)" "kernel: Linux $(uname -r)" \
	"the table starts with the kernel release"
grep -q '^FEATURE  *SINCE  *KERNEL  *RUNLET USES$' "$tmp/table"
t_ok $? "the table has a header line FEATURE SINCE KERNEL RUNLET USES"
"$RL" check -f json > "$tmp/native.json" 2> "$tmp/json.err"
t_is "$?" "0" "check -f json exits 0"
python3 - "$tmp/native.json" "$(uname -r)" "$(uname -m)" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["kernel"]["release"] == sys.argv[2], j["kernel"]
assert j["kernel"]["machine"] == sys.argv[3], j["kernel"]
assert j["kernel"]["oldestSupported"] == "4.14"
assert isinstance(j["kernel"]["supported"], bool)
assert j["runlet"]["arch"] == "x86_64" and j["runlet"]["version"]
ids = [f["id"] for f in j["features"]]
assert len(ids) == len(set(ids)), ids
want = {"clone3", "clone_into_cgroup", "pidfd", "close_range", "openat2", "mount_api_bind",
        "mount_api_fs", "mount_setattr", "idmap", "exe_protection", "pivot_root", "cgroupns",
        "timens", "userns", "seccomp", "seccomp_flags", "seccomp_notify", "cgroup"}
assert set(ids) == want, set(ids) ^ want
for f in j["features"]:
    for k in ("id", "name", "since", "probe", "uses", "fallback"):
        assert isinstance(f[k], str) and f[k], (f["id"], k)
    assert isinstance(f["available"], bool), f
EOF
t_ok $? "the JSON report: kernel, runlet, and the 18 features, each with id, name, since, available, probe, uses, fallback"
python3 - "$tmp/native.json" > "$tmp/native.txt" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
for f in j["features"]:
    print("%s %s" % (f["id"], "yes" if f["available"] else "no"))
EOF
n_no=$(grep -c ' no$' "$tmp/native.txt")
n_paren=$(grep -c '(probe: ' "$tmp/table")
t_is "$n_paren" "$n_no" "the table shows the probe under each of the $n_no unavailable features"

# Each syscall feature is there exactly when the kernel is as new as its
# "since" (Debian's kernels have no backports of these).
python3 - "$tmp/native.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
rel = j["kernel"]["release"].split("-")[0].split(".")
have = (int(rel[0]), int(rel[1]))
bad = 0
for f in j["features"]:
    if f["id"] not in ("clone3", "clone_into_cgroup", "pidfd", "close_range", "openat2",
                       "mount_api_bind", "mount_api_fs", "mount_setattr", "seccomp_notify",
                       "timens", "cgroupns"):
        continue
    since = tuple(int(x) for x in f["since"].split()[0].split("."))
    if (have >= since) != f["available"]:
        bad = 1
        print("#   %s: since %s, kernel %s, available %s (%s)" % (f["id"], f["since"],
              j["kernel"]["release"], f["available"], f["probe"]))
sys.exit(bad)
EOF
t_ok $? "each syscall feature is available exactly when the kernel is at least its 'since'"
t_is "$(pj "$tmp/native.json" '[f["uses"] == f["fallback"] for f in j["features"] if f["available"]].count(True)')" "0" \
	"an available feature is never reported as using its fallback"

"$RL" check -f yaml >/dev/null 2>&1
t_is "$?" "2" "check -f yaml: usage error (exit 2)"
"$RL" check extra >/dev/null 2>&1
t_is "$?" "2" "check with an operand: usage error (exit 2)"
"$RL" check --help | grep -q -- '--format'
t_ok $? "check --help lists --format"
"$RL" --help | grep -q '^  check '
t_ok $? "runlet --help lists check"

# ---- under the ENOSYS injector --------------------------------------------------
# FILTER: the ids that must flip (and no other), each to its fallback.
flips() {
	f=$1
	shift
	"$E" "$f" -- "$RL" check -f json > "$tmp/e.json" 2>"$tmp/e.err"
	rc=$?
	python3 - "$tmp/native.json" "$tmp/e.json" "$@" <<'EOF'
import json, sys
base = {f["id"]: f for f in json.load(open(sys.argv[1]))["features"]}
got = {f["id"]: f for f in json.load(open(sys.argv[2]))["features"]}
want = set(sys.argv[3:])
flipped = {i for i in got if base[i]["available"] and not got[i]["available"]}
bad = 0
if flipped != want:
    bad = 1
    print("#   flipped %s, wanted %s" % (sorted(flipped), sorted(want)))
for i in want & flipped:
    f = got[i]
    if f["uses"] != f["fallback"] and i != "exe_protection":
        bad = 1
        print("#   %s uses %r, not its fallback %r" % (i, f["uses"], f["fallback"]))
    if not any(s in f["probe"] for s in ("ENOSYS", "E2BIG", "absent")):
        bad = 1
        print("#   %s: probe %r" % (i, f["probe"]))
sys.exit(bad)
EOF
	ok=$?
	t_ok $((rc || ok)) "under enosys $f: $* flip to the fallback, nothing else changes"
}
flips clone3 clone3 clone_into_cgroup
flips clone_into_cgroup clone_into_cgroup
flips openat2 openat2
flips open_tree mount_api_bind idmap exe_protection
flips move_mount mount_api_bind mount_api_fs
flips fsopen mount_api_fs
flips mount_setattr mount_setattr idmap exe_protection
flips mount-api mount_api_bind mount_api_fs mount_setattr idmap exe_protection
flips close_range close_range
flips pidfd_open pidfd
flips pidfd_send_signal pidfd
flips clone3,clone_into_cgroup,openat2,mount-api,close_range,pidfd_open,pidfd_send_signal \
	clone3 clone_into_cgroup openat2 mount_api_bind mount_api_fs mount_setattr idmap exe_protection \
	close_range pidfd
t_is "$(pj "$tmp/e.json" '[f["probe"] for f in j["features"] if f["id"] == "clone_into_cgroup"][0]')" \
	"clone3 with cgroup: ENOSYS" "... and with clone3 gone, CLONE_INTO_CGROUP's probe says ENOSYS"
"$E" clone_into_cgroup -- "$RL" check -f json > "$tmp/e.json"
t_is "$(pj "$tmp/e.json" '[f["probe"] for f in j["features"] if f["id"] == "clone_into_cgroup"][0]')" \
	"clone3 with cgroup: E2BIG" "with a 5.3-5.6 clone3 (E2BIG), CLONE_INTO_CGROUP's probe says E2BIG"
"$E" close_range -- "$RL" check > "$tmp/e.table"
grep -A1 '^close_range ' "$tmp/e.table" | grep -q '(probe: close_range: ENOSYS)'
t_ok $? "the table shows the fallback and the probe's ENOSYS under the row"

# ---- other architectures under qemu-user ------------------------------------------
for a in aarch64 ppc64le sparc64; do
	q=$(command -v "qemu-$a-static")
	case $B in /*) bin=$B/$a/runlet ;; *) bin=$top/$B/$a/runlet ;; esac
	if [ -z "$q" ] || [ ! -x "$bin" ]; then
		t_skip "check under qemu-$a-static" "qemu-$a-static or $bin missing"
		continue
	fi
	"$q" "$bin" check -f json > "$tmp/$a.json" 2>"$tmp/$a.err"
	rc=$?
	python3 - "$tmp/$a.json" "$tmp/native.json" "$a" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
base = json.load(open(sys.argv[2]))
assert j["runlet"]["arch"] == sys.argv[3], j["runlet"]
assert [f["id"] for f in j["features"]] == [f["id"] for f in base["features"]]
no = [f["id"] for f in j["features"] if not f["available"]]
print("#   %s under qemu-user: unavailable %s" % (sys.argv[3], " ".join(no)))
if sys.argv[3] == "sparc64":
    sc = [f for f in j["features"] if f["id"] == "seccomp"][0]
    assert sc["uses"].startswith("none: no seccomp in this build"), sc
    assert j["runlet"]["libseccomp"] is None
EOF
	t_ok $((rc || $?)) "$a under qemu-user: check -f json is valid, the same features, arch $a"
done

# ---- a VM on its initramfs: no pivot_root, cgroup v2 ---------------------------------
B="$B" sh "$top/tests/vm/setup.sh" x86_64 </dev/null 2>"$tmp/vmsetup.err"
vrc=$?
if [ "$vrc" -eq 77 ]; then
	t_skip "check in a VM on its initramfs" "$(sed -n 's/^.*unavailable: //p' "$tmp/vmsetup.err" | tail -n 1)"
elif [ "$vrc" -ne 0 ]; then
	t_ok 1 "tests/vm/setup.sh x86_64 (status $vrc)"
else
	pl=$tmp/vmpayload
	mkdir -p "$pl"
	cp "$RL" "$pl/runlet"
	cat > "$pl/run-tests" <<'EOF'
# busybox sh in the VM, / still the initramfs (VM_NO_SWITCH_ROOT=1)
./runlet check -f json > /tmp/c.json
echo "rc $?"
grep -A 8 '"id": "pivot_root"' /tmp/c.json | grep -E '"(available|uses)"'
grep -A 8 '"id": "cgroup"' /tmp/c.json | grep '"probe"'
grep -A 8 '"id": "clone_into_cgroup"' /tmp/c.json | grep '"uses"'
EOF
	VM_NO_SWITCH_ROOT=1 VM_LOG=$tmp/vm-console.log sh "$top/tests/vm/run.sh" x86_64 "$pl" "${VM_TIMEOUT:-180}" \
		> "$tmp/vm.out" 2>"$tmp/vm.err"
	t_is "$(grep -c '^rc 0$' "$tmp/vm.out")" "1" "in the VM, check -f json exits 0"
	grep -q '"available": false' "$tmp/vm.out" && grep -q '"uses": "MS_MOVE of the rootfs onto / and chroot' "$tmp/vm.out"
	t_ok $? "on the initramfs itself, pivot_root is reported unusable and MS_MOVE + chroot used"
	grep -q '"probe": "v2 only: cgroup2 at /sys/fs/cgroup"' "$tmp/vm.out"
	t_ok $? "in the VM, cgroups are v2 only"
	grep -q '"uses": "CLONE_INTO_CGROUP (cgroup v2 only)"' "$tmp/vm.out"
	t_ok $? "in the VM, CLONE_INTO_CGROUP is used"
	[ "$(grep -c . "$tmp/vm.out")" -ge 4 ] || sed 's/^/# /' "$tmp/vm.out" "$tmp/vm.err" | tail -n 10
fi

# ---- make install ----------------------------------------------------------------
d=$tmp/dest
case $B in /*) mb=$B ;; *) mb=$top/$B ;; esac
make -s -C "$top" B="$mb" install DESTDIR="$d" > "$tmp/install.log" 2>&1
rc=$?
f=$d/usr/local/sbin/runlet
t_is "$rc $(stat -c %a "$f" 2>/dev/null)" "0 755" "make install DESTDIR=D: D/usr/local/sbin/runlet, mode 0755"
cmp -s "$f" "$mb/x86_64/runlet"
t_ok $? "... the stripped build/x86_64/runlet"
for a in aarch64 ppc64le sparc64; do
	make -s -C "$top" B="$mb" install ARCH=$a PREFIX=/usr DESTDIR="$d" >> "$tmp/install.log" 2>&1 &&
		cmp -s "$d/usr/sbin/runlet" "$mb/$a/runlet" && [ "$(stat -c %a "$d/usr/sbin/runlet")" = 755 ]
	t_ok $? "make install ARCH=$a PREFIX=/usr: D/usr/sbin/runlet is build/$a/runlet, mode 0755"
done
make -s -C "$top" B="$mb" install ARCH=mips DESTDIR="$d" >/dev/null 2>&1
t_ok $((! $?)) "make install ARCH=mips fails"

t_done
