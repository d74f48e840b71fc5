#!/bin/sh
# SPDX-License-Identifier: MIT
# Attacks on the runtime from the bundle and from inside the container:
#   (a) fds leaked into the container (CVE-2024-21626 class)
#   (b) a cwd that escapes the rootfs (/../.., /proc/self/fd/N, symlinks)
#   (c) overwriting the runtime binary through /proc/PID/exe (CVE-2019-5736)
#   (d) symlinks planted in the rootfs: mount destinations, /dev, /dev/null
#       with maskedPaths, /dev/console, /proc
#   (e) a /proc that is not procfs, so sysctls would land elsewhere
# Every host path an attack aims at lives under the test's temporary
# directory (or is only read), so a vulnerable runtime fails the test
# without damaging the machine; tests/helper/container.sh also restores a
# few host sysctls if they changed.
#
#   B=build sh tests/integration/security.sh
#   RUNTIME=/usr/bin/runc B=build sh tests/integration/security.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=sec
. "$top/tests/helper/container.sh"
RECVTTY=$top/tests/helper/recvtty.py

# t_vuln STATUS DESCRIPTION WHAT: t_ok, except that under runc a failure
# is a SKIP naming runc 1.1.5's known vulnerability WHAT.
t_vuln() {
	if [ "$1" -ne 0 ] && is_runc; then
		t_skip "$2" "runc 1.1.5 is known to fail this: $3"
	else
		t_ok "$1" "$2"
	fi
}
field() {
	rt state "$1" 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])" 2>/dev/null
}
# tree DIR: a listing of everything under DIR (names, types, sizes), for
# before/after comparisons.
tree() {
	find "$1" -xdev -mindepth 1 -printf '%P %y %s\n' 2>/dev/null | sort
}

marker=/runlet-escape-marker-$$
echo "ESCAPED-$$" > "$marker"
T_EXTRA_CLEANUP='rm -f "$marker"'
mname=${marker#/}
up=../../../../../../../../../../../../../..

# ---- (a) fd leaks --------------------------------------------------------------
b=$tmp/fds
new_bundle "$b" fds
id=$(new_id fd)
rt create -b "$b" "$id" > "$tmp/fds.json" 2> "$tmp/fds.err" 7</ 8<"$tmp" 9<"$marker"
t_ok $? "create with the caller holding fds to /, a host directory and a host file"
pid=$(field "$id" pid)
n=0
for f in "/proc/$pid/fd/"*; do
	[ -d "$f" ] && { n=$((n + 1)); echo "# init holds a directory: $(readlink "$f")"; }
	case $(readlink "$f") in /|"$tmp"|"$marker") n=$((n + 1)); echo "# init holds $(readlink "$f")" ;; esac
done
t_is "$n" "0" "the created container's init holds no directory fd and none of the caller's"
rt start "$id" && wait_status "$id" stopped
t_is "$(pj "$tmp/fds.json" '[x["fd"] for x in j]')" "[0, 1, 2]" "the container process gets only fds 0, 1, 2"
rt delete -f "$id" >/dev/null 2>&1

