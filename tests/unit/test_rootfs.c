// SPDX-License-Identifier: MIT
/*
 * Root filesystem tests, in three parts.
 *
 * 1. The in-root resolver (pathres.h), with openat2 and with the forced
 *    walk, against symlinks planted in a temp dir: "../" escapes, absolute
 *    targets, loops, a symlink as the last component, ".." at the root,
 *    link chains at the limit, creation through dangling links, procfs
 *    magic links.
 * 2. rootfs_plan_build on configs: flags, attributes, data and propagation
 *    for a table of mount option sets, /dev and post-pivot operations, and
 *    the exact message for each bad config.
 * 3. Real runs (root only): a forked child unshares a mount namespace (and
 *    more), carries out a plan on a tiny rootfs (mount_all, pivot,
 *    console bind, finish) and checks from inside what it got; its results
 *    come back over a pipe as TAP lines. The same checks run with the new
 *    mount API, with every fallback forced by the plan's test hook, with
 *    the new syscalls made ENOSYS by a seccomp filter, in a user
 *    namespace, and with --no-pivot. Then a set of hostile rootfs trees
 *    (symlinked /dev, /dev/null, /dev/console, /proc) must fail, with the
 *    expected message and without touching anything outside the rootfs.
 *
 * Usage: test_rootfs [FIXTURE_DIR]   (default tests/fixtures)
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "config.h"
#include "pathres.h"
#include "rootfs.h"
#include "sys.h"
#include "tap.h"

static char tmpdir[PATH_MAX];
static const char *fixtures = "tests/fixtures";

/* ---- small helpers ----------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static char *fmt(char *buf, size_t cap, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, cap, f, ap);
	va_end(ap);
	return buf;
}

static void mkdirs(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *s = buf + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(buf, 0755);
			*s = '/';
		}
	mkdir(buf, 0755);
}

static void mkfile(const char *path, const char *content)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		bail_out("create %s: %s", path, strerror(errno));
	if (write(fd, content, strlen(content)) < 0)
		bail_out("write %s: %s", path, strerror(errno));
	close(fd);
}

static void xsymlink(const char *target, const char *path)
{
	if (symlink(target, path) < 0)
		bail_out("symlink %s: %s", path, strerror(errno));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* fd and path name the same inode */
static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static bool under_qemu(void)
{
	/* qemu-user has no openat2: the kernel here does (5.6+) */
	struct sys_open_how how = { O_PATH | O_CLOEXEC, 0, 0 };
	int fd = sys_openat2(AT_FDCWD, "/", &how, sizeof(how));

	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == ENOSYS;
}

/* ---- 1. the resolver --------------------------------------------------- */

struct res_case {
	const char *path;
	unsigned flags;
	int err;                /* 0: must succeed */
	const char *want;       /* relative to the root; "" is the root */
};

static void test_resolver(void)
{
	char root[PATH_MAX], p[PATH_MAX], q[PATH_MAX], esc[64];
	static const struct res_case cases[] = {
		{ "/etc/passwd", 0, 0, "etc/passwd" },
		{ "etc/passwd", 0, 0, "etc/passwd" },
		{ "../../../../etc/passwd", 0, 0, "etc/passwd" },
		{ "/a/b/../../etc/passwd", 0, 0, "etc/passwd" },
		{ "/esc1/passwd", 0, 0, "etc/passwd" },
		{ "/esc2/passwd", 0, 0, "etc/passwd" },
		{ "/sneak", 0, ENOENT, NULL },
		{ "/sneak2", 0, ENOENT, NULL },
		{ "/loop1", 0, ELOOP, NULL },
		{ "/self/x", 0, ELOOP, NULL },
		{ "/fin", 0, 0, "etc/passwd" },
		{ "/fin", PR_NOFOLLOW, ELOOP, NULL },
		{ "/esc2", PR_NOFOLLOW, ELOOP, NULL },
		{ "/esc2/", 0, 0, "etc" },
		{ "/a/up/etc/passwd", 0, 0, "etc/passwd" },
		{ "/a/dd/passwd", 0, 0, "etc/passwd" },
		{ "/a/dd2/../../etc/passwd", 0, 0, "etc/passwd" },
		{ "/chain", 0, 0, "etc/passwd" },
		{ "/etc/passwd/x", 0, ENOTDIR, NULL },
		{ "/", 0, 0, "" },
		{ "", 0, 0, "" },
		{ "/..", 0, 0, "" },
		{ "//a//b/./", 0, 0, "a/b" },
		{ "/l40", 0, 0, "etc/passwd" },
		{ "/l41", 0, ELOOP, NULL },
		{ "/missing/x", 0, ENOENT, NULL },
	};
	struct stat st;
	int rfd, fd, procfd;

	fmt(root, sizeof(root), "%s/res", tmpdir);
	fmt(esc, sizeof(esc), "rl-esc-%d", (int)getpid());
	mkdirs(fmt(p, sizeof(p), "%s/etc", root));
	mkdirs(fmt(p, sizeof(p), "%s/a/b", root));
	mkfile(fmt(p, sizeof(p), "%s/etc/passwd", root), "inside\n");
	mkfile(fmt(p, sizeof(p), "%s/secret", tmpdir), "outside\n");
	xsymlink("../../../etc", fmt(p, sizeof(p), "%s/esc1", root));
	xsymlink("/etc", fmt(p, sizeof(p), "%s/esc2", root));
	xsymlink("../secret", fmt(p, sizeof(p), "%s/sneak", root));
	xsymlink("/../../secret", fmt(p, sizeof(p), "%s/sneak2", root));
	xsymlink("loop2", fmt(p, sizeof(p), "%s/loop1", root));
	xsymlink("loop1", fmt(p, sizeof(p), "%s/loop2", root));
	xsymlink("self", fmt(p, sizeof(p), "%s/self", root));
	xsymlink("/etc/passwd", fmt(p, sizeof(p), "%s/fin", root));
	xsymlink("../../../../..", fmt(p, sizeof(p), "%s/a/up", root));
	xsymlink("../etc", fmt(p, sizeof(p), "%s/a/dd", root));
	xsymlink("b", fmt(p, sizeof(p), "%s/a/dd2", root));
	xsymlink("a/../esc2/../etc/passwd", fmt(p, sizeof(p), "%s/chain", root));
	xsymlink("/made/file", fmt(p, sizeof(p), "%s/dang", root));
	xsymlink(fmt(q, sizeof(q), "../../../%s/f", esc), fmt(p, sizeof(p), "%s/escdang", root));
	/* l41 -> l40 -> ... -> l1 -> etc/passwd: 40 links from l40, 41 from l41 */
	xsymlink("etc/passwd", fmt(p, sizeof(p), "%s/l1", root));
	for (int i = 2; i <= 41; i++)
		xsymlink(fmt(q, sizeof(q), "l%d", i - 1), fmt(p, sizeof(p), "%s/l%d", root, i));

	rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0 || procfd < 0)
		bail_out("open %s: %s", root, strerror(errno));

	for (int walk = 0; walk < 2; walk++) {
		const char *how = walk ? "walk" : "openat2";
		unsigned force = walk ? PR_NO_OPENAT2 : 0;

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const struct res_case *c = &cases[i];

			errno = 0;
			fd = pr_resolve(rfd, c->path, c->flags | force, PR_CREATE_NONE, 0);
			if (c->err) {
				ok(fd < 0 && errno == c->err, "%s: \"%s\"%s fails with %s (got %s)",
				   how, c->path, c->flags ? " nofollow" : "", strerror(c->err),
				   fd < 0 ? strerror(errno) : "success");
			} else {
				fmt(p, sizeof(p), "%s/%s", root, c->want);
				ok(fd >= 0 && same_file(fd, p), "%s: \"%s\" is root/%s (%s)", how,
				   c->path, c->want, fd < 0 ? strerror(errno) : "opened");
			}
			if (fd >= 0)
				close(fd);
		}

		/* creation, always inside */
		fd = pr_resolve(rfd, walk ? "/new1/x/y" : "/new0/x/y", force, PR_CREATE_DIR, 0750);
		fmt(p, sizeof(p), "%s/new%d/x/y", root, walk);
		ok(fd >= 0 && same_file(fd, p) && stat(p, &st) == 0 && S_ISDIR(st.st_mode),
		   "%s: missing directories are made", how);
		if (fd >= 0)
			close(fd);
		fd = pr_resolve(rfd, "/dang", force, PR_CREATE_FILE, 0600);
		fmt(p, sizeof(p), "%s/made/file", root);
		ok(fd >= 0 && same_file(fd, p) && stat(p, &st) == 0 && S_ISREG(st.st_mode),
		   "%s: a dangling absolute symlink is created at its target in the root", how);
		if (fd >= 0)
			close(fd);
		fd = pr_resolve(rfd, "/escdang", force, PR_CREATE_FILE, 0600);
		fmt(p, sizeof(p), "%s/%s/f", root, esc);
		ok(fd >= 0 && same_file(fd, p), "%s: a dangling ../ escape is created inside", how);
		ok(!exists(fmt(q, sizeof(q), "/tmp/%s", esc)) &&
		   !exists(fmt(q, sizeof(q), "%s/%s", tmpdir, esc)),
		   "%s: nothing made outside the root", how);
		if (fd >= 0)
			close(fd);
		fd = pr_resolve(rfd, "/esc2/new", force, PR_CREATE_FILE, 0600);
		ok(fd >= 0 && same_file(fd, fmt(p, sizeof(p), "%s/etc/new", root)),
		   "%s: creation through an absolute symlink stays inside", how);
		if (fd >= 0)
			close(fd);
		unlink(fmt(p, sizeof(p), "%s/etc/new", root));
		rm_rf(fmt(p, sizeof(p), "%s/made", root));
		rm_rf(fmt(p, sizeof(p), "%s/%s", root, esc));

		/* parent + name */
		{
			char name[NAME_MAX + 1];

			fd = pr_resolve_parent(rfd, "/esc2/passwd", force, 0, name, sizeof(name));
			ok(fd >= 0 && same_file(fd, fmt(p, sizeof(p), "%s/etc", root)) &&
			   !strcmp(name, "passwd"), "%s: parent of /esc2/passwd is root/etc", how);
			if (fd >= 0)
				close(fd);
			fd = pr_resolve_parent(rfd, "/esc2/x", force | PR_NOFOLLOW, 0, name, sizeof(name));
			ok(fd < 0 && errno == ELOOP, "%s: a symlinked parent is refused with nofollow", how);
			fd = pr_resolve_parent(rfd, "/a/..", force, 0, name, sizeof(name));
			ok(fd < 0 && errno == EINVAL, "%s: \"..\" is not a name", how);
			fd = pr_resolve_parent(rfd, "/", force, 0, name, sizeof(name));
			ok(fd < 0 && errno == EINVAL, "%s: \"/\" has no parent", how);
		}

		/* beneath, no symlinks, no xdev */
		fd = pr_open_beneath(rfd, "etc/passwd", O_RDONLY, force);
		ok(fd >= 0 && same_file(fd, fmt(p, sizeof(p), "%s/etc/passwd", root)),
		   "%s: beneath: etc/passwd", how);
		if (fd >= 0)
			close(fd);
		fd = pr_open_beneath(rfd, "esc2/passwd", O_RDONLY, force);
		ok(fd < 0 && errno == ELOOP, "%s: beneath: a symlink is refused (%s)", how,
		   fd < 0 ? strerror(errno) : "opened");
		fd = pr_open_beneath(rfd, "fin", O_RDONLY, force);
		ok(fd < 0 && errno == ELOOP, "%s: beneath: a last symlink is refused", how);
		fd = pr_open_beneath(rfd, "../secret", O_RDONLY, force);
		ok(fd < 0 && errno == EXDEV, "%s: beneath: ../ is refused", how);
		fd = pr_open_beneath(procfd, "sys/kernel/ostype", O_RDONLY, force);
		ok(fd >= 0, "%s: beneath: /proc/sys/kernel/ostype", how);
		if (fd >= 0)
			close(fd);
		fd = pr_open_beneath(procfd, "self/status", O_RDONLY, force);
		ok(fd < 0 && errno == ELOOP, "%s: beneath: /proc/self is a symlink", how);

		/* procfs magic links */
		fd = pr_resolve(procfd, "/self/fd/0", force, PR_CREATE_NONE, 0);
		ok(fd < 0 && errno == ELOOP, "%s: a procfs magic link is refused (%s)", how,
		   fd < 0 ? strerror(errno) : "opened");
		if (fd >= 0)
			close(fd);
	}
	fd = pr_walk(rfd, "/esc1/passwd", 0, PR_CREATE_NONE, 0);
	ok(fd >= 0 && same_file(fd, fmt(p, sizeof(p), "%s/etc/passwd", root)),
	   "pr_walk on its own");
	if (fd >= 0)
		close(fd);
	close(rfd);
	close(procfd);
}

