/* SPDX-License-Identifier: MIT */
/*
 * config.json / process.json reader: bounded read, one jsmn pass, typed
 * struct spec with strings sliced from the buffer. Errors name the file,
 * the JSON path and the reason:
 *   config.json: process.rlimits[2].hard: expected unsigned integer
 */
#ifndef RUNLET_CONFIG_H
#define RUNLET_CONFIG_H

#include "err.h"
#include "spec.h"

/* Oldest and newest runtime-spec versions runlet honours. */
#define RL_OCI_VERSION_MIN "1.0.0"
#define RL_OCI_VERSION_MAX "1.3.0"

/*
 * Reads and parses `path` relative to dirfd into *s. `name` labels messages
 * (usually "config.json") and must outlive the call. On failure *s holds
 * nothing to free.
 */
int config_load(struct spec *s, int dirfd, const char *path, const char *name,
		struct rl_err *e);

/* The same from a malloc'd buffer of len bytes (+1 for a NUL); ownership of
 * buf passes to *s (also on failure, when it is freed). */
int config_parse(struct spec *s, char *buf, size_t len, const char *name,
		 struct rl_err *e);

/* Reads a process.json (the object of config.json's "process") into
 * s->process, for `exec --process`. */
int config_load_process(struct spec *s, int dirfd, const char *path,
			const char *name, struct rl_err *e);
int config_parse_process(struct spec *s, char *buf, size_t len,
			 const char *name, struct rl_err *e);

/* Releases the buffer and arena behind *s and zeroes it. */
void spec_free(struct spec *s);

/* True if `v` is a runtime-spec version in [MIN, MAX] major.minor range. */
int config_version_ok(const char *v);

#endif
