/* SPDX-License-Identifier: MIT */
/*
 * The state directory: one directory per container under --root
 * (default /run/runlet), mode 0700:
 *
 *   <root>/<id>/state.json   runlet's record, replaced atomically
 *                            (write state.json.tmp, fsync, rename)
 *   <root>/<id>/lock         flock(2) target serialising operations
 *   <root>/<id>/exec.fifo    present while the container is "created"
 *
 * state.json holds the runtime-spec state fields (ociVersion, id, status,
 * pid, bundle, annotations) plus runlet's own: pidStartTime (to tell a
 * reused pid from the container's), rootfs, created, owner.
 */
#ifndef RUNLET_STATE_H
#define RUNLET_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "json.h"
#include "spec.h"

#define STATE_ID_MAX 255      /* one path component (NAME_MAX) */

enum state_status {
	ST_CREATING, ST_CREATED, ST_RUNNING, ST_PAUSED, ST_STOPPED,
};

struct rl_state {
	const char *oci_version;
	const char *id;
	enum state_status stored;   /* as written by the last operation */
	int pid;
	uint64_t pid_start;         /* /proc/<pid>/stat field 22 */
	const char *bundle;
	const char *rootfs;
	const char *created;        /* RFC 3339 with nanoseconds, UTC */
	const char *owner;
	struct kv_list annotations;
	char cgroup[512];           /* cg_serialize() of the container cgroup */
	struct json_doc doc;        /* owns the strings above when loaded */
};

const char *state_status_name(enum state_status s);

/* runc's rule: [A-Za-z0-9_+.-]+, not "." or "..", at most STATE_ID_MAX. */
int state_valid_id(const char *id, struct rl_err *e);

/* Opens (creating with mode 0700 if `create`) the root directory; returns
 * an owned O_DIRECTORY fd. */
int state_root_open(const char *root, bool create, struct rl_err *e);

/* Opens <root>/<id>; ENOENT is reported as "container does not exist". */
int state_dir_open(int rootfd, const char *id, struct rl_err *e);

/* Takes flock on <dir>/lock (shared or exclusive); returns the owned fd. */
int state_lock(int dirfd, bool exclusive, struct rl_err *e);

/* Loads <dir>/state.json. Release with state_free(). */
int state_load(int dirfd, const char *id, struct rl_state *st,
	       struct rl_err *e);
void state_free(struct rl_state *st);

/* Writes <dir>/state.json atomically. */
int state_save(int dirfd, const struct rl_state *st, struct rl_err *e);

/* The live status: stored status corrected by what /proc says about the
 * pid (dead, zombie or reused -> stopped) and exec.fifo. */
enum state_status state_status(int dirfd, const struct rl_state *st);

/* Start time of pid from /proc/<pid>/stat (0 if not found; zombie set if
 * the process is a zombie). */
uint64_t state_pid_start(int pid, bool *zombie);

/* Current time as runc prints it (RFC 3339, nanoseconds, UTC). */
void state_now(char *buf, size_t len);



struct jw;
/* Writes the state object `runlet state` prints (runc's shape: ociVersion,
 * id, pid, status, bundle, rootfs, created, annotations, owner). */
void state_emit(struct jw *w, const struct rl_state *st, enum state_status s);
#endif