/* ---- 2. plans ---------------------------------------------------------- */

static char bundle[PATH_MAX];

static int parse(struct spec *s, const char *json, struct rl_err *e)
{
	size_t n = strlen(json);
	char *buf = malloc(n + 1);

	if (!buf)
		bail_out("malloc");
	memcpy(buf, json, n + 1);
	return config_parse(s, buf, n, "config.json", e);
}

#define NSM(x) (1u << (x))
static const unsigned ns_default = NSM(NS_MNT) | NSM(NS_PID) | NSM(NS_IPC) |
				   NSM(NS_UTS) | NSM(NS_NET);

/* Builds a plan from a config; returns 0/-1 with the error in e. */
static int plan(struct rootfs_plan *p, const char *json, const struct rootfs_opts *o,
		struct rl_err *e)
{
	struct spec s;
	int r;

	memset(e, 0, sizeof(*e));
	if (parse(&s, json, e) < 0) {
		diag("config: %s", e->msg);
		return -2;
	}
	r = rootfs_plan_build(p, &s, o, e);
	spec_free(&s);
	return r;
}

static struct rootfs_opts opts_default(void)
{
	struct rootfs_opts o = { .bundle = bundle, .ns_mask = ns_default };

	return o;
}

static const struct rootfs_op *find_op(const struct rootfs_plan *p, bool post,
				       enum rootfs_op_kind kind, const char *dest)
{
	const struct rootfs_op *v = post ? p->post : p->pre;
	size_t n = post ? p->n_post : p->n_pre;

	for (size_t i = 0; i < n; i++)
		if (v[i].kind == kind && (!dest || (v[i].dest && !strcmp(v[i].dest, dest))))
			return &v[i];
	return NULL;
}

struct opt_case {
	const char *mount;              /* JSON of one mount */
	enum rootfs_op_kind kind;
	const char *dest;
	unsigned long flags;
	uint64_t set, clr, rset, rclr;
	const char *data;
	unsigned long prop0, prop1;
	bool recursive, newapi, nofollow;
};

#define A_RO SYS_MOUNT_ATTR_RDONLY
#define A_SUID SYS_MOUNT_ATTR_NOSUID
#define A_DEV SYS_MOUNT_ATTR_NODEV
#define A_EXEC SYS_MOUNT_ATTR_NOEXEC
#define A_AT SYS_MOUNT_ATTR__ATIME
#define A_NOAT SYS_MOUNT_ATTR_NOATIME
#define A_STRICT SYS_MOUNT_ATTR_STRICTATIME
#define A_NODIR SYS_MOUNT_ATTR_NODIRATIME
#define A_SYMF SYS_MOUNT_ATTR_NOSYMFOLLOW

static const struct opt_case opt_cases[] = {
	{ "{\"destination\":\"/t\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"nodev\",\"mode=755\",\"size=64k\"]}",
	  ROP_MOUNT, "/t", MS_NOSUID | MS_NODEV, A_SUID | A_DEV, 0, 0, 0, "mode=755,size=64k", 0, 0, false, true, false },
	{ "{\"destination\":\"t\",\"type\":\"tmpfs\",\"options\":[\"ro\",\"noexec\",\"strictatime\",\"x-runlet.ignored\"]}",
	  ROP_MOUNT, "/t", MS_RDONLY | MS_NOEXEC | MS_STRICTATIME, A_RO | A_EXEC | A_STRICT, A_AT, 0, 0, NULL, 0, 0, false, true, false },
	{ "{\"destination\":\"//a/./b/\",\"type\":\"tmpfs\",\"options\":[\"noatime\",\"relatime\",\"nodiratime\",\"nosymfollow\"]}",
	  ROP_MOUNT, "/a/b", MS_RELATIME | MS_NODIRATIME | RL_MS_NOSYMFOLLOW, A_NODIR | A_SYMF, A_AT, 0, 0, NULL, 0, 0, false, true, false },
	{ "{\"destination\":\"/t\",\"type\":\"tmpfs\",\"options\":[\"sync\",\"dirsync\",\"lazytime\",\"async\",\"nodev\",\"dev\"]}",
	  ROP_MOUNT, "/t", MS_DIRSYNC | RL_MS_LAZYTIME, 0, A_DEV, 0, 0, NULL, 0, 0, false, true, false },
	{ "{\"destination\":\"/t\",\"type\":\"tmpfs\",\"options\":[\"context=\\\"system_u:object_r:x:s0:c1,c2\\\"\"]}",
	  ROP_MOUNT, "/t", 0, 0, 0, 0, 0, "context=\"system_u:object_r:x:s0:c1,c2\"", 0, 0, false, false, false },
	{ "{\"destination\":\"/t\",\"type\":\"tmpfs\",\"options\":[\"silent\"]}",
	  ROP_MOUNT, "/t", MS_SILENT, 0, 0, 0, 0, NULL, 0, 0, false, false, false },
	{ "{\"destination\":\"/t\",\"type\":\"tmpfs\",\"options\":[\"remount\",\"ro\"]}",
	  ROP_REMOUNT, "/t", MS_REMOUNT | MS_RDONLY, A_RO, 0, 0, 0, NULL, 0, 0, false, false, false },
	{ "{\"destination\":\"/t\",\"type\":\"tmpfs\",\"options\":[\"rprivate\",\"shared\"]}",
	  ROP_MOUNT, "/t", 0, 0, 0, 0, 0, NULL, MS_PRIVATE | MS_REC, MS_SHARED, false, true, false },
	{ "{\"destination\":\"/t\",\"type\":\"tmpfs\",\"options\":[\"tmpcopyup\",\"runbindable\",\"slave\"]}",
	  ROP_MOUNT, "/t", 0, 0, 0, 0, 0, NULL, MS_UNBINDABLE | MS_REC, MS_SLAVE, false, true, false },
	{ "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"options\":[\"defaults\",\"rw\",\"suid\",\"exec\"]}",
	  ROP_MOUNT, "/dev", 0, 0, A_RO | A_SUID | A_EXEC, 0, 0, NULL, 0, 0, false, true, true },
	{ "{\"destination\":\"/x/../sys/fs\",\"type\":\"tmpfs\"}",
	  ROP_MOUNT, "/x/../sys/fs", 0, 0, 0, 0, 0, NULL, 0, 0, false, true, true },
	{ "{\"destination\":\"/b\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"ro\",\"nosuid\"]}",
	  ROP_BIND, "/b", 0, A_RO | A_SUID, 0, 0, 0, NULL, 0, 0, true, false, false },
	{ "{\"destination\":\"/b\",\"type\":\"none\",\"source\":\"/tmp\",\"options\":[\"bind\",\"rw\",\"suid\",\"nodev\"]}",
	  ROP_BIND, "/b", 0, A_DEV, A_RO | A_SUID, 0, 0, NULL, 0, 0, false, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"bind\",\"noatime\"]}",
	  ROP_BIND, "/b", 0, A_NOAT, A_AT, 0, 0, NULL, 0, 0, false, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"bind\",\"atime\"]}",
	  ROP_BIND, "/b", 0, 0, A_AT, 0, 0, NULL, 0, 0, false, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"rro\",\"rnosuid\",\"rnodev\",\"rnoexec\",\"rnosymfollow\"]}",
	  ROP_BIND, "/b", 0, 0, 0, A_RO | A_SUID | A_DEV | A_EXEC | A_SYMF, 0, NULL, 0, 0, true, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"rro\",\"rrw\",\"rsuid\",\"rdev\",\"rexec\",\"rsymfollow\"]}",
	  ROP_BIND, "/b", 0, 0, 0, 0, A_RO | A_SUID | A_DEV | A_EXEC | A_SYMF, NULL, 0, 0, true, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"rnoatime\",\"rnodiratime\"]}",
	  ROP_BIND, "/b", 0, 0, 0, A_NOAT | A_NODIR, A_AT, NULL, 0, 0, true, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"rstrictatime\",\"ratime\",\"rdiratime\"]}",
	  ROP_BIND, "/b", 0, 0, 0, 0, A_AT | A_NODIR, NULL, 0, 0, true, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"rbind\",\"rrelatime\",\"rslave\"]}",
	  ROP_BIND, "/b", 0, 0, 0, 0, A_AT, NULL, MS_SLAVE | MS_REC, 0, true, false, false },
	{ "{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"bind\",\"remount\",\"ro\"]}",
	  ROP_REMOUNT, "/b", MS_BIND | MS_REMOUNT | MS_RDONLY, A_RO, 0, 0, 0, NULL, 0, 0, false, false, false },
	{ "{\"destination\":\"/dev/fuse\",\"type\":\"bind\",\"source\":\"/dev/fuse\"}",
	  ROP_BIND, "/dev/fuse", 0, 0, 0, 0, 0, NULL, 0, 0, false, false, true },
};

