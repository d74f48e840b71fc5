// SPDX-License-Identifier: MIT
/*
 * Root filesystem: the child side (rootfs_mount_all, rootfs_pivot,
 * rootfs_console_bind, rootfs_finish), which carries out a plan made by
 * rootfs_plan.c. Everything here runs between clone and execve: raw
 * syscalls, fixed-size stack buffers, errors as struct child_err.
 *
 * Each mount is made onto an fd from pathres.h. With the new mount API the
 * mount is created detached (open_tree, fsopen/fsmount) and moved onto the
 * fd with MOVE_MOUNT_T_EMPTY_PATH, and the fd of the new mount is the
 * handle for what follows (attributes, propagation). When a call of that
 * API is ENOSYS (kernels before 5.2, qemu-user, a seccomp filter) the same
 * mount is made with mount(2) on "self/fd/N" relative to a verified procfs
 * fd, and the new mount is found by resolving the destination again and
 * checking that it is another mount than the one under it (and, for a
 * bind, the very file of the source).
 *
 * Mount attributes go through mount_setattr; when it is ENOSYS (before
 * 5.12) a per-mount change is a MS_REMOUNT|MS_BIND whose flags are the
 * mount's current ones (statfs f_flags) with the change applied, so locked
 * flags are kept in a user namespace. The recursive options (rro,
 * rnosuid, ...) have no such fallback: they fail with an error naming
 * mount_setattr, as runc does, rather than walking /proc/self/mountinfo
 * and missing submounts that are hidden or appear meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "mountinfo.h"
#include "child.h"
#include "pathres.h"
#include "rootfs.h"
#include "sys.h"

/* ---- small helpers ----------------------------------------------------- */

static void xclose(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;

		close(*fd);
		errno = saved;
		*fd = -1;
	}
}

/* cerr with a detail after the path: `verb "path": detail`. */
static int rerr(struct child_err *ce, int errnum, const char *verb,
		const char *path, const char *detail)
{
	cerr(ce, errnum, verb, path);
	if (detail) {
		c_strlcat(ce->msg, ": ", sizeof(ce->msg));
		c_strlcat(ce->msg, detail, sizeof(ce->msg));
	}
	return -1;
}

static unsigned prf(const struct rootfs_plan *p)
{
	return (p->force & ROOTFS_FORCE_NO_OPENAT2) ? PR_NO_OPENAT2 : 0;
}

static unsigned op_prf(const struct rootfs_plan *p, const struct rootfs_op *op)
{
	return prf(p) | (op->nofollow ? PR_NOFOLLOW : 0);
}

/* The new mount API, or ENOSYS when the plan says to act as without it. */
static int r_open_tree(const struct rootfs_plan *p, int dfd, unsigned flags)
{
	if (p->force & ROOTFS_FORCE_NO_MOUNT_API)
		return errno = ENOSYS, -1;
	return sys_open_tree(dfd, "", flags | SYS_AT_EMPTY_PATH |
			     SYS_OPEN_TREE_CLOEXEC);
}

static int r_move_mount(const struct rootfs_plan *p, int from, int to)
{
	if (p->force & ROOTFS_FORCE_NO_MOUNT_API)
		return errno = ENOSYS, -1;
	return sys_move_mount(from, "", to, "", SYS_MOVE_MOUNT_F_EMPTY_PATH |
			      SYS_MOVE_MOUNT_T_EMPTY_PATH);
}

static int r_fsopen(const struct rootfs_plan *p, const char *type)
{
	if (p->force & ROOTFS_FORCE_NO_MOUNT_API)
		return errno = ENOSYS, -1;
	return sys_fsopen(type, SYS_FSOPEN_CLOEXEC);
}

static int r_mount_setattr(const struct rootfs_plan *p, int fd, bool rec,
			   struct sys_mount_attr *a)
{
	if (p->force & ROOTFS_FORCE_NO_SETATTR)
		return errno = ENOSYS, -1;
	return sys_mount_setattr(fd, "", SYS_AT_EMPTY_PATH |
				 (rec ? SYS_AT_RECURSIVE : 0), a, sizeof(*a));
}

/* "self/fd/<fd>", for mount(2) with cwd at a verified procfs. */
static const char *fdpath(char *buf, size_t cap, int fd)
{
	char num[24];

	c_strlcpy(buf, "self/fd/", cap);
	c_strlcat(buf, c_utoa(num, sizeof(num), (uint64_t)fd), cap);
	return buf;
}

/*
 * mount(2) with the source and/or the target given as fds. The paths are
 * "self/fd/N" resolved from cwd, which is moved to the verified procfs for
 * the call: no /proc of the container's (possibly a symlink, possibly
 * missing) is involved. cwd goes back to the container root after.
 */
static int fd_mount(const struct rootfs_plan *p, const char *src, int srcfd,
		    int tgtfd, const char *type, unsigned long flags,
		    const char *data)
{
	char s[32], t[32];
	int rc, saved;

	if (srcfd >= 0)
		src = fdpath(s, sizeof(s), srcfd);
	if (fchdir(p->run->procfd) < 0)
		return -1;
	rc = sys_mount(src, fdpath(t, sizeof(t), tgtfd), type, flags, data);
	saved = errno;
	if (fchdir(p->run->rootfd) < 0 && rc == 0)
		return -1;
	errno = saved;
	return rc;
}

/* struct statx up to stx_mnt_id (the kernel's, Linux 5.8), 256 bytes. */
struct rl_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad0;
	uint64_t ino, size, blocks, attributes_mask;
	struct { int64_t sec; uint32_t nsec; int32_t pad; } atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint64_t spare[13];
};
_Static_assert(offsetof(struct rl_statx, mnt_id) == 144, "statx layout");
_Static_assert(sizeof(struct rl_statx) == 256, "statx size");
#define RL_STATX_MNT_ID 0x1000U
#define RL_STATX_ATTR_MOUNT_ROOT 0x2000U

/* The device number of dfd/name (name "": dfd itself), not followed:
 * statx's major and minor where there is statx, since qemu-user's sparc64
 * stat64 translation garbles st_rdev; else st's. */
static dev_t node_rdev(int dfd, const char *name, const struct stat *st)
{
	struct rl_statx sx;

	memset(&sx, 0, sizeof(sx));
	if (syscall(RL_NR_statx, SYS_ARG(dfd), SYS_PTR(name),
		    SYS_ARG(SYS_AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW),
		    SYS_ARG(0x1U /* STATX_TYPE */), SYS_PTR(&sx)) == 0)
		return makedev(sx.rdev_major, sx.rdev_minor);
	return st->st_rdev;
}

