// SPDX-License-Identifier: MIT
/* `runlet delete [-f] <id>`: remove a stopped (or, forced, any) container. */
#include "container.h"
#include "opt.h"

static int delete_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	bool force = false;
	const struct opt opts[] = {
		{ "force", 'f', OPT_BOOL, &force, NULL, "kill a running container first" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	int ind = 1, r;

	r = cmd_opts(ctx, &cmd_delete, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "delete: expected exactly one container id");
	return container_delete(ctx, argv[ind], force, e);
}

const struct rl_cmd cmd_delete = {
	"delete", "<container-id>",
	"delete a container and everything create made", delete_main,
};
