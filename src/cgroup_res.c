// SPDX-License-Identifier: MIT
/*
 * linux.resources into the container's cgroup (the rules and the v1 -> v2
 * formulas are in cgroup.h): the checks that need no kernel, the pure
 * conversions, which hierarchy takes each resource, the write helpers
 * that name the JSON path, file and value in every error, and the
 * resources whose files read the same on v1 and v2 (cpuset, pids,
 * hugetlb, rdma). cgroup1.c and cgroup2.c write the rest.
 *
 * Parent side, stack buffers only.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "log.h"

#define JP_MAX 192              /* a JSON path in a message */

/* ---- pure conversions -------------------------------------------------- */

uint64_t cg_shares_to_weight(uint64_t shares)
{
	if (shares == 0)
		return 0;
	if (shares < CG_SHARES_MIN)
		shares = CG_SHARES_MIN;
	if (shares > CG_SHARES_MAX)
		shares = CG_SHARES_MAX;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t cg_blkio_to_io_weight(uint64_t weight)
{
	if (weight == 0)
		return 0;
	if (weight < CG_BLKIO_WEIGHT_MIN)
		weight = CG_BLKIO_WEIGHT_MIN;
	if (weight > CG_BLKIO_WEIGHT_MAX)
		weight = CG_BLKIO_WEIGHT_MAX;
	return 1 + ((weight - 10) * 9999) / 990;
}

int cg_swap_v2(int64_t limit, int64_t swap, char *buf, size_t len,
	       struct rl_err *e)
{
	/* v1's meaning of "memory unlimited, swap not given": both are */
	if (limit == -1 && swap == 0) {
		snprintf(buf, len, "max");
		return 1;
	}
	if (swap == 0)
		return 0;
	if (swap == -1) {
		snprintf(buf, len, "max");
		return 1;
	}
	if (limit == 0 || limit == -1)
		return err_set(e, EINVAL, "a swap limit needs a memory limit");
	if (swap < limit)
		return err_set(e, EINVAL, "memory+swap %" PRId64 " is below the memory limit %" PRId64,
			       swap, limit);
	snprintf(buf, len, "%" PRId64, swap - limit);
	return 1;
}

int cg_cpu_max(int64_t quota, uint64_t period, const char *cur, char *buf,
	       size_t len)
{
	char q[24];
	size_t n;

	if (quota == 0 && period == 0)
		return 0;
	snprintf(q, sizeof(q), "max");
	if (quota > 0) {
		snprintf(q, sizeof(q), "%" PRId64, quota);
	} else if (quota == 0 && cur) {
		/* keep the current quota: its first word, if it is one */
		n = strspn(cur, "0123456789");
		if (n > 0 && n < sizeof(q) && (cur[n] == ' ' || cur[n] == '\n' || !cur[n]))
			snprintf(q, sizeof(q), "%.*s", (int)n, cur);
	}
	if (period)
		snprintf(buf, len, "%s %" PRIu64, q, period);
	else
		snprintf(buf, len, "%s", q);
	return 1;
}

bool cg1_swap_first(uint64_t cur_limit, int64_t swap)
{
	return swap == -1 || (swap > 0 && cur_limit < (uint64_t)swap);
}

int cg_unified_key(const char *key, char *ctrl, size_t len, struct rl_err *e)
{
	static const char *const managed[] = {
		"cgroup.procs", "cgroup.threads", "cgroup.kill", "cgroup.freeze",
		"cgroup.subtree_control", NULL,
	};
	size_t n = strlen(key), dot, i;

	if (n == 0 || n > 128)
		return err_set(e, EINVAL, "a key must have 1 to 128 characters");
	for (i = 0; i < n; i++) {
		char c = key[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return err_set(e, EINVAL, "\"%.128s\" is not a cgroup file name (only letters, digits, \"_\", \"-\" and \".\")",
				       key);
	}
	if (strstr(key, ".."))
		return err_set(e, EINVAL, "\"%.128s\": \"..\" is not allowed", key);
	dot = strcspn(key, ".");
	if (dot == 0 || dot == n || dot + 1 == n || key[n - 1] == '.')
		return err_set(e, EINVAL, "\"%.128s\" is not of the form <controller>.<file>", key);
	for (i = 0; managed[i]; i++)
		if (!strcmp(key, managed[i]))
			return err_set(e, EINVAL, "\"%s\" is managed by the runtime", key);
	if (dot >= len)
		return err_set(e, EINVAL, "\"%.128s\": controller name too long", key);
	memcpy(ctrl, key, dot);
	ctrl[dot] = '\0';
	return 0;
}

int cg_hugetlb_name(const char *page_size, char *buf, size_t len)
{
	static const char units[] = "KMGTP";
	uint64_t n = 0, bytes;
	const char *p = page_size, *u;
	unsigned shift;

	if (!p || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (UINT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	u = *p ? strchr(units, *p) : NULL;
	if (!u || p[1] != 'B' || p[2] != '\0' || n == 0)
		return -1;
	shift = 10 * (unsigned)(u - units + 1);
	if (n > (UINT64_MAX >> shift))
		return -1;
	bytes = n << shift;
	/* the kernel's mem_fmt(): the largest of GB, MB, KB not above it */
	if (bytes >= 1ULL << 30 && !(bytes & ((1ULL << 30) - 1)))
		snprintf(buf, len, "%" PRIu64 "GB", bytes >> 30);
	else if (bytes >= 1ULL << 30)
		return -1;
	else if (bytes >= 1ULL << 20 && !(bytes & ((1ULL << 20) - 1)))
		snprintf(buf, len, "%" PRIu64 "MB", bytes >> 20);
	else if (bytes >= 1ULL << 20)
		return -1;
	else
		snprintf(buf, len, "%" PRIu64 "KB", bytes >> 10);
	return 0;
}

/* ---- checks before the first write ------------------------------------- */

/* A name written into a keyed file ("<name> <value>"): no blanks, no
 * control characters, or it would write another entry. */
static bool res_word_ok(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

/* JSON path of an rdma device or unified key (as config.c spells it). */
static const char *res_key_jp(const char *base, const char *key, char *buf,
			      size_t len)
{
	const char *k;

	for (k = key; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_'))
			break;
	if (*key && !*k)
		snprintf(buf, len, "%s.%s", base, key);
	else
		snprintf(buf, len, "%s[\"%.64s\"]", base, key);
	return buf;
}

int cg_res_check(const struct spec_resources *r, bool update,
		 struct rl_err *e)
{
	char jp[JP_MAX], name[32], ctrl[64];
	int64_t limit = r->memory.limit.set ? r->memory.limit.v : 0;
	int64_t swap = r->memory.swap.set ? r->memory.swap.v : 0;
	size_t i;

	if (swap > 0) {
		if (limit == -1)
			return err_set(e, EINVAL, CG_JP ".memory.swap: a swap limit (%" PRId64 ") with an unlimited memory.limit", swap);
		if (limit == 0 && !update)
			return err_set(e, EINVAL, CG_JP ".memory.swap: a swap limit needs memory.limit");
		if (limit > 0 && swap < limit)
			return err_set(e, EINVAL, CG_JP ".memory.swap: %" PRId64 " is below memory.limit %" PRId64 " (swap is the memory+swap limit)",
				       swap, limit);
	}
	for (i = 0; i < r->n_hugepage_limits; i++) {
		if (cg_hugetlb_name(r->hugepage_limits[i].page_size, name, sizeof(name)) < 0)
			return err_set(e, EINVAL, CG_JP ".hugepageLimits[%zu].pageSize: \"%.32s\" is not a huge page size",
				       i, r->hugepage_limits[i].page_size);
	}
	for (i = 0; i < r->network.n_priorities; i++) {
		if (!res_word_ok(r->network.priorities[i].name, 15))
			return err_set(e, EINVAL, CG_JP ".network.priorities[%zu].name: \"%.32s\" is not an interface name",
				       i, r->network.priorities[i].name);
	}
	for (i = 0; i < r->n_rdma; i++) {
		if (!res_word_ok(r->rdma[i].device, 64))
			return err_set(e, EINVAL, "%s: not a device name",
				       res_key_jp(CG_JP ".rdma", r->rdma[i].device, jp, sizeof(jp)));
	}
	for (i = 0; i < r->unified.n; i++) {
		if (cg_unified_key(r->unified.v[i].key, ctrl, sizeof(ctrl), e) < 0)
			return err_ctx(e, "%s", res_key_jp(CG_JP ".unified", r->unified.v[i].key, jp, sizeof(jp)));
	}
	return 0;
}

/* ---- write helpers ----------------------------------------------------- */

void cg_note(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* log_warn does not use its context: the sink is per process */
	log_warn(NULL, "%s", msg);
}

int cg_set_err(struct rl_err *e, int errnum, const char *jp, const char *file,
	       const char *val)
{
	char shown[CG_VAL_MAX + 8];
	size_t i, o = 0;

	/* a value with newlines (unified) shown on one line */
	for (i = 0; val[i] && o + 4 < sizeof(shown); i++) {
		if (val[i] == '\n') {
			shown[o++] = '\\';
			shown[o++] = 'n';
		} else {
			shown[o++] = val[i];
		}
	}
	if (val[i])
		o += (size_t)snprintf(shown + o, sizeof(shown) - o, "...");
	shown[o] = '\0';
	if (errnum == ENOENT)
		return err_set(e, errnum, "%s: write \"%s\" to %s: no such file (not supported by this kernel or cgroup)",
			       jp, shown, file);
	return err_sys(e, errnum, "%s: write \"%s\" to %s", jp, shown, file);
}

static bool res_parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!strncmp(s, "max", 3) && (s[3] == '\n' || !s[3])) {
		*v = UINT64_MAX;
		return true;
	}
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && (*end == '\n' || !*end);
}

int cg_get_u64(const struct cg_hier *h, const char *file, uint64_t *v)
{
	char buf[64];

	if (cg_read_at(h->leaffd, file, buf, sizeof(buf)) < 0)
		return -1;
	if (!res_parse_u64(buf, v)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

bool cg_has_file(const struct cg_hier *h, const char *file)
{
	return faccessat(h->leaffd, file, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

/* The value the kernel should keep for val, "" if not checked. */
static void res_expect(const char *val, enum cg_check chk, char *buf, size_t len)
{
	long ps = sysconf(_SC_PAGESIZE);
	uint64_t v;

	buf[0] = '\0';
	if (chk == CG_CHECK_SAME) {
		snprintf(buf, len, "%s", val);
	} else if (chk == CG_CHECK_PAGES && ps > 0 && res_parse_u64(val, &v) &&
		   v != UINT64_MAX && v < (1ULL << 62)) {
		snprintf(buf, len, "%" PRIu64, v / (uint64_t)ps * (uint64_t)ps);
	}
}

int cg_set(const struct cg_hier *h, const char *jp, const char *file,
	   const char *val, enum cg_check chk, struct rl_err *e)
{
	char want[CG_VAL_MAX], got[CG_VAL_MAX];

	if (cg_write_at(h->leaffd, file, val) < 0)
		return cg_set_err(e, errno, jp, file, val);
	res_expect(val, chk, want, sizeof(want));
	if (!want[0])
		return 0;
	if (cg_read_at(h->leaffd, file, got, sizeof(got)) < 0)
		return err_sys(e, errno, "%s: read back %s", jp, file);
	got[strcspn(got, "\n")] = '\0';
	if (strcmp(got, want))
		return err_set(e, ERANGE, "%s: wrote \"%s\" to %s, but the kernel set \"%s\" (outside its range)",
			       jp, val, file, got);
	return 0;
}

int cg_set_i64(const struct cg_hier *h, const char *jp, const char *file,
	       int64_t v, enum cg_check chk, struct rl_err *e)
{
	char val[24];

	snprintf(val, sizeof(val), "%" PRId64, v);
	return cg_set(h, jp, file, val, chk, e);
}

/* ---- where each resource goes ------------------------------------------ */

/* Opens h's leaf if it is not: a restored cg (update). */
static int res_leaf(const struct cg *cg, struct cg_hier *h, const char *jp,
		    struct rl_err *e)
{
	char msg[CG_MNT_MAX + CG_PATH_MAX];

	if (h->leaffd >= 0)
		return 0;
	h->leaffd = cg_open_depth(cg, h, cg->ncomp, msg, sizeof(msg));
	if (h->leaffd < 0)
		return err_sys(e, errno, "%s: open cgroup \"%s\"", jp, msg);
	return 0;
}

/* The hierarchy for controller v1 (its cgroup v1 name) or v2 (its unified
 * name; NULL: v2 has none), with its leaf open and, in the unified one,
 * the controller enabled. NULL with e set if no hierarchy has it. */
static struct cg_hier *res_hier(struct cg *cg, const char *v1, const char *v2,
				const char *jp, struct rl_err *e)
{
	struct cg_hier *h = NULL, *u = NULL;
	char alias[32] = "";
	int i;

	i = cg_find(cg, v1);
	if (i >= 0 && !cg->h[i].v2)
		h = &cg->h[i];
	i = cg_find(cg, "");
	if (i >= 0)
		u = &cg->h[i];
	if (!h && u && v2 && cg2_root_has(u, v2))
		h = u;
	if (!h) {
		if (v2 && strcmp(v1, v2))
			snprintf(alias, sizeof(alias), " (%s on cgroup v2)", v2);
		if (!v2)
			return err_set(e, ENODEV, "%s: the %s controller is not mounted (a cgroup v1 controller; cgroup v2 has no equivalent)",
				       jp, v1), NULL;
		if (!u)
			return err_set(e, ENODEV, "%s: the %s controller is not mounted", jp, v1), NULL;
		return err_set(e, ENODEV, "%s: the %s controller%s is neither mounted as cgroup v1 nor available in the unified hierarchy at \"%s\"",
			       jp, v1, alias, u->mnt), NULL;
	}
	if (res_leaf(cg, h, jp, e) < 0 || (h->v2 && cg2_need(cg, h, v2, jp, e) < 0))
		return NULL;
	return h;
}

/* ---- what reads the same on v1 and v2 --------------------------------- */

static int res_cpuset(struct cg *cg, const struct spec_resources *r, struct rl_err *e)
{
	static const char *const file[2] = { "cpuset.cpus", "cpuset.mems" };
	const char *val[2] = { r->cpu.cpus, r->cpu.mems };
	const char *jp[2] = { CG_JP ".cpu.cpus", CG_JP ".cpu.mems" };
	struct cg_hier *h;
	int k;

	for (k = 0; k < 2; k++) {
		if (!val[k] || !*val[k])
			continue;
		h = res_hier(cg, "cpuset", "cpuset", jp[k], e);
		if (!h)
			return -1;
		/* v1 mounted with noprefix: the files lose "cpuset." */
		if (!h->v2 && !cg_has_file(h, file[k]) && cg_has_file(h, file[k] + 7)) {
			if (cg_set(h, jp[k], file[k] + 7, val[k], CG_CHECK_NONE, e) < 0)
				return -1;
		} else if (cg_set(h, jp[k], file[k], val[k], CG_CHECK_NONE, e) < 0) {
			return -1;
		}
	}
	return 0;
}

static bool res_memory_set(const struct spec_resources *r)
{
	return (r->memory.limit.set && r->memory.limit.v) ||
	       (r->memory.reservation.set && r->memory.reservation.v) ||
	       (r->memory.swap.set && r->memory.swap.v) ||
	       r->memory.swappiness.set || r->memory.disable_oom_killer.set ||
	       r->memory.use_hierarchy.set;
}

static int res_memory(struct cg *cg, const struct spec_resources *r, bool update,
		      struct rl_err *e)
{
	struct cg_hier *h;

	if (r->memory.kernel.set || r->memory.kernel_tcp.set)
		cg_note(CG_JP ".memory.kernel and .kernelTCP are ignored (kernel memory limits are deprecated; runc ignores them too)");
	if (!res_memory_set(r))
		return 0;
	h = res_hier(cg, "memory", "memory", CG_JP ".memory", e);
	if (!h)
		return -1;
	return h->v2 ? cg2_apply_memory(h, r, update, e) : cg1_apply_memory(h, r, e);
}

static int res_cpu(struct cg *cg, const struct spec_resources *r, bool update,
		   struct rl_err *e)
{
	struct cg_hier *h;

	if (!((r->cpu.shares.set && r->cpu.shares.v) || (r->cpu.quota.set && r->cpu.quota.v) ||
	      (r->cpu.period.set && r->cpu.period.v) || r->cpu.burst.set ||
	      r->cpu.realtime_runtime.set ||
	      (r->cpu.realtime_period.set && r->cpu.realtime_period.v) || r->cpu.idle.set))
		return 0;
	h = res_hier(cg, "cpu", "cpu", CG_JP ".cpu", e);
	if (!h)
		return -1;
	return h->v2 ? cg2_apply_cpu(h, r, update, e) : cg1_apply_cpu(h, r, e);
}

static int res_pids(struct cg *cg, const struct spec_resources *r, struct rl_err *e)
{
	const char *jp = CG_JP ".pids.limit";
	struct cg_hier *h;

	if (!r->pids.limit.set)
		return 0;
	h = res_hier(cg, "pids", "pids", jp, e);
	if (!h)
		return -1;
	if (r->pids.limit.v < 0)
		return cg_set(h, jp, "pids.max", "max", CG_CHECK_SAME, e);
	return cg_set_i64(h, jp, "pids.max", r->pids.limit.v, CG_CHECK_SAME, e);
}

static int res_blkio(struct cg *cg, const struct spec_resources *r, struct rl_err *e)
{
	const typeof(r->block_io) *b = &r->block_io;
	struct cg_hier *h;

	if (!((b->weight.set && b->weight.v) || (b->leaf_weight.set && b->leaf_weight.v) ||
	      b->n_weight_device || b->read_bps.n || b->write_bps.n ||
	      b->read_iops.n || b->write_iops.n))
		return 0;
	h = res_hier(cg, "blkio", "io", CG_JP ".blockIO", e);
	if (!h)
		return -1;
	return h->v2 ? cg2_apply_io(h, r, e) : cg1_apply_blkio(h, r, e);
}

static int res_hugetlb(struct cg *cg, const struct spec_resources *r, struct rl_err *e)
{
	char jp[JP_MAX], name[32], file[64], rsvd[80], val[24];
	bool no_rsvd = false;
	struct cg_hier *h;
	size_t i;

	if (!r->n_hugepage_limits)
		return 0;
	h = res_hier(cg, "hugetlb", "hugetlb", CG_JP ".hugepageLimits", e);
	if (!h)
		return -1;
	for (i = 0; i < r->n_hugepage_limits; i++) {
		const struct spec_hugepage *p = &r->hugepage_limits[i];

		snprintf(jp, sizeof(jp), CG_JP ".hugepageLimits[%zu]", i);
		if (cg_hugetlb_name(p->page_size, name, sizeof(name)) < 0)
			return err_set(e, EINVAL, "%s.pageSize: \"%.32s\" is not a huge page size", jp, p->page_size);
		snprintf(file, sizeof(file), "hugetlb.%s.%s", name, h->v2 ? "max" : "limit_in_bytes");
		snprintf(rsvd, sizeof(rsvd), "hugetlb.%s.rsvd.%s", name, h->v2 ? "max" : "limit_in_bytes");
		snprintf(val, sizeof(val), "%" PRIu64, p->limit);
		if (!cg_has_file(h, file))
			return err_set(e, ENOENT, "%s: page size \"%s\" is not supported here (no %s in \"%s\")",
				       jp, p->page_size, file, h->mnt);
		if (cg_set(h, jp, file, val, CG_CHECK_NONE, e) < 0)
			return -1;
		/* reservations too, where the kernel accounts them */
		if (no_rsvd || !cg_has_file(h, rsvd)) {
			no_rsvd = true;
			continue;
		}
		if (cg_set(h, jp, rsvd, val, CG_CHECK_NONE, e) < 0)
			return -1;
	}
	return 0;
}

static int res_network(struct cg *cg, const struct spec_resources *r, struct rl_err *e)
{
	struct cg_hier *h;

	if (r->network.class_id.set && r->network.class_id.v) {
		h = res_hier(cg, "net_cls", NULL, CG_JP ".network.classID", e);
		if (!h || cg1_apply_net_cls(h, r, e) < 0)
			return -1;
	}
	if (r->network.n_priorities) {
		h = res_hier(cg, "net_prio", NULL, CG_JP ".network.priorities", e);
		if (!h || cg1_apply_net_prio(h, r, e) < 0)
			return -1;
	}
	return 0;
}

static int res_rdma(struct cg *cg, const struct spec_resources *r, struct rl_err *e)
{
	char jp[JP_MAX], val[160];
	struct cg_hier *h;
	size_t i;
	int o;

	if (!r->n_rdma)
		return 0;
	h = res_hier(cg, "rdma", "rdma", CG_JP ".rdma", e);
	if (!h)
		return -1;
	for (i = 0; i < r->n_rdma; i++) {
		const struct spec_rdma *d = &r->rdma[i];

		o = snprintf(val, sizeof(val), "%s", d->device);
		if (d->hca_handles.set)
			o += snprintf(val + o, sizeof(val) - (size_t)o, " hca_handle=%" PRIu64, d->hca_handles.v);
		if (d->hca_objects.set)
			snprintf(val + o, sizeof(val) - (size_t)o, " hca_object=%" PRIu64, d->hca_objects.v);
		if (cg_set(h, res_key_jp(CG_JP ".rdma", d->device, jp, sizeof(jp)), "rdma.max",
			   val, CG_CHECK_NONE, e) < 0)
			return -1;
	}
	return 0;
}

static int res_unified(struct cg *cg, const struct spec_resources *r, struct rl_err *e)
{
	int i;

	if (!r->unified.n)
		return 0;
	i = cg_find(cg, "");
	if (i < 0)
		return err_set(e, ENODEV, CG_JP ".unified: this host has no cgroup v2 (unified) hierarchy");
	if (res_leaf(cg, &cg->h[i], CG_JP ".unified", e) < 0)
		return -1;
	return cg2_apply_unified(cg, &cg->h[i], r, e);
}

/* Anything cg_apply would write. */
static bool res_any(const struct spec_resources *r)
{
	return r->memory.present || r->cpu.present || r->pids.present ||
	       r->block_io.present || r->n_hugepage_limits || r->network.present ||
	       r->n_rdma || r->unified.n || r->n_devices;
}

int cg_apply(struct cg *cg, const struct spec_resources *r, bool update,
	     struct rl_err *e)
{
	const struct spec_linux *l;

	if (!cg->active) {
		if (r->present && res_any(r))
			cg_note(CG_JP " ignored: the cgroup manager is disabled");
		return 0;
	}
	if (r->present && cg_res_check(r, update, e) < 0)
		return -1;
	/* devices even without linux.resources (runc's default rules), and
	 * r is a struct spec_linux's (cgroup.h): its linux.devices matter */
	l = (const struct spec_linux *)((const char *)r - offsetof(struct spec_linux, resources));
	if (cgdev_apply(cg, l, update, e) < 0)
		return -1;
	if (!r->present)
		return 0;
	if (res_cpuset(cg, r, e) < 0 ||
	    res_memory(cg, r, update, e) < 0 ||
	    res_cpu(cg, r, update, e) < 0 ||
	    res_pids(cg, r, e) < 0 ||
	    res_blkio(cg, r, e) < 0 ||
	    res_hugetlb(cg, r, e) < 0 ||
	    res_network(cg, r, e) < 0 ||
	    res_rdma(cg, r, e) < 0 ||
	    res_unified(cg, r, e) < 0)
		return -1;
	return 0;
}
