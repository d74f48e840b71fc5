// SPDX-License-Identifier: MIT
/*
 * Process attributes: the parent turns config.json's process into a
 * struct proc_plan (validated, with every value in the form the syscall
 * takes); the child applies it with raw syscalls and fixed buffers; the
 * parent sets the exec CPU affinity around the cgroup move.
 *
 * Order in the child follows runc and the runtime-spec: everything that
 * needs root happens first (keyring, OOM score, scheduler, LSM label,
 * rlimits); then the bounding set goes while CAP_SETPCAP is still there;
 * KEEPCAPS carries the permitted set over setresuid; capset and the
 * ambient raise come last, once the ids are final. The id changes are raw
 * syscalls: libc's setxid broadcast to other threads must not run in a
 * process cloned behind libc's back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "procattr.h"
#include "sys.h"
#include "tables.h"

#define PROC_SUPER_MAGIC_ 0x9fa0

/* keyctl(2) */
#define KEYCTL_JOIN_SESSION_KEYRING_ 1
#define KEYCTL_SETPERM_ 5
#define KEYCTL_DESCRIBE_ 6
#define KEY_USR_SEARCH_ 0x00080000U
#define KEY_OTH_SEARCH_ 0x00000008U

#define IOPRIO_WHO_PROCESS_ 1
#define IOPRIO_CLASS_SHIFT_ 13

enum {
	SCHED_OTHER_ = 0, SCHED_FIFO_ = 1, SCHED_RR_ = 2, SCHED_BATCH_ = 3,
	SCHED_ISO_ = 4, SCHED_IDLE_ = 5, SCHED_DEADLINE_ = 6,
};

#define ULONG_BITS (8 * sizeof(unsigned long))

/* ---- parent side ------------------------------------------------------- */

