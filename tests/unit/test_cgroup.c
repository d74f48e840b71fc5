// SPDX-License-Identifier: MIT
/*
 * cgroup placement tests: the path rules (table), mountinfo parsing (a
 * synthetic file), detection on this host, and real lifecycles under
 * /sys/fs/cgroup as root: create, enter a child, refuse a second create on
 * the busy cgroup, destroy with kill; serialize/restore with a parent that
 * existed in one hierarchy only and sub-cgroups made by the "container";
 * the v1-only kill path (freezer) with a forking child; and the v2 code
 * against the unified hierarchy alone (on a hybrid host: the cgroup2 mount
 * at /sys/fs/cgroup/unified), with clone3 CLONE_INTO_CGROUP when the
 * kernel (not qemu-user) has it. linux.resources: the pure conversions
 * (shares -> cpu.weight, blkio -> io.weight, swap, cpu.max, the v1
 * memory/memsw order, unified keys, huge page file names) and the checks
 * made before any write; those run anywhere, qemu-user included.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "sys.h"
#include "tap.h"

static char base[64];   /* "runlet-unit-<pid>", unique per run */
static bool subreaper;  /* PR_SET_CHILD_SUBREAPER worked (not qemu-user) */

/* ---- path rules -------------------------------------------------------- */

struct path_case {
	enum cgroup_manager mgr;
	const char *in;         /* NULL: absent */
	const char *want;       /* NULL: an error */
	const char *msg;        /* expected error message, if checked */
};

static const struct path_case path_cases[] = {
	{ CGM_CGROUPFS, NULL, "/runlet/abc", NULL },
	{ CGM_CGROUPFS, "", "/runlet/abc", NULL },
	{ CGM_CGROUPFS, "/a/b", "/a/b", NULL },
	{ CGM_CGROUPFS, "//a///b/", "/a/b", NULL },
	{ CGM_CGROUPFS, "/a/./b/.", "/a/b", NULL },
	{ CGM_CGROUPFS, "a/b", "/runlet/a/b", NULL },
	{ CGM_CGROUPFS, "./a", "/runlet/a", NULL },
	{ CGM_CGROUPFS, "/k8s.io/abc", "/k8s.io/abc", NULL },
	{ CGM_CGROUPFS, "/libpod_parent/libpod-0123abcd", "/libpod_parent/libpod-0123abcd", NULL },
	{ CGM_CGROUPFS, "/a b/c", "/a b/c", NULL },
	{ CGM_CGROUPFS, "a:b:c", "/runlet/a:b:c", NULL },
	{ CGM_CGROUPFS, "/cpuset", "/cpuset", NULL },
	{ CGM_CGROUPFS, "/a/../b", NULL,
	  "config.json: linux.cgroupsPath: \"..\" is not allowed in \"/a/../b\"" },
	{ CGM_CGROUPFS, "..", NULL, NULL },
	{ CGM_CGROUPFS, "a/..", NULL, NULL },
	{ CGM_CGROUPFS, "/", NULL,
	  "config.json: linux.cgroupsPath: \"/\" names the root cgroup" },
	{ CGM_CGROUPFS, "/./", NULL, NULL },
	{ CGM_CGROUPFS, "/a/cgroup.procs", NULL,
	  "config.json: linux.cgroupsPath: \"cgroup.procs\" is not a valid cgroup name" },
	{ CGM_CGROUPFS, "/a/memory.max", NULL, NULL },
	{ CGM_CGROUPFS, "/cpu.shares", NULL, NULL },
	{ CGM_CGROUPFS, "/tasks", NULL, NULL },
	{ CGM_CGROUPFS, "/x/notify_on_release", NULL, NULL },
	{ CGM_CGROUPFS, "release_agent", NULL, NULL },
	{ CGM_CGROUPFS, "/a\nb", NULL, NULL },
	{ CGM_CGROUPFS, "/a\tb", NULL, NULL },
	{ CGM_SYSTEMD, NULL, "/system.slice/runlet-abc.scope", NULL },
	{ CGM_SYSTEMD, "system.slice:runlet:abc", "/system.slice/runlet-abc.scope", NULL },
	{ CGM_SYSTEMD, "machine.slice:libpod:0123", "/machine.slice/libpod-0123.scope", NULL },
	{ CGM_SYSTEMD, "a-b-c.slice:p:n", "/a.slice/a-b.slice/a-b-c.slice/p-n.scope", NULL },
	{ CGM_SYSTEMD, ":p:n", "/system.slice/p-n.scope", NULL },
	{ CGM_SYSTEMD, "-.slice:p:n", "/p-n.scope", NULL },
	{ CGM_SYSTEMD, "user.slice::n", "/user.slice/n.scope", NULL },
	{ CGM_SYSTEMD, "x.slice:p:x-y.slice", "/x.slice/x-y.slice", NULL },
	{ CGM_SYSTEMD, "/a/b", NULL,
	  "config.json: linux.cgroupsPath: expected \"slice:prefix:name\" for the systemd cgroup manager, got \"/a/b\"" },
	{ CGM_SYSTEMD, "a:b", NULL, NULL },
	{ CGM_SYSTEMD, "a:b:c:d", NULL, NULL },
	{ CGM_SYSTEMD, "system.slice:p:", NULL, NULL },
	{ CGM_SYSTEMD, "system:p:n", NULL,
	  "config.json: linux.cgroupsPath: \"system\" is not a valid systemd slice" },
	{ CGM_SYSTEMD, "a--b.slice:p:n", NULL, NULL },
	{ CGM_SYSTEMD, "-a.slice:p:n", NULL, NULL },
	{ CGM_SYSTEMD, "a-.slice:p:n", NULL, NULL },
	{ CGM_SYSTEMD, ".slice:p:n", NULL, NULL },
	{ CGM_SYSTEMD, "a/b.slice:p:n", NULL, NULL },
	{ CGM_SYSTEMD, "system.slice:p:a/b", NULL, NULL },
	{ CGM_SYSTEMD, "system.slice:p/q:n", NULL, NULL },
};

/* The input for a test name, with control characters shown as \xNN. */
static const char *shown(const char *in, char *buf, size_t len)
{
	size_t o = 0;

	for (; in && *in && o + 5 < len; in++) {
		if ((unsigned char)*in < 0x20)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", (unsigned char)*in);
		else
			buf[o++] = *in;
	}
	buf[o] = '\0';
	return in ? buf : "(absent)";
}

