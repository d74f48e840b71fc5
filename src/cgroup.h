/* SPDX-License-Identifier: MIT */
/*
 * The container's cgroup: detecting the host's layout, choosing the path,
 * creating it in every hierarchy, putting processes in it, and removing it.
 * Parent side only. cgroup.c holds what is common (layout, paths, the
 * create/enter/destroy drivers, the state-file form); cgroup1.c and
 * cgroup2.c what differs between the v1 hierarchies and the unified one
 * (and, later, resource limits).
 *
 * Path rules (linux.cgroupsPath):
 *
 *  - Absolute ("/a/b"): taken relative to the root of every hierarchy as
 *    mounted under /sys/fs/cgroup (inside a cgroup namespace that root is
 *    the namespace's), as the runtime-spec requires.
 *  - Relative ("a/b"): under runlet's own parent, "/runlet/a/b". runc
 *    resolves a relative path against the caller's current cgroup in each
 *    hierarchy instead; runlet does not, because (1) on cgroup v1 the
 *    caller may sit at a different place in each hierarchy, and one path
 *    for all keeps the container's placement predictable and its record in
 *    the state file one short line; (2) on cgroup v2 the caller's cgroup
 *    normally holds processes, so controllers could never be enabled for a
 *    child of it. Nesting still works: in a container with a cgroup
 *    namespace the hierarchy root is the container's own cgroup.
 *  - Absent: "/runlet/<id>".
 *  - Cleaning: repeated slashes and "." components go, a trailing slash
 *    goes. Refused: ".." anywhere; a path that cleans to the root (the
 *    container would share, and destroy would empty, the root cgroup);
 *    names that are, or could become, control files: "cgroup.*",
 *    "<controller>.*" for the kernel's controllers, "tasks",
 *    "notify_on_release", "release_agent"; control characters; a
 *    component over 255 bytes; a path over CG_PATH_MAX - 1 bytes.
 *  - --cgroup-manager systemd (--systemd-cgroup): runlet has no D-Bus
 *    client and cannot ask systemd for a scope. When systemd is running
 *    (/run/systemd/system exists) that is a clear error, rather than
 *    writing behind the back of the manager that owns the tree. Without
 *    systemd, the systemd form "slice:prefix:name" is mapped to the
 *    cgroupfs directories systemd would use, as crun does:
 *    "system.slice:runlet:abc" -> "/system.slice/runlet-abc.scope",
 *    "a-b.slice:p:n" -> "/a.slice/a-b.slice/p-n.scope", a name ending in
 *    ".slice" is used as is, an empty prefix gives "<name>.scope", an
 *    empty slice means "system.slice", "-.slice" is the root slice.
 *    Absent: "system.slice:runlet:<id>". Any other form is an error.
 *  - --cgroup-manager disabled: no cgroup at all; every call is a no-op.
 *
 * Placement: v1 and hybrid hosts get the path in every v1 hierarchy
 * mounted under /sys/fs/cgroup (named ones like name=systemd included);
 * v2 and hybrid hosts in the unified hierarchy too. Only the directories
 * cg_create made are removed by cg_destroy; a cgroup that already existed
 * is accepted when it has no processes and is not frozen, and left in
 * place (emptied, with kill) by cg_destroy.
 */
#ifndef RUNLET_CGROUP_H
#define RUNLET_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ctx.h"
#include "err.h"
#include "spec.h"

enum cg_mode {
	CG_V1,          /* v1 hierarchies only */
	CG_V2,          /* one unified hierarchy at /sys/fs/cgroup */
	CG_HYBRID,      /* v1 controllers + a v2 mount at /sys/fs/cgroup/unified */
};

#define CG_ROOT "/sys/fs/cgroup"
#define CG_DEFAULT_PARENT "/runlet"
#define CG_PATH_MAX 320         /* container path, with its NUL */
#define CG_SERIAL_MAX 512       /* cg_serialize() always fits in this */
#define CG_MAX_HIER 16          /* hierarchies we handle (v1 + unified) */
#define CG_MNT_MAX 128
#define CG_CTRL_MAX 128