/* Mount id of fd from /proc/self/fdinfo/<fd> ("mnt_id:", Linux 3.15). */
static int fdinfo_mnt_id(const struct rootfs_plan *p, int fd, uint64_t *id)
{
	char path[48], num[24], buf[1024];
	const char *s;
	ssize_t n;
	int f;

	c_strlcpy(path, "self/fdinfo/", sizeof(path));
	c_strlcat(path, c_utoa(num, sizeof(num), (uint64_t)fd), sizeof(path));
	f = openat(p->run->procfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (f < 0)
		return -1;
	n = read(f, buf, sizeof(buf) - 1);
	xclose(&f);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	for (s = buf; *s; s++) {
		if ((s == buf || s[-1] == '\n') && !strncmp(s, "mnt_id:", 7)) {
			uint64_t v = 0;

			for (s += 7; *s == ' ' || *s == '\t'; s++)
				;
			if (*s < '0' || *s > '9')
				break;
			while (*s >= '0' && *s <= '9')
				v = v * 10 + (uint64_t)(*s++ - '0');
			*id = v;
			return 0;
		}
	}
	errno = ENODATA;
	return -1;
}

/* Mount id of fd, and whether it is the root of that mount (-1: unknown). */
static int mnt_info(const struct rootfs_plan *p, int fd, uint64_t *id, int *root)
{
	struct rl_statx sx;

	*root = -1;
	if (!(p->force & ROOTFS_FORCE_NO_STATX)) {
		memset(&sx, 0, sizeof(sx));
		if (syscall(RL_NR_statx, SYS_ARG(fd), SYS_PTR(""),
			    SYS_ARG(SYS_AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW),
			    SYS_ARG(RL_STATX_MNT_ID), SYS_PTR(&sx)) == 0 &&
		    (sx.mask & RL_STATX_MNT_ID) && sx.mnt_id) {
			/* (qemu-user 7.2 sets the mask bit but not the id) */
			*id = sx.mnt_id;
			if (sx.attributes_mask & RL_STATX_ATTR_MOUNT_ROOT)
				*root = !!(sx.attributes & RL_STATX_ATTR_MOUNT_ROOT);
			return 0;
		}
	}
	return fdinfo_mnt_id(p, fd, id);
}

/*
 * After mount(2) on "self/fd/<tfd>": tfd still names the covered
 * directory, so find the new mount by resolving dest again, and take it
 * only if it is another mount than tfd's, is a mount root, and (srcfd >= 0)
 * is the very file the source is. Returns an owned O_PATH fd.
 */
static int reopen_mounted(const struct rootfs_plan *p, const char *dest,
			  unsigned flags, int tfd, int srcfd, struct child_err *ce)
{
	uint64_t old_id, new_id;
	struct stat a, b;
	int fd, root, ign;

	fd = pr_resolve(p->run->rootfd, dest, flags, PR_CREATE_NONE, 0);
	if (fd < 0)
		return rerr(ce, errno, "mount", dest, "look up the new mount");
	if (mnt_info(p, tfd, &old_id, &ign) < 0 || mnt_info(p, fd, &new_id, &root) < 0) {
		rerr(ce, errno, "mount", dest, "mount id");
		goto fail;
	}
	if (new_id == old_id || root == 0) {
		rerr(ce, EXDEV, "mount", dest, "the new mount is not at the destination");
		goto fail;
	}
	if (srcfd >= 0) {
		if (fstat(fd, &a) < 0 || fstat(srcfd, &b) < 0) {
			rerr(ce, errno, "mount", dest, "stat");
			goto fail;
		}
		if (a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
			rerr(ce, EXDEV, "mount", dest, "the new mount is not the source");
			goto fail;
		}
	}
	return fd;
fail:
	xclose(&fd);
	return -1;
}

/* ---- attributes and propagation --------------------------------------- */

/* statfs f_flags (ST_*) */
#define RL_ST_RDONLY		0x0001UL
#define RL_ST_NOSUID		0x0002UL
#define RL_ST_NODEV		0x0004UL
#define RL_ST_NOEXEC		0x0008UL
#define RL_ST_NOATIME		0x0400UL
#define RL_ST_NODIRATIME	0x0800UL
#define RL_ST_RELATIME		0x1000UL
#define RL_ST_NOSYMFOLLOW	0x2000UL

static const struct { uint64_t attr; unsigned long ms, st; } attr_bits[] = {
	{ SYS_MOUNT_ATTR_RDONLY, MS_RDONLY, RL_ST_RDONLY },
	{ SYS_MOUNT_ATTR_NOSUID, MS_NOSUID, RL_ST_NOSUID },
	{ SYS_MOUNT_ATTR_NODEV, MS_NODEV, RL_ST_NODEV },
	{ SYS_MOUNT_ATTR_NOEXEC, MS_NOEXEC, RL_ST_NOEXEC },
	{ SYS_MOUNT_ATTR_NODIRATIME, MS_NODIRATIME, RL_ST_NODIRATIME },
	{ SYS_MOUNT_ATTR_NOSYMFOLLOW, RL_MS_NOSYMFOLLOW, RL_ST_NOSYMFOLLOW },
};

/* The MS_* flags a MS_REMOUNT|MS_BIND needs to leave a mount as it is. */
static unsigned long st_to_ms(unsigned long st)
{
	unsigned long ms = 0;

	for (size_t i = 0; i < sizeof(attr_bits) / sizeof(attr_bits[0]); i++)
		if (st & attr_bits[i].st)
			ms |= attr_bits[i].ms;
	if (st & RL_ST_NOATIME)
		ms |= MS_NOATIME;
	else if (st & RL_ST_RELATIME)
		ms |= MS_RELATIME;
	else
		ms |= MS_STRICTATIME;
	return ms;
}

static unsigned long attrs_to_ms(unsigned long ms, uint64_t set, uint64_t clr)
{
	for (size_t i = 0; i < sizeof(attr_bits) / sizeof(attr_bits[0]); i++) {
		if (clr & attr_bits[i].attr)
			ms &= ~attr_bits[i].ms;
		if (set & attr_bits[i].attr)
			ms |= attr_bits[i].ms;
	}
	if ((clr & SYS_MOUNT_ATTR__ATIME) == SYS_MOUNT_ATTR__ATIME) {
		ms &= ~(unsigned long)(MS_NOATIME | MS_RELATIME | MS_STRICTATIME);
		if ((set & SYS_MOUNT_ATTR__ATIME) == SYS_MOUNT_ATTR_NOATIME)
			ms |= MS_NOATIME;
		else if ((set & SYS_MOUNT_ATTR__ATIME) == SYS_MOUNT_ATTR_STRICTATIME)
			ms |= MS_STRICTATIME;
		else
			ms |= MS_RELATIME;
	}
	return ms;
}

/* Changes attributes of the mount whose root is mfd (rec: of its tree). */
static int set_attrs(const struct rootfs_plan *p, int mfd, uint64_t set,
		     uint64_t clr, bool rec, const char *dest, struct child_err *ce)
{
	struct sys_mount_attr a = { set, clr, 0, 0 };
	struct statfs sfs;
	unsigned long ms;

	if (!set && !clr)
		return 0;
	if (r_mount_setattr(p, mfd, rec, &a) == 0)
		return 0;
	if (errno != ENOSYS)
		return rerr(ce, errno, "set mount attributes of", dest, "mount_setattr");
	if (rec)
		return rerr(ce, ENOSYS, "set mount attributes of", dest,
			    "recursive options (rro, rnosuid, ...) need mount_setattr (Linux 5.12)");
	if (fstatfs(mfd, &sfs) < 0)
		return rerr(ce, errno, "set mount attributes of", dest, "statfs");
	ms = attrs_to_ms(st_to_ms((unsigned long)sfs.f_flags), set, clr);
	if (fd_mount(p, NULL, -1, mfd, NULL, MS_REMOUNT | MS_BIND | ms, NULL) < 0)
		return rerr(ce, errno, "remount", dest, NULL);
	return 0;
}

static int set_prop(const struct rootfs_plan *p, int mfd, unsigned long prop,
		    const char *dest, struct child_err *ce)
{
	struct sys_mount_attr a = { 0, 0, prop & ~(unsigned long)MS_REC, 0 };

	if (r_mount_setattr(p, mfd, (prop & MS_REC) != 0, &a) == 0)
		return 0;
	if (errno != ENOSYS)
		return rerr(ce, errno, "set propagation of", dest, "mount_setattr");
	if (fd_mount(p, NULL, -1, mfd, NULL, prop, NULL) < 0)
		return rerr(ce, errno, "set propagation of", dest, NULL);
	return 0;
}

/* What follows any mount of the plan: check it, attributes, propagation. */
static int after_mount(const struct rootfs_plan *p, const struct rootfs_op *op,
		       int mfd, bool top_attrs, struct child_err *ce)
{
	struct statfs sfs;

	if (op->magic) {
		if (fstatfs(mfd, &sfs) < 0)
			return rerr(ce, errno, "mount", op->dest, "statfs");
		if ((unsigned long)sfs.f_type != op->magic)
			return rerr(ce, EXDEV, "mount", op->dest,
				    "not the filesystem that was mounted");
	}
	if (top_attrs &&
	    set_attrs(p, mfd, op->attr_set, op->attr_clr, false, op->dest, ce) < 0)
		return -1;
	if (set_attrs(p, mfd, op->rattr_set, op->rattr_clr, true, op->dest, ce) < 0)
		return -1;
	for (size_t i = 0; i < op->n_prop; i++)
		if (set_prop(p, mfd, op->prop[i], op->dest, ce) < 0)
			return -1;
	return 0;
}

/* ---- binds ------------------------------------------------------------- */

/*
 * Binds sfd (an fd of the source in this mount namespace) onto tfd.
 * Returns an owned fd of the new mount's root, or -1 with ce filled.
 * dest and flags are how tfd was resolved, to find the new mount again.
 */
static int bind_fd(const struct rootfs_plan *p, int sfd, bool rec, int tfd,
		   const char *dest, unsigned flags, struct child_err *ce)
{
	int tree = r_open_tree(p, sfd, SYS_OPEN_TREE_CLONE |
			       (rec ? SYS_AT_RECURSIVE : 0));

	if (tree >= 0) {
		if (r_move_mount(p, tree, tfd) == 0)
			return tree;
		if (errno != ENOSYS) {
			rerr(ce, errno, "bind mount", dest, "move_mount");
			xclose(&tree);
			return -1;
		}
		xclose(&tree);
	} else if (errno != ENOSYS) {
		return rerr(ce, errno, "bind mount", dest, "open_tree");
	}
	if (fd_mount(p, NULL, sfd, tfd, NULL, MS_BIND | (rec ? MS_REC : 0), NULL) < 0)
		return rerr(ce, errno, "bind mount", dest, NULL);
	return reopen_mounted(p, dest, flags, tfd, sfd, ce);
}

/* Resolves a mount destination, making it if missing. */
static int resolve_dest(const struct rootfs_plan *p, const struct rootfs_op *op,
			enum pr_create create, struct child_err *ce)
{
	struct stat a, b;
	int fd = pr_resolve(p->run->rootfd, op->dest, op_prf(p, op), create,
			    create == PR_CREATE_FILE ? 0644 : 0755);

	if (fd < 0)
		return rerr(ce, errno, "resolve mount destination", op->dest, NULL);
	/* A mount on the root itself would cover the tree everything else
	 * is resolved in. */
	if (fstat(fd, &a) < 0 || fstat(p->run->rootfd, &b) < 0) {
		rerr(ce, errno, "resolve mount destination", op->dest, NULL);
		goto fail;
	}
	if (a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		rerr(ce, EINVAL, "mount", op->dest, "the destination is the container's root");
		goto fail;
	}
	return fd;
fail:
	xclose(&fd);
	return -1;
}

static int op_bind(const struct rootfs_plan *p, const struct rootfs_op *op,
		   struct child_err *ce)
{
	int sfd = -1, tfd = -1, mfd = -1, rc = -1;
	struct stat st;

	if (op->tree_fd >= 0) {
		if (fstat(op->tree_fd, &st) < 0)
			return rerr(ce, errno, "bind mount", op->dest, "stat idmapped tree");
	} else {
		sfd = open(op->src, O_PATH | O_CLOEXEC);
		if (sfd < 0 || fstat(sfd, &st) < 0) {
			rerr(ce, errno, "open bind source", op->src, NULL);
			goto out;
		}
	}
	tfd = resolve_dest(p, op, S_ISDIR(st.st_mode) ? PR_CREATE_DIR : PR_CREATE_FILE, ce);
	if (tfd < 0)
		goto out;
	if (op->tree_fd >= 0) {
		if (r_move_mount(p, op->tree_fd, tfd) < 0) {
			rerr(ce, errno, "bind mount", op->dest, "move_mount of the idmapped tree");
			goto out;
		}
		mfd = fcntl(op->tree_fd, F_DUPFD_CLOEXEC, 0);
		if (mfd < 0) {
			rerr(ce, errno, "bind mount", op->dest, "dup");
			goto out;
		}
	} else {
		mfd = bind_fd(p, sfd, op->recursive, tfd, op->dest, op_prf(p, op), ce);
		if (mfd < 0)
			goto out;
	}
	rc = after_mount(p, op, mfd, true, ce);
out:
	xclose(&sfd);
	xclose(&tfd);
	xclose(&mfd);
	return rc;
}

/* ---- tmpcopyup --------------------------------------------------------- */

#define COPY_MAX_DEPTH 32

struct rl_dirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static void copy_owner_times(int dfd, const char *name, const struct stat *st)
{
	struct timespec ts[2] = { st->st_atim, st->st_mtim };

	/* an id without a mapping in a user namespace stays the overflow id */
	if (fchownat(dfd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0 &&
	    errno != EINVAL && errno != EPERM)
		return;
	utimensat(dfd, name, ts, AT_SYMLINK_NOFOLLOW);
}

__attribute__((noinline))
static int copy_file(int sfd, int dfd, const char *name, const struct stat *st)
{
	char buf[4096];
	int in, out, rc = -1;
	ssize_t n, w, off;

	in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (in < 0)
		return -1;
	out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		     O_CLOEXEC | O_NOCTTY, 0600);
	if (out < 0)
		goto done;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, (size_t)(n - off));
			if (w < 0)
				goto done;
		}
	}
	if (n < 0 || fchmod(out, st->st_mode & 07777) < 0)
		goto done;
	rc = 0;
