// SPDX-License-Identifier: MIT
/* Classic BPF for seccomp: the ENOSYS stub, printing, an interpreter. */
#include <stdbool.h>
#include <string.h>

#include "bpf.h"

/* Instruction classes and modes used by seccomp programs. */
enum {
	C_LD = 0x00, C_LDX = 0x01, C_ST = 0x02, C_STX = 0x03, C_ALU = 0x04,
	C_JMP = 0x05, C_RET = 0x06, C_MISC = 0x07,
	S_W = 0x00, M_IMM = 0x00, M_ABS = 0x20, M_MEM = 0x60, M_LEN = 0x80,
	J_JA = 0x00, J_JEQ = 0x10, J_JGT = 0x20, J_JGE = 0x30, J_JSET = 0x40,
	SRC_K = 0x00, SRC_X = 0x08,
	A_ADD = 0x00, A_SUB = 0x10, A_MUL = 0x20, A_DIV = 0x30, A_OR = 0x40,
	A_AND = 0x50, A_LSH = 0x60, A_RSH = 0x70, A_NEG = 0x80, A_MOD = 0x90,
	A_XOR = 0xa0,
	RV_A = 0x10, X_TAX = 0x00, X_TXA = 0x80,
};
#define RET_ERRNO 0x00050000U
#define RET_KILL_PROCESS 0x80000000U
#define ENOSYS_ 38

static struct bpf_insn_c ins(uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	struct bpf_insn_c i = { code, jt, jf, k };

	return i;
}

long bpf_enosys_stub(const struct bpf_insn_c *prog, size_t len,
		     const struct bpf_stub_abi *abis, size_t n,
		     struct bpf_insn_c *out, size_t cap)
{
	size_t body = 0, i, p, L, bstart[8], ret_pos;

	if (n > 8)
		return -1;
	if (n == 0) {
		if (len > cap)
			return -1;
		memcpy(out, prog, len * sizeof(*prog));
		return (long)len;
	}
	/* ld arch; n x jeq; ja orig; bodies; ret ENOSYS; orig */
	for (i = 0; i < n; i++)
		body += abis[i].x32_bit ? 3 : 2;
	L = 1 + n + 1 + body + 1;
	if (L + len > cap || L + len > BPF_MAX_INSNS)
		return -1;
	ret_pos = L - 1;
	p = 1 + n + 1;
	for (i = 0; i < n; i++) {
		bstart[i] = p;
		p += abis[i].x32_bit ? 3 : 2;
	}
	out[0] = ins(C_LD | S_W | M_ABS, 0, 0, 4);
	for (i = 0; i < n; i++)
		out[1 + i] = ins(C_JMP | J_JEQ | SRC_K, (uint8_t)(bstart[i] - (2 + i)), 0, abis[i].audit);
	out[1 + n] = ins(C_JMP | J_JA, 0, 0, (uint32_t)(L - (2 + n)));
	for (i = 0; i < n; i++) {
		p = bstart[i];
		out[p] = ins(C_LD | S_W | M_ABS, 0, 0, 0);
		p++;
		if (abis[i].x32_bit) {
			out[p] = ins(C_JMP | J_JSET | SRC_K, (uint8_t)(L - (p + 1)), 0, abis[i].x32_bit);
			p++;
		}
		out[p] = ins(C_JMP | J_JGT | SRC_K, (uint8_t)(ret_pos - (p + 1)),
			     (uint8_t)(L - (p + 1)), abis[i].max_nr);
	}
	out[ret_pos] = ins(C_RET | SRC_K, 0, 0, RET_ERRNO | ENOSYS_);
	memcpy(out + L, prog, len * sizeof(*prog));
	return (long)(L + len);
}

long bpf_prepend_rules(const struct bpf_insn_c *prog, size_t len, uint32_t audit,
		       const struct bpf_nr_rule *rules, size_t n,
		       struct bpf_insn_c *out, size_t cap)
{
	/* ld arch; jeq audit (else to prog); ld nr; per rule: jeq nr, then
	 * ret; ja prog. Each rule is two instructions so that every jump
	 * stays short. */
	size_t L = 3 + 2 * n + 1, i, p;

