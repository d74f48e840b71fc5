/* SPDX-License-Identifier: MIT */
/*
 * Every architecture runlet builds for, as seccomp filter targets: what
 * `runlet seccomp compile --arch A` needs to build a board's filter on any
 * build host. The same facts as each <arch>/arch.h (ARCH_SCMP_NAME,
 * ARCH_AUDIT, ARCH_COMPAT_ABIS, ARCH_X32_SYSCALL_BIT); tests/unit/test_arch.c
 * checks that the running build's own row agrees with its arch.h.
 *
 *     static const struct arch_target t[] = ARCH_TARGETS;
 */
#ifndef RUNLET_ARCH_TARGETS_H
#define RUNLET_ARCH_TARGETS_H

#include <stdint.h>

struct arch_target {
	const char *name;           /* runlet's arch name */
	const char *scmp;           /* OCI name of the native ABI, NULL: no seccomp */
	uint32_t audit;             /* AUDIT_ARCH_* of the native ABI */
	uint32_t x32_bit;           /* syscall-number bit of an x32-style ABI, or 0 */
	/* Compat ABIs; private_bits: syscall numbers with any of these bits
	 * are the ABI's private calls (ARM's 0xf0000 range), left to the
	 * profile by the ENOSYS rule. */
	struct { const char *scmp; uint32_t audit; uint32_t private_bits; } compat[2];
};

#define ARCH_TARGETS { \
	{ "x86_64", "SCMP_ARCH_X86_64", 0xC000003EU, 0x40000000U, \
	  { { "SCMP_ARCH_X86", 0x40000003U, 0 }, { "SCMP_ARCH_X32", 0xC000003EU, 0 } } }, \
	{ "aarch64", "SCMP_ARCH_AARCH64", 0xC00000B7U, 0, \
	  { { "SCMP_ARCH_ARM", 0x40000028U, 0x000f0000U }, { NULL, 0, 0 } } }, \
	{ "ppc64le", "SCMP_ARCH_PPC64LE", 0xC0000015U, 0, \
	  { { "SCMP_ARCH_PPC", 0x00000014U, 0 }, { NULL, 0, 0 } } }, \
	{ "sparc64", NULL, 0x8000002BU, 0, { { NULL, 0, 0 }, { NULL, 0, 0 } } }, \
}
#define ARCH_N_TARGETS 4

#endif
