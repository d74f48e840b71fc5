// SPDX-License-Identifier: MIT
/* `runlet state <id>`: the container's state as JSON, like runc's. */
#include <errno.h>
#include <unistd.h>

#include "ctx.h"
#include "jsonw.h"
#include "opt.h"
#include "state.h"

static int state_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	static const struct opt opts[] = { { NULL, 0, 0, NULL, NULL, NULL } };
	struct rl_state st;
	struct jw w;
	int ind = 1, r, rootfd, dirfd;
	const char *id;

	r = cmd_opts(ctx, &cmd_state, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "state: expected exactly one container id");
	id = argv[ind];
	if (state_valid_id(id, e) < 0)
		return -1;
	rootfd = state_root_open(ctx->root, false, e);
	if (rootfd < 0) {
		if (e->errnum == ENOENT)
			return err_set(e, ENOENT, "container \"%s\" does not exist", id);
		return -1;
	}
	dirfd = state_dir_open(rootfd, id, e);
	close(rootfd);
	if (dirfd < 0)
		return -1;
	r = state_load(dirfd, id, &st, e);
	if (r == 0) {
		jw_init(&w, stdout, "  ");
		state_emit(&w, &st, state_status(dirfd, &st));
		if (jw_finish(&w) < 0)
			r = err_set(e, EIO, "state: write to stdout failed");
		state_free(&st);
	}
	close(dirfd);
	return r;
}

const struct rl_cmd cmd_state = {
	"state", "<container-id>",
	"output the state of a container", state_main,
};
