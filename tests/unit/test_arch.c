// SPDX-License-Identifier: MIT
/*
 * TAP test of the arch layer: the four generated syscall tables (numbers
 * runlet depends on, order, uniqueness), the native systab lookups, the
 * native arch data, and the fork-like clone quirk functions. Run natively on
 * x86_64 and under qemu-<arch>-static for the others; the clone tests are
 * what prove the sparc64 trap code.
 *
 * The generated headers are included one after another, undefining their
 * macros and guards in between; the native arch.h has already been
 * expanded by then (through sys.h), so that is safe here and only here.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sys.h"
#include "systab.h"

#define LINUX_EXPECTED "7.0-rc (99d2592023e5)"

struct ent {
	const char *name;
	int nr;
};

struct table {
	const char *arch;
	const struct ent *ent;
	size_t n;
	size_t count_macro;	/* ARCH_SYSCALL_COUNT */
	int nr_max_macro;	/* ARCH_SYSCALL_NR_MAX */
	const char *linux_version;
};

#define ENT(name, nr) { #name, (nr) },
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const size_t native_count = ARCH_SYSCALL_COUNT;

#undef ARCH_SYSCALL_TABLE
#undef ARCH_SYSCALLS_LINUX
#undef ARCH_SYSCALL_COUNT
#undef ARCH_SYSCALL_NR_MAX
#undef RUNLET_ARCH_X86_64_SYSCALLS_H
#include "x86_64/syscalls.h"
static const struct ent tab_x86_64[] = { ARCH_SYSCALL_TABLE(ENT) };
static const struct table t_x86_64 = {
	"x86_64", tab_x86_64, N(tab_x86_64), ARCH_SYSCALL_COUNT,
	ARCH_SYSCALL_NR_MAX, ARCH_SYSCALLS_LINUX
};

#undef ARCH_SYSCALL_TABLE
#undef ARCH_SYSCALLS_LINUX
#undef ARCH_SYSCALL_COUNT
#undef ARCH_SYSCALL_NR_MAX
#undef RUNLET_ARCH_AARCH64_SYSCALLS_H
#include "aarch64/syscalls.h"
static const struct ent tab_aarch64[] = { ARCH_SYSCALL_TABLE(ENT) };
static const struct table t_aarch64 = {
	"aarch64", tab_aarch64, N(tab_aarch64), ARCH_SYSCALL_COUNT,
	ARCH_SYSCALL_NR_MAX, ARCH_SYSCALLS_LINUX
};

#undef ARCH_SYSCALL_TABLE
#undef ARCH_SYSCALLS_LINUX
#undef ARCH_SYSCALL_COUNT
#undef ARCH_SYSCALL_NR_MAX
#undef RUNLET_ARCH_PPC64LE_SYSCALLS_H
#include "ppc64le/syscalls.h"
static const struct ent tab_ppc64le[] = { ARCH_SYSCALL_TABLE(ENT) };
static const struct table t_ppc64le = {
	"ppc64le", tab_ppc64le, N(tab_ppc64le), ARCH_SYSCALL_COUNT,
	ARCH_SYSCALL_NR_MAX, ARCH_SYSCALLS_LINUX
};

#undef ARCH_SYSCALL_TABLE
#undef ARCH_SYSCALLS_LINUX
#undef ARCH_SYSCALL_COUNT
#undef ARCH_SYSCALL_NR_MAX
#undef RUNLET_ARCH_SPARC64_SYSCALLS_H
#include "sparc64/syscalls.h"
static const struct ent tab_sparc64[] = { ARCH_SYSCALL_TABLE(ENT) };
static const struct table t_sparc64 = {
	"sparc64", tab_sparc64, N(tab_sparc64), ARCH_SYSCALL_COUNT,
	ARCH_SYSCALL_NR_MAX, ARCH_SYSCALLS_LINUX
};

static const struct table *const tables[] = {
	&t_x86_64, &t_aarch64, &t_ppc64le, &t_sparc64,
};

/*
 * Numbers from FACTS.md (and the kernel's tables), columns in the order of
 * tables[]; -1 means the arch's table must not have the name.
 */
