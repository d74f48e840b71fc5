// SPDX-License-Identifier: MIT
/*
 * Process attributes and capabilities: the plan the parent builds from a
 * config (cpu lists, capability masks, scheduler/ioprio values, the error
 * messages), then real runs of the child side: a forked child applies a
 * plan with proc_setup_early, proc_drop_privileges and proc_set_nnp and
 * reports what the kernel says it now is (/proc/thread-self/status,
 * getrlimit, umask, sched_getattr, ioprio_get, personality, oom_score_adj,
 * its session keyring), which is compared with the plan.
 *
 * Needs root for the child runs (skipped otherwise). Assumes nothing about
 * CAP_SYS_RESOURCE: what depends on it is checked both ways.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "config.h"
#include "procattr.h"
#include "sys.h"
#include "tables.h"
#include "tap.h"

#define CAP(n) (1ULL << (n))
#define C_CHOWN 0
#define C_KILL 5
#define C_SETPCAP 8
#define C_NET_BIND_SERVICE 10
#define C_NET_RAW 13
#define C_SYS_ADMIN 21
#define C_SYS_RESOURCE 24
#define C_AUDIT_WRITE 29
#define C_PERFMON 38
#define C_BPF 39
#define C_CHECKPOINT_RESTORE 40

static uint64_t self_bnd, self_prm;    /* this process's sets */
static bool have_sys_resource;
static bool in_qemu;                   /* a foreign kernel: qemu-user */

/* ---- config → plan ------------------------------------------------------ */

/* Parses {"ociVersion", "root", "process": {cwd, args, <proc>}, "linux": {<lnx>}}. */
static int parse(struct spec *s, const char *proc, const char *lnx, struct rl_err *e)
{
	size_t cap = strlen(proc) + strlen(lnx) + 256;
	char *buf = malloc(cap);
	int n;

	if (!buf)
		bail_out("out of memory");
	n = snprintf(buf, cap,
		     "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"},"
		     " \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], %s},"
		     " \"linux\": {%s}}", proc, lnx);
	if (n < 0 || (size_t)n >= cap)
		bail_out("config too long");
	return config_parse(s, buf, (size_t)n, "config.json", e);
}

/* Builds a plan; on failure returns -1 with e filled and nothing to free. */
static int plan(struct proc_plan *pp, const char *proc, const char *lnx, struct rl_err *e)
{
	struct spec s;
	int r;

	memset(&s, 0, sizeof(s));
	memset(e, 0, sizeof(*e));
	if (parse(&s, proc, lnx, e) < 0) {
		diag("config: %s", e->msg);
		memset(pp, 0, sizeof(*pp));
		return -1;
	}
	r = proc_plan_build(pp, &s, e);
	spec_free(&s);
	return r;
}

static void plan_err(const char *proc, const char *lnx, const char *want,
		     const char *what)
{
	struct proc_plan pp;
	struct rl_err e;

	if (plan(&pp, proc, lnx, &e) == 0) {
		ok(0, "%s: rejected", what);
		proc_plan_free(&pp);
		return;
	}
	is_str(e.msg, want, "%s", what);
}

static void test_cpulist(void)
{
	static const struct { const char *s; uint64_t w0; size_t size; } good[] = {
		{ "0", 0x1, 8 }, { "7", 0x80, 8 }, { "0-3,7", 0x8f, 8 },
		{ "1,1,1", 0x2, 8 }, { "2-2", 0x4, 8 }, { "63", 1ULL << 63, 8 },
		{ "0,64", 0x1, 16 }, { "000", 0x1, 8 },
	};
	static const struct { const char *s, *why; } bad[] = {
		{ "x", "expected a cpu number at \"x\"" },
		{ "1,", "expected a cpu number at the end" },
		{ ",1", "expected a cpu number at \",1\"" },
		{ "1-", "expected a cpu number at the end" },
		{ "-1", "expected a cpu number at \"-1\"" },
		{ " 1", "expected a cpu number at \" 1\"" },
		{ "1 ", "unexpected \" \"" },
		{ "3-1", "range 3-1 is reversed" },
		{ "1;2", "unexpected \";2\"" },
		{ "8192", "cpu number above 8191" },
		{ "99999999999999999999999", "cpu number above 8191" },
		{ "0-3:2", "unexpected \":2\"" },
	};
	struct proc_cpumask m;
	char why[128];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why[0] = '\0';
		if (!ok(proc_cpulist_parse(good[i].s, &m, why, sizeof(why)) == 0,
			"cpu list \"%s\" parses", good[i].s)) {
			diag("%s", why);
			continue;
		}
		ok(m.set, "cpu list \"%s\": set", good[i].s);
		is_uint(m.bits[0], good[i].w0, "cpu list \"%s\": first word", good[i].s);
		is_uint(m.size, good[i].size, "cpu list \"%s\": size", good[i].s);
	}
	ok(proc_cpulist_parse("0-8191", &m, why, sizeof(why)) == 0 &&
	   m.bits[PROC_CPU_WORDS - 1] == ~0UL && m.size == sizeof(m.bits),
	   "cpu list \"0-8191\" fills the mask");
	ok(proc_cpulist_parse("", &m, why, sizeof(why)) == 0 && !m.set,
	   "empty cpu list means unset");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		ok(proc_cpulist_parse(bad[i].s, &m, why, sizeof(why)) == -1,
		   "cpu list \"%s\" is rejected", bad[i].s);
		is_str(why, bad[i].why, "cpu list \"%s\": reason", bad[i].s);
	}
	plan_err("\"user\": {\"uid\": 0, \"gid\": 0}, \"execCPUAffinity\": {\"initial\": \"x\"}", "",
		 "config.json: process.execCPUAffinity.initial: invalid cpu list \"x\": "
		 "expected a cpu number at \"x\"", "execCPUAffinity.initial error");
	plan_err("\"user\": {\"uid\": 0, \"gid\": 0}, \"execCPUAffinity\": {\"initial\": \"0\", \"final\": \"3-1\"}", "",
		 "config.json: process.execCPUAffinity.final: invalid cpu list \"3-1\": "
		 "range 3-1 is reversed", "execCPUAffinity.final error");
}

