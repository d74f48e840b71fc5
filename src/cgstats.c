// SPDX-License-Identifier: MIT
/*
 * Statistics of the container's cgroup in runc's `events` shape (the
 * "data" object of {"type":"stats"}), from cgroup v1 or v2 files, and the
 * OOM-kill counter `events` watches. Field names and which zero values are
 * left out follow runc's JSON (Go omitempty on numbers, never on objects).
 *
 * v2 to runc's fields: cpu.stat usage_usec/user_usec/system_usec (x1000
 * to ns), nr_periods/nr_throttled/throttled_usec; memory.current/.max/
 * .peak and memory.events' max count; memory.swap.current/.max; pids.current/
 * .max; io.stat rbytes/wbytes/rios/wios as ioServiceBytesRecursive and
 * ioServicedRecursive Read/Write entries; hugetlb.<size>.current/.max/
 * .events' max count.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "jsonw.h"

#define ST_BUF 16384

struct st_ctx {
	const struct cg *cg;
	int fd[CG_MAX_HIER];   /* leaf of each hierarchy, or -1 */
	char buf[ST_BUF];
};

/* The leaf holding controller ctl (v1), else the unified one (v2). */
static int st_fd(struct st_ctx *sc, const char *ctl, bool *v2)
{
	int i = cg_find(sc->cg, ctl);

	if (i < 0)
		i = cg_find(sc->cg, "");
	if (i < 0 || sc->fd[i] < 0)
		return -1;
	/* On v2 a controller's files exist only where it is enabled: a
	 * missing file reads as nothing. */
	*v2 = sc->cg->h[i].v2;
	return sc->fd[i];
}

static char *st_read(struct st_ctx *sc, int fd, const char *name)
{
	if (fd < 0 || cg_read_at(fd, name, sc->buf, sizeof(sc->buf)) < 0)
		return NULL;
	return sc->buf;
}

/* A file holding one number ("max" is 0, runc's "no limit" for pids). */
static uint64_t st_u64(struct st_ctx *sc, int fd, const char *name)
{
	char *s = st_read(sc, fd, name);

	return s ? strtoull(s, NULL, 10) : 0;
}

