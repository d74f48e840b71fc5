/* SPDX-License-Identifier: MIT */
/*
 * x86_64: data and quirks. Included only through arch/select.h.
 *
 * A 64-bit process can still enter the kernel through two other ABIs: i386
 * (int 0x80, audit arch I386) and x32 (the native audit arch, with bit 30
 * set in the syscall number). A seccomp filter must decide about both, or a
 * denied syscall is one `int 0x80` away.
 */
#ifndef RUNLET_ARCH_X86_64_ARCH_H
#define RUNLET_ARCH_X86_64_ARCH_H

#include <stddef.h>
#include <unistd.h>

#include "syscalls.h"
#include "../nr.h"

/* Declared here too: glibc hides it under strict -std=c11 without
 * _GNU_SOURCE; the prototype is the same as libc's. */
long syscall(long number, ...);

#define ARCH_NAME "x86_64"
#define ARCH_SCMP_NAME "SCMP_ARCH_X86_64"
#define ARCH_AUDIT 0xC000003EU		/* AUDIT_ARCH_X86_64 */
#define ARCH_WORDSIZE 64
#define ARCH_BIG_ENDIAN 0
#define ARCH_HAS_SECCOMP_FILTER 1
#define ARCH_HAS_LIBSECCOMP 1
#define ARCH_CLONE3_MAY_BE_ABSENT 0
/* clone(flags, stack, parent_tid, child_tid, tls) */
#define ARCH_CLONE_BACKWARDS 0
/* rt_sigaction(sig, act, oact, sigsetsize): no restorer argument. */
#define ARCH_RT_SIGACTION_RESTORER_ARG 0

/*
 * Compat ABIs as { OCI seccomp arch name, AUDIT_ARCH value } initializers:
 *     static const struct { const char *name; uint32_t audit; } abis[] =
 *             ARCH_COMPAT_ABIS;
 * x32 shares ARCH_AUDIT with the native ABI; its syscalls are told apart
 * only by ARCH_X32_SYSCALL_BIT in the syscall number.
 */
#define ARCH_COMPAT_ABIS { \
	{ "SCMP_ARCH_X86", 0x40000003U },	/* AUDIT_ARCH_I386 */ \
	{ "SCMP_ARCH_X32", 0xC000003EU },	/* AUDIT_ARCH_X86_64 + x32 bit */ \
}
#define ARCH_N_COMPAT_ABIS 2
#define ARCH_X32_SYSCALL_BIT 0x40000000U

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
		       (int *)NULL /* child_tid */, 0UL /* tls */);
}

/*
 * clone3 with args->stack == 0, fork-like as above (a child on a new stack
 * would return through a frame that is not there). Same returns.
 */
static inline long arch_clone3_fork(struct sys_clone_args *args, size_t size)
{
	return syscall(ARCH_NR_CLONE3, args, size);
}

#endif /* RUNLET_ARCH_X86_64_ARCH_H */
