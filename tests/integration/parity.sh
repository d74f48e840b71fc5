#!/bin/sh
# SPDX-License-Identifier: MIT
# Lifecycle parity with runc: the same bundles run under runlet ($RUNTIME)
# and under runc (Debian's, each with its own --root under $tmp), and every
# assertion compares what the two did: the shape of `state` and its status
# through create/start/exit, the exit status of foreground `run`, the exit
# status of operations in the wrong state or on an unknown id, and the
# shape of `list -f json`. Without runc every assertion is skipped.
#
#   B=build sh tests/integration/parity.sh
#   RUNC=/path/to/runc B=build sh tests/integration/parity.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=parity
. "$top/tests/helper/container.sh"

RUNC=${RUNC:-$(command -v runc 2>/dev/null)}
[ -n "$RUNC" ] && [ -x "$RUNC" ] && have_runc=1 || have_runc=0
rc_root=$tmp/runc-state

# runc_ ARGS...: runc with its own --root, bounded, never reading stdin.
runc_() {
	timeout -k 5 "$RT_TIMEOUT" "$RUNC" --root "$rc_root" "$@" </dev/null
	runc_rc=$?
	if [ "$runc_rc" -eq 124 ] || { [ "$runc_rc" -eq 137 ] && [ "${1:-}" != run ]; }; then
		echo "# timed out: $RUNC $*" >&2
	fi
	return "$runc_rc"
}

# Every id from new_id is deleted with runc -f too, before container.sh's
# cleanup (which then kills what is left and removes the cgroups named
# after our ids); both compose in one EXIT trap.
p_cleanup() {
	[ "$have_runc" -eq 1 ] || return 0
	while read -r cid; do
		timeout -k 5 20 "$RUNC" --root "$rc_root" delete -f "$cid" >/dev/null 2>&1 </dev/null
	done < "$tmp/ids"
}
trap 'p_cleanup; t_cleanup' EXIT

# on WHO ARGS...: WHO is rl (runlet, through rt) or rc (runc). Without
# runc both are stubs that fail at once, so that the script only skips.
on() {
	on_who=$1
	shift
	[ "$have_runc" -eq 1 ] || return 1
	case $on_who in
	rl) rt "$@" ;;
	rc) runc_ "$@" ;;
	esac
}
# st WHO ID: the status field of WHO's state, or "absent".
st() {
	on "$1" state "$2" 2>/dev/null | python3 -c '
import json, sys
try:
    print(json.load(sys.stdin)["status"])
except Exception:
    print("absent")'
}
# wst WHO ID WANT: polls WHO's state until it reads WANT (10 s at most).
wst() {
	[ "$have_runc" -eq 1 ] || return 1
	wst_n=200
	while [ "$wst_n" -gt 0 ]; do
		[ "$(st "$1" "$2")" = "$3" ] && return 0
		sleep 0.05
		wst_n=$((wst_n - 1))
	done
	return 1
}
# shape: stdin's JSON object as "key:type key:type ..." (sorted keys).
# shape list: for a JSON array of objects, one "status{key:type ...}" per
# entry, sorted, joined by "; ".
shape() {
	python3 -c '
import json, sys
T = {dict: "object", list: "array", str: "string", bool: "boolean",
     int: "number", float: "number", type(None): "null"}
def obj(o):
    if not isinstance(o, dict):
        return "<not an object: %s>" % T.get(type(o), "?")
    return " ".join("%s:%s" % (k, T[type(v)]) for k, v in sorted(o.items()))
try:
    j = json.load(sys.stdin)
except Exception as e:
    print("<no JSON: %s>" % type(e).__name__)
    sys.exit(0)
if len(sys.argv) > 1:
    if not isinstance(j, list):
        print("<not an array: %s>" % T.get(type(j), "?"))
    else:
        print("; ".join(sorted("%s{%s}" % (e.get("status") if isinstance(e, dict) else "?", obj(e)) for e in j)) or "<empty>")
else:
    print(obj(j))' "$@"
}
# keys [list]: like shape, without the types.
keys() {
	shape "$@" | sed 's/:[a-z]*//g'
}
# p_is RUNLET RUNC DESCRIPTION: one parity assertion (a skip without runc).
# Equal is not enough when a side is empty or an error marker of pj or
# shape ("<...>"): two runtimes that both printed nothing are not at parity.
p_is() {
	if [ "$have_runc" -eq 1 ]; then
		case "$1|$2" in
		\|* | *\| | \<* | *\|\<*)
			t_ok 1 "$3"
			printf '#   runlet: %s\n#     runc: %s\n' "$1" "$2"
			return
			;;
		esac
		t_is "$1" "$2" "$3"
	else
		t_skip "${3% (*)}" "runc is not installed"
	fi
}

