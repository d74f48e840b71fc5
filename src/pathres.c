// SPDX-License-Identifier: MIT
/*
 * In-root path resolution (see pathres.h). Runs in the container child:
 * raw syscalls and fixed-size stack buffers only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "child.h"
#include "pathres.h"
#include "sys.h"

#define PROC_SUPER_MAGIC_ 0x9fa0
#define PR_MAX_RETRIES 16	/* EAGAIN from openat2, or a racing create */

struct pr_walk {
	char done[PATH_MAX];	/* resolved directories from the root: "a/b" */
	size_t dlen;
	char rest[PATH_MAX];	/* what is left to resolve */
	char link[PATH_MAX];	/* a symlink's target, then the new rest */
};

static int pr_fail(int fd1, int fd2)
{
	int saved = errno;

	if (fd1 >= 0)
		close(fd1);
	if (fd2 >= 0)
		close(fd2);
	errno = saved;
	return -1;
}

static int pr_root(int rootfd)
{
	return openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/*
 * Opens the directories of w->done again from the root, each a single name
 * with O_NOFOLLOW|O_DIRECTORY: this is how ".." is done, so the kernel
 * never sees a "..", and a directory moved away meanwhile cannot take the
 * walk with it (the names are looked up afresh under the root).
 */
static int pr_rewalk(int rootfd, const struct pr_walk *w)
{
	char name[NAME_MAX + 1];
	const char *s = w->done;
	int cur = pr_root(rootfd), fd;

	while (cur >= 0 && *s) {
		size_t n = 0;

		while (s[n] && s[n] != '/')
			n++;
		if (n > NAME_MAX) {
			errno = ENAMETOOLONG;
			return pr_fail(cur, -1);
		}
		for (size_t i = 0; i < n; i++)
			name[i] = s[i];
		name[n] = '\0';
		s += n;
		if (*s == '/')
			s++;
		fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		close(cur);
		cur = fd;
	}
	return cur;
}

static int pr_push(struct pr_walk *w, const char *name)
{
	size_t n = c_strlen(name);

	if (w->dlen + n + 2 > sizeof(w->done)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (w->dlen)
		w->done[w->dlen++] = '/';
	for (size_t i = 0; i <= n; i++)
		w->done[w->dlen + i] = name[i];
	w->dlen += n;
	return 0;
}

static void pr_pop(struct pr_walk *w)
{
	while (w->dlen && w->done[w->dlen - 1] != '/')
		w->dlen--;
	if (w->dlen)
		w->dlen--;
	w->done[w->dlen] = '\0';
}

/* Makes the missing `name` in cur; EEXIST is fine (someone was faster, the
 * caller looks the name up again either way). */
static int pr_make(int cur, const char *name, bool last, enum pr_create create,
		   mode_t mode)
{
	int fd;

	if (!last || create == PR_CREATE_DIR) {
		if (mkdirat(cur, name, last ? mode : 0755) < 0 && errno != EEXIST)
			return -1;
		return 0;
	}
	fd = openat(cur, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY, mode);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	return 0;
}

/*
 * Replaces the rest of the walk with the target of the symlink `fd`
 * followed by what came after it (tail). Returns 1 if the target is
 * absolute (the walk restarts at the root), 0 if relative, -1 on error.
 */
static int pr_splice(struct pr_walk *w, int fd, const char *tail)
{
	ssize_t n = readlinkat(fd, "", w->link, sizeof(w->link));
	int abs;

	if (n < 0)
		return -1;
	if (n == 0) {
		errno = ENOENT;
		return -1;
	}
	if ((size_t)n >= sizeof(w->link) - 1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	w->link[n] = '\0';
	abs = w->link[0] == '/';
	if (*tail) {
		if ((size_t)n + 1 + c_strlen(tail) >= sizeof(w->link)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		c_strlcat(w->link, "/", sizeof(w->link));
		c_strlcat(w->link, tail, sizeof(w->link));
	}
	c_strlcpy(w->rest, w->link, sizeof(w->rest));
	return abs;
}

int pr_walk(int rootfd, const char *path, unsigned flags,
	    enum pr_create create, mode_t mode)
{
	struct pr_walk w;
	char name[NAME_MAX + 1];
	int cur, fd, links = 0, made = 0;
	size_t i = 0;

	if (c_strlen(path) >= sizeof(w.rest)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	c_strlcpy(w.rest, path, sizeof(w.rest));
	w.dlen = 0;
	w.done[0] = '\0';
	cur = pr_root(rootfd);
	if (cur < 0)
		return -1;
	for (;;) {
		size_t n = 0, next;
		bool last, slash;
		struct stat st;
		struct statfs sfs;
		int abs;

		while (w.rest[i] == '/')
			i++;
		if (!w.rest[i])
			return cur;     /* the path ends on a directory */
		while (w.rest[i + n] && w.rest[i + n] != '/')
			n++;
		if (n > NAME_MAX) {
			errno = ENAMETOOLONG;
			return pr_fail(cur, -1);
		}
		for (size_t k = 0; k < n; k++)
			name[k] = w.rest[i + k];
		name[n] = '\0';
		next = i + n;
		slash = w.rest[next] == '/';
		while (w.rest[next] == '/')
			next++;
		last = !w.rest[next];

		if (c_streq(name, ".")) {
			i = next;
			continue;
		}
		if (c_streq(name, "..")) {
			if (w.dlen) {   /* at the root, ".." is the root */
				pr_pop(&w);
				close(cur);
				cur = pr_rewalk(rootfd, &w);
				if (cur < 0)
					return -1;
			}
			i = next;
			continue;
		}

		fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT || create == PR_CREATE_NONE)
				return pr_fail(cur, -1);
			if (++made > PR_MAX_RETRIES) {
				errno = EAGAIN;
				return pr_fail(cur, -1);
			}
			if (pr_make(cur, name, last, create, mode) < 0)
				return pr_fail(cur, -1);
			continue;       /* look the name up again */
		}
		if (fstat(fd, &st) < 0)
			return pr_fail(cur, fd);

		if (S_ISLNK(st.st_mode)) {
			if (last && (flags & PR_NOFOLLOW)) {
				errno = ELOOP;
				return pr_fail(cur, fd);
			}
			if (++links > PR_MAX_LINKS) {
				errno = ELOOP;
				return pr_fail(cur, fd);
			}
			/* procfs links may be magic (fd/N, exe, root, ns/...):
			 * their text is not where they lead. */
			if (fstatfs(cur, &sfs) < 0)
				return pr_fail(cur, fd);
			if (sfs.f_type == PROC_SUPER_MAGIC_) {
				errno = ELOOP;
				return pr_fail(cur, fd);
			}
			abs = pr_splice(&w, fd, w.rest + next);
			close(fd);
			if (abs < 0)
				return pr_fail(cur, -1);
			i = 0;
			if (abs) {
				w.dlen = 0;
				w.done[0] = '\0';
				close(cur);
				cur = pr_root(rootfd);
				if (cur < 0)
					return -1;
			}
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (pr_push(&w, name) < 0)
				return pr_fail(cur, fd);
			close(cur);
			cur = fd;
			i = next;
			continue;
		}
		if (!last || slash) {
			errno = ENOTDIR;
			return pr_fail(cur, fd);
		}
		close(cur);
		return fd;
	}
}

int pr_resolve(int rootfd, const char *path, unsigned flags,
	       enum pr_create create, mode_t mode)
{
	struct sys_open_how how = {
		.flags = O_PATH | O_CLOEXEC | ((flags & PR_NOFOLLOW) ? O_NOFOLLOW : 0),
		.mode = 0,
		.resolve = SYS_RESOLVE_IN_ROOT | SYS_RESOLVE_NO_MAGICLINKS,
	};
	struct stat st;
	int fd, tries;

	if (!*path)
		path = "/";     /* what the walk makes of it; openat2 says ENOENT */
	if (flags & PR_NO_OPENAT2)
		return pr_walk(rootfd, path, flags, create, mode);
	for (tries = 0; tries < PR_MAX_RETRIES; tries++) {
		fd = sys_openat2(rootfd, path, &how, sizeof(how));
		if (fd >= 0) {
			/* O_PATH|O_NOFOLLOW opens a last symlink itself */
			if (flags & PR_NOFOLLOW) {
				if (fstat(fd, &st) < 0)
					return pr_fail(fd, -1);
				if (S_ISLNK(st.st_mode)) {
					close(fd);
					errno = ELOOP;
					return -1;
				}
			}
			return fd;
		}
		if (errno == EAGAIN)
			continue;
		if (errno == ENOSYS || (errno == ENOENT && create != PR_CREATE_NONE))
			return pr_walk(rootfd, path, flags, create, mode);
		return -1;
	}
	return -1;
}

int pr_resolve_parent(int rootfd, const char *path, unsigned flags,
		      int mkdirs, char *name, size_t cap)
{
	char dir[PATH_MAX];
	size_t n = c_strlen(path), s;

	if (n >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	c_strlcpy(dir, path, sizeof(dir));
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	s = n;
	while (s && dir[s - 1] != '/')
		s--;
	if (n - s + 1 > cap || n - s > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	c_strlcpy(name, dir + s, cap);
	if (!name[0] || c_streq(name, ".") || c_streq(name, "..")) {
		errno = EINVAL;
		return -1;
	}
	/* no trailing '/' on the parent: it would make openat2 follow a
	 * last symlink whatever O_NOFOLLOW says */
	while (s > 1 && dir[s - 1] == '/')
		s--;
	dir[s] = '\0';
	return pr_resolve(rootfd, s ? dir : ".", flags,
			  mkdirs ? PR_CREATE_DIR : PR_CREATE_NONE, 0755);
}

int pr_open_beneath(int dirfd, const char *path, int oflags, unsigned flags)
{
	struct sys_open_how how = {
		.flags = (uint64_t)(oflags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY),
		.mode = 0,
		.resolve = SYS_RESOLVE_BENEATH | SYS_RESOLVE_NO_SYMLINKS |
			   SYS_RESOLVE_NO_MAGICLINKS | SYS_RESOLVE_NO_XDEV,
	};
	char name[NAME_MAX + 1];
	struct stat st;
	dev_t dev;
	int cur, fd, tries;
	const char *s = path;

	if (!(flags & PR_NO_OPENAT2)) {
		for (tries = 0; tries < PR_MAX_RETRIES; tries++) {
			fd = sys_openat2(dirfd, path, &how, sizeof(how));
			if (fd >= 0 || errno != EAGAIN)
				break;
		}
		if (fd >= 0 || errno != ENOSYS)
			return fd;
	}
	if (fstat(dirfd, &st) < 0)
		return -1;
	dev = st.st_dev;
	cur = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	while (cur >= 0) {
		size_t n = 0;

		while (*s == '/')
			s++;
		while (s[n] && s[n] != '/')
			n++;
		if (n == 0 || n > NAME_MAX) {
			errno = n ? ENAMETOOLONG : ENOENT;
			return pr_fail(cur, -1);
		}
		for (size_t i = 0; i < n; i++)
			name[i] = s[i];
		name[n] = '\0';
		s += n;
		while (*s == '/')
			s++;
		if (c_streq(name, ".") || c_streq(name, "..")) {
			errno = EXDEV;
			return pr_fail(cur, -1);
		}
		if (!*s)
			fd = openat(cur, name, oflags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
		else
			fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		close(cur);
		if (fd < 0)
			return -1;
		if (fstat(fd, &st) < 0)
			return pr_fail(fd, -1);
		if (*s && !S_ISDIR(st.st_mode)) {
			errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
			return pr_fail(fd, -1);
		}
		if (st.st_dev != dev) {
			errno = EXDEV;
			return pr_fail(fd, -1);
		}
		if (!*s)
			return fd;
		cur = fd;
	}
	return -1;
}
