// SPDX-License-Identifier: MIT
/*
 * What is particular to cgroup v1 hierarchies: cpuset directories that
 * start empty, the freezer's states, and (with the resources issue) the
 * per-controller limit files. Called from the drivers in cgroup.c, with
 * fds of directories they reached safely.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

static bool cg1_blank(const char *s)
{
	return s[strspn(s, " \t\n")] == '\0';
}

/*
 * A new v1 cpuset starts with no cpus and no mems, and a task cannot be
 * attached to it (ENOSPC) until both are set: copy the parent's, unless
 * the kernel already did (cgroup.clone_children) or the directory existed
 * with its own. The files lose their "cpuset." prefix when the hierarchy
 * is mounted with noprefix.
 */
static int cg1_cpuset_copy(const struct cg *cg, const struct cg_hier *h,
			   int parentfd, int dirfd, const char *file,
			   struct rl_err *e)
{
	char val[4096], msg[CG_MNT_MAX + CG_PATH_MAX + 32];
	const char *name = file;

	if (cg_read_at(dirfd, name, val, sizeof(val)) < 0) {
		if (errno == ENOENT)
			name = file + sizeof("cpuset.") - 1;
		if (errno != ENOENT || cg_read_at(dirfd, name, val, sizeof(val)) < 0)
			return err_sys(e, errno, "cgroup: read %s under \"%s\"", file,
				       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	}
	if (!cg1_blank(val))
		return 0;
	if (cg_read_at(parentfd, name, val, sizeof(val)) < 0)
		return err_sys(e, errno, "cgroup: read the parent's %s of \"%s\"", name,
			       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	if (cg1_blank(val))
		return 0;
	if (cg_write_at(dirfd, name, val) < 0)
		return err_sys(e, errno, "cgroup: copy %s from the parent of \"%s\"", name,
			       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	return 0;
}

int cg1_init_dir(const struct cg *cg, const struct cg_hier *h, int parentfd,
		 int dirfd, struct rl_err *e)
{
	/* Every directory on the path, not only the ones we made: an empty
	 * cpuset anywhere above the leaf blocks it as well. */
	if (h->cpuset &&
	    (cg1_cpuset_copy(cg, h, parentfd, dirfd, "cpuset.cpus", e) < 0 ||
	     cg1_cpuset_copy(cg, h, parentfd, dirfd, "cpuset.mems", e) < 0))
		return -1;
	return 0;
}

int cg1_check(const struct cg *cg, const struct cg_hier *h, struct rl_err *e)
{
	char val[32], msg[CG_MNT_MAX + CG_PATH_MAX + 32];
	int pid;

	/* runtime-spec: a new container needs a cgroup of its own. Only the
	 * leaf's own processes are seen on v1 (no "populated" file). */
	if (!h->made) {
		pid = cg_first_pid(h->leaffd);
		if (pid < 0)
			return err_sys(e, errno, "cgroup: read \"%s\"",
				       cg_fmt(cg, h, "cgroup.procs", msg, sizeof(msg)));
		if (pid > 0)
			return err_set(e, EBUSY, "cgroup \"%s\" already has processes (pid %d)",
				       cg_fmt(cg, h, NULL, msg, sizeof(msg)), pid);
	}
	/* A new child of a frozen cgroup is frozen too: the init would hang
	 * on its first instruction, so say so now. */
	if (h->freezer) {
		if (cg_read_at(h->leaffd, "freezer.state", val, sizeof(val)) < 0)
			return err_sys(e, errno, "cgroup: read \"%s\"",
				       cg_fmt(cg, h, "freezer.state", msg, sizeof(msg)));
		if (strncmp(val, "THAWED", 6))
			return err_set(e, EBUSY, "cgroup \"%s\" is frozen",
				       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	}
	return 0;
}

int cg1_freeze(const struct cg_hier *h, bool frozen, long timeout_ms)
{
	long long deadline = cg_now_ms() + timeout_ms;
	char val[32];

	if (!h->freezer || h->leaffd < 0)
		return -1;
	if (!frozen)
		return cg_write_at(h->leaffd, "freezer.state", "THAWED");
	/* FREEZING may stall on a task that will not stop; writing FROZEN
	 * again retries those, as the kernel documentation suggests. */
	for (;;) {
		if (cg_write_at(h->leaffd, "freezer.state", "FROZEN") < 0)
			return -1;
		if (cg_read_at(h->leaffd, "freezer.state", val, sizeof(val)) < 0)
			return -1;
		if (!strncmp(val, "FROZEN", 6))
			return 0;
		if (cg_now_ms() >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		cg_sleep_ms(1);
	}
}
