// SPDX-License-Identifier: MIT
/*
 * The container's cgroup, common part (see cgroup.h for the rules): the
 * host's layout, the path, the create/enter/destroy drivers that walk
 * every hierarchy, and the one-line form kept in the state file.
 *
 * Every directory is reached from the hierarchy's mount fd one component
 * at a time with O_NOFOLLOW|O_DIRECTORY, so a path can name nothing but
 * cgroup directories below that mount, whatever sits in the tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "mountinfo.h"
#include "cgroup.h"

#define CGROUP_SUPER_MAGIC_  0x27e0ebUL
#define CGROUP2_SUPER_MAGIC_ 0x63677270UL
#define TMPFS_MAGIC_         0x01021994UL

#define CG_MAX_DEPTH (CG_PATH_MAX / 2)  /* components in a path */
#define CG_TREE_DEPTH 32                /* sub-cgroups walked below the leaf */
#define CG_KILL_WAIT_MS 5000
#define CG_BUSY_WAIT_MS 1000
#define CG_FREEZE_WAIT_MS 1000

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* ---- small helpers ----------------------------------------------------- */

ssize_t cg_read_at(int dirfd, const char *name, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t r;
	int fd, saved;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got + 1 < len) {
		r = read(fd, buf + got, len - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

/* cgroup files take one value per write(2): a short write is an error. */
int cg_write_at(int dirfd, const char *name, const char *s)
{
	size_t n = strlen(s);
	ssize_t r;
	int fd, saved;

	fd = openat(dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	do
		r = write(fd, s, n);
	while (r < 0 && errno == EINTR);
	saved = errno;
	close(fd);
	if (r < 0) {
		errno = saved;
		return -1;
	}
	if ((size_t)r != n) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static const char *cg_fmt_n(const struct cg_hier *h, const char *path,
			    size_t plen, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s%.*s%s%s", h->mnt, (int)plen, path,
		 name ? "/" : "", name ? name : "");
	return buf;
}

const char *cg_fmt(const struct cg *cg, const struct cg_hier *h,
		   const char *name, char *buf, size_t len)
{
	return cg_fmt_n(h, cg->path, strlen(cg->path), name, buf, len);
}

int cg_check_no_procs(const struct cg *cg, const struct cg_hier *h, struct rl_err *e)
{
	char msg[CG_MNT_MAX + CG_PATH_MAX + 32];
	int pid = cg_first_pid(h->leaffd);

	if (pid < 0)
		return err_sys(e, errno, "cgroup: read \"%s\"",
			       cg_fmt(cg, h, "cgroup.procs", msg, sizeof(msg)));
	if (pid > 0)
		return err_set(e, EBUSY, "cgroup \"%s\" already has processes (pid %d)",
			       cg_fmt(cg, h, NULL, msg, sizeof(msg)), pid);
	return 0;
}

long long cg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cg_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Calls fn for each pid in dirfd's cgroup.procs, parsing as it reads (the
 * file may list thousands); stops when fn returns nonzero. Returns that
 * value, 0 at the end, or -1 with errno if the file cannot be read.
 */
int cg_procs_each(int dirfd, int (*fn)(pid_t, void *), void *arg)
{
	char buf[512];
	long long acc = 0;
	bool digits = false;
	ssize_t r, i;
	int fd, ret = 0, saved;

	fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (;;) {
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		for (i = 0; i < r && !ret; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				if (acc < 1LL << 40)
					acc = acc * 10 + (buf[i] - '0');
				digits = true;
			} else {
				if (digits && acc > 0 && acc < 1LL << 31)
					ret = fn((pid_t)acc, arg);
				acc = 0;
				digits = false;
			}
		}
		if (r == 0 || ret)
			break;
	}
	if (!ret && digits && acc > 0 && acc < 1LL << 31)
		ret = fn((pid_t)acc, arg);
	close(fd);
	return ret;
}

static int cg_pid_first(pid_t pid, void *arg)
{
	*(pid_t *)arg = pid;
	return 1;
}

int cg_first_pid(int dirfd)
{
	pid_t pid = 0;

	if (cg_procs_each(dirfd, cg_pid_first, &pid) < 0)
		return -1;
	return (int)pid;
}

/* Pids are as seen from our pid namespace; one we cannot see reads as 0
 * and is skipped by cg_procs_each, so kill(0, ...) (our process group)
 * cannot happen. Never ourselves, should runlet sit in the cgroup. */
static int cg_pid_kill(pid_t pid, void *arg)
{
	if (pid != *(pid_t *)arg)
		kill(pid, SIGKILL);
	return 0;
}

void cg_kill_procs(int dirfd, unsigned depth)
{
	pid_t self = getpid();
	struct dirent *de;
	DIR *d;
	int fd, sub;

	cg_procs_each(dirfd, cg_pid_kill, &self);
	if (depth >= CG_TREE_DEPTH)
		return;
	fd = openat(dirfd, ".", DIR_FLAGS);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
		    !strcmp(de->d_name, ".."))
			continue;
		sub = openat(dirfd, de->d_name, DIR_FLAGS);
		if (sub < 0)
			continue;
		cg_kill_procs(sub, depth + 1);
		close(sub);
	}
	closedir(d);
}