static const struct {
	const char *name;
	int nr[4];
} expect[] = {
	{ "clone", { 56, 220, 120, 217 } },
	{ "pivot_root", { 155, 41, 203, 146 } },
	{ "mount", { 165, 40, 21, 167 } },
	{ "umount2", { 166, 39, 52, 45 } },
	{ "capget", { 125, 90, 183, 21 } },
	{ "capset", { 126, 91, 184, 22 } },
	{ "unshare", { 272, 97, 282, 299 } },
	{ "setns", { 308, 268, 350, 337 } },
	{ "seccomp", { 317, 277, 358, 346 } },
	{ "pidfd_send_signal", { 424, 424, 424, 424 } },
	{ "io_uring_setup", { 425, 425, 425, 425 } },
	{ "io_uring_enter", { 426, 426, 426, 426 } },
	{ "io_uring_register", { 427, 427, 427, 427 } },
	{ "open_tree", { 428, 428, 428, 428 } },
	{ "move_mount", { 429, 429, 429, 429 } },
	{ "fsopen", { 430, 430, 430, 430 } },
	{ "fsconfig", { 431, 431, 431, 431 } },
	{ "fsmount", { 432, 432, 432, 432 } },
	{ "fspick", { 433, 433, 433, 433 } },
	{ "pidfd_open", { 434, 434, 434, 434 } },
	/* sparc's table still has 435 "reserved for clone3" */
	{ "clone3", { 435, 435, 435, -1 } },
	{ "close_range", { 436, 436, 436, 436 } },
	{ "openat2", { 437, 437, 437, 437 } },
	{ "pidfd_getfd", { 438, 438, 438, 438 } },
	{ "faccessat2", { 439, 439, 439, 439 } },
	{ "process_madvise", { 440, 440, 440, 440 } },
	{ "epoll_pwait2", { 441, 441, 441, 441 } },
	{ "mount_setattr", { 442, 442, 442, 442 } },
	/* the source commit added it to every table */
	{ "rseq_slice_yield", { 471, 471, 471, 471 } },
	/* arm64's syscall_abis_64 extras; reserved elsewhere on ppc/sparc */
	{ "renameat", { 264, 38, 293, 291 } },
	{ "getrlimit", { 97, 163, 76, 144 } },
	{ "memfd_secret", { 447, 447, -1, -1 } },
	/*
	 * x86_64 rows without an entry point are left out; rows whose entry
	 * is sys_ni_syscall (ppc64le tuxcall) are real, ENOSYS-returning
	 * numbers and stay, as in the kernel's own unistd headers.
	 */
	{ "uselib", { -1, -1, 86, 203 } },
	{ "tuxcall", { -1, -1, 225, -1 } },
	/* 32-bit-only rows must not leak in; sparc64's fstatat64 is common */
	{ "fstatat64", { -1, -1, -1, 289 } },
	{ "mmap2", { -1, -1, -1, -1 } },
};

static unsigned int tap_n;
static int tap_failed;

static void tap(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%sok %u - ", ok ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		tap_failed = 1;
}

static void tap_skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("ok %u - ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

static int table_nr(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->ent[i].name, name) == 0)
			return t->ent[i].nr;
	return -1;
}

static void check_table(const struct table *t, size_t col)
{
	int sorted = 1, nr_unique = 1, nr_max = -1;
	size_t i, j;

	for (i = 1; i < t->n; i++)
		if (strcmp(t->ent[i - 1].name, t->ent[i].name) >= 0) {
			printf("# %s: `%s' before `%s'\n", t->arch,
			       t->ent[i - 1].name, t->ent[i].name);
			sorted = 0;
		}
	tap(sorted, "%s: sorted by name (strcmp), no duplicate names",
	    t->arch);

	for (i = 0; i < t->n; i++) {
		if (t->ent[i].nr > nr_max)
			nr_max = t->ent[i].nr;
		for (j = i + 1; j < t->n; j++)
			if (t->ent[i].nr == t->ent[j].nr) {
				printf("# %s: %d twice\n", t->arch,
				       t->ent[i].nr);
				nr_unique = 0;
			}
	}
	tap(nr_unique, "%s: no duplicate numbers", t->arch);
	tap(t->n == t->count_macro, "%s: ARCH_SYSCALL_COUNT %zu == %zu entries",
	    t->arch, t->count_macro, t->n);
	tap(nr_max == t->nr_max_macro, "%s: ARCH_SYSCALL_NR_MAX %d == %d",
	    t->arch, t->nr_max_macro, nr_max);
	tap(nr_max < 512, "%s: no x32 or other non-native range (max %d)",
	    t->arch, nr_max);
	tap(strcmp(t->linux_version, LINUX_EXPECTED) == 0,
	    "%s: ARCH_SYSCALLS_LINUX \"%s\"", t->arch, t->linux_version);

	for (i = 0; i < N(expect); i++) {
		int want = expect[i].nr[col];
		int got = table_nr(t, expect[i].name);

		tap(got == want, "%s: %s = %d (want %d)", t->arch,
		    expect[i].name, got, want);
	}
}

