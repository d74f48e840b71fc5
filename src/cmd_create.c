// SPDX-License-Identifier: MIT
/* `runlet create`: set up a container up to its waiting init. */
#include "container.h"
#include "opt.h"

static int create_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	struct ct_opts o = { .bundle = ".", .preserve_fds = 0 };
	const struct opt opts[] = {
		{ "bundle", 'b', OPT_STR, &o.bundle, "dir", "bundle directory (default: current)" },
		{ "console-socket", 0, OPT_STR, &o.console_socket, "path", "unix socket that receives the pty master" },
		{ "pid-file", 0, OPT_STR, &o.pid_file, "path", "write the container init's pid here" },
		{ "no-pivot", 0, OPT_BOOL, &o.no_pivot, NULL, "use MS_MOVE+chroot instead of pivot_root" },
		{ "no-new-keyring", 0, OPT_BOOL, &o.no_new_keyring, NULL, "keep the caller's session keyring" },
		{ "preserve-fds", 0, OPT_INT, &o.preserve_fds, "N", "pass N fds after stdio to the process" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	struct ct c;
	int ind = 1, r;

	r = cmd_opts(ctx, &cmd_create, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "create: expected exactly one container id");
	if (o.preserve_fds < 0 || o.preserve_fds > 65536)
		return err_usage(e, "create: --preserve-fds: out of range");
	o.id = argv[ind];
	if (container_create(ctx, &o, &c, e) < 0)
		return -1;
	container_release(&c);
	return 0;
}

const struct rl_cmd cmd_create = {
	"create", "<container-id>",
	"create a container (its process waits for start)", create_main,
};
