// SPDX-License-Identifier: MIT
/* `runlet pause <id>` and `runlet resume <id>`: the cgroup freezer. */
#include "container.h"
#include "opt.h"

static int pause_common(const struct rl_cmd *cmd, bool pause, struct rl_ctx *ctx,
			int argc, char **argv, struct rl_err *e)
{
	static const struct opt opts[] = { { NULL, 0, 0, NULL, NULL, NULL } };
	int ind = 1, r;

	r = cmd_opts(ctx, cmd, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "%s: expected exactly one container id", cmd->name);
	return container_pause(ctx, argv[ind], pause, e);
}

static int pause_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	return pause_common(&cmd_pause, true, ctx, argc, argv, e);
}

static int resume_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	return pause_common(&cmd_resume, false, ctx, argc, argv, e);
}

const struct rl_cmd cmd_pause = {
	"pause", "<container-id>", "freeze every process of the container", pause_main,
};
const struct rl_cmd cmd_resume = {
	"resume", "<container-id>", "thaw a paused container", resume_main,
};