static void test_caps_resolve(void)
{
	uint64_t want[CAPSET_N] = { 0 }, all = caps_all(40);
	struct caps_plan cp;
	char buf[512];

	is_uint(caps_all(40), (1ULL << 41) - 1, "caps_all(40)");
	is_uint(caps_all(63), ~0ULL, "caps_all(63)");
	is_uint(caps_all(70), ~0ULL, "caps_all(70)");

	/* Everything grantable: the request passes through. */
	want[CAPSET_BOUNDING] = CAP(C_CHOWN) | CAP(C_KILL) | CAP(C_NET_BIND_SERVICE);
	want[CAPSET_PERMITTED] = CAP(C_CHOWN) | CAP(C_NET_BIND_SERVICE);
	want[CAPSET_EFFECTIVE] = CAP(C_CHOWN);
	want[CAPSET_INHERITABLE] = CAP(C_NET_BIND_SERVICE);
	want[CAPSET_AMBIENT] = CAP(C_NET_BIND_SERVICE);
	caps_resolve(want, 40, all, all, &cp);
	ok(memcmp(cp.set, want, sizeof(want)) == 0, "grantable request is kept as is");
	ok(!cp.unknown && !cp.ungranted[0] && !cp.ungranted[1] && !cp.ungranted[2] &&
	   !cp.ungranted[3] && !cp.ungranted[4], "nothing ignored");
	is_int(caps_describe_ignored(&cp, buf, sizeof(buf)), 0, "no warning text");

	/* A kernel whose last cap is 37, a runtime without CAP_SYS_RESOURCE. */
	want[CAPSET_BOUNDING] |= CAP(C_SYS_RESOURCE) | CAP(C_PERFMON) | CAP(C_BPF);
	want[CAPSET_PERMITTED] |= CAP(C_SYS_RESOURCE) | CAP(C_CHECKPOINT_RESTORE);
	want[CAPSET_EFFECTIVE] |= CAP(C_KILL);          /* not permitted */
	want[CAPSET_AMBIENT] |= CAP(C_CHOWN);           /* not inheritable */
	want[CAPSET_INHERITABLE] |= CAP(C_NET_RAW);     /* not in bounding */
	caps_resolve(want, 37, caps_all(37) & ~CAP(C_SYS_RESOURCE),
		     caps_all(37) & ~CAP(C_SYS_RESOURCE), &cp);
	is_int(cp.last_cap, 37, "last_cap recorded");
	is_uint(cp.unknown, CAP(C_PERFMON) | CAP(C_BPF) | CAP(C_CHECKPOINT_RESTORE),
		"caps above the kernel's last are unknown");
	is_uint(cp.set[CAPSET_BOUNDING], CAP(C_CHOWN) | CAP(C_KILL) | CAP(C_NET_BIND_SERVICE),
		"bounding without the unknown and the ungrantable");
	is_uint(cp.ungranted[CAPSET_BOUNDING], CAP(C_SYS_RESOURCE), "bounding: ungranted");
	is_uint(cp.set[CAPSET_PERMITTED], CAP(C_CHOWN) | CAP(C_NET_BIND_SERVICE), "permitted");
	is_uint(cp.ungranted[CAPSET_PERMITTED], CAP(C_SYS_RESOURCE), "permitted: ungranted");
	is_uint(cp.set[CAPSET_EFFECTIVE], CAP(C_CHOWN), "effective limited to permitted");
	is_uint(cp.ungranted[CAPSET_EFFECTIVE], CAP(C_KILL), "effective: ungranted");
	is_uint(cp.set[CAPSET_INHERITABLE], CAP(C_NET_BIND_SERVICE),
		"inheritable limited to the new bounding set");
	is_uint(cp.ungranted[CAPSET_INHERITABLE], CAP(C_NET_RAW), "inheritable: ungranted");
	is_uint(cp.set[CAPSET_AMBIENT], CAP(C_NET_BIND_SERVICE),
		"ambient limited to permitted and inheritable");
	is_uint(cp.ungranted[CAPSET_AMBIENT], CAP(C_CHOWN), "ambient: ungranted");
	caps_describe_ignored(&cp, buf, sizeof(buf));
	is_str(buf, "capabilities unknown to the kernel (last is 37): CAP_PERFMON, CAP_BPF, "
		    "CAP_CHECKPOINT_RESTORE; not grantable here: bounding: CAP_SYS_RESOURCE; "
		    "effective: CAP_KILL; inheritable: CAP_NET_RAW; permitted: CAP_SYS_RESOURCE; "
		    "ambient: CAP_CHOWN", "warning text");
	caps_describe_ignored(&cp, buf, 40);
	is_int((intmax_t)strlen(buf), 39, "warning text truncates");
	is_str(caps_names(CAP(0) | CAP(45) | CAP(63), buf, sizeof(buf)), "CAP_CHOWN, 45, 63",
	       "caps_names: numbers for caps without a name");

	{
		struct sys_cap_data d[SYS_CAP_U32S];
		uint64_t e, p, i;

		caps_to_data(CAP(1) | CAP(40), CAP(33), CAP(0) | CAP(63), d);
		ok(d[0].effective == 2 && d[1].effective == 0x100 && d[0].permitted == 0 &&
		   d[1].permitted == 2 && d[0].inheritable == 1 && d[1].inheritable == 0x80000000U,
		   "caps_to_data splits 64 bits over two u32s");
		caps_from_data(d, &e, &p, &i);
		ok(e == (CAP(1) | CAP(40)) && p == CAP(33) && i == (CAP(0) | CAP(63)),
		   "caps_from_data round trip");
	}
}

#define FULL_CAPS \
	"\"capabilities\": {" \
	"\"bounding\": [\"CAP_CHOWN\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\", \"CAP_AUDIT_WRITE\", \"CAP_SYS_RESOURCE\"]," \
	"\"effective\": [\"CAP_CHOWN\", \"CAP_KILL\"]," \
	"\"permitted\": [\"CAP_CHOWN\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"]," \
	"\"inheritable\": [\"CAP_NET_BIND_SERVICE\"]," \
	"\"ambient\": [\"CAP_NET_BIND_SERVICE\"]}"

