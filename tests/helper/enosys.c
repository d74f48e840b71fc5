// SPDX-License-Identifier: MIT
/*
 * enosys: run a command with some syscalls made to fail, so that a
 * runtime's fallback paths get exercised on a kernel that has everything.
 *
 *   enosys SYSCALL[,SYSCALL...] -- CMD [ARGS...]
 *
 * Installs a seccomp filter (raw classic BPF, SECCOMP_SET_MODE_FILTER after
 * PR_SET_NO_NEW_PRIVS) that makes the named x86_64 syscalls return ENOSYS,
 * then execs CMD. The filter is inherited across fork and exec, so it
 * applies to the runtime and to the container it starts. Names are the
 * ones in the table below or plain numbers; "mount-api" stands for the new
 * mount API (open_tree, move_mount, fsopen, fsconfig, fsmount, fspick,
 * mount_setattr). The special name "clone-ns" makes clone(2) with any
 * CLONE_NEW* flag fail with EINVAL instead (what qemu-user does), leaving
 * plain clone/fork alone; "clone_into_cgroup" makes clone3 with a
 * struct clone_args larger than its first version (64 bytes) fail with
 * E2BIG, which is what Linux 5.3-5.6 answers when the set_tid or cgroup
 * field is used (a filter cannot read the flags inside the struct, so the
 * size stands for CLONE_INTO_CGROUP). Anything on another arch (i386, x32 via
 * 0x40000000 numbers are not translated) is allowed.
 *
 * Because of NO_NEW_PRIVS, setuid binaries run under it do not elevate.
 * Exit status: CMD's (exec'd), 2 on a usage error, 1 if the filter cannot
 * be installed, 127 if CMD cannot be executed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Classic BPF and seccomp ABI (linux/filter.h, linux/seccomp.h, linux/audit.h). */
struct sock_filter {
	uint16_t code;
	uint8_t jt;
	uint8_t jf;
	uint32_t k;
};
struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};
#define BPF_LD_W_ABS 0x20                  /* BPF_LD | BPF_W | BPF_ABS */
#define BPF_JEQ_K 0x15                     /* BPF_JMP | BPF_JEQ | BPF_K */
#define BPF_JSET_K 0x45                    /* BPF_JMP | BPF_JSET | BPF_K */
#define BPF_JGT_K 0x25                     /* BPF_JMP | BPF_JGT | BPF_K */
#define BPF_RET_K 0x06                     /* BPF_RET | BPF_K */
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_RET_ALLOW 0x7fff0000U
#define SECCOMP_RET_ERRNO 0x00050000U
#define AUDIT_ARCH_X86_64 0xC000003EU
#define OFF_NR 0                           /* offsetof(struct seccomp_data, nr) */
#define OFF_ARCH 4                         /* ... arch */
#define OFF_ARG0_LO 16                     /* args[0], low word (little-endian) */
#define OFF_ARG1_LO 24                     /* args[1], low word */
#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_NEW_ANY 0x7E020080U          /* every CLONE_NEW* flag */
#define NR_CLONE 56
#define NR_CLONE3 435

static const struct {
	const char *name;
	int nr;
} table[] = {
	{ "pidfd_send_signal", 424 }, { "open_tree", 428 }, { "move_mount", 429 },
	{ "fsopen", 430 }, { "fsconfig", 431 }, { "fsmount", 432 },
	{ "fspick", 433 }, { "pidfd_open", 434 }, { "clone3", 435 },
	{ "close_range", 436 }, { "openat2", 437 }, { "pidfd_getfd", 438 },
	{ "faccessat2", 439 }, { "mount_setattr", 442 }, { "landlock_create_ruleset", 444 },
	{ "statmount", 457 }, { "listmount", 458 }, { "open_tree_attr", 467 },
	{ "statx", 332 }, { "seccomp", 317 }, { "unshare", 272 }, { "setns", 308 },
	{ "pivot_root", 155 }, { "keyctl", 250 }, { "memfd_create", 319 },
	{ "execveat", 322 }, { "userfaultfd", 323 }, { "bpf", 321 },
};
static const int mount_api[] = { 428, 429, 430, 431, 432, 433, 442 };

#define MAX_NR 64
static int nrs[MAX_NR];
static int nnrs;
static int clone_ns;
static int into_cgroup;

