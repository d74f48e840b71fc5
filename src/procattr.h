/* SPDX-License-Identifier: MIT */
/*
 * Process attributes of config.json's process (and linux.personality):
 * user and groups, umask, capabilities, rlimits, no_new_privs, OOM score,
 * scheduler, I/O priority, CPU affinity, personality, LSM exec labels and
 * the session keyring.
 *
 * The parent validates and precomputes everything into a struct proc_plan
 * (proc_plan_build); the container child only makes syscalls with it, in
 * this order, while still root in its user namespace (or the host's):
 *
 *   proc_setup_early()      keyring, personality, oom_score_adj, scheduler,
 *                           ioprio, LSM exec label, rlimits
 *   proc_drop_privileges()  bounding set, KEEPCAPS, setgroups, setresgid,
 *                           setresuid, KEEPCAPS off, capset, ambient, umask
 *   ... (chdir, fds, whatever still needs the container user's rights)
 *   proc_set_nnp()          right before seccomp and execve
 *
 * CPU affinity (execCPUAffinity) is parent-side, see the functions below.
 */
#ifndef RUNLET_PROCATTR_H
#define RUNLET_PROCATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "caps.h"
#include "child.h"
#include "err.h"
#include "spec.h"

/* Highest CPU number + 1 an affinity list may name (NR_CPUS is at most
 * 8192 on the supported arches). */
#define PROC_CPU_MAX 8192
#define PROC_CPU_WORDS (PROC_CPU_MAX / (8 * sizeof(unsigned long)))
/* The kernel's NGROUPS_MAX. */
#define PROC_NGROUPS_MAX 65536
/* Every rlimit the reader knows, each at most once. */
#define PROC_RLIMIT_MAX 16
/* apparmorProfile and selinuxLabel. */
#define PROC_LSM_MAX 2

struct proc_cpumask {
	bool set;
	size_t size;                /* bytes to pass: whole words up to the last cpu */
	unsigned long bits[PROC_CPU_WORDS];
};

struct proc_rlimit {
	int resource;
	const char *name;           /* "RLIMIT_NOFILE" (static) */
	uint64_t soft, hard;
};

/* struct sched_attr, SCHED_ATTR_SIZE_VER1 (with the util clamps). */
struct proc_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
	uint32_t sched_util_min;
	uint32_t sched_util_max;
};
#define PROC_SCHED_ATTR_SIZE 56
_Static_assert(sizeof(struct proc_sched_attr) == PROC_SCHED_ATTR_SIZE,
	       "struct proc_sched_attr layout");

struct proc_lsm {
	const char *what;           /* "AppArmor profile" (static) */
	const char *file;           /* under procfs: "thread-self/attr/exec" (static) */
	char *data;                 /* what to write (owned) */
	size_t len;
	size_t label_off;           /* where the profile/label starts in data */
};

struct proc_plan {
	/* ---- from the spec, by proc_plan_build ---- */
	uint32_t uid, gid;
	uint32_t *gids;             /* additionalGids (owned) */
	size_t n_gids;
	bool umask_set;             /* unset: leave the umask alone (spec) */
	unsigned umask;
	struct caps_plan caps;
	bool no_new_privs;
	struct proc_rlimit rlimits[PROC_RLIMIT_MAX];
	size_t n_rlimits;
	bool oom_set;
	int oom_score_adj;
	bool sched_set;
	const char *sched_policy;   /* name, for messages (static) */
	struct proc_sched_attr sched;
	bool ioprio_set;
	int ioprio;                 /* class << 13 | level */
	struct proc_cpumask aff_initial, aff_final;
	bool personality_set;
	unsigned long personality;
	struct proc_lsm lsm[PROC_LSM_MAX];
	size_t n_lsm;
	bool userns;                /* linux.namespaces has a user namespace */

	/* ---- set by the caller after proc_plan_build, before clone ---- */
	bool no_new_keyring;        /* --no-new-keyring */
	bool setgroups_denied;      /* the user ns has setgroups "deny" */
	int procfd;                 /* fd of a verified procfs root, or -1:
	                             * open "/proc" (checked); borrowed */
	char *keyring_name;         /* proc_plan_set_keyring(), or NULL for an
	                             * anonymous session keyring (owned) */
};

/*
 * Parent side, before clone: validates process (and linux.personality) and
 * precomputes everything. `name` labels errors ("config.json",
 * "process.json"): `config.json: process.execCPUAffinity.initial: invalid
 * cpu list "x": ...`. Reads the host's /proc and /sys (cap_last_cap, the
 * runtime's capability sets, which LSM is enabled). On failure *pp holds
 * nothing to free. Capabilities that cannot be granted are left out and
 * recorded in pp->caps: log caps_describe_ignored() as a warning.
 */
int proc_plan_build_named(struct proc_plan *pp, const struct spec *s,
			  const char *name, struct rl_err *e);
/* The same with name "config.json". */
int proc_plan_build(struct proc_plan *pp, const struct spec *s, struct rl_err *e);
/* Frees what the plan owns (not procfd); safe on a zeroed plan. */
void proc_plan_free(struct proc_plan *pp);

/* Names the session keyring "_ses.<container_id>", as runc does, so that
 * exec'd processes join the same one. */
int proc_plan_set_keyring(struct proc_plan *pp, const char *container_id,
			  struct rl_err *e);

/*
 * Pure: parses a cpu list ("0-3,7") into m; "" means unset. On error
 * returns -1 and writes the reason ("cpu 9000 is above 8191") to why.
 */
int proc_cpulist_parse(const char *s, struct proc_cpumask *m, char *why,
		       size_t why_cap);

/* ---- child side: raw syscalls only, no allocation --------------------- */

int proc_setup_early(const struct proc_plan *pp, struct child_err *ce);
int proc_drop_privileges(const struct proc_plan *pp, struct child_err *ce);
int proc_set_nnp(const struct proc_plan *pp, struct child_err *ce);

/* ---- parent side: CPU affinity ---------------------------------------- */
/*
 * runtime-spec: execCPUAffinity "is not applicable to the container's init
 * process"; for an exec'd process, `initial` is where the runtime runs it
 * before it moves into the container's cgroup, `final` its affinity after
 * the move (unset: the kernel's choice, i.e. the cgroup's cpuset). Moving
 * into a cpuset cgroup resets the affinity, which is why neither belongs in
 * the child after it has joined the cgroup.
 *
 * proc_apply_initial_affinity: pid 0 is runlet itself before clone (the
 * child inherits it, also with CLONE_INTO_CGROUP); a pid is a child not yet
 * in the container's cgroup. No-op when unset.
 * proc_apply_final_affinity: pid is the process once in its cgroup; best
 * before it is let go to execve (the affinity survives execve), else right
 * after. No-op when unset.
 */
int proc_apply_initial_affinity(const struct proc_plan *pp, pid_t pid,
				struct rl_err *e);
int proc_apply_final_affinity(const struct proc_plan *pp, pid_t pid,
			      struct rl_err *e);

#endif