/* ---- path rules -------------------------------------------------------- */

/* Controllers the kernel has had (v1 and v2): "<name>.*" is their files'
 * namespace, so a cgroup named that way could collide with a control file
 * on some kernel. */
static const char *const cg_known_ctrl[] = {
	"cgroup", "cpuset", "cpu", "cpuacct", "io", "blkio", "memory",
	"devices", "freezer", "net_cls", "net_prio", "perf_event", "hugetlb",
	"pids", "rdma", "misc", "debug", NULL,
};

static int cg_bad_name(const char *c, size_t n)
{
	size_t i, k;

	if (n > 255)
		return 1;
	for (i = 0; i < n; i++)
		if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
			return 1;
	if ((n == 5 && !memcmp(c, "tasks", 5)) ||
	    (n == 17 && !memcmp(c, "notify_on_release", 17)) ||
	    (n == 13 && !memcmp(c, "release_agent", 13)))
		return 1;
	for (i = 0; cg_known_ctrl[i]; i++) {
		k = strlen(cg_known_ctrl[i]);
		if (n > k && !memcmp(c, cg_known_ctrl[i], k) && c[k] == '.')
			return 1;
	}
	return 0;
}

/*
 * Cleans `in` (prefixed with `base` when relative) into out: "/a/b" with
 * no empty or "." component, validated as cgroup.h says.
 */
static int cg_clean(const char *base, const char *in, char *out, size_t len,
		    struct rl_err *e)
{
	const char *parts[2] = { base, in }, *p, *c;
	size_t o = 0, n;
	int k;

	for (k = 0; k < 2; k++) {
		for (p = parts[k]; p && *p; p = c + n) {
			while (*p == '/')
				p++;
			c = p;
			n = strcspn(c, "/");
			if (n == 0 || (n == 1 && c[0] == '.'))
				continue;
			if (n == 2 && c[0] == '.' && c[1] == '.')
				return err_set(e, EINVAL, "config.json: linux.cgroupsPath: \"..\" is not allowed in \"%s\"", in);
			if (cg_bad_name(c, n))
				return err_set(e, EINVAL, "config.json: linux.cgroupsPath: \"%.*s\" is not a valid cgroup name",
					       (int)(n > 64 ? 64 : n), c);
			if (o + 1 + n + 1 > len)
				return err_set(e, ENAMETOOLONG, "config.json: linux.cgroupsPath: longer than %zu bytes",
					       len - 1);
			out[o++] = '/';
			memcpy(out + o, c, n);
			o += n;
		}
	}
	if (o == 0)
		return err_set(e, EINVAL, "config.json: linux.cgroupsPath: \"%s\" names the root cgroup", in ? in : "");
	out[o] = '\0';
	return 0;
}

/*
 * "a-b.slice" -> "/a.slice/a-b.slice" into out (systemd nests a slice
 * under the slices its dashes name); "-.slice" is the root: "".
 */
static int cg_slice_path(const char *slice, size_t n, char *out, size_t len,
			 struct rl_err *e)
{
	size_t stem, i, o = 0;

	if (n == 7 && !memcmp(slice, "-.slice", 7)) {
		out[0] = '\0';
		return 0;
	}
	if (n <= 6 || memcmp(slice + n - 6, ".slice", 6) ||
	    memchr(slice, '/', n))
		goto bad;
	stem = n - 6;
	if (slice[0] == '-' || slice[stem - 1] == '-')
		goto bad;
	for (i = 0; i <= stem; i++) {
		if (i < stem && slice[i] != '-')
			continue;
		if (i < stem && slice[i + 1] == '-')
			goto bad;
		if (o + 1 + i + 6 + 1 > len)
			return err_set(e, ENAMETOOLONG, "config.json: linux.cgroupsPath: slice too long");
		o += (size_t)snprintf(out + o, len - o, "/%.*s.slice", (int)i, slice);
	}
	return 0;
bad:
	return err_set(e, EINVAL, "config.json: linux.cgroupsPath: \"%.*s\" is not a valid systemd slice",
		       (int)(n > 64 ? 64 : n), slice);
}

