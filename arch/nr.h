/* SPDX-License-Identifier: MIT */
/*
 * Syscall numbers of the selected architecture as integer constants,
 * RL_NR_<name>, made from the generated ARCH_SYSCALL_TABLE. Every raw
 * syscall in runlet takes its number from here, never from libc's SYS_
 * constants, so the numbers are the ones the tables were checked against and
 * a syscall the table lacks is a compile error, not a silent -1.
 *
 * Included by each <arch>/arch.h right after its syscalls.h, because the
 * arch quirk functions need the numbers too.
 */
#ifndef RUNLET_ARCH_NR_H
#define RUNLET_ARCH_NR_H

#ifndef ARCH_SYSCALL_TABLE
#error "runlet: include an <arch>/syscalls.h before nr.h"
#endif

/* ## keeps libc macros such as musl's `#define fstatat64 fstatat` out. */
#define RL_NR_ENTRY_(name, nr) RL_NR_##name = (nr),
enum rl_nr {
	ARCH_SYSCALL_TABLE(RL_NR_ENTRY_)
};
#undef RL_NR_ENTRY_

#endif /* RUNLET_ARCH_NR_H */