#define FULL_PROC \
	"\"user\": {\"uid\": 1000, \"gid\": 1001, \"umask\": 23, \"additionalGids\": [5, 6, 100000]}, " \
	FULL_CAPS ", " \
	"\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 512, \"hard\": 1024}," \
	"              {\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 0}," \
	"              {\"type\": \"RLIMIT_MSGQUEUE\", \"soft\": 4096, \"hard\": 8192}], " \
	"\"noNewPrivileges\": true, \"oomScoreAdj\": 500, " \
	"\"scheduler\": {\"policy\": \"SCHED_BATCH\", \"nice\": 7}, " \
	"\"ioPriority\": {\"class\": \"IOPRIO_CLASS_BE\", \"priority\": 6}, " \
	"\"execCPUAffinity\": {\"initial\": \"0\", \"final\": \"0-3,7\"}"

static void test_plan_values(void)
{
	struct proc_plan pp;
	struct rl_err e;
	uint64_t bnd = CAP(C_CHOWN) | CAP(C_KILL) | CAP(C_NET_BIND_SERVICE) |
		       CAP(C_AUDIT_WRITE) | CAP(C_SYS_RESOURCE);
	uint64_t prm = CAP(C_CHOWN) | CAP(C_KILL) | CAP(C_NET_BIND_SERVICE);

	if (!ok(plan(&pp, FULL_PROC, "\"personality\": {\"domain\": \"LINUX32\"}", &e) == 0,
		"full plan builds")) {
		diag("%s", e.msg);
		return;
	}
	is_uint(pp.uid, 1000, "uid");
	is_uint(pp.gid, 1001, "gid");
	ok(pp.n_gids == 3 && pp.gids[0] == 5 && pp.gids[1] == 6 && pp.gids[2] == 100000,
	   "additionalGids copied");
	ok(pp.umask_set && pp.umask == 027, "umask");
	is_uint(pp.caps.set[CAPSET_BOUNDING], bnd & self_bnd, "bounding mask");
	is_uint(pp.caps.ungranted[CAPSET_BOUNDING], bnd & ~self_bnd,
		"bounding: what this runtime lacks is ungranted");
	is_uint(pp.caps.set[CAPSET_PERMITTED], prm & self_prm, "permitted mask");
	is_uint(pp.caps.set[CAPSET_EFFECTIVE], CAP(C_CHOWN) | CAP(C_KILL), "effective mask");
	is_uint(pp.caps.set[CAPSET_INHERITABLE], CAP(C_NET_BIND_SERVICE), "inheritable mask");
	is_uint(pp.caps.set[CAPSET_AMBIENT], CAP(C_NET_BIND_SERVICE), "ambient mask");
	ok(pp.caps.last_cap >= 37, "last cap read (%d)", pp.caps.last_cap);
	ok(pp.no_new_privs, "noNewPrivileges");
	if (is_int((intmax_t)pp.n_rlimits, 3, "rlimits: count")) {
		ok(pp.rlimits[0].resource == RLIMIT_NOFILE && pp.rlimits[0].soft == 512 &&
		   pp.rlimits[0].hard == 1024, "rlimits[0]");
		is_str(pp.rlimits[0].name, "RLIMIT_NOFILE", "rlimits[0] name");
		ok(pp.rlimits[1].resource == RLIMIT_CORE && pp.rlimits[1].soft == 0 &&
		   pp.rlimits[1].hard == 0, "rlimits[1]");
	}
	ok(pp.oom_set && pp.oom_score_adj == 500, "oomScoreAdj");
	ok(pp.sched_set && pp.sched.size == 56 && pp.sched.sched_policy == 3 &&
	   pp.sched.sched_nice == 7 && pp.sched.sched_priority == 0, "scheduler attr");
	is_str(pp.sched_policy, "SCHED_BATCH", "scheduler policy name");
	ok(pp.ioprio_set, "ioPriority set");
	is_int(pp.ioprio, 2 << 13 | 6, "ioPriority value is class << 13 | level");
	ok(pp.aff_initial.set && pp.aff_initial.bits[0] == 1, "execCPUAffinity.initial mask");
	ok(pp.aff_final.set && pp.aff_final.bits[0] == 0x8f, "execCPUAffinity.final mask");
	ok(pp.personality_set && pp.personality == 8, "personality LINUX32");
	ok(!pp.userns, "no user namespace");
	ok(pp.procfd == -1 && !pp.no_new_keyring && !pp.setgroups_denied && !pp.keyring_name,
	   "caller fields default");
	ok(proc_plan_set_keyring(&pp, "ctr1", &e) == 0 && pp.keyring_name &&
	   strcmp(pp.keyring_name, "_ses.ctr1") == 0, "keyring name");
	proc_plan_free(&pp);
	ok(pp.gids == NULL && pp.keyring_name == NULL && pp.procfd == -1, "free zeroes");
	proc_plan_free(&pp);
	ok(1, "free twice is harmless");

	/* No capabilities object: empty sets, like runc. */
	if (ok(plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}", "", &e) == 0, "bare plan builds")) {
		ok(!pp.caps.set[0] && !pp.caps.set[1] && !pp.caps.set[2] && !pp.caps.set[3] &&
		   !pp.caps.set[4], "no capabilities object: every set empty");
		ok(!pp.umask_set && !pp.sched_set && !pp.ioprio_set && !pp.oom_set &&
		   !pp.aff_initial.set && !pp.aff_final.set && !pp.personality_set &&
		   !pp.n_rlimits && !pp.n_gids && !pp.n_lsm && !pp.no_new_privs,
		   "bare plan sets nothing else");
		proc_plan_free(&pp);
	}
	/* A present but partial capabilities object: missing sets are empty. */
	if (ok(plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}, \"capabilities\": "
			 "{\"bounding\": [\"CAP_KILL\"]}", "", &e) == 0, "partial caps plan builds")) {
		ok(pp.caps.set[CAPSET_BOUNDING] == CAP(C_KILL) && !pp.caps.set[CAPSET_PERMITTED] &&
		   !pp.caps.set[CAPSET_EFFECTIVE], "only bounding set");
		proc_plan_free(&pp);
	}
	/* In a user namespace every capability can be granted. */
	if (ok(plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}, " FULL_CAPS,
		    "\"namespaces\": [{\"type\": \"user\"}, {\"type\": \"mount\"}]", &e) == 0,
	       "userns plan builds")) {
		ok(pp.userns, "userns flag");
		is_uint(pp.caps.set[CAPSET_BOUNDING], bnd, "userns: bounding as asked");
		is_uint(pp.caps.ungranted[CAPSET_BOUNDING], 0, "userns: nothing ungranted");
		proc_plan_free(&pp);
	}
	if (ok(plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}, "
			 "\"scheduler\": {\"policy\": \"SCHED_DEADLINE\", \"runtime\": 10000,"
			 " \"deadline\": 20000, \"period\": 40000, \"flags\": [\"SCHED_FLAG_RESET_ON_FORK\"]}",
		    "", &e) == 0, "SCHED_DEADLINE plan builds")) {
		ok(pp.sched.sched_policy == 6 && pp.sched.sched_runtime == 10000 &&
		   pp.sched.sched_deadline == 20000 && pp.sched.sched_period == 40000 &&
		   pp.sched.sched_flags == 1, "SCHED_DEADLINE attr");
		proc_plan_free(&pp);
	}
}

