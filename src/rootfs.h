/* SPDX-License-Identifier: MIT */
/*
 * The container's root filesystem: the mounts of config.json in order,
 * /dev (default nodes, linux.devices, the usual symlinks, the console
 * placeholder), pivot_root (or MS_MOVE+chroot), then sysctls, masked and
 * read-only paths, a read-only root and the final root propagation.
 *
 * Split in two like the rest of runlet. The parent checks config.json and
 * turns it into a plan (struct rootfs_plan): a list of typed operations
 * with every path, flag, attribute and data string worked out
 * (rootfs_plan.c). The child only carries the plan out, one `switch` per
 * operation, with raw syscalls (rootfs.c).
 *
 * Every path inside the container is resolved in the rootfs with
 * pathres.h (openat2 RESOLVE_IN_ROOT, or an O_NOFOLLOW walk), and every
 * mount is made onto the fd that resolution gave: move_mount onto it with
 * the new mount API, or mount(2) on "/proc/self/fd/N" (through an fd of a
 * verified procfs) when that API is ENOSYS. The fallbacks are chosen per
 * call, on ENOSYS only, and nothing remembers the answer.
 *
 * Order of calls in the child (see each function for what it needs):
 *   rootfs_mount_all -> rootfs_pivot -> [rootfs_console_bind] -> rootfs_finish
 * The child must have its own copy of the plan's memory (clone without
 * CLONE_VM: it writes p->run) and the plan's fds (tree_fd: do not
 * close_range before rootfs_mount_all). The parent frees the plan once
 * the child has exec'd or died.
 */
#ifndef RUNLET_ROOTFS_H
#define RUNLET_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "child.h"
#include "err.h"
#include "spec.h"

struct rootfs_opts {
	const char *bundle;     /* absolute bundle dir */
	bool no_pivot;          /* --no-pivot */
	bool userns;            /* the container has its own (new or joined)
				 * user namespace: device nodes are binds of
				 * the host's, not mknod */
	bool terminal;          /* process.terminal: make /dev/console a
				 * placeholder file for the console bind */
	unsigned ns_mask;       /* 1 << NS_* of the namespaces the container
				 * gets (new or joined) */
	const char *cgroup_path; /* the container's cgroup relative to each
				 * hierarchy root ("/runlet/ctr"), used only to
				 * bind cgroupfs without a cgroup namespace;
				 * NULL binds the hierarchy roots */
};

enum rootfs_op_kind {
	/* before pivot, in this order: config mounts, then /dev */
	ROP_MOUNT,      /* new filesystem instance on dest */
	ROP_BIND,       /* bind (rbind) of a host path, or of a prepared
			 * idmapped tree, on dest */
	ROP_REMOUNT,    /* "remount": mount(2) with MS_REMOUNT on dest */
	ROP_SETATTR,    /* change attributes of the mount at dest */
	ROP_DEVICE,     /* a device node (mknod, or bind of the host's) */
	ROP_SYMLINK,    /* dest -> src */
	ROP_CONSOLE,    /* empty regular file /dev/console */
	/* after pivot */
	ROP_SYSCTL,     /* write src to /proc/<dest> */
	ROP_MASK,       /* /dev/null over a file, empty ro tmpfs over a dir */
	ROP_READONLY,   /* bind dest on itself, read-only */
	ROP_ROOT_RO,    /* remount / read-only */
	ROP_ROOT_PROP,  /* flags on / (linux.rootfsPropagation) */
};

#define ROOTFS_MAX_PROP 4

/* Kernel constants that libcs spell differently or lack. */
#define RL_MS_NOSYMFOLLOW	256UL
#define RL_MS_LAZYTIME		(1UL << 25)
#define RL_PROC_SUPER_MAGIC	0x9fa0UL
#define RL_PROC_ROOT_INO	1
#define RL_SYSFS_MAGIC		0x62656572UL
#define RL_RAMFS_MAGIC		0x858458f6UL
#define RL_TMPFS_MAGIC		0x01021994UL

