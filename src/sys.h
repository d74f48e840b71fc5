/* SPDX-License-Identifier: MIT */
/*
 * Raw syscall wrappers for what a runtime needs and libcs wrap late, wrap
 * differently, or not at all (musl has no clone3, pidfd_open, mount API).
 * Each goes through libc's syscall() with a number from the generated
 * per-arch table (RL_NR_<name>, arch/nr.h), never libc's SYS_ constants,
 * so the numbers are the checked ones whatever the libc's age.
 *
 * The kernel structs and flag values are our own copies under a SYS_
 * prefix: the uapi headers clash with libc's (<linux/mount.h> against
 * <sys/mount.h>) and libcs spell shared macros differently (musl's
 * CLONE_NEWTIME is 0x00000080), so redefining theirs would break -Werror
 * builds depending on include order. Values are from include/uapi/linux.
 *
 * All wrappers return what the syscall returns, or -1 with errno set.
 * Returned fds are owned by the caller.
 */
#ifndef RUNLET_SYS_H
#define RUNLET_SYS_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <unistd.h>

#include "select.h"

/* Declared here too: glibc hides it under strict -std=c11 without
 * _GNU_SOURCE; the prototype is the same as libc's. */
long syscall(long number, ...);

/* clone/clone3 flags; namespace flags included so callers need no <sched.h>
 * feature macros. The 64-bit ones work with clone3 only. */
#define SYS_CLONE_NEWTIME	0x00000080ULL
#define SYS_CLONE_PIDFD		0x00001000ULL
#define SYS_CLONE_NEWNS		0x00020000ULL
#define SYS_CLONE_NEWCGROUP	0x02000000ULL
#define SYS_CLONE_NEWUTS	0x04000000ULL
#define SYS_CLONE_NEWIPC	0x08000000ULL
#define SYS_CLONE_NEWUSER	0x10000000ULL
#define SYS_CLONE_NEWPID	0x20000000ULL
#define SYS_CLONE_NEWNET	0x40000000ULL
#define SYS_CLONE_CLEAR_SIGHAND	0x100000000ULL
#define SYS_CLONE_INTO_CGROUP	0x200000000ULL

/* struct clone_args; the size passed says which fields the kernel reads. */
struct sys_clone_args {
	uint64_t flags;
	uint64_t pidfd;		/* int * for CLONE_PIDFD */
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;		/* must be 0 here: see sys_clone3() */
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;	/* since 5.5 */
	uint64_t set_tid_size;
	uint64_t cgroup;	/* since 5.7, fd for CLONE_INTO_CGROUP */
};
#define SYS_CLONE_ARGS_SIZE_VER0 64
#define SYS_CLONE_ARGS_SIZE_VER1 80
#define SYS_CLONE_ARGS_SIZE_VER2 88
_Static_assert(sizeof(struct sys_clone_args) == SYS_CLONE_ARGS_SIZE_VER2,
	       "struct sys_clone_args layout");

/* Capabilities, _LINUX_CAPABILITY_VERSION_3: two data structs, 64 caps. */
#define SYS_CAP_VERSION_3 0x20080522U
#define SYS_CAP_U32S 2
struct sys_cap_header {
	uint32_t version;
	int pid;
};
struct sys_cap_data {
	uint32_t effective;
	uint32_t permitted;
	uint32_t inheritable;
};

/* struct mount_attr and its attribute bits (mount_setattr, fsmount). */
struct sys_mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;	/* MS_SHARED, MS_SLAVE, MS_PRIVATE or 0 */
	uint64_t userns_fd;	/* for SYS_MOUNT_ATTR_IDMAP */
};
#define SYS_MOUNT_ATTR_SIZE_VER0 32
_Static_assert(sizeof(struct sys_mount_attr) == SYS_MOUNT_ATTR_SIZE_VER0,
	       "struct sys_mount_attr layout");
#define SYS_MOUNT_ATTR_RDONLY		0x00000001U
#define SYS_MOUNT_ATTR_NOSUID		0x00000002U
#define SYS_MOUNT_ATTR_NODEV		0x00000004U
#define SYS_MOUNT_ATTR_NOEXEC		0x00000008U
#define SYS_MOUNT_ATTR__ATIME		0x00000070U
#define SYS_MOUNT_ATTR_RELATIME		0x00000000U
#define SYS_MOUNT_ATTR_NOATIME		0x00000010U
#define SYS_MOUNT_ATTR_STRICTATIME	0x00000020U
#define SYS_MOUNT_ATTR_NODIRATIME	0x00000080U
#define SYS_MOUNT_ATTR_IDMAP		0x00100000U
#define SYS_MOUNT_ATTR_NOSYMFOLLOW	0x00200000U

/* open_tree flags; OPEN_TREE_CLOEXEC is O_CLOEXEC, which differs by arch. */
#define SYS_OPEN_TREE_CLONE	0x00000001U
#define SYS_OPEN_TREE_CLOEXEC	((unsigned int)O_CLOEXEC)

