#!/bin/sh
# SPDX-License-Identifier: MIT
# Mounts and the container's root, as seen from inside (the probe's report
# of /proc/self/mountinfo, or what a file operation returns) and from the
# host: per-mount flags and what they do (noexec, nodev, nosymfollow), the
# atime family, sync and dirsync, the recursive attributes (r*) against
# the per-mount ones on an rbind with a submount, clearing host flags
# recursively, propagation options on mounts and linux.rootfsPropagation
# (mountinfo's optional fields, and whether a host mount made after create
# reaches the container), filesystem data options, remount, relative
# destinations, single-file binds, idmapped binds (idmap, ridmap, their
# own uidMappings/gidMappings, with and without a user namespace), a
# container in a user namespace, --no-pivot, selinuxLabel and mountLabel on
# a host without SELinux, the session keyring and --no-new-keyring.
# (process.sh has the flags of a ro,nosuid,nodev,noexec bind, tmpfs
# size/mode, rro, a relative tmpfs destination and timeOffsets.)
#
#   B=build sh tests/integration/mounts.sh
#   RUNTIME=/usr/sbin/runc B=build sh tests/integration/mounts.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=mnt
. "$top/tests/helper/container.sh"

# r_ok STATUS DESCRIPTION, r_is GOT WANT DESCRIPTION: t_ok and t_is, except
# that while $runc_why is set a failure under runc is a SKIP naming that
# known difference of runc 1.1.5 (a runtime-spec 1.2+ feature it lacks, or
# a choice where the spec leaves room). Under runlet a failure is a failure.
runc_why=
r_ok() {
	if [ "$1" -ne 0 ] && [ -n "$runc_why" ] && is_runc; then
		t_skip "$2" "runc 1.1.5: $runc_why"
	else
		t_ok "$1" "$2"
	fi
}
r_is() {
	if [ "$1" != "$2" ] && [ -n "$runc_why" ] && is_runc; then
		t_skip "$3" "runc 1.1.5: $runc_why"
	else
		t_is "$1" "$2" "$3"
	fi
}

# Shared python for the checks: c = config.json, j = the probe's report.
cat > "$tmp/pre.py" <<'EOF'
import json, os, sys
def mnt(target):
    m = [m for m in j["mounts"] if m["target"] == target]
    assert m, "no mount at %s" % target
    return m[-1]
def has(target):
    return any(m["target"] == target for m in j["mounts"])
def opts(target):
    return mnt(target)["options"].split(",")
def sup(target):
    return mnt(target)["super"].split(",")
def opt(target):
    return mnt(target)["optional"].split()
def tag(target, kind):
    t = [o.split(":")[1] for o in opt(target) if o.startswith(kind + ":")]
    return t[0] if t else None
def eq(got, want):
    assert got == want, "got %r, wanted %r" % (got, want)
def has_all(target, want):
    o = opts(target)
    assert set(want) <= set(o), "%s: %r lacks some of %r" % (target, o, want)
def has_none(target, unwanted):
    o = opts(target)
    assert not set(unwanted) & set(o), "%s: %r has some of %r" % (target, o, unwanted)
EOF

# check BUNDLE REPORT DESCRIPTION PYTHON: asserts PYTHON, with c = the
# bundle's config.json and j = the probe's JSON report.
check() {
	python3 - "$1/config.json" "$2" "$tmp/pre.py" "$4" > "$tmp/check.err" 2>&1 <<'EOF'
import json, sys
exec(open(sys.argv[3]).read())
c = json.load(open(sys.argv[1]))
try:
    j = json.load(open(sys.argv[2]))
except Exception as e:
    raise SystemExit("no report in %s: %s" % (sys.argv[2], e))
exec(sys.argv[4])
EOF
	ck_rc=$?
	r_ok $ck_rc "$3"
	[ $ck_rc -ne 0 ] && ! { [ -n "$runc_why" ] && is_runc; } && tail -n 2 "$tmp/check.err" | sed 's/^/#   /'
	return 0
}
# probe_run BUNDLE OUT [RUNTIME OPTIONS...]: `run` the bundle, stdout to OUT.
probe_run() {
	pr_b=$1
	pr_out=$2
	shift 2
	pr_id=$(new_id)
	rt run "$@" -b "$pr_b" "$pr_id" > "$pr_out" 2> "$pr_out.err"
	pr_rc=$?
	[ $pr_rc -ne 0 ] && sed 's/^/#   runtime: /' "$pr_out.err" | head -n 5
	return $pr_rc
}
# use_script BUNDLE TEXT: /bin/checks in the rootfs runs TEXT (sh), then the
# probe's report as the last line; the bundle runs /bin/checks.
use_script() {
	printf '#!/bin/sh\n%s\n/bin/probe\n' "$2" > "$1/rootfs/bin/checks"
	chmod 755 "$1/rootfs/bin/checks"
	cfg "$1" 'c["process"]["args"] = ["/bin/checks"]'
}
# report_of OUT: OUT.json = the report (the line starting with "{").
report_of() {
	grep '^{' "$1" > "$1.json"
}
# val OUT KEY: the value of "KEY:value" in OUT.
val() {
	sed -n "s|^$2:||p" "$1" | head -n 1
}
# T_FN, put before a script's text: `t KEY CMD...` prints KEY:STATUS of
# CMD, its output dropped.
T_FN='t() { k=$1; shift; "$@" >/dev/null 2>&1; echo "$k:$?"; }
'