static void test_plan_options(void)
{
	char json[2048];

	for (size_t i = 0; i < sizeof(opt_cases) / sizeof(opt_cases[0]); i++) {
		const struct opt_case *c = &opt_cases[i];
		struct rootfs_opts o = opts_default();
		struct rootfs_plan p;
		struct rl_err e;
		const struct rootfs_op *op;

		fmt(json, sizeof(json), "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},\"mounts\":[%s]}",
		    c->mount);
		if (!ok(plan(&p, json, &o, &e) == 0, "options case %zu builds", i)) {
			diag("%s", e.msg);
			continue;
		}
		op = &p.pre[0];
		is_int(op->kind, c->kind, "case %zu: kind", i);
		is_str(op->dest, c->dest, "case %zu: destination", i);
		is_uint(op->kind == ROP_BIND ? 0 : op->flags, c->flags, "case %zu: MS_ flags", i);
		is_uint(op->attr_set, c->set, "case %zu: attr_set", i);
		is_uint(op->attr_clr, c->clr, "case %zu: attr_clr", i);
		is_uint(op->rattr_set, c->rset, "case %zu: recursive attr_set", i);
		is_uint(op->rattr_clr, c->rclr, "case %zu: recursive attr_clr", i);
		is_str(op->data, c->data, "case %zu: data", i);
		is_uint(op->n_prop > 0 ? op->prop[0] : 0, c->prop0, "case %zu: propagation 0", i);
		is_uint(op->n_prop > 1 ? op->prop[1] : 0, c->prop1, "case %zu: propagation 1", i);
		is_int(op->recursive, c->recursive, "case %zu: recursive", i);
		if (op->kind == ROP_MOUNT)
			is_int(op->newapi, c->newapi, "case %zu: new mount API", i);
		is_int(op->nofollow, c->nofollow, "case %zu: nofollow", i);
		rootfs_plan_free(&p);
	}
}