static void test_paths(void)
{
	char sh[128];
	char out[CG_PATH_MAX], longp[600];
	struct rl_err e;
	size_t i;
	int r;

	for (i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
		const struct path_case *c = &path_cases[i];

		memset(&e, 0, sizeof(e));
		out[0] = '\0';
		r = cg_compute_path(c->in, "abc", c->mgr, out, sizeof(out), &e);
		if (c->want) {
			if (!ok(r == 0, "path %s \"%s\" accepted",
				c->mgr == CGM_SYSTEMD ? "systemd" : "cgroupfs",
				shown(c->in, sh, sizeof(sh))))
				diag("%s", e.msg);
			is_str(out, c->want, "  -> %s", c->want);
		} else {
			ok(r < 0 && e.errnum, "path %s \"%s\" refused",
			   c->mgr == CGM_SYSTEMD ? "systemd" : "cgroupfs",
			   shown(c->in, sh, sizeof(sh)));
			if (c->msg)
				is_str(e.msg, c->msg, "  message");
		}
	}
	/* an id that is a control file name, by the absent-path default */
	r = cg_compute_path(NULL, "cgroup.procs", CGM_CGROUPFS, out, sizeof(out), &e);
	ok(r < 0, "absent path with id \"cgroup.procs\" refused");
	/* lengths: a 255-byte id fits, a 256-byte component does not, nor
	 * a path over CG_PATH_MAX - 1 */
	memset(longp, 'a', 255);
	longp[255] = '\0';
	ok(cg_compute_path(NULL, longp, CGM_CGROUPFS, out, sizeof(out), &e) == 0,
	   "255-byte id fits");
	is_int((intmax_t)strlen(out), 8 + 255, "  as /runlet/<id>");
	ok(cg_compute_path(NULL, longp, CGM_SYSTEMD, out, sizeof(out), &e) < 0,
	   "255-byte id is too long for a systemd scope name");
	longp[0] = '/';
	memset(longp + 1, 'b', 256);
	longp[257] = '\0';
	ok(cg_compute_path(longp, "x", CGM_CGROUPFS, out, sizeof(out), &e) < 0,
	   "256-byte component refused");
	for (i = 0; i < 400; i += 2) {
		longp[i] = '/';
		longp[i + 1] = 'c';
	}
	longp[400] = '\0';
	r = cg_compute_path(longp, "x", CGM_CGROUPFS, out, sizeof(out), &e);
	ok(r < 0 && e.errnum == ENAMETOOLONG, "path over CG_PATH_MAX refused");
}

/* ---- mountinfo --------------------------------------------------------- */

static void test_mountinfo(void)
{
	static char text[16384];
	struct rl_err e;
	struct cg cg;
	size_t o = 0;
	FILE *f;
	int i, r;

	o += (size_t)snprintf(text + o, sizeof(text) - o, "%s",
		"25 1 0:22 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
		"26 25 0:23 / /sys/fs/cgroup/cpu,cpuacct rw shared:9 - cgroup cgroup rw,cpu,cpuacct\n"
		"27 25 0:24 / /sys/fs/cgroup/net_cls,net_prio rw shared:10 master:3 - cgroup cgroup rw,net_cls,net_prio\n"
		"28 25 0:25 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,seclabel,xattr,name=systemd\n"
		"29 25 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n"
		"30 25 0:23 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu,cpuacct\n"
		"31 1 0:27 / /mnt/other rw - cgroup cgroup rw,memory\n"
		"32 1 0:29 / /sys/fs/cgroupx rw - cgroup cgroup rw,devices\n");
	/* an over-long line whose tail looks like a cgroup mount */
	o += (size_t)snprintf(text + o, sizeof(text) - o, "40 1 0:50 / /x rw - overlay overlay rw,lowerdir=");
	memset(text + o, 'A', 4500);
	o += 4500;
	o += (size_t)snprintf(text + o, sizeof(text) - o, "%s",
		" 1 2 0:99 / /sys/fs/cgroup/evil rw - cgroup cgroup rw,pids\n"
		"33 25 0:28 /docker/x /sys/fs/cgroup/my\\040dir rw - cgroup cgroup rw,noprefix,release_agent=/x,cpuset\n"
		"34 25 0:30 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer");
	f = fmemopen(text, o, "r");
	if (!ok(f != NULL, "fmemopen"))
		return;
	memset(&cg, 0, sizeof(cg));
	r = cg_mountinfo_scan(&cg, f, &e);
	fclose(f);
	ok(r == 0, "mountinfo scanned");
	if (!is_int(cg.n, 5, "5 v1 hierarchies (dups, cgroup2, outsiders, split lines ignored)"))
		for (i = 0; i < (int)cg.n; i++)
			diag("%s [%s]", cg.h[i].mnt, cg.h[i].ctrl);
	if (cg.n < 5)
		return;
	is_str(cg.h[0].mnt, "/sys/fs/cgroup/cpu,cpuacct", "co-mounted cpu,cpuacct: mount point");
	is_str(cg.h[0].ctrl, "cpu,cpuacct", "  controllers");
	is_str(cg.h[1].ctrl, "net_cls,net_prio", "net_cls,net_prio (optional fields skipped)");
	is_str(cg.h[2].ctrl, "name=systemd", "named hierarchy, seclabel and xattr dropped");
	is_str(cg.h[3].mnt, "/sys/fs/cgroup/my dir", "escaped mount point decoded");
	is_str(cg.h[3].ctrl, "cpuset", "noprefix and release_agent dropped");
	ok(cg.h[3].cpuset && !cg.h[3].freezer, "  cpuset flag");
	ok(cg.h[4].freezer && !cg.h[4].v2, "last line without newline: freezer");
	is_int(cg_find(&cg, "cpuacct"), 0, "cg_find cpuacct");
	is_int(cg_find(&cg, "cpu"), 0, "cg_find cpu");
	is_int(cg_find(&cg, "net_prio"), 1, "cg_find net_prio");
	is_int(cg_find(&cg, "name=systemd"), 2, "cg_find name=systemd");
	is_int(cg_find(&cg, "cpuset"), 3, "cg_find cpuset");
	is_int(cg_find(&cg, "memory"), -1, "cg_find memory: absent");
	is_int(cg_find(&cg, "pids"), -1, "cg_find pids: not from the split line");
	is_int(cg_find(&cg, "net"), -1, "cg_find matches whole names");
	for (i = 0; i < (int)cg.n; i++)
		cg.h[i].rootfd = cg.h[i].leaffd = -1;
	cg_free(&cg);
}

