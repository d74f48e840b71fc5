// SPDX-License-Identifier: MIT
/*
 * `runlet ps [-f table|json] <id> [ps options]`: as runc, json is the array
 * of the container's pids (its cgroup and sub-cgroups); table runs the
 * host's ps(1) (default options -ef) and keeps its header and the lines
 * whose PID column is one of the container's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "opt.h"

#define PS_MAX 65536

static bool ps_has(const pid_t *v, size_t n, long pid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == pid)
			return true;
	return false;
}

/* Column index of "PID" in ps's header, or -1. */
static int ps_pid_col(const char *hdr)
{
	char buf[1024], *tok, *save = NULL;
	int i = 0;

	snprintf(buf, sizeof(buf), "%s", hdr);
	for (tok = strtok_r(buf, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save), i++)
		if (!strcmp(tok, "PID"))
			return i;
	return -1;
}

static long ps_field(const char *line, int col)
{
	char buf[4096], *tok, *save = NULL;
	int i = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save), i++)
		if (i == col)
			return strtol(tok, NULL, 10);
	return -1;
}

static int ps_table(const pid_t *pids, size_t n, char **args, int nargs, struct rl_err *e)
{
	char *argv[64], line[4096];
	int fds[2], col = -1, st, i, k = 0;
	bool first = true;
	pid_t child;
	FILE *f;

	argv[k++] = (char *)"ps";
	if (!nargs)
		argv[k++] = (char *)"-ef";
	for (i = 0; i < nargs && k < 63; i++)
		argv[k++] = args[i];
	argv[k] = NULL;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return err_sys(e, errno, "ps: pipe");
	child = fork();
	if (child < 0)
		return err_sys(e, errno, "ps: fork");
	if (child == 0) {
		dup2(fds[1], 1);
		execvp("ps", argv);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (!f) {
		close(fds[0]);
		waitpid(child, NULL, 0);
		return err_sys(e, errno, "ps");
	}
	while (fgets(line, sizeof(line), f)) {
		if (first) {
			first = false;
			col = ps_pid_col(line);
			if (col < 0) {
				fclose(f);
				waitpid(child, NULL, 0);
				return err_set(e, EINVAL, "ps: no PID column in ps's output (options %s)",
					       nargs ? args[0] : "-ef");
			}
			fputs(line, stdout);
			continue;
		}
		if (ps_has(pids, n, ps_field(line, col)))
			fputs(line, stdout);
	}
	fclose(f);
	if (waitpid(child, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return err_set(e, EIO, "ps: the host's ps(1) failed (exit %d)",
			       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return 0;
}

static int ps_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	const char *format = "table";
	const struct opt opts[] = {
		{ "format", 'f', OPT_STR, &format, "table|json", "output format" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	struct ct_ref r;
	struct cg cg;
	pid_t *pids = NULL;
	size_t n = 0, i;
	int ind = 1, ret;

	ret = cmd_opts(ctx, &cmd_ps, opts, argc, argv, &ind, e);
	if (ret != 0)
		return ret < 0 ? -1 : 0;
	if (strcmp(format, "table") && strcmp(format, "json"))
		return err_usage(e, "ps: invalid --format \"%s\" (expected table or json)", format);
	if (argc - ind < 1)
		return err_usage(e, "ps: expected a container id");
	if (!strcmp(format, "json") && argc - ind > 1)
		return err_usage(e, "ps: ps options cannot be combined with --format json");
	memset(&cg, 0, sizeof(cg));
	if (ct_ref_open(ctx, argv[ind], &r, e) < 0)
		return -1;
	ret = -1;
	if (r.status == ST_STOPPED) {
		err_set(e, EINVAL, "container \"%s\" is not running", argv[ind]);
		goto out;
	}
	pids = calloc(PS_MAX, sizeof(*pids));
	if (!pids) {
		err_sys(e, ENOMEM, "ps");
		goto out;
	}
	if (cg_restore(&cg, r.st.cgroup, e) < 0 || cg_pids(&cg, pids, PS_MAX, &n, e) < 0)
		goto out;
	ct_ref_close(&r);
	r.lockfd = r.dirfd = r.rootfd = -1;
	if (!strcmp(format, "json")) {
		putchar('[');
		for (i = 0; i < n; i++)
			printf("%s%d", i ? "," : "", (int)pids[i]);
		puts("]");
		ret = 0;
	} else {
		ret = ps_table(pids, n, argv + ind + 1, argc - ind - 1, e);
	}
out:
	if (r.rootfd >= 0)
		ct_ref_close(&r);
	if (ret < 0)
		err_ctx(e, "ps \"%s\"", argv[ind]);
	cg_free(&cg);
	free(pids);
	return ret;
}

const struct rl_cmd cmd_ps = {
	"ps", "<container-id> [ps options]", "list the container's processes", ps_main,
};