/* One hierarchy the container is placed in. */
struct cg_hier {
	char mnt[CG_MNT_MAX];   /* mount point, "/sys/fs/cgroup/memory" */
	char ctrl[CG_CTRL_MAX]; /* v1: "cpu,cpuacct", "name=systemd"; v2: "" */
	bool v2;
	bool cpuset, freezer;   /* v1: holds this controller */
	int rootfd;             /* the mount point, O_PATH; -1 if none */
	int leaffd;             /* the container's cgroup, O_RDONLY dir; -1 */
	unsigned made;          /* trailing path components cg_create made */
};

/*
 * Owned by the caller (a stack variable or a struct field; about 4.5 KB,
 * no heap). A zeroed struct cg is valid and inactive: cg_serialize,
 * cg_destroy, cg_free accept it.
 */
struct cg {
	bool active;            /* false: disabled, every call a no-op */
	enum cg_mode mode;
	char path[CG_PATH_MAX]; /* cleaned, "/runlet/abc" */
	unsigned ncomp;         /* components in path */
	unsigned n;             /* hierarchies in h[] */
	struct cg_hier h[CG_MAX_HIER];
};

/*
 * Detects the layout, opens each hierarchy's mount point and computes the
 * container's path (rules above) from s->lnx.cgroups_path (s may be NULL:
 * absent), the container id and the manager. Creates nothing. With
 * CGM_DISABLED, sets up an inactive cg. On failure *cg holds nothing to
 * free (cg_free is harmless).
 */
int cg_prepare(struct cg *cg, const struct spec *s, const char *id,
	       enum cgroup_manager mgr, struct rl_err *e);

/*
 * mkdir -p of the path in every hierarchy, remembering what it made; an
 * ancestor removed meanwhile by another container's destroy is made again.
 * Pure v2: enables, best effort, in each ancestor's cgroup.subtree_control
 * (the hierarchy root's included, never the leaf's) what its
 * cgroup.controllers lists. v1 cpuset: empty cpuset.cpus/mems along the
 * path are copied from the parent. Refuses a cgroup that already has
 * processes or is frozen. Opens each leaf (kept in cg). On failure,
 * removes what it made (controllers it enabled stay enabled).
 */
int cg_create(struct cg *cg, struct rl_err *e);

/*
 * The v2 leaf's fd for clone3's CLONE_INTO_CGROUP, borrowed from cg; -1
 * unless the host is pure v2 and cg_create succeeded: on a hybrid host
 * CLONE_INTO_CGROUP would place the process in the unified hierarchy only,
 * so the caller must use cg_enter.
 */
int cg_v2_fd(const struct cg *cg);

/* Writes pid to cgroup.procs in every hierarchy. Works on a restored cg
 * too (for exec). An error names the file. */
int cg_enter(const struct cg *cg, pid_t pid, struct rl_err *e);

/*
 * Removes what cg_create made, sub-cgroups the container made included,
 * deepest first; ancestors still used by others stay. With kill, first
 * SIGKILLs every process in the cgroup and its descendants (cgroup.kill
 * where the kernel has it; otherwise freeze, signal, thaw) and waits for
 * them to leave, up to 5 s. Without kill, an EBUSY cgroup is retried for
 * up to 1 s. Missing directories are fine: calling it twice is harmless.
 */
int cg_destroy(struct cg *cg, bool kill, struct rl_err *e);

/*
 * The state-file form: one line of printable ASCII (plus what the path
 * holds), at most CG_SERIAL_MAX - 1 bytes:
 *   "none"                          inactive (also "")
 *   "<mode> <made> [<key>:<made>...] <path>"
 * mode: v1, v2, hybrid; made: the number of trailing path components
 * cg_create made in every hierarchy, except those listed by key (the
 * first controller of the hierarchy, "name=<x>" or "unified"). Returns the
 * length, or -1 (and writes "none") if len is too small for the shortest
 * form; exceptions that would not fit are dropped by lowering made to the
 * least value, which may leave an empty parent but never removes one that
 * was not made.
 */
int cg_serialize(const struct cg *cg, char *buf, size_t len);

/* Rebuilds a cg from cg_serialize's line on the current host (detection
 * and mount points again, leaves not opened). */
int cg_restore(struct cg *cg, const char *serialized, struct rl_err *e);

/* The cleaned container path ("/runlet/abc"), or NULL when inactive.
 * Borrowed from cg. */
const char *cg_path(const struct cg *cg);