static int cg_systemd_path(const char *in, const char *id, char *out,
			   size_t len, struct rl_err *e)
{
	char tmp[CG_PATH_MAX * 2];
	const char *slice = "system.slice", *prefix = "runlet", *name = id;
	size_t ns = strlen(slice), np = strlen(prefix), nn = strlen(id);
	const char *c1, *c2;
	size_t o;

	if (in && *in) {
		c1 = strchr(in, ':');
		c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2 || strchr(c2 + 1, ':'))
			return err_set(e, EINVAL, "config.json: linux.cgroupsPath: expected \"slice:prefix:name\" for the systemd cgroup manager, got \"%s\"",
				       in);
		if (c1 > in) {
			slice = in;
			ns = (size_t)(c1 - in);
		}
		prefix = c1 + 1;
		np = (size_t)(c2 - prefix);
		name = c2 + 1;
		nn = strlen(name);
		if (!nn)
			return err_set(e, EINVAL, "config.json: linux.cgroupsPath: \"%s\": empty name", in);
		if (memchr(prefix, '/', np) || strchr(name, '/'))
			return err_set(e, EINVAL, "config.json: linux.cgroupsPath: \"%s\": \"/\" in a systemd unit name", in);
	}
	if (cg_slice_path(slice, ns, tmp, sizeof(tmp), e) < 0)
		return -1;
	o = strlen(tmp);
	if (nn > 6 && !memcmp(name + nn - 6, ".slice", 6))
		snprintf(tmp + o, sizeof(tmp) - o, "/%.*s", (int)nn, name);
	else if (np)
		snprintf(tmp + o, sizeof(tmp) - o, "/%.*s-%.*s.scope", (int)np,
			 prefix, (int)nn, name);
	else
		snprintf(tmp + o, sizeof(tmp) - o, "/%.*s.scope", (int)nn, name);
	if (strlen(tmp) + 1 >= sizeof(tmp))
		return err_set(e, ENAMETOOLONG, "config.json: linux.cgroupsPath: too long");
	return cg_clean(NULL, tmp, out, len, e);
}

int cg_compute_path(const char *cgroups_path, const char *id,
		    enum cgroup_manager mgr, char *out, size_t len,
		    struct rl_err *e)
{
	if (mgr == CGM_SYSTEMD)
		return cg_systemd_path(cgroups_path, id, out, len, e);
	if (!cgroups_path || !*cgroups_path)
		return cg_clean(CG_DEFAULT_PARENT, id, out, len, e);
	if (cgroups_path[0] == '/')
		return cg_clean(NULL, cgroups_path, out, len, e);
	return cg_clean(CG_DEFAULT_PARENT, cgroups_path, out, len, e);
}

/* Splits a cleaned path into components in buf; returns their count. */
static unsigned cg_split(const char *path, char *buf, char **comp)
{
	unsigned n = 0;
	char *p;

	snprintf(buf, CG_PATH_MAX, "%s", path);
	for (p = buf; *p == '/'; p++)
		;
	while (*p && n < CG_MAX_DEPTH) {
		comp[n++] = p;
		p = strchr(p, '/');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

/* ---- layout ------------------------------------------------------------ */

/* Superblock options of a v1 cgroup that are not controllers: the
 * cgroup1 ones, the LSMs' (seclabel), and any "key=value" but name=. */
static bool cg_not_ctrl(const char *o)
{
	static const char *const opts[] = {
		"rw", "ro", "none", "all", "noprefix", "clone_children", "xattr",
		"cpuset_v2_mode", "favordynmods", "nofavordynmods", "seclabel",
		NULL,
	};
	size_t i;

	if (strchr(o, '=') && strncmp(o, "name=", 5))
		return true;
	for (i = 0; opts[i]; i++)
		if (!strcmp(o, opts[i]))
			return true;
	return false;
}

static bool cg_ctrl_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; *p; p += strcspn(p, ","), p += *p == ',') {
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
	}
	return false;
}

/*
 * Adds one v1 hierarchy per cgroup (v1) superblock mounted at or under
 * /sys/fs/cgroup, from mountinfo text. Mounts elsewhere are ignored: a
 * copy bound into some other tree is no place for the host's containers.
 * Controllers come from the superblock options, whatever their names; a
 * superblock mounted twice counts once (the first mount).
 */