/* ---- linux.resources: conversions and checks (no host access) ----------- */

static void test_res_weights(void)
{
	static const struct { uint64_t in, want; } shares[] = {
		{ 0, 0 }, { 1, 1 }, { 2, 1 }, { 3, 1 }, { 100, 4 }, { 512, 20 },
		{ 1024, 39 }, { 2048, 79 }, { 262142, 9999 }, { 262144, 10000 },
		{ 300000, 10000 }, { UINT64_MAX, 10000 },
	};
	static const struct { uint64_t in, want; } blkio[] = {
		{ 0, 0 }, { 1, 1 }, { 10, 1 }, { 100, 910 }, { 500, 4950 },
		{ 1000, 10000 }, { 65535, 10000 },
	};
	size_t i;

	for (i = 0; i < sizeof(shares) / sizeof(shares[0]); i++)
		is_uint(cg_shares_to_weight(shares[i].in), shares[i].want,
			"cpu.shares %ju -> cpu.weight %ju", (uintmax_t)shares[i].in,
			(uintmax_t)shares[i].want);
	for (i = 0; i < sizeof(blkio) / sizeof(blkio[0]); i++)
		is_uint(cg_blkio_to_io_weight(blkio[i].in), blkio[i].want,
			"blkio weight %ju -> io.weight %ju", (uintmax_t)blkio[i].in,
			(uintmax_t)blkio[i].want);
}

static void test_res_swap(void)
{
	static const struct {
		int64_t limit, swap;
		int ret;
		const char *want;       /* value, or error message */
	} c[] = {
		{ 0, 0, 0, "" },
		{ 1 << 20, 0, 0, "" },
		{ -1, 0, 1, "max" },
		{ 1 << 20, -1, 1, "max" },
		{ -1, -1, 1, "max" },
		{ 1 << 20, 3 << 20, 1, "2097152" },
		{ 1 << 20, 1 << 20, 1, "0" },
		{ 0, 1 << 20, -1, "a swap limit needs a memory limit" },
		{ -1, 1 << 20, -1, "a swap limit needs a memory limit" },
		{ 2 << 20, 1 << 20, -1, "memory+swap 1048576 is below the memory limit 2097152" },
	};
	char buf[32];
	struct rl_err e;
	size_t i;
	int r;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&e, 0, sizeof(e));
		buf[0] = '\0';
		r = cg_swap_v2(c[i].limit, c[i].swap, buf, sizeof(buf), &e);
		is_int(r, c[i].ret, "swap.max for limit %jd swap %jd: %s",
		       (intmax_t)c[i].limit, (intmax_t)c[i].swap,
		       c[i].ret < 0 ? "error" : c[i].ret ? c[i].want : "nothing");
		if (c[i].ret > 0)
			is_str(buf, c[i].want, "  value");
		else if (c[i].ret < 0)
			is_str(e.msg, c[i].want, "  message");
	}
	/* v1: memsw first when raising past the current limit */
	ok(cg1_swap_first(UINT64_MAX / 2, -1), "v1 order: swap -1 first");
	ok(cg1_swap_first(100 << 20, 400 << 20), "v1 order: raising above the current limit: memsw first");
	ok(!cg1_swap_first(500 << 20, 400 << 20), "v1 order: lowering: limit first");
	ok(!cg1_swap_first(400 << 20, 400 << 20), "v1 order: swap equal to the current limit: limit first");
	ok(!cg1_swap_first(9223372036854771712ULL, 200 << 20), "v1 order: new cgroup (limit unlimited): limit first");
}

static void test_res_cpu_max(void)
{
	static const struct {
		int64_t quota;
		uint64_t period;
		const char *cur;
		const char *want;       /* NULL: nothing to write */
	} c[] = {
		{ 0, 0, NULL, NULL },
		{ 0, 0, "20000 100000\n", NULL },
		{ 50000, 0, NULL, "50000" },
		{ 50000, 100000, NULL, "50000 100000" },
		{ -1, 0, NULL, "max" },
		{ -1, 250000, NULL, "max 250000" },
		{ 0, 100000, NULL, "max 100000" },
		{ 0, 200000, "20000 100000\n", "20000 200000" },
		{ 0, 200000, "max 100000\n", "max 200000" },
		{ 0, 200000, "garbage\n", "max 200000" },
		{ 30000, 200000, "20000 100000\n", "30000 200000" },
		{ INT64_MAX, UINT64_MAX, NULL, "9223372036854775807 18446744073709551615" },
	};
	char buf[64], sh[64];
	size_t i;
	int r;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		buf[0] = '\0';
		r = cg_cpu_max(c[i].quota, c[i].period, c[i].cur, buf, sizeof(buf));
		if (!c[i].want)
			is_int(r, 0, "cpu.max quota %jd period %ju: nothing", (intmax_t)c[i].quota,
			       (uintmax_t)c[i].period);
		else
			ok(r == 1 && !strcmp(buf, c[i].want), "cpu.max quota %jd period %ju%s%s: \"%s\" (got \"%s\")",
			   (intmax_t)c[i].quota, (uintmax_t)c[i].period, c[i].cur ? " current " : "",
			   c[i].cur ? shown(c[i].cur, sh, sizeof(sh)) : "", c[i].want, buf);
	}
}

