/* SPDX-License-Identifier: MIT */
/*
 * Capabilities: the five sets of process.capabilities as 64-bit masks, what
 * of them this kernel and this runtime can grant, and the child-side steps
 * that drop the bounding set and install the rest.
 *
 * runtime-spec: a capability that cannot be mapped to the kernel or cannot
 * be granted "MUST be logged as a warning" and the runtime "SHOULD NOT
 * fail". So the parent resolves the request against the kernel's last
 * capability and against what the child will hold, keeps only what can be
 * granted, and records the rest (caps_plan.unknown, .ungranted) for the
 * caller to log. An absent capabilities object means empty sets, as runc
 * does: the process keeps nothing, not even a bounding set.
 *
 * Masks: bit n is capability n. The kernel's v3 capset ABI carries 64
 * capabilities, so bits above 63 do not exist here; a kernel with more is
 * still handled when dropping the bounding set (all of those go).
 */
#ifndef RUNLET_CAPS_H
#define RUNLET_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "child.h"
#include "err.h"
#include "spec.h"
#include "sys.h"

#define CAPS_BITS 64

/* prctl(2) options, written out: libc headers of the four toolchains do
 * not all know PR_CAP_AMBIENT. Values are the kernel ABI. */
#define CAPS_PR_SET_KEEPCAPS		8
#define CAPS_PR_CAPBSET_READ		23
#define CAPS_PR_CAPBSET_DROP		24
#define CAPS_PR_SET_NO_NEW_PRIVS	38
#define CAPS_PR_GET_NO_NEW_PRIVS	39
#define CAPS_PR_CAP_AMBIENT		47
#define CAPS_PR_CAP_AMBIENT_IS_SET	1
#define CAPS_PR_CAP_AMBIENT_RAISE	2
#define CAPS_PR_CAP_AMBIENT_CLEAR_ALL	4

struct caps_plan {
	uint64_t set[CAPSET_N];       /* what the process gets, by CAPSET_* */
	uint64_t unknown;             /* asked for (any set), above last_cap */
	uint64_t ungranted[CAPSET_N]; /* asked for, known, but not grantable */
	int last_cap;                 /* the kernel's; may exceed 63 */
};

/* Parent side: the kernel's highest capability number, from
 * /proc/sys/kernel/cap_last_cap, else probed with PR_CAPBSET_READ.
 * Returns -1 with errno set if neither works. */
int caps_last_cap(void);

/* Mask of capabilities 0..last_cap (all 64 if last_cap >= 63). */
uint64_t caps_all(int last_cap);

/*
 * Parent side: what the container process will be able to hold. With its
 * own user namespace (created or joined) the process gets every capability
 * in it, bounding set included; otherwise it keeps this process's
 * bounding and permitted sets.
 */
int caps_runtime_sets(bool userns, int last_cap, uint64_t *bounding,
		      uint64_t *permitted, struct rl_err *e);

/*
 * Pure: turns the requested masks (want[CAPSET_*]) into what can be
 * installed, given the kernel's last cap and what the process can hold
 * (g_bnd, g_prm). The kernel's rules it follows: a bounding set can only
 * shrink; permitted only shrinks; effective must be in permitted;
 * inheritable must be in the new bounding set and, once the uid change
 * has cleared the effective set, in the old permitted; an ambient cap
 * must be both permitted and inheritable.
 */
void caps_resolve(const uint64_t want[CAPSET_N], int last_cap, uint64_t g_bnd,
		  uint64_t g_prm, struct caps_plan *cp);

/* The v3 capset payload for three masks, and back. */
void caps_to_data(uint64_t effective, uint64_t permitted, uint64_t inheritable,
		  struct sys_cap_data d[SYS_CAP_U32S]);
void caps_from_data(const struct sys_cap_data d[SYS_CAP_U32S], uint64_t *effective,
		    uint64_t *permitted, uint64_t *inheritable);

/* "CAP_CHOWN, CAP_KILL" (numbers for caps runlet has no name for) into buf;
 * truncated, never overflowing. Returns buf. */
char *caps_names(uint64_t mask, char *buf, size_t cap);

/*
 * What caps_resolve left out, as one line for a warning, e.g.
 * "capabilities unknown to the kernel (last is 37): CAP_PERFMON; not
 * grantable here: bounding: CAP_SYS_RESOURCE; permitted: CAP_SYS_RESOURCE".
 * Returns the length, 0 (and "") if nothing was left out.
 */
size_t caps_describe_ignored(const struct caps_plan *cp, char *buf, size_t cap);

/* ---- child side: raw syscalls only ------------------------------------ */

/* Drops every capability not in keep from the bounding set, up to the
 * kernel's last cap. Needs CAP_SETPCAP unless nothing is left to drop. */
int caps_drop_bounding(uint64_t keep, int last_cap, struct child_err *ce);

/* capset(effective, permitted, inheritable), then the ambient set: cleared,
 * then each cap raised. Run after the uid change (PR_SET_KEEPCAPS kept the
 * permitted set across it). Masks are narrowed to what the kernel will
 * take, so an unexpected shortfall lowers privileges, never fails open. */
int caps_apply(const struct caps_plan *cp, struct child_err *ce);

#endif