# ---- bundles ------------------------------------------------------------------------
# wt: sh as the container's init, waiting (30 s at most) for /go to appear
# in the rootfs, then exiting 0 on its own.
new_bundle "$tmp/wt"
cfg "$tmp/wt" 'c["process"]["args"] = ["/bin/sh", "-c", "i=0; while [ ! -e /go ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done; exit 0"]'
new_bundle "$tmp/sl" sleep 600
new_bundle "$tmp/ex0" exit 0
new_bundle "$tmp/ex3" exit 3
new_bundle "$tmp/ex255" exit 255
# Without a pid namespace the process is not an init, so it can kill itself.
for s in 9 15; do
	new_bundle "$tmp/self$s" kill-self "$s"
	cfg "$tmp/self$s" 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"]'
done
new_bundle "$tmp/noexe"
cfg "$tmp/noexe" 'c["process"]["args"] = ["/bin/no-such-executable"]'

# ---- state through create / start / exit ------------------------------------------
for w in rl rc; do
	id=$(new_id "$w-st")
	rm -f "$tmp/wt/rootfs/go"
	: > "$tmp/$w.created.json"
	: > "$tmp/$w.running.json"
	: > "$tmp/$w.stopped.json"
	if on "$w" create -b "$tmp/wt" "$id" > "$tmp/$id.out" 2> "$tmp/$id.err"; then
		on "$w" state "$id" > "$tmp/$w.created.json" 2>> "$tmp/$id.err"
		on "$w" start "$id" 2>> "$tmp/$id.err"
		on "$w" state "$id" > "$tmp/$w.running.json" 2>> "$tmp/$id.err"
		touch "$tmp/wt/rootfs/go"
		wst "$w" "$id" stopped
		on "$w" state "$id" > "$tmp/$w.stopped.json" 2>> "$tmp/$id.err"
		on "$w" delete "$id" 2>> "$tmp/$id.err"
	fi
	[ -s "$tmp/$id.err" ] && sed "s/^/# $w: /" "$tmp/$id.err"
done
rm -f "$tmp/wt/rootfs/go"
for s in created:create running:start stopped:"the process exited on its own"; do
	f=${s%%:*}
	p_is "$(pj "$tmp/rl.$f.json" 'j["status"]')" "$(pj "$tmp/rc.$f.json" 'j["status"]')" \
		"state after ${s#*:}: same status (runlet $(pj "$tmp/rl.$f.json" 'j["status"]'), runc $(pj "$tmp/rc.$f.json" 'j["status"]'))"
done
p_is "$(pj "$tmp/rl.created.json" 'j["status"]'):$(pj "$tmp/rl.running.json" 'j["status"]'):$(pj "$tmp/rl.stopped.json" 'j["status"]')" \
	"created:running:stopped" "state: created, running after start, stopped after the process exits on its own (runlet)"
p_is "$(pj "$tmp/rc.created.json" 'j["status"]'):$(pj "$tmp/rc.running.json" 'j["status"]'):$(pj "$tmp/rc.stopped.json" 'j["status"]')" \
	"created:running:stopped" "state: created, running after start, stopped after the process exits on its own (runc)"
for s in created running stopped; do
	p_is "$(shape < "$tmp/rl.$s.json")" "$(shape < "$tmp/rc.$s.json")" \
		"state of a $s container: same top-level keys and JSON types"
done
p_is "$(pj "$tmp/rl.created.json" 'j["bundle"]')" "$(pj "$tmp/rc.created.json" 'j["bundle"]')" \
	"state: the same bundle path for the same -b"

# ---- run in the foreground: exit statuses ----------------------------------------
run_rc() {
	id=$(new_id "$1-run")
	on "$1" run -b "$2" "$id" > "$tmp/$id.out" 2> "$tmp/$id.err"
	echo "$?"
}
for c in ex0:"exits 0" ex3:"exits 3" ex255:"exits 255" \
	self9:"kills itself with SIGKILL" self15:"kills itself with SIGTERM" \
	noexe:"is missing (no such executable)"; do
	b=${c%%:*}
	a=$(run_rc rl "$tmp/$b")
	r=$(run_rc rc "$tmp/$b")
	p_is "$a" "$r" "run of a process that ${c#*:}: same exit status (runlet $a, runc $r)"
done
# runc resolves the executable before create returns and fails there;
# compare create's own status (the container, if any, is deleted here).
for w in rl rc; do
	id=$(new_id "$w-noexe")
	on "$w" create -b "$tmp/noexe" "$id" >/dev/null 2>&1
	eval "${w}_rc=\$?"
	on "$w" delete -f "$id" >/dev/null 2>&1
done
p_is "$rl_rc" "$rc_rc" "create of a missing executable: same exit status (runlet $rl_rc, runc $rc_rc)"