	if (n == 0) {
		if (len > cap)
			return -1;
		memcpy(out, prog, len * sizeof(*prog));
		return (long)len;
	}
	if (L + len > cap || L + len > BPF_MAX_INSNS)
		return -1;
	out[0] = ins(C_LD | S_W | M_ABS, 0, 0, 4);
	out[1] = ins(C_JMP | J_JEQ | SRC_K, 0, (uint8_t)0, audit);
	out[2] = ins(C_LD | S_W | M_ABS, 0, 0, 0);
	for (i = 0, p = 3; i < n; i++, p += 2) {
		out[p] = ins(C_JMP | J_JEQ | SRC_K, 0, 1, rules[i].nr);
		out[p + 1] = ins(C_RET | SRC_K, 0, 0, rules[i].ret);
	}
	out[p] = ins(C_JMP | J_JA, 0, 0, 0);
	/* jf of the arch test: past everything to prog (offset fits in the
	 * 32-bit ja below only, so go through it when far). */
	if (L - 2 <= 255)
		out[1].jf = (uint8_t)(L - 2);
	else
		out[1].jf = (uint8_t)(p - 2);   /* lands on the ja */
	memcpy(out + L, prog, len * sizeof(*prog));
	return (long)(L + len);
}

static const char *bpf_ret_name(uint32_t k, char *buf, size_t cap)
{
	switch (k & 0xffff0000U) {
	case 0x80000000U: return "KILL_PROCESS";
	case 0x00000000U: return "KILL_THREAD";
	case 0x00030000U: snprintf(buf, cap, "TRAP(%u)", k & 0xffff); return buf;
	case 0x00050000U: snprintf(buf, cap, "ERRNO(%u)", k & 0xffff); return buf;
	case 0x7fc00000U: return "USER_NOTIF";
	case 0x7ff00000U: snprintf(buf, cap, "TRACE(%u)", k & 0xffff); return buf;
	case 0x7ffc0000U: return "LOG";
	case 0x7fff0000U: return "ALLOW";
	}
	snprintf(buf, cap, "0x%08x", k);
	return buf;
}

void bpf_print_asm(FILE *f, const struct bpf_insn_c *prog, size_t len)
{
	static const char *const jn[] = { "ja", "jeq", "jgt", "jge", "jset" };
	static const char *const an[] = { "add", "sub", "mul", "div", "or", "and",
					  "lsh", "rsh", "neg", "mod", "xor" };
	size_t i;
	char rb[32];

	for (i = 0; i < len; i++) {
		const struct bpf_insn_c *x = &prog[i];
		unsigned cls = x->code & 0x07;

		fprintf(f, "%04zu: ", i);
		switch (cls) {
		case C_LD:
			if ((x->code & 0xe0) == M_ABS)
				fprintf(f, "ld  [%u]%s\n", x->k, x->k == 0 ? "\t; nr" : x->k == 4 ? "\t; arch" :
					x->k >= 16 ? "\t; args" : "");
			else if ((x->code & 0xe0) == M_MEM)
				fprintf(f, "ld  M[%u]\n", x->k);
			else if ((x->code & 0xe0) == M_LEN)
				fprintf(f, "ld  #len\n");
			else
				fprintf(f, "ld  #0x%x\n", x->k);
			break;
		case C_LDX:
			fprintf(f, (x->code & 0xe0) == M_MEM ? "ldx M[%u]\n" : "ldx #0x%x\n", x->k);
			break;
		case C_ST:
			fprintf(f, "st  M[%u]\n", x->k);
			break;
		case C_STX:
			fprintf(f, "stx M[%u]\n", x->k);
			break;
		case C_ALU: {
			unsigned op = (x->code & 0xf0) >> 4;

			if (op < 11)
				fprintf(f, (x->code & SRC_X) ? "%s x\n" : "%s #0x%x\n", an[op], x->k);
			else
				fprintf(f, "alu 0x%02x #0x%x\n", x->code, x->k);
			break;
		}
		case C_JMP: {
			unsigned op = (x->code & 0xf0) >> 4;

			if (op == 0)
				fprintf(f, "ja  %zu\n", i + 1 + x->k);
			else if (op < 5)
				fprintf(f, "%-4s #0x%x, %zu, %zu\n", jn[op], x->k, i + 1 + x->jt, i + 1 + x->jf);
			else
				fprintf(f, "jmp 0x%02x\n", x->code);
			break;
		}
		case C_RET:
			fprintf(f, "ret %s\n", (x->code & 0x18) == RV_A ? "a" : bpf_ret_name(x->k, rb, sizeof(rb)));
			break;
		default:
			fprintf(f, "%s\n", (x->code & 0xf8) == X_TXA ? "txa" : "tax");
		}
	}
}