static int add(int nr)
{
	for (int i = 0; i < nnrs; i++)
		if (nrs[i] == nr)
			return 0;
	if (nnrs == MAX_NR)
		return -1;
	nrs[nnrs++] = nr;
	return 0;
}

static int parse(char *list)
{
	for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
		char *end;
		long v = strtol(name, &end, 10);
		size_t i;

		if (!strcmp(name, "clone-ns")) {
			clone_ns = 1;
			continue;
		}
		if (!strcmp(name, "clone_into_cgroup")) {
			into_cgroup = 1;
			continue;
		}
		if (!strcmp(name, "mount-api")) {
			for (i = 0; i < sizeof mount_api / sizeof mount_api[0]; i++)
				if (add(mount_api[i]) < 0)
					return -1;
			continue;
		}
		if (*name && !*end && v >= 0 && v < 1024) {
			if (add((int)v) < 0)
				return -1;
			continue;
		}
		for (i = 0; i < sizeof table / sizeof table[0]; i++)
			if (!strcmp(table[i].name, name))
				break;
		if (i == sizeof table / sizeof table[0]) {
			fprintf(stderr, "enosys: unknown syscall \"%s\"\n", name);
			return -1;
		}
		if (add(table[i].nr) < 0)
			return -1;
	}
	return 0;
}

#define STMT(c, kk) ((struct sock_filter){ (c), 0, 0, (kk) })
#define JUMP(c, kk, t, f) ((struct sock_filter){ (c), (t), (f), (kk) })

static int install(void)
{
	struct sock_filter prog[4 + 2 * MAX_NR + 5 + 5];
	struct sock_fprog fprog;
	unsigned short n = 0;

	prog[n++] = STMT(BPF_LD_W_ABS, OFF_ARCH);
	prog[n++] = JUMP(BPF_JEQ_K, AUDIT_ARCH_X86_64, 1, 0);
	prog[n++] = STMT(BPF_RET_K, SECCOMP_RET_ALLOW);
	prog[n++] = STMT(BPF_LD_W_ABS, OFF_NR);
	for (int i = 0; i < nnrs; i++) {
		prog[n++] = JUMP(BPF_JEQ_K, (uint32_t)nrs[i], 0, 1);
		prog[n++] = STMT(BPF_RET_K, SECCOMP_RET_ERRNO | ENOSYS);
	}
	if (into_cgroup) {   /* reloads the number after looking at args[1] */
		prog[n++] = JUMP(BPF_JEQ_K, NR_CLONE3, 0, 3);
		prog[n++] = STMT(BPF_LD_W_ABS, OFF_ARG1_LO);
		prog[n++] = JUMP(BPF_JGT_K, CLONE_ARGS_SIZE_VER0, 0, 1);
		prog[n++] = STMT(BPF_RET_K, SECCOMP_RET_ERRNO | E2BIG);
		prog[n++] = STMT(BPF_LD_W_ABS, OFF_NR);
	}
	if (clone_ns) {   /* last: it overwrites the accumulator */
		prog[n++] = JUMP(BPF_JEQ_K, NR_CLONE, 0, 3);
		prog[n++] = STMT(BPF_LD_W_ABS, OFF_ARG0_LO);
		prog[n++] = JUMP(BPF_JSET_K, CLONE_NEW_ANY, 0, 1);
		prog[n++] = STMT(BPF_RET_K, SECCOMP_RET_ERRNO | EINVAL);
	}
	prog[n++] = STMT(BPF_RET_K, SECCOMP_RET_ALLOW);
	fprog.len = n;
	fprog.filter = prog;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		perror("enosys: prctl(PR_SET_NO_NEW_PRIVS)");
		return -1;
	}
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0) {
		perror("enosys: seccomp(SECCOMP_SET_MODE_FILTER)");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[2], "--")) {
		fputs("usage: enosys SYSCALL[,SYSCALL...] -- CMD [ARGS...]\n"
		      "  names: clone3 openat2 close_range mount-api clone-ns clone_into_cgroup ...\n"
		      "  or numbers\n", stderr);
		return 2;
	}
	if (parse(argv[1]) < 0)
		return 2;
	if (install() < 0)
		return 1;
	execvp(argv[3], argv + 3);
	fprintf(stderr, "enosys: exec \"%s\": %s\n", argv[3], strerror(errno));
	return 127;
}