/* Reads up to cap-1 bytes of a small file, NUL-terminated; -1 on error. */
static ssize_t read_small(const char *path, char *buf, size_t cap)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -1;
	do
		n = read(fd, buf, cap - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Is `name` an entry of the comma-separated list? */
static bool list_has(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",\n");

		if (n == len && strncmp(p, name, len) == 0)
			return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

/* 1 if the LSM is active on this host, 0 if not. securityfs lists the
 * active ones; without it, each LSM's own switch. */
static int lsm_active(const char *lsm)
{
	char buf[512];

	if (read_small("/sys/kernel/security/lsm", buf, sizeof(buf)) > 0)
		return list_has(buf, lsm);
	if (strcmp(lsm, "apparmor") == 0)
		return read_small("/sys/module/apparmor/parameters/enabled", buf,
				  sizeof(buf)) > 0 && buf[0] == 'Y';
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

static int parse_cpu(const char **pp, unsigned long *out, char *why, size_t cap)
{
	const char *p = *pp;
	unsigned long v = 0;

	if (*p < '0' || *p > '9') {
		if (*p)
			snprintf(why, cap, "expected a cpu number at \"%.32s\"", p);
		else
			snprintf(why, cap, "expected a cpu number at the end");
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v >= PROC_CPU_MAX) {
			snprintf(why, cap, "cpu number above %d", PROC_CPU_MAX - 1);
			return -1;
		}
	}
	*pp = p;
	*out = v;
	return 0;
}

int proc_cpulist_parse(const char *s, struct proc_cpumask *m, char *why,
		       size_t why_cap)
{
	const char *p = s;
	unsigned long a, b, c, top = 0;

	memset(m, 0, sizeof(*m));
	if (!s || !*s)
		return 0;
	for (;;) {
		if (parse_cpu(&p, &a, why, why_cap) < 0)
			return -1;
		b = a;
		if (*p == '-') {
			p++;
			if (parse_cpu(&p, &b, why, why_cap) < 0)
				return -1;
			if (b < a) {
				snprintf(why, why_cap, "range %lu-%lu is reversed", a, b);
				return -1;
			}
		}
		for (c = a; c <= b; c++)
			m->bits[c / ULONG_BITS] |= 1UL << (c % ULONG_BITS);
		if (b > top)
			top = b;
		if (*p == '\0')
			break;
		if (*p != ',') {
			snprintf(why, why_cap, "unexpected \"%.32s\"", p);
			return -1;
		}
		p++;
	}
	m->set = true;
	m->size = (top / ULONG_BITS + 1) * sizeof(unsigned long);
	return 0;
}

static int plan_affinity(struct proc_cpumask *m, const char *list,
			 const char *field, const char *name, struct rl_err *e)
{
	char why[128];

	if (proc_cpulist_parse(list, m, why, sizeof(why)) < 0)
		return err_set(e, EINVAL, "%s: process.execCPUAffinity.%s: invalid cpu list \"%.64s\": %s",
			       name, field, list, why);
	return 0;
}

/* The kernel's own checks (sched_setattr EINVAL), made here so the error
 * names the field. */
static int plan_sched(struct proc_plan *pp, const struct spec_scheduler *sc,
		      const char *name, struct rl_err *e)
{
	struct proc_sched_attr *a = &pp->sched;
	int64_t prio = sc->priority.set ? sc->priority.v : 0;

	pp->sched_set = true;
	pp->sched_policy = tab_name(tab_sched_policies, sc->policy);
	memset(a, 0, sizeof(*a));
	a->size = PROC_SCHED_ATTR_SIZE;
	a->sched_policy = (uint32_t)sc->policy;
	a->sched_flags = sc->flags;
	a->sched_nice = sc->nice.set ? (int32_t)sc->nice.v : 0;
	a->sched_runtime = sc->runtime.set ? sc->runtime.v : 0;
	a->sched_deadline = sc->deadline.set ? sc->deadline.v : 0;
	a->sched_period = sc->period.set ? sc->period.v : 0;
	switch (sc->policy) {
	case SCHED_ISO_:
		return err_set(e, EINVAL, "%s: process.scheduler.policy: SCHED_ISO is reserved: the Linux kernel has no such policy",
			       name);
	case SCHED_FIFO_:
	case SCHED_RR_:
		if (prio < 1 || prio > 99)
			return err_set(e, EINVAL, "%s: process.scheduler.priority: must be 1 to 99 for %s",
				       name, pp->sched_policy);
		break;
	case SCHED_DEADLINE_:
		if (a->sched_runtime < 1024)
			return err_set(e, EINVAL, "%s: process.scheduler.runtime: must be at least 1024 (ns) for SCHED_DEADLINE",
				       name);
		if (a->sched_deadline < a->sched_runtime || (a->sched_deadline >> 63))
			return err_set(e, EINVAL, "%s: process.scheduler.deadline: must be at least runtime for SCHED_DEADLINE",
				       name);
		if (a->sched_period && (a->sched_period < a->sched_deadline ||
					(a->sched_period >> 63)))
			return err_set(e, EINVAL, "%s: process.scheduler.period: must be 0 or at least deadline for SCHED_DEADLINE",
				       name);
		/* priority must be 0 */
		__attribute__((fallthrough));
	default:
		if (prio != 0)
			return err_set(e, EINVAL, "%s: process.scheduler.priority: must be 0 for %s",
				       name, pp->sched_policy);
	}
	a->sched_priority = (uint32_t)prio;
	return 0;
}

static int plan_lsm(struct proc_plan *pp, const char *lsm, const char *label,
		    const char *field, const char *name, struct rl_err *e)
{
	struct proc_lsm *l = &pp->lsm[pp->n_lsm];
	bool aa = strcmp(lsm, "apparmor") == 0;
	const char *pretty = aa ? "AppArmor" : "SELinux";
	size_t len = strlen(label);

	if (!lsm_active(lsm))
		return err_set(e, EOPNOTSUPP, "%s: process.%s: %s is not enabled on this host",
			       name, field, pretty);
	if (aa && access("/proc/thread-self/attr/apparmor/exec", F_OK) == 0)
		l->file = "thread-self/attr/apparmor/exec";
	else if (access("/proc/thread-self/attr/exec", F_OK) == 0)
		l->file = "thread-self/attr/exec";
	else
		return err_sys(e, errno, "%s: process.%s: %s is enabled, but \"/proc/thread-self/attr/exec\" is missing",
			       name, field, pretty);
	l->what = aa ? "set the AppArmor exec profile" : "set the SELinux exec label";
	l->label_off = aa ? 5 : 0;
	l->len = l->label_off + len;
	l->data = malloc(l->len + 1);
	if (!l->data)
		return err_sys(e, ENOMEM, "%s: process.%s", name, field);
	snprintf(l->data, l->len + 1, "%s%s", aa ? "exec " : "", label);
	pp->n_lsm++;
	return 0;
}

int proc_plan_build_named(struct proc_plan *pp, const struct spec *s,
			  const char *name, struct rl_err *e)
{
	const struct spec_process *p = &s->process;
	uint64_t want[CAPSET_N] = { 0 }, g_bnd, g_prm;
	int last, i;
	size_t j;

	memset(pp, 0, sizeof(*pp));
	pp->procfd = -1;
	pp->userns = (s->lnx.ns_mask & (1u << NS_USER)) != 0;

	pp->uid = p->user.uid;
	pp->gid = p->user.gid;
	if (p->user.n_additional_gids > PROC_NGROUPS_MAX)
		return err_set(e, EINVAL, "%s: process.user.additionalGids: more than %d groups",
			       name, PROC_NGROUPS_MAX);
	if (p->user.n_additional_gids) {
		pp->gids = calloc(p->user.n_additional_gids, sizeof(*pp->gids));
		if (!pp->gids)
			return err_sys(e, ENOMEM, "%s: process.user.additionalGids", name);
		memcpy(pp->gids, p->user.additional_gids,
		       p->user.n_additional_gids * sizeof(*pp->gids));
		pp->n_gids = p->user.n_additional_gids;
	}
	pp->umask_set = p->user.umask.set;
	pp->umask = (unsigned)(p->user.umask.v & 07777);

	last = caps_last_cap();
	if (last < 0) {
		err_sys(e, errno, "read the kernel's last capability");
		goto fail;
	}
	for (i = 0; i < CAPSET_N; i++)
		want[i] = p->has_caps && p->caps_set[i] ? p->caps[i] : 0;
	if (caps_runtime_sets(pp->userns, last, &g_bnd, &g_prm, e) < 0)
		goto fail;
	caps_resolve(want, last, g_bnd, g_prm, &pp->caps);
	pp->no_new_privs = p->no_new_privileges;

	if (p->n_rlimits > PROC_RLIMIT_MAX) {
		err_set(e, EINVAL, "%s: process.rlimits: more than %d entries", name,
			PROC_RLIMIT_MAX);
		goto fail;
	}
	for (j = 0; j < p->n_rlimits; j++) {
		pp->rlimits[j].resource = p->rlimits[j].resource;
		pp->rlimits[j].name = tab_name(tab_rlimits, p->rlimits[j].resource);
		pp->rlimits[j].soft = p->rlimits[j].soft;
		pp->rlimits[j].hard = p->rlimits[j].hard;
	}
	pp->n_rlimits = p->n_rlimits;

	if (p->oom_score_adj.set) {
		pp->oom_set = true;
		pp->oom_score_adj = (int)p->oom_score_adj.v;
	}
	if (p->scheduler.set && plan_sched(pp, &p->scheduler, name, e) < 0)
		goto fail;
	if (p->io_priority.set) {
		pp->ioprio_set = true;
		pp->ioprio = p->io_priority.klass << IOPRIO_CLASS_SHIFT_ |
			     (int)p->io_priority.priority;
	}
	if (plan_affinity(&pp->aff_initial, p->cpu_affinity_initial, "initial", name, e) < 0 ||
	    plan_affinity(&pp->aff_final, p->cpu_affinity_final, "final", name, e) < 0)
		goto fail;
	if (s->lnx.personality.present) {
		pp->personality_set = true;
		pp->personality = s->lnx.personality.persona;
	}
	/* An empty label means none, as with runc. */
	if (p->apparmor_profile && *p->apparmor_profile &&
	    plan_lsm(pp, "apparmor", p->apparmor_profile, "apparmorProfile", name, e) < 0)
		goto fail;
	if (p->selinux_label && *p->selinux_label &&
	    plan_lsm(pp, "selinux", p->selinux_label, "selinuxLabel", name, e) < 0)
		goto fail;
	return 0;
fail:
	proc_plan_free(pp);
	return -1;
}

int proc_plan_build(struct proc_plan *pp, const struct spec *s, struct rl_err *e)
{
	return proc_plan_build_named(pp, s, "config.json", e);
}

void proc_plan_free(struct proc_plan *pp)
{
	size_t i;

	free(pp->gids);
	for (i = 0; i < pp->n_lsm && i < PROC_LSM_MAX; i++)
		free(pp->lsm[i].data);
	free(pp->keyring_name);
	memset(pp, 0, sizeof(*pp));
	pp->procfd = -1;
}

int proc_plan_set_keyring(struct proc_plan *pp, const char *container_id,
			  struct rl_err *e)
{
	size_t n = strlen(container_id) + 6;
	char *name = malloc(n);

	if (!name)
		return err_sys(e, ENOMEM, "session keyring name");
	snprintf(name, n, "_ses.%s", container_id);
	free(pp->keyring_name);
	pp->keyring_name = name;
	return 0;
}

static int set_affinity(const struct proc_cpumask *m, pid_t pid,
			const char *field, struct rl_err *e)
{
	if (!m->set)
		return 0;
	if (syscall(RL_NR_sched_setaffinity, (long)pid, (long)m->size,
		    (long)(uintptr_t)m->bits) < 0)
		return err_sys(e, errno, "process.execCPUAffinity.%s: sched_setaffinity of pid %ld",
			       field, (long)(pid ? pid : getpid()));
	return 0;
}

int proc_apply_initial_affinity(const struct proc_plan *pp, pid_t pid,
				struct rl_err *e)
{
	return set_affinity(&pp->aff_initial, pid, "initial", e);
}

int proc_apply_final_affinity(const struct proc_plan *pp, pid_t pid,
			      struct rl_err *e)
{
	return set_affinity(&pp->aff_final, pid, "final", e);
}

/* ---- child side -------------------------------------------------------- */

static long c_prctl(long op, long a2)
{
	return syscall(RL_NR_prctl, op, a2, 0L, 0L, 0L);
}

/* msg = a b c d (NULLs skipped), errnum; returns -1. */
static int cfail(struct child_err *ce, int errnum, const char *a, const char *b,
		 const char *c, const char *d)
{
	const char *parts[4] = { a, b, c, d };
	int i;

	ce->errnum = errnum;
	ce->msg[0] = '\0';
	for (i = 0; i < 4; i++)
		if (parts[i])
			c_strlcat(ce->msg, parts[i], sizeof(ce->msg));
	return -1;
}

static char *c_itoa(char *buf, size_t cap, int64_t v)
{
	if (v >= 0)
		return c_utoa(buf, cap, (uint64_t)v);
	buf[0] = '-';
	c_utoa(buf + 1, cap - 1, (uint64_t)0 - (uint64_t)v);
	return buf;
}

static const char *c_limit(char *buf, size_t cap, uint64_t v)
{
	if (v == ~0ULL)
		return "unlimited";
	return c_utoa(buf, cap, v);
}

/*
 * Opens a file under procfs for writing: relative to pp->procfd, else to
 * "/proc" (which must be a procfs mount, not a symlink). Without crossing
 * a mount (openat2), and whatever was opened must itself be on procfs: a
 * file bind-mounted over an attr file must not take the label instead.
 */
static int open_proc(const struct proc_plan *pp, const char *rel,
		     struct child_err *ce)
{
	struct sys_open_how how;
	struct statfs sf;
	int dfd = pp->procfd, own = -1, fd, err;

	if (dfd < 0) {
		own = open("/proc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (own < 0)
			return cfail(ce, errno, "open \"/proc\"", NULL, NULL, NULL);
		if (fstatfs(own, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC_) {
			close(own);
			return cfail(ce, EXDEV, "\"/proc\" is not a procfs mount", NULL, NULL, NULL);
		}
		dfd = own;
	}
	memset(&how, 0, sizeof(how));
	how.flags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
	how.resolve = SYS_RESOLVE_NO_XDEV | SYS_RESOLVE_NO_MAGICLINKS;
	fd = sys_openat2(dfd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		fd = openat(dfd, rel, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	err = errno;
	if (own >= 0)
		close(own);
	if (fd < 0)
		return cfail(ce, err, "open \"/proc/", rel, "\"", NULL);
	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC_) {
		close(fd);
		return cfail(ce, EXDEV, "\"/proc/", rel, "\" is not on procfs", NULL);
	}
	return fd;
}

static int write_proc(const struct proc_plan *pp, const char *rel,
		      const char *data, size_t len, const char *what,
		      const char *value, struct child_err *ce)
{
	ssize_t n;
	int fd = open_proc(pp, rel, ce);

	if (fd < 0)
		return -1;
	do
		n = write(fd, data, len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len) {
		int err = n < 0 ? errno : EIO;

		close(fd);
		return cfail(ce, err, what, " \"", value, "\"");
	}
	close(fd);
	return 0;
}

/* Parses the perm field of KEYCTL_DESCRIBE's "type;uid;gid;perm;desc". */
static int key_perm(const char *d, uint32_t *perm)
{
	int semis = 0;
	uint32_t v = 0;

	for (; *d && semis < 3; d++)
		if (*d == ';')
			semis++;
	if (semis < 3 || !*d)
		return -1;
	for (; *d && *d != ';'; d++) {
		int x;

		if (*d >= '0' && *d <= '9')
			x = *d - '0';
		else if (*d >= 'a' && *d <= 'f')
			x = *d - 'a' + 10;
		else
			return -1;
		v = v << 4 | (uint32_t)x;
	}
	*perm = v;
	return 0;
}

/*
 * A new session keyring, so the container does not share the caller's.
 * Named keyrings are searchable by the owner (or, in a user namespace, by
 * anyone in it) so that a later exec can join the same one, as runc does.
 * ENOSYS (no keyring support, some sandboxes) is tolerated like runc.
 */
static int setup_keyring(const struct proc_plan *pp, struct child_err *ce)
{
	char desc[4200];
	uint32_t perm;
	long id, n;

	if (pp->no_new_keyring)
		return 0;
	id = syscall(RL_NR_keyctl, (long)KEYCTL_JOIN_SESSION_KEYRING_,
		     (long)(uintptr_t)pp->keyring_name, 0L, 0L, 0L);
	if (id < 0) {
		if (errno == ENOSYS)
			return 0;
		return cfail(ce, errno, "join a new session keyring", NULL, NULL, NULL);
	}
	if (!pp->keyring_name)
		return 0;
	n = syscall(RL_NR_keyctl, (long)KEYCTL_DESCRIBE_, id, (long)(uintptr_t)desc,
		    (long)sizeof(desc), 0L);
	if (n < 0)
		return cfail(ce, errno, "describe the session keyring", NULL, NULL, NULL);
	desc[sizeof(desc) - 1] = '\0';
	if (n > (long)sizeof(desc) || key_perm(desc, &perm) < 0)
		return cfail(ce, EINVAL, "describe the session keyring: unexpected answer",
			     NULL, NULL, NULL);
	perm |= pp->userns ? KEY_OTH_SEARCH_ : KEY_USR_SEARCH_;
	if (syscall(RL_NR_keyctl, (long)KEYCTL_SETPERM_, id, (long)perm, 0L, 0L) < 0)
		return cfail(ce, errno, "set the session keyring's permissions", NULL, NULL, NULL);
	return 0;
}

static int setup_oom(const struct proc_plan *pp, struct child_err *ce)
{
	char num[24];

	if (!pp->oom_set)
		return 0;
	c_itoa(num, sizeof(num), pp->oom_score_adj);
	if (write_proc(pp, "self/oom_score_adj", num, c_strlen(num),
		       "write oom_score_adj", num, ce) < 0) {
		/* Below oom_score_adj_min takes CAP_SYS_RESOURCE (host's). */
		if (ce->errnum == EACCES)
			c_strlcat(ce->msg, " (lowering it needs CAP_SYS_RESOURCE)", sizeof(ce->msg));
		return -1;
	}
	return 0;
}

static int setup_rlimits(const struct proc_plan *pp, struct child_err *ce)
{
	struct { uint64_t cur, max; } nw, old;
	char a[24], b[24];
	size_t i;

	for (i = 0; i < pp->n_rlimits; i++) {
		const struct proc_rlimit *r = &pp->rlimits[i];

		if (syscall(RL_NR_prlimit64, 0L, (long)r->resource, 0L,
			    (long)(uintptr_t)&old) < 0)
			return cfail(ce, errno, "getrlimit ", r->name, NULL, NULL);
		nw.cur = r->soft;
		nw.max = r->hard;
		if (syscall(RL_NR_prlimit64, 0L, (long)r->resource,
			    (long)(uintptr_t)&nw, 0L) == 0)
			continue;
		if (errno == EPERM && r->hard > old.max) {
			cfail(ce, EPERM, "setrlimit ", r->name, ": raising the hard limit from ",
			      c_limit(a, sizeof(a), old.max));
			c_strlcat(ce->msg, " to ", sizeof(ce->msg));
			c_strlcat(ce->msg, c_limit(b, sizeof(b), r->hard), sizeof(ce->msg));
			c_strlcat(ce->msg, " needs CAP_SYS_RESOURCE", sizeof(ce->msg));
			return -1;
		}
		return cfail(ce, errno, "setrlimit ", r->name, NULL, NULL);
	}
	return 0;
}

int proc_setup_early(const struct proc_plan *pp, struct child_err *ce)
{
	size_t i;

	if (setup_keyring(pp, ce) < 0)
		return -1;
	if (pp->personality_set &&
	    syscall(RL_NR_personality, (long)pp->personality) < 0)
		return cfail(ce, errno, "personality ",
			     tab_name(tab_personality, (long)pp->personality), NULL, NULL);
	if (setup_oom(pp, ce) < 0)
		return -1;
	if (pp->sched_set &&
	    syscall(RL_NR_sched_setattr, 0L, (long)(uintptr_t)&pp->sched, 0L) < 0)
		return cfail(ce, errno, "sched_setattr ", pp->sched_policy, NULL, NULL);
	if (pp->ioprio_set &&
	    syscall(RL_NR_ioprio_set, (long)IOPRIO_WHO_PROCESS_, 0L, (long)pp->ioprio) < 0)
		return cfail(ce, errno, "ioprio_set", NULL, NULL, NULL);
	for (i = 0; i < pp->n_lsm; i++) {
		const struct proc_lsm *l = &pp->lsm[i];

		if (write_proc(pp, l->file, l->data, l->len, l->what,
			       l->data + l->label_off, ce) < 0)
			return -1;
	}
	return setup_rlimits(pp, ce);
}

int proc_drop_privileges(const struct proc_plan *pp, struct child_err *ce)
{
	char num[24];

	if (caps_drop_bounding(pp->caps.set[CAPSET_BOUNDING], pp->caps.last_cap, ce) < 0)
		return -1;
	if (c_prctl(CAPS_PR_SET_KEEPCAPS, 1) < 0)
		return cfail(ce, errno, "prctl PR_SET_KEEPCAPS", NULL, NULL, NULL);
	if (pp->setgroups_denied) {
		if (pp->n_gids)
			return cfail(ce, EPERM, "process.user.additionalGids: setgroups is denied in the user namespace",
				     NULL, NULL, NULL);
	} else if (syscall(RL_NR_setgroups, (long)pp->n_gids,
			   (long)(uintptr_t)pp->gids) < 0) {
		return cfail(ce, errno, "setgroups", NULL, NULL, NULL);
	}
	if (syscall(RL_NR_setresgid, (long)pp->gid, (long)pp->gid, (long)pp->gid) < 0)
		return cfail(ce, errno, "setresgid ", c_utoa(num, sizeof(num), pp->gid),
			     NULL, NULL);
	if (syscall(RL_NR_setresuid, (long)pp->uid, (long)pp->uid, (long)pp->uid) < 0)
		return cfail(ce, errno, "setresuid ", c_utoa(num, sizeof(num), pp->uid),
			     NULL, NULL);
	if (c_prctl(CAPS_PR_SET_KEEPCAPS, 0) < 0)
		return cfail(ce, errno, "prctl PR_SET_KEEPCAPS", NULL, NULL, NULL);
	if (caps_apply(&pp->caps, ce) < 0)
		return -1;
	if (pp->umask_set)
		syscall(RL_NR_umask, (long)pp->umask);
	return 0;
}

int proc_set_nnp(const struct proc_plan *pp, struct child_err *ce)
{
	if (pp->no_new_privs && c_prctl(CAPS_PR_SET_NO_NEW_PRIVS, 1) < 0)
		return cfail(ce, errno, "prctl PR_SET_NO_NEW_PRIVS", NULL, NULL, NULL);
	return 0;
}