int cg_mountinfo_scan(struct cg *cg, FILE *f, struct rl_err *e)
{
	char line[4096], dev[CG_MAX_HIER][32], *tok[64], *p, *o;
	unsigned ndev = 0, nt, i, sep;
	bool skipping = false, longline;
	struct cg_hier *h;
	size_t n;

	while (fgets(line, sizeof(line), f)) {
		n = strlen(line);
		longline = n && line[n - 1] != '\n' && !feof(f);
		if (skipping || longline) {
			/* only the tail of an over-long line (never a cgroup
			 * one: those are short) or its head: skip it */
			skipping = longline;
			continue;
		}
		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		nt = 0;
		for (p = strtok_r(line, " ", &o); p && nt < 64; p = strtok_r(NULL, " ", &o))
			tok[nt++] = p;
		for (sep = 6; sep < nt && strcmp(tok[sep], "-"); sep++)
			;
		if (sep + 3 >= nt || strcmp(tok[sep + 1], "cgroup"))
			continue;
		mi_unescape(tok[4]);
		if (strcmp(tok[4], CG_ROOT) && strncmp(tok[4], CG_ROOT "/", sizeof(CG_ROOT)))
			continue;
		for (i = 0; i < ndev && strcmp(dev[i], tok[2]); i++)
			;
		if (i < ndev)
			continue;
		if (cg->n >= CG_MAX_HIER)
			return err_set(e, E2BIG, "cgroup: more than %d hierarchies", CG_MAX_HIER);
		h = &cg->h[cg->n];
		memset(h, 0, sizeof(*h));
		h->rootfd = h->leaffd = -1;
		if (snprintf(h->mnt, sizeof(h->mnt), "%s", tok[4]) >= (int)sizeof(h->mnt))
			return err_set(e, ENAMETOOLONG, "cgroup: mount point \"%.64s...\" too long", tok[4]);
		for (p = strtok_r(tok[sep + 3], ",", &o); p; p = strtok_r(NULL, ",", &o)) {
			if (cg_not_ctrl(p))
				continue;
			n = strlen(h->ctrl);
			if (snprintf(h->ctrl + n, sizeof(h->ctrl) - n, "%s%s",
				     n ? "," : "", p) >= (int)(sizeof(h->ctrl) - n))
				return err_set(e, ENAMETOOLONG, "cgroup: controllers of \"%s\" too long", h->mnt);
		}
		if (!h->ctrl[0])
			continue;
		h->cpuset = cg_ctrl_has(h->ctrl, "cpuset");
		h->freezer = cg_ctrl_has(h->ctrl, "freezer");
		snprintf(dev[ndev++], sizeof(dev[0]), "%s", tok[2]);
		cg->n++;
	}
	return 0;
}

static int cg_add_v2(struct cg *cg, const char *mnt)
{
	struct cg_hier *h = &cg->h[cg->n++];

	memset(h, 0, sizeof(*h));
	h->rootfd = h->leaffd = -1;
	h->v2 = true;
	snprintf(h->mnt, sizeof(h->mnt), "%s", mnt);
	return 0;
}