static void test_plan_details(void)
{
	struct rootfs_opts o = opts_default();
	struct rootfs_plan p;
	struct rl_err e;
	const struct rootfs_op *op;
	char json[4096], want[PATH_MAX];

	/* data split for fsconfig; magic; sysfs in a user namespace */
	fmt(json, sizeof(json), "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
	    "\"mounts\":[{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\","
	    "\"options\":[\"nosuid\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\"]},"
	    "{\"destination\":\"/proc\",\"type\":\"proc\"},"
	    "{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"ro\"]},"
	    "{\"destination\":\"/src\",\"type\":\"bind\",\"source\":\"data/x\"}],"
	    "\"process\":{\"terminal\":true,\"cwd\":\"/\",\"args\":[\"sh\"],\"user\":{\"uid\":0,\"gid\":0}},"
	    "\"linux\":{\"rootfsPropagation\":\"private\",\"maskedPaths\":[\"/proc/kcore\",\"/a//b/\"],"
	    "\"readonlyPaths\":[\"/proc/sys\"],\"sysctl\":{\"net.ipv4.ip_forward\":\"1\","
	    "\"net/ipv4/conf/eth0.1/forwarding\":\"0\",\"kernel.shm_rmid_forced\":\"1\",\"kernel.hostname\":\"h\"},"
	    "\"devices\":[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":384,\"uid\":5,\"gid\":6},"
	    "{\"path\":\"/dev/null\",\"type\":\"c\",\"major\":1,\"minor\":3},"
	    "{\"path\":\"/dev/fifo\",\"type\":\"p\"},{\"path\":\"/dev/sda\",\"type\":\"b\",\"major\":8,\"minor\":0}]}}");
	o.userns = true;
	o.terminal = true;
	if (!ok(plan(&p, json, &o, &e) == 0, "detailed config builds")) {
		diag("%s", e.msg);
		return;
	}
	op = find_op(&p, false, ROP_MOUNT, "/dev/pts");
	if (ok(op && op->n_fsopts == 3, "devpts: 3 fsconfig options")) {
		is_str(op->fs_keys[0], "newinstance", "devpts: flag key");
		ok(op->fs_vals[0] == NULL, "devpts: a flag has no value");
		is_str(op->fs_keys[1], "ptmxmode", "devpts: key");
		is_str(op->fs_vals[1], "0666", "devpts: value");
		is_str(op->data, "newinstance,ptmxmode=0666,mode=0620", "devpts: data");
		is_str(op->src, "devpts", "devpts: source");
	}
	op = find_op(&p, false, ROP_MOUNT, "/proc");
	ok(op && op->magic == RL_PROC_SUPER_MAGIC && op->src && !strcmp(op->src, "proc"),
	   "proc: verified by magic, source defaults to the type");
	op = find_op(&p, false, ROP_MOUNT, "/sys");
	ok(op && op->magic == RL_SYSFS_MAGIC && op->alt_src && !strcmp(op->alt_src, "/sys"),
	   "sysfs in a user namespace: host /sys as the fallback");
	op = find_op(&p, false, ROP_BIND, "/src");
	ok(op && !strcmp(op->src, fmt(want, sizeof(want), "%s/data/x", bundle)),
	   "a relative bind source is relative to the bundle");
	ok(!strcmp(p.rootfs, fmt(want, sizeof(want), "%s/rootfs", bundle)), "rootfs is absolute");
	is_uint(p.root_prop, MS_REC | MS_PRIVATE, "rootfsPropagation private: / made rprivate first");
	op = find_op(&p, true, ROP_ROOT_PROP, NULL);
	ok(op && op->flags == MS_PRIVATE, "rootfsPropagation private: set on / at the end");
	ok(find_op(&p, true, ROP_ROOT_RO, NULL) != NULL, "root.readonly");
	ok(find_op(&p, true, ROP_MASK, "/proc/kcore") && find_op(&p, true, ROP_MASK, "/a/b"),
	   "masked paths, cleaned");
	ok(find_op(&p, true, ROP_READONLY, "/proc/sys") != NULL, "readonly path");
	op = find_op(&p, true, ROP_SYSCTL, "sys/net/ipv4/ip_forward");
	ok(op && !strcmp(op->src, "1"), "sysctl net.ipv4.ip_forward");
	ok(find_op(&p, true, ROP_SYSCTL, "sys/net/ipv4/conf/eth0.1/forwarding") != NULL,
	   "sysctl with slashes keeps its dots");
	ok(find_op(&p, true, ROP_SYSCTL, "sys/kernel/shm_rmid_forced") &&
	   find_op(&p, true, ROP_SYSCTL, "sys/kernel/hostname"), "ipc and uts sysctls");
	op = find_op(&p, false, ROP_DEVICE, "/dev/fuse");
	ok(op && op->mode == (S_IFCHR | 0600) && op->rdev == makedev(10, 229) && op->uid == 5 &&
	   op->gid == 6 && op->bind_dev && !strcmp(op->src, "/dev/fuse"),
	   "linux.devices: char device, mode, owner, bound from the host in a user namespace");
	op = find_op(&p, false, ROP_DEVICE, "/dev/fifo");
	ok(op && S_ISFIFO(op->mode) && !op->bind_dev, "a fifo is made even in a user namespace");
	op = find_op(&p, false, ROP_DEVICE, "/dev/sda");
	ok(op && S_ISBLK(op->mode) && (op->mode & 07777) == 0666, "block device, default mode 0666");
	{
		size_t nnull = 0, ndev = 0;

		for (size_t i = 0; i < p.n_pre; i++) {
			if (p.pre[i].kind == ROP_DEVICE)
				ndev++;
			if (p.pre[i].kind == ROP_DEVICE && !strcmp(p.pre[i].dest, "/dev/null"))
				nnull++;
		}
		is_int((intmax_t)ndev, 9, "6 default nodes + 4 configured, /dev/null once");
		is_int((intmax_t)nnull, 1, "a configured /dev/null replaces the default");
	}
	op = find_op(&p, false, ROP_SYMLINK, "/dev/ptmx");
	ok(op && !strcmp(op->src, "pts/ptmx") && op->replace, "/dev/ptmx -> pts/ptmx");
	op = find_op(&p, false, ROP_SYMLINK, "/dev/fd");
	ok(op && !strcmp(op->src, "/proc/self/fd"), "/dev/fd -> /proc/self/fd");
	op = find_op(&p, false, ROP_SYMLINK, "/dev/stderr");
	ok(op && !strcmp(op->src, "/proc/self/fd/2"), "/dev/stderr -> /proc/self/fd/2");
	op = find_op(&p, false, ROP_CONSOLE, "/dev/console");
	ok(op && &p.pre[p.n_pre - 1] == op, "terminal: console placeholder last");
	ok(p.run && p.run->rootfd == -1, "run state starts closed");
	rootfs_plan_free(&p);

	/* a bind-mounted /dev is left alone */
	o = opts_default();
	if (plan(&p, "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},\"mounts\":[{\"destination\":\"/dev/\","
		 "\"type\":\"bind\",\"source\":\"/dev\",\"options\":[\"rbind\"]}],\"linux\":{\"rootfsPropagation\":\"rslave\","
		 "\"devices\":[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229}]}}", &o, &e) == 0) {
		ok(!find_op(&p, false, ROP_DEVICE, NULL) && !find_op(&p, false, ROP_SYMLINK, NULL),
		   "/dev bound from the host: no nodes, no links");
		ok(!find_op(&p, true, ROP_ROOT_PROP, NULL) && p.root_prop == (MS_REC | MS_SLAVE),
		   "rootfsPropagation rslave: nothing more to do");
		rootfs_plan_free(&p);
	} else {
		ok(0, "dev bind config builds: %s", e.msg);
	}

	/* the cgroup type follows the host's layout */
	{
		struct statfs sfs;
		bool v2 = statfs("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == 0x63677270;
		bool v1 = !v2 && exists("/sys/fs/cgroup/cpu");
		const char *cg = "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},\"mounts\":[{\"destination\":\"/sys/fs/cgroup\","
				 "\"type\":\"cgroup\",\"source\":\"cgroup\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"relatime\",\"ro\"]}]}";

		o = opts_default();
		o.ns_mask |= NSM(NS_CGROUP);
		if (!v1 && !v2) {
			ok(1, "# SKIP no cgroup v1 or v2 at /sys/fs/cgroup");
		} else if (plan(&p, cg, &o, &e) == 0) {
			if (v2) {
				op = find_op(&p, false, ROP_MOUNT, "/sys/fs/cgroup");
				ok(op && !strcmp(op->fstype, "cgroup2") && (op->flags & MS_RDONLY),
				   "cgroup2 host, cgroup namespace: one cgroup2 mount");
			} else {
				op = &p.pre[0];
				ok(op->kind == ROP_MOUNT && !strcmp(op->fstype, "tmpfs") &&
				   !(op->flags & MS_RDONLY), "cgroup v1 host: a writable tmpfs first");
				op = find_op(&p, false, ROP_MOUNT, "/sys/fs/cgroup/cpu");
				ok(op && !strcmp(op->fstype, "cgroup") && op->data &&
				   strstr(op->data, "cpu") && (op->flags & MS_RDONLY) && op->alt_src,
				   "cgroup v1 host, cgroup namespace: cgroup cpu mounted read-only");
				op = find_op(&p, false, ROP_SETATTR, "/sys/fs/cgroup");
				ok(op && op > find_op(&p, false, ROP_MOUNT, "/sys/fs/cgroup/cpu") &&
				   op->attr_set == SYS_MOUNT_ATTR_RDONLY,
				   "cgroup v1 host: the tmpfs made read-only after its mounts");
			}
			rootfs_plan_free(&p);
			o.ns_mask &= ~NSM(NS_CGROUP);
			o.cgroup_path = "/runlet/c1";
			if (plan(&p, cg, &o, &e) == 0) {
				op = find_op(&p, false, ROP_BIND, v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/cpu");
				ok(op && op->recursive && (op->attr_set & SYS_MOUNT_ATTR_RDONLY) &&
				   !strcmp(op->src, v2 ? "/sys/fs/cgroup/runlet/c1" : "/sys/fs/cgroup/cpu/runlet/c1"),
				   "without a cgroup namespace: the container's cgroup bound");
				rootfs_plan_free(&p);
			} else {
				ok(0, "cgroup bind plan: %s", e.msg);
			}
		} else {
			ok(0, "cgroup plan: %s", e.msg);
		}
	}
}

struct bad_case {
	const char *json;       /* "mounts":[...] or "linux":{...} etc., inside {} */
	unsigned ns_mask;
	const char *msg;        /* exact, or a prefix ending in '*' */
};

static const struct bad_case bad_cases[] = {
	{ "\"mounts\":[{\"destination\":\"/b\",\"source\":\"/tmp\",\"options\":[\"bind\",\"nosiud\"]}]", 0,
	  "config.json: mounts[0].options[1]: unknown option \"nosiud\" for a bind mount" },
	{ "\"mounts\":[{\"destination\":\"/b\",\"type\":\"tmpfs\",\"options\":[\"idmap\"]}]", 0,
	  "config.json: mounts[0]: idmap and ridmap (and id mappings) need a bind mount" },
	{ "\"mounts\":[{\"destination\":\"/b\",\"type\":\"proc\",\"options\":[\"tmpcopyup\"]}]", 0,
	  "config.json: mounts[0]: tmpcopyup needs type \"tmpfs\"" },
	{ "\"mounts\":[{\"destination\":\"/b\",\"source\":\"x\"}]", 0,
	  "config.json: mounts[0].type: required unless the mount is a bind mount" },
	{ "\"mounts\":[{\"destination\":\"/b\",\"type\":\"bind\"}]", 0,
	  "config.json: mounts[0].source: required for a bind mount" },
	{ "\"mounts\":[{\"destination\":\"/p\",\"type\":\"proc\"},{\"destination\":\"/b\",\"type\":\"bind\",\"source\":\"/tmp\","
	  "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]", 0,
	  "config.json: mounts[1]: uidMappings and gidMappings must be given together" },
	{ "\"mounts\":[{\"destination\":\"/b\",\"type\":\"bind\",\"source\":\"/tmp\",\"options\":[\"idmap\"]}]", 0,
	  "config.json: mounts[0]: idmap without uidMappings and gidMappings needs linux.uidMappings and linux.gidMappings" },
	{ "\"mounts\":[{\"destination\":\"/\",\"type\":\"tmpfs\"}]", 0,
	  "config.json: mounts[0].destination: \"/\" is the container's root" },
	{ "\"mounts\":[{\"destination\":\"/a/../..\",\"type\":\"tmpfs\"}]", 0,
	  "config.json: mounts[0].destination: \"/a/../..\" is the container's root" },
	{ "\"mounts\":[{\"destination\":\"/t\",\"type\":\"tmpfs\",\"options\":[\"shared\",\"rshared\",\"slave\",\"rslave\",\"private\"]}]", 0,
	  "config.json: mounts[0].options[4]: more than 4 propagation options" },
	{ "\"linux\":{\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}}", NSM(NS_MNT),
	  "config.json: linux.sysctl[\"net.ipv4.ip_forward\"]: requires a network namespace" },
	{ "\"linux\":{\"sysctl\":{\"kernel.shmmax\":\"1\"}}", NSM(NS_MNT),
	  "config.json: linux.sysctl[\"kernel.shmmax\"]: requires an IPC namespace" },
	{ "\"linux\":{\"sysctl\":{\"fs.mqueue.msg_max\":\"1\"}}", NSM(NS_NET),
	  "config.json: linux.sysctl[\"fs.mqueue.msg_max\"]: requires an IPC namespace" },
	{ "\"linux\":{\"sysctl\":{\"kernel.domainname\":\"x\"}}", NSM(NS_IPC),
	  "config.json: linux.sysctl[\"kernel.domainname\"]: requires a UTS namespace" },
	{ "\"linux\":{\"sysctl\":{\"vm.swappiness\":\"1\"}}", 0xff,
	  "config.json: linux.sysctl[\"vm.swappiness\"]: not namespaced: it would change the host" },
	{ "\"linux\":{\"sysctl\":{\"kernel.core_pattern\":\"|/x\"}}", 0xff,
	  "config.json: linux.sysctl[\"kernel.core_pattern\"]: not namespaced: it would change the host" },
	{ "\"linux\":{\"sysctl\":{\"net..x\":\"1\"}}", 0xff,
	  "config.json: linux.sysctl[\"net..x\"]: not a sysctl name" },
	{ "\"linux\":{\"sysctl\":{\"net/ipv4/../../kernel/x\":\"1\"}}", 0xff,
	  "config.json: linux.sysctl[\"net/ipv4/../../kernel/x\"]: not a sysctl name" },
	{ "\"linux\":{\"sysctl\":{\"net.ipv4.\":\"1\"}}", 0xff,
	  "config.json: linux.sysctl[\"net.ipv4.\"]: not a sysctl name" },
	{ "\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":4096,\"minor\":1}]}", 0,
	  "config.json: linux.devices[0].major: 4096 is not a device major (0-4095)" },
	{ "\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"b\",\"major\":-1,\"minor\":1}]}", 0,
	  "config.json: linux.devices[0].major: -1 is not a device major (0-4095)" },
	{ "\"linux\":{\"maskedPaths\":[\"/x/..\"]}", 0,
	  "config.json: linux.maskedPaths[0]: \"/x/..\" is the container's root" },
};

static void test_plan_errors(void)
{
	char json[2048];
	struct rootfs_plan p;
	struct rl_err e;

	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct rootfs_opts o = opts_default();

		o.ns_mask = bad_cases[i].ns_mask;
		fmt(json, sizeof(json), "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},%s}",
		    bad_cases[i].json);
		if (plan(&p, json, &o, &e) == -1)
			is_str(e.msg, bad_cases[i].msg, "bad config %zu", i);
		else
			ok(0, "bad config %zu must fail: %s", i, bad_cases[i].msg);
	}
	{
		struct rootfs_opts o = opts_default();
		char want[PATH_MAX + 64];

		fmt(want, sizeof(want), "config.json: root.path: \"%s/nope\": No such file or directory", bundle);
		if (plan(&p, "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"nope\"}}", &o, &e) == -1)
			is_str(e.msg, want, "missing rootfs");
		else
			ok(0, "missing rootfs must fail");
	}
}

/* full.json: everything at once (its idmap source does not exist here) */
static void test_plan_full(void)
{
	struct rootfs_opts o = opts_default();
	struct rootfs_plan p;
	struct rl_err e;
	struct spec s;
	int dfd = open(fixtures, O_PATH | O_DIRECTORY | O_CLOEXEC);
	char path[PATH_MAX];

	if (dfd < 0) {
		ok(1, "# SKIP fixtures not found at %s", fixtures);
		return;
	}
	o.ns_mask = 0xff;
	o.userns = true;
	o.terminal = true;
	memset(&e, 0, sizeof(e));
	if (!ok(config_load(&s, dfd, "full.json", "config.json", &e) == 0, "full.json loads")) {
		diag("%s", e.msg);
		close(dfd);
		return;
	}
	close(dfd);
	/* its rootfs is "rootfs" in the bundle: ours */
	if (rootfs_plan_build(&p, &s, &o, &e) == 0) {
		ok(0, "full.json: the idmapped /srv/data must fail here");
		rootfs_plan_free(&p);
	} else if (geteuid() == 0 && !under_qemu()) {
		is_str(e.msg, "config.json: mounts[1]: idmapped mount of \"/srv/data\": open_tree: No such file or directory",
		       "full.json: idmapped mount of a missing source");
	} else {
		ok(strstr(e.msg, "config.json: mounts[1]") != NULL, "full.json: mounts[1] refused (%s)", e.msg);
	}
	/* without that mount, all of it builds */
	s.n_mounts = 1;
	if (ok(rootfs_plan_build(&p, &s, &o, &e) == 0, "full.json without its idmap mount builds")) {
		ok(find_op(&p, false, ROP_MOUNT, "/proc") != NULL, "full.json: /proc");
		ok(find_op(&p, false, ROP_DEVICE, "/dev/fuse") && find_op(&p, false, ROP_DEVICE, "/dev/ttyX") &&
		   find_op(&p, false, ROP_DEVICE, "/dev/fifo") && find_op(&p, false, ROP_DEVICE, "/dev/sda"),
		   "full.json: its four devices");
		ok(find_op(&p, true, ROP_SYSCTL, "sys/net/ipv4/ip_forward") &&
		   find_op(&p, true, ROP_SYSCTL, "sys/kernel/shm_rmid_forced"), "full.json: sysctls");
		ok(find_op(&p, true, ROP_MASK, "/sys/firmware") && find_op(&p, true, ROP_READONLY, "/proc/irq"),
		   "full.json: masked and read-only paths");
		ok(find_op(&p, true, ROP_ROOT_RO, NULL) && !find_op(&p, true, ROP_ROOT_PROP, NULL),
		   "full.json: readonly root, rslave propagation");
		ok(!strcmp(p.rootfs, fmt(path, sizeof(path), "%s/rootfs", bundle)), "full.json: rootfs");
		rootfs_plan_free(&p);
	} else {
		diag("%s", e.msg);
	}
	spec_free(&s);
}

/* ---- 3. real runs ------------------------------------------------------ */

struct variant {
	const char *name;
	unsigned force;         /* ROOTFS_FORCE_* */
	bool seccomp;           /* the new syscalls ENOSYS for real */
	bool userns;
	bool no_pivot;
	bool full;              /* idmap and rro mounts too (need mount_setattr) */
};

/* The child's report: "ok DESC", "not ok DESC" and "err MSG" lines. */
static int report_fd = -1;

__attribute__((format(printf, 2, 3)))
static int say(bool pass, const char *f, ...)
{
	char line[1024];
	va_list ap;
	int n = snprintf(line, sizeof(line), "%s ", pass ? "ok" : "not ok");

	va_start(ap, f);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, f, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(report_fd, line, (size_t)n) < 0)
		_exit(3);
	return pass;
}