static void check_sparc_435(void)
{
	int found = 0;

	for (size_t i = 0; i < t_sparc64.n; i++)
		if (t_sparc64.ent[i].nr == 435)
			found = 1;
	tap(!found, "sparc64: nothing at 435 (reserved for clone3)");
}

static const struct table *native_table(void)
{
	for (size_t i = 0; i < N(tables); i++)
		if (strcmp(tables[i]->arch, ARCH_NAME) == 0)
			return tables[i];
	return NULL;
}

static void check_native(void)
{
	const struct table *t = native_table();
	const char *scmp = ARCH_SCMP_NAME;
	static const struct {
		const char *name;
		uint32_t audit;
	} compat[] = ARCH_COMPAT_ABIS;
	int lookups_ok = 1, names_ok = 1;

	tap(t != NULL, "native arch %s has a table", ARCH_NAME);
	if (!t)
		return;

	for (size_t i = 0; i < t->n; i++) {
		int nr = systab_lookup(t->ent[i].name);
		const char *name = systab_name(t->ent[i].nr);

		if (nr != t->ent[i].nr) {
			printf("# systab_lookup(\"%s\") = %d, want %d\n",
			       t->ent[i].name, nr, t->ent[i].nr);
			lookups_ok = 0;
		}
		if (!name || strcmp(name, t->ent[i].name) != 0) {
			printf("# systab_name(%d) = %s, want %s\n",
			       t->ent[i].nr, name ? name : "NULL",
			       t->ent[i].name);
			names_ok = 0;
		}
	}
	tap(lookups_ok, "systab_lookup agrees with the %s table", t->arch);
	tap(names_ok, "systab_name agrees with the %s table", t->arch);
	tap(systab_count() == t->n && native_count == t->n,
	    "systab_count() = %zu", systab_count());
	tap(strcmp(systab_linux_version(), LINUX_EXPECTED) == 0,
	    "systab_linux_version() = \"%s\"", systab_linux_version());
	tap(systab_lookup("no_such_syscall") == -1 &&
	    systab_lookup("") == -1 && systab_lookup(NULL) == -1 &&
	    systab_lookup("clone ") == -1,
	    "systab_lookup of unknown names is -1");
	tap(systab_name(-1) == NULL && systab_name(1 << 20) == NULL &&
	    systab_name(t->nr_max_macro + 1) == NULL,
	    "systab_name out of range is NULL");
	tap(RL_NR_clone == table_nr(t, "clone") &&
	    RL_NR_mount_setattr == table_nr(t, "mount_setattr"),
	    "RL_NR_ enum matches the table");
	tap(ARCH_NR_CLONE3 == 435, "ARCH_NR_CLONE3 = %d", ARCH_NR_CLONE3);

	tap(N(compat) == ARCH_N_COMPAT_ABIS, "ARCH_N_COMPAT_ABIS = %d",
	    ARCH_N_COMPAT_ABIS);
	if (strcmp(ARCH_NAME, "x86_64") == 0) {
		tap(ARCH_AUDIT == 0xC000003EU && scmp &&
		    strcmp(scmp, "SCMP_ARCH_X86_64") == 0 &&
		    !ARCH_CLONE_BACKWARDS && ARCH_X32_SYSCALL_BIT == 0x40000000U &&
		    compat[0].audit == 0x40000003U &&
		    compat[1].audit == 0xC000003EU,
		    "x86_64 arch data");
	} else if (strcmp(ARCH_NAME, "aarch64") == 0) {
		tap(ARCH_AUDIT == 0xC00000B7U && scmp &&
		    strcmp(scmp, "SCMP_ARCH_AARCH64") == 0 &&
		    ARCH_CLONE_BACKWARDS && compat[0].audit == 0x40000028U,
		    "aarch64 arch data");
	} else if (strcmp(ARCH_NAME, "ppc64le") == 0) {
		tap(ARCH_AUDIT == 0xC0000015U && scmp &&
		    strcmp(scmp, "SCMP_ARCH_PPC64LE") == 0 &&
		    ARCH_CLONE_BACKWARDS && compat[0].audit == 0x14U,
		    "ppc64le arch data");
	} else {
		tap(ARCH_AUDIT == 0x8000002BU && scmp == NULL &&
		    ARCH_CLONE_BACKWARDS && ARCH_BIG_ENDIAN &&
		    !ARCH_HAS_SECCOMP_FILTER && ARCH_CLONE3_MAY_BE_ABSENT &&
		    compat[0].name == NULL && compat[0].audit == 0x2U,
		    "sparc64 arch data");
	}
}

