# SPDX-License-Identifier: MIT
# Shared shell helpers for runlet's tests and demo (POSIX sh).

# make_rootfs DIR: a busybox-static root filesystem (busybox + applet links).
make_rootfs() {
	[ -x "$1/bin/busybox" ] && return 0
	mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev" "$1/tmp" "$1/etc" "$1/root"
	cp /bin/busybox "$1/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -sf busybox "$1/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' > "$1/etc/passwd"
	echo 'root:x:0:' > "$1/etc/group"
}

# TAP helpers for integration scripts: t_ok COND-EXIT-STATUS DESCRIPTION
t_n=0
t_fail=0
t_ok() {
	t_n=$((t_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $t_n - $2"
	else
		echo "not ok $t_n - $2"
		t_fail=$((t_fail + 1))
	fi
}
# t_is GOT WANT DESCRIPTION
t_is() {
	if [ "$1" = "$2" ]; then
		t_ok 0 "$3"
	else
		t_ok 1 "$3"
		printf '#      got: %s\n#   wanted: %s\n' "$1" "$2"
	fi
}
t_skip() {
	t_n=$((t_n + 1))
	echo "ok $t_n - $1 # SKIP $2"
}
t_done() {
	echo "1..$t_n"
	[ "$t_fail" -eq 0 ]
}