static void say_err(const char *stage, const struct child_err *ce)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "err %s: %s%s%s\n", stage, ce->msg,
			 ce->errnum ? ": " : "", ce->errnum ? strerror(ce->errnum) : "");

	if (write(report_fd, line, (size_t)(n < (int)sizeof(line) ? n : (int)sizeof(line) - 1)) < 0)
		_exit(3);
}

/* Makes the new mount API, openat2 and statx ENOSYS (seccomp). */
static int enosys_filter(void)
{
	struct sock_filter_ { uint16_t code; uint8_t jt, jf; uint32_t k; };
	struct sock_fprog_ { unsigned short len; struct sock_filter_ *filter; };
	static const int nrs[] = {
		RL_NR_openat2, RL_NR_open_tree, RL_NR_move_mount, RL_NR_fsopen,
		RL_NR_fsconfig, RL_NR_fsmount, RL_NR_fspick, RL_NR_mount_setattr,
		RL_NR_statx,
	};
	struct sock_filter_ prog[4 + 2 * 9 + 1];
	struct sock_fprog_ fp;
	unsigned short n = 0;

	prog[n++] = (struct sock_filter_){ 0x20, 0, 0, 4 };           /* ld arch */
	prog[n++] = (struct sock_filter_){ 0x15, 1, 0, ARCH_AUDIT };  /* jeq */
	prog[n++] = (struct sock_filter_){ 0x06, 0, 0, 0x7fff0000U }; /* allow */
	prog[n++] = (struct sock_filter_){ 0x20, 0, 0, 0 };           /* ld nr */
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		prog[n++] = (struct sock_filter_){ 0x15, 0, 1, (uint32_t)nrs[i] };
		prog[n++] = (struct sock_filter_){ 0x06, 0, 0, 0x00050000U | ENOSYS };
	}
	prog[n++] = (struct sock_filter_){ 0x06, 0, 0, 0x7fff0000U };
	fp.len = n;
	fp.filter = prog;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(RL_NR_seccomp, 1L /* SET_MODE_FILTER */, 0L, &fp);
}

static bool read_is(const char *path, const char *want)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return !strcmp(buf, want);
}

static int errno_of_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd >= 0) {
		close(fd);
		unlink(path);
		return 0;
	}
	return errno;
}

static unsigned long fs_type(const char *path)
{
	struct statfs sfs;

	return statfs(path, &sfs) == 0 ? (unsigned long)sfs.f_type : 0;
}

static unsigned long fs_flags(const char *path)
{
	struct statfs sfs;

	return statfs(path, &sfs) == 0 ? (unsigned long)sfs.f_flags : 0;
}

/* A mountinfo line's mount point is `mp` and its optional fields have `tag`. */
static int mountinfo_has(const char *mp, const char *tag)
{
	char line[4096];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int found = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char m[PATH_MAX];
		char *sep = strstr(line, " - ");

		if (sscanf(line, "%*s %*s %*s %*s %4095s", m) != 1 || strcmp(m, mp))
			continue;
		if (sep)
			*sep = '\0';
		found = tag ? strstr(line, tag) != NULL : 1;
	}
	fclose(f);
	return found;
}

/* Mounts on mp in the mountinfo of procfs dir procfd (-1: /proc). */
static int count_mountpoint_at(int procfd, const char *mp)
{
	char line[4096];
	int fd = procfd < 0 ? open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
			    : openat(procfd, "self/mountinfo", O_RDONLY | O_CLOEXEC);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char m[PATH_MAX];

		if (sscanf(line, "%*s %*s %*s %*s %4095s", m) == 1 && !strcmp(m, mp))
			n++;
	}
	fclose(f);
	return n;
}

static int count_mountpoint(const char *mp)
{
	return count_mountpoint_at(-1, mp);
}