static void test_plan_errors(void)
{
	static const char u[] = "\"user\": {\"uid\": 0, \"gid\": 0}, ";
	char proc[512];

#define SCHED_ERR(body, want, what) do {                                    \
	snprintf(proc, sizeof(proc), "%s\"scheduler\": {%s}", u, body);     \
	plan_err(proc, "", want, what);                                     \
} while (0)
	SCHED_ERR("\"policy\": \"SCHED_FIFO\"",
		  "config.json: process.scheduler.priority: must be 1 to 99 for SCHED_FIFO",
		  "SCHED_FIFO without priority");
	SCHED_ERR("\"policy\": \"SCHED_RR\", \"priority\": 100",
		  "config.json: process.scheduler.priority: must be 1 to 99 for SCHED_RR",
		  "SCHED_RR priority 100");
	SCHED_ERR("\"policy\": \"SCHED_OTHER\", \"priority\": 5",
		  "config.json: process.scheduler.priority: must be 0 for SCHED_OTHER",
		  "SCHED_OTHER with a priority");
	SCHED_ERR("\"policy\": \"SCHED_ISO\"",
		  "config.json: process.scheduler.policy: SCHED_ISO is reserved: the Linux kernel has no such policy",
		  "SCHED_ISO");
	SCHED_ERR("\"policy\": \"SCHED_DEADLINE\", \"runtime\": 100, \"deadline\": 1000",
		  "config.json: process.scheduler.runtime: must be at least 1024 (ns) for SCHED_DEADLINE",
		  "SCHED_DEADLINE runtime too small");
	SCHED_ERR("\"policy\": \"SCHED_DEADLINE\", \"runtime\": 2000, \"deadline\": 1500",
		  "config.json: process.scheduler.deadline: must be at least runtime for SCHED_DEADLINE",
		  "SCHED_DEADLINE deadline < runtime");
	SCHED_ERR("\"policy\": \"SCHED_DEADLINE\", \"runtime\": 2000, \"deadline\": 3000, \"period\": 2500",
		  "config.json: process.scheduler.period: must be 0 or at least deadline for SCHED_DEADLINE",
		  "SCHED_DEADLINE period < deadline");
	SCHED_ERR("\"policy\": \"SCHED_DEADLINE\", \"runtime\": 2000, \"deadline\": 3000, \"priority\": 1",
		  "config.json: process.scheduler.priority: must be 0 for SCHED_DEADLINE",
		  "SCHED_DEADLINE with a priority");
#undef SCHED_ERR

	/* LSMs: an error unless the host has them (this one need not). */
	{
		struct proc_plan pp;
		struct rl_err e;
		char buf[8] = "";
		int fd, aa;

		fd = open("/sys/kernel/security/lsm", O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			char l[512] = "";
			ssize_t n = read(fd, l, sizeof(l) - 1);

			close(fd);
			aa = n > 0 && strstr(l, "apparmor") != NULL;
		} else {
			fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
			aa = fd >= 0 && read(fd, buf, 1) == 1 && buf[0] == 'Y';
			if (fd >= 0)
				close(fd);
		}
		snprintf(proc, sizeof(proc), "%s\"apparmorProfile\": \"runlet-test\"", u);
		if (aa) {
			if (ok(plan(&pp, proc, "", &e) == 0, "apparmorProfile accepted (AppArmor on)")) {
				is_str(pp.lsm[0].data, "exec runlet-test", "AppArmor data");
				proc_plan_free(&pp);
			}
		} else {
			plan_err(proc, "", "config.json: process.apparmorProfile: AppArmor is not enabled on this host",
				 "apparmorProfile without AppArmor");
		}
		snprintf(proc, sizeof(proc), "%s\"apparmorProfile\": \"\"", u);
		if (ok(plan(&pp, proc, "", &e) == 0, "empty apparmorProfile means none")) {
			is_int((intmax_t)pp.n_lsm, 0, "no LSM label");
			proc_plan_free(&pp);
		}
		if (access("/sys/fs/selinux/enforce", F_OK) != 0) {
			snprintf(proc, sizeof(proc), "%s\"selinuxLabel\": \"system_u:system_r:container_t:s0\"", u);
			plan_err(proc, "", "config.json: process.selinuxLabel: SELinux is not enabled on this host",
				 "selinuxLabel without SELinux");
		}
	}
}

/* ---- child runs --------------------------------------------------------- */

struct report {
	int failed;                     /* 0, or 1/2/3: which step failed */
	struct child_err ce;
	uint64_t cap[CAPSET_N];         /* from status, by CAPSET_* */
	int nnp;
	unsigned uid[4], gid[4];
	unsigned groups[16];
	int n_groups;
	uint64_t rl_cur[PROC_RLIMIT_MAX], rl_max[PROC_RLIMIT_MAX];
	unsigned umask;
	struct proc_sched_attr sched;
	long sched_rc;
	int sched_errno;
	long ioprio;
	long persona;
	int oom;
	long keyring;
	char keydesc[256];
};

