/* SPDX-License-Identifier: MIT */
/*
 * Namespaces: which to create, which to join (by path, verified to be a
 * namespace of the stated type), the user-namespace id maps and the time
 * namespace offsets the parent writes for the child.
 */
#ifndef RUNLET_NS_H
#define RUNLET_NS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "child.h"
#include "err.h"
#include "spec.h"

#define NS_MAP_MAX 4096

struct ns_plan {
	uint64_t new_flags;         /* CLONE_NEW* to create */
	int join_fd[NS_N];          /* fd to setns into, or -1 (owned) */
	unsigned join_mask;         /* 1 << NS_* joined by path */
	bool userns;                /* container has its own user ns (new or joined) */
	char uid_map[NS_MAP_MAX], gid_map[NS_MAP_MAX];  /* "0 1000 1\n..." */
	char time_offsets[256];     /* "monotonic 5 0\nboottime 3 0\n" */
	uint32_t root_uid, root_gid; /* host ids of container uid/gid 0 */
};

/* SYS_CLONE_NEW* flag of a namespace type. */
uint64_t ns_clone_flag(enum ns_type t);
/* Name of its /proc/<pid>/ns entry ("mnt", "net", ...). */
const char *ns_proc_name(enum ns_type t);

/* Parent side: opens and verifies every namespace path, formats the maps.
 * `name` labels JSON paths in errors. */
int ns_plan_build(struct ns_plan *np, const struct spec *s, struct rl_err *e);
void ns_plan_free(struct ns_plan *np);

/* Parent side: writes uid_map/gid_map (and timens_offsets) of pid. */
int ns_write_maps(const struct ns_plan *np, pid_t pid, struct rl_err *e);
int ns_write_time_offsets(const struct ns_plan *np, pid_t pid, struct rl_err *e);

/* Child side: setns into every joined namespace (user last, so joins of
 * namespaces owned by the host user ns still have the host's privileges). */
int ns_join_all(const struct ns_plan *np, struct child_err *ce);

#endif
