/* SPDX-License-Identifier: MIT */
/*
 * Path resolution inside a container root that cannot be steered out of it
 * by symlinks or "..": RESOLVE_IN_ROOT semantics (".." at the root stays
 * there, absolute symlink targets restart at the root), with openat2(2)
 * when the kernel has it and a component-by-component walk otherwise.
 *
 * The walk hands the kernel nothing but single names opened with
 * O_NOFOLLOW relative to a directory fd; symlinks are read and spliced in
 * by hand, and ".." is done by re-walking the resolved prefix from the
 * root, so a concurrent rename cannot move the walk out of the root.
 * Symlinks found on procfs are refused in the walk (ELOOP): that covers
 * the magic links RESOLVE_NO_MAGICLINKS refuses, and a little more.
 *
 * Child-safe: raw syscalls, no allocation, no stdio; returns -1 with errno
 * set. Returned fds are owned by the caller and O_CLOEXEC.
 */
#ifndef RUNLET_PATHRES_H
#define RUNLET_PATHRES_H

#include <stddef.h>
#include <sys/types.h>

/* flags */
#define PR_NOFOLLOW	0x1u	/* the last component must not be a symlink: ELOOP */
#define PR_NO_OPENAT2	0x2u	/* as if openat2 were ENOSYS (tests, and callers
				 * that were told to force the fallback) */

/* what to make when the path is missing (missing parents are always made
 * as directories, mode 0755, when anything is to be made) */
enum pr_create { PR_CREATE_NONE, PR_CREATE_DIR, PR_CREATE_FILE };

#define PR_MAX_LINKS 40		/* symlinks followed per resolution, as the kernel */

/*
 * Resolves `path` (absolute or not, both taken from the root) inside the
 * directory rootfd and returns an owned O_PATH fd of what it names,
 * creating what is missing as `create` says (`mode` for the last
 * component; a file is made empty with O_CREAT|O_EXCL, then looked up
 * again like anything else). A symlink in last position is followed
 * unless PR_NOFOLLOW.
 */
int pr_resolve(int rootfd, const char *path, unsigned flags,
	       enum pr_create create, mode_t mode);

/* The walk alone, whatever the kernel has (what pr_resolve falls back to). */
int pr_walk(int rootfd, const char *path, unsigned flags,
	    enum pr_create create, mode_t mode);

/*
 * Splits `path` lexically into a parent and a last name (which must be a
 * plain name, not "." or ".."), resolves the parent as pr_resolve does
 * (`flags` apply to it; mkdirs: make missing directories) and returns its
 * owned O_PATH fd, with the name copied to name[cap].
 */
int pr_resolve_parent(int rootfd, const char *path, unsigned flags,
		      int mkdirs, char *name, size_t cap);

/*
 * Opens `path` beneath dirfd with no symlink at all, no "..", and no mount
 * crossing (RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS|RESOLVE_NO_XDEV; the walk
 * checks st_dev of each directory). oflags get O_NOFOLLOW|O_CLOEXEC|
 * O_NOCTTY added. For writes under a verified /proc.
 */
int pr_open_beneath(int dirfd, const char *path, int oflags, unsigned flags);

#endif
