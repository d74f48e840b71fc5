// SPDX-License-Identifier: MIT
/*
 * `update`: new resource limits for a running container, as runc's update.
 * The resources come from -r (a runtime-spec linux.resources object, from
 * a file or "-" for stdin), then runc's flags override single values; they
 * go through the same cgroup writer as create (cg_apply with update, which
 * orders memory and swap writes for the change and reads back what the
 * kernel took). As in runc, a flag left at 0 changes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "container.h"
#include "opt.h"

#define UPD_MAX (1 << 20)

/* -r: the object is parsed as the linux.resources of a minimal config, so
 * errors name the same JSON paths as in config.json. */
static int upd_read(const char *path, struct spec *s, struct rl_err *e)
{
	static const char pre[] = "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},\"linux\":{\"resources\":";
	static const char post[] = "}}";
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	size_t n = sizeof(pre) - 1, cap = UPD_MAX + sizeof(pre) + sizeof(post);
	char *buf;
	ssize_t r;

	if (fd < 0)
		return err_sys(e, errno, "update: open \"%s\"", path);
	buf = malloc(cap + 1);
	if (!buf) {
		if (fd > 0)
			close(fd);
		return err_sys(e, ENOMEM, "update");
	}
	memcpy(buf, pre, n);
	while ((r = read(fd, buf + n, cap - n - sizeof(post))) > 0)
		n += (size_t)r;
	if (fd > 0)
		close(fd);
	if (r < 0 || n >= cap - sizeof(post)) {
		free(buf);
		return r < 0 ? err_sys(e, errno, "update: read \"%s\"", path) :
			err_set(e, EFBIG, "update: \"%s\": larger than %d bytes", path, UPD_MAX);
	}
	if (n == sizeof(pre) - 1) {
		free(buf);
		return err_set(e, EINVAL, "update: %s is empty (expected a linux.resources object)",
			       strcmp(path, "-") ? path : "stdin");
	}
	memcpy(buf + n, post, sizeof(post) - 1);
	n += sizeof(post) - 1;
	buf[n] = '\0';
	return config_parse(s, buf, n, strcmp(path, "-") ? path : "stdin", e);
}

/* runc's RAMInBytes: a number with an optional k/m/g/t/p suffix (binary,
 * case-insensitive, an optional trailing b); "-1" where unlimited makes
 * sense. */
static int upd_bytes(const char *opt, const char *v, int64_t *out, struct rl_err *e)
{
	struct opt_dec d;
	const char *end;
	uint64_t mul = 1, n;

	if (!strcmp(v, "-1")) {
		*out = -1;
		return 0;
	}
	end = opt_decimal(v, &d);
	if (!end)
		goto bad;
	switch (*end | 0x20) {
	case 'k': mul = 1ULL << 10; end++; break;
	case 'm': mul = 1ULL << 20; end++; break;
	case 'g': mul = 1ULL << 30; end++; break;
	case 't': mul = 1ULL << 40; end++; break;
	case 'p': mul = 1ULL << 50; end++; break;
	default: break;
	}
	if ((*end | 0x20) == 'b')
		end++;
	if (*end || opt_dec_scale(&d, mul, INT64_MAX, &n) < 0)
		goto bad;
	*out = (int64_t)n;
	return 0;
bad:
	return err_usage(e, "update: --%s \"%s\": expected bytes (e.g. 512m, 1g, or -1)", opt, v);
}

static int upd_i64(const char *opt, const char *v, int64_t min, int64_t *out, struct rl_err *e)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || end == v || *end || x < min)
		return err_usage(e, "update: --%s \"%s\": expected an integer >= %lld", opt, v, (long long)min);
	*out = x;
	return 0;
}

