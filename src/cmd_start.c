// SPDX-License-Identifier: MIT
/* `runlet start`: run the user process of a created container. */
#include "container.h"
#include "opt.h"

static int start_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	static const struct opt opts[] = { { NULL, 0, 0, NULL, NULL, NULL } };
	int ind = 1, r;

	r = cmd_opts(ctx, &cmd_start, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "start: expected exactly one container id");
	return container_start(ctx, argv[ind], e);
}

const struct rl_cmd cmd_start = {
	"start", "<container-id>",
	"start the process of a created container", start_main,
};
