/* SPDX-License-Identifier: MIT */
/*
 * The context every command receives: the global options, resolved once in
 * main(). No global mutable option state exists elsewhere.
 */
#ifndef RUNLET_CTX_H
#define RUNLET_CTX_H

#include <stdbool.h>

#include "err.h"

#define RL_DEFAULT_ROOT "/run/runlet"

enum cgroup_manager { CGM_CGROUPFS, CGM_SYSTEMD, CGM_DISABLED };

struct rl_ctx {
	const char *root;              /* --root: state directory */
	const char *log_path;          /* --log, or NULL for stderr */
	bool log_json;                 /* --log-format json */
	bool debug;                    /* --debug */
	enum cgroup_manager cgroup_manager;
	const char *argv0;
	char **argv;                   /* main's argv, for re-execution */
};

struct rl_cmd {
	const char *name;
	const char *usage;             /* operands, e.g. "<container-id>" */
	const char *summary;
	int (*fn)(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e);
};

/* Prints "Usage: runlet <cmd> <usage>", the summary and the options. */
struct opt;
void cmd_help(const struct rl_ctx *ctx, const struct rl_cmd *cmd,
	      const struct opt *opts);

/* Parses a command's options and handles --help. Returns 1 when help was
 * printed (the command should return 0), 0 to go on, -1 on error. */
int cmd_opts(const struct rl_ctx *ctx, const struct rl_cmd *cmd,
	     const struct opt *opts, int argc, char **argv, int *ind,
	     struct rl_err *e);

/* Commands (cmd_<verb>.c). */
extern const struct rl_cmd cmd_spec, cmd_features, cmd_state, cmd_list,
	cmd_create, cmd_start, cmd_run, cmd_kill, cmd_delete, cmd_exec,
	cmd_pause, cmd_resume, cmd_ps, cmd_events, cmd_update,
	cmd_seccomp, cmd_check;

#endif
