// SPDX-License-Identifier: MIT
/*
 * `runlet run`: create + start. In the foreground runlet stays the init's
 * parent, forwards the signals it receives, and exits with the init's
 * status (its exit code, or 128 + the signal that killed it), deleting the
 * container unless --keep.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "container.h"
#include "fg.h"
#include "opt.h"
#include "tty.h"

static int run_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	struct ct_opts o = { .bundle = ".", .preserve_fds = 0 };
	bool detach = false, keep = false;
	const struct opt opts[] = {
		{ "bundle", 'b', OPT_STR, &o.bundle, "dir", "bundle directory (default: current)" },
		{ "detach", 'd', OPT_BOOL, &detach, NULL, "return once the process is running" },
		{ "keep", 0, OPT_BOOL, &keep, NULL, "do not delete the container after it exits" },
		{ "console-socket", 0, OPT_STR, &o.console_socket, "path", "unix socket that receives the pty master" },
		{ "pid-file", 0, OPT_STR, &o.pid_file, "path", "write the container init's pid here" },
		{ "no-pivot", 0, OPT_BOOL, &o.no_pivot, NULL, "use MS_MOVE+chroot instead of pivot_root" },
		{ "no-new-keyring", 0, OPT_BOOL, &o.no_new_keyring, NULL, "keep the caller's session keyring" },
		{ "preserve-fds", 0, OPT_INT, &o.preserve_fds, "N", "pass N fds after stdio to the process" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	struct ct c;
	struct rl_err ignore;
	pid_t pid;
	int ind = 1, r, status = 0, pair[2] = { -1, -1 }, master = -1;
	bool terminal;

	r = cmd_opts(ctx, &cmd_run, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	r = -1;
	if (argc - ind != 1)
		return err_usage(e, "run: expected exactly one container id");
	if (o.preserve_fds < 0 || o.preserve_fds > 65536)
		return err_usage(e, "run: --preserve-fds: out of range");
	o.id = argv[ind];
	o.foreground = !detach;
	/* In the foreground without --console-socket runlet is the console
	 * socket's other end, and relays the pty to its own stdio. */
	if (!detach && !o.console_socket) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
			return err_sys(e, errno, "run: socketpair");
		o.has_console_pair = true;
		o.console_pair = pair[1];
	}
	if (container_create(ctx, &o, &c, e) < 0)
		goto out;
	pid = c.pid;
	terminal = c.spec.process.terminal;
	container_release(&c);
	if (terminal && o.has_console_pair) {
		master = tty_recv_master(pair[0], e);
		if (master < 0) {
			container_delete(ctx, o.id, true, &ignore);
			goto out;
		}
	}
	if (container_start(ctx, o.id, e) < 0) {
		container_delete(ctx, o.id, true, &ignore);
		goto out;
	}
	if (detach) {
		r = 0;
		goto out;
	}
	if (fg_wait(pid, master, &status, e) < 0)
		goto out;
	if (!keep && container_delete(ctx, o.id, true, e) < 0)
		goto out;
	r = status;
out:
	if (master >= 0)
		close(master);
	if (o.has_console_pair) {
		close(pair[0]);
		close(pair[1]);
	}
	return r;
}

const struct rl_cmd cmd_run = {
	"run", "<container-id>",
	"create and start a container (in the foreground unless -d)", run_main,
};
