#!/bin/sh
# SPDX-License-Identifier: MIT
# podman as a real client of the runtime (through conmon, runc's CLI):
# run --rm with output and exit status, -t (console socket), -d + exec +
# stop + rm. Storage, run root and tmpdir live under a temporary directory
# and podman runs in a private mount namespace with fresh tmpfs on /run and
# /var/lib (the runtime's default --root and podman's blob cache), so
# nothing is left on the machine. Installs podman from Debian if missing.
#
#   B=build sh tests/integration/podman.sh
#   RUNTIME=/usr/bin/runc B=build sh tests/integration/podman.sh
set -u
B=${B:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
T_NAME=podman
. "$top/tests/helper/container.sh"

N_TESTS=15
skip_all() {
	i=0
	while [ $i -lt $N_TESTS ]; do
		i=$((i + 1))
		t_skip "podman smoke test $i" "$1"
	done
	t_done
	exit
}
if ! command -v podman >/dev/null || ! command -v conmon >/dev/null; then
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
		skip_all "podman is not installed and cannot be installed here (not root or no apt-get)"
	fi
	DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y --no-install-recommends podman \
		</dev/null > "$tmp/apt.log" 2>&1 ||
		skip_all "apt-get install podman failed: $(tail -n 1 "$tmp/apt.log")"
fi
command -v unshare >/dev/null || skip_all "unshare(1) is missing"

# podman's own cgroups (cgroupfs manager): removed at exit if we made them.
pre_cg=$(ls -d /sys/fs/cgroup/*/libpod_parent 2>/dev/null | tr '\n' ' ')
T_EXTRA_CLEANUP='for d in /sys/fs/cgroup/*/libpod_parent; do
	case " $pre_cg " in *" $d "*) continue ;; esac
	[ -d "$d" ] || continue
	find "$d" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null
	rmdir "$d" 2>/dev/null
done'

# What the runtime under test has built so far: podman's default seccomp
# profile needs linux.seccomp (runlet: issue 5), `podman exec` needs exec
# (runlet: issue 4). Each check turns on by itself once the runtime has it.
SECOPT=
if ! is_runc; then
	new_bundle "$tmp/scprobe" exit 0
	cfg "$tmp/scprobe" 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW"}'
	scid=$(new_id sc)
	if ! rt create -b "$tmp/scprobe" "$scid" >/dev/null 2>"$tmp/scprobe.err"; then
		echo "# the runtime refuses linux.seccomp ($(head -c 200 "$tmp/scprobe.err")): podman runs with seccomp=unconfined"
		SECOPT="--security-opt seccomp=unconfined"
	fi
	rt delete -f "$scid" >/dev/null 2>&1
fi
HAS_EXEC=1
"$RUNTIME" exec --help >/dev/null 2>&1 || HAS_EXEC=0
make_rootfs "$tmp/rootfs"
img=localhost/runlet-test-busybox
cat > "$tmp/inner.sh" <<EOF
#!/bin/sh
# Runs in a private mount namespace: one podman session.
set -u
mount -n -t tmpfs -o mode=755 tmpfs /run || exit 90
mount -n -t tmpfs -o mode=755 tmpfs /var/lib || exit 91
P="timeout -k 5 120 podman --root $tmp/storage --runroot $tmp/run --tmpdir $tmp/libpod \
	--storage-driver vfs --runtime $RUNTIME --cgroup-manager cgroupfs --events-backend file"
U="--network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 $SECOPT"
r() { name=\$1; shift; "\$@" > "$tmp/\$name.out" 2> "$tmp/\$name.err" </dev/null; echo \$? > "$tmp/\$name.rc"; }
r import sh -c "tar -C $tmp/rootfs -c . | \$P import - $img"
r run \$P run --rm --cidfile $tmp/run.cid \$U $img sh -c 'echo hello; exit 3'
r tty \$P run --rm -t --cidfile $tmp/tty.cid \$U $img sh -c 'tty; test -t 0 && test -t 1 && echo both-ttys'
r rund \$P run -d --name rlt-d --cidfile $tmp/rund.cid \$U $img sleep 300
r exec \$P exec rlt-d sh -c 'echo exec-ok; cat /proc/1/cmdline | tr "\\\\0" " "'
r ps \$P ps --format '{{.Names}} {{.Status}}'
r stats \$P stats --no-stream --format '{{.Name}} {{.PIDs}}' rlt-d
r pause \$P pause rlt-d
r paused \$P inspect --format '{{.State.Status}}' rlt-d
r unpause \$P unpause rlt-d
r unpaused \$P inspect --format '{{.State.Status}}' rlt-d
r stop \$P stop -t 2 rlt-d
r inspect \$P inspect --format '{{.State.Status}} {{.State.ExitCode}}' rlt-d
r rm \$P rm rlt-d
r rmall \$P rm -af
r rmi \$P rmi -af
EOF
timeout 600 unshare -m --propagation private sh "$tmp/inner.sh"
rc=$?
[ "$rc" -eq 90 ] || [ "$rc" -eq 91 ] && skip_all "cannot mount a private tmpfs on /run or /var/lib"

res() { cat "$tmp/$1.rc" 2>/dev/null || echo none; }
out() { tr -d '\r' < "$tmp/$1.out" 2>/dev/null; }
show() { [ "$(res "$1")" = "$2" ] || sed 's/^/#   podman: /' "$tmp/$1.err" 2>/dev/null | tail -n 5; }

t_is "$(res import)" "0" "podman import of the busybox rootfs"
show import 0
t_is "$(res run):$(out run)" "3:hello" "podman run --rm IMAGE sh -c 'echo hello; exit 3': hello, exit 3"
show run 3
cid=$(cat "$tmp/run.cid" 2>/dev/null)
n=$(find /sys/fs/cgroup -maxdepth 4 -name "libpod-${cid:-none}*" 2>/dev/null | wc -l)
t_is "$n" "0" "... and the runtime removed the container's cgroups (libpod_parent/libpod-<id>)"
t_is "$(res tty):$(out tty | tr '\n' ' ')" "0:/dev/pts/0 both-ttys " "podman run -t: a pty from the console socket on stdin and stdout"
show tty 0
t_is "$(res rund)" "0" "podman run -d"
show rund 0
if [ "$HAS_EXEC" -eq 1 ]; then
	t_is "$(res exec):$(out exec | head -n 1)" "0:exec-ok" "podman exec into the running container"
	show exec 0
	t_is "$(out exec | sed -n 2p)" "sleep 300 " "... which sees the container's pid 1"
else
	t_skip "podman exec into the running container" "the runtime has no exec command yet (runlet: issue 4)"
	t_skip "... which sees the container's pid 1" "the runtime has no exec command yet (runlet: issue 4)"
fi
out ps | grep -q '^rlt-d Up'
t_ok $? "podman ps shows it up"
t_is "$(res stats):$(out stats)" "0:rlt-d 1" "podman stats --no-stream reads the container's cgroup (1 pid)"
show stats 0
t_is "$(res pause):$(out paused)" "0:paused" "podman pause (the runtime's pause): state paused"
show pause 0
t_is "$(res unpause):$(out unpaused)" "0:running" "podman unpause: running again"
show unpause 0
t_is "$(res stop)" "0" "podman stop (SIGTERM, then SIGKILL after 2 s)"
show stop 0
t_is "$(out inspect)" "exited 137" "... the container exited, killed by SIGKILL (sleep as pid 1 ignores SIGTERM)"
t_is "$(res rm):$(res rmall):$(res rmi)" "0:0:0" "podman rm, rm -af and rmi -af"
n=0
for p in /proc/[0-9]*; do
	r=$(readlink "$p/root" 2>/dev/null) || continue
	case $r in "$tmp"/*) n=$((n + 1)) ;; esac
done
t_is "$n" "0" "no process left running in the test's storage"

t_done
