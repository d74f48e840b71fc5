# SPDX-License-Identifier: MIT
# Helpers shared by the in-VM run-tests scripts (cgroup2, devices,
# arches); each payload carries this file as vmlib.sh beside lib.sh. The
# sourcing script defines rt (runlet with its --root, bounded) and P (the
# payload directory).

# bundle NAME: a bundle directory holding configs/NAME.json as config.json.
bundle() {
	mkdir -p "/tmp/b/$1"
	cp "$P/configs/$1.json" "/tmp/b/$1/config.json"
	echo "/tmp/b/$1"
}
# status_of ID: the container's status, or "absent".
status_of() {
	s=$(rt state "$1" 2>/dev/null | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p')
	echo "${s:-absent}"
}
# pid_of ID: the container's init pid from `state`.
pid_of() {
	rt state "$1" 2>/dev/null | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p'
}
# wait_status ID STATUS: up to 10 s for the status.
wait_status() {
	n=200
	while [ "$n" -gt 0 ]; do
		[ "$(status_of "$1")" = "$2" ] && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