/* "key value" lines: the value of key, or 0. */
static uint64_t st_key(const char *text, const char *key)
{
	size_t kl = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return strtoull(p + kl + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

static void st_opt(struct jw *w, const char *key, uint64_t v)
{
	if (v)
		jw_u64(w, key, v);
}

static void st_list(struct jw *w, const char *key, const char *text)
{
	const char *p = text;
	char *end;

	jw_arr(w, key);
	while (p && *p) {
		unsigned long long v = strtoull(p, &end, 10);

		if (end == p)
			break;
		jw_u64(w, NULL, v);
		p = end;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	jw_end_arr(w);
}

/* "0-2,5" as [0,1,2,5]. */
static void st_cpulist(struct jw *w, const char *key, const char *text)
{
	const char *p = text;
	char *end;

	jw_arr(w, key);
	while (p && *p && *p != '\n') {
		unsigned long a = strtoul(p, &end, 10), b = a, i;

		if (end == p)
			break;
		p = end;
		if (*p == '-') {
			b = strtoul(p + 1, &end, 10);
			p = end;
		}
		for (i = a; i <= b && i - a < 4096; i++)
			jw_u64(w, NULL, i);
		if (*p == ',')
			p++;
	}
	jw_end_arr(w);
}

static void st_cpu(struct st_ctx *sc, struct jw *w)
{
	bool v2;
	int fd = st_fd(sc, "cpuacct", &v2);
	char stat[1024];

	jw_obj(w, "cpu");
	jw_obj(w, "usage");
	if (fd >= 0 && !v2) {
		long hz = sysconf(_SC_CLK_TCK);
		char *s;

		st_opt(w, "total", st_u64(sc, fd, "cpuacct.usage"));
		if ((s = st_read(sc, fd, "cpuacct.usage_percpu")))
			st_list(w, "percpu", s);
		if ((s = st_read(sc, fd, "cpuacct.usage_percpu_sys")))
			st_list(w, "percpu_kernel", s);
		if ((s = st_read(sc, fd, "cpuacct.usage_percpu_user")))
			st_list(w, "percpu_user", s);
		s = st_read(sc, fd, "cpuacct.stat");
		jw_u64(w, "kernel", s && hz > 0 ? st_key(s, "system") * (1000000000ULL / (uint64_t)hz) : 0);
		s = st_read(sc, fd, "cpuacct.stat");
		jw_u64(w, "user", s && hz > 0 ? st_key(s, "user") * (1000000000ULL / (uint64_t)hz) : 0);
	} else if ((fd = st_fd(sc, "cpu", &v2)) >= 0 && v2 && st_read(sc, fd, "cpu.stat")) {
		snprintf(stat, sizeof(stat), "%s", sc->buf);
		st_opt(w, "total", st_key(stat, "usage_usec") * 1000);
		jw_u64(w, "kernel", st_key(stat, "system_usec") * 1000);
		jw_u64(w, "user", st_key(stat, "user_usec") * 1000);
	} else {
		jw_u64(w, "kernel", 0);
		jw_u64(w, "user", 0);
	}
	jw_end_obj(w);
	jw_obj(w, "throttling");
	fd = st_fd(sc, "cpu", &v2);
	if (fd >= 0 && st_read(sc, fd, "cpu.stat")) {
		snprintf(stat, sizeof(stat), "%s", sc->buf);
		st_opt(w, "periods", st_key(stat, "nr_periods"));
		st_opt(w, "throttledPeriods", st_key(stat, "nr_throttled"));
		st_opt(w, "throttledTime", v2 ? st_key(stat, "throttled_usec") * 1000 :
			st_key(stat, "throttled_time"));
	}
	jw_end_obj(w);
	jw_end_obj(w);
}

static void st_cpuset(struct st_ctx *sc, struct jw *w)
{
	static const char *const flags[] = {
		"cpu_exclusive", "mem_hardwall", "mem_exclusive", "memory_migrate",
		"memory_spread_page", "memory_spread_slab", "memory_pressure",
		"sched_load_balance", "sched_relax_domain_level", NULL,
	};
	bool v2;
	int fd = st_fd(sc, "cpuset", &v2), i;
	char *s, name[64];

	jw_obj(w, "cpuset");
	if (fd >= 0) {
		if ((s = st_read(sc, fd, v2 ? "cpuset.cpus.effective" : "cpuset.cpus")))
			st_cpulist(w, "cpus", s);
		if (!v2 && (s = st_read(sc, fd, "cpuset.cpu_exclusive")))
			jw_u64(w, "cpu_exclusive", strtoull(s, NULL, 10));
		if ((s = st_read(sc, fd, v2 ? "cpuset.mems.effective" : "cpuset.mems")))
			st_cpulist(w, "mems", s);
		for (i = 1; !v2 && flags[i]; i++) {
			snprintf(name, sizeof(name), "cpuset.%s", flags[i]);
			if ((s = st_read(sc, fd, name)))
				jw_i64(w, flags[i], strtoll(s, NULL, 10));
		}
	}
	jw_end_obj(w);
}

static void st_mem_entry(struct st_ctx *sc, struct jw *w, const char *key, int fd,
			 const char *prefix)
{
	char name[96];
	uint64_t v;

	jw_obj(w, key);
	snprintf(name, sizeof(name), "%s.limit_in_bytes", prefix);
	jw_u64(w, "limit", st_u64(sc, fd, name));
	snprintf(name, sizeof(name), "%s.usage_in_bytes", prefix);
	st_opt(w, "usage", st_u64(sc, fd, name));
	snprintf(name, sizeof(name), "%s.max_usage_in_bytes", prefix);
	st_opt(w, "max", st_u64(sc, fd, name));
	snprintf(name, sizeof(name), "%s.failcnt", prefix);
	v = st_u64(sc, fd, name);
	jw_u64(w, "failcnt", v);
	jw_end_obj(w);
}

/* memory.stat as "raw" (and runc's top-level "cache"). */
static void st_raw(struct st_ctx *sc, struct jw *w, int fd, const char *cache_key)
{
	char *s = st_read(sc, fd, "memory.stat"), *p, *sp, *nl;

	if (!s)
		return;
	st_opt(w, "cache", st_key(s, cache_key));
	/* st_key above does not touch sc->buf: s is still the file. */
	jw_obj(w, "raw");
	for (p = s; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		sp = strchr(p, ' ');
		if (sp) {
			*sp = '\0';
			jw_u64(w, p, strtoull(sp + 1, NULL, 10));
		}
	}
	jw_end_obj(w);
}

static uint64_t st_max_u64(struct st_ctx *sc, int fd, const char *name)
{
	char *s = st_read(sc, fd, name);

	if (!s || !strncmp(s, "max", 3))
		return UINT64_MAX;
	return strtoull(s, NULL, 10);
}

static void st_memory(struct st_ctx *sc, struct jw *w)
{
	bool v2;
	int fd = st_fd(sc, "memory", &v2);

	jw_obj(w, "memory");
	if (fd >= 0 && !v2) {
		st_mem_entry(sc, w, "usage", fd, "memory");
		st_mem_entry(sc, w, "swap", fd, "memory.memsw");
		st_mem_entry(sc, w, "kernel", fd, "memory.kmem");
		st_mem_entry(sc, w, "kernelTCP", fd, "memory.kmem.tcp");
		st_raw(sc, w, fd, "cache");
	} else if (fd >= 0) {
		uint64_t cur = st_u64(sc, fd, "memory.current");
		char *ev;

		jw_obj(w, "usage");
		jw_u64(w, "limit", st_max_u64(sc, fd, "memory.max"));
		st_opt(w, "usage", cur);
		st_opt(w, "max", st_u64(sc, fd, "memory.peak"));
		ev = st_read(sc, fd, "memory.events");
		jw_u64(w, "failcnt", ev ? st_key(ev, "max") : 0);
		jw_end_obj(w);
		jw_obj(w, "swap");
		/* runc: v2 swap entry = memory + swap, as v1's memsw. */
		jw_u64(w, "limit", st_max_u64(sc, fd, "memory.swap.max"));
		st_opt(w, "usage", st_u64(sc, fd, "memory.swap.current") + cur);
		jw_u64(w, "failcnt", 0);
		jw_end_obj(w);
		jw_obj(w, "kernel");
		jw_u64(w, "limit", 0);
		jw_u64(w, "failcnt", 0);
		jw_end_obj(w);
		jw_obj(w, "kernelTCP");
		jw_u64(w, "limit", 0);
		jw_u64(w, "failcnt", 0);
		jw_end_obj(w);
		st_raw(sc, w, fd, "file");
	}
	jw_end_obj(w);
}

static void st_pids(struct st_ctx *sc, struct jw *w)
{
	bool v2;
	int fd = st_fd(sc, "pids", &v2);

	jw_obj(w, "pids");
	if (fd >= 0) {
		st_opt(w, "current", st_u64(sc, fd, "pids.current"));
		st_opt(w, "limit", st_u64(sc, fd, "pids.max"));
	}
	jw_end_obj(w);
}

/* v1 "MAJ:MIN Op value" lines as entries. */
/* "MAJ:MIN" at the start of p; returns what follows, or NULL. (By hand:
 * sscanf would link libc's whole scanner for these two lines.) */
static char *st_devno(char *p, unsigned long *maj, unsigned long *min)
{
	char *end;

	if (*p < '0' || *p > '9')
		return NULL;
	*maj = strtoul(p, &end, 10);
	if (*end != ':' || end[1] < '0' || end[1] > '9')
		return NULL;
	*min = strtoul(end + 1, &end, 10);
	return end;
}

static void st_blk_v1(struct st_ctx *sc, struct jw *w, int fd, const char *file, const char *key)
{
	char *s = st_read(sc, fd, file), *p, *nl, *q, *end, op[32];
	unsigned long maj, min;
	unsigned long long v;
	bool open = false;
	size_t n;

	for (p = s; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		/* "MAJ:MIN OP VALUE" */
		q = st_devno(p, &maj, &min);
		if (!q || *q != ' ')
			continue;
		q++;
		n = strcspn(q, " ");
		if (!n || n >= sizeof(op) || q[n] != ' ' || q[n + 1] < '0' || q[n + 1] > '9')
			continue;
		memcpy(op, q, n);
		op[n] = '\0';
		v = strtoull(q + n + 1, &end, 10);
		if (*end && *end != ' ')
			continue;
		if (!open) {
			jw_arr(w, key);
			open = true;
		}
		jw_obj(w, NULL);
		st_opt(w, "major", maj);
		st_opt(w, "minor", min);
		jw_str(w, "op", op);
		st_opt(w, "value", v);
		jw_end_obj(w);
	}
	if (open)
		jw_end_arr(w);
}

static void st_blk_v2(struct st_ctx *sc, struct jw *w, int fd, bool bytes)
{
	char *s = st_read(sc, fd, "io.stat"), *p, *nl;
	unsigned long maj, min;
	bool open = false;

	for (p = s; p && *p; p = nl ? nl + 1 : NULL) {
		int k;

		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (!st_devno(p, &maj, &min))
			continue;
		for (k = 0; k < 2; k++) {
			const char *want = bytes ? (k ? "wbytes=" : "rbytes=") : (k ? "wios=" : "rios=");
			const char *f = strstr(p, want);

			if (!f)
				continue;
			if (!open) {
				jw_arr(w, bytes ? "ioServiceBytesRecursive" : "ioServicedRecursive");
				open = true;
			}
			jw_obj(w, NULL);
			st_opt(w, "major", maj);
			st_opt(w, "minor", min);
			jw_str(w, "op", k ? "Write" : "Read");
			st_opt(w, "value", strtoull(f + strlen(want), NULL, 10));
			jw_end_obj(w);
		}
	}
	if (open)
		jw_end_arr(w);
}

static void st_blkio(struct st_ctx *sc, struct jw *w)
{
	bool v2;
	int fd = st_fd(sc, "blkio", &v2);

	jw_obj(w, "blkio");
	if (fd >= 0 && !v2) {
		st_blk_v1(sc, w, fd, "blkio.throttle.io_service_bytes_recursive", "ioServiceBytesRecursive");
		st_blk_v1(sc, w, fd, "blkio.throttle.io_serviced_recursive", "ioServicedRecursive");
	} else if ((fd = st_fd(sc, "io", &v2)) >= 0) {
		st_blk_v2(sc, w, fd, true);
		st_blk_v2(sc, w, fd, false);
	}
	jw_end_obj(w);
}

/* Page sizes from /sys/kernel/mm/hugepages ("hugepages-2048kB"). */
static void st_hugetlb(struct st_ctx *sc, struct jw *w)
{
	static const char *const sizes[][2] = {
		{ "64KB", "64kB" }, { "2MB", "2048kB" }, { "32MB", "32768kB" },
		{ "512MB", "524288kB" }, { "1GB", "1048576kB" }, { "16GB", "16777216kB" },
	};
	bool v2;
	int fd = st_fd(sc, "hugetlb", &v2);
	char name[96], dir[96];
	size_t i;

	jw_obj(w, "hugetlb");
	for (i = 0; fd >= 0 && i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(dir, sizeof(dir), "/sys/kernel/mm/hugepages/hugepages-%s", sizes[i][1]);
		if (access(dir, F_OK) < 0)
			continue;
		jw_obj(w, sizes[i][0]);
		if (v2) {
			char *ev;

			snprintf(name, sizeof(name), "hugetlb.%s.current", sizes[i][0]);
			st_opt(w, "usage", st_u64(sc, fd, name));
			snprintf(name, sizeof(name), "hugetlb.%s.events", sizes[i][0]);
			ev = st_read(sc, fd, name);
			jw_u64(w, "failcnt", ev ? st_key(ev, "max") : 0);
		} else {
			snprintf(name, sizeof(name), "hugetlb.%s.usage_in_bytes", sizes[i][0]);
			st_opt(w, "usage", st_u64(sc, fd, name));
			snprintf(name, sizeof(name), "hugetlb.%s.max_usage_in_bytes", sizes[i][0]);
			st_opt(w, "max", st_u64(sc, fd, name));
			snprintf(name, sizeof(name), "hugetlb.%s.failcnt", sizes[i][0]);
			jw_u64(w, "failcnt", st_u64(sc, fd, name));
		}
		jw_end_obj(w);
	}
	jw_end_obj(w);
}

static void st_open(struct st_ctx *sc, const struct cg *cg)
{
	char path[CG_MNT_MAX + CG_PATH_MAX + 2];
	unsigned i;

	sc->cg = cg;
	for (i = 0; i < CG_MAX_HIER; i++)
		sc->fd[i] = -1;
	for (i = 0; i < cg->n; i++) {
		cg_fmt(cg, &cg->h[i], NULL, path, sizeof(path));
		sc->fd[i] = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
}

static void st_close(struct st_ctx *sc)
{
	unsigned i;

	for (i = 0; i < CG_MAX_HIER; i++)
		if (sc->fd[i] >= 0)
			close(sc->fd[i]);
}

int cg_stats(const struct cg *cg, struct jw *w, struct rl_err *e)
{
	struct st_ctx *sc;

	if (!cg->active)
		return err_set(e, ENOTSUP, "the container has no cgroup (--cgroup-manager disabled)");
	sc = malloc(sizeof(*sc));
	if (!sc)
		return err_sys(e, ENOMEM, "stats");
	st_open(sc, cg);
	st_cpu(sc, w);
	st_cpuset(sc, w);
	st_memory(sc, w);
	st_pids(sc, w);
	st_blkio(sc, w);
	st_hugetlb(sc, w);
	jw_obj(w, "intel_rdt");
	jw_end_obj(w);
	jw_null(w, "network_interfaces");
	st_close(sc);
	free(sc);
	return 0;
}

int64_t cg_oom_kills(const struct cg *cg)
{
	char path[CG_MNT_MAX + CG_PATH_MAX + 32], buf[1024];
	int i = cg_find(cg, "memory");
	int fd;
	ssize_t n;

	if (i < 0)
		i = cg_find(cg, "");
	if (!cg->active || i < 0)
		return -1;
	cg_fmt(cg, &cg->h[i], cg->h[i].v2 ? "memory.events" : "memory.oom_control", path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return (int64_t)st_key(buf, "oom_kill");
}