static void read_status(struct report *r)
{
	static const struct { const char *key; int set; } capkeys[] = {
		{ "CapInh:", CAPSET_INHERITABLE }, { "CapPrm:", CAPSET_PERMITTED },
		{ "CapEff:", CAPSET_EFFECTIVE }, { "CapBnd:", CAPSET_BOUNDING },
		{ "CapAmb:", CAPSET_AMBIENT },
	};
	char line[1024];
	FILE *f = fopen("/proc/thread-self/status", "re");
	size_t i;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; i < sizeof(capkeys) / sizeof(capkeys[0]); i++)
			if (!strncmp(line, capkeys[i].key, strlen(capkeys[i].key)))
				r->cap[capkeys[i].set] = strtoull(line + strlen(capkeys[i].key), NULL, 16);
		if (!strncmp(line, "NoNewPrivs:", 11))
			r->nnp = atoi(line + 11);
		else if (!strncmp(line, "Uid:", 4))
			sscanf(line + 4, "%u %u %u %u", &r->uid[0], &r->uid[1], &r->uid[2], &r->uid[3]);
		else if (!strncmp(line, "Gid:", 4))
			sscanf(line + 4, "%u %u %u %u", &r->gid[0], &r->gid[1], &r->gid[2], &r->gid[3]);
		else if (!strncmp(line, "Groups:", 7)) {
			char *p = line + 7, *end;

			for (;;) {
				unsigned long g = strtoul(p, &end, 10);

				if (end == p || r->n_groups >= 16)
					break;
				r->groups[r->n_groups++] = (unsigned)g;
				p = end;
			}
		}
	}
	fclose(f);
}

/* Forks a child that applies pp and reports; returns the report. With
 * userns, the child first unshares a user namespace in which container ids
 * 0..65535 are host ids 100000..165535 (failed = 9 if it cannot). */
