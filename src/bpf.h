/* SPDX-License-Identifier: MIT */
/*
 * Classic BPF programs for seccomp, independent of libseccomp: the ENOSYS
 * stub put in front of a filter, and printing a program (for `runlet
 * seccomp compile`). Pure functions over instruction arrays, built on
 * every architecture (sparc64 too) so that their unit tests run anywhere.
 */
#ifndef RUNLET_BPF_H
#define RUNLET_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bpf_insn_c {             /* struct sock_filter */
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

#define BPF_MAX_INSNS 4096      /* the kernel's BPF_MAXINSNS */

/* One ABI of the filter for the ENOSYS stub. */
struct bpf_stub_abi {
	uint32_t audit;             /* seccomp_data.arch */
	uint32_t max_nr;            /* highest syscall number the profile names */
	uint32_t x32_bit;           /* numbers with any of these bits are left alone
				       (x32's, ARM's private 0xf0000 range) */
};

/*
 * The ENOSYS rule: a syscall whose number is above every number the
 * profile names (so newer than the profile) fails with ENOSYS instead of
 * taking the default action, for each ABI in abis; everything else goes on
 * to prog. Writes the stub followed by prog into out (cap instructions);
 * returns the new length, or -1 if it would not fit (or n == 0: prog is
 * copied unchanged).
 */
long bpf_enosys_stub(const struct bpf_insn_c *prog, size_t len,
		     const struct bpf_stub_abi *abis, size_t n,
		     struct bpf_insn_c *out, size_t cap);

/* Exact-number rules for one ABI, put in front of prog: a syscall of ABI
 * `audit` whose number is rules[i].nr returns rules[i].ret (a
 * SECCOMP_RET_* value); everything else goes on to prog. Returns the new
 * length in out, or -1 if it would not fit. */
struct bpf_nr_rule {
	uint32_t nr;
	uint32_t ret;
};
long bpf_prepend_rules(const struct bpf_insn_c *prog, size_t len, uint32_t audit,
		       const struct bpf_nr_rule *rules, size_t n,
		       struct bpf_insn_c *out, size_t cap);

/* Prints prog as one instruction per line ("asm") or as a C initializer
 * ("c"). */
void bpf_print_asm(FILE *f, const struct bpf_insn_c *prog, size_t len);
void bpf_print_c(FILE *f, const struct bpf_insn_c *prog, size_t len);

/* Runs prog on a seccomp_data (nr, arch, ip, args) like the kernel does;
 * returns the SECCOMP_RET_* value. For tests and `seccomp check`. */
uint32_t bpf_run(const struct bpf_insn_c *prog, size_t len, int nr, uint32_t arch,
		 const uint64_t args[6]);

#endif
