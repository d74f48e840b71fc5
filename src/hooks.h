/* SPDX-License-Identifier: MIT */
/*
 * OCI hooks: prepared by the parent (argv/envp arrays), run by the parent
 * (prestart, createRuntime, poststart, poststop: runtime namespace) or by
 * the container child (createContainer, startContainer: container
 * namespace) with the same allocation-free runner. Each hook gets the state
 * JSON on stdin and is killed when its timeout passes.
 */
#ifndef RUNLET_HOOKS_H
#define RUNLET_HOOKS_H

#include <stddef.h>

#include "child.h"
#include "err.h"
#include "spec.h"

struct hook_exec {
	const char *path;
	char **argv;                /* NULL-terminated */
	char **envp;                /* NULL-terminated */
	int timeout;                /* seconds, 0 = none */
};

struct hooks_plan {
	struct hook_exec *v[HOOK_N];
	size_t n[HOOK_N];
	void *mem;                  /* one allocation behind all of the above */
};

int hooks_plan_build(struct hooks_plan *hp, const struct spec *s, struct rl_err *e);
void hooks_plan_free(struct hooks_plan *hp);

/* Runs every hook of `kind` in order with `state` on stdin; stops at the
 * first failure. Allocation-free (safe in the container child). */
int hooks_run(const struct hooks_plan *hp, int kind, const char *state,
	      size_t len, struct child_err *ce);

/* Name of a hook kind as in config.json ("createRuntime"). */
const char *hooks_name(int kind);

#endif