static void run_child_ns(const struct proc_plan *pp, struct report *r, bool userns)
{
	int fds[2], up[2], down[2], st, err = 0;
	pid_t pid;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	if (pipe(fds) < 0 || pipe(up) < 0 || pipe(down) < 0)
		bail_out("pipe: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		bail_out("fork: %s", strerror(errno));
	if (pid == 0) {
		struct report c;
		size_t i;
		char go;
		int fd;

		close(fds[0]);
		close(up[0]);
		close(down[1]);
		memset(&c, 0, sizeof(c));
		if (userns) {
			err = sys_unshare(SYS_CLONE_NEWUSER) < 0 ? errno : 0;
			if (write(up[1], &err, sizeof(err)) != (ssize_t)sizeof(err) ||
			    read(down[0], &go, 1) != 1)
				_exit(3);
			if (err) {
				c.failed = 9;
				c.ce.errnum = err;
				goto report;
			}
		}
		if (proc_setup_early(pp, &c.ce) < 0)
			c.failed = 1;
		else if (proc_drop_privileges(pp, &c.ce) < 0)
			c.failed = 2;
		else if (proc_set_nnp(pp, &c.ce) < 0)
			c.failed = 3;
		read_status(&c);
		for (i = 0; i < pp->n_rlimits; i++) {
			struct rlimit rl;

			getrlimit(pp->rlimits[i].resource, &rl);
			c.rl_cur[i] = rl.rlim_cur == RLIM_INFINITY ? ~0ULL : rl.rlim_cur;
			c.rl_max[i] = rl.rlim_max == RLIM_INFINITY ? ~0ULL : rl.rlim_max;
		}
		c.umask = (unsigned)umask(0);
		c.sched_rc = syscall(RL_NR_sched_getattr, 0L, (long)(uintptr_t)&c.sched,
				     (long)sizeof(c.sched), 0L);
		c.sched_errno = c.sched_rc < 0 ? errno : 0;
		c.ioprio = syscall(RL_NR_ioprio_get, 1L, 0L);
		c.persona = syscall(RL_NR_personality, 0xffffffffL);
		c.oom = -9999;
		fd = open("/proc/self/oom_score_adj", O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			char b[16] = "";

			if (read(fd, b, sizeof(b) - 1) > 0)
				c.oom = atoi(b);
			close(fd);
		}
		/* KEYCTL_GET_KEYRING_ID of KEY_SPEC_SESSION_KEYRING, no create */
		c.keyring = syscall(RL_NR_keyctl, 0L, -3L, 0L, 0L, 0L);
		if (c.keyring > 0 &&
		    syscall(RL_NR_keyctl, 6L, c.keyring, (long)(uintptr_t)c.keydesc,
			    (long)sizeof(c.keydesc), 0L) < 0)
			c.keydesc[0] = '\0';
		c.keydesc[sizeof(c.keydesc) - 1] = '\0';
report:
		if (write(fds[1], &c, sizeof(c)) != (ssize_t)sizeof(c))
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	close(up[1]);
	close(down[0]);
	if (userns) {
		if (read(up[0], &err, sizeof(err)) != (ssize_t)sizeof(err))
			err = EIO;
		if (!err) {
			static const char map[] = "0 100000 65536\n";
			const char *files[2] = { "uid_map", "gid_map" };
			char path[64];
			int i, fd;

			for (i = 0; i < 2; i++) {
				snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, files[i]);
				fd = open(path, O_WRONLY | O_CLOEXEC);
				if (fd < 0 || write(fd, map, sizeof(map) - 1) != (ssize_t)sizeof(map) - 1)
					bail_out("write %s: %s", path, strerror(errno));
				close(fd);
			}
		}
		if (write(down[1], "g", 1) != 1)
			bail_out("go: %s", strerror(errno));
	}
	close(up[0]);
	close(down[1]);
	n = read(fds[0], r, sizeof(*r));
	close(fds[0]);
	waitpid(pid, &st, 0);
	if (n != (ssize_t)sizeof(*r))
		bail_out("child report: %zd bytes", n);
	r->ce.msg[sizeof(r->ce.msg) - 1] = '\0';
}

static void run_child(const struct proc_plan *pp, struct report *r)
{
	run_child_ns(pp, r, false);
}

/* Does a raw setgroups of 32-bit gids come back as such? Asked only under
 * qemu-user, whose sparc targets translate 16-bit ids. */
static bool setgroups_roundtrips(void)
{
	uint32_t g[2] = { 5, 100000 };
	struct report r;
	int fds[2], st;
	pid_t pid;

	memset(&r, 0, sizeof(r));
	if (pipe(fds) < 0)
		return false;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		syscall(RL_NR_setgroups, 2L, (long)(uintptr_t)g);
		read_status(&r);
		_exit(write(fds[1], &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.n_groups = 0;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	return r.n_groups == 2 && r.groups[0] == 5 && r.groups[1] == 100000;
}

static void test_child_full(void)
{
	struct proc_plan pp;
	struct report r;
	struct rl_err e;
	long parent_keyring = syscall(RL_NR_keyctl, 0L, -3L, 0L, 0L, 0L);
	size_t i;

	if (!ok(plan(&pp, FULL_PROC, "\"personality\": {\"domain\": \"LINUX32\"}", &e) == 0,
		"full plan builds for the child run")) {
		diag("%s", e.msg);
		return;
	}
	if (proc_plan_set_keyring(&pp, "runlet-unit-test", &e) < 0)
		bail_out("%s", e.msg);
	run_child(&pp, &r);
	if (!is_int(r.failed, 0, "full: every step succeeds"))
		diag("step %d: %s (errno %d: %s)", r.failed, r.ce.msg, r.ce.errnum,
		     strerror(r.ce.errnum));
	is_uint(r.cap[CAPSET_BOUNDING], pp.caps.set[CAPSET_BOUNDING], "CapBnd as planned");
	is_uint(r.cap[CAPSET_PERMITTED], pp.caps.set[CAPSET_PERMITTED], "CapPrm as planned");
	is_uint(r.cap[CAPSET_EFFECTIVE], pp.caps.set[CAPSET_EFFECTIVE], "CapEff as planned");
	is_uint(r.cap[CAPSET_INHERITABLE], pp.caps.set[CAPSET_INHERITABLE], "CapInh as planned");
	is_uint(r.cap[CAPSET_AMBIENT], pp.caps.set[CAPSET_AMBIENT], "CapAmb as planned");
	ok(!(r.cap[CAPSET_BOUNDING] & CAP(C_SYS_ADMIN)), "CAP_SYS_ADMIN gone from bounding");
	is_int(r.nnp, 1, "NoNewPrivs");
	ok(r.uid[0] == 1000 && r.uid[1] == 1000 && r.uid[2] == 1000 && r.uid[3] == 1000,
	   "uid real/effective/saved/fs = 1000");
	ok(r.gid[0] == 1001 && r.gid[1] == 1001 && r.gid[2] == 1001 && r.gid[3] == 1001,
	   "gid real/effective/saved/fs = 1001");
	if (in_qemu && !setgroups_roundtrips())
		ok(1, "supplementary groups # SKIP qemu-user emulates setgroups with 16-bit "
		      "gids for this target (the kernel's are 32-bit)");
	else
		ok(r.n_groups == 3 && r.groups[0] == 5 && r.groups[1] == 6 &&
		   r.groups[2] == 100000, "supplementary groups are additionalGids");
	for (i = 0; i < pp.n_rlimits; i++)
		ok(r.rl_cur[i] == pp.rlimits[i].soft && r.rl_max[i] == pp.rlimits[i].hard,
		   "%s is %" PRIu64 "/%" PRIu64, pp.rlimits[i].name, pp.rlimits[i].soft,
		   pp.rlimits[i].hard);
	is_int(r.umask, 027, "umask (23 in JSON is 027)");
	is_int(r.oom, 500, "oom_score_adj");
	is_int(r.persona & 0xff, 8, "personality LINUX32");
	is_int(r.ioprio, 2 << 13 | 6, "ioprio_get: BE level 6");
	if (r.sched_rc < 0 && r.sched_errno == ENOSYS) {
		ok(1, "scheduler # SKIP sched_getattr: ENOSYS (not emulated by qemu-user)");
	} else {
		ok(r.sched_rc == 0 && r.sched.sched_policy == 3 && r.sched.sched_nice == 7,
		   "sched_getattr: SCHED_BATCH nice 7");
	}
	if (parent_keyring < 0 && errno == ENOSYS) {
		ok(1, "session keyring # SKIP keyctl: ENOSYS (kernel without keys, or qemu-user)");
	} else {
		ok(r.keyring > 0 && r.keyring != parent_keyring, "a new session keyring");
		ok(strstr(r.keydesc, ";_ses.runlet-unit-test") != NULL, "named _ses.<id> (%s)",
		   r.keydesc);
		{
			/* keyring;uid;gid;perm;name: the user may search it */
			const char *p = r.keydesc;
			int semis = 0;

			while (*p && semis < 3)
				if (*p++ == ';')
					semis++;
			ok(strtoul(p, NULL, 16) & 0x00080000UL, "KEY_USR_SEARCH added");
		}
	}
	proc_plan_free(&pp);
}

static void test_child_bare(void)
{
	struct proc_plan pp;
	struct report r;
	struct rl_err e;
	long parent_keyring = syscall(RL_NR_keyctl, 0L, -3L, 0L, 0L, 0L);
	mode_t old = umask(0);

	umask(old);
	if (!ok(plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}", "", &e) == 0, "bare plan")) {
		diag("%s", e.msg);
		return;
	}
	pp.no_new_keyring = true;
	run_child(&pp, &r);
	if (!is_int(r.failed, 0, "bare: every step succeeds"))
		diag("step %d: %s (errno %d)", r.failed, r.ce.msg, r.ce.errnum);
	ok(!r.cap[0] && !r.cap[1] && !r.cap[2] && !r.cap[3] && !r.cap[4],
	   "no capabilities object: all five sets empty, root included");
	is_int(r.nnp, 0, "no NoNewPrivs unless asked");
	ok(r.uid[0] == 0 && r.uid[1] == 0 && r.gid[0] == 0, "uid/gid 0");
	is_int(r.n_groups, 0, "supplementary groups cleared");
	is_int(r.umask, (intmax_t)old, "umask unchanged when unset");
	if (!(parent_keyring < 0 && errno == ENOSYS))
		is_int(r.keyring, parent_keyring, "--no-new-keyring keeps the session keyring");
	proc_plan_free(&pp);
}

static void test_child_errors(void)
{
	struct proc_plan pp;
	struct report r;
	struct rl_err e;
	struct rlimit rl;
	char proc[512], want[256];

	/* A hard limit above the current one. */
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 1U << 30) {
		ok(1, "raising a hard limit # SKIP nofile hard limit is unlimited here");
	} else {
		snprintf(proc, sizeof(proc), "\"user\": {\"uid\": 0, \"gid\": 0}, \"rlimits\": "
			 "[{\"type\": \"RLIMIT_NOFILE\", \"soft\": 64, \"hard\": %llu}]",
			 (unsigned long long)rl.rlim_max + 1);
		if (plan(&pp, proc, "", &e) == 0) {
			pp.no_new_keyring = true;
			run_child(&pp, &r);
			if (have_sys_resource) {
				is_int(r.failed, 0, "raising nofile's hard limit with CAP_SYS_RESOURCE");
			} else {
				snprintf(want, sizeof(want), "setrlimit RLIMIT_NOFILE: raising the hard limit "
					 "from %llu to %llu needs CAP_SYS_RESOURCE",
					 (unsigned long long)rl.rlim_max,
					 (unsigned long long)rl.rlim_max + 1);
				is_int(r.failed, 1, "raising nofile's hard limit fails early");
				is_str(r.ce.msg, want, "and says why");
				is_int(r.ce.errnum, EPERM, "with EPERM");
			}
			proc_plan_free(&pp);
		}
	}

	/* additionalGids in a user namespace that denies setgroups. */
	if (plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0, \"additionalGids\": [1]}", "", &e) == 0) {
		pp.no_new_keyring = true;
		pp.setgroups_denied = true;
		run_child(&pp, &r);
		is_int(r.failed, 2, "additionalGids with setgroups denied fails");
		is_str(r.ce.msg, "process.user.additionalGids: setgroups is denied in the user namespace",
		       "and says why");
		proc_plan_free(&pp);
	}
	/* Without gids, setgroups denied is simply skipped. */
	if (plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}", "", &e) == 0) {
		pp.no_new_keyring = true;
		pp.setgroups_denied = true;
		run_child(&pp, &r);
		is_int(r.failed, 0, "setgroups denied without additionalGids is fine");
		proc_plan_free(&pp);
	}

	/* Lowering oom_score_adj takes CAP_SYS_RESOURCE (below the inherited
	 * minimum, usually 0). */
	if (plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}, \"oomScoreAdj\": -500", "", &e) == 0) {
		pp.no_new_keyring = true;
		run_child(&pp, &r);
		if (r.failed) {
			ok(!have_sys_resource && r.ce.errnum == EACCES,
			   "lowering oom_score_adj fails without CAP_SYS_RESOURCE");
			is_str(r.ce.msg, "write oom_score_adj \"-500\" (lowering it needs CAP_SYS_RESOURCE)",
			       "and says why");
		} else {
			is_int(r.oom, -500, "oom_score_adj lowered");
		}
		proc_plan_free(&pp);
	}

	/* A caller-supplied procfs fd. */
	if (plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}, \"oomScoreAdj\": 321", "", &e) == 0) {
		pp.no_new_keyring = true;
		pp.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		run_child(&pp, &r);
		is_int(r.failed, 0, "oom_score_adj through procfd");
		is_int(r.oom, 321, "oom_score_adj via procfd");
		/* A directory that looks like procfs but is not: refused. */
		close(pp.procfd);
		{
			char dir[] = "/tmp/runlet-fakeproc-XXXXXX", path[64];
			int fd;

			if (!mkdtemp(dir))
				bail_out("mkdtemp: %s", strerror(errno));
			snprintf(path, sizeof(path), "%s/self", dir);
			mkdir(path, 0755);
			snprintf(path, sizeof(path), "%s/self/oom_score_adj", dir);
			fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd >= 0)
				close(fd);
			pp.procfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			run_child(&pp, &r);
			is_int(r.failed, 1, "a procfd that is not procfs is refused");
			is_int(r.ce.errnum, EXDEV, "with EXDEV");
			is_str(r.ce.msg, "\"/proc/self/oom_score_adj\" is not on procfs", "and says why");
			unlink(path);
			snprintf(path, sizeof(path), "%s/self", dir);
			rmdir(path);
			rmdir(dir);
		}
		close(pp.procfd);
		pp.procfd = -1;
		proc_plan_free(&pp);
	}

	/* Real-time scheduling: the cgroup may have no RT budget. */
	if (plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}, \"scheduler\": "
		      "{\"policy\": \"SCHED_RR\", \"priority\": 3}", "", &e) == 0) {
		pp.no_new_keyring = true;
		run_child(&pp, &r);
		if (r.failed == 1 && r.ce.errnum == EPERM) {
			ok(1, "SCHED_RR # SKIP refused here (no RT runtime in this cgroup?): %s", r.ce.msg);
		} else if (r.sched_rc < 0 && r.sched_errno == ENOSYS) {
			ok(r.failed == 0, "SCHED_RR # SKIP sched_getattr: ENOSYS (not emulated by qemu-user)");
		} else {
			ok(r.failed == 0 && r.sched.sched_policy == 2 && r.sched.sched_priority == 3,
			   "sched_getattr: SCHED_RR priority 3");
		}
		proc_plan_free(&pp);
	}

	/* ioprio IDLE. */
	if (plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}, \"ioPriority\": "
		      "{\"class\": \"IOPRIO_CLASS_IDLE\", \"priority\": 0}", "", &e) == 0) {
		pp.no_new_keyring = true;
		run_child(&pp, &r);
		ok(r.failed == 0 && r.ioprio == 3 << 13, "ioprio_get: IDLE");
		proc_plan_free(&pp);
	}
}