# ---- host sources ---------------------------------------------------------------
src=$tmp/src
mkdir -p "$src/dir"
echo data > "$src/file"
ln -s file "$src/link"
printf '#!/bin/sh\nexit 0\n' > "$src/run"
chmod 755 "$src/run"
mknod "$src/null" c 1 3 && chmod 666 "$src/null"
echo single > "$tmp/single.conf"
# an rbind source whose submount is a plain tmpfs
mkdir -p "$tmp/rsrc/sub"
mount -n -t tmpfs -o size=1m tmpfs "$tmp/rsrc/sub"
echo sub > "$tmp/rsrc/sub/f"
# an rbind source whose submount is nosuid,nodev,noexec,noatime on the host
mkdir -p "$tmp/hsrc/sub"
mount -n -t tmpfs -o size=1m,nosuid,nodev,noexec,noatime tmpfs "$tmp/hsrc/sub"
cp "$src/run" "$tmp/hsrc/sub/run"
# a shared host mount with a (shared) submount, for the propagation options
mkdir -p "$tmp/psrc"
mount -n -t tmpfs -o size=1m tmpfs "$tmp/psrc" && mount --make-shared "$tmp/psrc" &&
	mkdir -p "$tmp/psrc/sub" && mount -n -t tmpfs -o size=1m tmpfs "$tmp/psrc/sub"
psrc_ok=$?

# ---- per-mount options -------------------------------------------------------------
b=$tmp/opts
new_bundle "$b"
mkdir -p "$b/rootfs/mnt"
SRC=$src TMP=$tmp cfg "$b" '
s = os.environ["SRC"]; t = os.environ["TMP"]
def tm(d, o): return {"destination": d, "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"] + o}
def bd(d, src, o): return {"destination": d, "type": "bind", "source": src, "options": o}
c["mounts"] += [
  bd("/mnt/nx", s, ["bind", "nosuid", "nodev", "noexec"]),
  bd("/mnt/plain", s, ["bind"]),
  bd("/mnt/sym", s, ["bind", "nosymfollow"]),
  tm("/mnt/noatime", ["noatime"]),
  tm("/mnt/strict", ["strictatime"]),
  tm("/mnt/relatime", ["noatime", "relatime"]),
  tm("/mnt/nodiratime", ["nodiratime"]),
  bd("/mnt/bnoatime", s, ["bind", "noatime", "nodiratime"]),
  bd("/mnt/bstrict", s, ["bind", "strictatime"]),
  tm("/mnt/sync", ["sync"]),
  tm("/mnt/dirsync", ["dirsync"]),
  tm("/mnt/symt", ["nosymfollow"]),
  bd("/mnt/rec", t + "/rsrc", ["rbind", "rnosuid", "rnodev", "rnoexec", "rnoatime", "rnosymfollow"]),
  bd("/mnt/norec", t + "/rsrc", ["rbind", "ro", "nosuid", "nodev", "noexec", "noatime"]),
]'
use_script "$b" "$T_FN"'ln -s /mnt/nx/file /mnt/symt/abs
t exec_nx /mnt/nx/run
t exec_plain /mnt/plain/run
t dev_nx /bin/probe read /mnt/nx/null
t dev_plain /bin/probe read /mnt/plain/null
t sym /bin/probe read /mnt/sym/link
t sym_plain /bin/probe read /mnt/plain/link
t symt /bin/probe read /mnt/symt/abs
t lsym ls -l /mnt/sym/link'
probe_run "$b" "$tmp/opts.out"
r_ok $? "run with binds and tmpfs mounts carrying per-mount and recursive options"
o=$tmp/opts.out
report_of "$o"
r_is "$(val "$o" exec_nx):$(val "$o" exec_plain)" "126:0" \
	"noexec: a script on the bind cannot be executed (sh: 126), the same file on a plain bind can"
r_is "$(val "$o" dev_nx):$(val "$o" dev_plain)" "13:0" \
	"nodev: opening a device node fails with EACCES, on a plain bind it opens"
r_is "$(val "$o" sym):$(val "$o" lsym):$(val "$o" sym_plain)" "40:0:0" \
	"nosymfollow on a bind: following a symlink fails with ELOOP (ls -l of it works), on a plain bind it works"
r_is "$(val "$o" symt)" "40" "nosymfollow on a tmpfs: a symlink made in it cannot be followed (ELOOP)"
check "$b" "$o.json" "nosuid,nodev,noexec and nosymfollow show in mountinfo" '
has_all("/mnt/nx", ["nosuid", "nodev", "noexec"])
has_none("/mnt/plain", ["nosuid", "nodev", "noexec", "nosymfollow"])
has_all("/mnt/sym", ["nosymfollow"])
has_all("/mnt/symt", ["nosymfollow"])'
check "$b" "$o.json" "noatime on a tmpfs: noatime, not relatime" '
has_all("/mnt/noatime", ["noatime"]); has_none("/mnt/noatime", ["relatime"])'
check "$b" "$o.json" "strictatime on a tmpfs: neither noatime nor relatime" '
has_none("/mnt/strict", ["noatime", "relatime"])'
runc_why="ORs the atime flags (noatime then relatime stays noatime)"
check "$b" "$o.json" "noatime then relatime: the last atime option wins (relatime)" '
has_all("/mnt/relatime", ["relatime"]); has_none("/mnt/relatime", ["noatime"])'
runc_why=
check "$b" "$o.json" "nodiratime on a tmpfs" 'has_all("/mnt/nodiratime", ["nodiratime"])'
check "$b" "$o.json" "noatime,nodiratime on a bind (the source is relatime)" '
has_all("/mnt/bnoatime", ["noatime", "nodiratime"]); has_none("/mnt/bnoatime", ["relatime"])'
check "$b" "$o.json" "strictatime on a bind: relatime of the source cleared" '
has_none("/mnt/bstrict", ["noatime", "relatime"])'
check "$b" "$o.json" "sync and dirsync are superblock options of their tmpfs (and only of theirs)" '
assert "sync" in sup("/mnt/sync") and "dirsync" not in sup("/mnt/sync"), sup("/mnt/sync")
assert "dirsync" in sup("/mnt/dirsync") and "sync" not in sup("/mnt/dirsync"), sup("/mnt/dirsync")
assert not {"sync", "dirsync"} & set(sup("/mnt/noatime")), sup("/mnt/noatime")'
check "$b" "$o.json" "rnosuid,rnodev,rnoexec,rnoatime,rnosymfollow: on the rbind and on its submount" '
for p in ("/mnt/rec", "/mnt/rec/sub"):
    has_all(p, ["nosuid", "nodev", "noexec", "noatime", "nosymfollow"])'
