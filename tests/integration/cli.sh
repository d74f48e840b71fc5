#!/bin/sh
# SPDX-License-Identifier: MIT
# CLI integration: spec, features, state, list, help, version, logs and exit
# codes, driven through the real binaries (x86_64 natively, the others
# under qemu-user where it matters: features per arch).
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
R=$top/$B/x86_64/runlet
CFG=$top/$B/x86_64/tests/cfgcheck
tmp=$(mktemp -d /tmp/runlet-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/state

# ---- help and version ----------------------------------------------------------
out=$("$R" --help)
t_ok $? "--help exits 0"
cmds=$(echo "$out" | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/Commands:/ {print $1}' | tr '\n' ' ')
t_is "$cmds" "check create delete events exec features kill list pause ps resume run seccomp spec start state update help " "--help lists exactly the commands that exist"
"$R" state --help | grep -q '^Usage: runlet state <container-id>'
t_ok $? "state --help shows its usage"
"$R" help list | grep -q -- '--format table|json'
t_ok $? "help list shows list's options"
out=$("$R" --version)
echo "$out" | grep -q '^runlet version [0-9]' &&
	echo "$out" | grep -q '^commit: ' && echo "$out" | grep -q '^spec: 1.3.0$' &&
	echo "$out" | grep -q '^arch: x86_64$' && echo "$out" | grep -q '^libseccomp: 2\.'
t_ok $? "--version gives version, commit, spec, arch and libseccomp"
out=$("$R" checkpoint x 2>&1)
t_is "$?:$out" "2:runlet: unknown command \"checkpoint\" (see runlet --help)" "a command not built (checkpoint) is unknown (exit 2)"
out=$("$R" --bogus 2>&1)
t_is "$?:$out" "2:runlet: runlet: unknown option \"--bogus\" (see --help)" "unknown global option: exit 2"
out=$("$R" --root relative list 2>&1)
t_is "$?" "2" "relative --root is a usage error"

# ---- spec ------------------------------------------------------------------------
mkdir -p "$tmp/b"
make_rootfs "$tmp/b/rootfs"
(cd "$tmp/b" && "$R" spec)
t_ok $? "spec writes config.json in the current directory"
t_is "$("$CFG" "$tmp/b/config.json")" "ok" "runlet's own reader accepts the spec"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/b/config.json"
t_ok $? "python3's json module accepts the spec"
out=$(cd "$tmp/b" && "$R" spec 2>&1)
t_is "$?:$out" "1:runlet: spec: \"config.json\" exists: remove it first" "spec refuses to overwrite"
if command -v runc >/dev/null && command -v script >/dev/null; then
	# runc runs the unmodified spec (terminal: true needs a pty: script).
	out=$(cd "$tmp/b" && echo 'exit 7' | timeout 60 script -qec "runc --root $tmp/runc run rl-spec-$$" /dev/null 2>&1)
	t_is "$?" "7" "runc runs the spec's container (sh exits 7)"
	runc --root "$tmp/runc" delete -f "rl-spec-$$" >/dev/null 2>&1
else
	t_skip "runc runs the spec" "runc or script not installed"
fi
mkdir -p "$tmp/rl"
"$R" spec --rootless -b "$tmp/rl"
t_ok $? "spec --rootless -b DIR"
t_is "$("$CFG" "$tmp/rl/config.json")" "ok" "runlet's reader accepts the rootless spec"
python3 - "$tmp/rl/config.json" <<'EOF'
import json, os, sys
c = json.load(open(sys.argv[1]))
ns = [n["type"] for n in c["linux"]["namespaces"]]
assert "user" in ns and "network" not in ns, ns
assert c["linux"]["uidMappings"] == [{"containerID": 0, "hostID": os.geteuid(), "size": 1}]
assert "resources" not in c["linux"]
EOF
t_ok $? "rootless spec: user namespace mapping the caller, no cgroup limits"
out=$("$R" spec -b "$tmp/nonexistent" 2>&1)
t_is "$?" "1" "spec into a missing directory fails"
mkdir -p "$tmp/sl"
ln -s "$tmp/target" "$tmp/sl/config.json"
"$R" spec -b "$tmp/sl" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$tmp/target" ]
t_ok $? "spec does not follow a planted config.json symlink"

# ---- features --------------------------------------------------------------------
"$R" features > "$tmp/f.json"
t_ok $? "features exits 0"
python3 - "$tmp/f.json" x86_64 <<'EOF'
import json, sys
f = json.load(open(sys.argv[1]))
assert f["ociVersionMin"] == "1.0.0" and f["ociVersionMax"] == "1.3.0"
assert f["hooks"] == ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]
l = f["linux"]
assert sorted(l["namespaces"]) == ["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"]
assert len(l["capabilities"]) == 41 and "CAP_CHECKPOINT_RESTORE" in l["capabilities"]
s = l["seccomp"]
assert s["enabled"] is True
assert s["archs"] == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], s["archs"]
assert "SCMP_ACT_NOTIFY" in s["actions"] and "SCMP_CMP_MASKED_EQ" in s["operators"]
assert set(s["supportedFlags"]) <= set(s["knownFlags"])
assert "SECCOMP_FILTER_FLAG_TSYNC" in s["supportedFlags"]  # kernel 6.18 has them all
assert "rro" in f["mountOptions"] and "idmap" in f["mountOptions"]
EOF
t_ok $? "features: valid JSON, ociVersionMax 1.3.0, x86_64 seccomp archs, probed flags"
for a in aarch64 ppc64le sparc64; do
	q=qemu-$a-static
	"$q" "$top/$B/$a/runlet" features > "$tmp/f-$a.json" 2>"$tmp/f-$a.err"
	python3 - "$tmp/f-$a.json" "$a" <<'EOF'