/* What the container must look like after a full run. */
static void checks(const struct variant *v, int ptyslave)
{
	struct stat st, st2;
	char cwd[PATH_MAX], buf[PATH_MAX];
	ssize_t n;
	int fd;

	say(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"), "cwd is /");
	if (mknod("/dev/shm/node", S_IFCHR | 0600, makedev(1, 3)) == 0) {
		unlink("/dev/shm/node");
		say(!v->userns, "mknod works outside a user namespace");
	} else {
		say(v->userns && errno == EPERM, "mknod is EPERM in a user namespace (%s)",
		    strerror(errno));
	}
	if (v->seccomp) {
		struct sys_open_how how = { O_PATH | O_CLOEXEC, 0, 0 };

		say(sys_openat2(AT_FDCWD, "/", &how, sizeof(how)) < 0 && errno == ENOSYS &&
		    sys_open_tree(AT_FDCWD, "/", 0) < 0 && errno == ENOSYS,
		    "the seccomp filter makes openat2 and open_tree ENOSYS");
	}
	say(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3),
	    "/dev/null is 1:3");
	say(stat("/dev/urandom", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 9),
	    "/dev/urandom is 1:9");
	say(stat("/dev/tty", &st) == 0 && st.st_rdev == makedev(5, 0), "/dev/tty is 5:0");
	say(v->userns || (stat("/dev/zero", &st) == 0 && (st.st_mode & 07777) == 0666),
	    "/dev/zero is mode 0666");
	say(stat("/dev/kmsg", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 11) &&
	    (v->userns || (st.st_mode & 07777) == 0640), "linux.devices: /dev/kmsg is 1:11, mode 0640");
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	say(fd >= 0 && write(fd, "x", 1) == 1, "/dev/null is usable");
	if (fd >= 0)
		close(fd);
	n = readlink("/dev/ptmx", buf, sizeof(buf) - 1);
	say(n == 8 && !memcmp(buf, "pts/ptmx", 8), "/dev/ptmx -> pts/ptmx");
	n = readlink("/dev/fd", buf, sizeof(buf) - 1);
	say(n == 13 && !memcmp(buf, "/proc/self/fd", 13), "/dev/fd -> /proc/self/fd");
	say(ptyslave < 0 || (stat("/dev/console", &st) == 0 && fstat(ptyslave, &st2) == 0 &&
			     st.st_rdev == st2.st_rdev), "/dev/console is the terminal");
	say(fs_type("/proc") == RL_PROC_SUPER_MAGIC, "/proc is procfs");
	say(fs_type("/sys") == RL_SYSFS_MAGIC && (fs_flags("/sys") & ST_RDONLY),
	    "/sys is sysfs, read-only");
	say(fs_type("/sys/fs/cgroup/cpu") == 0x27e0eb || fs_type("/sys/fs/cgroup") == 0x63677270,
	    "/sys/fs/cgroup holds cgroupfs");
	say(fs_flags("/sys/fs/cgroup") & ST_RDONLY, "/sys/fs/cgroup is read-only");
	say(read_is("/data/f", "data") && errno_of_create("/data/new") == EROFS,
	    "a ro bind: readable, not writable");
	say(fs_flags("/data") & ST_NOSUID, "a bind keeps nosuid");
	say(stat("/file", &st) == 0 && S_ISREG(st.st_mode) && read_is("/file", "hostfile"),
	    "a file bind made its destination a file");
	say(read_is("/tc/a", "hello") && read_is("/tc/sub/b", "b") &&
	    readlink("/tc/l", buf, sizeof(buf)) == 1 && fs_type("/tc") == RL_TMPFS_MAGIC,
	    "tmpcopyup copied the directory into the tmpfs");
	say(stat("/tc", &st) == 0 && (st.st_mode & 07777) == 0710, "tmpcopyup kept the mode");
	say(read_is("/tcro/a", "hello") && errno_of_create("/tcro/x") == EROFS &&
	    (fs_flags("/tcro") & ST_NODEV), "tmpcopyup into a read-only tmpfs");
	say(fs_type("/rm") == RL_TMPFS_MAGIC && errno_of_create("/rm/x") == EROFS,
	    "remount ro of a tmpfs");
	say(read_is("/rmb/f", "data") && errno_of_create("/rmb/x") == EROFS,
	    "bind,remount,ro");
	say(stat("/evil/x", &st) == 0 && fs_type("/evil/x") == RL_TMPFS_MAGIC &&
	    stat("/rl-outside/x", &st2) == 0 && st.st_ino == st2.st_ino,
	    "a ../ symlink in a destination stayed inside the rootfs");
	say(fs_type("/rel") == RL_TMPFS_MAGIC, "a relative destination is under /");
	say(mountinfo_has("/prop", "shared:") == 1, "propagation: /prop is shared");
	say(mountinfo_has("/", "shared:") == 0, "propagation: / is not shared");
	say(count_mountpoint("/") == 1, "one mount on /: the old root is gone");
	if (v->full) {
		say(stat("/idm/f", &st) == 0 && st.st_uid == 1000 && st.st_gid == 1000,
		    "idmap: the file owned by 0 shows as 1000");
		say(errno_of_create("/rbind/sub/x") == EROFS && errno_of_create("/rbind/x") == EROFS,
		    "rro: the submount is read-only too");
	}
	fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	say(fd < 0 || read(fd, buf, 16) == 0, "masked /proc/kcore reads empty");
	if (fd >= 0)
		close(fd);
	say(stat("/etc/passwd", &st) == 0 && S_ISCHR(st.st_mode) && read_is("/etc/passwd", ""),
	    "masked path through a ../ symlink landed inside the rootfs");
	say(fs_type("/maskdir") == RL_TMPFS_MAGIC && !exists("/maskdir/f") &&
	    errno_of_create("/maskdir/x") == EROFS, "a masked directory is an empty ro tmpfs");
	say(!exists("/missing-mask"), "a missing masked path is skipped");
	say(read_is("/proc/sys/kernel/shm_rmid_forced", "1\n"), "sysctl written in the container's ipc ns");
	fd = open("/proc/sys/kernel/shm_rmid_forced", O_WRONLY | O_CLOEXEC);
	say(fd < 0 && errno == EROFS, "readonly /proc/sys");
	if (fd >= 0)
		close(fd);
	say(errno_of_create("/ro/x") == EROFS &&
	    (fs_flags("/ro") & (ST_NOSUID | ST_NODEV | ST_NOEXEC)) ==
	    (fs_flags("/") & (ST_NOSUID | ST_NODEV | ST_NOEXEC)),
	    "readonly path: ro, other flags kept");
	say(errno_of_create("/newfile") == EROFS, "root.readonly");
	say(mkdir("/tmpdir-test", 0755) < 0 && errno == EROFS, "root.readonly: no mkdir");
}

static char rootfs_dir[PATH_MAX];

/* The rootfs and host files the positive runs use. */
static void make_tree(void)
{
	char p[PATH_MAX];
	const char *r = rootfs_dir;

	fmt(bundle, sizeof(bundle), "%s/bundle", tmpdir);
	fmt(rootfs_dir, sizeof(rootfs_dir), "%s/rootfs", bundle);
	rm_rf(bundle);
	mkdirs(r);
	mkdirs(fmt(p, sizeof(p), "%s/etc", r));
	mkfile(fmt(p, sizeof(p), "%s/etc/passwd", r), "root:x:0:0::/:/bin/sh\n");
	mkdirs(fmt(p, sizeof(p), "%s/tc/sub", r));
	chmod(fmt(p, sizeof(p), "%s/tc", r), 0710);
	mkfile(fmt(p, sizeof(p), "%s/tc/a", r), "hello");
	mkfile(fmt(p, sizeof(p), "%s/tc/sub/b", r), "b");
	mkdirs(fmt(p, sizeof(p), "%s/tcro", r));
	mkfile(fmt(p, sizeof(p), "%s/tcro/a", r), "hello");
	xsymlink("a", fmt(p, sizeof(p), "%s/tc/l", r));
	mkdirs(fmt(p, sizeof(p), "%s/ro", r));
	mkdirs(fmt(p, sizeof(p), "%s/maskdir", r));
	mkfile(fmt(p, sizeof(p), "%s/maskdir/f", r), "secret");
	xsymlink("../../../../../etc/passwd", fmt(p, sizeof(p), "%s/m", r));
	xsymlink("../../../rl-outside", fmt(p, sizeof(p), "%s/evil", r));
	mkdirs(fmt(p, sizeof(p), "%s/hostdata/sub", tmpdir));
	mkfile(fmt(p, sizeof(p), "%s/hostdata/f", tmpdir), "data");
	mkfile(fmt(p, sizeof(p), "%s/hostfile", tmpdir), "hostfile");
	mkdirs(fmt(p, sizeof(p), "%s/idmsrc", tmpdir));
	mkfile(fmt(p, sizeof(p), "%s/idmsrc/f", tmpdir), "idm");
	if (chown(p, 0, 0) < 0)
		bail_out("chown %s: %s", p, strerror(errno));
}

static void config_json(char *buf, size_t cap, const struct variant *v)
{
	char extra[1024] = "";

	if (v->full)
		fmt(extra, sizeof(extra),
		    "{\"destination\":\"/idm\",\"type\":\"bind\",\"source\":\"%s/idmsrc\",\"options\":[\"bind\",\"idmap\"],"
		    "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}],"
		    "\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]},"
		    "{\"destination\":\"/rbind\",\"type\":\"bind\",\"source\":\"%s/hostdata\",\"options\":[\"rbind\",\"rro\"]},",
		    tmpdir, tmpdir);
	fmt(buf, cap,
	    "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"mounts\":["
	    "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
	    "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]},"
	    "{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\",\"options\":[\"nosuid\",\"noexec\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\"]},"
	    "{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"mode=1777\"]},"
	    "{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]},"
	    "{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"relatime\",\"ro\"]},"
	    "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"%s/hostdata\",\"options\":[\"bind\",\"ro\",\"nosuid\"]},"
	    "{\"destination\":\"/file\",\"type\":\"bind\",\"source\":\"../hostfile\",\"options\":[\"bind\"]},"
	    "{\"destination\":\"/tc\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"tmpcopyup\"]},"
	    "{\"destination\":\"/tcro\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"tmpcopyup\",\"ro\",\"nodev\"]},"
	    "{\"destination\":\"/rm\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"},"
	    "{\"destination\":\"/rm\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"remount\",\"ro\"]},"
	    "{\"destination\":\"/rmb\",\"type\":\"bind\",\"source\":\"%s/hostdata\",\"options\":[\"bind\"]},"
	    "{\"destination\":\"/rmb\",\"type\":\"bind\",\"source\":\"%s/hostdata\",\"options\":[\"bind\",\"remount\",\"ro\"]},"
	    "{\"destination\":\"/evil/x\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"},"
	    "{\"destination\":\"rel\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"},"
	    "{\"destination\":\"/prop\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"shared\"]},"
	    "%s"
	    "{\"destination\":\"/end\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"rprivate\"]}],"
	    "\"process\":{\"terminal\":true,\"cwd\":\"/\",\"args\":[\"sh\"],\"user\":{\"uid\":0,\"gid\":0}},"
	    "\"linux\":{\"devices\":[{\"path\":\"/dev/kmsg\",\"type\":\"c\",\"major\":1,\"minor\":11,\"fileMode\":416}],"
	    "\"sysctl\":{\"kernel.shm_rmid_forced\":\"1\"},"
	    "\"maskedPaths\":[\"/proc/kcore\",\"/m\",\"/maskdir\",\"/missing-mask\"],"
	    "\"readonlyPaths\":[\"/proc/sys\",\"/ro\",\"/missing-ro\"]}}",
	    tmpdir, tmpdir, tmpdir, extra);
}

