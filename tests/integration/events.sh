#!/bin/sh
# SPDX-License-Identifier: MIT
# events: --stats has runc's JSON shape (compared with Debian's runc on the
# same bundle when it is installed), the stream prints a stats line per
# interval and ends when the container stops, bad input fails clearly.
#
#   B=build sh tests/integration/events.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=ev
. "$top/tests/helper/container.sh"

# shape FILE: every key path with its JSON type (memory.raw's keys left
# out: they are whatever the kernel's memory.stat lists).
shape() {
	python3 - "$1" <<'PY'
import json, sys
def walk(x, p):
    if isinstance(x, dict):
        for k, v in x.items():
            if p.endswith(".raw"):
                continue
            print("%s.%s:%s" % (p, k, type(v).__name__))
            walk(v, p + "." + k)
walk(json.load(open(sys.argv[1])), "")
PY
}

b=$tmp/ev
new_bundle "$b"
cfg "$b" 'c["process"]["args"] = ["sleep", "300"]'
id=$(new_id e)
rt run -d -b "$b" "$id" >/dev/null 2>&1
t_ok $? "run -d a sleeping container"
rt events --stats "$id" > "$tmp/ev.json"
t_ok $? "events --stats exits 0"
t_is "$(pj "$tmp/ev.json" '[j["type"], j["id"]]')" "[\"stats\", \"$id\"]" "... one {type: stats, id} object"
t_ok "$(pj "$tmp/ev.json" 'int(not (j["data"]["pids"]["current"] >= 1 and j["data"]["memory"]["usage"]["usage"] > 0 and j["data"]["cpu"]["usage"]["total"] > 0))')" \
	"... with live numbers: pids.current >= 1, memory and cpu usage > 0"

RUNC=$(command -v runc || true)
if [ -n "$RUNC" ]; then
	rid=rlt$$-ev-runc
	(cd "$b" && timeout -k 5 20 "$RUNC" --root "$tmp/runc-state" run -d "$rid" </dev/null >/dev/null 2>&1)
	timeout -k 5 20 "$RUNC" --root "$tmp/runc-state" events --stats "$rid" > "$tmp/evr.json" 2>/dev/null </dev/null
	timeout -k 5 20 "$RUNC" --root "$tmp/runc-state" ps -f json "$rid" > "$tmp/psr.json" 2>/dev/null </dev/null
	timeout -k 5 20 "$RUNC" --root "$tmp/runc-state" delete -f "$rid" >/dev/null 2>&1 </dev/null
	# hugetlb sits in the unified hierarchy here, which runc 1.1 does not
	# read on a hybrid host: compare everything else.
	shape "$tmp/ev.json" | grep -v '^\.data\.hugetlb\.' | sort > "$tmp/s1"
	shape "$tmp/evr.json" | grep -v '^\.data\.hugetlb\.' | sort > "$tmp/s2"
	[ -s "$tmp/s2" ] && diff "$tmp/s1" "$tmp/s2" > "$tmp/sd"
	t_ok $? "events --stats has the keys and JSON types of runc's"
	sed 's/^/#   /' "$tmp/sd" 2>/dev/null | head -n 20
	rt ps -f json "$id" > "$tmp/ps.json"
	t_is "$(pj "$tmp/ps.json" '[type(j).__name__, [type(x).__name__ for x in j]]')" \
		"$(pj "$tmp/psr.json" '[type(j).__name__, [type(x).__name__ for x in j]]')" \
		"ps -f json has runc's shape (an array of integer pids)"
else
	t_skip "events --stats has the keys and JSON types of runc's" "runc is not installed"
	t_skip "ps -f json has runc's shape (an array of integer pids)" "runc is not installed"
fi

# The stream: a stats line per interval, and the end when the container stops.
( rt events --interval 200ms "$id" > "$tmp/stream.json" 2>"$tmp/stream.err"; echo $? > "$tmp/stream.rc" ) &
sleep 1
rt kill "$id" KILL
wait
t_is "$(cat "$tmp/stream.rc")" "0" "events (stream) ends with status 0 when the container stops"
n=$(grep -c '"type":"stats"' "$tmp/stream.json")
[ "$n" -ge 3 ]
t_ok $? "events --interval 200ms printed a stats line per interval ($n lines in about 1 s)"
python3 -c '
import json, sys
for l in open(sys.argv[1]):
    json.loads(l)
' "$tmp/stream.json"
t_ok $? "... each line is one JSON object"

# OOM: a memory hog under a 16 MiB limit without swap; the stream reports
# the kernel's OOM kill (memory.oom_control's oom_kill on v1).
b2=$tmp/oom
new_bundle "$b2"
cfg "$b2" 'c["linux"]["resources"] = {"memory": {"limit": 16777216, "swap": 16777216}}; c["process"]["args"] = ["sh", "-c", "sleep 0.5; sh -c \"x=a; while :; do x=\\$x\\$x; done\"; sleep 300"]'
oid=$(new_id oom)
rt run -d -b "$b2" "$oid" >/dev/null 2>&1
( rt events --interval 100ms "$oid" > "$tmp/oom.json" 2>"$tmp/oom.err"; echo $? > "$tmp/oom.rc" ) &
i=0
while [ $i -lt 100 ] && ! grep -q '"type":"oom"' "$tmp/oom.json" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
grep -q "{\"type\":\"oom\",\"id\":\"$oid\"}" "$tmp/oom.json"
t_ok $? "events reports the OOM kill of a process in the container as {type: oom, id}"
t_ok "$([ "$(sed -n 's/^oom_kill //p' /sys/fs/cgroup/memory/runlet/$oid/memory.oom_control 2>/dev/null)" -ge 1 ] 2>/dev/null; echo $?)" \
	"... and the kernel counted it (memory.oom_control oom_kill >= 1)"
rt kill "$oid" KILL
wait
rt delete -f "$oid" >/dev/null 2>&1

rt events --stats "$id" 2>/dev/null
t_is "$?" "1" "events of a stopped container fails (exit 1)"
rt delete "$id"
rt events --stats "rlt-no-such-$$" 2>/dev/null
t_is "$?" "1" "events of an unknown container fails (exit 1)"
rt events --interval soon "rlt-no-such-$$" 2>"$tmp/bad.err"
t_is "$?" "2" "events --interval with a bad duration is a usage error (exit 2)"
grep -q 'interval' "$tmp/bad.err"
t_ok $? "... naming the option"

t_done
