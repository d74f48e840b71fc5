/* SPDX-License-Identifier: MIT */
/*
 * The seccomp backend this build has. Musl builds link the static
 * libseccomp the build compiled (scmp_lib.c); sparc64 has no seccomp
 * filter mode and no libseccomp port, so it builds scmp_none.c. The
 * Makefile picks one (toolchains/<arch>.mk sets SECCOMP).
 */
#ifndef RUNLET_SCMP_H
#define RUNLET_SCMP_H

#include <stdbool.h>

/* "2.5.4", or NULL without libseccomp. Static string. */
const char *scmp_lib_version(void);

/* True if this build can build and load seccomp filters at all. */
bool scmp_available(void);

#endif
