// SPDX-License-Identifier: MIT
/*
 * Shared per-command option handling: every command parses its flags and
 * answers --help the same way. Kept out of main.c so that the command files
 * link into unit tests and sanitizer builds without the entry point.
 */
#include <stdio.h>

#include "ctx.h"
#include "opt.h"

void cmd_help(const struct rl_ctx *ctx, const struct rl_cmd *cmd,
	      const struct opt *opts)
{
	(void)ctx;
	printf("Usage: runlet %s%s%s%s\n\n%s\n", cmd->name,
	       opts && opts->name ? " [options]" : "", *cmd->usage ? " " : "",
	       cmd->usage, cmd->summary);
	fputs("\nOptions:\n", stdout);
	opt_usage(stdout, opts);
}

int cmd_opts(const struct rl_ctx *ctx, const struct rl_cmd *cmd,
	     const struct opt *opts, int argc, char **argv, int *ind,
	     struct rl_err *e)
{
	bool help = false;

	if (opt_parse(cmd->name, opts, argc, argv, ind, &help, e) < 0)
		return -1;
	if (help) {
		cmd_help(ctx, cmd, opts);
		return 1;
	}
	return 0;
}