static int count_fds(void)
{
	char buf[4096];
	int fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = -1;
	long r;

	if (fd < 0)
		return -1;
	while ((r = syscall(RL_NR_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < r; off += *(unsigned short *)(void *)(buf + off + 16))
			n++;
	close(fd);
	return n - 2;   /* ".", "..", but the directory's own fd counted */
}

/* Opens a pty pair in the container's devpts; returns the slave. */
static int open_pty(void)
{
	int m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC), unlock = 0, n;
	char path[64];

	if (m < 0 || ioctl(m, TIOCSPTLCK, &unlock) < 0 || ioctl(m, TIOCGPTN, &n) < 0)
		return -1;
	snprintf(path, sizeof(path), "/dev/pts/%d", n);
	return open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
}

typedef void (*check_fn)(const struct variant *v, int ptyslave);

/*
 * Forks a child in new namespaces that runs the plan and then `check`
 * (NULL: stop after the plan). The child's TAP lines become tests here;
 * its rootfs error, if any, goes to err. Returns 0 if the plan ran.
 */
static int run_plan(const struct variant *v, const struct rootfs_plan *p,
		    check_fn check, char *err, size_t errcap)
{
	int pfd[2], sync1[2], status = 0;
	char buf[8192];
	size_t have = 0;
	ssize_t n;
	pid_t pid;

	err[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC) < 0 || pipe2(sync1, O_CLOEXEC) < 0)
		bail_out("pipe: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		bail_out("fork: %s", strerror(errno));
	if (pid == 0) {
		unsigned long fl = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC;
		struct child_err ce;
		char c = 0, path[PATH_MAX];
		pid_t g;
		int ptyslave = -1, hostproc;

		report_fd = pfd[1];
		close(pfd[0]);
		close(sync1[1]);
		if (v->userns)
			fl |= CLONE_NEWUSER | CLONE_NEWCGROUP;
		if (unshare((int)fl) < 0) {
			dprintf(report_fd, "err unshare: %s\n", strerror(errno));
			_exit(2);
		}
		if (v->userns && read(sync1[0], &c, 1) != 1)   /* maps written */
			_exit(2);
		/* a submount in a bind source, for rro */
		if (mount("tmpfs", fmt(path, sizeof(path), "%s/hostdata/sub", tmpdir), "tmpfs",
			  0, NULL) < 0) {
			dprintf(report_fd, "err mount tmpfs: %s\n", strerror(errno));
			_exit(2);
		}
		hostproc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		g = fork();
		if (g == 0) {   /* pid 1 of the new pid namespace */
			int nfds = count_fds();

			memset(&ce, 0, sizeof(ce));
			if (v->seccomp && enosys_filter() < 0) {
				dprintf(report_fd, "err seccomp: %s\n", strerror(errno));
				_exit(2);
			}
			if (rootfs_mount_all(p, &ce) < 0) {
				say_err("mount_all", &ce);
				_exit(1);
			}
			if (rootfs_pivot(p, &ce) < 0) {
				say_err("pivot", &ce);
				_exit(1);
			}
			if (check && (ptyslave = open_pty()) >= 0 &&
			    rootfs_console_bind(p, ptyslave, &ce) < 0) {
				say_err("console", &ce);
				_exit(1);
			}
			if (rootfs_finish(p, &ce) < 0) {
				say_err("finish", &ce);
				_exit(1);
			}
			say(p->run->rootfd == -1 && p->run->procfd == -1, "finish closed its fds");
			say(count_fds() == nfds + (ptyslave >= 0 ? 2 : 0),
			    "no fd left open (%d before, %d after, pty pair %d)", nfds, count_fds(),
			    ptyslave >= 0);
			if (check)
				check(v, ptyslave);
			_exit(0);
		}
		if (g < 0)
			_exit(2);
		while (waitpid(g, &status, 0) < 0 && errno == EINTR)
			;
		if (v->no_pivot && WIFEXITED(status) && WEXITSTATUS(status) == 0 && check) {
			/* we share the namespace, outside the chroot: the
			 * host's other mounts must have been detached */
			say(count_mountpoint_at(hostproc, fmt(path, sizeof(path), "%s/hostdata/sub",
							      tmpdir)) == 0,
			    "no-pivot: the host's mounts were detached");
			say(count_mountpoint_at(hostproc, "/end") == 1,
			    "no-pivot: the container's mounts are there");
		}
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 4);
	}
	close(pfd[1]);
	close(sync1[0]);
	if (v->userns) {
		char path[64];
		int ok1, ok2;

		/* the child's user namespace maps everything, so ids stay */
		usleep(1000);
		for (int i = 0; i < 2000; i++) {
			char ns1[64] = "", ns2[64] = "";

			snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
			if (readlink(path, ns1, sizeof(ns1) - 1) > 0 &&
			    readlink("/proc/self/ns/user", ns2, sizeof(ns2) - 1) > 0 &&
			    strcmp(ns1, ns2))
				break;
			usleep(1000);
		}
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
		ok1 = open(path, O_WRONLY | O_CLOEXEC);
		snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
		ok2 = open(path, O_WRONLY | O_CLOEXEC);
		if (ok1 < 0 || ok2 < 0 || write(ok1, "0 0 4294967295\n", 15) != 15 ||
		    write(ok2, "0 0 4294967295\n", 15) != 15)
			diag("writing id maps: %s", strerror(errno));
		if (ok1 >= 0)
			close(ok1);
		if (ok2 >= 0)
			close(ok2);
		if (write(sync1[1], "x", 1) != 1)
			diag("sync: %s", strerror(errno));
	}
	close(sync1[1]);
	while ((n = read(pfd[0], buf + have, sizeof(buf) - 1 - have)) > 0) {
		char *nl;

		have += (size_t)n;
		buf[have] = '\0';
		while ((nl = strchr(buf, '\n'))) {
			*nl = '\0';
			if (!strncmp(buf, "ok ", 3))
				ok(1, "%s: %s", v->name, buf + 3);
			else if (!strncmp(buf, "not ok ", 7))
				ok(0, "%s: %s", v->name, buf + 7);
			else if (!strncmp(buf, "err ", 4))
				snprintf(err, errcap, "%s", buf + 4);
			memmove(buf, nl + 1, have - (size_t)(nl + 1 - buf) + 1);
			have -= (size_t)(nl + 1 - buf);
		}
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!err[0] && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		snprintf(err, errcap, "child status %d", status);
	return err[0] ? -1 : 0;
}

static void test_runs(void)
{
	static const struct variant variants[] = {
		{ "new mount API", 0, false, false, false, true },
		{ "forced fallbacks", ROOTFS_FORCE_NO_OPENAT2 | ROOTFS_FORCE_NO_MOUNT_API |
		  ROOTFS_FORCE_NO_SETATTR | ROOTFS_FORCE_NO_STATX, false, false, false, false },
		{ "forced walk only", ROOTFS_FORCE_NO_OPENAT2, false, false, false, true },
		{ "seccomp ENOSYS", 0, true, false, false, false },
		{ "user namespace", 0, false, true, false, true },
		{ "user namespace, fallbacks", ROOTFS_FORCE_NO_OPENAT2 | ROOTFS_FORCE_NO_MOUNT_API |
		  ROOTFS_FORCE_NO_SETATTR | ROOTFS_FORCE_NO_STATX, false, true, false, false },
		{ "no-pivot", 0, false, false, true, true },
		{ "no-pivot, fallbacks", ROOTFS_FORCE_NO_OPENAT2 | ROOTFS_FORCE_NO_MOUNT_API |
		  ROOTFS_FORCE_NO_SETATTR, false, false, true, false },
		{ "user namespace, no-pivot", 0, false, true, true, true },
	};
	char json[8192], err[600], p[PATH_MAX];
	bool qemu = under_qemu();

	make_tree();
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		struct variant vq = variants[i];
		const struct variant *v = &vq;
		struct rootfs_opts o = opts_default();
		struct rootfs_plan pl;
		struct rl_err e;

		if (qemu && (v->userns || v->seccomp)) {
			ok(1, "# SKIP %s: no openat2 here (qemu-user or a seccomp filter): no user namespaces or seccomp either", v->name);
			continue;
		}
		if (qemu && v->full) {
			diag("%s: without idmap and rro (no openat2 here, so no mount_setattr: qemu-user or a seccomp filter)", v->name);
			vq.full = false;
		}
		o.userns = v->userns;
		o.no_pivot = v->no_pivot;
		o.terminal = true;
		o.ns_mask = NSM(NS_MNT) | NSM(NS_PID) | NSM(NS_IPC);
		if (v->userns)
			o.ns_mask |= NSM(NS_USER) | NSM(NS_CGROUP);
		config_json(json, sizeof(json), v);
		if (plan(&pl, json, &o, &e) < 0 && v->full && strstr(e.msg, "idmapped mount")) {
			/* tmpfs has idmapped mounts since Linux 6.3 only */
			diag("%s: without idmap and rro: %s", v->name, e.msg);
			vq.full = false;
			config_json(json, sizeof(json), v);
			if (plan(&pl, json, &o, &e) < 0) {
				ok(0, "%s: plan: %s", v->name, e.msg);
				continue;
			}
		} else if (e.msg[0]) {
			ok(0, "%s: plan: %s", v->name, e.msg);
			continue;
		}
		pl.force = v->force;
		if (run_plan(v, &pl, checks, err, sizeof(err)) < 0)
			ok(0, "%s: %s", v->name, err);
		ok(!exists(fmt(p, sizeof(p), "%s/../rl-outside", tmpdir)) && !exists("/tmp/rl-outside"),
		   "%s: nothing made outside the rootfs", v->name);
		rootfs_plan_free(&pl);
		make_tree();
	}
}