static int upd_flags(struct spec_resources *r, const struct update_opts *u, struct rl_err *e)
{
	int64_t v;

	if (u->l3_cache_schema || u->mem_bw_schema)
		return err_set(e, ENOTSUP, "update: Intel RDT is not supported by runlet");
	if (u->memory) {
		if (upd_bytes("memory", u->memory, &v, e) < 0)
			return -1;
		if (v) {
			r->memory.limit = (struct opt_i64){ v, true };
			r->memory.present = true;
		}
	}
	if (u->memory_reservation) {
		if (upd_bytes("memory-reservation", u->memory_reservation, &v, e) < 0)
			return -1;
		if (v) {
			r->memory.reservation = (struct opt_i64){ v, true };
			r->memory.present = true;
		}
	}
	if (u->memory_swap) {
		if (upd_bytes("memory-swap", u->memory_swap, &v, e) < 0)
			return -1;
		if (v) {
			r->memory.swap = (struct opt_i64){ v, true };
			r->memory.present = true;
		}
	}
	if (u->pids_limit) {
		if (upd_i64("pids-limit", u->pids_limit, -1, &v, e) < 0)
			return -1;
		if (v) {
			r->pids.limit = (struct opt_i64){ v, true };
			r->pids.present = true;
		}
	}
	if (u->cpu_share) {
		if (upd_i64("cpu-share", u->cpu_share, 0, &v, e) < 0)
			return -1;
		if (v) {
			r->cpu.shares = (struct opt_u64){ (uint64_t)v, true };
			r->cpu.present = true;
		}
	}
	if (u->cpu_period) {
		if (upd_i64("cpu-period", u->cpu_period, 0, &v, e) < 0)
			return -1;
		if (v) {
			r->cpu.period = (struct opt_u64){ (uint64_t)v, true };
			r->cpu.present = true;
		}
	}
	if (u->cpu_quota) {
		if (upd_i64("cpu-quota", u->cpu_quota, -1, &v, e) < 0)
			return -1;
		if (v) {
			r->cpu.quota = (struct opt_i64){ v, true };
			r->cpu.present = true;
		}
	}
	if (u->cpu_burst) {
		if (upd_i64("cpu-burst", u->cpu_burst, 0, &v, e) < 0)
			return -1;
		r->cpu.burst = (struct opt_u64){ (uint64_t)v, true };
		r->cpu.present = true;
	}
	if (u->cpu_rt_period) {
		if (upd_i64("cpu-rt-period", u->cpu_rt_period, 0, &v, e) < 0)
			return -1;
		if (v) {
			r->cpu.realtime_period = (struct opt_u64){ (uint64_t)v, true };
			r->cpu.present = true;
		}
	}
	if (u->cpu_rt_runtime) {
		if (upd_i64("cpu-rt-runtime", u->cpu_rt_runtime, -1, &v, e) < 0)
			return -1;
		if (v) {
			r->cpu.realtime_runtime = (struct opt_i64){ v, true };
			r->cpu.present = true;
		}
	}
	if (u->cpuset_cpus && *u->cpuset_cpus) {
		r->cpu.cpus = (char *)u->cpuset_cpus;
		r->cpu.present = true;
	}
	if (u->cpuset_mems && *u->cpuset_mems) {
		r->cpu.mems = (char *)u->cpuset_mems;
		r->cpu.present = true;
	}
	if (u->blkio_weight) {
		if (upd_i64("blkio-weight", u->blkio_weight, 0, &v, e) < 0)
			return -1;
		if (v) {
			r->block_io.weight = (struct opt_u64){ (uint64_t)v, true };
			r->block_io.present = true;
		}
	}
	r->present = r->present || r->memory.present || r->cpu.present ||
		     r->pids.present || r->block_io.present;
	return 0;
}

int container_update(struct rl_ctx *ctx, const struct update_opts *u, struct rl_err *e)
{
	struct spec s;
	struct ct_ref r;
	struct cg cg;
	int ret = -1;

	memset(&s, 0, sizeof(s));
	memset(&cg, 0, sizeof(cg));
	if (u->resources && upd_read(u->resources, &s, e) < 0)
		return -1;
	if (upd_flags(&s.lnx.resources, u, e) < 0)
		goto out_spec;
	if (ct_ref_open(ctx, u->id, &r, e) < 0)
		goto out_spec;
	if (r.status == ST_STOPPED || r.status == ST_CREATING) {
		err_set(e, EINVAL, "container \"%s\" is %s", u->id, state_status_name(r.status));
		goto out;
	}
	if (cg_restore(&cg, r.st.cgroup, e) < 0 || cg_apply(&cg, &s.lnx.resources, true, e) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		err_ctx(e, "update \"%s\"", u->id);
	cg_free(&cg);
	ct_ref_close(&r);
out_spec:
	spec_free(&s);
	return ret;
}
