// SPDX-License-Identifier: MIT
/*
 * The running container's cgroup: freezing and thawing it (pause, resume,
 * delete of a paused container) and listing its processes (ps). Works on a
 * cg rebuilt from the state file with cg_restore.
 *
 * The freezer: cgroup v1's freezer controller where it is mounted
 * (freezer.state, which passes through FREEZING), else cgroup v2's core
 * cgroup.freeze with cgroup.events' "frozen" as the kernel's answer. Both
 * freeze the cgroup's descendants too.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

#define CGF_WAIT_MS 5000

static int cgf_leaf(const struct cg *cg, const struct cg_hier *h, struct rl_err *e)
{
	char path[CG_MNT_MAX + CG_PATH_MAX + 2];
	int fd;

	cg_fmt(cg, h, NULL, path, sizeof(path));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		err_sys(e, errno, "cgroup %s", path);
	return fd;
}

/* The hierarchy that can freeze: v1 freezer, else the unified one. */
static const struct cg_hier *cgf_freezer(const struct cg *cg, struct rl_err *e)
{
	int i = cg_find(cg, "freezer");

	if (i < 0)
		i = cg_find(cg, "");
	if (!cg->active || i < 0) {
		err_set(e, ENOTSUP, "the container has no cgroup with a freezer");
		return NULL;
	}
	return &cg->h[i];
}

static bool cgf_done(const struct cg_hier *h, int fd, bool freeze)
{
	char buf[512], *p;

	if (!h->v2) {
		if (cg_read_at(fd, "freezer.state", buf, sizeof(buf)) < 0)
			return false;
		return !strncmp(buf, freeze ? "FROZEN" : "THAWED", 6);
	}
	if (cg_read_at(fd, "cgroup.events", buf, sizeof(buf)) < 0)
		return false;
	p = strstr(buf, "frozen ");
	return p && p[7] == (freeze ? '1' : '0');
}

int cg_freeze(const struct cg *cg, bool freeze, struct rl_err *e)
{
	const struct cg_hier *h = cgf_freezer(cg, e);
	const char *file, *val;
	long long until;
	char where[CG_MNT_MAX + CG_PATH_MAX + 32];
	int fd, r = -1;

	if (!h)
		return -1;
	fd = cgf_leaf(cg, h, e);
	if (fd < 0)
		return -1;
	file = h->v2 ? "cgroup.freeze" : "freezer.state";
	val = h->v2 ? (freeze ? "1" : "0") : (freeze ? "FROZEN" : "THAWED");
	cg_fmt(cg, h, file, where, sizeof(where));
	until = cg_now_ms() + CGF_WAIT_MS;
	for (;;) {
		/* v1 may stay FREEZING while a task is busy: write again. */
		if (cg_write_at(fd, file, val) < 0) {
			err_sys(e, errno, "write \"%s\" to %s", val, where);
			goto out;
		}
		if (cgf_done(h, fd, freeze))
			break;
		if (cg_now_ms() > until) {
			err_set(e, EBUSY, "%s: the kernel did not finish %s within %d ms", where,
				freeze ? "freezing" : "thawing", CGF_WAIT_MS);
			if (freeze)
				cg_write_at(fd, file, h->v2 ? "0" : "THAWED");
			goto out;
		}
		cg_sleep_ms(2);
	}
	r = 0;
out:
	close(fd);
	return r;
}

int cg_is_frozen(const struct cg *cg)
{
	struct rl_err ignore;
	const struct cg_hier *h = cgf_freezer(cg, &ignore);
	int fd, r;

	if (!h)
		return 0;
	fd = cgf_leaf(cg, h, &ignore);
	if (fd < 0)
		return 0;
	r = cgf_done(h, fd, true);
	close(fd);
	return r;
}

struct cgf_pids {
	pid_t *out;
	size_t max, *n;
};

static int cgf_add_pid(pid_t pid, void *arg)
{
	struct cgf_pids *p = arg;

	if (*p->n < p->max)
		p->out[(*p->n)++] = pid;
	return 0;
}

/* Appends the pids of dirfd's cgroup.procs and its sub-cgroups'. */
static int cgf_pids_at(int dirfd, pid_t *out, size_t max, size_t *n, int depth)
{
	struct cgf_pids acc = { out, max, n };
	struct dirent *de;
	DIR *d;
	int fd;

	if (cg_procs_each(dirfd, cgf_add_pid, &acc) < 0)
		return -1;
	if (depth >= 32)
		return 0;
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		int sub;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0) {
			cgf_pids_at(sub, out, max, n, depth + 1);
			close(sub);
		}
	}
	closedir(d);
	return 0;
}

int cg_pids(const struct cg *cg, pid_t *out, size_t max, size_t *n, struct rl_err *e)
{
	int i = cg_find(cg, "pids"), fd;

	*n = 0;
	if (i < 0)
		i = 0;
	if (!cg->active || cg->n == 0)
		return err_set(e, ENOTSUP, "the container has no cgroup");
	fd = cgf_leaf(cg, &cg->h[i], e);
	if (fd < 0)
		return -1;
	if (cgf_pids_at(fd, out, max, n, 0) < 0) {
		err_sys(e, errno, "read the container's cgroup.procs");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