static void test_res_unified_keys(void)
{
	static const struct { const char *key, *ctrl; } good[] = {
		{ "memory.max", "memory" }, { "memory.swap.max", "memory" },
		{ "hugetlb.2MB.max", "hugetlb" }, { "hugetlb.1GB.rsvd.max", "hugetlb" },
		{ "io.bfq.weight", "io" }, { "cpu.max.burst", "cpu" },
		{ "cgroup.max.depth", "cgroup" }, { "misc.max", "misc" },
		{ "pids.max", "pids" },
	};
	static const char *const bad[] = {
		"", "memory", ".max", "memory.", "a/b.c", "memory.max/x", "../memory.max",
		"memory..max", "memory/../cpu.max", "/memory.max", "mem ory.max",
		"memory.max\n", "memory.max\t", "cgroup.procs", "cgroup.threads",
		"cgroup.kill", "cgroup.freeze", "cgroup.subtree_control", "memory.m*x",
		"memory.max.", "..", ".",
	};
	char ctrl[64], sh[64];
	struct rl_err e;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ctrl[0] = '\0';
		ok(cg_unified_key(good[i].key, ctrl, sizeof(ctrl), &e) == 0 &&
		   !strcmp(ctrl, good[i].ctrl), "unified key \"%s\": controller %s",
		   good[i].key, good[i].ctrl);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		ok(cg_unified_key(bad[i], ctrl, sizeof(ctrl), &e) < 0 && e.errnum == EINVAL &&
		   e.msg[0], "unified key \"%s\" refused", shown(bad[i], sh, sizeof(sh)));
	}
	cg_unified_key("cgroup.procs", ctrl, sizeof(ctrl), &e);
	is_str(e.msg, "\"cgroup.procs\" is managed by the runtime", "  message for cgroup.procs");
	cg_unified_key("../memory.max", ctrl, sizeof(ctrl), &e);
	is_str(e.msg, "\"../memory.max\" is not a cgroup file name (only letters, digits, \"_\", \"-\" and \".\")",
	       "  message for a path");
	cg_unified_key("memory", ctrl, sizeof(ctrl), &e);
	is_str(e.msg, "\"memory\" is not of the form <controller>.<file>", "  message without a dot");
}

static void test_res_hugetlb_names(void)
{
	static const struct { const char *in, *want; } c[] = {
		{ "2MB", "2MB" }, { "2048KB", "2MB" }, { "1GB", "1GB" }, { "1024MB", "1GB" },
		{ "1048576KB", "1GB" }, { "64KB", "64KB" }, { "512KB", "512KB" },
		{ "16GB", "16GB" }, { "1TB", "1024GB" }, { "32MB", "32MB" },
		{ "16384KB", "16MB" }, { "1536KB", NULL }, { "768KB", "768KB" },
		{ "2M", NULL }, { "MB", NULL }, { "0MB", NULL }, { "2mb", NULL }, { "2MBB", NULL },
		{ "", NULL }, { "2 MB", NULL }, { "2B", NULL }, { "1536MB", NULL },
		{ "3072MB", "3GB" }, { "99999999999999999999KB", NULL }, { "16777216TB", NULL },
		{ "-2MB", NULL },
	};
	char buf[32];
	size_t i;
	int r;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		buf[0] = '\0';
		r = cg_hugetlb_name(c[i].in, buf, sizeof(buf));
		if (c[i].want)
			ok(r == 0 && !strcmp(buf, c[i].want), "page size \"%s\" -> hugetlb.%s.* (got \"%s\")",
			   c[i].in, c[i].want, buf);
		else
			ok(r < 0, "page size \"%s\" refused", c[i].in);
	}
}

static void test_res_check(void)
{
	struct spec_hugepage hp[2] = { { (char *)"2MB", 1 }, { (char *)"3MBs", 1 } };
	struct spec_net_prio np = { (char *)"eth0 5\nlo", 1 };
	struct spec_rdma rd = { (char *)"mlx5 1", { 1, true }, { 0, false } };
	struct kv kv[2] = { { (char *)"memory.max", (char *)"1" },
			    { (char *)"memory/../x.max", (char *)"1" } };
	struct spec_resources r;
	struct rl_err e;
	struct cg cg;

	memset(&r, 0, sizeof(r));
	r.present = true;
	ok(cg_res_check(&r, false, &e) == 0, "resources check: empty is fine");
	r.memory.limit = (struct opt_i64){ 100 << 20, true };
	r.memory.swap = (struct opt_i64){ 50 << 20, true };
	ok(cg_res_check(&r, false, &e) < 0, "swap below limit refused");
	is_str(e.msg, "linux.resources.memory.swap: 52428800 is below memory.limit 104857600 (swap is the memory+swap limit)",
	       "  message");
	r.memory.swap.v = 100 << 20;
	ok(cg_res_check(&r, false, &e) == 0, "swap equal to limit is fine");
	r.memory.limit.set = false;
	ok(cg_res_check(&r, false, &e) < 0, "swap without limit refused at create");
	is_str(e.msg, "linux.resources.memory.swap: a swap limit needs memory.limit", "  message");
	ok(cg_res_check(&r, true, &e) == 0, "swap without limit fine in an update");
	r.memory.limit = (struct opt_i64){ -1, true };
	ok(cg_res_check(&r, true, &e) < 0, "swap with unlimited memory refused");
	r.memory.swap.v = -1;
	ok(cg_res_check(&r, false, &e) == 0, "swap -1 with limit -1 is fine");
	memset(&r.memory, 0, sizeof(r.memory));

	r.hugepage_limits = hp;
	r.n_hugepage_limits = 2;
	ok(cg_res_check(&r, false, &e) < 0, "bad page size refused");
	is_str(e.msg, "linux.resources.hugepageLimits[1].pageSize: \"3MBs\" is not a huge page size", "  message");
	r.n_hugepage_limits = 1;
	ok(cg_res_check(&r, false, &e) == 0, "2MB page size fine");

	r.network.priorities = &np;
	r.network.n_priorities = 1;
	ok(cg_res_check(&r, false, &e) < 0, "interface name with blanks refused");
	is_str(e.msg, "linux.resources.network.priorities[0].name: \"eth0 5\nlo\" is not an interface name", "  message");
	r.network.n_priorities = 0;

	r.rdma = &rd;
	r.n_rdma = 1;
	ok(cg_res_check(&r, false, &e) < 0, "rdma device with a blank refused");
	is_str(e.msg, "linux.resources.rdma[\"mlx5 1\"]: not a device name", "  message");
	r.n_rdma = 0;

	r.unified.v = kv;
	r.unified.n = 2;
	ok(cg_res_check(&r, false, &e) < 0, "unified key with a path refused");
	is_str(e.msg, "linux.resources.unified[\"memory/../x.max\"]: \"memory/../x.max\" is not a cgroup file name (only letters, digits, \"_\", \"-\" and \".\")",
	       "  message");
	r.unified.n = 1;
	ok(cg_res_check(&r, false, &e) == 0, "unified memory.max fine");

	/* --cgroup-manager disabled: nothing is touched */
	memset(&cg, 0, sizeof(cg));
	r.n_hugepage_limits = 0;
	r.unified.n = 0;
	r.pids.present = true;
	r.pids.limit = (struct opt_i64){ 0, true };
	ok(cg_apply(&cg, &r, false, &e) == 0, "cg_apply on an inactive cg is a no-op (warning only)");
}