done:
	xclose(&in);
	xclose(&out);
	return rc;
}

__attribute__((noinline))
static int copy_link(int sfd, int dfd, const char *name)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(sfd, name, target, sizeof(target) - 1);

	if (n < 0)
		return -1;
	target[n] = '\0';
	return symlinkat(target, dfd, name);
}

/* Copies the entries of directory sfd into directory dfd (both O_RDONLY),
 * keeping types, modes, owners and times. The caller sets umask 0. */
static int copy_tree(int sfd, int dfd, int depth)
{
	char buf[2048] __attribute__((aligned(8)));
	long n;

	for (;;) {
		n = syscall(RL_NR_getdents64, SYS_ARG(sfd), SYS_PTR(buf),
			    SYS_ARG(sizeof(buf)));
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		for (long off = 0; off < n;) {
			struct rl_dirent64 *d = (struct rl_dirent64 *)(void *)(buf + off);
			const char *name = d->name;
			struct stat st;
			int s2, d2, r;

			off += d->reclen;
			if (c_streq(name, ".") || c_streq(name, ".."))
				continue;
			if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				return -1;
			switch (st.st_mode & S_IFMT) {
			case S_IFDIR:
				if (depth >= COPY_MAX_DEPTH)
					return errno = ELOOP, -1;
				if (mkdirat(dfd, name, 0700) < 0)
					return -1;
				s2 = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				d2 = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				r = (s2 < 0 || d2 < 0) ? -1 : copy_tree(s2, d2, depth + 1);
				if (r == 0 && fchmod(d2, st.st_mode & 07777) < 0)
					r = -1;
				xclose(&s2);
				xclose(&d2);
				break;
			case S_IFREG:
				r = copy_file(sfd, dfd, name, &st);
				break;
			case S_IFLNK:
				r = copy_link(sfd, dfd, name);
				break;
			default:
				r = mknodat(dfd, name, st.st_mode, node_rdev(sfd, name, &st));
				break;
			}
			if (r < 0)
				return -1;
			copy_owner_times(dfd, name, &st);
		}
	}
}