check "$b" "$o.json" "ro,nosuid,nodev,noexec,noatime without r: on the rbind only, not on its submount" '
has_all("/mnt/norec", ["ro", "nosuid", "nodev", "noexec", "noatime"])
has_none("/mnt/norec/sub", ["ro", "nosuid", "nodev", "noexec", "noatime"])'

# The recursive clearing options, on an rbind whose submount the host
# mounted nosuid,nodev,noexec,noatime.
b=$tmp/clr
new_bundle "$b"
mkdir -p "$b/rootfs/mnt"
TMP=$tmp cfg "$b" '
t = os.environ["TMP"]
def bd(d, src, o): return {"destination": d, "type": "bind", "source": src, "options": o}
c["mounts"] += [
  bd("/mnt/clr", t + "/hsrc", ["rbind", "rsuid", "rdev", "rexec"]),
  bd("/mnt/clratime", t + "/hsrc", ["rbind", "ratime"]),
  bd("/mnt/keep", t + "/hsrc", ["rbind"]),
]'
use_script "$b" "$T_FN"'t exec_clr /mnt/clr/sub/run
t exec_keep /mnt/keep/sub/run'
runc_why="its ratime clears only MOUNT_ATTR_NOATIME, which mount_setattr refuses (EINVAL)"
probe_run "$b" "$tmp/clr.out"
r_ok $? "run with rsuid,rdev,rexec and ratime on rbinds"
o=$tmp/clr.out
report_of "$o"
check "$b" "$o.json" "rsuid,rdev,rexec clear the host submount's nosuid,nodev,noexec" '
has_none("/mnt/clr/sub", ["nosuid", "nodev", "noexec"])
has_all("/mnt/keep/sub", ["nosuid", "nodev", "noexec", "noatime"])'
check "$b" "$o.json" "ratime clears the host submount's noatime (back to relatime)" '
has_none("/mnt/clratime/sub", ["noatime"])
has_all("/mnt/clratime/sub", ["relatime", "nosuid"])'
r_is "$(val "$o" exec_clr):$(val "$o" exec_keep)" "0:126" \
	"... so a script on that submount runs (rexec), and not through a plain rbind"
runc_why=

# ---- propagation options on mounts ------------------------------------------------
if [ "$psrc_ok" -eq 0 ]; then
	b=$tmp/prop
	new_bundle "$b" report
	mkdir -p "$b/rootfs/mnt"
	P=$tmp/psrc R=$b/rootfs cfg "$b" '
