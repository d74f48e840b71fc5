/* SPDX-License-Identifier: MIT */
/*
 * Name tables shared by the config reader (to validate and convert names)
 * and `runlet features` (to report exactly what the reader accepts), so the
 * two can never disagree.
 */
#ifndef RUNLET_TABLES_H
#define RUNLET_TABLES_H

#include <stddef.h>
#include <stdint.h>

struct name_val {
	const char *name;
	long val;
};

/* A table ends at the entry whose name is NULL. */
const struct name_val *tab_find(const struct name_val *t, const char *name);
const char *tab_name(const struct name_val *t, long val);

extern const struct name_val tab_namespaces[];  /* val: enum ns_type */
extern const struct name_val tab_caps[];        /* val: capability number */
extern const struct name_val tab_rlimits[];     /* val: RLIMIT_* */
extern const struct name_val tab_hooks[];       /* val: HOOK_* */
extern const struct name_val tab_sched_policies[];
extern const struct name_val tab_sched_flags[];
extern const struct name_val tab_ioprio_classes[];
extern const struct name_val tab_mpol_modes[];
extern const struct name_val tab_mpol_flags[];
extern const struct name_val tab_propagation[];  /* val: MS_* */
extern const struct name_val tab_time_clocks[];
extern const struct name_val tab_personality[];

/* seccomp vocabulary (values are runlet's own enums, mapped by seccomp.c) */
enum {
	SECCOMP_ACT_KILL_THREAD, SECCOMP_ACT_KILL_PROCESS, SECCOMP_ACT_TRAP,
	SECCOMP_ACT_ERRNO, SECCOMP_ACT_TRACE, SECCOMP_ACT_ALLOW,
	SECCOMP_ACT_LOG, SECCOMP_ACT_NOTIFY,
};
enum {
	SECCOMP_OP_NE, SECCOMP_OP_LT, SECCOMP_OP_LE, SECCOMP_OP_EQ,
	SECCOMP_OP_GE, SECCOMP_OP_GT, SECCOMP_OP_MASKED_EQ,
};
extern const struct name_val tab_seccomp_actions[];
extern const struct name_val tab_seccomp_ops[];
extern const struct name_val tab_seccomp_archs[]; /* val: AUDIT_ARCH_* */
extern const struct name_val tab_seccomp_flags[]; /* val: SECCOMP_FILTER_FLAG_* */

/*
 * Mount options. Each recognised option is one of these kinds; anything
 * else is filesystem data passed to mount(2) as-is.
 */
enum mopt_kind {
	MOPT_FLAG,        /* set `flag` in MS_* flags */
	MOPT_CLEAR,       /* clear `flag` */
	MOPT_PROPAGATION, /* MS_SHARED etc., possibly with MS_REC */
	MOPT_RATTR_SET,   /* recursive mount_setattr: set MOUNT_ATTR_* */
	MOPT_RATTR_CLEAR, /* recursive mount_setattr: clear MOUNT_ATTR_* */
	MOPT_BIND,        /* bind (flag = MS_BIND) or rbind (MS_BIND|MS_REC) */
	MOPT_IDMAP,       /* idmap (flag 0) / ridmap (flag 1 = recursive) */
	MOPT_TMPCOPYUP,
	MOPT_ATIME,       /* one of the atime modes: flag = MS_* to set */
	MOPT_RATIME,      /* recursive atime mode: flag = MOUNT_ATTR_* */
};
struct mount_opt {
	const char *name;
	enum mopt_kind kind;
	unsigned long flag;
};
extern const struct mount_opt tab_mount_opts[];
const struct mount_opt *mount_opt_find(const char *name);

/* Number of capabilities runlet knows (CAP_LAST_CAP + 1). */
#define RL_NCAPS 41

#endif
