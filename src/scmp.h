/* SPDX-License-Identifier: MIT */
/*
 * The seccomp backend this build has. Musl builds link the static
 * libseccomp the build compiled (scmp_lib.c); sparc64 has no seccomp
 * filter mode and no libseccomp port, so it builds scmp_none.c. The
 * Makefile picks one (toolchains/<arch>.mk sets SECCOMP).
 *
 * The parent turns linux.seccomp into a classic BPF program with
 * libseccomp (scmp_build); the container child only loads it with the raw
 * seccomp(2) syscall (scmp_load), allocation-free, right before execve.
 *
 * Rules (as runc): architectures are the native one plus the requested
 * compat ABIs of this architecture (x86/x32 on x86_64, arm on aarch64, ppc
 * on ppc64le); a foreign architecture is skipped with a --debug line, as
 * is a syscall name unknown on this architecture. Several conditions on
 * one syscall are ANDed in one rule, unless two name the same argument,
 * which libseccomp cannot AND: then each condition is its own rule (ORed).
 * SCMP_CMP_MASKED_EQ: value is the mask, valueTwo the datum. errnoRet
 * defaults to EPERM for SCMP_ACT_ERRNO and SCMP_ACT_TRACE. The kernel's
 * no_new_privs requirement is runlet's business (procattr), not
 * libseccomp's: SCMP_FLTATR_CTL_NNP is off.
 *
 * The ENOSYS rule: with an SCMP_ACT_ERRNO default action, a syscall whose
 * number is above the highest number any name in the profile has on that
 * ABI fails with ENOSYS instead of the default errno. Such a syscall is
 * newer than the profile, and libc falls back on ENOSYS (clone3 -> clone,
 * openat2 -> openat, statx -> fstatat) where EPERM would be a hard error.
 * A stub in front of libseccomp's program does it (bpf.c); x32 numbers on
 * x86_64 are left to the profile.
 */
#ifndef RUNLET_SCMP_H
#define RUNLET_SCMP_H

#include <stdbool.h>
#include <stdint.h>

#include "ctx.h"
#include "err.h"
#include "spec.h"

/* On a build without seccomp filters (sparc64) a config with linux.seccomp
 * is refused, unless it carries this annotation with the value "ignore":
 * then the container runs without a filter and runlet says so on stderr. */
#define SCMP_OPTOUT_ANNOTATION "io.runlet.seccomp.unsupported"

/* "2.5.4", or NULL without libseccomp. Static string. */
const char *scmp_lib_version(void);

/* True if this build can build and load seccomp filters at all. */
bool scmp_available(void);
/* True if libseccomp knows the syscall name on this architecture (names
 * it does not know are resolved through runlet's own table). */
bool scmp_name_known(const char *name);
/* True if a filter built here can cover the ABI (an OCI arch name):
 * libseccomp refuses some compat ABIs (32-bit ppc in a ppc64le filter). */
bool scmp_abi_usable(const char *scmp_name);

/* A BPF program ready for seccomp(SECCOMP_SET_MODE_FILTER). */
struct scmp_prog {
	void *insns;                /* struct sock_filter[len], malloc'd */
	unsigned short len;
	unsigned flags;             /* SECCOMP_FILTER_FLAG_* */
	bool notify;                /* has an SCMP_ACT_NOTIFY rule */
};

int scmp_build(const struct rl_ctx *ctx, const struct spec_seccomp *sc,
	       struct scmp_prog *out, struct rl_err *e);
/* The same for another target (a runlet arch name, NULL: this binary's):
 * `runlet seccomp compile --arch`. */
int scmp_build_for(const struct rl_ctx *ctx, const struct spec_seccomp *sc, const char *arch,
		   struct scmp_prog *out, struct rl_err *e);
/* The row of arch/targets.h for a runlet arch name (NULL: this binary's). */
struct arch_target;
const struct arch_target *scmp_target(const char *arch);
void scmp_prog_free(struct scmp_prog *p);

/* `seccomp check`: writes one line per problem (names no architecture
 * knows, names absent on the target, duplicate rules, rules that can never
 * apply) to f; returns the number of problems, or -1 with e set. */
#include <stdio.h>
int scmp_check(FILE *f, const struct spec_seccomp *sc, const char *arch, struct rl_err *e);

/* Child: loads the program; returns the listener fd (with notify), 0, or
 * -1 with errno. Allocation-free. */
int scmp_load(const struct scmp_prog *p);

#endif