p = os.environ["P"]
def bd(d, o, src=p): return {"destination": d, "type": "bind", "source": src, "options": o}
c["mounts"] += [
  bd("/mnt/dflt", ["rbind"]),
  bd("/mnt/priv", ["rbind", "private"]),
  bd("/mnt/rpriv", ["rbind", "rprivate"]),
  bd("/mnt/shared", ["rbind", "shared"]),
  bd("/mnt/unb", ["rbind", "unbindable"]),
  {"destination": "/mnt/pa", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m", "shared"]},
  bd("/mnt/pb", ["bind", "slave"], os.environ["R"] + "/mnt/pa"),
  bd("/mnt/pc", ["bind"], os.environ["R"] + "/mnt/pa"),
]'
	probe_run "$b" "$tmp/prop.json"
	r_ok $? "run with propagation options on binds of a shared host mount"
	check "$b" "$tmp/prop.json" "no option: a bind of a shared host mount is its slave (master:N) after / was made rslave" '
assert tag("/mnt/dflt", "master") and not tag("/mnt/dflt", "shared"), opt("/mnt/dflt")'
	check "$b" "$tmp/prop.json" "private: no optional fields, its submount still a slave" '
eq(opt("/mnt/priv"), [])
assert tag("/mnt/priv/sub", "master"), opt("/mnt/priv/sub")'
	check "$b" "$tmp/prop.json" "rprivate: the bind and its submount are private" '
eq(opt("/mnt/rpriv"), []); eq(opt("/mnt/rpriv/sub"), [])'
	check "$b" "$tmp/prop.json" "shared: shared:N (and still the host's slave)" '
assert tag("/mnt/shared", "shared"), opt("/mnt/shared")'
	check "$b" "$tmp/prop.json" "unbindable: unbindable" 'eq(opt("/mnt/unb"), ["unbindable"])'
	check "$b" "$tmp/prop.json" "slave: a bind of a shared mount with slave is its slave (master:N of its group)" '
n = tag("/mnt/pa", "shared")
assert n, opt("/mnt/pa")
eq(tag("/mnt/pb", "master"), n)
assert not tag("/mnt/pb", "shared"), opt("/mnt/pb")
eq(tag("/mnt/pc", "shared"), n)'
else
	t_skip "propagation options on mounts" "cannot make a shared tmpfs on the host"
fi

# ---- linux.rootfsPropagation ---------------------------------------------------
# The bundles live on a shared bind mount of the host. Between create and
# start the host mounts a tmpfs on the rootfs's /mnt/late: a slave root
# receives it, a private one does not.
mkdir -p "$tmp/shr"
if mount --bind "$tmp/shr" "$tmp/shr" && mount --make-shared "$tmp/shr"; then
	for prop in unset slave private shared unbindable; do
		b=$tmp/shr/rp-$prop
		new_bundle "$b" report
		mkdir -p "$b/rootfs/mnt/late"
		[ "$prop" != unset ] && cfg "$b" "c['linux']['rootfsPropagation'] = '$prop'"
		id=$(new_id rp)
		rt create -b "$b" "$id" > "$tmp/rp-$prop.json" 2> "$tmp/rp-$prop.err" &&
			mount -n -t tmpfs -o size=64k late "$b/rootfs/mnt/late" &&
			rt start "$id" && wait_status "$id" stopped
		r_ok $? "rootfsPropagation $prop: create, a host mount under the rootfs, start"
		leaked=$(awk -v r="$b/rootfs" 'index($5, r "/") == 1 && $5 != r "/mnt/late" { print $5 }' /proc/self/mountinfo | tr '\n' ' ')
		r_is "$leaked" "" "... none of the container's mounts propagated to the host's shared mount"
		rt delete -f "$id" >/dev/null 2>&1
	done
	b=$tmp/shr/rp-unset
	check "$b" "$tmp/rp-unset.json" "rootfsPropagation unset: / is a slave of the host's mount (master:N, not shared)" '
assert tag("/", "master") and not tag("/", "shared"), opt("/")'
	check "$b" "$tmp/rp-unset.json" "... and the host's later mount under the rootfs reaches the container" 'eq(mnt("/mnt/late")["source"], "late")'
	runc_why="applies rootfsPropagation to the host's / (recursively only for r*), then makes the rootfs's shared parent mount private"
	b=$tmp/shr/rp-slave
	check "$b" "$tmp/rp-slave.json" "rootfsPropagation slave: / is master:N, not shared" '
assert tag("/", "master") and not tag("/", "shared"), opt("/")'
	check "$b" "$tmp/rp-slave.json" "... and receives the host's later mount" 'eq(mnt("/mnt/late")["source"], "late")'
	b=$tmp/shr/rp-private
	check "$b" "$tmp/rp-private.json" "rootfsPropagation private: / has no optional fields" 'eq(opt("/"), [])'
	check "$b" "$tmp/rp-private.json" "... and does not receive the host's later mount" 'assert not has("/mnt/late"), mnt("/mnt/late")'
	b=$tmp/shr/rp-shared
	check "$b" "$tmp/rp-shared.json" "rootfsPropagation shared: / is shared:N (and still the host's slave)" '
assert tag("/", "shared") and tag("/", "master"), opt("/")'
	b=$tmp/shr/rp-unbindable
	check "$b" "$tmp/rp-unbindable.json" "rootfsPropagation unbindable: / is unbindable" 'eq(opt("/"), ["unbindable"])'
	runc_why=
else
	t_skip "rootfsPropagation" "cannot make a shared bind mount"
fi

# ---- data options, remount, relative destinations, single files ---------------------
b=$tmp/misc
new_bundle "$b"
mkdir -p "$b/rootfs/mnt"
echo orig > "$b/rootfs/etc/hostname"
SRC=$src TMP=$tmp cfg "$b" '
s = os.environ["SRC"]; t = os.environ["TMP"]
def tm(d, o): return {"destination": d, "type": "tmpfs", "source": "tmpfs", "options": o}
def bd(d, src, o): return {"destination": d, "type": "bind", "source": src, "options": o}
c["mounts"] += [
  tm("/mnt/data", ["size=2m", "mode=700", "uid=1000", "gid=1001", "nr_inodes=100"]),
  tm("/mnt/joined", ["nosuid", "size=1m,mode=711"]),
  bd("/mnt/rm", s, ["bind"]),
  bd("/mnt/rm", s, ["remount", "bind", "ro"]),
  tm("/mnt/trm", ["size=1m"]),
  tm("/mnt/trm", ["remount", "ro", "size=2m"]),
  bd("mnt/relbind", s, ["bind", "ro"]),
  tm("./mnt//reldot/", ["size=64k"]),
  bd("/etc/single.conf", t + "/single.conf", ["bind", "ro"]),
  bd("/new/deep/single.conf", t + "/single.conf", ["bind"]),
  bd("/etc/hostname", t + "/single.conf", ["bind", "ro"]),
]'
use_script "$b" "$T_FN"'/bin/probe stat /mnt/data | sed "s/^/data:/"
/bin/probe stat /mnt/joined | sed "s/^/joined:/"
t w_rm /bin/probe write /mnt/rm/new
t w_trm /bin/probe write /mnt/trm/new
echo "relbind:$(cat /mnt/relbind/file)"
echo "single:$(cat /etc/single.conf)"
echo "deep:$(cat /new/deep/single.conf)"
echo "hostname:$(cat /etc/hostname)"
/bin/probe stat /etc/single.conf | sed "s/^/st:/"
t w_single /bin/probe write /etc/single.conf x'
probe_run "$b" "$tmp/misc.out"
r_ok $? "run with data options, remounts, relative destinations and file binds"
o=$tmp/misc.out
report_of "$o"
check "$b" "$o.json" "tmpfs data options size=2m,mode=700,uid=1000,gid=1001,nr_inodes=100 reach the filesystem" '
for x in ("size=2048k", "mode=700", "uid=1000", "gid=1001", "nr_inodes=100"):
    assert x in sup("/mnt/data"), (x, sup("/mnt/data"))'
r_is "$(val "$o" data | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["mode"], d["uid"], d["gid"])')" \
	"0700 1000 1001" "... and its root directory is 0700, 1000:1001"
check "$b" "$o.json" "one option holding \"size=1m,mode=711\" is passed to the filesystem as it is" '
assert "size=1024k" in sup("/mnt/joined") and "mode=711" in sup("/mnt/joined"), sup("/mnt/joined")
has_all("/mnt/joined", ["nosuid"])'
check "$b" "$o.json" "bind then remount,bind,ro: the bind is read-only" 'has_all("/mnt/rm", ["ro"])'
r_is "$(val "$o" w_rm)" "30" "... and refuses writes (EROFS)"
check "$b" "$o.json" "tmpfs then remount,ro,size=2m: read-only, 2m, the same mount" '
assert "ro" in sup("/mnt/trm") + opts("/mnt/trm"), (opts("/mnt/trm"), sup("/mnt/trm"))
assert "size=2048k" in sup("/mnt/trm"), sup("/mnt/trm")
eq(len([m for m in j["mounts"] if m["target"] == "/mnt/trm"]), 1)'
r_is "$(val "$o" w_trm)" "30" "... and refuses writes (EROFS)"
check "$b" "$o.json" "a relative bind destination (mnt/relbind) is taken relative to /, ro" '
has_all("/mnt/relbind", ["ro"])'
r_is "$(val "$o" relbind)" "data" "... and shows the source"
check "$b" "$o.json" "a destination ./mnt//reldot/ is /mnt/reldot" 'eq(mnt("/mnt/reldot")["fstype"], "tmpfs")'
r_is "$(val "$o" single):$(val "$o" deep):$(val "$o" hostname)" "single:single:single" \
	"single-file binds: a missing file, one in missing directories, and one over an existing file"
r_is "$(val "$o" st | python3 -c 'import json,sys; print(json.load(sys.stdin)["type"])')" "f" \
	"... the destination is a regular file"
r_is "$(val "$o" w_single)" "30" "... and a ro file bind refuses writes (EROFS)"
[ -f "$b/rootfs/etc/single.conf" ] && [ ! -s "$b/rootfs/etc/single.conf" ] &&
	[ -f "$b/rootfs/new/deep/single.conf" ] && [ "$(cat "$b/rootfs/etc/hostname")" = orig ] &&
	[ "$(cat "$tmp/single.conf")" = single ]
r_ok $? "... the runtime created empty destination files in the rootfs, the covered file and the source are unchanged"

# ---- idmapped bind mounts ------------------------------------------------------------
runc_why="no idmapped mounts before runc 1.2"
# The source: a file of host uid/gid 1000, one of root, and a tmpfs
# submount holding another file of 1000.
ids=$tmp/idsrc
mkdir -p "$ids/sub"
echo a > "$ids/f1000"
echo b > "$ids/f0"
chown 1000:1000 "$ids/f1000"
mount -n -t tmpfs -o size=64k,mode=755 tmpfs "$ids/sub"
echo c > "$ids/sub/f1000"
chown 1000:1000 "$ids/sub/f1000"
# idstat OUT KEY: "uid:gid" of the probe stat JSON on line KEY.
idstat() {
	val "$1" "$2" | python3 -c 'import json,sys
try:
    d = json.load(sys.stdin); print("%d:%d" % (d["uid"], d["gid"]))
except Exception:
    print("none")'
}
ID_SCRIPT='for f in f1000 f0 sub/f1000; do for m in id rid plain; do
	echo "$m/$f:$(/bin/probe stat /mnt/$m/$f)"
done; done'

# Without a user namespace, with the mounts' own mappings: on-disk 1000
# (containerID) shows as 2000/3000 (hostID); on-disk 0 is not mapped.
b=$tmp/idmap
new_bundle "$b"
mkdir -p "$b/rootfs/mnt"
IDS=$ids cfg "$b" '
s = os.environ["IDS"]
um = [{"containerID": 1000, "hostID": 2000, "size": 1}]
gm = [{"containerID": 1000, "hostID": 3000, "size": 1}]
c["mounts"] += [
  {"destination": "/mnt/id", "type": "bind", "source": s, "options": ["rbind", "idmap"], "uidMappings": um, "gidMappings": gm},
  {"destination": "/mnt/rid", "type": "bind", "source": s, "options": ["rbind", "ridmap"], "uidMappings": um, "gidMappings": gm},
  {"destination": "/mnt/plain", "type": "bind", "source": s, "options": ["rbind"]},
]'
use_script "$b" "$ID_SCRIPT"
probe_run "$b" "$tmp/idmap.out"
r_ok $? "run with idmapped binds (mount uidMappings/gidMappings) and no user namespace"
o=$tmp/idmap.out
r_is "$(idstat "$o" id/f1000) $(idstat "$o" plain/f1000)" "2000:3000 1000:1000" \
	"idmap: a file of host 1000:1000 shows as 2000:3000 (containerID -> hostID), 1000:1000 on a plain bind"
r_is "$(idstat "$o" id/f0)" "65534:65534" "idmap: a file of root, outside the mapping, shows as the overflow ids"
r_is "$(idstat "$o" id/sub/f1000) $(idstat "$o" rid/sub/f1000)" "1000:1000 2000:3000" \
	"idmap maps the rbind's own mount only, ridmap its submount too"
id=$(new_id idm)
b2=$tmp/idmap-nous
new_bundle "$b2" exit 0
IDS=$ids cfg "$b2" 'c["mounts"].append({"destination": "/mnt/id", "type": "bind", "source": os.environ["IDS"], "options": ["rbind", "idmap"]})'
rt create -b "$b2" "$id" >/dev/null 2> "$tmp/idm.err"
r_is "$?" "1" "idmap without mappings of its own and without a user namespace: create fails (exit 1)"
grep -q 'idmap' "$tmp/idm.err" && [ ! -e "$root/$id" ]
st=$?
r_ok $st "... naming idmap, and leaving no state"
[ $st -ne 0 ] && ! is_runc && sed 's/^/#   /' "$tmp/idm.err"

# In a user namespace (0 -> 100000, 65536), idmap without mappings of its
# own takes the container's: host ids show as themselves inside, and what
# the container's root writes is the host's root's.
b=$tmp/idmapu
new_bundle "$b"
mkdir -p "$b/rootfs/mnt" "$tmp/idw"
chown -R 100000:100000 "$b/rootfs"
IDS=$ids IDW=$tmp/idw cfg "$b" '
s = os.environ["IDS"]
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["mounts"] += [
  {"destination": "/mnt/id", "type": "bind", "source": s, "options": ["rbind", "idmap"]},
  {"destination": "/mnt/rid", "type": "bind", "source": s, "options": ["rbind", "ridmap"]},
  {"destination": "/mnt/plain", "type": "bind", "source": s, "options": ["rbind"]},
  {"destination": "/mnt/w", "type": "bind", "source": os.environ["IDW"], "options": ["bind", "idmap"]},
]'
use_script "$b" "$ID_SCRIPT"'
/bin/probe write /mnt/w/new; echo "w:$?"'
probe_run "$b" "$tmp/idmapu.out"
r_ok $? "run in a user namespace with idmap and ridmap binds taking the container's mapping"
o=$tmp/idmapu.out
r_is "$(idstat "$o" id/f1000) $(idstat "$o" id/f0) $(idstat "$o" plain/f1000) $(idstat "$o" plain/f0)" \
	"1000:1000 0:0 65534:65534 65534:65534" \
	"idmap in a user namespace: host 1000 and 0 show as 1000 and 0 (on a plain bind: unmapped, 65534)"
r_is "$(idstat "$o" id/sub/f1000) $(idstat "$o" rid/sub/f1000)" "65534:65534 1000:1000" \
	"... the submount is mapped with ridmap only"
r_is "$(val "$o" w):$(stat -c %u:%g "$tmp/idw/new" 2>&1)" "0:0:0" \
	"the container's root writes into a root-owned idmapped directory, the new file is the host's 0:0"

runc_why=

# ---- a container in a user namespace ---------------------------------------------------
b=$tmp/userns
new_bundle "$b"
mkdir -p "$b/rootfs/mnt" "$tmp/unw"
chown -R 100000:100000 "$b/rootfs" "$tmp/unw"
id=$(new_id userns)
UNW=$tmp/unw cfg "$b" '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 1000}, {"containerID": 1000, "hostID": 201000, "size": 64536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["linux"]["maskedPaths"].remove("/proc/keys")
c["process"]["user"]["additionalGids"] = [10, 20]
k = c["process"]["capabilities"]
for s in ("bounding", "effective", "permitted"):
    k[s] = sorted(set(k[s]) | {"CAP_CHOWN"})
c["mounts"].append({"destination": "/mnt/w", "type": "bind", "source": os.environ["UNW"], "options": ["bind"]})'
use_script "$b" 'echo "uid_map:$(cat /proc/self/uid_map | tr -s " " | tr "\n" ";")"
echo "gid_map:$(cat /proc/self/gid_map | tr -s " " | tr "\n" ";")"
echo "setgroups:$(cat /proc/self/setgroups)"
/bin/probe write /mnt/w/root; echo "w:$?"
/bin/probe write /mnt/w/other && chown 1005:6 /mnt/w/other; echo "chown:$?"
echo "keys:$(grep " _ses\.'"$id"':" /proc/keys | tr -s " ")"'
rt run -b "$b" "$id" > "$tmp/userns.out" 2> "$tmp/userns.err"
st=$?
r_ok $st "run in a user namespace (0 -> 100000 size 1000, 1000 -> 201000 size 64536)"
[ $st -ne 0 ] && sed 's/^/#   runtime: /' "$tmp/userns.err" | head -n 5
o=$tmp/userns.out
report_of "$o"
r_is "$(val "$o" uid_map)" " 0 100000 1000; 1000 201000 64536;" "/proc/self/uid_map is linux.uidMappings"
r_is "$(val "$o" gid_map)" " 0 100000 65536;" "/proc/self/gid_map is linux.gidMappings"
r_is "$(val "$o" setgroups)" "allow" "setgroups is allowed (the maps were written by the privileged runtime)"
check "$b" "$o.json" "inside: uid/gid 0, additionalGids 10 and 20, its own user namespace" '
eq([j[k] for k in ("uid", "euid", "gid", "egid")], [0] * 4)
eq(sorted(j["groups"]), [10, 20])
assert j["namespaces"]["user"] != os.stat("/proc/self/ns/user").st_ino'
r_is "$(val "$o" w):$(stat -c %u:%g "$tmp/unw/root" 2>&1)" "0:100000:100000" \
	"a file the container's root creates in a rw bind is the host's 100000:100000"
r_is "$(val "$o" chown):$(stat -c %u:%g "$tmp/unw/other" 2>&1)" "0:201005:100006" \
	"chown 1005:6 inside is 201005:100006 on the host (second uid range)"
r_is "$(val "$o" keys | awk '{print $5, $9}')" "3f130008 _ses.$id:" \
	"its new session keyring _ses.ID is searchable by others (perm 3f130008), not by the user"

# ---- --no-pivot ---------------------------------------------------------------------
# MS_MOVE of the rootfs onto / and chroot: the host's mounts outside the
# rootfs must be detached from the container's mount namespace, where
# they would stay pinned (and reachable by a process escaping the chroot).
# mountinfo only shows what is under the reader's root, so the test lists
# the namespace's mounts with listmount(2)/statmount(2) (Linux 6.11), for
# a created container; a host tmpfs at $tmp/outside must not be there.
mkdir -p "$tmp/outside"
mount -n -t tmpfs -o size=64k outside "$tmp/outside"
echo "OUTSIDE-$$" > "$tmp/outside/marker"
up=../../../../../../../../../../../../../..
b=$tmp/np
new_bundle "$b"
use_script "$b" "$T_FN"'t up /bin/probe read '"$up$tmp/outside/marker"'
t abs /bin/probe read '"$tmp/outside/marker"'
t p1 /bin/probe read /proc/1/root'"$tmp/outside/marker"'
echo "passwd:$(cat /proc/1/root/etc/passwd)"'
probe_run "$b" "$tmp/np.out" --no-pivot
r_ok $? "run --no-pivot"
o=$tmp/np.out
report_of "$o"
check "$b" "$o.json" "--no-pivot: / is the bundle's rootfs, in a new mount namespace" '
eq(mnt("/")["root"], os.path.realpath(sys.argv[1][:-len("config.json")] + "rootfs"))
assert j["namespaces"]["mnt"] != os.stat("/proc/self/ns/mnt").st_ino'
r_is "$(val "$o" up):$(val "$o" abs):$(val "$o" p1)" "2:2:2" \
	"--no-pivot: the host's file is out of reach by ../, by its absolute path and through /proc/1/root (ENOENT)"
r_is "$(val "$o" passwd)" "root:x:0:0:root:/root:/bin/sh" "... /proc/1/root is the container's root"
# nsmounts PID|self: "MOUNTPOINT FSTYPE" of every mount of the mount
# namespace, mount points relative to that namespace's root.
cat > "$tmp/nsmounts.py" <<'EOF'
import ctypes, fcntl, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
NR_statmount, NR_listmount = 457, 458   # x86_64
fd = os.open("/proc/%s/ns/mnt" % sys.argv[1], os.O_RDONLY)
b = bytearray(8)
fcntl.ioctl(fd, 0x8008b705, b)   # NS_GET_MNTNS_ID
ns = struct.unpack("Q", b)[0]
ids = (ctypes.c_uint64 * 4096)()
n = libc.syscall(NR_listmount, struct.pack("IIQQQ", 32, 0, 2**64 - 1, 0, ns), ids, 4096, 0)
if n < 0:
    sys.exit("listmount: %s" % os.strerror(ctypes.get_errno()))
for i in range(n):
    buf = ctypes.create_string_buffer(1 << 16)
    # STATMOUNT_MNT_POINT | STATMOUNT_FS_TYPE
    if libc.syscall(NR_statmount, struct.pack("IIQQQ", 32, 0, ids[i], 0x30, ns), buf, 1 << 16, 0) < 0:
        sys.exit("statmount: %s" % os.strerror(ctypes.get_errno()))
    r = buf.raw
    s = lambda off: r[512 + off:r.index(b"\0", 512 + off)].decode()
    print(s(struct.unpack_from("I", r, 108)[0]), s(struct.unpack_from("I", r, 36)[0]))
EOF
runc_why="--no-pivot detaches only the host's proc and sysfs mounts"
if [ "$(uname -m)" != x86_64 ]; then
	t_skip "the container's mount namespace without host mounts (--no-pivot)" "the mount lister is x86_64 only"
elif python3 "$tmp/nsmounts.py" self > "$tmp/nsm.host" 2>&1; then
	grep -qx "$tmp/outside tmpfs" "$tmp/nsm.host"
	r_ok $? "the mount lister sees the host's tmpfs at \$tmp/outside in the host's namespace"
	for mode in no-pivot pivot; do
		id=$(new_id np)
		if [ "$mode" = no-pivot ]; then
			what="create --no-pivot"
			rt create --no-pivot -b "$b" "$id" >/dev/null 2>"$tmp/np.err"
		else
			what="create (pivot_root)"
			rt create -b "$b" "$id" >/dev/null 2>"$tmp/np.err"
		fi
		pid=$(rt state "$id" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])' 2>/dev/null)
		python3 "$tmp/nsmounts.py" "${pid:-0}" > "$tmp/nsm.$mode" 2>&1
		r_is "$(grep -c -F -e "$tmp/" -e ' devtmpfs' "$tmp/nsm.$mode")" "0" \
			"$what: the host's mounts outside the rootfs (its tmpfs at \$tmp/outside, /dev, ...) are not in the container's mount namespace"
		[ -s "$tmp/nsm.$mode" ] && grep -q '^/proc proc$' "$tmp/nsm.$mode"
		r_ok $? "... (the listing has the container's own mounts: /proc)"
		rt delete -f "$id" >/dev/null 2>&1
	done
	{ cat "$tmp/nsm.pivot"; awk '$1 == "/"' "$tmp/nsm.host"; } | sort > "$tmp/nsm.want"
	sort "$tmp/nsm.no-pivot" | cmp -s - "$tmp/nsm.want"
	r_ok $? "--no-pivot: the namespace holds the same mounts as with pivot_root, plus only its root (the host's /, under the rootfs)"