/* Opens every hierarchy's mount point and checks it is what it claims. */
static int cg_open_roots(struct cg *cg, struct rl_err *e)
{
	struct statfs sf;
	unsigned i;
	int fd;

	for (i = 0; i < cg->n; i++) {
		struct cg_hier *h = &cg->h[i];

		fd = open(h->mnt, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return err_sys(e, errno, "cgroup: open \"%s\"", h->mnt);
		h->rootfd = fd;
		if (fstatfs(fd, &sf) < 0)
			return err_sys(e, errno, "cgroup: statfs \"%s\"", h->mnt);
		if ((unsigned long)sf.f_type !=
		    (h->v2 ? CGROUP2_SUPER_MAGIC_ : CGROUP_SUPER_MAGIC_))
			return err_set(e, EINVAL, "cgroup: \"%s\" is not a cgroup%s filesystem",
				       h->mnt, h->v2 ? "2" : "");
	}
	return 0;
}

static int cg_detect(struct cg *cg, struct rl_err *e)
{
	struct statfs sf;
	FILE *f;
	int r;

	cg->n = 0;
	if (statfs(CG_ROOT, &sf) < 0)
		return err_sys(e, errno, "cgroup: statfs \"%s\"", CG_ROOT);
	if ((unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC_) {
		cg->mode = CG_V2;
		cg_add_v2(cg, CG_ROOT);
		return cg_open_roots(cg, e);
	}
	if ((unsigned long)sf.f_type != TMPFS_MAGIC_ &&
	    (unsigned long)sf.f_type != CGROUP_SUPER_MAGIC_)
		return err_set(e, EINVAL, "cgroup: \"%s\" is neither cgroup2 nor a tmpfs of v1 hierarchies",
			       CG_ROOT);
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return err_sys(e, errno, "cgroup: open \"/proc/self/mountinfo\"");
	r = cg_mountinfo_scan(cg, f, e);
	fclose(f);
	if (r < 0)
		return -1;
	cg->mode = CG_V1;
	if (statfs(CG_ROOT "/unified", &sf) == 0 &&
	    (unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC_) {
		if (cg->n >= CG_MAX_HIER)
			return err_set(e, E2BIG, "cgroup: more than %d hierarchies", CG_MAX_HIER);
		cg->mode = CG_HYBRID;
		cg_add_v2(cg, CG_ROOT "/unified");
	}
	if (cg->n == 0)
		return err_set(e, ENOENT, "cgroup: no cgroup hierarchy mounted under \"%s\"", CG_ROOT);
	return cg_open_roots(cg, e);
}

/* ---- prepare ----------------------------------------------------------- */

int cg_prepare(struct cg *cg, const struct spec *s, const char *id,
	       enum cgroup_manager mgr, struct rl_err *e)
{
	char buf[CG_PATH_MAX], *comp[CG_MAX_DEPTH];

	memset(cg, 0, sizeof(*cg));
	if (mgr == CGM_DISABLED)
		return 0;
	/* Writing into a tree systemd owns, behind its back, would give a
	 * cgroup systemd may move or prune: refuse rather than pretend. */
	if (mgr == CGM_SYSTEMD && access("/run/systemd/system", F_OK) == 0)
		return err_set(e, ENOTSUP, "systemd cgroup manager is not supported: runlet cannot ask systemd for a scope (use --cgroup-manager cgroupfs)");
	if (cg_compute_path(s ? s->lnx.cgroups_path : NULL, id, mgr, cg->path,
			    sizeof(cg->path), e) < 0)
		return -1;
	cg->ncomp = cg_split(cg->path, buf, comp);
	if (cg_detect(cg, e) < 0) {
		cg_free(cg);
		return -1;
	}
	cg->active = true;
	return 0;
}

/* ---- create ------------------------------------------------------------ */

/* Opens the directory after the first k components (k = 0: the root). */
static int cg_open_upto(const struct cg_hier *h, char **comp, unsigned k)
{
	unsigned i;
	int fd, nfd, saved;

	fd = openat(h->rootfd, ".", DIR_FLAGS);
	for (i = 0; fd >= 0 && i < k; i++) {
		nfd = openat(fd, comp[i], DIR_FLAGS);
		saved = errno;
		close(fd);
		errno = saved;
		fd = nfd;
	}
	return fd;
}

int cg_open_depth(const struct cg *cg, const struct cg_hier *h, unsigned k,
		  char *msg, size_t len)
{
	char buf[CG_PATH_MAX], *comp[CG_MAX_DEPTH];
	unsigned n = cg_split(cg->path, buf, comp);
	size_t plen;

	if (k > n)
		k = n;
	plen = k ? (size_t)(comp[k - 1] - buf) + strlen(comp[k - 1]) : 0;
	cg_fmt_n(h, cg->path, plen, NULL, msg, len);
	return cg_open_upto(h, comp, k);
}

/* Length of the path up to and including component i. */
static size_t cg_prefix(char *buf, char **comp, unsigned i)
{
	return (size_t)(comp[i] - buf) + strlen(comp[i]);
}

static int cg_make_one(struct cg *cg, struct cg_hier *h, struct rl_err *e)
{
	char buf[CG_PATH_MAX], *comp[CG_MAX_DEPTH], msg[CG_MNT_MAX + CG_PATH_MAX];
	unsigned n = cg_split(cg->path, buf, comp), i, tries = 0;
	int fd, nfd;

again:
	fd = openat(h->rootfd, ".", DIR_FLAGS);
	if (fd < 0)
		return err_sys(e, errno, "cgroup: open \"%s\"", h->mnt);
	for (i = 0; i < n; i++) {
		/* Controllers go on in every ancestor, not in the leaf: the
		 * leaf holds processes, and a v2 cgroup with processes may
		 * not hand controllers to children. Hybrid hosts' unified
		 * hierarchy only tracks processes: nothing to enable. */
		if (h->v2 && cg->mode == CG_V2)
			cg2_enable_controllers(fd);
		if (mkdirat(fd, comp[i], 0755) == 0) {
			if (!h->made)
				h->made = n - i;
		} else if (errno != EEXIST) {
			err_sys(e, errno, "cgroup: mkdir \"%s\"",
				cg_fmt_n(h, cg->path, cg_prefix(buf, comp, i), NULL, msg, sizeof(msg)));
			goto fail;
		}
		nfd = openat(fd, comp[i], DIR_FLAGS);
		if (nfd < 0) {
			err_sys(e, errno, "cgroup: open \"%s\"",
				cg_fmt_n(h, cg->path, cg_prefix(buf, comp, i), NULL, msg, sizeof(msg)));
			goto fail;
		}
		if (!h->v2 && cg1_init_dir(cg, h, fd, nfd, e) < 0) {
			close(nfd);
			goto fail;
		}
		close(fd);
		fd = nfd;
	}
	h->leaffd = fd;
	return h->v2 ? cg2_check(cg, h, e) : cg1_check(cg, h, e);
fail:
	close(fd);
	/* An ancestor another container made was removed by its destroy
	 * under our feet (ENOENT from mkdir or open, ENODEV from its files):
	 * walk again, making it ourselves this time. */
	if ((e->errnum == ENOENT || e->errnum == ENODEV) && tries++ < 8)
		goto again;
	return -1;
}

/* Removes what cg_make_one made in h: the leaf (with sub-cgroups) and the
 * ancestors it created, while they are empty. */
static int cg_remove_one(struct cg *cg, struct cg_hier *h, bool do_kill,
			 long long deadline, struct rl_err *e);

int cg_create(struct cg *cg, struct rl_err *e)
{
	struct rl_err ignore;
	unsigned i;

	if (!cg->active)
		return 0;
	for (i = 0; i < cg->n; i++) {
		if (cg_make_one(cg, &cg->h[i], e) < 0)
			goto fail;
	}
	return 0;
fail:
	err_ctx(e, "create cgroup \"%s\"", cg->path);
	for (i = 0; i < cg->n; i++) {
		if (cg->h[i].leaffd >= 0) {
			close(cg->h[i].leaffd);
			cg->h[i].leaffd = -1;
		}
		cg_remove_one(cg, &cg->h[i], false, cg_now_ms(), &ignore);
	}
	return -1;
}

int cg_v2_fd(const struct cg *cg)
{
	if (!cg->active || cg->mode != CG_V2 || cg->n != 1)
		return -1;
	return cg->h[0].leaffd;
}

/* ---- enter ------------------------------------------------------------- */

int cg_enter(const struct cg *cg, pid_t pid, struct rl_err *e)
{
	char buf[CG_PATH_MAX], *comp[CG_MAX_DEPTH], msg[CG_MNT_MAX + CG_PATH_MAX + 16];
	char num[24];
	unsigned i, n;
	int fd, r;

	if (!cg->active)
		return 0;
	n = cg_split(cg->path, buf, comp);
	snprintf(num, sizeof(num), "%d", (int)pid);
	for (i = 0; i < cg->n; i++) {
		const struct cg_hier *h = &cg->h[i];

		fd = h->leaffd >= 0 ? h->leaffd : cg_open_upto(h, comp, n);
		if (fd < 0)
			return err_sys(e, errno, "cgroup: open \"%s\"", cg_fmt(cg, h, NULL, msg, sizeof(msg)));
		if (cg->sub && (!cg->sub_ctrl || (h->v2 ? !strcmp(cg->sub_ctrl, "unified") :
						  cg_ctrl_has(h->ctrl, cg->sub_ctrl)))) {
			/* exec --cgroup: an existing sub-cgroup of the
			 * container's, never created here. */
			int sfd = openat(fd, cg->sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int saved = errno;

			if (fd != h->leaffd)
				close(fd);
			if (sfd < 0)
				return err_sys(e, saved, "cgroup: sub-cgroup \"%s\" of \"%s\"", cg->sub,
					       cg_fmt(cg, h, NULL, msg, sizeof(msg)));
			r = cg_write_at(sfd, "cgroup.procs", num);
			saved = errno;
			close(sfd);
			if (r < 0)
				return err_sys(e, saved, "cgroup: write %s to \"%s/%s/cgroup.procs\"", num,
					       cg_fmt(cg, h, NULL, msg, sizeof(msg)), cg->sub);
			continue;
		}
		r = cg_write_at(fd, "cgroup.procs", num);
		if (fd != h->leaffd) {
			int saved = errno;

			close(fd);
			errno = saved;
		}
		if (r < 0)
			return err_sys(e, errno, "cgroup: write %s to \"%s\"", num,
				       cg_fmt(cg, h, "cgroup.procs", msg, sizeof(msg)));
	}
	return 0;
}

/* ---- destroy ----------------------------------------------------------- */

/*
 * Removes parentfd/name after its sub-cgroups, deepest first (cgroupfs
 * rmdir wants no children; the files in it go with it). ENOENT is fine.
 */
static int cg_rmtree(int parentfd, const char *name, unsigned depth)
{
	struct dirent *de;
	int fd, err = 0;
	DIR *d;

	fd = openat(parentfd, name, DIR_FLAGS);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	d = depth < CG_TREE_DEPTH ? fdopendir(fd) : NULL;
	if (!d) {
		close(fd);
	} else {
		while ((de = readdir(d))) {
			if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			if (cg_rmtree(dirfd(d), de->d_name, depth + 1) < 0 && !err)
				err = errno;
		}
		closedir(d);
	}
	if (unlinkat(parentfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
		return 0;
	/* a child that could not go is the better reason */
	if (err && errno == EBUSY)
		errno = err;
	return -1;
}

static int cg_remove_one(struct cg *cg, struct cg_hier *h, bool do_kill,
			 long long deadline, struct rl_err *e)
{
	char buf[CG_PATH_MAX], *comp[CG_MAX_DEPTH], msg[CG_MNT_MAX + CG_PATH_MAX];
	unsigned n = cg_split(cg->path, buf, comp), j;
	int pfd, lfd;

	if (h->made == 0 || h->rootfd < 0)
		return 0;
	if (h->made > n)
		h->made = n;
	pfd = cg_open_upto(h, comp, n - 1);
	if (pfd < 0) {
		if (errno == ENOENT) {
			h->made = 0;
			return 0;
		}
		return err_sys(e, errno, "cgroup: open \"%s\"",
			       cg_fmt_n(h, cg->path, n > 1 ? cg_prefix(buf, comp, n - 2) : 0,
					NULL, msg, sizeof(msg)));
	}
	while (cg_rmtree(pfd, comp[n - 1], 0) < 0) {
		if (errno != EBUSY || cg_now_ms() >= deadline) {
			err_sys(e, errno, "cgroup: remove \"%s\"", cg_fmt(cg, h, NULL, msg, sizeof(msg)));
			close(pfd);
			return -1;
		}
		/* without cgroup.kill or a freezer, a process may have forked
		 * past the first sweep: sweep again */
		if (do_kill) {
			lfd = openat(pfd, comp[n - 1], DIR_FLAGS);
			if (lfd >= 0) {
				cg_kill_procs(lfd, 0);
				close(lfd);
			}
		}
		cg_sleep_ms(10);
	}
	close(pfd);
	/* Ancestors we made go too, unless someone put a cgroup of theirs in
	 * them since (EBUSY, ENOTEMPTY): that one is theirs now. */
	for (j = n - 1; j-- > n - h->made;) {
		pfd = cg_open_upto(h, comp, j);
		if (pfd < 0)
			break;
		if (unlinkat(pfd, comp[j], AT_REMOVEDIR) < 0 && errno != ENOENT) {
			close(pfd);
			break;
		}
		close(pfd);
	}
	h->made = 0;
	return 0;
}

/* SIGKILLs everything in the container's cgroups (see cg_destroy). */
static void cg_kill_all(struct cg *cg)
{
	struct cg_hier *frozen = NULL;
	bool killed = false;
	unsigned i;

	/* cgroup.kill takes the whole subtree at once and stops forks into
	 * it: nothing can escape, no freezing needed. */
	for (i = 0; i < cg->n; i++)
		if (cg->h[i].v2 && cg->h[i].leaffd >= 0 && cg2_kill(&cg->h[i]) == 0)
			killed = true;
	/* Otherwise freeze first, so the pids read cannot fork or exit and
	 * be reused before the signal lands, then thaw: a frozen task does
	 * not act on SIGKILL. */
	for (i = 0; !killed && !frozen && i < cg->n; i++) {
		struct cg_hier *h = &cg->h[i];

		if (h->leaffd < 0 || !(h->freezer || h->v2))
			continue;
		/* thawed below even if it timed out half-way */
		if (h->freezer)
			cg1_freeze(h, true, CG_FREEZE_WAIT_MS);
		else
			cg2_freeze(h, true, CG_FREEZE_WAIT_MS);
		frozen = h;
	}
	/* One sweep in every hierarchy also catches a process that joined
	 * only some of them. With neither cgroup.kill nor a freezer (a v1
	 * host without the freezer hierarchy), a listed process may exit and
	 * its pid be reused before the signal: the window is the read of
	 * cgroup.procs, as in other runtimes there. */
	for (i = 0; i < cg->n; i++)
		if (cg->h[i].leaffd >= 0)
			cg_kill_procs(cg->h[i].leaffd, 0);
	if (frozen) {
		if (frozen->v2)
			cg2_freeze(frozen, false, 0);
		else
			cg1_freeze(frozen, false, 0);
	}
}

int cg_destroy(struct cg *cg, bool do_kill, struct rl_err *e)
{
	char buf[CG_PATH_MAX], *comp[CG_MAX_DEPTH];
	long long deadline;
	unsigned i, n;
	int ret = 0;

	if (!cg->active)
		return 0;
	n = cg_split(cg->path, buf, comp);
	if (do_kill) {
		/* a restored cg has no leaf fds yet */
		for (i = 0; i < cg->n; i++)
			if (cg->h[i].leaffd < 0 && cg->h[i].rootfd >= 0)
				cg->h[i].leaffd = cg_open_upto(&cg->h[i], comp, n);
		cg_kill_all(cg);
	}
	for (i = 0; i < cg->n; i++) {
		if (cg->h[i].leaffd >= 0) {
			close(cg->h[i].leaffd);
			cg->h[i].leaffd = -1;
		}
	}
	deadline = cg_now_ms() + (do_kill ? CG_KILL_WAIT_MS : CG_BUSY_WAIT_MS);
	for (i = 0; i < cg->n; i++) {
		struct rl_err e1;

		if (cg_remove_one(cg, &cg->h[i], do_kill, deadline, &e1) < 0 && ret == 0) {
			*e = e1;
			ret = -1;
		}
	}
	return ret;
}

/* ---- state-file form --------------------------------------------------- */

static const char *const cg_mode_names[] = {
	[CG_V1] = "v1", [CG_V2] = "v2", [CG_HYBRID] = "hybrid",
};

/* The hierarchy's key: its first controller, or "unified". */
static size_t cg_key(const struct cg_hier *h, const char **key)
{
	if (h->v2) {
		*key = "unified";
		return 7;
	}
	*key = h->ctrl;
	return strcspn(h->ctrl, ",");
}

int cg_serialize(const struct cg *cg, char *buf, size_t len)
{
	unsigned i, j, best = 0, bestc = 0, c, least = ~0u;
	size_t o;
	int r;

	if (!cg->active || cg->n == 0) {
		if (len < 5)
			goto none;
		return snprintf(buf, len, "none");
	}
	/* the most common value is the default: usually the only one */
	for (i = 0; i < cg->n; i++) {
		for (c = 0, j = 0; j < cg->n; j++)
			c += cg->h[j].made == cg->h[i].made;
		if (c > bestc) {
			bestc = c;
			best = cg->h[i].made;
		}
		if (cg->h[i].made < least)
			least = cg->h[i].made;
	}
	r = snprintf(buf, len, "%s %u", cg_mode_names[cg->mode], best);
	if (r < 0 || (size_t)r >= len)
		goto none;
	o = (size_t)r;
	for (i = 0; i < cg->n; i++) {
		const char *key;
		size_t kn;

		if (cg->h[i].made == best)
			continue;
		kn = cg_key(&cg->h[i], &key);
		r = snprintf(buf + o, len - o, " %.*s:%u", (int)kn, key, cg->h[i].made);
		if (r < 0 || (size_t)r >= len - o)
			goto short_form;
		o += (size_t)r;
	}
	r = snprintf(buf + o, len - o, " %s", cg->path);
	if (r >= 0 && (size_t)r < len - o)
		return (int)(o + (size_t)r);
short_form:
	r = snprintf(buf, len, "%s %u %s", cg_mode_names[cg->mode], least, cg->path);
	if (r >= 0 && (size_t)r < len)
		return r;
none:
	if (len)
		snprintf(buf, len, "%s", len > 4 ? "none" : "");
	return -1;
}

static int cg_parse_uint(const char *s, size_t n, unsigned *v)
{
	unsigned long x = 0;
	size_t i;

	if (n == 0 || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (unsigned long)(s[i] - '0');
	}
	*v = (unsigned)x;
	return 0;
}

int cg_restore(struct cg *cg, const char *s, struct rl_err *e)
{
	char buf[CG_PATH_MAX], *comp[CG_MAX_DEPTH];
	const char *p, *path, *key;
	unsigned made, m, i;
	size_t n, kn;
	int mode;

	memset(cg, 0, sizeof(*cg));
	if (!s || !*s || !strcmp(s, "none"))
		return 0;
	n = strcspn(s, " ");
	for (mode = 0; mode < 3; mode++)
		if (strlen(cg_mode_names[mode]) == n && !strncmp(s, cg_mode_names[mode], n))
			break;
	if (mode == 3 || s[n] != ' ')
		goto bad;
	p = s + n + 1;
	n = strcspn(p, " ");
	if (cg_parse_uint(p, n, &made) < 0 || p[n] != ' ')
		goto bad;
	p += n + 1;
	path = strchr(p, '/');
	if (!path || (path > p && path[-1] != ' '))
		goto bad;
	if (cg_clean(NULL, path, cg->path, sizeof(cg->path), e) < 0 || strcmp(cg->path, path))
		goto bad;
	cg->ncomp = cg_split(cg->path, buf, comp);
	if (cg_detect(cg, e) < 0) {
		cg_free(cg);
		return err_ctx(e, "restore cgroup \"%s\"", path);
	}
	for (i = 0; i < cg->n; i++)
		cg->h[i].made = made;
	/* "<key>:<made>" exceptions up to the path */
	while (p < path) {
		n = strcspn(p, " ");
		kn = strcspn(p, ":");
		if (kn >= n || cg_parse_uint(p + kn + 1, n - kn - 1, &m) < 0)
			goto bad_free;
		for (i = 0; i < cg->n; i++) {
			size_t hn = cg_key(&cg->h[i], &key);

			if (hn == kn && !strncmp(key, p, kn))
				cg->h[i].made = m;
		}
		p += n + 1;
	}
	cg->active = true;
	return 0;
bad_free:
	cg_free(cg);
bad:
	memset(cg, 0, sizeof(*cg));
	return err_set(e, EINVAL, "restore cgroup: malformed state \"%.128s\"", s);
}

/* ---- accessors --------------------------------------------------------- */

const char *cg_path(const struct cg *cg)
{
	return cg->active ? cg->path : NULL;
}

int cg_find(const struct cg *cg, const char *name)
{
	unsigned i;

	for (i = 0; i < cg->n; i++) {
		if (cg->h[i].v2 ? (!*name || !strcmp(name, "unified"))
				: cg_ctrl_has(cg->h[i].ctrl, name))
			return (int)i;
	}
	return -1;
}

void cg_free(struct cg *cg)
{
	unsigned i;

	for (i = 0; i < cg->n && i < CG_MAX_HIER; i++) {
		if (cg->h[i].rootfd >= 0)
			close(cg->h[i].rootfd);
		if (cg->h[i].leaffd >= 0)
			close(cg->h[i].leaffd);
		cg->h[i].rootfd = cg->h[i].leaffd = -1;
	}
	cg->n = 0;
	cg->active = false;
}
