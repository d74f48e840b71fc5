// SPDX-License-Identifier: MIT
/*
 * What is particular to cgroup v1 hierarchies: cpuset directories that
 * start empty, the freezer's states, and the limit files of memory, cpu,
 * blkio, net_cls and net_prio (cgroup.h says what goes where). Called
 * from the drivers in cgroup.c and cgroup_res.c, with fds of directories
 * they reached safely.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
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

	/* runtime-spec: a new container needs a cgroup of its own. Only the
	 * leaf's own processes are seen on v1 (no "populated" file). */
	if (!h->made) {
		if (cg_check_no_procs(cg, h, e) < 0)
			return -1;
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

/* ---- linux.resources --------------------------------------------------- */

#define MEM_JP CG_JP ".memory"

static int cg1_mem_write(const struct cg_hier *h, const char *what,
			 const char *file, int64_t v, struct rl_err *e)
{
	char jp[64];
	uint64_t use, peak;
	size_t n;

	snprintf(jp, sizeof(jp), MEM_JP ".%s", what);
	/* -1 reads back as the kernel's page-aligned maximum */
	if (cg_set_i64(h, jp, file, v, v < 0 ? CG_CHECK_NONE : CG_CHECK_PAGES, e) == 0)
		return 0;
	/* EBUSY: below what the cgroup uses (an update); say how much */
	if (e->errnum == EBUSY && !strcmp(file, "memory.limit_in_bytes") &&
	    cg_get_u64(h, "memory.usage_in_bytes", &use) == 0 &&
	    cg_get_u64(h, "memory.max_usage_in_bytes", &peak) == 0) {
		n = strlen(e->msg);
		snprintf(e->msg + n, sizeof(e->msg) - n, " (usage %" PRIu64 ", peak %" PRIu64 ")",
			 use, peak);
	}
	return -1;
}

int cg1_apply_memory(const struct cg_hier *h, const struct spec_resources *r,
		     struct rl_err *e)
{
	static const char memsw[] = "memory.memsw.limit_in_bytes";
	static const char limit_f[] = "memory.limit_in_bytes";
	int64_t limit = r->memory.limit.set ? r->memory.limit.v : 0;
	int64_t swap = r->memory.swap.set ? r->memory.swap.v : 0;
	uint64_t cur;

	/* as runc: unlimited memory with no swap given means unlimited
	 * swap too, where the kernel accounts swap */
	if (limit == -1 && swap == 0 && cg_has_file(h, memsw))
		swap = -1;
	if (limit && swap) {
		/* the kernel wants limit <= memsw after every write */
		if (cg_get_u64(h, limit_f, &cur) < 0)
			return err_sys(e, errno, MEM_JP ".limit: read %s", limit_f);
		if (cg1_swap_first(cur, swap)) {
			if (cg1_mem_write(h, "swap", memsw, swap, e) < 0 ||
			    cg1_mem_write(h, "limit", limit_f, limit, e) < 0)
				return -1;
		} else if (cg1_mem_write(h, "limit", limit_f, limit, e) < 0 ||
			   cg1_mem_write(h, "swap", memsw, swap, e) < 0) {
			return -1;
		}
	} else {
		if (limit && cg1_mem_write(h, "limit", limit_f, limit, e) < 0)
			return -1;
		if (swap && cg1_mem_write(h, "swap", memsw, swap, e) < 0)
			return -1;
	}
	if (r->memory.reservation.set && r->memory.reservation.v &&
	    cg1_mem_write(h, "reservation", "memory.soft_limit_in_bytes",
			  r->memory.reservation.v, e) < 0)
		return -1;
	if (r->memory.disable_oom_killer.set &&
	    cg_set(h, MEM_JP ".disableOOMKiller", "memory.oom_control",
		   r->memory.disable_oom_killer.v ? "1" : "0", CG_CHECK_NONE, e) < 0)
		return -1;
	if (r->memory.swappiness.set &&
	    cg_set_i64(h, MEM_JP ".swappiness", "memory.swappiness",
		       (int64_t)r->memory.swappiness.v, CG_CHECK_SAME, e) < 0)
		return -1;
	if (r->memory.use_hierarchy.set &&
	    cg_set(h, MEM_JP ".useHierarchy", "memory.use_hierarchy",
		   r->memory.use_hierarchy.v ? "1" : "0", CG_CHECK_NONE, e) < 0)
		return -1;
	return 0;
}

/*
 * Writes a value that the kernel may refuse (EINVAL) because of another
 * one written later (period against the old quota, rt period against the
 * old rt runtime): with retry set, such a refusal is left for *later
 * and 0 returned.
 */
static int cg1_set_or_later(const struct cg_hier *h, const char *jp,
			    const char *file, const char *val, bool retry,
			    bool *later, struct rl_err *e)
{
	*later = false;
	if (cg_write_at(h->leaffd, file, val) == 0)
		return 0;
	if (errno == EINVAL && retry) {
		*later = true;
		return 0;
	}
	return cg_set_err(e, errno, jp, file, val);
}

int cg1_apply_cpu(const struct cg_hier *h, const struct spec_resources *r,
		  struct rl_err *e)
{
	char period[24] = "", burst[24] = "", rtp[24] = "";
	int64_t quota = r->cpu.quota.set ? r->cpu.quota.v : 0;
	bool later_p = false, later_b = false, later_rt = false;

	if (r->cpu.shares.set && r->cpu.shares.v) {
		char v[24];

		snprintf(v, sizeof(v), "%" PRIu64, r->cpu.shares.v);
		/* the kernel clamps to 2..262144 without a word: read back */
		if (cg_set(h, CG_JP ".cpu.shares", "cpu.shares", v, CG_CHECK_SAME, e) < 0)
			return -1;
	}
	if (r->cpu.period.set && r->cpu.period.v) {
		snprintf(period, sizeof(period), "%" PRIu64, r->cpu.period.v);
		if (cg1_set_or_later(h, CG_JP ".cpu.period", "cpu.cfs_period_us", period,
				     quota != 0, &later_p, e) < 0)
			return -1;
	}
	if (r->cpu.burst.set) {
		snprintf(burst, sizeof(burst), "%" PRIu64, r->cpu.burst.v);
		if (!cg_has_file(h, "cpu.cfs_burst_us"))
			cg_note(CG_JP ".cpu.burst ignored: this kernel has no cpu.cfs_burst_us");
		else if (cg1_set_or_later(h, CG_JP ".cpu.burst", "cpu.cfs_burst_us", burst,
					  quota != 0, &later_b, e) < 0)
			return -1;
	}
	if (quota) {
		if (cg_set_i64(h, CG_JP ".cpu.quota", "cpu.cfs_quota_us", quota,
			       CG_CHECK_NONE, e) < 0)
			return -1;
		if (later_p && cg_set(h, CG_JP ".cpu.period", "cpu.cfs_period_us", period,
				      CG_CHECK_NONE, e) < 0)
			return -1;
		if (later_b && cg_set(h, CG_JP ".cpu.burst", "cpu.cfs_burst_us", burst,
				      CG_CHECK_NONE, e) < 0)
			return -1;
	}
	if (r->cpu.idle.set &&
	    cg_set_i64(h, CG_JP ".cpu.idle", "cpu.idle", r->cpu.idle.v, CG_CHECK_NONE, e) < 0)
		return -1;
	/* realtime: the rt period may be refused against the old runtime */
	if (r->cpu.realtime_period.set && r->cpu.realtime_period.v) {
		snprintf(rtp, sizeof(rtp), "%" PRIu64, r->cpu.realtime_period.v);
		if (cg1_set_or_later(h, CG_JP ".cpu.realtimePeriod", "cpu.rt_period_us", rtp,
				     r->cpu.realtime_runtime.set, &later_rt, e) < 0)
			return -1;
	}
	if (r->cpu.realtime_runtime.set) {
		if (cg_set_i64(h, CG_JP ".cpu.realtimeRuntime", "cpu.rt_runtime_us",
			       r->cpu.realtime_runtime.v, CG_CHECK_NONE, e) < 0) {
			size_t n = strlen(e->msg);

			/* the usual cause, which the kernel does not say */
			if (e->errnum == EINVAL)
				snprintf(e->msg + n, sizeof(e->msg) - n,
					 " (the runtime must fit in the parent cgroup's cpu.rt_runtime_us)");
			return -1;
		}
		if (later_rt && cg_set(h, CG_JP ".cpu.realtimePeriod", "cpu.rt_period_us", rtp,
				       CG_CHECK_NONE, e) < 0)
			return -1;
	}
	return 0;
}

int cg1_apply_blkio(const struct cg_hier *h, const struct spec_resources *r,
		    struct rl_err *e)
{
	static const char *const thr_file[4] = {
		"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
		"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
	};
	static const char *const thr_jp[4] = {
		"throttleReadBpsDevice", "throttleWriteBpsDevice",
		"throttleReadIOPSDevice", "throttleWriteIOPSDevice",
	};
	const struct throttle_list *thr[4] = {
		&r->block_io.read_bps, &r->block_io.write_bps,
		&r->block_io.read_iops, &r->block_io.write_iops,
	};
	/* CFQ's files, or BFQ's when the kernel has only those (5.0 on) */
	bool bfq = !cg_has_file(h, "blkio.weight") && cg_has_file(h, "blkio.bfq.weight");
	const char *wfile = bfq ? "blkio.bfq.weight" : "blkio.weight";
	const char *wdfile = bfq ? "blkio.bfq.weight_device" : "blkio.weight_device";
	char jp[96], val[CG_VAL_MAX];
	size_t i;
	int t;

	if (r->block_io.weight.set && r->block_io.weight.v &&
	    cg_set_i64(h, CG_JP ".blockIO.weight", wfile, (int64_t)r->block_io.weight.v,
		       CG_CHECK_NONE, e) < 0)
		return -1;
	if (r->block_io.leaf_weight.set && r->block_io.leaf_weight.v &&
	    cg_set_i64(h, CG_JP ".blockIO.leafWeight", "blkio.leaf_weight",
		       (int64_t)r->block_io.leaf_weight.v, CG_CHECK_NONE, e) < 0)
		return -1;
	for (i = 0; i < r->block_io.n_weight_device; i++) {
		const struct spec_weight_device *w = &r->block_io.weight_device[i];

		snprintf(jp, sizeof(jp), CG_JP ".blockIO.weightDevice[%zu]", i);
		if (w->weight.set && w->weight.v) {
			snprintf(val, sizeof(val), "%" PRId64 ":%" PRId64 " %" PRIu64,
				 w->major, w->minor, w->weight.v);
			if (cg_set(h, jp, wdfile, val, CG_CHECK_NONE, e) < 0)
				return -1;
		}
		if (w->leaf_weight.set && w->leaf_weight.v) {
			snprintf(val, sizeof(val), "%" PRId64 ":%" PRId64 " %" PRIu64,
				 w->major, w->minor, w->leaf_weight.v);
			if (cg_set(h, jp, "blkio.leaf_weight_device", val, CG_CHECK_NONE, e) < 0)
				return -1;
		}
	}
	for (t = 0; t < 4; t++) {
		for (i = 0; i < thr[t]->n; i++) {
			const struct spec_throttle_device *d = &thr[t]->v[i];

			snprintf(jp, sizeof(jp), CG_JP ".blockIO.%s[%zu]", thr_jp[t], i);
			snprintf(val, sizeof(val), "%" PRId64 ":%" PRId64 " %" PRIu64,
				 d->major, d->minor, d->rate);
			if (cg_set(h, jp, thr_file[t], val, CG_CHECK_NONE, e) < 0)
				return -1;
		}
	}
	return 0;
}

int cg1_apply_net_cls(const struct cg_hier *h, const struct spec_resources *r,
		      struct rl_err *e)
{
	return cg_set_i64(h, CG_JP ".network.classID", "net_cls.classid",
			  (int64_t)r->network.class_id.v, CG_CHECK_SAME, e);
}

int cg1_apply_net_prio(const struct cg_hier *h, const struct spec_resources *r,
		       struct rl_err *e)
{
	char jp[96], val[CG_VAL_MAX];
	size_t i;

	/* one "<ifname> <prio>" per write: the kernel takes one per call */
	for (i = 0; i < r->network.n_priorities; i++) {
		snprintf(jp, sizeof(jp), CG_JP ".network.priorities[%zu]", i);
		snprintf(val, sizeof(val), "%s %" PRIu32, r->network.priorities[i].name,
			 r->network.priorities[i].priority);
		if (cg_set(h, jp, "net_prio.ifpriomap", val, CG_CHECK_NONE, e) < 0)
			return -1;
	}
	return 0;
}