/* In a user namespace: every capability is the container's to keep. */
static void test_child_userns(void)
{
	struct proc_plan pp;
	struct report r;
	struct rl_err e;
	uint64_t bnd = CAP(C_CHOWN) | CAP(C_KILL) | CAP(C_NET_BIND_SERVICE) |
		       CAP(C_AUDIT_WRITE) | CAP(C_SYS_RESOURCE);

	if (!ok(plan(&pp, "\"user\": {\"uid\": 1000, \"gid\": 1000, \"additionalGids\": [5]}, "
			  FULL_CAPS, "\"namespaces\": [{\"type\": \"user\"}, {\"type\": \"mount\"}]",
		    &e) == 0, "userns plan for the child run")) {
		diag("%s", e.msg);
		return;
	}
	if (proc_plan_set_keyring(&pp, "runlet-unit-test-userns", &e) < 0)
		bail_out("%s", e.msg);
	run_child_ns(&pp, &r, true);
	if (r.failed == 9) {
		ok(1, "user namespace # SKIP unshare(CLONE_NEWUSER): %s%s", strerror(r.ce.errnum),
		   in_qemu ? " (qemu-user is multithreaded)" : "");
		proc_plan_free(&pp);
		return;
	}
	if (!is_int(r.failed, 0, "userns: every step succeeds"))
		diag("step %d: %s (errno %d: %s)", r.failed, r.ce.msg, r.ce.errnum,
		     strerror(r.ce.errnum));
	is_uint(r.cap[CAPSET_BOUNDING], bnd, "userns: CapBnd as asked, CAP_SYS_RESOURCE included");
	is_uint(r.cap[CAPSET_PERMITTED], pp.caps.set[CAPSET_PERMITTED], "userns: CapPrm");
	is_uint(r.cap[CAPSET_EFFECTIVE], pp.caps.set[CAPSET_EFFECTIVE], "userns: CapEff");
	is_uint(r.cap[CAPSET_AMBIENT], CAP(C_NET_BIND_SERVICE), "userns: CapAmb");
	ok(r.uid[0] == 1000 && r.uid[1] == 1000 && r.gid[0] == 1000,
	   "userns: uid/gid 1000 inside");
	ok(r.n_groups == 1 && r.groups[0] == 5, "userns: groups");
	if (r.keyring < 0) {
		ok(1, "userns keyring # SKIP keyctl: ENOSYS");
	} else {
		const char *p = r.keydesc;
		int semis = 0;

		while (*p && semis < 3)
			if (*p++ == ';')
				semis++;
		ok(strstr(r.keydesc, ";_ses.runlet-unit-test-userns") &&
		   (strtoul(p, NULL, 16) & 0x8UL), "userns: keyring searchable by others (%s)",
		   r.keydesc);
	}
	proc_plan_free(&pp);
}

