// SPDX-License-Identifier: MIT
/* `runlet kill <id> [signal]`: default SIGTERM; names with or without SIG. */
#include <errno.h>
#include <signal.h>

#include "container.h"
#include "opt.h"

static int kill_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	bool all = false;
	const struct opt opts[] = {
		{ "all", 'a', OPT_BOOL, &all, NULL, "signal every process in the container's cgroup" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	int ind = 1, r, sig = SIGTERM;

	r = cmd_opts(ctx, &cmd_kill, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind < 1 || argc - ind > 2)
		return err_usage(e, "kill: expected a container id and an optional signal");
	if (argc - ind == 2 && container_parse_signal(argv[ind + 1], &sig) < 0) {
		/* As runc: the container is looked up first, and a bad
		 * signal is an ordinary failure (exit 1), not a usage error. */
		struct ct_ref ref;

		if (ct_ref_open(ctx, argv[ind], &ref, e) < 0)
			return -1;
		ct_ref_close(&ref);
		return err_set(e, EINVAL, "kill: unknown signal \"%s\"", argv[ind + 1]);
	}
	return container_kill(ctx, argv[ind], sig, all, e);
}

const struct rl_cmd cmd_kill = {
	"kill", "<container-id> [signal]",
	"send a signal (default SIGTERM) to the container's init", kill_main,
};