/* tmpcopyup: the prior contents of the directory (srcdir, opened before
 * the mount) into the new tmpfs mfd, with the directory's mode and owner. */
static int tmpcopyup(int srcdir, int mfd, const char *dest, struct child_err *ce)
{
	struct stat st;
	mode_t old;
	int dfd, r;

	dfd = openat(mfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fstat(srcdir, &st) < 0) {
		rerr(ce, errno, "tmpcopyup", dest, NULL);
		xclose(&dfd);
		return -1;
	}
	old = umask(0);
	r = copy_tree(srcdir, dfd, 0);
	umask(old);
	if (r == 0 && fchmod(dfd, st.st_mode & 07777) < 0)
		r = -1;
	if (r == 0 && fchown(dfd, st.st_uid, st.st_gid) < 0 &&
	    errno != EINVAL && errno != EPERM)
		r = -1;
	if (r < 0)
		rerr(ce, errno, "tmpcopyup", dest, NULL);
	xclose(&dfd);
	return r;
}

/* ---- new filesystems --------------------------------------------------- */

static const struct { unsigned long ms; const char *key; } sb_flags[] = {
	{ MS_RDONLY, "ro" }, { MS_SYNCHRONOUS, "sync" },
	{ MS_DIRSYNC, "dirsync" }, { RL_MS_LAZYTIME, "lazytime" },
};