/* ---- hostile rootfs trees ---------------------------------------------- */

struct attack {
	const char *name;
	const char *setup;      /* "l TARGET PATH" symlink, "d PATH", "f PATH" lines */
	const char *mounts;
	const char *linux_;
	bool terminal;
	unsigned force;
	const char *want;       /* the child's error must contain this */
	int errnum;             /* and this errno's text */
	const char *untouched;  /* a path (relative to tmpdir) that must not appear */
};

static const struct attack attacks[] = {
	{ "/dev -> /etc, tmpfs on /dev", "l /etc dev\nd etc\n",
	  "{\"destination\":\"/dev\",\"type\":\"tmpfs\"}", "", false, 0,
	  "resolve mount destination \"/dev\"", ELOOP, NULL },
	{ "/dev -> /etc, default nodes", "l /etc dev\nd etc\n", "", "", false, 0,
	  "create device \"/dev/null\": resolve its directory", ELOOP,
	  "bundle/rootfs/etc/null" },
	{ "/dev -> ../../.. escape, default nodes", "l ../../.. dev\n", "", "", false,
	  ROOTFS_FORCE_NO_OPENAT2 | ROOTFS_FORCE_NO_MOUNT_API,
	  "create device \"/dev/null\": resolve its directory", ELOOP, "null" },
	{ "/dev/null -> host file", "d dev\nl ../../../secret dev/null\n", "", "", false, 0,
	  "create device \"/dev/null\": something else is there", EEXIST, NULL },
	{ "/dev/null -> absolute", "d dev\nl /etc/shadow dev/null\n", "", "", false,
	  ROOTFS_FORCE_NO_OPENAT2 | ROOTFS_FORCE_NO_MOUNT_API,
	  "create device \"/dev/null\": something else is there", EEXIST, NULL },
	{ "/dev/console -> elsewhere", "d dev\nl /etc/x dev/console\n",
	  "{\"destination\":\"/proc\",\"type\":\"proc\"}", "", true, 0,
	  "create console \"/dev/console\": exists and is not a file or character device", EEXIST, NULL },
	{ "/proc -> /etc, proc mount", "l /etc proc\nd etc\n",
	  "{\"destination\":\"/proc\",\"type\":\"proc\"}", "", false, 0,
	  "resolve mount destination \"/proc\"", ELOOP, NULL },
	{ "/proc -> /etc, sysctl", "l /etc proc\nd etc\n", "",
	  ",\"sysctl\":{\"kernel.shmmax\":\"1\"}", false, ROOTFS_FORCE_NO_OPENAT2,
	  "open \"/proc\": for sysctl", ELOOP, NULL },
	{ "/proc not procfs, sysctl", "d proc/sys/kernel\n",
	  "{\"destination\":\"/proc\",\"type\":\"tmpfs\"}", ",\"sysctl\":{\"kernel.shmmax\":\"1\"}", false, 0,
	  "open \"/proc\": not procfs", EXDEV, NULL },
	{ "/dev/null a regular file, masked path", "d dev\nf dev/null\nf etc/x\n",
	  "{\"destination\":\"/dev\",\"type\":\"bind\",\"source\":\"rootfs/dev\",\"options\":[\"bind\"]}",
	  ",\"maskedPaths\":[\"/etc/x\"]", false, 0,
	  "mask: open \"/dev/null\": not the null device (1:3)", ENODEV, NULL },
	{ "mount destination loop", "l a b\nl b a\n", "{\"destination\":\"/a/x\",\"type\":\"tmpfs\"}", "",
	  false, ROOTFS_FORCE_NO_OPENAT2,
	  "resolve mount destination \"/a/x\"", ELOOP, NULL },
	{ "rro without mount_setattr", "d data\n",
	  "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"rootfs/data\",\"options\":[\"rbind\",\"rro\"]}",
	  "", false, ROOTFS_FORCE_NO_SETATTR,
	  "set mount attributes of \"/data\": recursive options (rro, rnosuid, ...) need mount_setattr (Linux 5.12)",
	  ENOSYS, NULL },
	{ "device where a directory is", "d dev/fuse\n", "",
	  ",\"devices\":[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229}]", false, 0,
	  "create device \"/dev/fuse\": something else is there", EEXIST, NULL },
};

static void plant(const char *root, const char *setup)
{
	char line[PATH_MAX], a[PATH_MAX], b[PATH_MAX], p[PATH_MAX];
	const char *s = setup;

	while (*s) {
		size_t n = strcspn(s, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, s);
		s += n + (s[n] == '\n');
		if (line[0] == 'l' && sscanf(line, "l %4095s %4095s", a, b) == 2) {
			xsymlink(a, fmt(p, sizeof(p), "%s/%s", root, b));
		} else if (line[0] == 'd' && sscanf(line, "d %4095s", a) == 1) {
			mkdirs(fmt(p, sizeof(p), "%s/%s", root, a));
		} else if (line[0] == 'f' && sscanf(line, "f %4095s", a) == 1) {
			fmt(p, sizeof(p), "%s/%s", root, a);
			*strrchr(p, '/') = '\0';
			mkdirs(p);
			mkfile(fmt(p, sizeof(p), "%s/%s", root, a), "x");
		}
	}
}

static void test_attacks(void)
{
	char json[4096], err[600], p[PATH_MAX], secret[PATH_MAX];
	struct stat before, after;

	fmt(secret, sizeof(secret), "%s/secret", tmpdir);
	mkfile(secret, "outside\n");
	stat(secret, &before);
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		const struct attack *a = &attacks[i];
		struct variant v = { a->name, a->force, false, false, false, false };
		struct rootfs_opts o = opts_default();
		struct rootfs_plan pl;
		struct rl_err e;

		fmt(bundle, sizeof(bundle), "%s/att%zu", tmpdir, i);
		fmt(rootfs_dir, sizeof(rootfs_dir), "%s/rootfs", bundle);
		mkdirs(rootfs_dir);
		plant(rootfs_dir, a->setup);
		o.terminal = a->terminal;
		o.ns_mask = NSM(NS_MNT) | NSM(NS_PID) | NSM(NS_IPC);
		fmt(json, sizeof(json), "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},\"mounts\":[%s],"
		    "\"linux\":{\"rootfsPropagation\":\"rslave\"%s}}", a->mounts, a->linux_);
		if (plan(&pl, json, &o, &e) < 0) {
			ok(0, "attack %s: plan: %s", a->name, e.msg);
			continue;
		}
		pl.force = a->force;
		if (run_plan(&v, &pl, NULL, err, sizeof(err)) == 0)
			ok(0, "attack %s: must fail", a->name);
		else if (!ok(strstr(err, a->want) && strstr(err, strerror(a->errnum)),
			     "attack %s: refused", a->name))
			diag("got: %s\n#  want: %s: %s", err, a->want, strerror(a->errnum));
		if (a->untouched)
			ok(!exists(fmt(p, sizeof(p), "%s/%s", tmpdir, a->untouched)) &&
			   !exists("/etc/null") && !exists("/null"),
			   "attack %s: no node made through the link", a->name);
		rootfs_plan_free(&pl);
	}
	ok(stat(secret, &after) == 0 && S_ISREG(after.st_mode) && after.st_ino == before.st_ino &&
	   read_is(secret, "outside\n"), "attacks: the host file is untouched");
	ok(lstat("/etc/shadow", &after) < 0 || !S_ISCHR(after.st_mode),
	   "attacks: /etc/shadow is not a device");
}

int main(int argc, char **argv)
{
	char tmpl[] = "/tmp/rl-rootfs-XXXXXX";
	bool root = geteuid() == 0;
	struct stat st;

	if (argc > 1)
		fixtures = argv[1];
	if (!mkdtemp(tmpl))
		bail_out("mkdtemp: %s", strerror(errno));
	snprintf(tmpdir, sizeof(tmpdir), "%s", tmpl);
	fmt(bundle, sizeof(bundle), "%s/bundle", tmpdir);
	mkdirs(fmt(rootfs_dir, sizeof(rootfs_dir), "%s/rootfs", bundle));

	test_resolver();
	test_plan_options();
	test_plan_details();
	test_plan_errors();
	test_plan_full();
	if (!root) {
		ok(1, "# SKIP real runs: not root");
	} else if (stat("/dev/null", &st) < 0 || st.st_rdev != makedev(1, 3)) {
		/* qemu-user 7.2 for sparc64 garbles st_rdev */
		ok(1, "# SKIP real runs: stat(2) misreports device numbers here");
	} else {
		test_runs();
		test_attacks();
	}
	rm_rf(tmpdir);
	return done_testing();
}
