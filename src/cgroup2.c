// SPDX-License-Identifier: MIT
/*
 * What is particular to the unified (v2) hierarchy: handing controllers
 * down the path, cgroup.events, cgroup.kill and cgroup.freeze, and the
 * limit files of memory, cpu, io and linux.resources.unified, with the
 * v1 -> v2 conversions (cgroup.h has the formulas). Called from the
 * drivers in cgroup.c and cgroup_res.c, with fds of directories they
 * reached safely.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
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

	/* runtime-spec: a new container needs a cgroup of its own;
	 * "populated" covers processes in sub-cgroups too. */
	if (!h->made) {
		if (cg2_event(h->leaffd, "populated") == 1)
			return err_set(e, EBUSY, "cgroup \"%s\" already has processes",
				       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
		if (cg_check_no_procs(cg, h, e) < 0)
			return -1;
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

/* ---- linux.resources --------------------------------------------------- */

#define MEM_JP CG_JP ".memory"

bool cg2_root_has(const struct cg_hier *h, const char *ctrl)
{
	char list[512];

	return h->rootfd >= 0 &&
	       cg_read_at(h->rootfd, "cgroup.controllers", list, sizeof(list)) >= 0 &&
	       cg2_has_word(list, ctrl, strlen(ctrl));
}

static bool cg2_leaf_has(const struct cg_hier *h, const char *ctrl)
{
	char list[512];

	return cg_read_at(h->leaffd, "cgroup.controllers", list, sizeof(list)) >= 0 &&
	       cg2_has_word(list, ctrl, strlen(ctrl));
}

/*
 * A controller is usable in the leaf once every ancestor, from the root
 * down, has it in cgroup.subtree_control. Pure v2 hosts got that (best
 * effort) in cg_create; the unified hierarchy of a hybrid host gets it
 * here, for the controllers that are needed only.
 */
int cg2_need(const struct cg *cg, const struct cg_hier *h, const char *ctrl,
	     const char *jp, struct rl_err *e)
{
	char list[512], msg[CG_MNT_MAX + CG_PATH_MAX], word[72];
	size_t n = strlen(ctrl);
	unsigned k;
	int fd, saved;

	if (!strcmp(ctrl, "cgroup") || cg2_leaf_has(h, ctrl))
		return 0;
	if (!cg2_root_has(h, ctrl))
		return err_set(e, ENODEV, "%s: the %s controller is not available in the unified hierarchy at \"%s\"",
			       jp, ctrl, h->mnt);
	snprintf(word, sizeof(word), "+%s", ctrl);
	for (k = 0; k < cg->ncomp; k++) {
		fd = cg_open_depth(cg, h, k, msg, sizeof(msg));
		if (fd < 0)
			return err_sys(e, errno, "%s: open \"%s\"", jp, msg);
		if (cg_read_at(fd, "cgroup.subtree_control", list, sizeof(list)) < 0 ||
		    (!cg2_has_word(list, ctrl, n) &&
		     cg_write_at(fd, "cgroup.subtree_control", word) < 0)) {
			saved = errno;
			close(fd);
			return err_sys(e, saved, "%s: enable the %s controller in \"%s/cgroup.subtree_control\"",
				       jp, ctrl, msg);
		}
		close(fd);
	}
	if (!cg2_leaf_has(h, ctrl))
		return err_set(e, ENODEV, "%s: the %s controller could not be enabled for \"%s\"",
			       jp, ctrl, cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	return 0;
}

/* "max" for -1, else the number; with a page-rounding check. */
static int cg2_set_mem(const struct cg_hier *h, const char *jp, const char *file,
		       int64_t v, struct rl_err *e)
{
	if (v < 0)
		return cg_set(h, jp, file, "max", CG_CHECK_SAME, e);
	return cg_set_i64(h, jp, file, v, CG_CHECK_PAGES, e);
}

int cg2_apply_memory(const struct cg_hier *h, const struct spec_resources *r,
		     bool update, struct rl_err *e)
{
	int64_t limit = r->memory.limit.set ? r->memory.limit.v : 0;
	int64_t swap = r->memory.swap.set ? r->memory.swap.v : 0;
	int64_t base = limit;
	char val[32];
	uint64_t cur;
	int k;

	/* v2 does not refuse a limit below the usage, it reclaims and then
	 * OOM-kills: checkBeforeUpdate asks for v1's refusal */
	if (r->memory.check_before_update.set && r->memory.check_before_update.v &&
	    limit > 0 && cg_get_u64(h, "memory.current", &cur) == 0 &&
	    cur >= (uint64_t)limit)
		return err_set(e, EBUSY, MEM_JP ".limit: %" PRId64 " is not above the current usage %" PRIu64 " (checkBeforeUpdate)",
			       limit, cur);
	if (!limit && swap > 0 && update) {
		/* an update of swap alone: against the limit in force */
		if (cg_get_u64(h, "memory.max", &cur) < 0)
			return err_sys(e, errno, MEM_JP ".swap: read memory.max");
		base = cur > INT64_MAX ? -1 : (int64_t)cur;
	}
	k = cg_swap_v2(base, swap, val, sizeof(val), e);
	if (k < 0)
		return err_ctx(e, MEM_JP ".swap");
	if (k > 0 && cg_write_at(h->leaffd, "memory.swap.max", val) < 0 &&
	    /* without swap accounting, "max" and "0" ask for nothing */
	    !(errno == ENOENT && (!strcmp(val, "max") || !strcmp(val, "0"))))
		return cg_set_err(e, errno, swap ? MEM_JP ".swap" : MEM_JP ".limit",
				  "memory.swap.max", val);
	if (limit && cg2_set_mem(h, MEM_JP ".limit", "memory.max", limit, e) < 0)
		return -1;
	if (r->memory.reservation.set && r->memory.reservation.v &&
	    cg2_set_mem(h, MEM_JP ".reservation", "memory.low", r->memory.reservation.v, e) < 0)
		return -1;
	if (r->memory.swappiness.set)
		cg_note(MEM_JP ".swappiness ignored: cgroup v2 has no per-cgroup swappiness");
	if (r->memory.disable_oom_killer.set && r->memory.disable_oom_killer.v)
		cg_note(MEM_JP ".disableOOMKiller ignored: cgroup v2 cannot disable the OOM killer");
	if (r->memory.use_hierarchy.set && !r->memory.use_hierarchy.v)
		cg_note(MEM_JP ".useHierarchy false ignored: cgroup v2 accounting is always hierarchical");
	return 0;
}

int cg2_apply_cpu(const struct cg_hier *h, const struct spec_resources *r,
		  bool update, struct rl_err *e)
{
	int64_t quota = r->cpu.quota.set ? r->cpu.quota.v : 0;
	uint64_t period = r->cpu.period.set ? r->cpu.period.v : 0;
	char val[64], cur[64] = "", burst[24] = "";
	bool later_b = false;

	if (r->cpu.realtime_runtime.set && r->cpu.realtime_runtime.v)
		return err_set(e, ENOTSUP, CG_JP ".cpu.realtimeRuntime: not supported on cgroup v2 (no realtime group scheduling)");
	if (r->cpu.realtime_period.set && r->cpu.realtime_period.v)
		return err_set(e, ENOTSUP, CG_JP ".cpu.realtimePeriod: not supported on cgroup v2 (no realtime group scheduling)");
	if (r->cpu.shares.set && r->cpu.shares.v &&
	    (r->cpu.shares.v < CG_SHARES_MIN || r->cpu.shares.v > CG_SHARES_MAX))
		return err_set(e, ERANGE, CG_JP ".cpu.shares: %" PRIu64 " is outside %d..%d",
			       r->cpu.shares.v, CG_SHARES_MIN, CG_SHARES_MAX);
	if (r->cpu.idle.set &&
	    cg_set_i64(h, CG_JP ".cpu.idle", "cpu.idle", r->cpu.idle.v, CG_CHECK_SAME, e) < 0)
		return -1;
	if (r->cpu.shares.set && r->cpu.shares.v &&
	    cg_set_i64(h, CG_JP ".cpu.shares", "cpu.weight",
		       (int64_t)cg_shares_to_weight(r->cpu.shares.v), CG_CHECK_SAME, e) < 0)
		return -1;
	if (r->cpu.burst.set) {
		/* may be refused against the old quota: again after cpu.max */
		snprintf(burst, sizeof(burst), "%" PRIu64, r->cpu.burst.v);
		if (cg_write_at(h->leaffd, "cpu.max.burst", burst) < 0) {
			if (errno != EINVAL || !quota)
				return cg_set_err(e, errno, CG_JP ".cpu.burst", "cpu.max.burst", burst);
			later_b = true;
		}
	}
	if (update && !quota && period &&
	    cg_read_at(h->leaffd, "cpu.max", cur, sizeof(cur)) < 0)
		return err_sys(e, errno, CG_JP ".cpu.period: read cpu.max");
	if (cg_cpu_max(quota, period, update && !quota ? cur : NULL, val, sizeof(val)) &&
	    cg_set(h, quota ? CG_JP ".cpu.quota" : CG_JP ".cpu.period", "cpu.max", val,
		   CG_CHECK_NONE, e) < 0)
		return -1;
	if (later_b && cg_set(h, CG_JP ".cpu.burst", "cpu.max.burst", burst, CG_CHECK_NONE, e) < 0)
		return -1;
	return 0;
}

/* io.weight takes 1..10000: the v1 weight converted, which needs 10..1000. */
static int cg2_io_weight(uint64_t w, const char *jp, uint64_t *out, struct rl_err *e)
{
	if (w < CG_BLKIO_WEIGHT_MIN || w > CG_BLKIO_WEIGHT_MAX)
		return err_set(e, ERANGE, "%s: %" PRIu64 " is outside %d..%d (converted for io.weight)",
			       jp, w, CG_BLKIO_WEIGHT_MIN, CG_BLKIO_WEIGHT_MAX);
	*out = cg_blkio_to_io_weight(w);
	return 0;
}

int cg2_apply_io(const struct cg_hier *h, const struct spec_resources *r,
		 struct rl_err *e)
{
	static const char *const thr_key[4] = { "rbps", "wbps", "riops", "wiops" };
	static const char *const thr_jp[4] = {
		"throttleReadBpsDevice", "throttleWriteBpsDevice",
		"throttleReadIOPSDevice", "throttleWriteIOPSDevice",
	};
	const struct throttle_list *thr[4] = {
		&r->block_io.read_bps, &r->block_io.write_bps,
		&r->block_io.read_iops, &r->block_io.write_iops,
	};
	/* BFQ takes v1's weights as they are */
	bool bfq = cg_has_file(h, "io.bfq.weight");
	const char *wfile = bfq ? "io.bfq.weight" : "io.weight";
	char jp[96], val[CG_VAL_MAX];
	uint64_t w;
	size_t i;
	int t;

	if (r->block_io.leaf_weight.set && r->block_io.leaf_weight.v)
		return err_set(e, ENOTSUP, CG_JP ".blockIO.leafWeight: not supported on cgroup v2");
	for (i = 0; i < r->block_io.n_weight_device; i++)
		if (r->block_io.weight_device[i].leaf_weight.set &&
		    r->block_io.weight_device[i].leaf_weight.v)
			return err_set(e, ENOTSUP, CG_JP ".blockIO.weightDevice[%zu].leafWeight: not supported on cgroup v2", i);
	if (r->block_io.weight.set && r->block_io.weight.v) {
		w = r->block_io.weight.v;
		if (!bfq && cg2_io_weight(w, CG_JP ".blockIO.weight", &w, e) < 0)
			return -1;
		if (cg_set_i64(h, CG_JP ".blockIO.weight", wfile, (int64_t)w, CG_CHECK_NONE, e) < 0)
			return -1;
	}
	for (i = 0; i < r->block_io.n_weight_device; i++) {
		const struct spec_weight_device *d = &r->block_io.weight_device[i];

		if (!d->weight.set || !d->weight.v)
			continue;
		snprintf(jp, sizeof(jp), CG_JP ".blockIO.weightDevice[%zu]", i);
		w = d->weight.v;
		if (!bfq && cg2_io_weight(w, jp, &w, e) < 0)
			return -1;
		snprintf(val, sizeof(val), "%" PRId64 ":%" PRId64 " %" PRIu64, d->major, d->minor, w);
		if (cg_set(h, jp, wfile, val, CG_CHECK_NONE, e) < 0)
			return -1;
	}
	for (t = 0; t < 4; t++) {
		for (i = 0; i < thr[t]->n; i++) {
			const struct spec_throttle_device *d = &thr[t]->v[i];

			snprintf(jp, sizeof(jp), CG_JP ".blockIO.%s[%zu]", thr_jp[t], i);
			/* v1's rate 0 removes the rule: no limit */
			if (d->rate)
				snprintf(val, sizeof(val), "%" PRId64 ":%" PRId64 " %s=%" PRIu64,
					 d->major, d->minor, thr_key[t], d->rate);
			else
				snprintf(val, sizeof(val), "%" PRId64 ":%" PRId64 " %s=max",
					 d->major, d->minor, thr_key[t]);
			if (cg_set(h, jp, "io.max", val, CG_CHECK_NONE, e) < 0)
				return -1;
		}
	}
	return 0;
}

int cg2_apply_unified(const struct cg *cg, const struct cg_hier *h,
		      const struct spec_resources *r, struct rl_err *e)
{
	char jp[192], ctrl[64], line[4096];
	const char *v, *nl;
	size_t i, n;
	int k;

	for (i = 0; i < r->unified.n; i++) {
		const struct kv *kv = &r->unified.v[i];

		snprintf(jp, sizeof(jp), CG_JP ".unified[\"%.128s\"]", kv->key);
		if (cg_unified_key(kv->key, ctrl, sizeof(ctrl), e) < 0)
			return err_ctx(e, "%s", jp);
		/* on a hybrid host the controller may sit in a v1 hierarchy */
		k = cg_find(cg, strcmp(ctrl, "io") ? ctrl : "blkio");
		if (strcmp(ctrl, "cgroup") && !cg2_root_has(h, ctrl) && k >= 0 && !cg->h[k].v2)
			return err_set(e, ENODEV, "%s: the %s controller is a cgroup v1 hierarchy here (\"%s\"), not in the unified one at \"%s\"",
				       jp, ctrl, cg->h[k].mnt, h->mnt);
		if (cg2_need(cg, h, ctrl, jp, e) < 0)
			return -1;
		if (!strchr(kv->val, '\n')) {
			if (cg_set(h, jp, kv->key, kv->val, CG_CHECK_NONE, e) < 0)
				return -1;
			continue;
		}
		/* keyed files (io.max, rdma.max) take one entry per write */
		for (v = kv->val; *v; v = *nl ? nl + 1 : nl) {
			nl = strchr(v, '\n');
			if (!nl)
				nl = v + strlen(v);
			n = (size_t)(nl - v);
			if (n == 0)
				continue;
			if (n >= sizeof(line))
				return err_set(e, E2BIG, "%s: a line longer than %zu bytes", jp, sizeof(line) - 1);
			memcpy(line, v, n);
			line[n] = '\0';
			if (cg_set(h, jp, kv->key, line, CG_CHECK_NONE, e) < 0)
				return -1;
		}
	}
	return 0;
}
