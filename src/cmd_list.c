// SPDX-License-Identifier: MIT
/*
 * `runlet list [-f table|json] [-q]`: the containers under --root, in
 * runc's table layout (columns padded like Go's tabwriter with minwidth 12
 * and padding 3) or as a JSON array of state objects.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctx.h"
#include "jsonw.h"
#include "opt.h"
#include "state.h"

struct list_row {
	struct rl_state st;
	enum state_status status;
	char pid[16];
};

static int list_cmp(const void *a, const void *b)
{
	return strcmp(((const struct list_row *)a)->st.id,
		      ((const struct list_row *)b)->st.id);
}

/* Loads every valid container directory; unreadable ones are skipped, as
 * runc does, so one broken entry does not hide the others. */
static int list_load(int rootfd, struct list_row **out, size_t *n, struct rl_err *e)
{
	struct list_row *rows = NULL, *tmp;
	size_t cap = 0;
	struct dirent *de;
	struct rl_err ignore;
	DIR *d;
	int fd;

	*n = 0;
	fd = dup(rootfd);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return err_sys(e, errno, "list");
	}
	while ((de = readdir(d))) {
		int dirfd;

		if (de->d_name[0] == '.' || state_valid_id(de->d_name, &ignore) < 0)
			continue;
		dirfd = state_dir_open(rootfd, de->d_name, &ignore);
		if (dirfd < 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			tmp = realloc(rows, cap * sizeof(*rows));
			if (!tmp) {
				close(dirfd);
				break;
			}
			rows = tmp;
		}
		if (state_load(dirfd, de->d_name, &rows[*n].st, &ignore) == 0) {
			rows[*n].status = state_status(dirfd, &rows[*n].st);
			(*n)++;
		}
		close(dirfd);
	}
	closedir(d);
	if (*n)
		qsort(rows, *n, sizeof(*rows), list_cmp);
	*out = rows;
	return 0;
}

static size_t list_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

static void list_table(struct list_row *rows, size_t n)
{
	static const char *const head[] = { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" };
	size_t w[5], i, c;

	for (c = 0; c < 5; c++)
		w[c] = strlen(head[c]);
	for (i = 0; i < n; i++) {
		struct rl_state *st = &rows[i].st;

		snprintf(rows[i].pid, sizeof(rows[i].pid), "%d",
			 rows[i].status == ST_STOPPED ? 0 : st->pid);
		w[0] = list_max(w[0], strlen(st->id));
		w[1] = list_max(w[1], strlen(rows[i].pid));
		w[2] = list_max(w[2], strlen(state_status_name(rows[i].status)));
		w[3] = list_max(w[3], strlen(st->bundle));
		w[4] = list_max(w[4], strlen(st->created));
	}
	for (c = 0; c < 5; c++)
		w[c] = list_max(w[c] + 3, 12);
	printf("%-*s%-*s%-*s%-*s%-*s%s\n", (int)w[0], head[0], (int)w[1], head[1],
	       (int)w[2], head[2], (int)w[3], head[3], (int)w[4], head[4], head[5]);
	for (i = 0; i < n; i++) {
		struct rl_state *st = &rows[i].st;

		printf("%-*s%-*s%-*s%-*s%-*s%s\n", (int)w[0], st->id, (int)w[1],
		       rows[i].pid, (int)w[2], state_status_name(rows[i].status),
		       (int)w[3], st->bundle, (int)w[4], st->created, st->owner);
	}
}

static int list_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	const char *format = "table";
	bool quiet = false;
	const struct opt opts[] = {
		{ "format", 'f', OPT_STR, &format, "table|json", "output format" },
		{ "quiet", 'q', OPT_BOOL, &quiet, NULL, "print only the container ids" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	struct list_row *rows = NULL;
	size_t n = 0, i;
	struct jw w;
	int ind = 1, r, rootfd;

	r = cmd_opts(ctx, &cmd_list, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (ind != argc)
		return err_usage(e, "list: unexpected argument \"%s\"", argv[ind]);
	if (strcmp(format, "table") && strcmp(format, "json"))
		return err_usage(e, "list: invalid format \"%s\" (expected table or json)", format);
	rootfd = state_root_open(ctx->root, false, e);
	if (rootfd >= 0) {
		r = list_load(rootfd, &rows, &n, e);
		close(rootfd);
		if (r < 0)
			return -1;
	} else if (e->errnum != ENOENT) {
		return -1;
	}
	if (quiet) {
		for (i = 0; i < n; i++)
			printf("%s\n", rows[i].st.id);
	} else if (!strcmp(format, "json")) {
		jw_init(&w, stdout, NULL);
		jw_arr(&w, NULL);
		for (i = 0; i < n; i++)
			state_emit(&w, &rows[i].st, rows[i].status);
		jw_end_arr(&w);
		jw_finish(&w);
	} else {
		list_table(rows, n);
	}
	for (i = 0; i < n; i++)
		state_free(&rows[i].st);
	free(rows);
	if (fflush(stdout) != 0)
		return err_set(e, EIO, "list: write to stdout failed");
	return 0;
}

const struct rl_cmd cmd_list = {
	"list", "",
	"list the containers under --root", list_main,
};
