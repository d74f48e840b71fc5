// SPDX-License-Identifier: MIT
/*
 * runlet's entry point: runc's global flags, the command table, and the one
 * place that prints errors and chooses the exit code (see README.md, "Exit
 * codes").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "exeprot.h"
#include "ctx.h"
#include "log.h"
#include "opt.h"
#include "scmp.h"
#include "select.h"

#ifndef RL_VERSION
#define RL_VERSION "0.0.0"
#endif
#ifndef RL_COMMIT
#define RL_COMMIT "unknown"
#endif

static const struct rl_cmd *const commands[] = {
	&cmd_check, &cmd_create, &cmd_delete, &cmd_events, &cmd_exec, &cmd_features, &cmd_kill, &cmd_list,
	&cmd_pause, &cmd_ps, &cmd_resume, &cmd_run, &cmd_seccomp, &cmd_spec, &cmd_start, &cmd_state, &cmd_update, NULL,
};

static void main_help(FILE *f, const struct opt *opts)
{
	const struct rl_cmd *const *c;

	fprintf(f, "Usage: runlet [global options] <command> [options] [arguments]\n\n"
		   "runlet is a small static OCI container runtime with runc's command line.\n\n"
		   "Commands:\n");
	for (c = commands; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "  %-10s %s\n", "help", "show help for a command");
	fputs("\nGlobal options:\n", f);
	opt_usage(f, opts);
	fputs("\nRun 'runlet <command> --help' for a command's options.\n", f);
}

static void main_version(void)
{
	const char *sv = scmp_lib_version();

	printf("runlet version %s\n", RL_VERSION);
	printf("commit: %s\n", RL_COMMIT);
	printf("spec: %s\n", RL_OCI_VERSION_MAX);
	printf("arch: %s\n", ARCH_NAME);
	printf("libseccomp: %s\n", sv ? sv : "none (no seccomp on this architecture)");
}

static const struct rl_cmd *main_find(const char *name)
{
	const struct rl_cmd *const *c;

	for (c = commands; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

static int main_report(const struct rl_err *e)
{
	fprintf(stderr, "runlet: %s\n", e->msg);
	log_error(e->msg);
	return e->code ? e->code : RL_EXIT_FAIL;
}

int main(int argc, char **argv)
{
	struct rl_ctx ctx = {
		.root = RL_DEFAULT_ROOT, .cgroup_manager = CGM_CGROUPFS,
		.argv0 = argv[0], .argv = argv,
	};
	const char *log_format = "text", *cgm = NULL;
	bool systemd = false, version = false, help = false;
	const struct opt opts[] = {
		{ "root", 0, OPT_STR, &ctx.root, "dir", "state directory (default " RL_DEFAULT_ROOT ")" },
		{ "log", 0, OPT_STR, &ctx.log_path, "file", "append log records to file" },
		{ "log-format", 0, OPT_STR, &log_format, "text|json", "log record format" },
		{ "debug", 0, OPT_BOOL, &ctx.debug, NULL, "log debug records" },
		{ "systemd-cgroup", 0, OPT_BOOL, &systemd, NULL, "use systemd's cgroup manager (same as --cgroup-manager systemd)" },
		{ "cgroup-manager", 0, OPT_STR, &cgm, "cgroupfs|systemd|disabled", "cgroup manager" },
		{ "version", 'v', OPT_BOOL, &version, NULL, "print the version" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	const struct rl_cmd *cmd;
	struct rl_err e = { 0, 0, "" };
	int ind = 1, r;

	if (opt_parse("runlet", opts, argc, argv, &ind, &help, &e) < 0)
		return main_report(&e);
	if (version) {
		main_version();
		return 0;
	}
	if (strcmp(log_format, "text") && strcmp(log_format, "json")) {
		err_usage(&e, "invalid --log-format \"%s\" (expected text or json)", log_format);
		return main_report(&e);
	}
	ctx.log_json = !strcmp(log_format, "json");
	if (systemd)
		ctx.cgroup_manager = CGM_SYSTEMD;
	if (cgm) {
		if (!strcmp(cgm, "cgroupfs"))
			ctx.cgroup_manager = CGM_CGROUPFS;
		else if (!strcmp(cgm, "systemd"))
			ctx.cgroup_manager = CGM_SYSTEMD;
		else if (!strcmp(cgm, "disabled"))
			ctx.cgroup_manager = CGM_DISABLED;
		else {
			err_usage(&e, "invalid --cgroup-manager \"%s\" (expected cgroupfs, systemd or disabled)", cgm);
			return main_report(&e);
		}
	}
	if (!*ctx.root || ctx.root[0] != '/') {
		err_usage(&e, "--root must be an absolute path, not \"%s\"", ctx.root);
		return main_report(&e);
	}
	if (log_open(&ctx) < 0) {
		err_sys(&e, errno, "open log \"%s\"", ctx.log_path);
		return main_report(&e);
	}
	if (help || ind >= argc) {
		main_help(stdout, opts);
		return 0;
	}
	if (!strcmp(argv[ind], "help")) {
		if (ind + 1 >= argc) {
			main_help(stdout, opts);
			return 0;
		}
		cmd = main_find(argv[ind + 1]);
		if (!cmd) {
			err_usage(&e, "unknown command \"%s\" (see runlet --help)", argv[ind + 1]);
			return main_report(&e);
		}
		char *hv[] = { argv[ind + 1], (char *)"--help", NULL };
		r = cmd->fn(&ctx, 2, hv, &e);
		return r < 0 ? main_report(&e) : 0;
	}
	cmd = main_find(argv[ind]);
	if (!cmd) {
		err_usage(&e, "unknown command \"%s\" (see runlet --help)", argv[ind]);
		return main_report(&e);
	}
	/* Once per command: not again in the copy exeprot re-executes. */
	if (!exeprot_reexecuted())
		log_debug(&ctx, "command %s", cmd->name);
	r = cmd->fn(&ctx, argc - ind, argv + ind, &e);
	if (r < 0)
		r = main_report(&e);
	/* run returns the container's exit status as a positive number. */
	if (fflush(stdout) != 0 && r == 0) {
		err_sys(&e, errno, "write to stdout");
		r = main_report(&e);
	}
	log_close();
	return r;
}