# ---- operations in the wrong state, unknown ids --------------------------------------
# Per runtime: A running (sleep), S stopped (exited on its own), C created,
# U never created.
for w in rl rc; do
	eval "${w}_A=\$(new_id $w-A) ${w}_S=\$(new_id $w-S) ${w}_C=\$(new_id $w-C) ${w}_U=\$(new_id $w-U)"
	eval "A=\$${w}_A S=\$${w}_S C=\$${w}_C"
	on "$w" run -d -b "$tmp/sl" "$A" >/dev/null 2>&1
	on "$w" create -b "$tmp/ex0" "$S" >/dev/null 2>&1 && on "$w" start "$S" && wst "$w" "$S" stopped
	on "$w" create -b "$tmp/sl" "$C" >/dev/null 2>&1
done
p_is "$(st rl "$rl_A"):$(st rl "$rl_S"):$(st rl "$rl_C")" "running:stopped:created" \
	"setup (runlet): a running, a stopped and a created container"
p_is "$(st rc "$rc_A"):$(st rc "$rc_S"):$(st rc "$rc_C")" "running:stopped:created" \
	"setup (runc): a running, a stopped and a created container"

# ---- list -f json (the three containers above) -----------------------------------------
on rl list -f json > "$tmp/rl.list.json" 2>/dev/null
on rc list -f json > "$tmp/rc.list.json" 2>/dev/null
p_is "$(keys list < "$tmp/rl.list.json")" "$(keys list < "$tmp/rc.list.json")" \
	"list -f json: the same keys per entry (created, running, stopped)"
p_is "$(shape list < "$tmp/rl.list.json")" "$(shape list < "$tmp/rc.list.json")" \
	"list -f json: the same JSON types per entry"

# cmp_rc DESCRIPTION ARGS...: runs ARGS under both runtimes, with @A @S @C
# @U replaced by that runtime's container ids, and compares exit statuses.
cmp_rc() {
	cr_d=$1
	shift
	for w in rl rc; do
		eval "A=\$${w}_A S=\$${w}_S C=\$${w}_C U=\$${w}_U"
		cr_args=
		for x in "$@"; do
			case $x in @A) x=$A ;; @S) x=$S ;; @C) x=$C ;; @U) x=$U ;; esac
			cr_args="$cr_args '$x'"
		done
		eval "on $w $cr_args" >/dev/null 2>"$tmp/$w.err"
		eval "${w}_rc=\$?"
	done
	p_is "$rl_rc" "$rc_rc" "$cr_d: same exit status (runlet $rl_rc, runc $rc_rc)"
	if [ "$have_runc" -eq 1 ] && [ "$rl_rc" != "$rc_rc" ]; then
		sed 's/^/#   runlet said: /' "$tmp/rl.err"
		sed 's/^/#   runc said: /' "$tmp/rc.err"
	fi
}
cmp_rc "start on a running container" start @A
cmp_rc "start on a stopped container" start @S
cmp_rc "kill on a stopped container" kill @S
cmp_rc "kill KILL on a stopped container" kill @S KILL
cmp_rc "delete (no -f) of a running container" delete @A
cmp_rc "state of an unknown id" state @U
cmp_rc "kill of an unknown id" kill @U
cmp_rc "delete of an unknown id" delete @U
cmp_rc "start of an unknown id" start @U
cmp_rc "create with the id of a running container" create -b "$tmp/sl" @A
cmp_rc "create with the id of a created container" create -b "$tmp/sl" @C
cmp_rc "kill with an unknown signal name" kill @A BOGUS
a=$(st rl "$rl_A"):$(st rl "$rl_C")
r=$(st rc "$rc_A"):$(st rc "$rc_C")
p_is "$a" "$r" "after the failed operations: the same statuses of the running and created containers (runlet $a, runc $r)"
cmp_rc "delete -f of a running container" delete -f @A
cmp_rc "delete (no -f) of a stopped container" delete @S
cmp_rc "delete (no -f) of a created container" delete @C
a=$(st rl "$rl_A"):$(st rl "$rl_S"):$(st rl "$rl_C")
r=$(st rc "$rc_A"):$(st rc "$rc_S"):$(st rc "$rc_C")
p_is "$a" "$r" "after delete: the same statuses (runlet $a, runc $r)"
on rl list -f json > "$tmp/rl.list.json" 2>/dev/null
on rc list -f json > "$tmp/rc.list.json" 2>/dev/null
# (runc 1.1.5 prints null for no containers, runlet [] by design: both
# mean "no entries" here.)
p_is "$(pj "$tmp/rl.list.json" 'len(j or [])')" "$(pj "$tmp/rc.list.json" 'len(j or [])')" \
	"list -f json after delete: the same number of entries ($(pj "$tmp/rl.list.json" 'len(j or [])'))"

t_done
