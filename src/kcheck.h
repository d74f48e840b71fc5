/* SPDX-License-Identifier: MIT */
/*
 * What the running kernel offers of the features runlet uses, and which
 * path runlet takes here for each (`runlet check`). Every probe is a cheap
 * call that cannot change anything: a syscall with arguments it must
 * refuse, where ENOSYS (absent) is told apart from EINVAL, EBADF, EPERM or
 * EFAULT (present, argument refused), or a look at /proc and /sys. Nothing
 * is remembered: the container code makes the same decisions on its own,
 * per call, on ENOSYS.
 */
#ifndef RUNLET_KCHECK_H
#define RUNLET_KCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* The oldest kernel runlet supports (README.md, "Kernel requirements"). */
#define KC_OLDEST_MAJOR 4
#define KC_OLDEST_MINOR 14
#define KC_OLDEST "4.14"

#define KC_MAX_FEATURES 24

struct kc_feature {
	const char *id;         /* stable key: "clone3", "openat2", ... */
	const char *name;       /* for people: "openat2 RESOLVE_IN_ROOT" */
	const char *since;      /* first Linux version with it */
	bool available;
	char probe[96];         /* what the probe saw: "EINVAL", "ENOSYS", ... */
	char uses[160];         /* what runlet does on this host */
	const char *fallback;   /* what runlet does without the feature */
};

struct kc_report {
	char release[65];       /* uname -r */
	char version[65];       /* uname -v */
	char machine[65];       /* uname -m */
	unsigned major, minor;  /* from release; 0.0 if unparsable */
	bool supported;         /* at least KC_OLDEST */
	size_t n;
	struct kc_feature f[KC_MAX_FEATURES];
};

/* Fills r (owned by the caller; no heap, nothing to free). Never fails: a
 * probe that cannot tell reports the feature as unavailable. */
void kc_probe(struct kc_report *r);

/* True if the kernel knows the SECCOMP_FILTER_FLAG_* flag (nothing is
 * installed). */
bool kc_seccomp_flag_ok(unsigned long flag);

#endif