/* A detached mount of a new filesystem; -1 with errno and *what set. */
static int fs_create(const struct rootfs_plan *p, const struct rootfs_op *op,
		     const char **what)
{
	int fs, mnt = -1;
	size_t i;

	*what = "fsopen";
	fs = r_fsopen(p, op->fstype);
	if (fs < 0)
		return -1;
	*what = "fsconfig";
	if (op->src && *op->src &&
	    sys_fsconfig(fs, SYS_FSCONFIG_SET_STRING, "source", op->src, 0) < 0)
		goto out;
	for (i = 0; i < op->n_fsopts; i++) {
		const char *v = op->fs_vals[i];

		*what = op->fs_keys[i];
		if (sys_fsconfig(fs, v ? SYS_FSCONFIG_SET_STRING : SYS_FSCONFIG_SET_FLAG,
				 op->fs_keys[i], v, 0) < 0)
			goto out;
	}
	for (i = 0; i < sizeof(sb_flags) / sizeof(sb_flags[0]); i++) {
		*what = sb_flags[i].key;
		if ((op->flags & sb_flags[i].ms) &&
		    sys_fsconfig(fs, SYS_FSCONFIG_SET_FLAG, sb_flags[i].key, NULL, 0) < 0)
			goto out;
	}
	*what = "fsconfig create";
	if (sys_fsconfig(fs, SYS_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		goto out;
	*what = "fsmount";
	mnt = sys_fsmount(fs, SYS_FSMOUNT_CLOEXEC, (unsigned)op->attr_set);
out:
	xclose(&fs);
	return mnt;
}

/* Mounts the filesystem of op onto tfd; returns an owned fd of it. */
static int mount_fs_on(const struct rootfs_plan *p, const struct rootfs_op *op,
		       int tfd, struct child_err *ce)
{
	const char *what = "mount";
	int cfd = -1, mfd = -1, sfd = -1, rc = -1;

	if (op->tmpcopyup) {
		cfd = openat(tfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0)
			return rerr(ce, errno, "tmpcopyup", op->dest, NULL);
	}
	if (op->newapi) {
		mfd = fs_create(p, op, &what);
		if (mfd < 0 && errno != ENOSYS) {
			if ((errno == EPERM || errno == EBUSY) && op->alt_src)
				goto alt;
			rerr(ce, errno, "mount", op->dest, what);
			goto out;
		}
		if (mfd >= 0 && op->tmpcopyup && tmpcopyup(cfd, mfd, op->dest, ce) < 0)
			goto out;
		if (mfd >= 0 && r_move_mount(p, mfd, tfd) < 0) {
			if (errno != ENOSYS) {
				rerr(ce, errno, "mount", op->dest, "move_mount");
				goto out;
			}
			xclose(&mfd);
		}
	}
	if (mfd < 0) {
		if (fd_mount(p, op->src, -1, tfd, op->fstype, op->flags, op->data) < 0) {
			if ((errno == EPERM || errno == EBUSY) && op->alt_src)
				goto alt;
			rerr(ce, errno, "mount", op->dest, NULL);
			goto out;
		}
		mfd = reopen_mounted(p, op->dest, op_prf(p, op), tfd, -1, ce);
		if (mfd < 0)
			goto out;
		if (op->tmpcopyup && tmpcopyup(cfd, mfd, op->dest, ce) < 0)
			goto out;
	}
	rc = 0;
	goto out;
alt:
	/* sysfs or cgroup2 that this user namespace may not mount: the
	 * host's, bound like runc does, with the mount's flags */
	sfd = open(op->alt_src, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (sfd < 0) {
		rerr(ce, errno, "open bind source", op->alt_src, NULL);
		goto out;
	}
	mfd = bind_fd(p, sfd, true, tfd, op->dest, op_prf(p, op), ce);
	if (mfd >= 0)
		rc = set_attrs(p, mfd, op->attr_set, op->attr_clr, false, op->dest, ce);
out:
	xclose(&cfd);
	xclose(&sfd);
	if (rc < 0)
		xclose(&mfd);
	return rc < 0 ? -1 : mfd;
}

static int op_mount(const struct rootfs_plan *p, const struct rootfs_op *op,
		    struct child_err *ce)
{
	int tfd, mfd, rc;

	tfd = resolve_dest(p, op, PR_CREATE_DIR, ce);
	if (tfd < 0)
		return -1;
	mfd = mount_fs_on(p, op, tfd, ce);
	xclose(&tfd);
	if (mfd < 0)
		return -1;
	rc = after_mount(p, op, mfd, false, ce);
	xclose(&mfd);
	return rc;
}

static int op_remount(const struct rootfs_plan *p, const struct rootfs_op *op,
		      struct child_err *ce)
{
	int tfd, rc = -1;

	tfd = pr_resolve(p->run->rootfd, op->dest, op_prf(p, op), PR_CREATE_NONE, 0);
	if (tfd < 0)
		return rerr(ce, errno, "resolve mount destination", op->dest, NULL);
	if (fd_mount(p, op->src, -1, tfd, op->fstype, op->flags, op->data) < 0)
		rerr(ce, errno, "remount", op->dest, NULL);
	else
		rc = after_mount(p, op, tfd, false, ce);
	xclose(&tfd);
	return rc;
}

static int op_setattr(const struct rootfs_plan *p, const struct rootfs_op *op,
		      struct child_err *ce)
{
	int tfd, rc;

	tfd = pr_resolve(p->run->rootfd, op->dest, op_prf(p, op), PR_CREATE_NONE, 0);
	if (tfd < 0)
		return rerr(ce, errno, "resolve mount destination", op->dest, NULL);
	rc = after_mount(p, op, tfd, true, ce);
	xclose(&tfd);
	return rc;
}

/* ---- /dev -------------------------------------------------------------- */

/* st: what fstatat(dfd, name) returned. */
static bool dev_matches(int dfd, const char *name, const struct stat *st,
			const struct rootfs_op *op)
{
	if ((st->st_mode & S_IFMT) != (op->mode & S_IFMT))
		return false;
	return S_ISFIFO(op->mode) || node_rdev(dfd, name, st) == op->rdev;
}

static int op_device(const struct rootfs_plan *p, const struct rootfs_op *op,
		     struct child_err *ce)
{
	char name[NAME_MAX + 1];
	int dfd, nfd = -1, sfd = -1, mfd = -1, rc = -1;
	struct stat st;
	mode_t old;

	/* the directory holding a node may not be a symlink; the node
	 * itself is never followed (mknodat, fstatat NOFOLLOW) */
	dfd = pr_resolve_parent(p->run->rootfd, op->dest, prf(p) | PR_NOFOLLOW, 1,
				name, sizeof(name));
	if (dfd < 0)
		return rerr(ce, errno, "create device", op->dest, "resolve its directory");
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!dev_matches(dfd, name, &st, op) && !(op->bind_dev && S_ISREG(st.st_mode))) {
			rerr(ce, EEXIST, "create device", op->dest,
			     "something else is there");
			goto out;
		}
		if (!op->bind_dev) {
			rc = 0;
			goto out;
		}
	} else if (errno != ENOENT) {
		rerr(ce, errno, "create device", op->dest, "stat");
		goto out;
	} else if (!op->bind_dev) {
		old = umask(0);
		rc = mknodat(dfd, name, op->mode, op->rdev);
		umask(old);
		if (rc < 0) {
			rerr(ce, errno, "create device", op->dest, "mknod");
			goto out;
		}
		rc = -1;
		nfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 || fstat(nfd, &st) < 0 || !dev_matches(nfd, "", &st, op)) {
			rerr(ce, nfd < 0 ? errno : EEXIST, "create device", op->dest,
			     "not the node just made");
			goto out;
		}
		if (fchownat(nfd, "", op->uid, op->gid, SYS_AT_EMPTY_PATH) < 0) {
			rerr(ce, errno, "create device", op->dest, "chown");
			goto out;
		}
		rc = 0;
		goto out;
	} else {
		nfd = openat(dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
			     O_CLOEXEC | O_NOCTTY, 0644);
		if (nfd < 0) {
			rerr(ce, errno, "create device", op->dest, "placeholder");
			goto out;
		}
		xclose(&nfd);
	}

	/* user namespace: bind the host's node onto a placeholder */
	sfd = open(op->src, O_PATH | O_CLOEXEC);
	if (sfd < 0 || fstat(sfd, &st) < 0) {
		rerr(ce, errno, "open host device", op->src, NULL);
		goto out;
	}
	if (!dev_matches(sfd, "", &st, op)) {
		rerr(ce, ENODEV, "open host device", op->src, "not the requested device");
		goto out;
	}
	nfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (nfd < 0 || fstat(nfd, &st) < 0) {
		rerr(ce, errno, "create device", op->dest, NULL);
		goto out;
	}
	if (!S_ISREG(st.st_mode) && !dev_matches(nfd, "", &st, op)) {
		rerr(ce, EEXIST, "create device", op->dest, "something else is there");
		goto out;
	}
	mfd = bind_fd(p, sfd, false, nfd, op->dest, prf(p) | PR_NOFOLLOW, ce);
	rc = mfd < 0 ? -1 : 0;
out:
	xclose(&dfd);
	xclose(&nfd);
	xclose(&sfd);
	xclose(&mfd);
	return rc;
}