else
	t_skip "the container's mount namespace without host mounts (--no-pivot)" "listmount/statmount or NS_GET_MNTNS_ID unavailable: $(head -n 1 "$tmp/nsm.host")"
fi
runc_why=

# ---- LSM labels on a host without SELinux ------------------------------------------
if [ -e /sys/fs/selinux/enforce ] || grep -qw selinux /sys/kernel/security/lsm 2>/dev/null; then
	t_skip "selinuxLabel and mountLabel without SELinux" "SELinux is enabled on this host"
else
	b=$tmp/selinux
	new_bundle "$b" exit 0
	cfg "$b" 'c["process"]["selinuxLabel"] = "system_u:system_r:container_t:s0:c1,c2"'
	id=$(new_id lsm)
	rt create -b "$b" "$id" >/dev/null 2>"$tmp/selinux.err"
	rc=$?
	r_is "$rc" "1" "process.selinuxLabel while SELinux is not enabled: create fails (exit 1)"
	if is_runc; then
		grep -q 'selinux is disabled' "$tmp/selinux.err"
	else
		tail -n 1 "$tmp/selinux.err" | grep -q '^runlet: .*process\.selinuxLabel.*SELinux is not enabled'
	fi
	st=$?
	r_ok $st "... stderr says that SELinux is not enabled, naming process.selinuxLabel"
	[ $st -ne 0 ] && sed 's/^/#   /' "$tmp/selinux.err"
	[ ! -e "$root/$id" ] && ! rt state "$id" >/dev/null 2>&1 && [ -z "$(rt list -q 2>/dev/null | grep -x -- "$id")" ]
	r_ok $? "... and leaves no state"
	rt delete -f "$id" >/dev/null 2>&1
	b=$tmp/mountlabel
	new_bundle "$b" report
	cfg "$b" 'c["linux"]["mountLabel"] = "system_u:object_r:container_file_t:s0:c1,c2"'
	runc_why="passes context= with the mountLabel to the mounts even without SELinux (and fails)"
	probe_run "$b" "$tmp/mountlabel.json"
	r_ok $? "linux.mountLabel without SELinux is ignored: the container runs"
	check "$b" "$tmp/mountlabel.json" "... and no mount got a context= option" '
