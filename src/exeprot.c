// SPDX-License-Identifier: MIT
/*
 * Re-execution of runlet from a protected copy of its binary (exeprot.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "exeprot.h"
#include "sys.h"

extern char **environ;

/* Set across the re-exec: a copy that still finds itself unprotected
 * fails instead of re-executing forever. */
#define EXEPROT_ENV "_RUNLET_EXEPROT"

/* The caller's explicit opt-out, for environments where no protection
 * can work (qemu-user): RUNLET_EXE_PROTECTION=off. */
#define EXEPROT_OFF_ENV "RUNLET_EXE_PROTECTION"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

static const char *exeprot_kind_fd(int fd)
{
	struct statvfs sv;
	int seals;

	if (fstatvfs(fd, &sv) == 0 && (sv.f_flag & ST_RDONLY))
		return "read-only mount";
	seals = fcntl(fd, F_GET_SEALS);
	if (seals >= 0 && (seals & F_SEAL_WRITE) && (seals & F_SEAL_SEAL))
		return "sealed memfd";
	return NULL;
}

bool exeprot_reexecuted(void)
{
	return getenv(EXEPROT_ENV) != NULL;
}

const char *exeprot_kind(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	const char *k;

	if (fd < 0)
		return NULL;
	k = exeprot_kind_fd(fd);
	close(fd);
	return k;
}

static long exeprot_execveat(int fd, char **argv)
{
	return syscall(RL_NR_execveat, SYS_ARG(fd), SYS_PTR(""), SYS_PTR(argv),
		       SYS_PTR(environ), SYS_ARG(SYS_AT_EMPTY_PATH));
}

/* 1: a detached read-only bind mount of the binary itself. */
static int exeprot_ro_clone(int exe, char **argv)
{
	struct sys_mount_attr attr;
	int t = sys_open_tree(exe, "", SYS_OPEN_TREE_CLONE | SYS_OPEN_TREE_CLOEXEC |
			      SYS_AT_EMPTY_PATH);

	if (t < 0)
		return -errno;
	memset(&attr, 0, sizeof(attr));
	attr.attr_set = SYS_MOUNT_ATTR_RDONLY | SYS_MOUNT_ATTR_NOSUID | SYS_MOUNT_ATTR_NODEV;
	if (sys_mount_setattr(t, "", SYS_AT_EMPTY_PATH, &attr, sizeof(attr)) < 0) {
		int r = -errno;

		close(t);
		return r;
	}
	exeprot_execveat(t, argv);
	{
		int r = -errno;

		close(t);
		return r;
	}
}

/* 2: a sealed memfd copy. */
static int exeprot_memfd(int exe, char **argv)
{
	char buf[65536];
	int m, r;
	ssize_t n;

	m = (int)syscall(RL_NR_memfd_create, SYS_PTR("runlet"),
			 SYS_ARG(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC));
	if (m < 0 && errno == EINVAL)   /* before Linux 6.3: no MFD_EXEC */
		m = (int)syscall(RL_NR_memfd_create, SYS_PTR("runlet"),
				 SYS_ARG(MFD_CLOEXEC | MFD_ALLOW_SEALING));
	if (m < 0)
		return -errno;
	if (lseek(exe, 0, SEEK_SET) < 0)
		goto fail;
	while ((n = read(exe, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(m, buf, (size_t)n) != n)
			goto fail;
	}
	if (fcntl(m, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		goto fail;
	exeprot_execveat(m, argv);
	if (errno == ENOSYS) {
		/* Before Linux 3.19 (no execveat): through /proc. */
		char path[32];

		snprintf(path, sizeof(path), "/proc/self/fd/%d", m);
		execve(path, argv, environ);
	}
fail:
	r = errno ? -errno : -EIO;
	close(m);
	return r;
}

int exeprot_ensure(char **argv, struct rl_err *e)
{
	bool again = getenv(EXEPROT_ENV) != NULL;
	const char *off;
	int exe, r1, r2;

	exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (exe < 0)
		return err_sys(e, errno, "open /proc/self/exe (protecting the runtime binary)");
	if (exeprot_kind_fd(exe)) {
		close(exe);
		if (again)
			unsetenv(EXEPROT_ENV);
		return 0;
	}
	if (again) {
		close(exe);
		return err_set(e, EPERM, "protecting the runtime binary: the re-executed copy is still writable");
	}
	if (setenv(EXEPROT_ENV, "1", 1) < 0) {
		close(exe);
		return err_sys(e, errno, "protecting the runtime binary");
	}
	r1 = exeprot_ro_clone(exe, argv);
	r2 = exeprot_memfd(exe, argv);
	close(exe);
	unsetenv(EXEPROT_ENV);
	/* Nothing could re-execute runlet (qemu-user has none of these
	 * syscalls and cannot exec a foreign binary). Only the caller can
	 * decide to go on unprotected. */
	off = getenv(EXEPROT_OFF_ENV);
	if (off && !strcmp(off, "off")) {
		fprintf(stderr, "runlet: warning: the runtime binary is not protected from the container "
			"(%s=off; read-only clone: %s; sealed memfd: %s)\n", EXEPROT_OFF_ENV,
			strerror(-r1), strerror(-r2));
		return 0;
	}
	return err_set(e, -r2, "protecting the runtime binary (CVE-2019-5736): read-only clone: %s; sealed memfd: %s "
		       "(set %s=off to run unprotected)", strerror(-r1), strerror(-r2), EXEPROT_OFF_ENV);
}