static int op_symlink(const struct rootfs_plan *p, const struct rootfs_op *op,
		      struct child_err *ce)
{
	char name[NAME_MAX + 1], cur[PATH_MAX];
	struct stat st;
	ssize_t n;
	int dfd, rc = -1;

	dfd = pr_resolve_parent(p->run->rootfd, op->dest, prf(p) | PR_NOFOLLOW, 1,
				name, sizeof(name));
	if (dfd < 0)
		return rerr(ce, errno, "create symlink", op->dest, "resolve its directory");
	if (symlinkat(op->src, dfd, name) == 0) {
		rc = 0;
		goto out;
	}
	if (errno != EEXIST) {
		rerr(ce, errno, "create symlink", op->dest, NULL);
		goto out;
	}
	n = readlinkat(dfd, name, cur, sizeof(cur) - 1);
	if (n >= 0) {
		cur[n] = '\0';
		if (c_streq(cur, op->src)) {
			rc = 0;
			goto out;
		}
	}
	if (!op->replace) {     /* what the image has stays, as with runc */
		rc = 0;
		goto out;
	}
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		rerr(ce, errno, "replace with a symlink", op->dest, NULL);
	} else if (S_ISDIR(st.st_mode)) {
		rerr(ce, EISDIR, "replace with a symlink", op->dest, NULL);
	} else if (unlinkat(dfd, name, 0) < 0 || symlinkat(op->src, dfd, name) < 0) {
		rerr(ce, errno, "replace with a symlink", op->dest, NULL);
	} else {
		rc = 0;
	}
out:
	xclose(&dfd);
	return rc;
}

static int op_console(const struct rootfs_plan *p, const struct rootfs_op *op,
		      struct child_err *ce)
{
	char name[NAME_MAX + 1];
	struct stat st;
	int dfd, fd, rc = -1;

	dfd = pr_resolve_parent(p->run->rootfd, op->dest, prf(p) | PR_NOFOLLOW, 1,
				name, sizeof(name));
	if (dfd < 0)
		return rerr(ce, errno, "create console", op->dest, "resolve its directory");
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))
			rc = 0;
		else
			rerr(ce, EEXIST, "create console", op->dest,
			     "exists and is not a file or character device");
	} else if (errno != ENOENT) {
		rerr(ce, errno, "create console", op->dest, NULL);
	} else {
		fd = openat(dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
			    O_CLOEXEC | O_NOCTTY, 0644);
		if (fd < 0)
			rerr(ce, errno, "create console", op->dest, NULL);
		else
			rc = 0;
		xclose(&fd);
	}
	xclose(&dfd);
	return rc;
}

/* ---- after pivot ------------------------------------------------------- */

/* /proc of the container, refused unless it is procfs. */
static int open_cproc(const struct rootfs_plan *p, struct child_err *ce)
{
	struct statfs sfs;
	int fd = pr_resolve(p->run->rootfd, "/proc", prf(p) | PR_NOFOLLOW,
			    PR_CREATE_NONE, 0);

	if (fd < 0)
		return rerr(ce, errno, "open", "/proc", "for sysctl");
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != RL_PROC_SUPER_MAGIC) {
		xclose(&fd);
		return rerr(ce, EXDEV, "open", "/proc", "not procfs");
	}
	return fd;
}

static int op_sysctl(const struct rootfs_plan *p, const struct rootfs_op *op,
		     int *cproc, struct child_err *ce)
{
	size_t len = c_strlen(op->src);
	ssize_t n;
	int fd;

	if (*cproc < 0 && (*cproc = open_cproc(p, ce)) < 0)
		return -1;
	fd = pr_open_beneath(*cproc, op->dest, O_WRONLY, prf(p));
	if (fd < 0)
		return rerr(ce, errno, "write sysctl", op->dest, "open");
	n = write(fd, op->src, len);
	if (n != (ssize_t)len) {
		rerr(ce, n < 0 ? errno : EIO, "write sysctl", op->dest, NULL);
		xclose(&fd);
		return -1;
	}
	xclose(&fd);
	return 0;
}

/* The container's /dev/null, accepted only as character device 1:3. */
static int open_null(const struct rootfs_plan *p, struct child_err *ce)
{
	char name[NAME_MAX + 1];
	struct stat st;
	int dfd, fd;

	dfd = pr_resolve_parent(p->run->rootfd, "/dev/null", prf(p) | PR_NOFOLLOW, 0,
				name, sizeof(name));
	if (dfd < 0)
		return rerr(ce, errno, "mask: open", "/dev/null", NULL);
	fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	xclose(&dfd);
	if (fd < 0)
		return rerr(ce, errno, "mask: open", "/dev/null", NULL);
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || node_rdev(fd, "", &st) != makedev(1, 3)) {
		xclose(&fd);
		return rerr(ce, ENODEV, "mask: open", "/dev/null", "not the null device (1:3)");
	}
	return fd;
}

static const struct rootfs_op mask_tmpfs = {
	.kind = ROP_MOUNT, .src = (char *)"tmpfs", .fstype = (char *)"tmpfs",
	.flags = MS_RDONLY, .attr_set = SYS_MOUNT_ATTR_RDONLY, .newapi = true,
	.tree_fd = -1,
};

static int op_mask(const struct rootfs_plan *p, const struct rootfs_op *op,
		   int *nullfd, struct child_err *ce)
{
	struct rootfs_op tm = mask_tmpfs;
	struct stat st;
	int tfd, mfd = -1;

	tfd = pr_resolve(p->run->rootfd, op->dest, prf(p), PR_CREATE_NONE, 0);
	if (tfd < 0) {
		if (errno == ENOENT)
			return 0;       /* nothing to mask, as runc */
		return rerr(ce, errno, "mask", op->dest, NULL);
	}
	if (fstat(tfd, &st) < 0) {
		rerr(ce, errno, "mask", op->dest, NULL);
	} else if (S_ISDIR(st.st_mode)) {
		tm.dest = op->dest;
		mfd = mount_fs_on(p, &tm, tfd, ce);
	} else if (*nullfd >= 0 || (*nullfd = open_null(p, ce)) >= 0) {
		mfd = bind_fd(p, *nullfd, false, tfd, op->dest, prf(p), ce);
	}
	xclose(&tfd);
	if (mfd < 0)
		return -1;
	xclose(&mfd);
	return 0;
}

