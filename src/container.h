/* SPDX-License-Identifier: MIT */
/*
 * A container being created, and the lifecycle operations on containers in
 * the state directory. The parent (runlet create/run) prepares everything
 * in struct ct before clone; the child (process.c) only reads it.
 */
#ifndef RUNLET_CONTAINER_H
#define RUNLET_CONTAINER_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "ctx.h"
#include "hooks.h"
#include "ns.h"
#include "procattr.h"
#include "rootfs.h"
#include "scmp.h"
#include "spec.h"
#include "state.h"

struct ct_opts {
	const char *id;
	const char *bundle;         /* -b, default "." */
	const char *console_socket;
	const char *pid_file;
	long preserve_fds;
	bool no_pivot, no_new_keyring;
	bool foreground;            /* run without -d: stays the parent */
	/* `run` in the foreground: one end of a socketpair standing in for
	 * --console-socket (runlet relays the pty itself). */
	bool has_console_pair;
	int console_pair;
};

/* Sync messages between runlet and the container child (SOCK_SEQPACKET). */
enum {
	SYNC_ERROR = 1,     /* child -> parent: err holds the reason */
	SYNC_UNSHARED,      /* intermediate -> parent: namespaces unshared */
	SYNC_PID,           /* intermediate -> parent: pid = container init,
			     * or 0: no CLONE_PARENT here, runlet forks it */
	SYNC_GO,            /* parent -> child: maps written, cgroup entered */
	SYNC_MOUNTED,       /* child -> parent: mounts done, run runtime hooks */
	SYNC_CONTINUE,      /* parent -> child */
	SYNC_CREATED,       /* child -> parent: waiting on exec.fifo; err.msg:
			     * a note for the --debug log, or "" */
};
struct sync_msg {
	uint32_t type;
	int32_t pid;
	struct child_err err;
};

struct ct {
	struct rl_ctx *ctx;
	const struct ct_opts *opts;
	struct spec spec;
	char bundle[PATH_MAX];
	int rootfd, dirfd, lockfd;  /* state root, state dir, lock */
	bool dir_made;              /* we created <root>/<id> */
	struct ns_plan ns;
	struct rootfs_plan rootfs;
	struct proc_plan proc;
	struct hooks_plan hooks;
	struct cg cg;
	bool cg_made;
	int sync_parent, sync_child;
	int console_fd;             /* connected --console-socket, or -1 */
	pid_t pid;                  /* container init, host pid */
	pid_t inter;                /* intermediate (two-step path) or 0 */
	int pidfd;                  /* pidfd of init, or -1 */
	const char *exec_path_env;  /* PATH from process.env */
	char **argv, **envp;        /* NULL-terminated, into spec */
	char *state_json;           /* hook state buffer (parent-filled) */
	size_t state_cap, state_len;
	const char *how;            /* "clone3", "clone", "unshare+fork" */
	bool into_cgroup;           /* placed by CLONE_INTO_CGROUP */
	int max_fd;                 /* highest fd open in the parent at spawn */
	long listen_fds;            /* LISTEN_FDS passed through */
	bool exec_mode;             /* `exec` into a running container */
	pid_t init_pid;             /* exec: the container's init (for states) */
	struct scmp_prog scmp;      /* linux.seccomp as BPF (insns NULL: none) */
	int notify_fd;              /* connected listenerPath socket, or -1 */
	char *notify_msg;           /* containerProcessState buffer */
	size_t notify_cap;
};

/* create: everything up to the waiting init; on failure nothing is left. */
int container_create(struct rl_ctx *ctx, const struct ct_opts *o, struct ct *c,
		     struct rl_err *e);
void container_release(struct ct *c);

/* start: lets a created container exec its process (exec.fifo). */
int container_start(struct rl_ctx *ctx, const char *id, struct rl_err *e);
/* kill: a signal to the container's init; with all, to every process in
 * its cgroup (also of a stopped container whose init is gone but whose
 * cgroup still has processes, as runc). */
int container_kill(struct rl_ctx *ctx, const char *id, int sig, bool all, struct rl_err *e);
/* delete: kill if force, then remove cgroup and state; run poststop. */
int container_delete(struct rl_ctx *ctx, const char *id, bool force, struct rl_err *e);

/* Child side (process.c): clone the container init (three strategies). */
int process_spawn(struct ct *c, struct rl_err *e);
/* Parent side of the sync protocol after spawn. */
int process_sync_recv(struct ct *c, struct sync_msg *m, uint32_t want, struct rl_err *e);
int process_sync_send(struct ct *c, uint32_t type, struct rl_err *e);

/* Formats the runtime-spec state JSON of c with `status` and `pid` into
 * c->state_json (sized by the parent before clone); allocation-free so the
 * child can use it. Returns the length. */
size_t container_state_fmt(struct ct *c, const char *status, pid_t pid);
/* runtime-spec's containerProcessState (seccomp notify) into
 * c->notify_msg; allocation-free. Returns the length. */
size_t container_notify_fmt(struct ct *c, const char *status, pid_t pid);

/* An existing container, locked (flock on its lock file) while open. */
struct ct_ref {
	int rootfd, dirfd, lockfd;
	struct rl_state st;
	enum state_status status;
};
int ct_ref_open(struct rl_ctx *ctx, const char *id, struct ct_ref *r,
		struct rl_err *e);
void ct_ref_close(struct ct_ref *r);
/* A pidfd for the container's init, refusing a reused pid (ESRCH). -1
 * with ENOSYS: no pidfds here, but the init was alive just now. */
int ct_ref_pidfd(struct ct_ref *r);

/* update: runc's flags (strings as given, NULL: not given) and -r. */
struct update_opts {
	const char *id, *resources;
	const char *blkio_weight, *cpu_period, *cpu_quota, *cpu_burst, *cpu_share,
		*cpu_rt_period, *cpu_rt_runtime, *cpuset_cpus, *cpuset_mems,
		*memory, *memory_reservation, *memory_swap, *pids_limit,
		*l3_cache_schema, *mem_bw_schema;
};
int container_update(struct rl_ctx *ctx, const struct update_opts *u, struct rl_err *e);

/* pause (freeze the cgroup; running or created) and resume (paused). */
int container_pause(struct rl_ctx *ctx, const char *id, bool pause, struct rl_err *e);

/* linux.seccomp into c->scmp (create and exec). */
int container_seccomp_prepare(struct ct *c, struct rl_err *e);

/* The highest fd open in this process (for close fallbacks in children). */
int container_highest_fd(void);

/* exec: a new process in a running (or created) container. */
struct exec_opts {
	const char *id;
	const char *process_file;   /* -p: a process.json, or NULL */
	char **args;                /* the command, when no -p */
	int nargs;
	bool tty, tty_set;          /* -t (tty_set: the flag was given) */
	const char *console_socket;
	char **env;                 /* -e K=V, appended */
	int nenv;
	const char *cwd, *user, *apparmor, *label;
	char **gids;                /* -g, each a gid list "10,11" */
	int ngids;
	char **caps;                /* -c CAP_X, added */
	int ncaps;
	bool no_new_privs, detach, ignore_paused;
	const char *cgroup;         /* --cgroup [<controller>:]<path> */
	const char *pid_file;
	long preserve_fds;
};
/* In the foreground *status is the process's exit status (or 128+signal);
 * with detach, 0 once it runs. */
int container_exec(struct rl_ctx *ctx, const struct exec_opts *xo, int *status,
		   struct rl_err *e);

/* Parses a signal name ("KILL", "SIGKILL") or number. */
int container_parse_signal(const char *s, int *sig);

#endif