struct rootfs_op {
	enum rootfs_op_kind kind;
	char *dest;             /* path in the container: absolute, without
				 * "//", "/./" or a trailing "/" (".." stays:
				 * it is resolved in the rootfs). ROP_SYSCTL:
				 * path under /proc, "sys/net/ipv4/ip_forward" */
	char *src;              /* ROP_BIND: absolute host path; ROP_MOUNT:
				 * source string; ROP_SYMLINK: link target;
				 * ROP_SYSCTL: value; ROP_DEVICE: host node to
				 * bind (bind_dev) */
	char *fstype;           /* ROP_MOUNT, ROP_REMOUNT */
	char *data;             /* unknown options joined with ',', or NULL */
	char **fs_keys;         /* ROP_MOUNT with newapi: data split for */
	char **fs_vals;         /* fsconfig, value NULL for a flag (owned) */
	size_t n_fsopts;
	char *alt_src;          /* ROP_MOUNT: rbind this host path instead if
				 * the mount fails with EPERM or EBUSY (sysfs
				 * and cgroup2 in a user namespace) */
	unsigned long flags;    /* MS_* for mount(2) */
	uint64_t attr_set, attr_clr;    /* SYS_MOUNT_ATTR_* of the top mount */
	uint64_t rattr_set, rattr_clr;  /* ... of every mount in the tree */
	unsigned long prop[ROOTFS_MAX_PROP]; /* MS_SHARED... [|MS_REC], in order */
	size_t n_prop;
	int tree_fd;            /* ROP_BIND: detached idmapped tree made by the
				 * parent (owned), or -1 */
	bool recursive;         /* rbind */
	bool newapi;            /* ROP_MOUNT: fsopen/fsconfig/fsmount can say it
				 * (plain key[=value] data, common sb flags) */
	bool tmpcopyup;
	bool nofollow;          /* dest's last component must not be a symlink
				 * (anything at or under /dev, /proc, /sys) */
	bool replace;           /* ROP_SYMLINK: replace what is there (ptmx) */
	bool bind_dev;          /* ROP_DEVICE: bind src instead of mknod */
	unsigned long magic;    /* ROP_MOUNT: f_type the new mount must have */
	mode_t mode;            /* ROP_DEVICE: S_IF* | permissions */
	dev_t rdev;
	uid_t uid;
	gid_t gid;
};

/* Child-side state, written by the child's copy of the plan only. */
struct rootfs_run {
	int rootfd;             /* the container root (bind of the rootfs) */
	int procfd;             /* verified procfs root, for /proc/self/fd paths */
	bool pivot_fallback;    /* pivot_root refused because / is the initial
				 * rootfs/ramfs: MS_MOVE+chroot was used (log it) */
};

/* Test hooks: act as if these syscalls were ENOSYS. 0 in production. */
#define ROOTFS_FORCE_NO_OPENAT2   0x1u  /* the resolver walks */
#define ROOTFS_FORCE_NO_MOUNT_API 0x2u  /* open_tree, move_mount, fsopen... */
#define ROOTFS_FORCE_NO_SETATTR   0x4u  /* mount_setattr */
#define ROOTFS_FORCE_NO_STATX     0x8u  /* mount ids from /proc fdinfo */

struct rootfs_plan {
	char *rootfs;           /* absolute, symlinks resolved (owned) */
	bool no_pivot;
	unsigned long root_prop; /* first thing done: MS_REC|MS_SLAVE on /,
				 * MS_REC|MS_PRIVATE if rootfsPropagation is
				 * (r)private */
	struct rootfs_op *pre;  /* before pivot, in order (owned) */
	size_t n_pre, cap_pre;
	struct rootfs_op *post; /* after pivot, in order (owned) */
	size_t n_post, cap_post;
	unsigned force;         /* ROOTFS_FORCE_* */
	struct rootfs_run *run; /* owned */
};

/*
 * Parent side, before clone: validates config.json's mounts, devices,
 * sysctls and paths against o, and builds the plan. May allocate and
 * fork (an idmapped mount needs a helper process in a new user namespace
 * for its id mapping; its tree is opened and idmapped here, so its source
 * must exist now). Errors name the JSON path:
 *   config.json: mounts[3].options[1]: ...
 * On failure *p holds nothing to free.
 */
int rootfs_plan_build(struct rootfs_plan *p, const struct spec *s,
		      const struct rootfs_opts *o, struct rl_err *e);
void rootfs_plan_free(struct rootfs_plan *p);

/*
 * Child side: in the container's new mount namespace, with CAP_SYS_ADMIN
 * over it, the host's /proc still at /proc and the plan's fds (tree_fd)
 * still open. Makes / rslave (rprivate if asked), binds the rootfs on
 * itself, then runs the pre-pivot operations in order. Syscalls only.
 */
int rootfs_mount_all(const struct rootfs_plan *p, struct child_err *ce);

/*
 * pivot_root into the rootfs; the old root is made rslave and detached.
 * With no_pivot, or when pivot_root fails with EINVAL because / is the
 * initial rootfs (an initramfs), moves the rootfs onto / and chroots
 * instead, after detaching (or covering) every mount outside it; the
 * latter sets p->run->pivot_fallback. Ends with cwd "/".
 */
int rootfs_pivot(const struct rootfs_plan *p, struct child_err *ce);

/*
 * Optional, after rootfs_pivot and before rootfs_finish: binds the
 * terminal `ptyfd` (the container's /dev/pts/N, opened in the container)
 * onto the /dev/console placeholder, which must be a regular file or a
 * character device, never a symlink.
 */
int rootfs_console_bind(const struct rootfs_plan *p, int ptyfd,
			struct child_err *ce);

/*
 * After pivot: sysctl writes (through a verified /proc), maskedPaths,
 * readonlyPaths, root.readonly, linux.rootfsPropagation. Closes the
 * child-side fds. Ends with cwd "/".
 */
int rootfs_finish(const struct rootfs_plan *p, struct child_err *ce);

#endif