/* ---- serialize/restore without the host --------------------------------- */

static void test_serial_forms(void)
{
	char buf[CG_SERIAL_MAX];
	struct rl_err e;
	struct cg cg;

	memset(&cg, 0, sizeof(cg));
	is_int(cg_serialize(&cg, buf, sizeof(buf)), 4, "zeroed cg serializes");
	is_str(buf, "none", "  as \"none\"");
	ok(cg_restore(&cg, "", &e) == 0 && !cg.active, "\"\" restores inactive");
	ok(cg_restore(&cg, "none", &e) == 0 && !cg.active, "\"none\" restores inactive");
	is_str(cg_path(&cg), NULL, "inactive cg_path is NULL");
	ok(cg_destroy(&cg, true, &e) == 0, "inactive destroy is a no-op");
	ok(cg_enter(&cg, 1, &e) == 0, "inactive enter is a no-op");
	is_int(cg_v2_fd(&cg), -1, "inactive v2 fd is -1");
	ok(cg_prepare(&cg, NULL, "abc", CGM_DISABLED, &e) == 0 && !cg.active,
	   "CGM_DISABLED prepares an inactive cg");
	ok(cg_create(&cg, &e) == 0, "  create is a no-op");
	cg_free(&cg);
	ok(cg_restore(&cg, "v3 1 /a", &e) < 0, "unknown mode refused");
	ok(cg_restore(&cg, "v1 x /a", &e) < 0, "bad count refused");
	ok(cg_restore(&cg, "v1 1 /a/../b", &e) < 0, "unclean path refused");
	ok(cg_restore(&cg, "v1 1 /", &e) < 0, "root path refused");
	ok(cg_restore(&cg, "v1 1 memory /a", &e) < 0, "bad exception refused");
	ok(cg_restore(&cg, "v1 1", &e) < 0, "missing path refused");
	is_str(e.msg, "restore cgroup: malformed state \"v1 1\"", "  message");
	ok(!cg.active && cg.n == 0, "  leaves cg inactive");
	cg_free(&cg);
}

/* ---- host -------------------------------------------------------------- */

static bool is_cgroup2(const char *p)
{
	struct statfs sf;

	return statfs(p, &sf) == 0 && (unsigned long)sf.f_type == 0x63677270UL;
}

static void test_detect(void)
{
	static const char *const v1_want[] = {
		"cpu", "memory", "pids", "devices", "freezer", "blkio", "cpuset", NULL,
	};
	char line[256], name[64];
	struct rl_err e;
	struct spec s;
	struct cg cg;
	int hier, enabled, i;
	FILE *f;

	memset(&s, 0, sizeof(s));
	s.lnx.cgroups_path = (char *)"/runlet-unit-detect";
	if (!ok(cg_prepare(&cg, &s, "x", CGM_CGROUPFS, &e) == 0, "cg_prepare on this host")) {
		diag("%s", e.msg);
		return;
	}
	is_str(cg_path(&cg), "/runlet-unit-detect", "cg_path");
	is_int(cg.ncomp, 1, "one component");
	if (is_cgroup2(CG_ROOT)) {
		is_int(cg.mode, CG_V2, "pure cgroup2 host: CG_V2");
		is_int(cg.n, 1, "  one hierarchy");
	} else if (is_cgroup2(CG_ROOT "/unified")) {
		is_int(cg.mode, CG_HYBRID, "hybrid host: CG_HYBRID");
		ok(cg.h[cg.n - 1].v2, "  unified hierarchy last");
		is_str(cg.h[cg.n - 1].mnt, CG_ROOT "/unified", "  at /sys/fs/cgroup/unified");
		is_int(cg_find(&cg, ""), (int)cg.n - 1, "  cg_find \"\" finds it");
		for (i = 0; v1_want[i]; i++)
			ok(cg_find(&cg, v1_want[i]) >= 0 && !cg.h[cg_find(&cg, v1_want[i])].v2,
			   "  v1 controller %s found", v1_want[i]);
		ok(cg_find(&cg, "name=systemd") >= 0, "  name=systemd found");
	} else {
		is_int(cg.mode, CG_V1, "v1 host: CG_V1");
	}
	/* every controller the kernel has on a v1 hierarchy is found */
	if (cg.mode != CG_V2 && (f = fopen("/proc/cgroups", "re"))) {
		while (fgets(line, sizeof(line), f)) {
			if (line[0] == '#' || sscanf(line, "%63s %d %*d %d", name, &hier, &enabled) != 3)
				continue;
			if (hier > 0 && enabled)
				ok(cg_find(&cg, name) >= 0, "  /proc/cgroups v1 controller %s found", name);
		}
		fclose(f);
	}
	for (i = 0; i < (int)cg.n; i++)
		ok(cg.h[i].rootfd >= 0 && cg.h[i].leaffd == -1, "  %s opened", cg.h[i].mnt);
	cg_free(&cg);
	ok(cg.n == 0 && !cg.active, "cg_free empties");
	cg_free(&cg);
}

/* /proc/<pid>/cgroup: the path of the hierarchy whose controller field is
 * ctrl ("" for the unified one), into out. */