bad = [m["target"] for m in j["mounts"] if "context=" in m["super"]]
eq(bad, [])'
	runc_why=
fi

# ---- session keyring ---------------------------------------------------------------
# The runtime runs in a session keyring of the test's own, viewable by its
# possessors only: a process sees it in /proc/keys only if it is (in) its
# session keyring.
cat > "$tmp/keyses.py" <<'EOF'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
NR_keyctl = 250  # x86_64
kid = libc.syscall(NR_keyctl, 1, sys.argv[1].encode(), 0, 0, 0)  # JOIN_SESSION_KEYRING
if kid < 0 or libc.syscall(NR_keyctl, 5, kid, 0x3f000000, 0, 0) < 0:  # SETPERM: possessor only
    sys.exit("keyctl: %s" % os.strerror(ctypes.get_errno()))
os.execvp(sys.argv[2], sys.argv[2:])
EOF
kname=rlt-test-ses-$$
b=$tmp/keys
new_bundle "$b"
cfg "$b" 'c["linux"]["maskedPaths"].remove("/proc/keys"); c["process"]["args"] = ["/bin/cat", "/proc/keys"]'
if [ "$(uname -m)" != x86_64 ]; then
	t_skip "session keyring" "the test's keyctl wrapper is x86_64 only"
else
	RT_WRAP="python3 $tmp/keyses.py $kname"
	id=$(new_id key)
	rt run -b "$b" "$id" > "$tmp/keys.out" 2> "$tmp/keys.err"
	r_ok $? "run (from a session keyring of the test's own)"
	r_is "$(awk -v d="_ses.$id:" '$9 == d { print $8, $5 }' "$tmp/keys.out")" "keyring 3f1b0000" \
		"a new session keyring _ses.ID, searchable by its user (perm 3f1b0000)"
	r_is "$(grep -c " $kname:" "$tmp/keys.out")" "0" "... and the caller's session keyring is not the container's"
	id2=$(new_id key)
	rt run --no-new-keyring -b "$b" "$id2" > "$tmp/keys2.out" 2> "$tmp/keys2.err"
	r_ok $? "run --no-new-keyring"
	RT_WRAP=
	r_is "$(grep -c " $kname:" "$tmp/keys2.out"):$(grep -c " _ses.$id2:" "$tmp/keys2.out")" "1:0" \
		"--no-new-keyring: the container possesses the caller's session keyring, no _ses.ID is made"
fi

t_done
