/* SPDX-License-Identifier: MIT */
/*
 * sparc64: data and quirks. Included only through arch/select.h.
 *
 * No seccomp filter mode in the kernel (strict mode only), no sparc arch in
 * libseccomp nor in the runtime-spec's seccomp arch names: a config that
 * asks for seccomp cannot be enforced here. clone3 has 435 reserved before
 * Linux 7.0 (ENOSYS) and a real entry from 7.0 on, so callers must fall
 * back to clone.
 *
 * The quirk: a fork-like clone/clone3 leaves the *parent's* pid in %o0 of
 * the child and marks the child with %o1 = 1 (the parent gets %o1 = 0), so
 * libc's syscall(), which returns %o0 only, cannot tell child from parent.
 * The two functions below trap into the kernel themselves.
 */
#ifndef RUNLET_ARCH_SPARC64_ARCH_H
#define RUNLET_ARCH_SPARC64_ARCH_H

#include <errno.h>
#include <stddef.h>

#include "syscalls.h"
#include "../nr.h"

#define ARCH_NAME "sparc64"
#define ARCH_SCMP_NAME NULL		/* none in the runtime-spec */
#define ARCH_AUDIT 0x8000002BU		/* AUDIT_ARCH_SPARC64 */
#define ARCH_WORDSIZE 64
#define ARCH_BIG_ENDIAN 1
#define ARCH_HAS_SECCOMP_FILTER 0
#define ARCH_HAS_LIBSECCOMP 0
#define ARCH_CLONE3_MAY_BE_ABSENT 1
/* clone(flags, stack, parent_tid, tls, child_tid) */
#define ARCH_CLONE_BACKWARDS 1
/* rt_sigaction(sig, act, oact, restorer, sigsetsize) on sparc64. */
#define ARCH_RT_SIGACTION_RESTORER_ARG 1

/*
 * Compat ABIs as { OCI seccomp arch name, AUDIT_ARCH value } initializers:
 *     static const struct { const char *name; uint32_t audit; } abis[] =
 *             ARCH_COMPAT_ABIS;
 * sparc32 has no OCI name; listed so that code which reasons about compat
 * ABIs sees it, though no filter can be loaded here anyway.
 */
#define ARCH_COMPAT_ABIS { \
	{ NULL, 0x00000002U },		/* AUDIT_ARCH_SPARC */ \
}
#define ARCH_N_COMPAT_ABIS 1
#define ARCH_X32_SYSCALL_BIT 0U		/* no x32-style ABI */

/*
 * The generated table has no clone3 (435 was still reserved in it). Calling
 * 435 is harmless on older kernels: ENOSYS, the caller's cue to fall back.
 */
#define ARCH_NR_CLONE3 435

struct sys_clone_args;

/*
 * 1 here: the kernel leaves the parent's pid in the child's %o0. qemu-user
 * puts 0 there and only sets %o1, so a clone under qemu cannot show the
 * difference; test_arch.c checks arch_sparc_fork_result() on the kernel's
 * values instead.
 */
#define ARCH_FORK_CHILD_GETS_PARENT_PID 1

/* Turns the registers after a fork-like trap into fork()'s returns. */
static inline long arch_sparc_fork_result(unsigned long failed,
					  unsigned long o0, unsigned long o1)
{
	if (failed) {
		errno = (int)o0;
		return -1;
	}
	if (o1 != 0)
		return 0;	/* the child; o0 is the parent's pid */
	return (long)o0;
}

/*
 * Traps with three arguments (%o3, %o4 = 0) into a fork-like syscall.
 * Error: carry set in %xcc, positive errno in %o0.
 * Child: %o1 != 0 (%o0 is the parent's pid, ignored).
 * Parent: %o1 = 0, %o0 = the child's pid.
 *
 * Every register the kernel writes or the child may not get back is an
 * output or a clobber. The child resumes right after the trap, on a copy
 * of the stack, with the parent's integer registers except %o0/%o1; the
 * floating-point registers are not carried into a new task (its saved FP
 * state starts empty), so no FP value may live across the trap.
 */
static inline long arch_sparc_fork_trap(long nr, unsigned long a0,
					unsigned long a1, unsigned long a2)
{
	register long g1 __asm__("g1") = nr;
	register unsigned long o0 __asm__("o0") = a0;
	register unsigned long o1 __asm__("o1") = a1;
	register unsigned long o2 __asm__("o2") = a2;
	register unsigned long o3 __asm__("o3") = 0;
	register unsigned long o4 __asm__("o4") = 0;
	unsigned long failed;

	__asm__ __volatile__(
		"ta	0x6d\n\t"
		"mov	0, %[failed]\n\t"
		"movcs	%%xcc, 1, %[failed]"
		: [failed] "=&r"(failed), "+r"(g1), "+r"(o0), "+r"(o1),
		  "+r"(o2), "+r"(o3), "+r"(o4)
		:
		: "o5", "cc", "memory",
		  "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
		  "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15",
		  "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23",
		  "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31",
		  "f32", "f34", "f36", "f38", "f40", "f42", "f44", "f46",
		  "f48", "f50", "f52", "f54", "f56", "f58", "f60", "f62");

	return arch_sparc_fork_result(failed, o0, o1);
}

/*
 * Fork-like clone: no new stack (%o1 = 0 makes the kernel reuse the
 * parent's %sp), so the child runs on a copy of the parent's stack, exactly
 * as after fork(). pidfd_out is passed as parent_tid, which is where the
 * kernel stores the pidfd for CLONE_PIDFD (and the pid for
 * CLONE_PARENT_SETTID). Returns 0 in the child, the child's pid in the
 * parent, or -1 with errno set. The child has libc's view of the parent
 * (cached tid, locks): it must stick to raw syscalls, execve and _exit.
 */
static inline long arch_clone_fork(unsigned long flags, int *pidfd_out)
{
	/* tls (%o3) and child_tid (%o4) are zero. */
	return arch_sparc_fork_trap(RL_NR_clone, flags, 0,
				    (unsigned long)pidfd_out);
}

/*
 * clone3 with args->stack == 0, fork-like as above. The kernel applies the
 * same %o1 convention to clone3 children.
 */
static inline long arch_clone3_fork(struct sys_clone_args *args, size_t size)
{
	return arch_sparc_fork_trap(ARCH_NR_CLONE3, (unsigned long)args,
				    size, 0);
}

#endif /* RUNLET_ARCH_SPARC64_ARCH_H */