static int proc_cgroup(pid_t pid, const char *ctrl, char *out, size_t len)
{
	char p[64], line[512], *a, *b;
	FILE *f;
	int found = 0;

	snprintf(p, sizeof(p), "/proc/%d/cgroup", (int)pid);
	f = fopen(p, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		a = strchr(line, ':');
		b = a ? strchr(a + 1, ':') : NULL;
		if (!b)
			continue;
		*b = '\0';
		if (!strcmp(a + 1, ctrl)) {
			snprintf(out, len, "%s", b + 1);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* Checks pid is at cg's path in every hierarchy of cg. */
static void check_placed(const struct cg *cg, pid_t pid, const char *sub, const char *what)
{
	char got[512], want[512];
	unsigned i;

	snprintf(want, sizeof(want), "%s%s", cg_path(cg), sub);
	for (i = 0; i < cg->n; i++) {
		const char *c = cg->h[i].v2 ? "" : cg->h[i].ctrl;

		if (!proc_cgroup(pid, c, got, sizeof(got)))
			snprintf(got, sizeof(got), "(no line for \"%s\")", c);
		is_str(got, want, "%s: /proc/pid/cgroup %s", what, cg->h[i].v2 ? "(unified)" : c);
	}
}

/* Whether <mnt>/<rel> exists in hierarchy i. */
static bool exists_in(const struct cg *cg, unsigned i, const char *rel)
{
	return faccessat(cg->h[i].rootfd, rel, F_OK, 0) == 0;
}

static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static bool killed_by(pid_t pid, int sig)
{
	pid_t r;
	int st = 0;

	r = waitpid(pid, &st, 0);
	if (r == pid && WIFSIGNALED(st) && WTERMSIG(st) == sig)
		return true;
	diag("waitpid(%d): %d, %s, status 0x%x", (int)pid, (int)r,
	     r < 0 ? strerror(errno) : "-", st);
	return false;
}

/* Best effort after a failed test: rmdir what the tests may leave. */
static void cleanup_host(void)
{
	static const char *const rels[] = {
		"a/b/sub", "a/b", "a", "r/sub", "r", "f", "v2/c", "v2", "", NULL,
	};
	char p[256];
	struct rl_err e;
	struct cg cg;
	unsigned i, k;

	if (cg_prepare(&cg, NULL, "x", CGM_CGROUPFS, &e) < 0)
		return;
	for (i = 0; i < cg.n; i++) {
		for (k = 0; rels[k]; k++) {
			snprintf(p, sizeof(p), "%s%s%s", base, *rels[k] ? "/" : "", rels[k]);
			unlinkat(cg.h[i].rootfd, p, AT_REMOVEDIR);
		}
	}
	cg_free(&cg);
}

static int prepare_at(struct cg *cg, const char *rel, struct rl_err *e)
{
	char path[128];
	struct spec s;

	memset(&s, 0, sizeof(s));
	snprintf(path, sizeof(path), "/%s%s", base, rel);
	s.lnx.cgroups_path = path;
	return cg_prepare(cg, &s, "x", CGM_CGROUPFS, e);
}

/* create, enter, refuse a busy cgroup, destroy with kill */
static void test_lifecycle(void)
{
	char rel[128], ser[CG_SERIAL_MAX], want[256], val[256];
	struct rl_err e;
	struct cg cg, cg2;
	unsigned i;
	int idx, r;
	pid_t pid;

	if (!ok(prepare_at(&cg, "/a/b", &e) == 0, "lifecycle: prepare")) {
		diag("%s", e.msg);
		return;
	}
	if (!ok(cg_create(&cg, &e) == 0, "lifecycle: create %s", cg_path(&cg))) {
		diag("%s", e.msg);
		cg_free(&cg);
		return;
	}
	snprintf(rel, sizeof(rel), "%s/a/b", base);
	for (i = 0; i < cg.n; i++) {
		ok(exists_in(&cg, i, rel) && cg.h[i].made == 3 && cg.h[i].leaffd >= 0,
		   "  made in %s (3 levels, leaf open)", cg.h[i].mnt);
	}
	idx = cg_find(&cg, "cpuset");
	if (idx >= 0) {
		val[0] = '\0';
		cg_read_at(cg.h[idx].leaffd, "cpuset.cpus", val, sizeof(val));
		val[strcspn(val, "\n")] = '\0';
		ok(val[0] != '\0', "  v1 cpuset.cpus copied from the parent: %s", val);
		ok(cg_read_at(cg.h[idx].leaffd, "cpuset.mems", val, sizeof(val)) > 1,
		   "  v1 cpuset.mems copied from the parent");
	}
	is_int(cg_v2_fd(&cg), cg.mode == CG_V2 ? cg.h[0].leaffd : -1,
	       "cg_v2_fd only on a pure v2 host");
	pid = spawn_sleeper();
	if (!ok(pid > 0, "fork"))
		return;
	if (!ok(cg_enter(&cg, pid, &e) == 0, "enter child %d", (int)pid))
		diag("%s", e.msg);
	check_placed(&cg, pid, "", "lifecycle");

	/* a second create on the same, now busy, cgroup */
	ok(prepare_at(&cg2, "/a/b", &e) == 0, "second prepare");
	ok(cg_create(&cg2, &e) < 0 && e.errnum == EBUSY, "second create refused (busy)");
	snprintf(want, sizeof(want), "create cgroup \"/%s/a/b\": cgroup \"%s/%s/a/b\" already has processes",
		 base, cg2.h[0].mnt, base);
	ok(!strncmp(e.msg, want, strlen(want)), "  message: %s", e.msg);
	for (i = 0; i < cg.n; i++)
		ok(exists_in(&cg, i, rel), "  the failed create removed nothing in %s", cg.h[i].mnt);
	cg_free(&cg2);

	/* entering a bad pid is an error naming the file */
	r = cg_enter(&cg, 0x7ffffff0, &e);
	ok(r < 0 && strstr(e.msg, "/cgroup.procs\"") && e.errnum == ESRCH,
	   "enter of a missing pid names the file: %s", e.msg);

	snprintf(want, sizeof(want), "%s 3 /%s/a/b",
		 cg.mode == CG_V1 ? "v1" : cg.mode == CG_V2 ? "v2" : "hybrid", base);
	ok(cg_serialize(&cg, ser, sizeof(ser)) > 0, "serialize");
	is_str(ser, want, "  form");

	ok(cg_destroy(&cg, true, &e) == 0, "destroy with kill");
	ok(killed_by(pid, SIGKILL), "  the child was SIGKILLed");
	for (i = 0; i < cg.n; i++)
		ok(!exists_in(&cg, i, base), "  all three levels gone from %s", cg.h[i].mnt);
	ok(cg_destroy(&cg, true, &e) == 0, "second destroy is harmless");
	ok(cg_enter(&cg, getpid(), &e) < 0, "enter after destroy fails");
	cg_free(&cg);
}

/* serialize/restore with per-hierarchy exceptions and sub-cgroups */
static void test_restore(void)
{
	char ser[CG_SERIAL_MAX], want[256], rel[128];
	struct rl_err e;
	struct cg cg, r;
	unsigned i;
	int mem;
	pid_t pid;

	if (!ok(prepare_at(&cg, "/r", &e) == 0, "restore: prepare"))
		return;
	mem = cg_find(&cg, "memory");
	if (mem < 0)
		mem = 0;
	/* the parent exists in one hierarchy only */
	ok(mkdirat(cg.h[mem].rootfd, base, 0755) == 0, "pre-create /%s in %s", base, cg.h[mem].mnt);
	if (!ok(cg_create(&cg, &e) == 0, "create")) {
		diag("%s", e.msg);
		cg_free(&cg);
		return;
	}
	for (i = 0; i < cg.n; i++)
		is_int(cg.h[i].made, (int)i == mem ? 1 : 2, "  made in %s", cg.h[i].mnt);
	pid = spawn_sleeper();
	ok(cg_enter(&cg, pid, &e) == 0, "enter child");
	/* the container makes sub-cgroups and moves itself in (not in
	 * cpuset, whose new children start empty) */
	for (i = 0; i < cg.n; i++) {
		ok(mkdirat(cg.h[i].leaffd, "sub", 0755) == 0, "  sub-cgroup in %s", cg.h[i].mnt);
		if (!cg.h[i].cpuset) {
			char num[16];
			int sfd = openat(cg.h[i].leaffd, "sub", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			snprintf(num, sizeof(num), "%d", (int)pid);
			ok(sfd >= 0 && cg_write_at(sfd, "cgroup.procs", num) == 0, "  child moved to sub");
			if (sfd >= 0)
				close(sfd);
		}
	}
	if (cg.n > 1) {
		snprintf(want, sizeof(want), "%s 2 %s:1 /%s/r",
			 cg.mode == CG_V1 ? "v1" : "hybrid",
			 cg.h[mem].v2 ? "unified" : "memory", base);
		ok(cg_serialize(&cg, ser, sizeof(ser)) > 0, "serialize");
		is_str(ser, want, "  with the exception");
		/* too small for the exception: the least count, never more */
		snprintf(want, sizeof(want), "%s 1 /%s/r", cg.mode == CG_V1 ? "v1" : "hybrid", base);
		ok(cg_serialize(&cg, ser, strlen(want) + 1) == (int)strlen(want), "short form fits");
		is_str(ser, want, "  short form");
		ok(cg_serialize(&cg, ser, 8) < 0, "no room: -1");
		is_str(ser, "none", "  and \"none\"");
	}
	ok(cg_serialize(&cg, ser, sizeof(ser)) > 0, "serialize again");
	cg_free(&cg);

	if (!ok(cg_restore(&r, ser, &e) == 0, "restore \"%s\"", ser)) {
		diag("%s", e.msg);
		return;
	}
	snprintf(want, sizeof(want), "/%s/r", base);
	is_str(cg_path(&r), want, "  path");
	is_int(r.ncomp, 2, "  components");
	for (i = 0; i < r.n; i++)
		is_int(r.h[i].made, (int)i == mem ? 1 : 2, "  made in %s", r.h[i].mnt);
	ok(cg_destroy(&r, true, &e) == 0, "destroy the restored cg with kill");
	if (e.msg[0] && r.n == 0)
		diag("%s", e.msg);
	ok(killed_by(pid, SIGKILL), "  the child (in a sub-cgroup) was SIGKILLed");
	snprintf(rel, sizeof(rel), "%s/r", base);
	for (i = 0; i < r.n; i++) {
		ok(!exists_in(&r, i, rel), "  leaf and sub gone from %s", r.h[i].mnt);
		ok(exists_in(&r, i, base) == ((int)i == mem),
		   "  parent %s in %s", (int)i == mem ? "kept (not ours)" : "gone", r.h[i].mnt);
	}
	unlinkat(r.h[mem].rootfd, base, AT_REMOVEDIR);
	cg_free(&r);
}

/* Keeps only the v1 hierarchies (v2 false) or only the unified one. */
static void keep_only(struct cg *cg, bool v2)
{
	unsigned i, o = 0;

	for (i = 0; i < cg->n; i++) {
		if (cg->h[i].v2 == v2)
			cg->h[o++] = cg->h[i];
		else if (cg->h[i].rootfd >= 0)
			close(cg->h[i].rootfd);
	}
	cg->n = o;
	cg->mode = v2 ? CG_V2 : CG_V1;
}

/* v1 only: freezer, a forking child, destroy without kill refused */
static void test_v1_kill(void)
{
	char rel[128];
	int go[2], rep[2];
	struct rl_err e;
	struct cg cg;
	pid_t pid, gpid = 0;
	long long t0;
	unsigned i;
	int r;

	if (!ok(prepare_at(&cg, "/f", &e) == 0, "v1: prepare"))
		return;
	keep_only(&cg, false);
	if (cg.n == 0) {
		ok(1, "v1 # SKIP no v1 hierarchies");
		cg_free(&cg);
		return;
	}
	if (!ok(cg_create(&cg, &e) == 0, "v1: create in %u hierarchies", cg.n)) {
		diag("%s", e.msg);
		cg_free(&cg);
		return;
	}
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(rep, O_CLOEXEC) < 0)
		bail_out("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		char c;

		if (read(go[0], &c, 1) != 1)
			_exit(1);
		gpid = spawn_sleeper();
		if (write(rep[1], &gpid, sizeof(gpid)) != sizeof(gpid))
			_exit(1);
		for (;;)
			pause();
	}
	ok(cg_enter(&cg, pid, &e) == 0, "enter child");
	if (write(go[1], "g", 1) != 1 || read(rep[0], &gpid, sizeof(gpid)) != sizeof(gpid))
		bail_out("pipe i/o");
	close(go[0]); close(go[1]); close(rep[0]); close(rep[1]);
	check_placed(&cg, gpid, "", "grandchild");

	t0 = cg_now_ms();
	r = cg_destroy(&cg, false, &e);
	ok(r < 0 && e.errnum == EBUSY, "destroy without kill of a busy cgroup fails: %s", e.msg);
	ok(cg_now_ms() - t0 >= 900, "  after retrying about a second");
	ok(cg_destroy(&cg, true, &e) == 0, "destroy with kill (freezer, sweep, thaw)");
	ok(killed_by(pid, SIGKILL), "  child SIGKILLed");
	if (subreaper) {
		ok(killed_by(gpid, SIGKILL), "  grandchild SIGKILLed (we are its subreaper)");
	} else {
		/* reparented to init: gone, or a zombie until init reaps it */
		char p[64], st[256], *c;

		snprintf(p, sizeof(p), "/proc/%d/stat", (int)gpid);
		st[0] = '\0';
		if (cg_read_at(AT_FDCWD, p, st, sizeof(st)) < 0)
			ok(errno == ENOENT, "  grandchild gone");
		else
			ok((c = strrchr(st, ')')) && c[1] == ' ' && c[2] == 'Z',
			   "  grandchild dead (no subreaper under qemu-user)");
	}
	snprintf(rel, sizeof(rel), "%s", base);
	for (i = 0; i < cg.n; i++)
		ok(!exists_in(&cg, i, rel), "  gone from %s", cg.h[i].mnt);
	cg_free(&cg);
}

/* Restores root's cgroup.subtree_control to `before` (the v2 create
 * enables controllers in every ancestor, the hierarchy root included). */
static void restore_subtree(int rootfd, const char *before)
{
	char now[512], w[64], *p, *sv;

	if (cg_read_at(rootfd, "cgroup.subtree_control", now, sizeof(now)) < 0)
		return;
	for (p = strtok_r(now, " \n", &sv); p; p = strtok_r(NULL, " \n", &sv)) {
		char pad[520];

		snprintf(pad, sizeof(pad), " %s ", before);
		snprintf(w, sizeof(w), " %s ", p);
		if (!strstr(pad, w)) {
			snprintf(w, sizeof(w), "-%s", p);
			cg_write_at(rootfd, "cgroup.subtree_control", w);
		}
	}
}

/* The v2 code alone on the unified hierarchy: enabling controllers,
 * CLONE_INTO_CGROUP, cgroup.kill. */
static void test_v2(void)
{
	char before[512], val[512], rel[128];
	struct sys_clone_args ca;
	struct rl_err e;
	struct cg cg;
	int rfd;
	long pid;

	if (!ok(prepare_at(&cg, "/v2/c", &e) == 0, "v2: prepare"))
		return;
	keep_only(&cg, true);
	if (cg.n == 0) {
		ok(1, "v2 # SKIP no cgroup2 hierarchy");
		cg_free(&cg);
		return;
	}
	rfd = openat(cg.h[0].rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	before[0] = '\0';
	cg_read_at(rfd, "cgroup.subtree_control", before, sizeof(before));
	before[strcspn(before, "\n")] = '\0';
	if (!ok(cg_create(&cg, &e) == 0, "v2: create in %s", cg.h[0].mnt)) {
		diag("%s", e.msg);
		cg_free(&cg);
		close(rfd);
		return;
	}
	ok(cg_v2_fd(&cg) >= 0, "cg_v2_fd given");
	/* every ancestor hands down what it has; the leaf hands down nothing */
	snprintf(rel, sizeof(rel), "%s/v2", base);
	{
		int afd = openat(cg.h[0].rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		char ctl[512];
		bool got;

		ctl[0] = val[0] = '\0';
		got = afd >= 0 && cg_read_at(afd, "cgroup.controllers", ctl, sizeof(ctl)) >= 0 &&
		      cg_read_at(afd, "cgroup.subtree_control", val, sizeof(val)) >= 0;
		val[strcspn(val, "\n")] = ctl[strcspn(ctl, "\n")] = '\0';
		ok(got && !strcmp(ctl, val), "  ancestor's subtree_control = its controllers (\"%s\")", val);
		if (afd >= 0)
			close(afd);
	}
	ok(cg_read_at(cg_v2_fd(&cg), "cgroup.subtree_control", val, sizeof(val)) >= 0 &&
	   (val[0] == '\0' || val[0] == '\n'), "  leaf's subtree_control empty");

	memset(&ca, 0, sizeof(ca));
	ca.flags = SYS_CLONE_INTO_CGROUP;
	ca.exit_signal = SIGCHLD;
	ca.cgroup = (uint64_t)cg_v2_fd(&cg);
	pid = sys_clone3(&ca, sizeof(ca));
	if (pid == 0) {
		for (;;)
			pause();
	}
	if (pid < 0 && errno == ENOSYS) {
		ok(1, "clone3 CLONE_INTO_CGROUP # SKIP clone3: ENOSYS (qemu-user?)");
		pid = spawn_sleeper();
		ok(cg_enter(&cg, (pid_t)pid, &e) == 0, "enter child instead");
	} else {
		ok(pid > 0, "clone3 CLONE_INTO_CGROUP: %s", pid > 0 ? "ok" : strerror(errno));
	}
	if (pid > 0)
		check_placed(&cg, (pid_t)pid, "", "v2");
	ok(cg_destroy(&cg, true, &e) == 0, "destroy with kill (cgroup.kill)");
	if (pid > 0)
		ok(killed_by((pid_t)pid, SIGKILL), "  child SIGKILLed");
	ok(!exists_in(&cg, 0, base), "  gone");
	restore_subtree(rfd, before);
	cg_read_at(rfd, "cgroup.subtree_control", val, sizeof(val));
	val[strcspn(val, "\n")] = '\0';
	is_str(val, before, "root subtree_control put back");
	close(rfd);
	cg_free(&cg);
}

int main(void)
{
	struct statfs sf;

	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(base, sizeof(base), "runlet-unit-%d", (int)getpid());
	test_paths();
	test_mountinfo();
	test_serial_forms();
	test_res_weights();
	test_res_swap();
	test_res_cpu_max();
	test_res_unified_keys();
	test_res_hugetlb_names();
	test_res_check();

	if (statfs(CG_ROOT, &sf) < 0) {
		ok(1, "host tests # SKIP no %s", CG_ROOT);
		return done_testing();
	}
	test_detect();
	if (geteuid() != 0) {
		ok(1, "lifecycle tests # SKIP not root");
		return done_testing();
	}
	/* grandchildren killed in the cgroup come back to us to be reaped */
	subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
	test_lifecycle();
	test_restore();
	test_v1_kill();
	test_v2();
	cleanup_host();
	return done_testing();
}