# ---- (b) cwd escapes -------------------------------------------------------------
# /bin/esc reads the host marker relative to its cwd, then reports.
mk_esc() {
	new_bundle "$1"
	cat > "$1/rootfs/bin/esc" <<EOF
#!/bin/sh
/bin/probe read $up/$mname 2>/dev/null; echo "rc:\$?"
/bin/probe read marker-in-dir 2>/dev/null; echo "rc2:\$?"
/bin/probe
EOF
	chmod 755 "$1/rootfs/bin/esc"
	cfg "$1" 'c["process"]["args"] = ["/bin/esc"]; c["root"]["readonly"] = False'
}
# esc_check OUTPUT STATUS: the run failed, or the process stayed inside
# (marker unreadable, cwd an absolute path in the container).
esc_check() {
	out=$1
	rc=$2
	if [ "$rc" -ne 0 ]; then
		return 0
	fi
	grep -q "ESCAPED-$$" "$out" && return 1
	grep -q "^rc:0" "$out" && return 1
	grep -q "^rc2:0" "$out" && return 1
	cwd=$(grep '^{' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cwd"])' 2>/dev/null)
	case $cwd in /*) return 0 ;; esac
	echo "# cwd: $cwd"
	return 1
}
b=$tmp/cwd1
mk_esc "$b"
cfg "$b" 'c["process"]["cwd"] = "/../../../"'
id=$(new_id cwd)
rt run -b "$b" "$id" > "$tmp/cwd1.out" 2>&1
rc=$?
t_is "$rc:$(grep '^{' "$tmp/cwd1.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cwd"])' 2>/dev/null)" "0:/" \
	"cwd \"/../../../\" is the container's /"
esc_check "$tmp/cwd1.out" "$rc"
t_ok $? "... and the host's / is out of reach from it"

n_bad=0
n_ran=0
for fd in 3 4 5 6 7 8 9 10 11 12; do
	b=$tmp/cwdfd$fd
	mk_esc "$b"
	cfg "$b" 'c["process"]["cwd"] = "/proc/self/fd/'$fd'"'
	id=$(new_id cwdfd)
	rt run -b "$b" "$id" > "$tmp/cwdfd$fd.out" 2>&1 7</ 8<"$tmp"
	rc=$?
	[ "$rc" -eq 0 ] && n_ran=$((n_ran + 1))
	esc_check "$tmp/cwdfd$fd.out" "$rc" || { n_bad=$((n_bad + 1)); echo "# escaped with cwd /proc/self/fd/$fd"; }
done
t_is "$n_bad" "0" "cwd /proc/self/fd/3..12 (caller holds / and a host dir on 7, 8): never outside the rootfs ($n_ran ran)"

mkdir -p "$tmp/hostdir"
echo "ESCAPED-$$" > "$tmp/hostdir/marker-in-dir"
before=$(tree "$tmp/hostdir")
for kind in abs rel; do
	b=$tmp/cwdln$kind
	mk_esc "$b"
	if [ "$kind" = abs ]; then
		ln -s "$tmp/hostdir" "$b/rootfs/work"
	else
		ln -s "$up$tmp/hostdir" "$b/rootfs/work"
	fi
	for cwd in /work /work/sub; do
		cfg "$b" 'c["process"]["cwd"] = "'$cwd'"'
		id=$(new_id cwdln)
		rt run -b "$b" "$id" > "$tmp/cwdln.out" 2>&1
		esc_check "$tmp/cwdln.out" $?
		t_ok $? "cwd $cwd through a $kind symlink to a host directory stays inside"
	done
done
t_is "$(tree "$tmp/hostdir")" "$before" "... and the host directory is unchanged (no sub created)"

# ---- (c) /proc/PID/exe overwrite (CVE-2019-5736 class) ------------------------------
# A runs the probe, which holds an O_PATH fd to every /proc/PID/exe it can
# see and keeps trying to reopen it for writing. B joins A's pid namespace
# and is created and started by a copy of the runtime, so during create A
# sees B's init, which is the runtime; after start nothing executes the copy
# any more, so a runtime that runs its own binary in the container is
# overwritten. A gets CAP_SYS_PTRACE: dumpable=0 alone is no protection.
rtc=$tmp/rt-copy
cp "$RUNTIME" "$rtc"
sum0=$(sha256sum < "$rtc")
a=$tmp/exeA
new_bundle "$a" try-open-exe 6 rt-copy
cfg "$a" '
k = c["process"]["capabilities"]
for s in ("bounding", "effective", "permitted"):
    k[s] = sorted(set(k.get(s, [])) | {"CAP_SYS_PTRACE", "CAP_DAC_OVERRIDE"})'
ida=$(new_id exe)
rt run -d -b "$a" "$ida" > "$tmp/exeA.json" 2> "$tmp/exeA.err"
t_ok $? "container A (the attacker) runs"
apid=$(field "$ida" pid)
bb=$tmp/exeB
new_bundle "$bb" sleep 1
APID=$apid cfg "$bb" '
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"] + \
    [{"type": "pid", "path": "/proc/%s/ns/pid" % os.environ["APID"]}]'
idb=$(new_id exe)
RT_BIN=$rtc
rt create -b "$bb" "$idb" >/dev/null 2>"$tmp/exeB.err"
t_ok $? "container B, in A's pid namespace, created by a copy of the runtime"
sleep 1.5
rt start "$idb" 2>>"$tmp/exeB.err"
RT_BIN=
wait_status "$ida" stopped 20
t_ok $? "A finished its attempts"
t_is "$(sha256sum < "$rtc")" "$sum0" "the runtime binary is unchanged"
t_is "$(pj "$tmp/exeA.json" 'j["opened"]')" "0" "no exe could be opened for writing from the container"
t_is "$(pj "$tmp/exeA.json" '[d["result"] for d in j["direct"][:2]]')" '["ETXTBSY", "ETXTBSY"]' \
	"/proc/self/exe and /proc/1/exe (the probe itself) are ETXTBSY"
t_ok "$(pj "$tmp/exeA.json" 'int(not any(h["exe"] != "/bin/probe" for h in j["held"]))')" \
	"A did see B's init while it was the runtime (the test had a target)"
grep '"held"' "$tmp/exeA.json" | python3 -c '
import json, sys
for h in json.load(sys.stdin)["held"]:
    print("#   held pid %d %s: %s" % (h["pid"], h["exe"], h["result"]))'
rt delete -f "$idb" >/dev/null 2>&1

# ---- (d) symlinks planted in the rootfs ---------------------------------------------
# Mount destinations through symlinks: nothing may be created or mounted
# on the host side.
mkdir -p "$tmp/ht1" "$tmp/ht2" "$tmp/ht3"
echo src > "$tmp/srcfile"
b=$tmp/mntln
new_bundle "$b" exit 0
ln -s "$tmp/ht1" "$b/rootfs/evil-abs"
ln -s "$up$tmp/ht2" "$b/rootfs/evil-rel"
ln -s "$tmp/ht3/file" "$b/rootfs/etc/evil-file"
SRC=$tmp/srcfile cfg "$b" '
c["mounts"] += [
  {"destination": "/evil-abs/sub", "type": "tmpfs", "source": "tmpfs"},
  {"destination": "/evil-rel/sub", "type": "tmpfs", "source": "tmpfs"},
  {"destination": "/etc/evil-file", "type": "bind", "source": os.environ["SRC"], "options": ["bind"]},
]'
id=$(new_id mntln)
rt run -b "$b" "$id" >/dev/null 2>&1
rc=$?
t_is "$(tree "$tmp/ht1")|$(tree "$tmp/ht2")|$(tree "$tmp/ht3")" "||" \
	"mount destinations through absolute and relative symlinks create nothing on the host (run: exit $rc)"

# /dev a symlink to outside the rootfs (absolute and relative).
for kind in abs rel; do
	mkdir -p "$tmp/hostdev-$kind"
	b=$tmp/devln$kind
	new_bundle "$b" exit 0
	rmdir "$b/rootfs/dev"
	if [ "$kind" = abs ]; then
		ln -s "$tmp/hostdev-$kind" "$b/rootfs/dev"
	else
		ln -s "$up$tmp/hostdev-$kind" "$b/rootfs/dev"
	fi
	id=$(new_id devln)
	rt run -b "$b" "$id" >/dev/null 2>&1
	rc=$?
	got=$(tree "$tmp/hostdev-$kind" | awk '{ print $1 }' | tr '\n' ' ')
	t_vuln "$([ -z "$got" ]; echo $?)" "/dev as a $kind symlink to a host directory: nothing created there (run: exit $rc)" \
		"its /dev/fd, /dev/ptmx, /dev/std* symlinks follow a symlinked /dev to the host"
	[ -n "$got" ] && ! is_runc && echo "#   created on the host: $got"
done

# /dev/null a symlink (no /dev tmpfs, so the rootfs's /dev is used) and
# maskedPaths, which bind /dev/null over the masked files.
echo "HOSTSECRET-$$" > "$tmp/hostsecret"
for target in "$tmp/hostsecret" /proc/self/comm; do
	b=$tmp/nullln$(echo "$target" | tr -c 'a-z\n' _)
	new_bundle "$b"
	cat > "$b/rootfs/bin/nullcheck" <<'EOF'
#!/bin/sh
echo "keys:$(/bin/probe read /proc/keys 2>&1 | head -c 100)"
/bin/probe stat /proc/keys | sed 's/^/stat:/'
EOF
	chmod 755 "$b/rootfs/bin/nullcheck"
	ln -s "$target" "$b/rootfs/dev/null"
	cfg "$b" '
c["process"]["args"] = ["/bin/nullcheck"]
c["mounts"] = [m for m in c["mounts"] if not m["destination"].startswith("/dev")]
c["root"]["readonly"] = False'
	id=$(new_id nullln)
	rt run -b "$b" "$id" > "$tmp/nullln.out" 2>&1
	rc=$?
	ok=1
	if [ "$rc" -ne 0 ]; then
		ok=0
	elif grep -q '^keys:$' "$tmp/nullln.out" &&
		grep '^stat:' "$tmp/nullln.out" | grep -q '"rdev":"1:3"'; then
		ok=0
	fi
	t_vuln "$ok" "/dev/null a symlink to $target: refused, or masks are the real /dev/null and stdio untouched (run: exit $rc)" \
		"CVE-2025-31133 (masks and stdio follow a /dev/null symlink)"
	[ "$ok" -ne 0 ] && ! is_runc && sed 's/^/#   /' "$tmp/nullln.out" | head -n 4
done
t_is "$(cat "$tmp/hostsecret")" "HOSTSECRET-$$" "the host file is unchanged"

# /dev/console a symlink to a host file, with terminal true.
echo "HOSTCONSOLE-$$" > "$tmp/hostconsole"
sum=$(ls -li "$tmp/hostconsole"; cat "$tmp/hostconsole")
for kind in abs rel; do
	b=$tmp/consln$kind
	new_bundle "$b" exit 0
	cfg "$b" '
c["process"]["terminal"] = True
c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/dev"]
c["root"]["readonly"] = False'
	if [ "$kind" = abs ]; then
		ln -s "$tmp/hostconsole" "$b/rootfs/dev/console"
	else
		ln -s "$up$tmp/hostconsole" "$b/rootfs/dev/console"
	fi
	sock=$tmp/cons-$kind.sock
	python3 "$RECVTTY" "$sock" "$tmp/cons-$kind.out" </dev/null >/dev/null 2>&1 &
	rp=$!
	bg_pid "$rp"
	n=0
	while [ ! -S "$sock" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	id=$(new_id consln)
	rt run -d --console-socket "$sock" -b "$b" "$id" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && wait_status "$id" stopped
	kill "$rp" 2>/dev/null
	t_is "$(ls -li "$tmp/hostconsole"; cat "$tmp/hostconsole")" "$sum" \
		"/dev/console a $kind symlink to a host file: the file is unchanged (run -d: exit $rc)"
	rt delete -f "$id" >/dev/null 2>&1
done

# /proc a symlink (to the rootfs's /etc) with the proc mount on it.
etc_before=$(ls -la --time-style=+%s /etc | md5sum; grep -c ' /etc ' /proc/self/mountinfo)
for target in etc /etc; do
	b=$tmp/procln$(echo "$target" | tr / _)
	new_bundle "$b" stat /proc
	rmdir "$b/rootfs/proc"
	ln -s "$target" "$b/rootfs/proc"
	cfg "$b" 'c["linux"]["maskedPaths"] = []; c["linux"]["readonlyPaths"] = []; c["linux"].pop("sysctl", None)'
	id=$(new_id procln)
	rt run -b "$b" "$id" > "$tmp/procln.out" 2>&1
	rc=$?
	t_is "$rc" "1" "/proc a symlink to $target: refused (exit 1)"
done
t_is "$(ls -la --time-style=+%s /etc | md5sum; grep -c ' /etc ' /proc/self/mountinfo)" "$etc_before" \
	"the host's /etc is untouched"

# ---- (e) a /proc that is not procfs ----------------------------------------------
# tmpfs on /proc, sysctl set: the runtime must not write the sysctl into it.
b=$tmp/proctmpfs
new_bundle "$b" exit 0
cfg "$b" '
for m in c["mounts"]:
    if m["destination"] == "/proc":
        m.update({"type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]})
c["linux"]["sysctl"] = {"net.ipv4.ip_forward": "1"}'
id=$(new_id procfs)
rt run -b "$b" "$id" >/dev/null 2>&1
t_is "$?" "1" "a tmpfs mounted on /proc with a sysctl set: refused (exit 1)"

# A bind mount of a fake proc tree on /proc.
mkdir -p "$tmp/fakeproc/sys/net/ipv4"
echo 0 > "$tmp/fakeproc/sys/net/ipv4/ip_forward"
b=$tmp/procbind
new_bundle "$b" exit 0
FP=$tmp/fakeproc cfg "$b" '
for m in c["mounts"]:
    if m["destination"] == "/proc":
        m.update({"type": "bind", "source": os.environ["FP"], "options": ["rbind"]})
c["linux"]["sysctl"] = {"net.ipv4.ip_forward": "1"}'
id=$(new_id procfs)
rt run -b "$b" "$id" >/dev/null 2>&1
t_is "$?:$(cat "$tmp/fakeproc/sys/net/ipv4/ip_forward")" "1:0" "a fake proc tree bound on /proc: refused, the fake sysctl file untouched"

# A fake /proc/sys on top of a real /proc.
mkdir -p "$tmp/fakesys/net/ipv4"
echo 0 > "$tmp/fakesys/net/ipv4/ip_forward"
b=$tmp/procsys
new_bundle "$b" exit 0
FS=$tmp/fakesys cfg "$b" '
c["mounts"].insert(1, {"destination": "/proc/sys", "type": "bind", "source": os.environ["FS"], "options": ["rbind"]})
c["linux"]["sysctl"] = {"net.ipv4.ip_forward": "1"}'
id=$(new_id procfs)
rt run -b "$b" "$id" >/dev/null 2>&1
t_is "$?:$(cat "$tmp/fakesys/net/ipv4/ip_forward")" "1:0" "a fake /proc/sys bound over procfs: refused, the fake file untouched"

# No proc mount at all, a regular file where the sysctl would be written.
b=$tmp/procnone
new_bundle "$b" exit 0
mkdir -p "$b/rootfs/proc/sys/net/ipv4"
echo 0 > "$b/rootfs/proc/sys/net/ipv4/ip_forward"
cfg "$b" '
c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/proc"]
c["linux"]["maskedPaths"] = []; c["linux"]["readonlyPaths"] = []
c["root"]["readonly"] = False
c["linux"]["sysctl"] = {"net.ipv4.ip_forward": "1"}'
id=$(new_id procfs)
rt run -b "$b" "$id" >/dev/null 2>&1
rc=$?
r=0
[ "$rc" -eq 0 ] && [ "$(cat "$b/rootfs/proc/sys/net/ipv4/ip_forward")" != 1 ] || r=1
[ "$rc" -ne 0 ] && [ "$(cat "$b/rootfs/proc/sys/net/ipv4/ip_forward")" = 0 ] && r=0
t_vuln "$r" "no proc mount and a regular file at /proc/sys/...: the sysctl is applied to procfs or refused, never written to the file (exit $rc)" \
	"sysctls are written to whatever /proc/sys/... is in the rootfs"

t_done
