/* SPDX-License-Identifier: MIT */
/*
 * The one place that picks the architecture. Generic code includes this
 * (sys.h does) and uses the ARCH_* macros and arch_* functions it brings;
 * it never tests compiler arch macros such as __x86_64__ itself.
 *
 * Each <arch>/arch.h defines: ARCH_NAME, ARCH_SCMP_NAME, ARCH_AUDIT,
 * ARCH_WORDSIZE, ARCH_BIG_ENDIAN, ARCH_HAS_SECCOMP_FILTER,
 * ARCH_HAS_LIBSECCOMP, ARCH_CLONE3_MAY_BE_ABSENT, ARCH_CLONE_BACKWARDS,
 * ARCH_COMPAT_ABIS, ARCH_N_COMPAT_ABIS, ARCH_X32_SYSCALL_BIT,
 * ARCH_NR_CLONE3, ARCH_FORK_CHILD_GETS_PARENT_PID, arch_clone_fork(),
 * arch_clone3_fork(), and through <arch>/syscalls.h and nr.h:
 * ARCH_SYSCALL_TABLE, ARCH_SYSCALL_COUNT, ARCH_SYSCALL_NR_MAX,
 * ARCH_SYSCALLS_LINUX and enum rl_nr (RL_NR_<name>).
 *
 * The Makefile may say which arch it means to build, either as
 * -DRUNLET_ARCH_<arch> or as -DRUNLET_ARCH=<arch> (a bare token, e.g.
 * x86_64); a compiler for another arch is then an error here rather than a
 * binary for the wrong machine.
 */
#ifndef RUNLET_ARCH_SELECT_H
#define RUNLET_ARCH_SELECT_H

#define RUNLET_ARCH_ID_x86_64 1
#define RUNLET_ARCH_ID_aarch64 2
#define RUNLET_ARCH_ID_ppc64le 3
#define RUNLET_ARCH_ID_sparc64 4

#if defined(__x86_64__) && !defined(__ILP32__)
# define RUNLET_ARCH_ID 1
# include "x86_64/arch.h"
#elif defined(__aarch64__) && !defined(__AARCH64EB__) && !defined(__ILP32__)
# define RUNLET_ARCH_ID 2
# include "aarch64/arch.h"
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
# define RUNLET_ARCH_ID 3
# include "ppc64le/arch.h"
#elif defined(__sparc__) && defined(__arch64__)
# define RUNLET_ARCH_ID 4
# include "sparc64/arch.h"
#else
# error "runlet: unsupported architecture"
#endif

/* -DRUNLET_ARCH_<arch>: any other arch's macro is a mismatch. */
#if (defined(RUNLET_ARCH_x86_64) && RUNLET_ARCH_ID != 1) || \
    (defined(RUNLET_ARCH_aarch64) && RUNLET_ARCH_ID != 2) || \
    (defined(RUNLET_ARCH_ppc64le) && RUNLET_ARCH_ID != 3) || \
    (defined(RUNLET_ARCH_sparc64) && RUNLET_ARCH_ID != 4)
# error "runlet: RUNLET_ARCH_<arch> does not match the compiler's architecture"
#endif

/* -DRUNLET_ARCH=<arch>: an unknown name pastes to an undefined id, i.e. 0. */
#ifdef RUNLET_ARCH
# define RUNLET_ARCH_CAT_(a, b) a##b
# define RUNLET_ARCH_CAT(a, b) RUNLET_ARCH_CAT_(a, b)
# if RUNLET_ARCH_CAT(RUNLET_ARCH_ID_, RUNLET_ARCH) != RUNLET_ARCH_ID
#  error "runlet: RUNLET_ARCH does not match the compiler's architecture"
# endif
#endif

/* The data in arch.h must agree with the compiler. */
#if ARCH_WORDSIZE != __SIZEOF_LONG__ * 8
# error "runlet: ARCH_WORDSIZE does not match the compiler"
#endif
#if ARCH_BIG_ENDIAN != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
# error "runlet: ARCH_BIG_ENDIAN does not match the compiler"
#endif

#endif /* RUNLET_ARCH_SELECT_H */
