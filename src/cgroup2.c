// SPDX-License-Identifier: MIT
/*
 * What is particular to the unified (v2) hierarchy: handing controllers
 * down the path, cgroup.events, cgroup.kill and cgroup.freeze, and (with
 * the resources issue) the limit files. Called from the drivers in
 * cgroup.c, with fds of directories they reached safely.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

/* Whether the space-separated list has word w (length n). */
static bool cg2_has_word(const char *list, const char *w, size_t n)
{
	const char *p = list;
	size_t k;

	for (;;) {
		p += strspn(p, " \n");
		if (!*p)
			return false;
		k = strcspn(p, " \n");
		if (k == n && !memcmp(p, w, n))
			return true;
		p += k;
	}
}

/*
 * Best effort for now: a controller that cannot be enabled (a parent that
 * holds processes, a threaded subtree, a delegation boundary) only matters
 * once a limit needs it, and the resources issue will then name the
 * missing controller. One write per controller, because one write of
 * several fails as a whole.
 */
void cg2_enable_controllers(int dirfd)
{
	char avail[512], enabled[512], word[64];
	const char *p = avail;
	size_t k;

	if (cg_read_at(dirfd, "cgroup.controllers", avail, sizeof(avail)) < 0 ||
	    cg_read_at(dirfd, "cgroup.subtree_control", enabled, sizeof(enabled)) < 0)
		return;
	for (;;) {
		p += strspn(p, " \n");
		if (!*p)
			break;
		k = strcspn(p, " \n");
		if (k < sizeof(word) - 1 && !cg2_has_word(enabled, p, k)) {
			snprintf(word, sizeof(word), "+%.*s", (int)k, p);
			cg_write_at(dirfd, "cgroup.subtree_control", word);
		}
		p += k;
	}
}

/* The value of key in cgroup.events ("populated", "frozen"): 0 or 1, or
 * -1 if the file or the key is missing (older kernels). */
static int cg2_event(int dirfd, const char *key)
{
	char val[256];
	size_t n = strlen(key);
	const char *p;

	if (cg_read_at(dirfd, "cgroup.events", val, sizeof(val)) < 0)
		return -1;
	for (p = val; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		if (!strncmp(p, key, n) && p[n] == ' ')
			return p[n + 1] == '1';
	}
	return -1;
}

int cg2_check(const struct cg *cg, const struct cg_hier *h, struct rl_err *e)
{
	char msg[CG_MNT_MAX + CG_PATH_MAX + 32];
	int pid;

	/* runtime-spec: a new container needs a cgroup of its own;
	 * "populated" covers processes in sub-cgroups too. */
	if (!h->made) {
		if (cg2_event(h->leaffd, "populated") == 1)
			return err_set(e, EBUSY, "cgroup \"%s\" already has processes",
				       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
		pid = cg_first_pid(h->leaffd);
		if (pid < 0)
			return err_sys(e, errno, "cgroup: read \"%s\"",
				       cg_fmt(cg, h, "cgroup.procs", msg, sizeof(msg)));
		if (pid > 0)
			return err_set(e, EBUSY, "cgroup \"%s\" already has processes (pid %d)",
				       cg_fmt(cg, h, NULL, msg, sizeof(msg)), pid);
	}
	/* "frozen" is the effective state, an ancestor's freeze included:
	 * the init would stop before its first instruction. */
	if (cg2_event(h->leaffd, "frozen") == 1)
		return err_set(e, EBUSY, "cgroup \"%s\" is frozen",
			       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	return 0;
}

int cg2_kill(const struct cg_hier *h)
{
	if (!h->v2 || h->leaffd < 0)
		return -1;
	return cg_write_at(h->leaffd, "cgroup.kill", "1");
}

int cg2_freeze(const struct cg_hier *h, bool frozen, long timeout_ms)
{
	long long deadline = cg_now_ms() + timeout_ms;

	if (!h->v2 || h->leaffd < 0)
		return -1;
	if (cg_write_at(h->leaffd, "cgroup.freeze", frozen ? "1" : "0") < 0)
		return -1;
	if (!frozen)
		return 0;
	while (cg2_event(h->leaffd, "frozen") != 1) {
		if (cg_now_ms() >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		cg_sleep_ms(1);
	}
	return 0;
}