/* Freezes (freeze true) or thaws the container's cgroup and its
 * descendants, waiting up to 5 s for the kernel to report it done
 * (cgfreeze.c). */
int cg_freeze(const struct cg *cg, bool freeze, struct rl_err *e);
/* 1 if the kernel reports the cgroup frozen, else 0. */
int cg_is_frozen(const struct cg *cg);
/* The pids in the container's cgroup and its sub-cgroups, up to max. */
int cg_pids(const struct cg *cg, pid_t *out, size_t max, size_t *n, struct rl_err *e);

/* Writes runc's `events --stats` "data" members (cpu, cpuset, memory,
 * pids, blkio, hugetlb, intel_rdt, network_interfaces) into the open
 * object of w (cgstats.c). */
struct jw;
int cg_stats(const struct cg *cg, struct jw *w, struct rl_err *e);
/* The kernel's count of OOM kills in the container's memory cgroup, or -1. */
int64_t cg_oom_kills(const struct cg *cg);

/* Closes cg's fds and makes it inactive. */
void cg_free(struct cg *cg);

/* Index in cg->h of the hierarchy holding controller `name` ("memory",
 * "name=systemd"; "" for the unified one), or -1. */
int cg_find(const struct cg *cg, const char *name);

/*
 * The path rules alone, no host access: writes the cleaned path for
 * cgroups_path (NULL: absent) into out[len]. Errors name
 * "config.json: linux.cgroupsPath". (Does not refuse CGM_SYSTEMD on a
 * systemd host: cg_prepare does.)
 */
int cg_compute_path(const char *cgroups_path, const char *id,
		    enum cgroup_manager mgr, char *out, size_t len,
		    struct rl_err *e);

/* ---- between cgroup.c, cgroup1.c and cgroup2.c (and tests) ----------- */

/* Appends to cg->h one hierarchy per v1 superblock mounted at or under
 * /sys/fs/cgroup, read from a /proc/<pid>/mountinfo stream (fds not
 * opened). */
int cg_mountinfo_scan(struct cg *cg, FILE *f, struct rl_err *e);

/* Reads dirfd/name (no symlinks) into buf, NUL-terminated, at most len-1
 * bytes; returns the length or -1 with errno. */
ssize_t cg_read_at(int dirfd, const char *name, char *buf, size_t len);
/* Writes s to dirfd/name in one write(2); returns 0 or -1 with errno. */
int cg_write_at(int dirfd, const char *name, const char *s);
/* "<mnt><path>[/<name>]" for messages. */
const char *cg_fmt(const struct cg *cg, const struct cg_hier *h,
		   const char *name, char *buf, size_t len);
/* First pid listed in dirfd's cgroup.procs: >0, 0 if none, -1 on error. */
int cg_first_pid(int dirfd);
/* SIGKILLs every pid in dirfd's cgroup.procs and its sub-cgroups'. */
void cg_kill_procs(int dirfd, unsigned depth);
/* Sleeps ms milliseconds; cg_now_ms: CLOCK_MONOTONIC in ms. */
void cg_sleep_ms(long ms);
long long cg_now_ms(void);

/* cgroup1.c: after mkdir (or finding) a directory on the path. */
int cg1_init_dir(const struct cg *cg, const struct cg_hier *h, int parentfd,
		 int dirfd, struct rl_err *e);
/* Refuses a frozen (or freezing) cgroup. */
int cg1_check(const struct cg *cg, const struct cg_hier *h, struct rl_err *e);
/* freezer.state: FROZEN (waits up to timeout_ms for it) or THAWED. */
int cg1_freeze(const struct cg_hier *h, bool frozen, long timeout_ms);

/* cgroup2.c: before creating a child of dirfd: enables the available
 * controllers in dirfd's cgroup.subtree_control, best effort. */
void cg2_enable_controllers(int dirfd);
/* Refuses a populated (if !made) or frozen cgroup. */
int cg2_check(const struct cg *cg, const struct cg_hier *h, struct rl_err *e);
/* Writes cgroup.kill; 0 if the kernel has it, -1 otherwise. */
int cg2_kill(const struct cg_hier *h);
/* cgroup.freeze 1/0 (waits for cgroup.events "frozen 1", bounded). */
int cg2_freeze(const struct cg_hier *h, bool frozen, long timeout_ms);

#endif
