// SPDX-License-Identifier: MIT
/*
 * `runlet exec [options] <container-id> [command [args...]]`: runc's exec
 * (see exec.c). Exits with the process's status in the foreground.
 */
#include <string.h>

#include "container.h"
#include "opt.h"

static int exec_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	struct exec_opts xo;
	struct opt_list env = { .n = 0 }, gids = { .n = 0 }, caps = { .n = 0 };
	bool tty = false;
	const struct opt opts[] = {
		{ "process", 'p', OPT_STR, &xo.process_file, "file", "process.json to run (instead of a command)" },
		{ "tty", 't', OPT_BOOL, &tty, NULL, "allocate a pseudo-terminal" },
		{ "console-socket", 0, OPT_STR, &xo.console_socket, "path", "unix socket that receives the pty master" },
		{ "env", 'e', OPT_STR_LIST, &env, "K=V", "set an environment variable (repeatable)" },
		{ "cwd", 0, OPT_STR, &xo.cwd, "dir", "working directory in the container" },
		{ "user", 'u', OPT_STR, &xo.user, "uid[:gid]", "user to run as (numeric)" },
		{ "additional-gids", 'g', OPT_STR_LIST, &gids, "gid", "additional gids (repeatable)" },
		{ "cap", 'c', OPT_STR_LIST, &caps, "CAP", "add a capability (repeatable)" },
		{ "no-new-privs", 0, OPT_BOOL, &xo.no_new_privs, NULL, "set no_new_privs" },
		{ "apparmor", 0, OPT_STR, &xo.apparmor, "profile", "AppArmor profile" },
		{ "process-label", 0, OPT_STR, &xo.label, "label", "SELinux process label" },
		{ "detach", 'd', OPT_BOOL, &xo.detach, NULL, "do not wait for the process" },
		{ "pid-file", 0, OPT_STR, &xo.pid_file, "path", "write the process's pid here" },
		{ "preserve-fds", 0, OPT_INT, &xo.preserve_fds, "N", "pass N fds after stdio to the process" },
		{ "ignore-paused", 0, OPT_BOOL, &xo.ignore_paused, NULL, "exec even if the container is paused" },
		{ "cgroup", 0, OPT_STR, &xo.cgroup, "[ctrl:]path", "run in this existing sub-cgroup of the container" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	int ind = 1, r, status = 0, i;

	memset(&xo, 0, sizeof(xo));
	r = cmd_opts(ctx, &cmd_exec, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind < 1)
		return err_usage(e, "exec: expected a container id");
	/* -t was given (as opposed to left at its default) if it is set:
	 * without it a -p process.json keeps its own terminal value. */
	for (i = 1; i < ind; i++)
		if (!strcmp(argv[i], "-t") || !strncmp(argv[i], "--tty", 5))
			xo.tty_set = true;
	xo.tty = tty;
	xo.id = argv[ind];
	xo.args = argv + ind + 1;
	xo.nargs = argc - ind - 1;
	xo.env = (char **)env.v;
	xo.nenv = env.n;
	xo.gids = (char **)gids.v;
	xo.ngids = gids.n;
	xo.caps = (char **)caps.v;
	xo.ncaps = caps.n;
	if (xo.process_file && xo.nargs)
		return err_usage(e, "exec: give either --process or a command, not both");
	if (container_exec(ctx, &xo, &status, e) < 0)
		return -1;
	return status;
}

const struct rl_cmd cmd_exec = {
	"exec", "<container-id> [command [args...]]",
	"run a new process in a running container", exec_main,
};
