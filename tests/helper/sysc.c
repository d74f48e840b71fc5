// SPDX-License-Identifier: MIT
/*
 * sysc: make one raw syscall and report how it ended, for tests that check
 * what a seccomp filter lets through inside a container.
 *
 *   sysc NAME|NUMBER [ARG...]
 *
 * NAME is one of the table below (this libc's SYS_* numbers, so the helper
 * is right for the architecture it is built for); ARGs are integers in C
 * notation (0x.., negative values sign-extended to 64 bits), at most six.
 * Prints "NAME OK" or "NAME ERRNO" (the errno's symbolic name, or its
 * number) and exits with the errno (0 on success), 2 on a usage error.
 * A successful call's result is not used (a returned fd stays open until
 * the helper exits).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *name;
	long nr;
} calls[] = {
	{ "getpid", SYS_getpid },
	{ "unshare", SYS_unshare },
	{ "setns", SYS_setns },
	{ "personality", SYS_personality },
	{ "socket", SYS_socket },
	{ "keyctl", SYS_keyctl },
	{ "add_key", SYS_add_key },
	{ "bpf", SYS_bpf },
	{ "perf_event_open", SYS_perf_event_open },
	{ "userfaultfd", SYS_userfaultfd },
	{ "kexec_load", SYS_kexec_load },
	{ "init_module", SYS_init_module },
	{ "open_by_handle_at", SYS_open_by_handle_at },
	{ "mount", SYS_mount },
	{ "clone3", 435 },
	{ "io_uring_setup", 425 },
	{ "statmount", 457 },
	{ "listmount", 458 },
	{ "fsopen", 430 },
	{ "syslog", SYS_syslog },
	{ "acct", SYS_acct },
	{ "settimeofday", SYS_settimeofday },
	{ "ptrace", SYS_ptrace },
};

static const struct {
	int e;
	const char *name;
} errs[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EBADF, "EBADF" }, { EFAULT, "EFAULT" },
	{ EINVAL, "EINVAL" }, { ENOSYS, "ENOSYS" }, { EACCES, "EACCES" }, { E2BIG, "E2BIG" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { ENOKEY, "ENOKEY" },
	{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ ENODEV, "ENODEV" }, { ENOTSUP, "ENOTSUP" }, { EBUSY, "EBUSY" }, { ESRCH, "ESRCH" },
};

int main(int argc, char **argv)
{
	long nr = -1, a[6] = { 0 }, r;
	size_t i;
	char *end;
	int n, e;

	if (argc < 2 || argc > 8) {
		fputs("usage: sysc NAME|NUMBER [ARG...]\n", stderr);
		return 2;
	}
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(argv[1], calls[i].name))
			nr = calls[i].nr;
	if (nr < 0) {
		nr = strtol(argv[1], &end, 0);
		if (*end || nr < 0) {
			fprintf(stderr, "sysc: unknown syscall \"%s\"\n", argv[1]);
			return 2;
		}
	}
	for (n = 2; n < argc; n++) {
		a[n - 2] = (long)strtoull(argv[n], &end, 0);
		if (argv[n][0] == '-')
			a[n - 2] = strtol(argv[n], &end, 0);
		if (*end) {
			fprintf(stderr, "sysc: bad argument \"%s\"\n", argv[n]);
			return 2;
		}
	}
	errno = 0;
	r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	e = r == -1 ? errno : 0;
	if (!e) {
		printf("%s OK\n", argv[1]);
		return 0;
	}
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (errs[i].e == e) {
			printf("%s %s\n", argv[1], errs[i].name);
			return e;
		}
	printf("%s E%d\n", argv[1], e);
	return e;
}