static int op_readonly(const struct rootfs_plan *p, const struct rootfs_op *op,
		       struct child_err *ce)
{
	int tfd, mfd, rc;

	tfd = pr_resolve(p->run->rootfd, op->dest, prf(p), PR_CREATE_NONE, 0);
	if (tfd < 0) {
		if (errno == ENOENT)
			return 0;
		return rerr(ce, errno, "make read-only", op->dest, NULL);
	}
	mfd = bind_fd(p, tfd, true, tfd, op->dest, prf(p), ce);
	xclose(&tfd);
	if (mfd < 0)
		return -1;
	rc = set_attrs(p, mfd, SYS_MOUNT_ATTR_RDONLY, 0, false, op->dest, ce);
	xclose(&mfd);
	return rc;
}

/* ---- the one switch ---------------------------------------------------- */

static int run_op(const struct rootfs_plan *p, const struct rootfs_op *op,
		  int *cproc, int *nullfd, struct child_err *ce)
{
	switch (op->kind) {
	case ROP_MOUNT:
		return op_mount(p, op, ce);
	case ROP_BIND:
		return op_bind(p, op, ce);
	case ROP_REMOUNT:
		return op_remount(p, op, ce);
	case ROP_SETATTR:
		return op_setattr(p, op, ce);
	case ROP_DEVICE:
		return op_device(p, op, ce);
	case ROP_SYMLINK:
		return op_symlink(p, op, ce);
	case ROP_CONSOLE:
		return op_console(p, op, ce);
	case ROP_SYSCTL:
		return op_sysctl(p, op, cproc, ce);
	case ROP_MASK:
		return op_mask(p, op, nullfd, ce);
	case ROP_READONLY:
		return op_readonly(p, op, ce);
	case ROP_ROOT_RO:
		return set_attrs(p, p->run->rootfd, SYS_MOUNT_ATTR_RDONLY, 0, false, "/", ce);
	case ROP_ROOT_PROP:
		return set_prop(p, p->run->rootfd, op->flags, "/", ce);
	}
	return rerr(ce, EINVAL, "rootfs: unknown operation", NULL, NULL);
}

/* On failure the run's fds go too: the caller only reports and exits. */
static int run_fail(const struct rootfs_plan *p)
{
	xclose(&p->run->rootfd);
	xclose(&p->run->procfd);
	return -1;
}

static int mount_all(const struct rootfs_plan *p, struct child_err *ce)
{
	struct rootfs_run *r = p->run;
	struct statfs sfs;
	struct stat st;

	r->rootfd = r->procfd = -1;
	r->pivot_fallback = false;
	/* The host's /proc, for /proc/self/fd paths: a procfs root, or no
	 * string path is trusted with a mount. */
	r->procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->procfd < 0)
		return rerr(ce, errno, "open", "/proc", NULL);
	if (fstatfs(r->procfd, &sfs) < 0 || sfs.f_type != RL_PROC_SUPER_MAGIC ||
	    fstat(r->procfd, &st) < 0 || st.st_ino != RL_PROC_ROOT_INO) {
		xclose(&r->procfd);
		return rerr(ce, EXDEV, "open", "/proc", "not the root of a procfs");
	}
	/* Nothing done from here on may reach the host's mounts. */
	if (sys_mount(NULL, "/", NULL, p->root_prop, NULL) < 0)
		return rerr(ce, errno, "set propagation of", "/", NULL);
	/* pivot_root wants the new root to be a mount */
	if (sys_mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return rerr(ce, errno, "bind mount rootfs", p->rootfs, NULL);
	r->rootfd = open(p->rootfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->rootfd < 0)
		return rerr(ce, errno, "open rootfs", p->rootfs, NULL);
	for (size_t i = 0; i < p->n_pre; i++)
		if (run_op(p, &p->pre[i], NULL, NULL, ce) < 0)
			return -1;
	return 0;
}

int rootfs_mount_all(const struct rootfs_plan *p, struct child_err *ce)
{
	return mount_all(p, ce) < 0 ? run_fail(p) : 0;
}

/* ---- pivot ------------------------------------------------------------- */

struct mi_line {
	uint64_t id, parent;
	char *mp;               /* mount point, unescaped, in the line buffer */
};

/* Parses "id parent maj:min root mountpoint ..." in place. */
static int mi_parse(char *line, struct mi_line *m)
{
	char *f[5];
	int n = 0;
	char *s = line;

	while (n < 5 && *s) {
		while (*s == ' ')
			s++;
		f[n++] = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = '\0';
	}
	if (n < 5)
		return -1;
	m->id = m->parent = 0;
	for (s = f[0]; *s >= '0' && *s <= '9'; s++)
		m->id = m->id * 10 + (uint64_t)(*s - '0');
	for (s = f[1]; *s >= '0' && *s <= '9'; s++)
		m->parent = m->parent * 10 + (uint64_t)(*s - '0');
	mi_unescape(f[4]);
	m->mp = f[4];
	return 0;
}