/* Parent-side affinity on a waiting child. */
static void test_affinity(void)
{
	unsigned long self[PROC_CPU_WORDS], got[PROC_CPU_WORDS];
	struct proc_plan pp;
	struct rl_err e;
	char list[256], proc[512];
	int first = -1, fds[2], st;
	size_t n = 0, i;
	pid_t pid;
	char c;

	memset(self, 0, sizeof(self));
	if (syscall(RL_NR_sched_getaffinity, 0L, (long)sizeof(self), (long)(uintptr_t)self) < 0) {
		ok(1, "affinity # SKIP sched_getaffinity: %s", strerror(errno));
		return;
	}
	/* Our own affinity as a list, and its first cpu. */
	list[0] = '\0';
	for (i = 0; i < PROC_CPU_MAX && n < sizeof(list) - 8; i++)
		if (self[i / (8 * sizeof(long))] & (1UL << (i % (8 * sizeof(long))))) {
			if (first < 0)
				first = (int)i;
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%zu", n ? "," : "", i);
		}
	snprintf(proc, sizeof(proc), "\"user\": {\"uid\": 0, \"gid\": 0}, \"execCPUAffinity\": "
		 "{\"initial\": \"%d\", \"final\": \"%s\"}", first, list);
	if (!ok(plan(&pp, proc, "", &e) == 0, "affinity plan (%s)", list)) {
		diag("%s", e.msg);
		return;
	}
	if (pipe(fds) < 0)
		bail_out("pipe");
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(fds[0]);
	ok(proc_apply_initial_affinity(&pp, pid, &e) == 0, "initial affinity applied");
	memset(got, 0, sizeof(got));
	syscall(RL_NR_sched_getaffinity, (long)pid, (long)sizeof(got), (long)(uintptr_t)got);
	ok(got[0] == 1UL << first && got[1] == 0, "child runs on cpu %d only", first);
	ok(proc_apply_final_affinity(&pp, pid, &e) == 0, "final affinity applied");
	memset(got, 0, sizeof(got));
	syscall(RL_NR_sched_getaffinity, (long)pid, (long)sizeof(got), (long)(uintptr_t)got);
	ok(memcmp(got, self, sizeof(got)) == 0, "child runs on %s", list);
	if (write(fds[1], "x", 1) < 0)
		diag("write: %s", strerror(errno));
	close(fds[1]);
	waitpid(pid, &st, 0);
	ok(proc_apply_final_affinity(&pp, pid, &e) == -1 && e.errnum == ESRCH,
	   "a gone pid is an error: %s", e.msg);
	proc_plan_free(&pp);

	/* Unset: no-ops. */
	if (plan(&pp, "\"user\": {\"uid\": 0, \"gid\": 0}", "", &e) == 0) {
		ok(proc_apply_initial_affinity(&pp, 1, &e) == 0 &&
		   proc_apply_final_affinity(&pp, 1, &e) == 0, "unset affinity is a no-op");
		proc_plan_free(&pp);
	}
}

static void read_self_caps(void)
{
	struct sys_cap_header h = { SYS_CAP_VERSION_3, 0 };
	struct sys_cap_data d[SYS_CAP_U32S];
	uint64_t eff, inh;
	struct rl_err e;
	int last = caps_last_cap();

	if (last < 0 || caps_runtime_sets(false, last, &self_bnd, &self_prm, &e) < 0)
		bail_out("read own capabilities");
	memset(d, 0, sizeof(d));
	sys_capget(&h, d);
	caps_from_data(d, &eff, &self_prm, &inh);
	have_sys_resource = (eff & CAP(C_SYS_RESOURCE)) != 0;
}

int main(void)
{
	read_self_caps();
	{
		char arch[32] = "";
		int fd = open("/proc/sys/kernel/arch", O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (read(fd, arch, sizeof(arch) - 1) < 0)
				arch[0] = '\0';
			close(fd);
			arch[strcspn(arch, "\n")] = '\0';
			in_qemu = strcmp(arch, ARCH_NAME) != 0;
		}
	}
	diag("runtime bounding %016" PRIx64 ", CAP_SYS_RESOURCE %s%s", self_bnd,
	     have_sys_resource ? "held" : "not held", in_qemu ? ", under qemu-user" : "");
	test_cpulist();
	test_caps_resolve();
	test_plan_values();
	test_plan_errors();
	test_affinity();
	if (geteuid() != 0) {
		diag("not root: child runs skipped");
		return done_testing();
	}
	test_child_full();
	test_child_bare();
	test_child_userns();
	test_child_errors();
	return done_testing();
}