import json, sys
f = json.load(open(sys.argv[1]))
a = sys.argv[2]
assert f["ociVersionMax"] == "1.3.0"
s = f["linux"]["seccomp"]
want = {"aarch64": ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
        "ppc64le": ["SCMP_ARCH_PPC64LE"]}  # libseccomp cannot add ppc to a ppc64le filter
if a == "sparc64":
    assert s == {"enabled": False}, s
    assert "io.github.seccomp.libseccomp.version" not in f["annotations"]
else:
    assert s["enabled"] is True and s["archs"] == want[a], s
assert f["annotations"]["org.opencontainers.runlet.arch"] == a
EOF
	t_ok $? "features under $q: valid JSON, seccomp as this arch enforces it"
done

# ---- state and list on an empty and a populated root ------------------------------
out=$("$R" --root "$root" list)
t_is "$out" "ID          PID         STATUS      BUNDLE      CREATED     OWNER" "list on a missing root prints only the header"
t_is "$("$R" --root "$root" list -q)" "" "list -q on an empty root prints nothing"
t_is "$("$R" --root "$root" list -f json)" "[]" "list -f json on an empty root prints []"
out=$("$R" --root "$root" list -f yaml 2>&1)
t_is "$?:$out" "2:runlet: list: invalid format \"yaml\" (expected table or json)" "list rejects an unknown format"
out=$("$R" --root "$root" state nope 2>&1)
t_is "$?:$out" "1:runlet: container \"nope\" does not exist" "state of an unknown id fails (exit 1)"
out=$("$R" --root "$root" state ../etc 2>&1)
t_is "$?" "2" "state ../etc is an invalid id, not a path (exit 2)"
out=$("$R" --root "$root" state 2>&1)
t_is "$?" "2" "state without an id is a usage error"

# A container directory as the lifecycle writes it (state.h): a live
# process, then the same after it died.
mkdir -p "$root/c1" "$root/c2"
sleep 300 &
sp=$!
start=$(awk '{ sub(/.*\) /, ""); print $20 }' /proc/$sp/stat)
cat > "$root/c1/state.json" <<EOF
{"ociVersion":"1.3.0","id":"c1","status":"created","pid":$sp,"pidStartTime":$start,"bundle":"/bundles/c1","rootfs":"/bundles/c1/rootfs","created":"2026-11-22T08:00:00.000000001Z","owner":"root","annotations":{"a.b":"c"}}
EOF
cat > "$root/c2/state.json" <<EOF
{"ociVersion":"1.3.0","id":"c2","status":"running","pid":$sp,"pidStartTime":$((start + 1)),"bundle":"/bundles/c2","rootfs":"/bundles/c2/rootfs","created":"2026-11-22T08:00:01.000000001Z","owner":"root"}
EOF
mkfifo "$root/c1/exec.fifo"
"$R" --root "$root" state c1 > "$tmp/s1.json"
python3 - "$tmp/s1.json" "$sp" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s == {"ociVersion": "1.3.0", "id": "c1", "pid": int(sys.argv[2]), "status": "created",
             "bundle": "/bundles/c1", "rootfs": "/bundles/c1/rootfs",
             "created": "2026-11-22T08:00:00.000000001Z", "annotations": {"a.b": "c"},
             "owner": "root"}, s
EOF
t_ok $? "state: runc's JSON shape, created while exec.fifo exists"
rm "$root/c1/exec.fifo"
t_is "$("$R" --root "$root" state c1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" "running" "state: running once exec.fifo is gone"
t_is "$("$R" --root "$root" state c2 | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["status"], s["pid"])')" "stopped 0" "state: a reused pid reads as stopped"
t_is "$("$R" --root "$root" list -q | tr '\n' ' ')" "c1 c2 " "list -q lists ids, sorted"
"$R" --root "$root" list > "$tmp/list.txt"
t_is "$(sed -n 2p "$tmp/list.txt" | awk '{print $1, $2, $3, $4}')" "c1 $sp running /bundles/c1" "list table row for a running container"
t_is "$(head -n 1 "$tmp/list.txt" | awk '{print $1, $2, $3}')" "ID PID STATUS" "list table header"
"$R" --root "$root" list -f json | python3 -c '
import json, sys
l = json.load(sys.stdin)
assert [c["id"] for c in l] == ["c1", "c2"] and [c["status"] for c in l] == ["running", "stopped"], l
'
t_ok $? "list -f json: state objects of every container"
kill "$sp"; wait "$sp" 2>/dev/null
t_is "$("$R" --root "$root" state c1 | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["status"], s["pid"])')" "stopped 0" "state: a container whose process died reads as stopped"
mkdir -p "$root/bad" && echo '{"id":' > "$root/bad/state.json"
out=$("$R" --root "$root" state bad 2>&1)
t_is "$?" "1" "a corrupt state.json is an error"
t_is "$("$R" --root "$root" list -q | tr '\n' ' ')" "c1 c2 " "list skips a corrupt entry"

# ---- logging ----------------------------------------------------------------------
"$R" --root "$root" --log "$tmp/log.json" --log-format json state nope 2>/dev/null
python3 - "$tmp/log.json" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert recs[-1]["level"] == "error" and recs[-1]["msg"] == 'container "nope" does not exist', recs
assert recs[-1]["time"].endswith("Z")
EOF
t_ok $? "--log-format json writes the error as a JSON record"
"$R" --root "$root" --log "$tmp/log.txt" --debug list >/dev/null 2>&1
grep -q 'level=debug msg="command list"' "$tmp/log.txt"
t_ok $? "--debug writes debug records to --log in text format"
out=$("$R" --log-format xml list 2>&1)
t_is "$?" "2" "invalid --log-format is a usage error"

t_done