/* 1: path is an ancestor of (or equal to) dir; prefix test on whole names */
static int path_under(const char *path, const char *dir)
{
	size_t n = c_strlen(dir);

	if (n == 1 && dir[0] == '/')
		return 1;
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

#define MI_MAX_KEEP 64
#define MI_MAX_DONE 256

struct mi_walk {
	uint64_t keep[MI_MAX_KEEP];
	size_t n_keep;
	uint64_t done[MI_MAX_DONE];
	size_t n_done;
	char buf[8192];
};

static bool mi_has(const uint64_t *v, size_t n, uint64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

/*
 * Reads /proc/self/mountinfo line by line. pass 0 collects the mounts to
 * keep (/ and the ancestors of the rootfs); pass 1 returns in *m the first
 * mount to remove: outside the rootfs, hanging directly off a kept mount
 * (detaching it takes its submounts along), not handled yet. Returns 1 if
 * one was found, 0 at the end, -1 on error.
 */
static int mi_scan(const struct rootfs_plan *p, struct mi_walk *w, int pass,
		   struct mi_line *m)
{
	size_t have = 0;
	bool skipping = false;
	ssize_t n;
	int fd = openat(p->run->procfd, "self/mountinfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	for (;;) {
		char *nl;

		n = read(fd, w->buf + have, sizeof(w->buf) - 1 - have);
		if (n < 0) {
			xclose(&fd);
			return -1;
		}
		have += (size_t)n;
		w->buf[have] = '\0';
		while ((nl = strchr(w->buf, '\n')) || (n == 0 && have)) {
			size_t used;

			if (nl)
				*nl = '\0';
			used = nl ? (size_t)(nl - w->buf) + 1 : have;
			if (!skipping && mi_parse(w->buf, m) == 0) {
				if (pass == 0) {
					if ((c_streq(m->mp, "/") || path_under(p->rootfs, m->mp)) &&
					    !c_streq(m->mp, p->rootfs) && w->n_keep < MI_MAX_KEEP)
						w->keep[w->n_keep++] = m->id;
				} else if (!mi_has(w->keep, w->n_keep, m->id) &&
					   mi_has(w->keep, w->n_keep, m->parent) &&
					   !path_under(m->mp, p->rootfs) &&
					   !mi_has(w->done, w->n_done, m->id)) {
					xclose(&fd);
					return 1;
				}
			}
			skipping = false;
			memmove(w->buf, w->buf + used, have - used + 1);
			have -= used;
		}
		if (n == 0) {
			xclose(&fd);
			return 0;
		}
		if (have == sizeof(w->buf) - 1) {   /* a line longer than the
						     * buffer: its first fields
						     * are in it; drop the rest */
			if (!skipping && mi_parse(w->buf, m) == 0 && pass == 1 &&
			    !mi_has(w->keep, w->n_keep, m->id) &&
			    mi_has(w->keep, w->n_keep, m->parent) &&
			    !path_under(m->mp, p->rootfs) &&
			    !mi_has(w->done, w->n_done, m->id)) {
				xclose(&fd);
				return 1;
			}
			skipping = true;
			have = 0;
		}
	}
}

/*
 * Without pivot_root the old root stays under the new one: detach every
 * mount that is not / , an ancestor of the rootfs or inside it, so the
 * host's mounts are not pinned or reachable from the container; one that
 * cannot be detached (locked in a user namespace) is covered with an empty
 * read-only tmpfs instead, as runc does.
 */
static int detach_outside(const struct rootfs_plan *p, struct child_err *ce)
{
	struct mi_walk w;
	struct mi_line m;
	int r;

	w.n_keep = w.n_done = 0;
	if (mi_scan(p, &w, 0, &m) < 0)
		return rerr(ce, errno, "read", "/proc/self/mountinfo", NULL);
	while ((r = mi_scan(p, &w, 1, &m)) > 0) {
		if (w.n_done == MI_MAX_DONE)
			return rerr(ce, E2BIG, "detach mounts outside the rootfs", NULL,
				    "too many");
		w.done[w.n_done++] = m.id;
		if (sys_umount2(m.mp, MNT_DETACH) == 0 || errno == ENOENT)
			continue;
		if (errno != EINVAL && errno != EPERM)
			return rerr(ce, errno, "detach", m.mp, NULL);
		if (sys_mount("tmpfs", m.mp, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV |
			      MS_NOEXEC, NULL) < 0)
			return rerr(ce, errno, "cover", m.mp, "it cannot be detached");
	}
	if (r < 0)
		return rerr(ce, errno, "read", "/proc/self/mountinfo", NULL);
	return 0;
}

static int move_root(const struct rootfs_plan *p, struct child_err *ce)
{
	if (detach_outside(p, ce) < 0)
		return -1;
	if (fchdir(p->run->rootfd) < 0)
		return rerr(ce, errno, "chdir", p->rootfs, NULL);
	if (sys_mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		return rerr(ce, errno, "move rootfs onto", "/", NULL);
	if (chroot(".") < 0)
		return rerr(ce, errno, "chroot", p->rootfs, NULL);
	return 0;
}

/* The initial rootfs (ramfs, or tmpfs) cannot be pivoted away from. */
static bool root_is_initramfs(void)
{
	struct statfs sfs;

	return statfs("/", &sfs) == 0 &&
	       ((unsigned long)sfs.f_type == RL_RAMFS_MAGIC ||
		(unsigned long)sfs.f_type == RL_TMPFS_MAGIC);
}

int rootfs_pivot(const struct rootfs_plan *p, struct child_err *ce)
{
	int oldroot, rc = -1, saved;

	oldroot = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (oldroot < 0)
		return rerr(ce, errno, "open", "/", NULL);
	if (fchdir(p->run->rootfd) < 0) {
		rerr(ce, errno, "chdir", p->rootfs, NULL);
		goto out;
	}
	if (!p->no_pivot) {
		if (sys_pivot_root(".", ".") == 0) {
			/* the old root is now stacked on the new one: make it
			 * a slave so its unmounting does not propagate, and
			 * detach it */
			if (fchdir(oldroot) < 0) {
				rerr(ce, errno, "chdir", "old root", NULL);
				goto out;
			}
			if (sys_mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) {
				rerr(ce, errno, "set propagation of", "old root", NULL);
				goto out;
			}
			if (sys_umount2(".", MNT_DETACH) < 0) {
				rerr(ce, errno, "detach", "old root", NULL);
				goto out;
			}
			goto done;
		}
		saved = errno;
		if (saved != EINVAL || !root_is_initramfs()) {
			rerr(ce, saved, "pivot_root", p->rootfs, NULL);
			goto out;
		}
		p->run->pivot_fallback = true;
	}
	if (move_root(p, ce) < 0)
		goto out;
done:
	if (chdir("/") < 0) {
		rerr(ce, errno, "chdir", "/", NULL);
		goto out;
	}
	rc = 0;
out:
	xclose(&oldroot);
	return rc < 0 ? run_fail(p) : 0;
}

int rootfs_console_bind(const struct rootfs_plan *p, int ptyfd,
			struct child_err *ce)
{
	struct stat st;
	int tfd, mfd;

	tfd = pr_resolve(p->run->rootfd, "/dev/console", prf(p) | PR_NOFOLLOW,
			 PR_CREATE_NONE, 0);
	if (tfd < 0)
		return rerr(ce, errno, "bind console onto", "/dev/console", NULL);
	if (fstat(tfd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
		xclose(&tfd);
		return rerr(ce, EEXIST, "bind console onto", "/dev/console",
			    "not a file or character device");
	}
	mfd = bind_fd(p, ptyfd, false, tfd, "/dev/console", prf(p) | PR_NOFOLLOW, ce);
	xclose(&tfd);
	if (mfd < 0)
		return -1;
	xclose(&mfd);
	return 0;
}

int rootfs_finish(const struct rootfs_plan *p, struct child_err *ce)
{
	int cproc = -1, nullfd = -1, rc = 0;

	for (size_t i = 0; i < p->n_post && rc == 0; i++)
		rc = run_op(p, &p->post[i], &cproc, &nullfd, ce);
	xclose(&cproc);
	xclose(&nullfd);
	xclose(&p->run->procfd);
	xclose(&p->run->rootfd);
	if (chdir("/") < 0 && rc == 0)
		rc = rerr(ce, errno, "chdir", "/", NULL);
	return rc;
}