/* move_mount flags. */
#define SYS_MOVE_MOUNT_F_SYMLINKS	0x00000001U
#define SYS_MOVE_MOUNT_F_AUTOMOUNTS	0x00000002U
#define SYS_MOVE_MOUNT_F_EMPTY_PATH	0x00000004U
#define SYS_MOVE_MOUNT_T_SYMLINKS	0x00000010U
#define SYS_MOVE_MOUNT_T_AUTOMOUNTS	0x00000020U
#define SYS_MOVE_MOUNT_T_EMPTY_PATH	0x00000040U
#define SYS_MOVE_MOUNT_SET_GROUP	0x00000100U
#define SYS_MOVE_MOUNT_BENEATH		0x00000200U

/* *at flags that glibc hides behind _GNU_SOURCE (same value on all arches). */
#define SYS_AT_EMPTY_PATH	0x1000U
#define SYS_AT_RECURSIVE	0x8000U

/* fsopen/fsconfig/fsmount. */
#define SYS_FSOPEN_CLOEXEC		0x00000001U
#define SYS_FSMOUNT_CLOEXEC		0x00000001U
#define SYS_FSCONFIG_SET_FLAG		0U
#define SYS_FSCONFIG_SET_STRING		1U
#define SYS_FSCONFIG_SET_BINARY		2U
#define SYS_FSCONFIG_SET_PATH		3U
#define SYS_FSCONFIG_SET_PATH_EMPTY	4U
#define SYS_FSCONFIG_SET_FD		5U
#define SYS_FSCONFIG_CMD_CREATE		6U
#define SYS_FSCONFIG_CMD_RECONFIGURE	7U
#define SYS_FSCONFIG_CMD_CREATE_EXCL	8U

/* struct open_how and the RESOLVE_ bits (openat2). */
struct sys_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
#define SYS_OPEN_HOW_SIZE_VER0 24
_Static_assert(sizeof(struct sys_open_how) == SYS_OPEN_HOW_SIZE_VER0,
	       "struct sys_open_how layout");
#define SYS_RESOLVE_NO_XDEV		0x01U
#define SYS_RESOLVE_NO_MAGICLINKS	0x02U
#define SYS_RESOLVE_NO_SYMLINKS		0x04U
#define SYS_RESOLVE_BENEATH		0x08U
#define SYS_RESOLVE_IN_ROOT		0x10U
#define SYS_RESOLVE_CACHED		0x20U

/* pidfd_open flag: O_NONBLOCK, which differs by arch. */
#define SYS_PIDFD_NONBLOCK ((unsigned int)O_NONBLOCK)

/* close_range flags. */
#define SYS_CLOSE_RANGE_UNSHARE	0x2U
#define SYS_CLOSE_RANGE_CLOEXEC	0x4U

/*
 * Every argument goes to the variadic syscall() as a long: libcs read
 * each one back as a long, and an int passed in its place leaves the upper
 * half of the register undefined.
 */
#define SYS_ARG(x) ((long)(x))
#define SYS_PTR(p) ((long)(uintptr_t)(p))

/*
 * clone3, fork-like only: args->stack must be 0, so the child resumes here
 * on a copy of the parent's stack (a child on a fresh stack would return
 * through a frame that is not there). Returns 0 in the child, the pid in
 * the parent. May fail with ENOSYS (kernels before 5.3, sparc64 before
 * 7.0, qemu-user): fall back to sys_clone(). The child must stick to raw
 * syscalls, execve and _exit, as libc still believes it is the parent.
 */
static inline long sys_clone3(struct sys_clone_args *args, size_t size)
{
	return arch_clone3_fork(args, size);
}

/*
 * clone, fork-like (see arch_clone_fork): flags may include CLONE_NEW*,
 * CLONE_PIDFD (the pidfd is stored in *pidfd) and the exit signal in the
 * low byte. pidfd may be NULL without CLONE_PIDFD.
 */
static inline long sys_clone(unsigned long flags, int *pidfd)
{
	return arch_clone_fork(flags, pidfd);
}

static inline int sys_pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(RL_NR_pivot_root, SYS_PTR(new_root), SYS_PTR(put_old));
}

static inline int sys_mount(const char *source, const char *target,
			    const char *fstype, unsigned long flags,
			    const void *data)
{
	return (int)syscall(RL_NR_mount, SYS_PTR(source), SYS_PTR(target),
			    SYS_PTR(fstype), SYS_ARG(flags), SYS_PTR(data));
}

static inline int sys_umount2(const char *target, int flags)
{
	return (int)syscall(RL_NR_umount2, SYS_PTR(target), SYS_ARG(flags));
}

/* data points to SYS_CAP_U32S structs for SYS_CAP_VERSION_3. */
static inline int sys_capget(struct sys_cap_header *hdr,
			     struct sys_cap_data *data)
{
	return (int)syscall(RL_NR_capget, SYS_PTR(hdr), SYS_PTR(data));
}