/*
 * Runs after a fork-like clone returned `pid`. A child that wrongly got a
 * non-zero value would take the parent's path: it notices by its own pid
 * and exits 43, so the real parent reports the failure.
 */
static void after_clone(long pid, long parent, const char *what)
{
	int status;

	if (pid == 0)
		_exit(42);
	if (syscall(RL_NR_getpid) != parent)
		_exit(43);
	if (pid < 0) {
		tap(0, "%s: %s", what, strerror(errno));
		return;
	}
	if (waitpid((pid_t)pid, &status, 0) != (pid_t)pid) {
		tap(0, "%s: waitpid: %s", what, strerror(errno));
		return;
	}
	tap(WIFEXITED(status) && WEXITSTATUS(status) == 42,
	    "%s: 0 in the child, pid in the parent (status %#x)", what,
	    status);
}

static void check_clone(void)
{
	long parent = syscall(RL_NR_getpid);
	struct sys_clone_args ca;
	long pid;
	int pidfd = -1;

	fflush(stdout);
	pid = arch_clone_fork(SIGCHLD, NULL);
	after_clone(pid, parent, "arch_clone_fork(SIGCHLD, NULL)");

	fflush(stdout);
	pid = sys_clone(SIGCHLD, NULL);
	after_clone(pid, parent, "sys_clone(SIGCHLD, NULL)");

	/* CLONE_SIGHAND without CLONE_VM: EINVAL, the error path. */
	errno = 0;
	pid = arch_clone_fork(0x00000800UL | SIGCHLD, NULL);
	if (pid == 0)
		_exit(0);
	tap(pid == -1 && errno == EINVAL,
	    "arch_clone_fork(CLONE_SIGHAND) fails with EINVAL (%ld, %s)",
	    pid, strerror(errno));

	fflush(stdout);
	errno = 0;
	pid = arch_clone_fork(SYS_CLONE_PIDFD | SIGCHLD, &pidfd);
	if (pid == -1 && (errno == EINVAL || errno == ENOSYS)) {
		tap_skip("CLONE_PIDFD not available (qemu-user?)",
			 "arch_clone_fork(CLONE_PIDFD)");
	} else {
		after_clone(pid, parent, "arch_clone_fork(CLONE_PIDFD)");
		tap(pidfd >= 0, "CLONE_PIDFD stored a pidfd (%d)", pidfd);
		if (pidfd >= 0)
			close(pidfd);
	}

	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	fflush(stdout);
	errno = 0;
	pid = sys_clone3(&ca, SYS_CLONE_ARGS_SIZE_VER0);
	if (pid == -1 && errno == ENOSYS) {
		/* Still proves the error path of the trap code. */
		tap(1, "sys_clone3 fails cleanly with ENOSYS");
		tap_skip("no clone3 here (qemu-user, or sparc64 before 7.0)",
			 "sys_clone3 fork-like");
	} else {
		after_clone(pid, parent, "sys_clone3 fork-like");
	}

#if ARCH_FORK_CHILD_GETS_PARENT_PID
	/*
	 * qemu-user zeroes the child's %o0, so the real kernel's convention
	 * (parent's pid in %o0, %o1 = 1) is checked on the decoder alone.
	 */
	errno = 0;
	tap(arch_sparc_fork_result(0, 1234, 1) == 0 &&
	    arch_sparc_fork_result(0, 0, 1) == 0 &&
	    arch_sparc_fork_result(0, 5678, 0) == 5678 &&
	    arch_sparc_fork_result(1, EPERM, 0) == -1 && errno == EPERM,
	    "sparc64: fork result decoding (child by %%o1, not %%o0)");
#endif

	/* An impossible size: E2BIG/EINVAL, or ENOSYS without clone3. */
	errno = 0;
	pid = sys_clone3(&ca, 8);
	if (pid == 0)
		_exit(0);
	tap(pid == -1 && (errno == EINVAL || errno == E2BIG ||
			  errno == ENOSYS),
	    "sys_clone3 with a short size fails (%s)", strerror(errno));
}

int main(void)
{
	for (size_t i = 0; i < N(tables); i++)
		check_table(tables[i], i);
	check_sparc_435();
	check_native();
	check_clone();

	printf("1..%u\n", tap_n);
	return tap_failed ? 1 : 0;
}
