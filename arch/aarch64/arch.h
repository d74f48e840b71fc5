/* SPDX-License-Identifier: MIT */
/*
 * aarch64: data and quirks. Included only through arch/select.h.
 *
 * Kernels with CONFIG_COMPAT also run AArch32 (arm EABI) processes; a
 * seccomp filter must decide about that ABI too.
 */
#ifndef RUNLET_ARCH_AARCH64_ARCH_H
#define RUNLET_ARCH_AARCH64_ARCH_H

#include <stddef.h>
#include <unistd.h>

#include "syscalls.h"
#include "../nr.h"

/* Declared here too: glibc hides it under strict -std=c11 without
 * _GNU_SOURCE; the prototype is the same as libc's. */
long syscall(long number, ...);

#define ARCH_NAME "aarch64"
#define ARCH_SCMP_NAME "SCMP_ARCH_AARCH64"
#define ARCH_AUDIT 0xC00000B7U		/* AUDIT_ARCH_AARCH64 */
#define ARCH_WORDSIZE 64
#define ARCH_BIG_ENDIAN 0
#define ARCH_HAS_SECCOMP_FILTER 1
#define ARCH_HAS_LIBSECCOMP 1
#define ARCH_CLONE3_MAY_BE_ABSENT 0
/* clone(flags, stack, parent_tid, tls, child_tid) */
#define ARCH_CLONE_BACKWARDS 1
/* rt_sigaction(sig, act, oact, sigsetsize): no restorer argument. */
#define ARCH_RT_SIGACTION_RESTORER_ARG 0

/*
 * Compat ABIs as { OCI seccomp arch name, AUDIT_ARCH value } initializers:
 *     static const struct { const char *name; uint32_t audit; } abis[] =
 *             ARCH_COMPAT_ABIS;
 */
#define ARCH_COMPAT_ABIS { \
	{ "SCMP_ARCH_ARM", 0x40000028U },	/* AUDIT_ARCH_ARM */ \
}
#define ARCH_N_COMPAT_ABIS 1
#define ARCH_X32_SYSCALL_BIT 0U		/* no x32-style ABI */

#define ARCH_NR_CLONE3 RL_NR_clone3
/* A fork-like clone returns 0 in the child here (sparc64 differs). */
#define ARCH_FORK_CHILD_GETS_PARENT_PID 0

struct sys_clone_args;

/*
 * Fork-like clone: no new stack, so the child runs on a copy of the
 * parent's, exactly as after fork(). pidfd_out is passed as parent_tid,
 * which is where the kernel stores the pidfd for CLONE_PIDFD (and the pid
 * for CLONE_PARENT_SETTID). Returns 0 in the child, the child's pid in the
 * parent, or -1 with errno set. The child has libc's view of the parent
 * (cached tid, locks): it must stick to raw syscalls, execve and _exit.
 */
static inline long arch_clone_fork(unsigned long flags, int *pidfd_out)
{
	return syscall(RL_NR_clone, flags, 0UL, pidfd_out,
		       0UL /* tls */, (int *)NULL /* child_tid */);
}

/*
 * clone3 with args->stack == 0, fork-like as above (a child on a new stack
 * would return through a frame that is not there). Same returns.
 */
static inline long arch_clone3_fork(struct sys_clone_args *args, size_t size)
{
	return syscall(ARCH_NR_CLONE3, args, size);
}

#endif /* RUNLET_ARCH_AARCH64_ARCH_H */