void bpf_print_c(FILE *f, const struct bpf_insn_c *prog, size_t len)
{
	size_t i;

	fprintf(f, "/* %zu instructions */\nstatic const struct sock_filter filter[] = {\n", len);
	for (i = 0; i < len; i++)
		fprintf(f, "\t{ 0x%02x, %u, %u, 0x%08x },\n", prog[i].code, prog[i].jt, prog[i].jf, prog[i].k);
	fputs("};\n", f);
}

static uint32_t bpf_word(int nr, uint32_t arch, const uint64_t args[6], uint32_t off)
{
	/* struct seccomp_data: nr, arch, ip (u64), args[6] (u64); host
	 * byte order as the kernel's (the interpreter runs on the target's
	 * endianness, so the low word comes first on little endian). */
	unsigned char d[64];
	uint32_t v;
	int32_t n = nr;
	uint64_t ip = 0;
	int i;

	memcpy(d, &n, 4);
	memcpy(d + 4, &arch, 4);
	memcpy(d + 8, &ip, 8);
	for (i = 0; i < 6; i++)
		memcpy(d + 16 + 8 * i, &args[i], 8);
	if (off > 60 || off % 4)
		return 0;
	memcpy(&v, d + off, 4);
	return v;
}

uint32_t bpf_run(const struct bpf_insn_c *prog, size_t len, int nr, uint32_t arch,
		 const uint64_t args[6])
{
	uint32_t A = 0, X = 0, M[16];
	size_t pc = 0, steps = 0;

	memset(M, 0, sizeof(M));
	while (pc < len && steps++ < 100000) {
		const struct bpf_insn_c *x = &prog[pc++];
		unsigned cls = x->code & 0x07;

		switch (cls) {
		case C_LD:
			if ((x->code & 0xe0) == M_ABS)
				A = bpf_word(nr, arch, args, x->k);
			else if ((x->code & 0xe0) == M_MEM)
				A = M[x->k & 15];
			else if ((x->code & 0xe0) == M_LEN)
				A = 64;
			else
				A = x->k;
			break;
		case C_LDX:
			X = (x->code & 0xe0) == M_MEM ? M[x->k & 15] : x->k;
			break;
		case C_ST:
			M[x->k & 15] = A;
			break;
		case C_STX:
			M[x->k & 15] = X;
			break;
		case C_ALU: {
			uint32_t s = (x->code & SRC_X) ? X : x->k;

			switch (x->code & 0xf0) {
			case A_ADD: A += s; break;
			case A_SUB: A -= s; break;
			case A_MUL: A *= s; break;
			case A_DIV: A = s ? A / s : 0; break;
			case A_OR: A |= s; break;
			case A_AND: A &= s; break;
			case A_LSH: A <<= (s & 31); break;
			case A_RSH: A >>= (s & 31); break;
			case A_NEG: A = -A; break;
			case A_MOD: A = s ? A % s : 0; break;
			case A_XOR: A ^= s; break;
			}
			break;
		}
		case C_JMP: {
			uint32_t s = (x->code & SRC_X) ? X : x->k;
			bool t = false;

			switch (x->code & 0xf0) {
			case J_JA: pc += x->k; continue;
			case J_JEQ: t = A == s; break;
			case J_JGT: t = A > s; break;
			case J_JGE: t = A >= s; break;
			case J_JSET: t = (A & s) != 0; break;
			}
			pc += t ? x->jt : x->jf;
			break;
		}
		case C_RET:
			return (x->code & 0x18) == RV_A ? A : x->k;
		default:
			if ((x->code & 0xf8) == X_TXA)
				A = X;
			else
				X = A;
		}
	}
	return RET_KILL_PROCESS;   /* ran off the end: the kernel refuses such */
}
