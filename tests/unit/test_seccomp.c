// SPDX-License-Identifier: MIT
/*
 * Seccomp decisions, table-driven: profiles parsed with the config reader
 * and built with scmp_build_for, then run by bpf_run (bpf.c's interpreter)
 * on synthetic seccomp_data, so that no filter is ever loaded and the same
 * binary runs natively and under qemu-user. Covered: every action's
 * SECCOMP_RET value, every operator at its boundaries (on both 32-bit
 * halves), several conditions ANDed and same-argument conditions ORed, the
 * compat ABIs (i386 and x32 on x86_64, arm on aarch64) and the bad-arch
 * answer, the ENOSYS rule, runlet's default profile (seccomp-profiles/
 * default.json as compiled into the binary) natively and for every other
 * target, and bpf.c's pure functions (stub layout, interpreter, printers).
 *
 * A build without libseccomp (sparc64, and the ASan host build, which links
 * scmp_none.c) checks the refusal path instead; bpf.c is tested everywhere.
 *
 * Syscall numbers come from the generated tables (arch/<arch>/syscalls.h),
 * included one after another as in test_arch.c; compat numbers (i386, arm
 * EABI) are written out below from the kernel's tables.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "config.h"
#include "ctx.h"
#include "scmp.h"
#include "scmp_default.h"
#include "select.h"
#include "systab.h"
#include "tables.h"
#include "tap.h"
#include "targets.h"

struct ent {
	const char *name;
	int nr;
};
#define ENT(name, nr) { #name, (nr) },
#define N(a) (sizeof(a) / sizeof((a)[0]))

#undef ARCH_SYSCALL_TABLE
#undef ARCH_SYSCALLS_LINUX
#undef ARCH_SYSCALL_COUNT
#undef ARCH_SYSCALL_NR_MAX
#undef RUNLET_ARCH_X86_64_SYSCALLS_H
#include "x86_64/syscalls.h"
static const struct ent tab_x86_64[] = { ARCH_SYSCALL_TABLE(ENT) };

#undef ARCH_SYSCALL_TABLE
#undef ARCH_SYSCALLS_LINUX
#undef ARCH_SYSCALL_COUNT
#undef ARCH_SYSCALL_NR_MAX
#undef RUNLET_ARCH_AARCH64_SYSCALLS_H
#include "aarch64/syscalls.h"
static const struct ent tab_aarch64[] = { ARCH_SYSCALL_TABLE(ENT) };

#undef ARCH_SYSCALL_TABLE
#undef ARCH_SYSCALLS_LINUX
#undef ARCH_SYSCALL_COUNT
#undef ARCH_SYSCALL_NR_MAX
#undef RUNLET_ARCH_PPC64LE_SYSCALLS_H
#include "ppc64le/syscalls.h"
static const struct ent tab_ppc64le[] = { ARCH_SYSCALL_TABLE(ENT) };

/* Compat ABIs: the few numbers the tests use (arch/x86/entry/syscalls/
 * syscall_32.tbl, arch/arm/tools/syscall.tbl and the ARM private range). */
static const struct ent tab_i386[] = {
	{ "read", 3 }, { "getpid", 20 }, { "mount", 21 }, { "socketcall", 102 },
	{ "clone", 120 }, { "personality", 136 }, { "kexec_load", 283 },
	{ "unshare", 310 },
};
static const struct ent tab_arm[] = {
	{ "read", 3 }, { "getpid", 20 }, { "mount", 21 }, { "clone", 120 },
	{ "personality", 136 }, { "unshare", 337 }, { "kexec_load", 347 },
	{ "set_tls", 0xf0005 },
};

static const struct {
	const char *arch;
	const struct ent *ent;
	size_t n;
} tables[] = {
	{ "x86_64", tab_x86_64, N(tab_x86_64) },
	{ "aarch64", tab_aarch64, N(tab_aarch64) },
	{ "ppc64le", tab_ppc64le, N(tab_ppc64le) },
	{ "i386", tab_i386, N(tab_i386) },
	{ "arm", tab_arm, N(tab_arm) },
};

/* The number of `name` on `abi`, or -1. */
static int nr_of(const char *abi, const char *name)
{
	size_t i, j;

	for (i = 0; i < N(tables); i++) {
		if (strcmp(tables[i].arch, abi))
			continue;
		for (j = 0; j < tables[i].n; j++)
			if (!strcmp(tables[i].ent[j].name, name))
				return tables[i].ent[j].nr;
	}
	return -1;
}

/* SECCOMP_RET_* (linux/seccomp.h) */
#define R_KILL_PROCESS 0x80000000U
#define R_KILL_THREAD 0x00000000U
#define R_TRAP 0x00030000U
#define R_ERRNO(e) (0x00050000U | (uint32_t)(e))
#define R_NOTIFY 0x7fc00000U
#define R_TRACE(d) (0x7ff00000U | (uint32_t)(d))
#define R_LOG 0x7ffc0000U
#define R_ALLOW 0x7fff0000U

#define AUDIT_I386 0x40000003U
#define AUDIT_ARM 0x40000028U
#define AUDIT_PPC 0x00000014U
#define X32_BIT 0x40000000U

/* Clone flags and personalities (linux/sched.h, linux/personality.h). */
#define CLONE_NEWTIME 0x00000080ULL
#define CLONE_FS 0x00000200ULL
#define CLONE_FILES 0x00000400ULL
#define CLONE_NEWNS 0x00020000ULL
#define CLONE_NEWCGROUP 0x02000000ULL
#define CLONE_NEWUSER 0x10000000ULL
#define CLONE_NEWNET 0x40000000ULL
#define CLONE_THREAD_SET 0x003d0f00ULL  /* what pthread_create passes */
#define SIGCHLD_ 17ULL
#define ADDR_NO_RANDOMIZE 0x0040000ULL
#define READ_IMPLIES_EXEC 0x0400000ULL

static struct rl_ctx ctx;

__attribute__((format(printf, 3, 4)))
static int is_ret(uint32_t got, uint32_t want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("       got: 0x%08x\n#   expected: 0x%08x", got, want);
	return got == want;
}