static inline int sys_capset(struct sys_cap_header *hdr,
			     const struct sys_cap_data *data)
{
	return (int)syscall(RL_NR_capset, SYS_PTR(hdr), SYS_PTR(data));
}

/* fd: a namespace fd, or a pidfd with a mask of CLONE_NEW* in nstype. */
static inline int sys_setns(int fd, int nstype)
{
	return (int)syscall(RL_NR_setns, SYS_ARG(fd), SYS_ARG(nstype));
}

static inline int sys_unshare(unsigned long flags)
{
	return (int)syscall(RL_NR_unshare, SYS_ARG(flags));
}

/* Sets sig's disposition to SIG_DFL with the raw syscall (libc refuses
 * its own internal signals). An all-zero kernel sigaction is SIG_DFL, no
 * flags, an empty mask on every architecture; sparc64 takes a restorer
 * argument before the sigset size. */
static inline int sys_signal_default(int sig)
{
	unsigned long act[4] = { 0, 0, 0, 0 };

	if (ARCH_RT_SIGACTION_RESTORER_ARG)
		return (int)syscall(RL_NR_rt_sigaction, SYS_ARG(sig), SYS_PTR(act),
				    SYS_PTR(NULL), SYS_ARG(0), SYS_ARG(8));
	return (int)syscall(RL_NR_rt_sigaction, SYS_ARG(sig), SYS_PTR(act),
			    SYS_PTR(NULL), SYS_ARG(8));
}

/* Returns an owned O_PATH-like mount fd (SYS_OPEN_TREE_CLONE: a detached copy). */
static inline int sys_open_tree(int dfd, const char *path, unsigned int flags)
{
	return (int)syscall(RL_NR_open_tree, SYS_ARG(dfd), SYS_PTR(path),
			    SYS_ARG(flags));
}

static inline int sys_move_mount(int from_dfd, const char *from_path,
				 int to_dfd, const char *to_path,
				 unsigned int flags)
{
	return (int)syscall(RL_NR_move_mount, SYS_ARG(from_dfd),
			    SYS_PTR(from_path), SYS_ARG(to_dfd), SYS_PTR(to_path),
			    SYS_ARG(flags));
}

/* flags: AT_* (SYS_AT_RECURSIVE, SYS_AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW). */
static inline int sys_mount_setattr(int dfd, const char *path,
				    unsigned int flags,
				    struct sys_mount_attr *attr, size_t size)
{
	return (int)syscall(RL_NR_mount_setattr, SYS_ARG(dfd), SYS_PTR(path),
			    SYS_ARG(flags), SYS_PTR(attr), SYS_ARG(size));
}

/* Returns an owned filesystem-context fd. */
static inline int sys_fsopen(const char *fsname, unsigned int flags)
{
	return (int)syscall(RL_NR_fsopen, SYS_PTR(fsname), SYS_ARG(flags));
}

static inline int sys_fsconfig(int fd, unsigned int cmd, const char *key,
			       const void *value, int aux)
{
	return (int)syscall(RL_NR_fsconfig, SYS_ARG(fd), SYS_ARG(cmd), SYS_PTR(key),
			    SYS_PTR(value), SYS_ARG(aux));
}

/* Returns an owned, detached mount fd; attr_flags: SYS_MOUNT_ATTR_*. */
static inline int sys_fsmount(int fd, unsigned int flags,
			      unsigned int attr_flags)
{
	return (int)syscall(RL_NR_fsmount, SYS_ARG(fd), SYS_ARG(flags),
			    SYS_ARG(attr_flags));
}

/* Returns an owned fd; how->flags must carry O_CLOEXEC like any open. */
static inline int sys_openat2(int dfd, const char *path,
			      struct sys_open_how *how, size_t size)
{
	return (int)syscall(RL_NR_openat2, SYS_ARG(dfd), SYS_PTR(path), SYS_PTR(how),
			    SYS_ARG(size));
}

/* Returns an owned pidfd (always close-on-exec). */
static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(RL_NR_pidfd_open, SYS_ARG(pid), SYS_ARG(flags));
}

/* info: a siginfo_t or NULL; void so that strict -std=c11 builds, which
 * hide siginfo_t, can include this header. */
static inline int sys_pidfd_send_signal(int pidfd, int sig, const void *info,
					unsigned int flags)
{
	return (int)syscall(RL_NR_pidfd_send_signal, SYS_ARG(pidfd), SYS_ARG(sig),
			    SYS_PTR(info), SYS_ARG(flags));
}

static inline int sys_close_range(unsigned int first, unsigned int last,
				  unsigned int flags)
{
	return (int)syscall(RL_NR_close_range, SYS_ARG(first), SYS_ARG(last),
			    SYS_ARG(flags));
}

#endif /* RUNLET_SYS_H */