__attribute__((format(printf, 2, 3)))
static void skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("ok %u - ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

/* Parses a bare linux.seccomp object as the linux.seccomp of a minimal
 * config.json (as `runlet seccomp compile` does). */
static int parse_profile(struct spec *s, const char *json, struct rl_err *e)
{
	static const char pre[] = "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},\"linux\":{\"seccomp\":";
	size_t n = sizeof(pre) - 1 + strlen(json) + 2;
	char *buf = malloc(n + 1);

	if (!buf)
		bail_out("out of memory");
	snprintf(buf, n + 1, "%s%s}}", pre, json);
	memset(s, 0, sizeof(*s));
	return config_parse(s, buf, n, "config.json", e);
}

/* Builds the profile for arch (NULL: native); 0 or -1 with e set. */
static int build(const char *json, const char *arch, struct scmp_prog *p, struct rl_err *e)
{
	struct spec s;
	int r;

	memset(p, 0, sizeof(*p));
	if (parse_profile(&s, json, e) < 0)
		return -1;
	r = scmp_build_for(&ctx, &s.lnx.seccomp, arch, p, e);
	spec_free(&s);
	return r;
}

/* Builds or fails the test (and returns false). */
static bool build_ok(const char *json, const char *arch, struct scmp_prog *p, const char *what)
{
	struct rl_err e;

	memset(&e, 0, sizeof(e));
	if (build(json, arch, p, &e) < 0) {
		ok(0, "%s: builds (%s)", what, e.msg);
		return false;
	}
	return true;
}

static uint32_t run2(const struct scmp_prog *p, int nr, uint32_t arch, uint64_t a0, uint64_t a1)
{
	uint64_t args[6] = { a0, a1, 0, 0, 0, 0 };

	return bpf_run(p->insns, p->len, nr, arch, args);
}

static uint32_t run(const struct scmp_prog *p, int nr, uint32_t arch, uint64_t a0)
{
	return run2(p, nr, arch, a0, 0);
}

/* ---- bpf.c: pure functions, on every build ---------------------------- */

#define I(c, t, f, k) { (c), (t), (f), (k) }
enum {
	LD_ABS = 0x20, LD_IMM = 0x00, LD_MEM = 0x60, LD_LEN = 0x80, LDX_IMM = 0x01,
	LDX_MEM = 0x61, ST = 0x02, STX = 0x03, JA = 0x05, JEQ = 0x15, JGT = 0x25,
	JGE = 0x35, JSET = 0x45, RET_K = 0x06, RET_A = 0x16, TAX = 0x07, TXA = 0x87,
	ALU_ADD = 0x04, ALU_SUB = 0x14, ALU_MUL = 0x24, ALU_DIV = 0x34, ALU_OR = 0x44,
	ALU_AND = 0x54, ALU_LSH = 0x64, ALU_RSH = 0x74, ALU_NEG = 0x84, ALU_MOD = 0x94,
	ALU_XOR = 0xa4, ALU_ADD_X = 0x0c,
};

static const struct bpf_insn_c ret_allow[] = { I(RET_K, 0, 0, R_ALLOW) };

static void test_stub(void)
{
	struct bpf_insn_c out[64];
	struct bpf_stub_abi one = { 0xAAAAU, 10, 0 };
	struct bpf_stub_abi x32 = { 0xAAAAU, 10, X32_BIT };
	struct bpf_stub_abi two[2] = { { 0xAAAAU, 10, 0 }, { 0xBBBBU, 20, 0 } };
	struct bpf_stub_abi many[9];
	long n;
	size_t i;

	n = bpf_enosys_stub(ret_allow, 1, &one, 0, out, N(out));
	ok(n == 1 && out[0].code == RET_K && out[0].k == R_ALLOW,
	   "stub: no ABIs: the program is copied unchanged");
	n = bpf_enosys_stub(ret_allow, 1, &one, 1, out, N(out));
	is_int(n, 7, "stub: one ABI: ld arch, jeq, ja, ld nr, jgt, ret ENOSYS, then the program");
	ok(out[0].code == LD_ABS && out[0].k == 4, "stub[0]: ld [4] (arch)");
	ok(out[1].code == JEQ && out[1].k == 0xAAAAU && out[1].jt == 1 && out[1].jf == 0,
	   "stub[1]: jeq audit, to that ABI's body");
	ok(out[2].code == JA && out[2].k == 3, "stub[2]: other arches jump to the program");
	ok(out[3].code == LD_ABS && out[3].k == 0, "stub[3]: ld [0] (nr)");
	ok(out[4].code == JGT && out[4].k == 10 && out[4].jt == 0 && out[4].jf == 1,
	   "stub[4]: jgt max_nr, ENOSYS or the program");
	ok(out[5].code == RET_K && out[5].k == R_ERRNO(38), "stub[5]: ret ERRNO(ENOSYS)");
	ok(out[6].code == RET_K && out[6].k == R_ALLOW, "stub[6]: the program follows");
	is_ret(bpf_run(out, (size_t)n, 10, 0xAAAAU, (uint64_t[6]){ 0 }), R_ALLOW,
	       "stub: nr == max_nr goes on to the program");
	is_ret(bpf_run(out, (size_t)n, 11, 0xAAAAU, (uint64_t[6]){ 0 }), R_ERRNO(38),
	       "stub: nr == max_nr + 1 is ENOSYS");
	is_ret(bpf_run(out, (size_t)n, -1, 0xAAAAU, (uint64_t[6]){ 0 }), R_ERRNO(38),
	       "stub: nr -1 (unsigned 0xffffffff) is ENOSYS");
	is_ret(bpf_run(out, (size_t)n, 11, 0xBBBBU, (uint64_t[6]){ 0 }), R_ALLOW,
	       "stub: another arch goes on to the program");

	n = bpf_enosys_stub(ret_allow, 1, &x32, 1, out, N(out));
	is_int(n, 8, "stub: with an x32 bit: one more instruction (jset)");
	ok(out[4].code == JSET && out[4].k == X32_BIT, "stub[4]: jset x32 bit");
	is_ret(bpf_run(out, (size_t)n, (int)(X32_BIT | 11), 0xAAAAU, (uint64_t[6]){ 0 }), R_ALLOW,
	       "stub: x32 numbers are left to the program");
	is_ret(bpf_run(out, (size_t)n, 11, 0xAAAAU, (uint64_t[6]){ 0 }), R_ERRNO(38),
	       "stub: native numbers above max_nr are ENOSYS");

	n = bpf_enosys_stub(ret_allow, 1, two, 2, out, N(out));
	is_int(n, 10, "stub: two ABIs: two jeq, two bodies");
	is_ret(bpf_run(out, (size_t)n, 15, 0xAAAAU, (uint64_t[6]){ 0 }), R_ERRNO(38),
	       "stub: two ABIs: 15 > 10 on the first");
	is_ret(bpf_run(out, (size_t)n, 15, 0xBBBBU, (uint64_t[6]){ 0 }), R_ALLOW,
	       "stub: two ABIs: 15 <= 20 on the second");
	is_ret(bpf_run(out, (size_t)n, 21, 0xBBBBU, (uint64_t[6]){ 0 }), R_ERRNO(38),
	       "stub: two ABIs: 21 > 20 on the second");

	for (i = 0; i < N(many); i++) {
		many[i].audit = 0x100U + (uint32_t)i;
		many[i].max_nr = 100U + (uint32_t)i;
		many[i].x32_bit = X32_BIT;
	}
	n = bpf_enosys_stub(ret_allow, 1, many, 8, out, N(out));
	is_int(n, 1 + 8 + 1 + 24 + 1 + 1, "stub: eight ABIs with x32 bits");
	{
		bool all = true;

		for (i = 0; i < 8; i++)
			if (bpf_run(out, (size_t)n, 100 + (int)i, 0x100U + (uint32_t)i, (uint64_t[6]){ 0 }) != R_ALLOW ||
			    bpf_run(out, (size_t)n, 101 + (int)i, 0x100U + (uint32_t)i, (uint64_t[6]){ 0 }) != R_ERRNO(38) ||
			    bpf_run(out, (size_t)n, (int)(X32_BIT | 500), 0x100U + (uint32_t)i, (uint64_t[6]){ 0 }) != R_ALLOW)
				all = false;
		ok(all, "stub: eight ABIs: each its own max_nr, x32 numbers left alone");
	}
	is_int(bpf_enosys_stub(ret_allow, 1, many, 9, out, N(out)), -1, "stub: more than eight ABIs: -1");
	is_int(bpf_enosys_stub(ret_allow, 1, &one, 1, out, 6), -1, "stub: no room for the program: -1");
	is_int(bpf_enosys_stub(ret_allow, 1, &one, 0, out, 0), -1, "stub: no ABIs, no room: -1");
	{
		struct bpf_insn_c *big = calloc(BPF_MAX_INSNS + 16, sizeof(*big));
		struct bpf_insn_c *bo = calloc(BPF_MAX_INSNS + 16, sizeof(*bo));

		if (!big || !bo)
			bail_out("out of memory");
		for (i = 0; i < BPF_MAX_INSNS; i++)
			big[i] = ret_allow[0];
		is_int(bpf_enosys_stub(big, BPF_MAX_INSNS - 6, &one, 1, bo, BPF_MAX_INSNS + 16),
		       BPF_MAX_INSNS, "stub: a program that just fits the kernel's 4096");
		is_int(bpf_enosys_stub(big, BPF_MAX_INSNS - 5, &one, 1, bo, BPF_MAX_INSNS + 16),
		       -1, "stub: one instruction over the kernel's 4096: -1");
		free(big);
		free(bo);
	}
}

static void test_interpreter(void)
{
	const uint64_t args[6] = { 0x1122334455667788ULL, 0xdeadbeef00000001ULL, 0, 0, 0, 0 };
	/* A = ((7 + 5 - 2) * 6 / 4 | 0x100) & 0x10f; then << 4 >> 2, neg,
	 * % 7, ^ 0xff, through M[3], X and back. */
	const struct bpf_insn_c alu[] = {
		I(LD_IMM, 0, 0, 7), I(ALU_ADD, 0, 0, 5), I(ALU_SUB, 0, 0, 2), I(ALU_MUL, 0, 0, 6),
		I(ALU_DIV, 0, 0, 4), I(ALU_OR, 0, 0, 0x100), I(ALU_AND, 0, 0, 0x10f),
		I(ALU_LSH, 0, 0, 4), I(ALU_RSH, 0, 0, 2), I(ST, 0, 0, 3), I(ALU_NEG, 0, 0, 0),
		I(ALU_NEG, 0, 0, 0), I(ALU_MOD, 0, 0, 7), I(ALU_XOR, 0, 0, 0xff), I(TAX, 0, 0, 0),
		I(LD_MEM, 0, 0, 3), I(ALU_ADD_X, 0, 0, 0), I(RET_A, 0, 0, 0),
	};
	/* ((15 | 0x100) & 0x10f) = 0x10f; << 4 = 0x10f0; >> 2 = 0x43c;
	 * 0x43c % 7 = 1084 % 7 = 6; 6 ^ 0xff = 0xf9; + 0x43c = 0x535 */
	const struct bpf_insn_c divz[] = {
		I(LD_IMM, 0, 0, 9), I(ALU_DIV, 0, 0, 0), I(RET_A, 0, 0, 0),
	};
	const struct bpf_insn_c jumps[] = {
		I(LD_ABS, 0, 0, 0), I(JGE, 0, 3, 5), I(JSET, 0, 1, 1), I(RET_K, 0, 0, 1), I(RET_K, 0, 0, 2),
		I(RET_K, 0, 0, 3),
	};
	const struct bpf_insn_c misc[] = {
		I(LDX_IMM, 0, 0, 41), I(STX, 0, 0, 15), I(LDX_MEM, 0, 0, 15), I(TXA, 0, 0, 0),
		I(ALU_ADD, 0, 0, 1), I(RET_A, 0, 0, 0),
	};
	const struct bpf_insn_c len[] = { I(LD_LEN, 0, 0, 0), I(RET_A, 0, 0, 0) };
	const struct bpf_insn_c word_lo[] = { I(LD_ABS, 0, 0, ARCH_BIG_ENDIAN ? 20 : 16), I(RET_A, 0, 0, 0) };
	const struct bpf_insn_c word_hi[] = { I(LD_ABS, 0, 0, ARCH_BIG_ENDIAN ? 16 : 20), I(RET_A, 0, 0, 0) };
	const struct bpf_insn_c arg1_lo[] = { I(LD_ABS, 0, 0, ARCH_BIG_ENDIAN ? 28 : 24), I(RET_A, 0, 0, 0) };
	const struct bpf_insn_c arch[] = { I(LD_ABS, 0, 0, 4), I(RET_A, 0, 0, 0) };
	const struct bpf_insn_c bad_off[] = { I(LD_ABS, 0, 0, 61), I(RET_A, 0, 0, 0) };
	const struct bpf_insn_c far_off[] = { I(LD_ABS, 0, 0, 64), I(RET_A, 0, 0, 0) };
	const struct bpf_insn_c no_ret[] = { I(LD_IMM, 0, 0, 1), I(JA, 0, 0, 0) };
	const struct bpf_insn_c ja_out[] = { I(JA, 0, 0, 5), I(RET_K, 0, 0, R_ALLOW) };

	is_ret(bpf_run(alu, N(alu), 0, 0, args), 0x535, "bpf_run: ALU ops, scratch memory, X");
	is_ret(bpf_run(divz, N(divz), 0, 0, args), 0, "bpf_run: division by zero gives 0");
	is_ret(bpf_run(jumps, N(jumps), 4, 0, args), 3, "bpf_run: jge false branch");
	is_ret(bpf_run(jumps, N(jumps), 7, 0, args), 1, "bpf_run: jge true, jset true");
	is_ret(bpf_run(jumps, N(jumps), 6, 0, args), 2, "bpf_run: jge true, jset false");
	is_ret(bpf_run(misc, N(misc), 0, 0, args), 42, "bpf_run: ldx, stx, ldx M[], txa");
	is_ret(bpf_run(len, N(len), 0, 0, args), 64, "bpf_run: ld #len is sizeof(struct seccomp_data)");
	is_ret(bpf_run(word_lo, N(word_lo), 0, 0, args), 0x55667788U, "bpf_run: args[0] low word (%s endian)",
	       ARCH_BIG_ENDIAN ? "big" : "little");
	is_ret(bpf_run(word_hi, N(word_hi), 0, 0, args), 0x11223344U, "bpf_run: args[0] high word");
	is_ret(bpf_run(arg1_lo, N(arg1_lo), 0, 0, args), 1, "bpf_run: args[1] low word");
	is_ret(bpf_run(arch, N(arch), 0, 0xC000003EU, args), 0xC000003EU, "bpf_run: ld [4] is the arch");
	is_ret(bpf_run(bad_off, N(bad_off), 0, 0, args), 0, "bpf_run: unaligned load gives 0");
	is_ret(bpf_run(far_off, N(far_off), 0, 0, args), 0, "bpf_run: load past seccomp_data gives 0");
	is_ret(bpf_run(no_ret, N(no_ret), 0, 0, args), R_KILL_PROCESS,
	       "bpf_run: running off the end is KILL_PROCESS");
	is_ret(bpf_run(ja_out, N(ja_out), 0, 0, args), R_KILL_PROCESS,
	       "bpf_run: a jump past the end is KILL_PROCESS");
}

/* Prints with f into a string (owned by the caller). */
static char *print_to_string(void (*f)(FILE *, const struct bpf_insn_c *, size_t),
			     const struct bpf_insn_c *prog, size_t len)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *m = open_memstream(&buf, &sz);

	if (!m)
		bail_out("open_memstream: %s", strerror(errno));
	f(m, prog, len);
	fclose(m);
	return buf;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_printers(void)
{
	const struct bpf_insn_c every[] = {
		I(LD_ABS, 0, 0, 0), I(LD_ABS, 0, 0, 4), I(LD_ABS, 0, 0, 16), I(LD_ABS, 0, 0, 8),
		I(LD_MEM, 0, 0, 2), I(LD_LEN, 0, 0, 0), I(LD_IMM, 0, 0, 0x2a),
		I(LDX_IMM, 0, 0, 3), I(LDX_MEM, 0, 0, 4), I(ST, 0, 0, 5), I(STX, 0, 0, 6),
		I(ALU_ADD, 0, 0, 1), I(ALU_SUB, 0, 0, 1), I(ALU_MUL, 0, 0, 1), I(ALU_DIV, 0, 0, 1),
		I(ALU_OR, 0, 0, 1), I(ALU_AND, 0, 0, 1), I(ALU_LSH, 0, 0, 1), I(ALU_RSH, 0, 0, 1),
		I(ALU_NEG, 0, 0, 0), I(ALU_MOD, 0, 0, 1), I(ALU_XOR, 0, 0, 1), I(ALU_ADD_X, 0, 0, 0),
		I(0xf4, 0, 0, 0), I(JA, 0, 0, 1), I(JEQ, 1, 2, 3), I(JGT, 0, 0, 1), I(JGE, 0, 0, 1),
		I(JSET, 0, 0, 1), I(0xd5, 0, 0, 0), I(TAX, 0, 0, 0), I(TXA, 0, 0, 0),
		I(RET_A, 0, 0, 0), I(RET_K, 0, 0, R_KILL_PROCESS), I(RET_K, 0, 0, R_KILL_THREAD),
		I(RET_K, 0, 0, R_TRAP | 3), I(RET_K, 0, 0, R_ERRNO(38)), I(RET_K, 0, 0, R_NOTIFY),
		I(RET_K, 0, 0, R_TRACE(7)), I(RET_K, 0, 0, R_LOG), I(RET_K, 0, 0, R_ALLOW),
		I(RET_K, 0, 0, 0x12345678U),
	};
	static const char *const want[] = {
		"0000: ld  [0]\t; nr\n", "0001: ld  [4]\t; arch\n", "0002: ld  [16]\t; args\n",
		"0003: ld  [8]\n", "ld  M[2]", "ld  #len", "ld  #0x2a", "ldx #0x3", "ldx M[4]",
		"st  M[5]", "stx M[6]", "add #0x1", "sub #0x1", "mul #0x1", "div #0x1", "or #0x1",
		"and #0x1", "lsh #0x1", "rsh #0x1", "neg", "mod #0x1", "xor #0x1", "add x",
		"alu 0xf4", "0024: ja  26\n", "0025: jeq  #0x3, 27, 28\n", "jgt  #0x1", "jge  #0x1",
		"jset #0x1", "jmp 0xd5", "tax", "txa", "ret a", "ret KILL_PROCESS", "ret KILL_THREAD",
		"ret TRAP(3)", "ret ERRNO(38)", "ret USER_NOTIF", "ret TRACE(7)", "ret LOG",
		"ret ALLOW", "ret 0x12345678",
	};
	char *s = print_to_string(bpf_print_asm, every, N(every));
	size_t i;
	bool all = true;

	is_int((intmax_t)count_lines(s), (intmax_t)N(every), "bpf_print_asm: one line per instruction");
	for (i = 0; i < N(want); i++)
		if (!strstr(s, want[i])) {
			diag("no \"%s\" in the listing", want[i]);
			all = false;
		}
	ok(all, "bpf_print_asm: every instruction class and return value named");
	free(s);

	s = print_to_string(bpf_print_c, every, N(every));
	ok(!strncmp(s, "/* 42 instructions */\nstatic const struct sock_filter filter[] = {\n", 66),
	   "bpf_print_c: a count and a struct sock_filter initializer");
	ok(strstr(s, "\t{ 0x15, 1, 2, 0x00000003 },\n") != NULL, "bpf_print_c: code, jt, jf, k");
	ok(count_lines(s) == N(every) + 3 && !strcmp(s + strlen(s) - 3, "};\n"),
	   "bpf_print_c: one line per instruction, closed");
	free(s);

	s = print_to_string(bpf_print_asm, every, 0);
	is_str(s, "", "bpf_print_asm: an empty program prints nothing");
	free(s);
}

/* ---- the embedded default profile: on every build ---------------------- */

static void test_default_parses(void)
{
	struct spec s;
	struct rl_err e;
	const struct spec_seccomp *sc = &s.lnx.seccomp;
	size_t i, rules = 0;

	memset(&e, 0, sizeof(e));
	is_int((intmax_t)strlen(scmp_default_profile), SCMP_DEFAULT_PROFILE_LEN,
	       "scmp_default.h: SCMP_DEFAULT_PROFILE_LEN is the string's length");
	ok(!strchr(scmp_default_profile, ' ') && !strchr(scmp_default_profile, '\n'),
	   "scmp_default.h: the profile is minified");
	if (!ok(parse_profile(&s, scmp_default_profile, &e) == 0, "default profile: config reader accepts it")) {
		diag("%s", e.msg);
		return;
	}
	ok(sc->present && sc->default_action == SECCOMP_ACT_ERRNO && sc->default_errno_ret.set &&
	   sc->default_errno_ret.v == 1, "default profile: SCMP_ACT_ERRNO, defaultErrnoRet 1 (EPERM)");
	is_int((intmax_t)sc->architectures.n, 6, "default profile: six architectures");
	for (i = 0; i < sc->n_syscalls; i++)
		rules += sc->syscalls[i].names.n;
	ok(rules > 300, "default profile: %zu names in %zu rules", rules, sc->n_syscalls);
	spec_free(&s);
}

/* ---- without libseccomp: the refusal ----------------------------------- */

static void test_refusal(void)
{
	struct scmp_prog p;
	struct rl_err e;
	struct spec s;

	memset(&e, 0, sizeof(e));
	ok(scmp_lib_version() == NULL, "no libseccomp: no version");
	ok(build("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", NULL, &p, &e) == -1 && strstr(e.msg, "seccomp"),
	   "no libseccomp: scmp_build_for refuses, naming seccomp (%s)", e.msg);
	ok(p.insns == NULL && p.len == 0, "no libseccomp: no program");
	memset(&e, 0, sizeof(e));
	memset(&p, 0xff, sizeof(p));
	if (parse_profile(&s, scmp_default_profile, &e) == 0) {
		ok(scmp_build(&ctx, &s.lnx.seccomp, &p, &e) == -1 && strstr(e.msg, "seccomp") && !p.insns,
		   "no libseccomp: scmp_build refuses the default profile (%s)", e.msg);
		memset(&e, 0, sizeof(e));
		ok(scmp_check(stdout, &s.lnx.seccomp, NULL, &e) == -1 && strstr(e.msg, "seccomp"),
		   "no libseccomp: scmp_check refuses (%s)", e.msg);
		spec_free(&s);
	} else {
		ok(0, "default profile parses (%s)", e.msg);
	}
}

/* ---- with libseccomp: decisions ---------------------------------------- */

static const struct arch_target *native;

static int nnr(const char *name)
{
	int nr = nr_of(native->name, name);

	if (nr < 0)
		bail_out("no syscall %s on %s in the generated table", name, native->name);
	return nr;
}

/* A JSON profile in a bounded buffer. */
static char *fmt_profile(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static char *fmt_profile(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap)
		bail_out("profile too long for the test's buffer");
	return buf;
}

/* libseccomp accepts KILL_PROCESS, LOG and NOTIFY only if the running
 * kernel says it has them, and qemu-user has no seccomp(2) to ask. */
#define KERNEL_ASKED "libseccomp asks the running kernel for this action (qemu-user has no seccomp)"

static void test_actions(void)
{
	static const struct {
		const char *name, *action, *extra;
		uint32_t want;
	} rows[] = {
		{ "getpid", "SCMP_ACT_ERRNO", ",\"errnoRet\":13", R_ERRNO(13) },
		{ "getppid", "SCMP_ACT_ERRNO", "", R_ERRNO(1) },
		{ "gettid", "SCMP_ACT_KILL_PROCESS", "", R_KILL_PROCESS },
		{ "getuid", "SCMP_ACT_KILL_THREAD", "", R_KILL_THREAD },
		{ "getgid", "SCMP_ACT_KILL", "", R_KILL_THREAD },
		{ "geteuid", "SCMP_ACT_TRAP", "", R_TRAP },
		{ "getegid", "SCMP_ACT_TRACE", ",\"errnoRet\":7", R_TRACE(7) },
		{ "sched_yield", "SCMP_ACT_TRACE", "", R_TRACE(1) },
		{ "sync", "SCMP_ACT_LOG", "", R_LOG },
		{ "umask", "SCMP_ACT_NOTIFY", "", R_NOTIFY },
	};
	char json[4096];
	size_t i, off = 0;
	struct scmp_prog p;

	/* One profile, one rule per action; then each action alone (a
	 * libseccomp that refuses one action, NOTIFY under qemu-user for
	 * instance, should cost one row, not all). */
	off += (size_t)snprintf(json + off, sizeof(json) - off, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[");
	for (i = 0; i < N(rows); i++)
		off += (size_t)snprintf(json + off, sizeof(json) - off, "%s{\"names\":[\"%s\"],\"action\":\"%s\"%s}",
					i ? "," : "", rows[i].name, rows[i].action, rows[i].extra);
	snprintf(json + off, sizeof(json) - off, "]}");
	{
		struct rl_err e;

		memset(&e, 0, sizeof(e));
		if (build(json, NULL, &p, &e) == 0) {
			for (i = 0; i < N(rows); i++)
				is_ret(run(&p, nnr(rows[i].name), native->audit, 0), rows[i].want,
				       "action %s%s on %s", rows[i].action, rows[i].extra, rows[i].name);
			is_ret(run(&p, nnr("read"), native->audit, 0), R_ALLOW,
			       "defaultAction SCMP_ACT_ALLOW for a syscall no rule names");
			ok(p.notify, "a NOTIFY rule sets prog.notify");
			scmp_prog_free(&p);
		} else {
			diag("all actions in one profile: %s; one by one:", e.msg);
			for (i = 0; i < N(rows); i++) {
				char one[512];

				memset(&e, 0, sizeof(e));
				fmt_profile(one, sizeof(one),
					    "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"%s\"],\"action\":\"%s\"%s}]}",
					    rows[i].name, rows[i].action, rows[i].extra);
				if (build(one, NULL, &p, &e) < 0) {
					skip(KERNEL_ASKED, "action %s%s (%s)", rows[i].action, rows[i].extra, e.msg);
					continue;
				}
				is_ret(run(&p, nnr(rows[i].name), native->audit, 0), rows[i].want,
				       "action %s%s on %s", rows[i].action, rows[i].extra, rows[i].name);
				scmp_prog_free(&p);
			}
		}
	}

	/* Default actions. */
	{
		static const struct {
			const char *def;
			uint32_t want;
		} defs[] = {
			{ "\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":22", R_ERRNO(22) },
			{ "\"SCMP_ACT_ERRNO\"", R_ERRNO(1) },
			{ "\"SCMP_ACT_KILL_PROCESS\"", R_KILL_PROCESS },
			{ "\"SCMP_ACT_KILL\"", R_KILL_THREAD },
			{ "\"SCMP_ACT_TRAP\"", R_TRAP },
			{ "\"SCMP_ACT_LOG\"", R_LOG },
		};

		for (i = 0; i < N(defs); i++) {
			char one[512];
			struct rl_err e;

			memset(&e, 0, sizeof(e));
			fmt_profile(one, sizeof(one),
				    "{\"defaultAction\":%s,\"syscalls\":[{\"names\":[\"read\",\"getpid\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
				    defs[i].def);
			if (build(one, NULL, &p, &e) < 0) {
				skip(KERNEL_ASKED, "defaultAction %s (%s)", defs[i].def, e.msg);
				continue;
			}
			/* write: between read and getpid on every target, so
			 * below the ENOSYS rule's threshold. */
			is_ret(run(&p, nnr("write"), native->audit, 0), defs[i].want,
			       "defaultAction %s for write", defs[i].def);
			is_ret(run(&p, nnr("getpid"), native->audit, 0), R_ALLOW,
			       "defaultAction %s: the allow rule still applies", defs[i].def);
			scmp_prog_free(&p);
		}
	}
}

/* Every operator on args[1] at the boundaries of `value` (and of the
 * other 32-bit half). */
static void test_operators(uint64_t value)
{
	static const struct {
		const char *op, *name;
	} ops[] = {
		{ "SCMP_CMP_NE", "getpid" }, { "SCMP_CMP_LT", "getppid" },
		{ "SCMP_CMP_LE", "gettid" }, { "SCMP_CMP_EQ", "getuid" },
		{ "SCMP_CMP_GE", "getgid" }, { "SCMP_CMP_GT", "geteuid" },
	};
	const uint64_t probes[] = {
		0, value - 1, value, value + 1, value & 0xffffffffULL, value | 0x100000000ULL,
		value + 0x100000000ULL, value ^ 0x80000000ULL, UINT64_MAX,
	};
	char json[2048];
	size_t i, j, off = 0;
	struct scmp_prog p;

	off += (size_t)snprintf(json, sizeof(json), "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[");
	for (i = 0; i < N(ops); i++)
		off += (size_t)snprintf(json + off, sizeof(json) - off,
					"{\"names\":[\"%s\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5,"
					"\"args\":[{\"index\":1,\"value\":%ju,\"op\":\"%s\"}]},",
					ops[i].name, (uintmax_t)value, ops[i].op);
	snprintf(json + off, sizeof(json) - off, "{\"names\":[\"getegid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5,"
		 "\"args\":[{\"index\":1,\"value\":%ju,\"valueTwo\":%ju,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}",
		 (uintmax_t)(value | 0xf0ULL), (uintmax_t)(value & ~0xfULL));
	if (!build_ok(json, NULL, &p, "operators"))
		return;
	for (i = 0; i < N(ops); i++) {
		bool all = true;

		for (j = 0; j < N(probes); j++) {
			uint64_t a = probes[j];
			bool m = i == 0 ? a != value : i == 1 ? a < value : i == 2 ? a <= value :
				i == 3 ? a == value : i == 4 ? a >= value : a > value;
			uint32_t got = run2(&p, nnr(ops[i].name), native->audit, 0, a);

			if (got != (m ? R_ERRNO(5) : R_ALLOW)) {
				diag("%s %#jx: arg %#jx gave 0x%08x", ops[i].op, (uintmax_t)value, (uintmax_t)a, got);
				all = false;
			}
		}
		ok(all, "%s %#jx: matches exactly where C's comparison holds (%zu probes)", ops[i].op,
		   (uintmax_t)value, N(probes));
	}
	{
		uint64_t mask = value | 0xf0ULL, datum = value & ~0xfULL;
		bool all = true;

		for (j = 0; j < N(probes); j++) {
			uint64_t a = probes[j];
			bool m = (a & mask) == datum;
			uint32_t got = run2(&p, nnr("getegid"), native->audit, 0, a);

			if (got != (m ? R_ERRNO(5) : R_ALLOW)) {
				diag("MASKED_EQ: arg %#jx gave 0x%08x", (uintmax_t)a, got);
				all = false;
			}
		}
		ok(all, "SCMP_CMP_MASKED_EQ mask %#jx datum %#jx (value is the mask, valueTwo the datum)",
		   (uintmax_t)mask, (uintmax_t)datum);
	}
	scmp_prog_free(&p);
}

static void test_and_or(void)
{
	const char *json =
		"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
		"{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5,\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},{\"index\":1,\"value\":2,\"op\":\"SCMP_CMP_EQ\"},"
		"{\"index\":5,\"value\":3,\"op\":\"SCMP_CMP_GE\"}]},"
		"{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":6,\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},{\"index\":0,\"value\":3,\"op\":\"SCMP_CMP_EQ\"}]},"
		"{\"names\":[\"gettid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":7,\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},{\"index\":0,\"value\":3,\"op\":\"SCMP_CMP_EQ\"},"
		"{\"index\":1,\"value\":9,\"op\":\"SCMP_CMP_EQ\"}]}]}";
	struct scmp_prog p;
	uint64_t a[6] = { 0 };
	int pid, ppid, tid;

	if (!build_ok(json, NULL, &p, "AND/OR"))
		return;
	pid = nnr("getpid");
	ppid = nnr("getppid");
	tid = nnr("gettid");
	a[0] = 1, a[1] = 2, a[5] = 3;
	is_ret(bpf_run(p.insns, p.len, pid, native->audit, a), R_ERRNO(5), "AND: all three conditions hold");
	a[5] = 2;
	is_ret(bpf_run(p.insns, p.len, pid, native->audit, a), R_ALLOW, "AND: the third fails");
	a[5] = 3, a[1] = 3;
	is_ret(bpf_run(p.insns, p.len, pid, native->audit, a), R_ALLOW, "AND: the second fails");
	a[1] = 2, a[0] = 0;
	is_ret(bpf_run(p.insns, p.len, pid, native->audit, a), R_ALLOW, "AND: the first fails");
	is_ret(run(&p, ppid, native->audit, 1), R_ERRNO(6), "OR (same argument): the first value");
	is_ret(run(&p, ppid, native->audit, 3), R_ERRNO(6), "OR (same argument): the second value");
	is_ret(run(&p, ppid, native->audit, 2), R_ALLOW, "OR (same argument): neither");
	is_ret(run2(&p, tid, native->audit, 0, 9), R_ERRNO(7),
	       "same argument twice: every condition becomes its own rule (arg1 alone matches)");
	is_ret(run2(&p, tid, native->audit, 3, 0), R_ERRNO(7), "same argument twice: arg0 == 3 alone matches");
	is_ret(run2(&p, tid, native->audit, 2, 8), R_ALLOW, "same argument twice: none matches");
	scmp_prog_free(&p);
}

/* Compat ABIs of the native target (x86 and x32 on x86_64, arm on
 * aarch64, ppc on ppc64le) and the bad-arch answer. */
static void test_compat(void)
{
	char json[512];
	struct scmp_prog p;
	struct rl_err e;
	size_t c;

	for (c = 0; c < 2; c++) {
		const char *cs = native->compat[c].scmp;
		uint32_t ca = native->compat[c].audit;
		bool x32 = native->x32_bit && ca == native->audit;
		const char *abi = ca == AUDIT_I386 ? "i386" : ca == AUDIT_ARM ? "arm" : NULL;
		int getpid_c = x32 ? (int)(native->x32_bit | (uint32_t)nnr("getpid")) : abi ? nr_of(abi, "getpid") : 20;

		if (!cs)
			continue;
		memset(&e, 0, sizeof(e));
		fmt_profile(json, sizeof(json),
			    "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"%s\",\"%s\"],"
			    "\"syscalls\":[{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13}]}",
			    native->scmp, cs);
		if (build(json, NULL, &p, &e) < 0) {
			ok(0, "%s listed: builds (%s)", cs, e.msg);
			continue;
		}
		if (!scmp_abi_usable(cs)) {
			/* libseccomp cannot mix big-endian ppc into a
			 * little-endian filter: the ABI is left out, as a
			 * foreign one, and the kernel's bad-arch answer
			 * (not the rule) stops its calls. */
			ok(run(&p, getpid_c, ca, 0) != R_ERRNO(13) && run(&p, getpid_c, ca, 0) != R_ALLOW,
			   "%s listed on %s: left out of the filter (libseccomp cannot add it), its calls get the bad-arch answer",
			   cs, native->name);
			scmp_prog_free(&p);
			continue;
		}
		is_ret(run(&p, getpid_c, ca, 0), R_ERRNO(13), "%s listed: its getpid (%#x, arch %#x) takes the rule",
		       cs, (unsigned)getpid_c, ca);
		is_ret(run(&p, nnr("getpid"), native->audit, 0), R_ERRNO(13), "%s listed: native getpid too", cs);
		scmp_prog_free(&p);

		fmt_profile(json, sizeof(json),
			    "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"%s\"],"
			    "\"syscalls\":[{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13}]}",
			    native->scmp);
		if (!build_ok(json, NULL, &p, "native arch only"))
			continue;
		is_ret(run(&p, getpid_c, ca, 0), R_KILL_THREAD,
		       "%s not listed: its syscalls get libseccomp's bad-arch answer (KILL_THREAD)", cs);
		scmp_prog_free(&p);
	}
	/* A foreign architecture in the list is skipped; an arch the filter
	 * does not know is refused by the filter itself. */
	fmt_profile(json, sizeof(json),
		    "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_S390X\",\"%s\"],"
		    "\"syscalls\":[{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13}]}",
		    native->scmp);
	if (build_ok(json, NULL, &p, "a foreign architecture listed")) {
		is_ret(run(&p, nnr("getpid"), native->audit, 0), R_ERRNO(13), "a foreign architecture listed is skipped");
		is_ret(run(&p, nnr("getpid"), 0x80000016U, 0), R_KILL_THREAD,
		       "a foreign architecture's syscalls get the bad-arch answer");
		scmp_prog_free(&p);
	}
}

/* The native ABI and its compat ABIs as a JSON list (without ppc, which
 * libseccomp cannot put in a ppc64le filter). */
static const char *arch_list(char *buf, size_t cap)
{
	size_t c;

	fmt_profile(buf, cap, "\"%s\"", native->scmp);
	for (c = 0; c < 2; c++)
		if (native->compat[c].scmp && native->compat[c].audit != AUDIT_PPC)
			fmt_profile(buf + strlen(buf), cap - strlen(buf), ",\"%s\"", native->compat[c].scmp);
	return buf;
}

static void test_enosys(void)
{
	char json[1024], archs[128];
	struct scmp_prog p;
	int rd = nnr("read"), gp = nnr("getpid"), max = rd > gp ? rd : gp;
	int between = -1, n;

	/* A number between the two that the profile does not name. */
	for (n = (rd < gp ? rd : gp) + 1; n < max; n++)
		if (n != rd && n != gp) {
			between = n;
			break;
		}
	fmt_profile(json, sizeof(json),
		    "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":13,\"architectures\":[%s],"
		    "\"syscalls\":[{\"names\":[\"read\",\"getpid\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
		    arch_list(archs, sizeof(archs)));
	if (!build_ok(json, NULL, &p, "ENOSYS rule"))
		return;
	ok(((const struct bpf_insn_c *)p.insns)[0].code == LD_ABS && ((const struct bpf_insn_c *)p.insns)[0].k == 4,
	   "ENOSYS rule: the program starts with the stub (ld arch)");
	is_ret(run(&p, rd, native->audit, 0), R_ALLOW, "ENOSYS rule: read (%d) allowed", rd);
	is_ret(run(&p, max, native->audit, 0), R_ALLOW, "ENOSYS rule: the highest named (%d) allowed", max);
	if (between >= 0)
		is_ret(run(&p, between, native->audit, 0), R_ERRNO(13),
		       "ENOSYS rule: an unnamed number below the highest (%d) takes the default errno", between);
	is_ret(run(&p, max + 1, native->audit, 0), R_ERRNO(38), "ENOSYS rule: highest + 1 (%d) is ENOSYS", max + 1);
	is_ret(run(&p, 1000, native->audit, 0), R_ERRNO(38), "ENOSYS rule: 1000 is ENOSYS");
	if (native->x32_bit) {
		is_ret(run(&p, (int)(native->x32_bit | (uint32_t)rd), native->audit, 0), R_ALLOW,
		       "ENOSYS rule: x32 read allowed by the profile");
		is_ret(run(&p, (int)(native->x32_bit | 1000U), native->audit, 0), R_ERRNO(13),
		       "ENOSYS rule: x32 numbers are untouched (the default errno, not ENOSYS)");
	}
	if (native->compat[0].scmp && native->compat[0].audit != AUDIT_PPC) {
		const char *abi = native->compat[0].audit == AUDIT_I386 ? "i386" : "arm";

		is_ret(run(&p, nr_of(abi, "read"), native->compat[0].audit, 0), R_ALLOW,
		       "ENOSYS rule: %s read allowed", abi);
		is_ret(run(&p, nr_of(abi, "read") + 1, native->compat[0].audit, 0), R_ERRNO(13),
		       "ENOSYS rule: %s: below its highest (getpid %d): the default errno", abi, nr_of(abi, "getpid"));
		is_ret(run(&p, 1000, native->compat[0].audit, 0), R_ERRNO(38),
		       "ENOSYS rule: %s: above its highest: ENOSYS", abi);
	}
	scmp_prog_free(&p);

	fmt_profile(json, sizeof(json),
		    "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\",\"getpid\"],"
		    "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13}]}");
	if (build_ok(json, NULL, &p, "ENOSYS rule, allow default")) {
		is_ret(run(&p, max + 1, native->audit, 0), R_ALLOW, "no ENOSYS rule with an allow default");
		is_ret(run(&p, 1000, native->audit, 0), R_ALLOW, "no ENOSYS rule with an allow default (1000)");
		scmp_prog_free(&p);
	}
	fmt_profile(json, sizeof(json),
		    "{\"defaultAction\":\"SCMP_ACT_KILL\",\"syscalls\":[{\"names\":[\"read\",\"getpid\"],"
		    "\"action\":\"SCMP_ACT_ALLOW\"}]}");
	if (build_ok(json, NULL, &p, "ENOSYS rule, kill default")) {
		is_ret(run(&p, 1000, native->audit, 0), R_KILL_THREAD, "no ENOSYS rule with a kill default");
		scmp_prog_free(&p);
	}
}

/* The default profile's decisions on one target (abi: its table). */
struct row {
	const char *name;
	uint64_t a0;
	uint32_t want;
	const char *why;
};

#define EPERM_ R_ERRNO(1)
#define ENOSYS_ R_ERRNO(38)

static const struct row default_rows[] = {
	{ "read", 0, R_ALLOW, "I/O" },
	{ "write", 1, R_ALLOW, "I/O" },
	{ "openat", 0, R_ALLOW, "files" },
	{ "close", 0, R_ALLOW, "files" },
	{ "fchmodat2", 0, R_ALLOW, "files (6.6)" },
	{ "execve", 0, R_ALLOW, "processes" },
	{ "exit_group", 0, R_ALLOW, "processes" },
	{ "mmap", 0, R_ALLOW, "memory" },
	{ "futex", 0, R_ALLOW, "threads" },
	{ "futex_wake", 0, R_ALLOW, "threads (6.7)" },
	{ "rt_sigaction", 0, R_ALLOW, "signals" },
	{ "clock_nanosleep", 0, R_ALLOW, "time" },
	{ "adjtimex", 0, R_ALLOW, "reading the clock's state" },
	{ "epoll_pwait", 0, R_ALLOW, "events" },
	{ "accept4", 0, R_ALLOW, "sockets" },
	{ "ptrace", 0, R_ALLOW, "debugging, kernel >= 4.8" },
	{ "seccomp", 0, R_ALLOW, "self-confinement" },
	{ "landlock_restrict_self", 0, R_ALLOW, "self-confinement" },
	{ "clone", SIGCHLD_, R_ALLOW, "fork" },
	{ "clone", CLONE_THREAD_SET, R_ALLOW, "pthread_create" },
	{ "clone", 0xffffffff00000000ULL | SIGCHLD_, R_ALLOW, "bits above 32 are ignored by clone" },
	{ "clone", CLONE_NEWUSER | SIGCHLD_, EPERM_, "no new user namespace" },
	{ "clone", CLONE_NEWNS | SIGCHLD_, EPERM_, "no new mount namespace" },
	{ "clone", CLONE_NEWCGROUP, EPERM_, "no new cgroup namespace" },
	{ "clone", CLONE_NEWNET | CLONE_THREAD_SET, EPERM_, "no new network namespace" },
	{ "clone3", 0, ENOSYS_, "flags out of reach: libc falls back to clone" },
	{ "unshare", CLONE_FILES, R_ALLOW, "unshare of the fd table" },
	{ "unshare", CLONE_FS | CLONE_FILES, R_ALLOW, "unshare of fs info" },
	{ "unshare", CLONE_NEWUSER, EPERM_, "no new user namespace" },
	{ "unshare", CLONE_NEWNET, EPERM_, "no new network namespace" },
	{ "unshare", CLONE_NEWTIME, EPERM_, "no new time namespace" },
	{ "setns", 0, EPERM_, "no joining namespaces" },
	{ "personality", 0, R_ALLOW, "PER_LINUX" },
	{ "personality", 8, R_ALLOW, "PER_LINUX32" },
	{ "personality", 0x20000, R_ALLOW, "UNAME26" },
	{ "personality", 0x20008, R_ALLOW, "UNAME26 | PER_LINUX32" },
	{ "personality", 0xffffffff, R_ALLOW, "query" },
	{ "personality", ADDR_NO_RANDOMIZE, EPERM_, "no ASLR opt-out" },
	{ "personality", READ_IMPLIES_EXEC, EPERM_, "no READ_IMPLIES_EXEC" },
	{ "personality", 8 | ADDR_NO_RANDOMIZE, EPERM_, "no ASLR opt-out with PER_LINUX32" },
	{ "personality", 0x100000000ULL, EPERM_, "high bits: not an allowed value" },
	{ "socket", 1, R_ALLOW, "AF_UNIX" },
	{ "socket", 2, R_ALLOW, "AF_INET" },
	{ "socket", 10, R_ALLOW, "AF_INET6" },
	{ "socket", 16, R_ALLOW, "AF_NETLINK" },
	{ "socket", 17, R_ALLOW, "AF_PACKET" },
	{ "socket", 40, EPERM_, "AF_VSOCK: not namespaced" },
	{ "socket", 38, EPERM_, "AF_ALG" },
	{ "socket", 15, EPERM_, "AF_KEY" },
	{ "socket", 0x100000002ULL, EPERM_, "AF_INET with high bits set" },
	{ "io_uring_setup", 0, ENOSYS_, "io_uring: as if absent" },
	{ "cachestat", 0, ENOSYS_, "page-cache probe: as if absent" },
	{ "mount", 0, EPERM_, "mounts" },
	{ "umount2", 0, EPERM_, "mounts" },
	{ "pivot_root", 0, EPERM_, "mounts" },
	{ "fsopen", 0, EPERM_, "new mount API" },
	{ "move_mount", 0, EPERM_, "new mount API" },
	{ "open_tree", 0, EPERM_, "new mount API" },
	{ "mount_setattr", 0, EPERM_, "new mount API" },
	{ "kexec_load", 0, EPERM_, "kernel replacement" },
	{ "kexec_file_load", 0, EPERM_, "kernel replacement" },
	{ "init_module", 0, EPERM_, "modules" },
	{ "finit_module", 0, EPERM_, "modules" },
	{ "delete_module", 0, EPERM_, "modules" },
	{ "bpf", 0, EPERM_, "eBPF" },
	{ "perf_event_open", 0, EPERM_, "perf" },
	{ "userfaultfd", 0, EPERM_, "race widening" },
	{ "keyctl", 0, EPERM_, "keyrings are not namespaced" },
	{ "add_key", 0, EPERM_, "keyrings are not namespaced" },
	{ "request_key", 0, EPERM_, "keyrings are not namespaced" },
	{ "open_by_handle_at", 0, EPERM_, "handles bypass the mount namespace" },
	{ "name_to_handle_at", 0, EPERM_, "handles" },
	{ "reboot", 0, EPERM_, "host administration" },
	{ "swapon", 0, EPERM_, "host administration" },
	{ "acct", 0, EPERM_, "host administration" },
	{ "syslog", 0, EPERM_, "host's kernel log" },
	{ "settimeofday", 0, EPERM_, "the clock is not namespaced" },
	{ "clock_settime", 0, EPERM_, "the clock is not namespaced" },
	{ "sethostname", 0, EPERM_, "admin" },
	{ "quotactl", 0, EPERM_, "admin" },
	{ "kcmp", 0, EPERM_, "kernel pointer ordering" },
	{ "move_pages", 0, EPERM_, "other processes' memory" },
	{ "fanotify_init", 0, EPERM_, "filesystem-wide watches" },
	{ "statmount", 0, ENOSYS_, "newer than the profile (6.8)" },
	{ "mseal", 0, ENOSYS_, "newer than the profile (6.10)" },
};

static void check_rows(const struct scmp_prog *p, const char *abi, uint32_t audit, const char *what)
{
	size_t i;
	int skipped = 0;

	for (i = 0; i < N(default_rows); i++) {
		const struct row *r = &default_rows[i];
		int nr = nr_of(abi, r->name);

		if (nr < 0) {
			skipped++;
			continue;
		}
		is_ret(run(p, nr, audit, r->a0), r->want, "%s: %s(%#jx) (%s)", what, r->name, (uintmax_t)r->a0, r->why);
	}
	if (skipped)
		diag("%s: %d rows name syscalls %s does not have", what, skipped, abi);
	is_ret(run(p, 1000, audit, 0), ENOSYS_, "%s: syscall 1000 (brand new): ENOSYS", what);
}

static void test_default_native(void)
{
	struct scmp_prog p;
	struct spec s;
	struct rl_err e;
	char *listing = NULL;
	size_t sz = 0;
	FILE *m;
	int problems;

	memset(&e, 0, sizeof(e));
	if (parse_profile(&s, scmp_default_profile, &e) < 0) {
		ok(0, "default profile parses (%s)", e.msg);
		return;
	}
	m = open_memstream(&listing, &sz);
	if (!m)
		bail_out("open_memstream: %s", strerror(errno));
	problems = scmp_check(m, &s.lnx.seccomp, NULL, &e);
	fclose(m);
	is_int(problems, 0, "default profile: seccomp check finds no problem");
	if (problems && listing)
		diag("%s", listing);
	free(listing);
	if (!ok(scmp_build(&ctx, &s.lnx.seccomp, &p, &e) == 0, "default profile: builds natively"))
		diag("%s", e.msg);
	spec_free(&s);
	if (!p.insns)
		return;
	ok(p.len < BPF_MAX_INSNS && !p.notify && p.flags == 0, "default profile: %u instructions, no notify, no flags",
	   p.len);
	check_rows(&p, native->name, native->audit, native->name);
	is_ret(run(&p, nnr("read"), 0x12345678U, 0), R_KILL_THREAD, "%s: an unknown arch gets the bad-arch answer",
	       native->name);
	if (native->compat[0].audit == AUDIT_I386) {
		static const struct row i386_rows[] = {
			{ "read", 0, R_ALLOW, "I/O" }, { "getpid", 0, R_ALLOW, "processes" },
			{ "socketcall", 1, R_ALLOW, "socket multiplexer (its args are out of reach)" },
			{ "kexec_load", 0, EPERM_, "kernel replacement" },
			{ "mount", 0, EPERM_, "mounts" },
			{ "personality", ADDR_NO_RANDOMIZE, EPERM_, "no ASLR opt-out" },
			{ "personality", 8, R_ALLOW, "PER_LINUX32" },
			{ "clone", CLONE_NEWUSER | SIGCHLD_, EPERM_, "no new user namespace" },
			{ "clone", SIGCHLD_, R_ALLOW, "fork" },
			{ "unshare", CLONE_NEWNS, EPERM_, "no new mount namespace" },
		};
		size_t i;

		for (i = 0; i < N(i386_rows); i++)
			is_ret(run(&p, nr_of("i386", i386_rows[i].name), AUDIT_I386, i386_rows[i].a0), i386_rows[i].want,
			       "i386: %s(%#jx) (%s)", i386_rows[i].name, (uintmax_t)i386_rows[i].a0, i386_rows[i].why);
		is_ret(run(&p, 1000, AUDIT_I386, 0), ENOSYS_, "i386: syscall 1000: ENOSYS");
		is_ret(run(&p, (int)(X32_BIT | (uint32_t)nnr("read")), native->audit, 0), R_ALLOW, "x32: read");
		is_ret(run(&p, (int)(X32_BIT | (uint32_t)nnr("kexec_load")), native->audit, 0), EPERM_,
		       "x32: kexec_load's 64-bit-only number is no x32 syscall: the default (EPERM)");
		is_ret(run(&p, (int)(X32_BIT | 1000U), native->audit, 0), EPERM_,
		       "x32: syscall 1000 is left to the profile (EPERM, not ENOSYS)");
	} else if (native->compat[0].audit == AUDIT_ARM) {
		static const struct row arm_rows[] = {
			{ "read", 0, R_ALLOW, "I/O" }, { "getpid", 0, R_ALLOW, "processes" },
			{ "set_tls", 0, R_ALLOW, "ARM private: TLS setup" },
			{ "kexec_load", 0, EPERM_, "kernel replacement" },
			{ "mount", 0, EPERM_, "mounts" },
			{ "personality", ADDR_NO_RANDOMIZE, EPERM_, "no ASLR opt-out" },
			{ "clone", CLONE_NEWUSER | SIGCHLD_, EPERM_, "no new user namespace" },
			{ "unshare", CLONE_NEWUSER, EPERM_, "no new user namespace" },
		};
		size_t i;

		for (i = 0; i < N(arm_rows); i++)
			is_ret(run(&p, nr_of("arm", arm_rows[i].name), AUDIT_ARM, arm_rows[i].a0), arm_rows[i].want,
			       "arm: %s(%#jx) (%s)", arm_rows[i].name, (uintmax_t)arm_rows[i].a0, arm_rows[i].why);
	}
	scmp_prog_free(&p);
}

/* The default profile built for every target by this build: what
 * `runlet seccomp compile --arch` does for a board. */
static void test_default_cross(void)
{
	static const struct arch_target targets[] = ARCH_TARGETS;
	struct spec s;
	struct rl_err e;
	size_t i;

	memset(&e, 0, sizeof(e));
	if (parse_profile(&s, scmp_default_profile, &e) < 0) {
		ok(0, "default profile parses (%s)", e.msg);
		return;
	}
	for (i = 0; i < N(targets); i++) {
		const struct arch_target *t = &targets[i];
		struct scmp_prog p;
		char what[64];

		memset(&e, 0, sizeof(e));
		if (!t->scmp) {
			ok(scmp_build_for(&ctx, &s.lnx.seccomp, t->name, &p, &e) == -1 && strstr(e.msg, "seccomp") &&
			   !p.insns, "target %s: refused, naming seccomp (%s)", t->name, e.msg);
			continue;
		}
		if (!ok(scmp_build_for(&ctx, &s.lnx.seccomp, t->name, &p, &e) == 0, "target %s: builds", t->name)) {
			diag("%s", e.msg);
			continue;
		}
		snprintf(what, sizeof(what), "target %s", t->name);
		check_rows(&p, t->name, t->audit, what);
		is_ret(run(&p, nr_of(t->name, "read"), native->audit == t->audit ? 0x12345678U : native->audit, 0),
		       R_KILL_THREAD, "target %s: another arch's read gets the bad-arch answer", t->name);
		scmp_prog_free(&p);
	}
	memset(&e, 0, sizeof(e));
	{
		struct scmp_prog p;

		ok(scmp_build_for(&ctx, &s.lnx.seccomp, "mips", &p, &e) == -1 && strstr(e.msg, "mips"),
		   "target mips: refused (%s)", e.msg);
	}
	spec_free(&s);
}

/* Names libseccomp 2.5.4 does not know but the kernel tables do (mseal,
 * Linux 6.10): resolved through arch/<arch>/syscalls.h, exact numbers. */
static void test_own_table(void)
{
	static const char prof[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,"
		"\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"mseal\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":99}]}";
	static const char allow[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,"
		"\"syscalls\":[{\"names\":[\"read\",\"mseal\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
	struct scmp_prog p;
	int nr = systab_lookup("mseal");

	if (nr < 0 || scmp_name_known("mseal")) {
		skip("libseccomp knows mseal, or this kernel table has none", "own-table names");
		return;
	}
	if (build_ok(prof, NULL, &p, "a profile naming mseal")) {
		is_ret(run(&p, nr, native->audit, 0), 0x00050000U | 99,
		       "mseal (%d, only in runlet's table) gets its rule's ERRNO(99)", nr);
		is_ret(run(&p, nr + 1, native->audit, 0), 0x00050000U | 38,
		       "a number above it is still ENOSYS (the rule counts for the ENOSYS limit)");
		is_ret(run(&p, nnr("read"), native->audit, 0), 0x7fff0000U, "read still allowed");
		scmp_prog_free(&p);
	}
	if (build_ok(allow, NULL, &p, "an allow-list with mseal")) {
		is_ret(run(&p, nr, native->audit, 0), 0x7fff0000U, "mseal allowed by name");
		scmp_prog_free(&p);
	}
}

int main(void)
{
	test_stub();
	test_interpreter();
	test_printers();
	test_default_parses();
	if (!scmp_available()) {
		diag("no libseccomp in this build (%s): the refusal path", ARCH_NAME);
		test_refusal();
		return done_testing();
	}
	native = scmp_target(NULL);
	if (!native || !native->scmp)
		bail_out("scmp_target(NULL) has no seccomp target");
	diag("%s, libseccomp %s", native->name, scmp_lib_version());
	test_actions();
	test_operators(10);
	test_operators(0x100000010ULL);
	test_operators(0xfffffff0ULL);
	test_and_or();
	test_compat();
	test_enosys();
	test_default_native();
	test_default_cross();
	test_own_table();
	return done_testing();
}
