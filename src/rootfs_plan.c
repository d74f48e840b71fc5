// SPDX-License-Identifier: MIT
/*
 * Root filesystem: the parent side. Checks what config.json says about
 * the root, mounts, devices, sysctls, masked and read-only paths, and
 * turns it into the list of typed operations rootfs.c carries out in the
 * child: paths made absolute and cleaned, mount options split into MS_*
 * flags, mount_setattr attributes (per mount and recursive), propagation
 * steps and filesystem data, the default /dev nodes and links, and the
 * sysctl writes as paths under /proc.
 *
 * runc's conventions where the spec leaves room: relative bind sources are
 * relative to the bundle; type "cgroup" means "the host's cgroup layout"
 * (cgroup2, or a tmpfs with one cgroup v1 hierarchy per host hierarchy:
 * fresh mounts with a cgroup namespace, binds without); sysfs that a user
 * namespace may not mount is the host's /sys, bound; /dev is populated
 * unless it is a bind mount; sysctls must belong to a namespace the
 * container has.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mountinfo.h"
#include "rootfs.h"
#include "sys.h"
#include "tables.h"

#define ATIME_ATTRS ((uint64_t)SYS_MOUNT_ATTR__ATIME)

/* ---- plan storage ------------------------------------------------------ */

static int op_new(struct rootfs_plan *p, bool post, struct rootfs_op **out,
		  struct rl_err *e)
{
	struct rootfs_op **v = post ? &p->post : &p->pre;
	size_t *n = post ? &p->n_post : &p->n_pre;
	size_t *cap = post ? &p->cap_post : &p->cap_pre;

	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		void *nv = realloc(*v, nc * sizeof(**v));

		if (!nv)
			return err_sys(e, ENOMEM, "rootfs: plan");
		*v = nv;
		*cap = nc;
	}
	*out = &(*v)[(*n)++];
	memset(*out, 0, sizeof(**out));
	(*out)->tree_fd = -1;
	return 0;
}

static int sdup(char **dst, const char *s, struct rl_err *e)
{
	*dst = strdup(s);
	return *dst ? 0 : err_sys(e, ENOMEM, "rootfs: plan");
}

/* a + b (b must not start with '/', or a is ignored... no: joined with
 * exactly one '/'). */
static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb;
	char *r;

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	lb = strlen(b);
	r = malloc(la + lb + 2);
	if (!r)
		return NULL;
	memcpy(r, a, la);
	r[la] = '/';
	memcpy(r + la + 1, b, lb + 1);
	if (la == 1 && a[0] == '/')
		memmove(r, r + 1, lb + 2);
	return r;
}

/* "/" + in without "//", "/./" or a trailing "/". ".." is kept: it is
 * resolved in the rootfs, where symlinks decide what it means. */
static char *path_clean(const char *in)
{
	char *out = malloc(strlen(in) + 2), *o = out;
	const char *s = in;

	if (!out)
		return NULL;
	while (*s) {
		size_t len;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		len = strcspn(s, "/");
		if (!(len == 1 && s[0] == '.')) {
			*o++ = '/';
			memcpy(o, s, len);
			o += len;
		}
		s += len;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
}

/* The clean path with ".." taken lexically, into buf: only to classify a
 * path (is it the root, is it under /dev), never to open it. */
static void path_lexical(const char *clean, char *buf, size_t cap)
{
	size_t n = 0;
	const char *s = clean;

	buf[0] = '\0';
	while (*s) {
		size_t len;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		len = strcspn(s, "/");
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (n && buf[n - 1] != '/')
				n--;
			if (n)
				n--;
		} else if (n + len + 2 < cap) {
			buf[n++] = '/';
			memcpy(buf + n, s, len);
			n += len;
		}
		buf[n] = '\0';
		s += len;
	}
	if (!n)
		snprintf(buf, cap, "/");
}

static bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* /proc, /sys, /dev and what is under them: no symlink as last component */
static bool special_dest(const char *clean)
{
	char lex[PATH_MAX];

	path_lexical(clean, lex, sizeof(lex));
	return path_under(lex, "/proc") || path_under(lex, "/sys") ||
	       path_under(lex, "/dev");
}

static bool lexically(const char *clean, const char *want)
{
	char lex[PATH_MAX];

	path_lexical(clean, lex, sizeof(lex));
	return !strcmp(lex, want);
}

/* ---- mount options ----------------------------------------------------- */

struct mopts {
	unsigned long flags;            /* MS_* */
	unsigned long atime;            /* MS_NOATIME/RELATIME/STRICTATIME, 0 unset */
	uint64_t set, clr, rset, rclr;  /* SYS_MOUNT_ATTR_* */
	unsigned long prop[ROOTFS_MAX_PROP];
	size_t n_prop;
	bool bind, rec, idmap, ridmap, tmpcopyup;
	char *data;                     /* unknown options, ',' joined */
	size_t dlen;
	char **keys, **vals;
	size_t n_kv;
	bool plain;                     /* data fit for fsconfig */
};

static uint64_t ms_attr(unsigned long ms)
{
	switch (ms) {
	case MS_RDONLY: return SYS_MOUNT_ATTR_RDONLY;
	case MS_NOSUID: return SYS_MOUNT_ATTR_NOSUID;
	case MS_NODEV: return SYS_MOUNT_ATTR_NODEV;
	case MS_NOEXEC: return SYS_MOUNT_ATTR_NOEXEC;
	case MS_NODIRATIME: return SYS_MOUNT_ATTR_NODIRATIME;
	case RL_MS_NOSYMFOLLOW: return SYS_MOUNT_ATTR_NOSYMFOLLOW;
	}
	return 0;
}

static uint64_t atime_attr(unsigned long ms_atime)
{
	if (ms_atime == MS_NOATIME)
		return SYS_MOUNT_ATTR_NOATIME;
	if (ms_atime == MS_STRICTATIME)
		return SYS_MOUNT_ATTR_STRICTATIME;
	return SYS_MOUNT_ATTR_RELATIME;
}

/* What fsmount(2) needs to give a new mount the flags mount(2) would. */
static uint64_t ms_to_attrs(unsigned long ms)
{
	static const unsigned long bits[] = {
		MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_NODIRATIME,
		RL_MS_NOSYMFOLLOW,
	};
	uint64_t a = 0;

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (ms & bits[i])
			a |= ms_attr(bits[i]);
	if (ms & MS_NOATIME)
		a |= SYS_MOUNT_ATTR_NOATIME;
	else if (ms & MS_STRICTATIME)
		a |= SYS_MOUNT_ATTR_STRICTATIME;
	return a;
}

static void mopts_free(struct mopts *mo)
{
	for (size_t i = 0; i < mo->n_kv; i++) {
		free(mo->keys[i]);
		free(mo->vals[i]);
	}
	free(mo->keys);
	free(mo->vals);
	free(mo->data);
	memset(mo, 0, sizeof(*mo));
}

/* An option the table does not know: filesystem data. */
static int data_add(struct mopts *mo, const char *opt, struct rl_err *e)
{
	size_t n = strlen(opt);
	const char *eq = strchr(opt, '=');
	char *d, **k, **v;

	d = realloc(mo->data, mo->dlen + n + 2);
	if (!d)
		return err_sys(e, ENOMEM, "rootfs: plan");
	mo->data = d;
	if (mo->dlen)
		d[mo->dlen++] = ',';
	memcpy(d + mo->dlen, opt, n + 1);
	mo->dlen += n;
	/* quotes, escapes or commas: only the filesystem's own parser of the
	 * whole string (mount(2)) gets them right */
	if (strpbrk(opt, "\"\\,"))
		mo->plain = false;
	k = realloc(mo->keys, (mo->n_kv + 1) * sizeof(*k));
	if (k)
		mo->keys = k;
	v = realloc(mo->vals, (mo->n_kv + 1) * sizeof(*v));
	if (v)
		mo->vals = v;
	if (!k || !v)
		return err_sys(e, ENOMEM, "rootfs: plan");
	k[mo->n_kv] = eq ? strndup(opt, (size_t)(eq - opt)) : strdup(opt);
	v[mo->n_kv] = eq ? strdup(eq + 1) : NULL;
	mo->n_kv++;
	if (!k[mo->n_kv - 1] || (eq && !v[mo->n_kv - 1]))
		return err_sys(e, ENOMEM, "rootfs: plan");
	return 0;
}

static int parse_options(const struct spec_mount *m, size_t mi, bool bind,
			 struct mopts *mo, struct rl_err *e)
{
	mo->plain = true;
	for (size_t j = 0; j < m->options.n; j++) {
		const char *name = m->options.v[j];
		const struct mount_opt *o = mount_opt_find(name);
		uint64_t a;

		if (!o) {
			/* "x-" options are for userspace tools, as in mount(8) */
			if (!*name || !strncmp(name, "x-", 2))
				continue;
			if (bind)
				return err_set(e, EINVAL, "config.json: mounts[%zu].options[%zu]: unknown option \"%s\" for a bind mount",
					       mi, j, name);
			if (data_add(mo, name, e) < 0)
				return -1;
			continue;
		}
		switch (o->kind) {
		case MOPT_FLAG:
			mo->flags |= o->flag;
			a = ms_attr(o->flag);
			mo->set |= a;
			mo->clr &= ~a;
			break;
		case MOPT_CLEAR:
			mo->flags &= ~o->flag;
			a = ms_attr(o->flag);
			mo->clr |= a;
			mo->set &= ~a;
			if (o->flag == MS_NOATIME && mo->atime != MS_STRICTATIME)
				mo->atime = MS_RELATIME;
			if (o->flag == MS_STRICTATIME && mo->atime == MS_STRICTATIME)
				mo->atime = MS_RELATIME;
			break;
		case MOPT_ATIME:
			mo->flags &= ~(unsigned long)(MS_NOATIME | MS_RELATIME | MS_STRICTATIME);
			mo->flags |= o->flag;
			mo->atime = o->flag;
			break;
		case MOPT_PROPAGATION:
			if (mo->n_prop == ROOTFS_MAX_PROP)
				return err_set(e, EINVAL, "config.json: mounts[%zu].options[%zu]: more than %d propagation options",
					       mi, j, ROOTFS_MAX_PROP);
			mo->prop[mo->n_prop++] = o->flag;
			break;
		case MOPT_RATTR_SET:
			mo->rset |= o->flag;
			mo->rclr &= ~(uint64_t)o->flag;
			break;
		case MOPT_RATTR_CLEAR:
			if (((uint64_t)o->flag & ATIME_ATTRS) == o->flag) {
				/* ratime, rnorelatime, rnostrictatime: the
				 * atime mode is one field, back to relatime */
				mo->rset &= ~ATIME_ATTRS;
				mo->rclr |= ATIME_ATTRS;
			} else {
				mo->rclr |= o->flag;
				mo->rset &= ~(uint64_t)o->flag;
			}
			break;
		case MOPT_RATIME:
			mo->rset = (mo->rset & ~ATIME_ATTRS) | o->flag;
			mo->rclr |= ATIME_ATTRS;
			break;
		case MOPT_BIND:
			mo->bind = true;
			if (o->flag & MS_REC)
				mo->rec = true;
			break;
		case MOPT_IDMAP:
			mo->idmap = true;
			if (o->flag)
				mo->ridmap = true;
			break;
		case MOPT_TMPCOPYUP:
			mo->tmpcopyup = true;
			break;
		}
	}
	if (mo->atime) {
		mo->set = (mo->set & ~ATIME_ATTRS) | atime_attr(mo->atime);
		mo->clr |= ATIME_ATTRS;
	}
	return 0;
}

static bool is_bind(const struct spec_mount *m)
{
	if (m->type && !strcmp(m->type, "bind"))
		return true;
	for (size_t j = 0; j < m->options.n; j++)
		if (!strcmp(m->options.v[j], "bind") || !strcmp(m->options.v[j], "rbind"))
			return true;
	return false;
}

/* Hands the parsed data over to op (mo keeps nothing). */
static void take_data(struct rootfs_op *op, struct mopts *mo)
{
	op->data = mo->data;
	op->fs_keys = mo->keys;
	op->fs_vals = mo->vals;
	op->n_fsopts = mo->n_kv;
	mo->data = NULL;
	mo->keys = mo->vals = NULL;
	mo->n_kv = 0;
}

static void take_attrs(struct rootfs_op *op, const struct mopts *mo, bool bind)
{
	if (bind) {
		op->attr_set = mo->set;
		op->attr_clr = mo->clr;
	} else {
		/* fsmount takes attr_set; both serve a fallback bind */
		op->attr_set = ms_to_attrs(mo->flags);
		op->attr_clr = mo->clr | (mo->atime ? ATIME_ATTRS : 0);
	}
	op->rattr_set = mo->rset;
	op->rattr_clr = mo->rclr;
	memcpy(op->prop, mo->prop, sizeof(op->prop));
	op->n_prop = mo->n_prop;
}

/* ---- idmapped mounts --------------------------------------------------- */

static int format_map(char *buf, size_t cap, const struct id_map_list *l)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		int n = snprintf(buf + used, cap - used, "%u %u %u\n",
				 l->v[i].container_id, l->v[i].host_id, l->v[i].size);

		if (n < 0 || (size_t)n >= cap - used)
			return -1;
		used += (size_t)n;
	}
	return 0;
}

static int write_proc(pid_t pid, const char *file, const char *data)
{
	char path[64];
	ssize_t len = (ssize_t)strlen(data), n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, data, (size_t)len);
	if (n != len) {
		int saved = n < 0 ? errno : EIO;

		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

/*
 * A user namespace with these mappings, for MOUNT_ATTR_IDMAP: a helper
 * process unshares one, its maps are written, the namespace is kept by an
 * fd and the helper exits. Returns an owned fd.
 */
static int userns_with(const struct id_map_list *u, const struct id_map_list *g,
		       const char *what, struct rl_err *e)
{
	char umap[8192], gmap[8192];
	unsigned char c = 0;
	int sv[2], fd = -1, status;
	pid_t pid;

	if (format_map(umap, sizeof(umap), u) < 0 || format_map(gmap, sizeof(gmap), g) < 0)
		return err_set(e, E2BIG, "%s: id mappings too long", what);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return err_sys(e, errno, "%s: socketpair", what);
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return err_sys(e, errno, "%s: fork", what);
	}
	if (pid == 0) {
		close(sv[0]);
		c = sys_unshare(SYS_CLONE_NEWUSER) < 0 ? (unsigned char)errno : 0;
		if (write(sv[1], &c, 1) == 1)
			while (read(sv[1], &c, 1) > 0)
				;
		_exit(0);
	}
	close(sv[1]);
	if (read(sv[0], &c, 1) != 1)
		err_set(e, EIO, "%s: user namespace helper died", what);
	else if (c)
		err_sys(e, c, "%s: create a user namespace for the id mapping", what);
	else if (write_proc(pid, "uid_map", umap) < 0)
		err_sys(e, errno, "%s: write uid_map", what);
	else if (write_proc(pid, "gid_map", gmap) < 0)
		err_sys(e, errno, "%s: write gid_map", what);
	else {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			err_sys(e, errno, "%s: open %s", what, path);
	}
	close(sv[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return fd;
}

/*
 * The detached, idmapped tree of a bind mount. The kernel only idmaps a
 * mount that is not attached yet, and wants CAP_SYS_ADMIN over the
 * mapping's user namespace, which a container in its own user namespace
 * does not have: so it is made here, and the child moves it into place.
 * The mapping is the mount's own, or the container's.
 */
static int plan_idmap(struct rootfs_op *op, const struct spec *s, size_t mi,
		      const struct mopts *mo, int *ctr_userns, struct rl_err *e)
{
	const struct spec_mount *m = &s->mounts[mi];
	struct sys_mount_attr a = { SYS_MOUNT_ATTR_IDMAP, 0, 0, 0 };
	bool own = m->uid_mappings.n > 0;
	char what[64];
	int tree, nsfd, r, saved;

	if (op->kind != ROP_BIND)
		return err_set(e, EINVAL, "config.json: mounts[%zu]: idmap cannot be combined with remount", mi);
	if (!own && (!s->lnx.uid_mappings.n || !s->lnx.gid_mappings.n))
		return err_set(e, EINVAL, "config.json: mounts[%zu]: idmap without uidMappings and gidMappings needs linux.uidMappings and linux.gidMappings",
			       mi);
	tree = sys_open_tree(AT_FDCWD, op->src, SYS_OPEN_TREE_CLONE | SYS_OPEN_TREE_CLOEXEC |
			     (mo->rec ? SYS_AT_RECURSIVE : 0));
	if (tree < 0)
		return err_sys(e, errno, "config.json: mounts[%zu]: idmapped mount of \"%s\": open_tree%s",
			       mi, op->src, errno == ENOSYS ? " (idmapped mounts need Linux 5.12)" : "");
	snprintf(what, sizeof(what), "config.json: mounts[%zu]", mi);
	if (own)
		nsfd = userns_with(&m->uid_mappings, &m->gid_mappings, what, e);
	else if (*ctr_userns >= 0)
		nsfd = *ctr_userns;
	else
		nsfd = *ctr_userns = userns_with(&s->lnx.uid_mappings, &s->lnx.gid_mappings,
						 what, e);
	if (nsfd < 0) {
		close(tree);
		return -1;
	}
	a.userns_fd = (uint64_t)nsfd;
	r = sys_mount_setattr(tree, "", SYS_AT_EMPTY_PATH |
			      (mo->ridmap ? SYS_AT_RECURSIVE : 0), &a, sizeof(a));
	saved = errno;
	if (own)
		close(nsfd);
	if (r < 0) {
		close(tree);
		return err_sys(e, saved, "config.json: mounts[%zu]: idmapped mount of \"%s\": mount_setattr",
			       mi, op->src);
	}
	op->tree_fd = tree;
	return 0;
}

/* ---- cgroup ------------------------------------------------------------ */

struct cg_hier {
	char *mp;       /* host mount point */
	char *name;     /* its name under /sys/fs/cgroup, NULL for the root */
	bool v2;
	char *ctls;     /* v1: controllers and name=, ',' joined */
};

static void cg_free(struct cg_hier *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].mp);
		free(h[i].name);
		free(h[i].ctls);
	}
	free(h);
}

/* v1 super options that are not controllers */
static bool cg_not_ctl(const char *o)
{
	static const char *const not[] = {
		"rw", "ro", "noprefix", "xattr", "clone_children", "cpuset_v2_mode",
		"favordynmods", "none", NULL,
	};

	for (size_t i = 0; not[i]; i++)
		if (!strcmp(o, not[i]))
			return true;
	return !strncmp(o, "release_agent=", 14);
}

/* The cgroup filesystems the host has at /sys/fs/cgroup[/NAME]. */
static int host_cgroups(struct cg_hier **out, size_t *nout, struct rl_err *e)
{
	struct cg_hier *h = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return err_sys(e, errno, "read /proc/self/mountinfo");
	while (getline(&line, &lcap, f) > 0) {
		char *fld[16], *s = line;
		size_t k = 0, i;
		char *fstype, *super, *tok, *save = NULL, *ctls;

		bool root;

		line[strcspn(line, "\n")] = '\0';
		while (k < 16 && (tok = strsep(&s, " ")))
			fld[k++] = tok;
		for (i = 6; i < k && strcmp(fld[i], "-"); i++)
			;
		if (k < 5 || i + 3 >= k)
			continue;
		fstype = fld[i + 1];
		super = fld[i + 3];
		if (strcmp(fstype, "cgroup") && strcmp(fstype, "cgroup2"))
			continue;
		mi_unescape(fld[4]);
		root = !strcmp(fld[4], "/sys/fs/cgroup");
		if (!root && (strncmp(fld[4], "/sys/fs/cgroup/", 15) ||
			      !fld[4][15] || strchr(fld[4] + 15, '/')))
			continue;
		if (n == cap) {
			void *nh = realloc(h, (cap = cap ? cap * 2 : 16) * sizeof(*h));

			if (!nh)
				goto nomem;
			h = nh;
		}
		memset(&h[n], 0, sizeof(h[n]));
		h[n].v2 = !strcmp(fstype, "cgroup2");
		h[n].mp = strdup(fld[4]);
		h[n].name = root ? NULL : strdup(fld[4] + 15);
		ctls = calloc(1, strlen(super) + 1);
		h[n].ctls = ctls;
		n++;
		if (!h[n - 1].mp || (!root && !h[n - 1].name) || !ctls)
			goto nomem;
		for (tok = strtok_r(super, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (cg_not_ctl(tok))
				continue;
			if (*ctls)
				strcat(ctls, ",");
			strcat(ctls, tok);
		}
	}
	free(line);
	fclose(f);
	*out = h;
	*nout = n;
	return 0;
nomem:
	free(line);
	fclose(f);
	cg_free(h, n);
	return err_sys(e, ENOMEM, "rootfs: plan");
}

/* One cgroup filesystem (or bind of the host's) at dest. */
static int cg_one(struct rootfs_plan *p, const struct rootfs_opts *o,
		  const struct mopts *mo, const char *dest, const struct cg_hier *h,
		  struct rl_err *e)
{
	struct rootfs_op *op;
	bool cgns = o->ns_mask & (1u << NS_CGROUP);
	const char *type = h->v2 ? "cgroup2" : "cgroup";

	if (op_new(p, false, &op, e) < 0 || sdup(&op->dest, dest, e) < 0)
		return -1;
	op->nofollow = true;
	if (!cgns) {
		op->kind = ROP_BIND;
		op->recursive = true;
		op->src = o->cgroup_path ? path_join(h->mp, o->cgroup_path) : strdup(h->mp);
		if (!op->src)
			return err_sys(e, ENOMEM, "rootfs: plan");
		take_attrs(op, mo, true);
		return 0;
	}
	op->kind = ROP_MOUNT;
	op->flags = mo->flags;
	op->newapi = true;
	take_attrs(op, mo, false);
	if (sdup(&op->fstype, type, e) < 0 || sdup(&op->src, type, e) < 0 ||
	    sdup(&op->alt_src, h->mp, e) < 0)
		return -1;
	if (h->ctls && *h->ctls) {
		struct mopts d = { .plain = true };
		char *save = NULL, *tok, *copy = strdup(h->ctls);

		if (!copy)
			return err_sys(e, ENOMEM, "rootfs: plan");
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (data_add(&d, tok, e) < 0) {
				free(copy);
				mopts_free(&d);
				return -1;
			}
		free(copy);
		take_data(op, &d);
	}
	return 0;
}

/*
 * type "cgroup": the host's layout. cgroup2 at /sys/fs/cgroup gives one
 * mount; otherwise a tmpfs holds one mount per host hierarchy, symlinks
 * for co-mounted controllers ("cpu" -> "cpu,cpuacct"), and is made
 * read-only last if the mount asks for "ro".
 */
static int plan_cgroup(struct rootfs_plan *p, const struct rootfs_opts *o,
		       size_t mi, const char *dest, struct mopts *mo,
		       struct rl_err *e)
{
	struct cg_hier *h = NULL;
	struct rootfs_op *op;
	size_t n = 0, i;
	int rc = -1;

	if (host_cgroups(&h, &n, e) < 0)
		return err_ctx(e, "config.json: mounts[%zu]", mi);
	for (i = 0; i < n; i++)
		if (!h[i].name && h[i].v2) {
			rc = cg_one(p, o, mo, dest, &h[i], e);
			goto out;
		}
	for (i = 0; i < n && !h[i].name; i++)
		;
	if (i == n) {
		err_set(e, ENOENT, "config.json: mounts[%zu]: type \"cgroup\": the host has no cgroup hierarchy under /sys/fs/cgroup",
			mi);
		goto out;
	}
	if (op_new(p, false, &op, e) < 0 || sdup(&op->dest, dest, e) < 0 ||
	    sdup(&op->fstype, "tmpfs", e) < 0 || sdup(&op->src, "tmpfs", e) < 0)
		goto out;
	op->kind = ROP_MOUNT;
	op->nofollow = true;
	op->newapi = true;
	op->flags = mo->flags & ~(unsigned long)MS_RDONLY;
	op->attr_set = ms_to_attrs(op->flags);
	op->attr_clr = mo->atime ? ATIME_ATTRS : 0;
	memcpy(op->prop, mo->prop, sizeof(op->prop));
	op->n_prop = mo->n_prop;
	{
		struct mopts d = { .plain = true };

		if (data_add(&d, "mode=755", e) < 0) {
			mopts_free(&d);
			goto out;
		}
		take_data(op, &d);
	}
	for (i = 0; i < n; i++) {
		char *sub, *copy, *tok, *save = NULL;
		int r;

		if (!h[i].name)
			continue;
		sub = path_join(dest, h[i].name);
		if (!sub) {
			err_sys(e, ENOMEM, "rootfs: plan");
			goto out;
		}
		r = cg_one(p, o, mo, sub, &h[i], e);
		free(sub);
		if (r < 0)
			goto out;
		if (!strchr(h[i].name, ','))
			continue;
		copy = strdup(h[i].name);
		if (!copy) {
			err_sys(e, ENOMEM, "rootfs: plan");
			goto out;
		}
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			size_t k;

			for (k = 0; k < n && !(h[k].name && !strcmp(h[k].name, tok)); k++)
				;
			if (k < n || !strncmp(tok, "name=", 5))
				continue;
			if (op_new(p, false, &op, e) < 0 || sdup(&op->src, h[i].name, e) < 0) {
				free(copy);
				goto out;
			}
			op->nofollow = true;
			op->dest = path_join(dest, tok);
			if (!op->dest) {
				free(copy);
				err_sys(e, ENOMEM, "rootfs: plan");
				goto out;
			}
			op->kind = ROP_SYMLINK;
		}
		free(copy);
	}
	if (mo->flags & MS_RDONLY) {
		if (op_new(p, false, &op, e) < 0 || sdup(&op->dest, dest, e) < 0)
			goto out;
		op->kind = ROP_SETATTR;
		op->nofollow = true;
		op->attr_set = SYS_MOUNT_ATTR_RDONLY;
	}
	rc = 0;
out:
	cg_free(h, n);
	return rc;
}

/* ---- mounts ------------------------------------------------------------ */

static int plan_mount(struct rootfs_plan *p, const struct spec *s,
		      const struct rootfs_opts *o, size_t mi, int *ctr_userns,
		      struct rl_err *e)
{
	const struct spec_mount *m = &s->mounts[mi];
	struct mopts mo;
	struct rootfs_op *op;
	bool bind = is_bind(m), maps;
	char *dest;
	int rc = -1;

	memset(&mo, 0, sizeof(mo));
	dest = path_clean(m->destination);
	if (!dest)
		return err_sys(e, ENOMEM, "rootfs: plan");
	if (lexically(dest, "/")) {
		err_set(e, EINVAL, "config.json: mounts[%zu].destination: \"%s\" is the container's root",
			mi, m->destination);
		goto out;
	}
	if (parse_options(m, mi, bind, &mo, e) < 0)
		goto out;
	maps = m->uid_mappings.n || m->gid_mappings.n;
	if (maps && !(m->uid_mappings.n && m->gid_mappings.n)) {
		err_set(e, EINVAL, "config.json: mounts[%zu]: uidMappings and gidMappings must be given together", mi);
		goto out;
	}
	if (maps)
		mo.idmap = true;
	if (mo.idmap && !bind) {
		err_set(e, EINVAL, "config.json: mounts[%zu]: idmap and ridmap (and id mappings) need a bind mount", mi);
		goto out;
	}
	if (mo.tmpcopyup && (bind || !m->type || strcmp(m->type, "tmpfs"))) {
		err_set(e, EINVAL, "config.json: mounts[%zu]: tmpcopyup needs type \"tmpfs\"", mi);
		goto out;
	}
	if (!bind && (!m->type || !*m->type)) {
		err_set(e, EINVAL, "config.json: mounts[%zu].type: required unless the mount is a bind mount", mi);
		goto out;
	}
	if (bind && (!m->source || !*m->source)) {
		err_set(e, EINVAL, "config.json: mounts[%zu].source: required for a bind mount", mi);
		goto out;
	}
	if (!bind && !strcmp(m->type, "cgroup") && !(mo.flags & MS_REMOUNT)) {
		rc = plan_cgroup(p, o, mi, dest, &mo, e);
		goto out;
	}

	if (op_new(p, false, &op, e) < 0)
		goto out;
	op->dest = dest;
	dest = NULL;
	op->nofollow = special_dest(op->dest);
	take_attrs(op, &mo, bind);
	if (bind) {
		op->src = m->source[0] == '/' ? strdup(m->source) : path_join(o->bundle, m->source);
		if (!op->src) {
			err_sys(e, ENOMEM, "rootfs: plan");
			goto out;
		}
		op->recursive = mo.rec;
		if (mo.flags & MS_REMOUNT) {
			op->kind = ROP_REMOUNT;
			op->flags = mo.flags | MS_BIND;
			free(op->src);
			op->src = NULL;
		} else {
			op->kind = ROP_BIND;
		}
		if (mo.idmap && plan_idmap(op, s, mi, &mo, ctr_userns, e) < 0)
			goto out;
	} else {
		op->kind = (mo.flags & MS_REMOUNT) ? ROP_REMOUNT : ROP_MOUNT;
		op->flags = mo.flags;
		op->tmpcopyup = mo.tmpcopyup;
		op->newapi = mo.plain &&
			     !(mo.flags & (MS_REMOUNT | MS_SILENT | MS_I_VERSION | MS_MANDLOCK));
		if (sdup(&op->fstype, m->type, e) < 0 ||
		    sdup(&op->src, m->source && *m->source ? m->source : m->type, e) < 0)
			goto out;
		if (!strcmp(m->type, "proc"))
			op->magic = RL_PROC_SUPER_MAGIC;
		else if (!strcmp(m->type, "sysfs"))
			op->magic = RL_SYSFS_MAGIC;
		if (!strcmp(m->type, "sysfs") && o->userns && sdup(&op->alt_src, "/sys", e) < 0)
			goto out;
		take_data(op, &mo);
		if (op->tmpcopyup && (op->flags & MS_RDONLY)) {
			/* copy into it first, make it read-only after */
			char *d = strdup(op->dest);

			op->flags &= ~(unsigned long)MS_RDONLY;
			op->attr_set &= ~(uint64_t)SYS_MOUNT_ATTR_RDONLY;
			if (!d || op_new(p, false, &op, e) < 0) {
				free(d);
				if (d)
					goto out;
				err_sys(e, ENOMEM, "rootfs: plan");
				goto out;
			}
			op->kind = ROP_SETATTR;
			op->dest = d;
			op->nofollow = special_dest(d);
			op->attr_set = SYS_MOUNT_ATTR_RDONLY;
		}
	}
	rc = 0;
out:
	free(dest);
	mopts_free(&mo);
	return rc;
}

/* ---- /dev -------------------------------------------------------------- */

static const struct { const char *path; unsigned maj, min; } default_devs[] = {
	{ "/dev/null", 1, 3 }, { "/dev/zero", 1, 5 }, { "/dev/full", 1, 7 },
	{ "/dev/random", 1, 8 }, { "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
};

static const struct { const char *path, *target; bool replace; } default_links[] = {
	{ "/dev/fd", "/proc/self/fd", false },
	{ "/dev/stdin", "/proc/self/fd/0", false },
	{ "/dev/stdout", "/proc/self/fd/1", false },
	{ "/dev/stderr", "/proc/self/fd/2", false },
	{ "/dev/ptmx", "pts/ptmx", true },
};

static bool config_has_dev(const struct spec *s, const char *path)
{
	for (size_t i = 0; i < s->lnx.n_devices; i++)
		if (lexically(s->lnx.devices[i].path, path))
			return true;
	return false;
}

static int add_device(struct rootfs_plan *p, const char *path, mode_t mode,
		      dev_t rdev, uid_t uid, gid_t gid, bool bind, struct rl_err *e)
{
	struct rootfs_op *op;

	if (op_new(p, false, &op, e) < 0)
		return -1;
	op->kind = ROP_DEVICE;
	op->dest = path_clean(path);
	if (!op->dest)
		return err_sys(e, ENOMEM, "rootfs: plan");
	op->mode = mode;
	op->rdev = rdev;
	op->uid = uid;
	op->gid = gid;
	op->bind_dev = bind && !S_ISFIFO(mode);
	op->nofollow = true;
	return op->bind_dev ? sdup(&op->src, path, e) : 0;
}

static int plan_dev(struct rootfs_plan *p, const struct spec *s,
		    const struct rootfs_opts *o, struct rl_err *e)
{
	struct rootfs_op *op;
	size_t i;

	/* a bind-mounted /dev is the host's business, as in runc */
	for (i = 0; i < s->n_mounts; i++)
		if (is_bind(&s->mounts[i]) && lexically(s->mounts[i].destination, "/dev"))
			goto console;
	for (i = 0; i < sizeof(default_devs) / sizeof(default_devs[0]); i++) {
		if (config_has_dev(s, default_devs[i].path))
			continue;
		if (add_device(p, default_devs[i].path, S_IFCHR | 0666,
			       makedev(default_devs[i].maj, default_devs[i].min), 0, 0,
			       o->userns, e) < 0)
			return -1;
	}
	for (i = 0; i < s->lnx.n_devices; i++) {
		const struct spec_device *d = &s->lnx.devices[i];
		mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
		mode_t perm = d->file_mode.set ? (mode_t)(d->file_mode.v & 07777) : 0666;
		dev_t rdev = 0;

		if (d->type != 'p') {
			if (d->major.v < 0 || d->major.v > 4095)
				return err_set(e, EINVAL, "config.json: linux.devices[%zu].major: %lld is not a device major (0-4095)",
					       i, (long long)d->major.v);
			if (d->minor.v < 0 || d->minor.v > 0xfffff)
				return err_set(e, EINVAL, "config.json: linux.devices[%zu].minor: %lld is not a device minor (0-1048575)",
					       i, (long long)d->minor.v);
			rdev = makedev((unsigned)d->major.v, (unsigned)d->minor.v);
		}
		if (lexically(d->path, "/"))
			return err_set(e, EINVAL, "config.json: linux.devices[%zu].path: not a device path", i);
		if (add_device(p, d->path, type | perm, rdev,
			       d->uid.set ? (uid_t)d->uid.v : 0,
			       d->gid.set ? (gid_t)d->gid.v : 0, o->userns, e) < 0)
			return -1;
	}
	for (i = 0; i < sizeof(default_links) / sizeof(default_links[0]); i++) {
		if (config_has_dev(s, default_links[i].path))
			continue;
		if (op_new(p, false, &op, e) < 0 ||
		    sdup(&op->dest, default_links[i].path, e) < 0 ||
		    sdup(&op->src, default_links[i].target, e) < 0)
			return -1;
		op->kind = ROP_SYMLINK;
		op->replace = default_links[i].replace;
		op->nofollow = true;
	}
console:
	if (o->terminal) {
		if (op_new(p, false, &op, e) < 0 || sdup(&op->dest, "/dev/console", e) < 0)
			return -1;
		op->kind = ROP_CONSOLE;
		op->nofollow = true;
	}
	return 0;
}

/* ---- after pivot ------------------------------------------------------- */

/* Which namespace a sysctl belongs to (-1: none, it is the host's). */
static int sysctl_ns(const char *dotted)
{
	if (!strncmp(dotted, "kernel.msg", 10) || !strcmp(dotted, "kernel.sem") ||
	    !strncmp(dotted, "kernel.sem_", 11) || !strncmp(dotted, "kernel.shm", 10) ||
	    !strncmp(dotted, "fs.mqueue.", 10))
		return NS_IPC;
	if (!strcmp(dotted, "kernel.hostname") || !strcmp(dotted, "kernel.domainname"))
		return NS_UTS;
	if (!strncmp(dotted, "net.", 4))
		return NS_NET;
	return -1;
}

/* Components not empty, not "." or "..", no blanks or controls. */
static bool sysctl_path_ok(const char *path)
{
	const char *c = path;

	while (*c) {
		size_t len = strcspn(c, "/");

		if (!len || (len == 1 && c[0] == '.') ||
		    (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)c[i] <= ' ' || c[i] == 0x7f)
				return false;
		c += len;
		if (*c == '/' && !*++c)
			return false;
	}
	return true;
}

static int plan_sysctl(struct rootfs_plan *p, const struct spec *s,
		       const struct rootfs_opts *o, struct rl_err *e)
{
	static const char *const need[NS_N] = {
		[NS_IPC] = "an IPC", [NS_UTS] = "a UTS", [NS_NET] = "a network",
	};

	for (size_t i = 0; i < s->lnx.sysctl.n; i++) {
		const char *key = s->lnx.sysctl.v[i].key;
		bool slashes = strchr(key, '/') != NULL;
		size_t n = strlen(key);
		struct rootfs_op *op;
		char *dotted, *path, *c;
		int ns;

		dotted = strdup(key);
		path = malloc(n + 5);
		if (!dotted || !path) {
			free(dotted);
			free(path);
			return err_sys(e, ENOMEM, "rootfs: plan");
		}
		snprintf(path, n + 5, "sys/%s", key);
		for (c = path + 4; *c; c++)
			if (!slashes && *c == '.')
				*c = '/';
		for (c = dotted; *c; c++)
			if (*c == '/')
				*c = '.';
		ns = sysctl_ns(dotted);
		free(dotted);
		/* with a '/' in it, the name is taken as sysctl(8) does: slashes
		 * separate, dots belong to names ("net/ipv4/conf/eth0.1/...") */
		if (!n || !sysctl_path_ok(path + 4)) {
			free(path);
			return err_set(e, EINVAL, "config.json: linux.sysctl[\"%s\"]: not a sysctl name", key);
		}
		if (ns < 0 || !(o->ns_mask & (1u << ns))) {
			free(path);
			if (ns < 0)
				return err_set(e, EINVAL, "config.json: linux.sysctl[\"%s\"]: not namespaced: it would change the host", key);
			return err_set(e, EINVAL, "config.json: linux.sysctl[\"%s\"]: requires %s namespace",
				       key, need[ns]);
		}
		if (op_new(p, true, &op, e) < 0) {
			free(path);
			return -1;
		}
		op->kind = ROP_SYSCTL;
		op->dest = path;
		if (sdup(&op->src, s->lnx.sysctl.v[i].val, e) < 0)
			return -1;
	}
	return 0;
}

static int plan_post(struct rootfs_plan *p, const struct spec *s,
		     const struct rootfs_opts *o, struct rl_err *e)
{
	const struct spec_linux *l = &s->lnx;
	struct rootfs_op *op;
	size_t i;

	if (plan_sysctl(p, s, o, e) < 0)
		return -1;
	for (i = 0; i < l->masked_paths.n + l->readonly_paths.n; i++) {
		bool masked = i < l->masked_paths.n;
		const char *path = masked ? l->masked_paths.v[i]
					  : l->readonly_paths.v[i - l->masked_paths.n];

		if (op_new(p, true, &op, e) < 0)
			return -1;
		op->kind = masked ? ROP_MASK : ROP_READONLY;
		op->dest = path_clean(path);
		if (!op->dest)
			return err_sys(e, ENOMEM, "rootfs: plan");
		if (lexically(op->dest, "/"))
			return err_set(e, EINVAL, "config.json: linux.%s[%zu]: \"%s\" is the container's root",
				       masked ? "maskedPaths" : "readonlyPaths",
				       masked ? i : i - l->masked_paths.n, path);
	}
	if (s->root.readonly) {
		if (op_new(p, true, &op, e) < 0 || sdup(&op->dest, "/", e) < 0)
			return -1;
		op->kind = ROP_ROOT_RO;
	}
	if (l->rootfs_propagation && l->rootfs_propagation_flags != p->root_prop) {
		if (op_new(p, true, &op, e) < 0 || sdup(&op->dest, "/", e) < 0)
			return -1;
		op->kind = ROP_ROOT_PROP;
		op->flags = l->rootfs_propagation_flags;
	}
	return 0;
}

/* ---- entry points ------------------------------------------------------ */

static int plan_root(struct rootfs_plan *p, const struct spec *s,
		     const struct rootfs_opts *o, struct rl_err *e)
{
	char *joined;
	struct stat st;

	if (!s->root.path || !*s->root.path)
		return err_set(e, EINVAL, "config.json: root.path: required");
	joined = s->root.path[0] == '/' ? strdup(s->root.path)
					: path_join(o->bundle, s->root.path);
	if (!joined)
		return err_sys(e, ENOMEM, "rootfs: plan");
	p->rootfs = realpath(joined, NULL);
	if (!p->rootfs) {
		err_sys(e, errno, "config.json: root.path: \"%s\"", joined);
		free(joined);
		return -1;
	}
	if (stat(p->rootfs, &st) < 0 || !S_ISDIR(st.st_mode)) {
		err_set(e, ENOTDIR, "config.json: root.path: \"%s\" is not a directory", joined);
		free(joined);
		return -1;
	}
	free(joined);
	if (!strcmp(p->rootfs, "/"))
		return err_set(e, EINVAL, "config.json: root.path: the host's root cannot be a container's");
	return 0;
}

int rootfs_plan_build(struct rootfs_plan *p, const struct spec *s,
		      const struct rootfs_opts *o, struct rl_err *e)
{
	int ctr_userns = -1;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!o->bundle || o->bundle[0] != '/')
		return err_set(e, EINVAL, "rootfs: the bundle path must be absolute");
	p->no_pivot = o->no_pivot;
	p->root_prop = MS_REC | ((s->lnx.rootfs_propagation_flags & MS_PRIVATE) ?
				 MS_PRIVATE : MS_SLAVE);
	p->run = calloc(1, sizeof(*p->run));
	if (!p->run)
		return err_sys(e, ENOMEM, "rootfs: plan");
	p->run->rootfd = p->run->procfd = -1;
	if (plan_root(p, s, o, e) < 0)
		goto fail;
	for (i = 0; i < s->n_mounts; i++)
		if (plan_mount(p, s, o, i, &ctr_userns, e) < 0)
			goto fail;
	if (ctr_userns >= 0)
		close(ctr_userns);
	ctr_userns = -1;
	if (plan_dev(p, s, o, e) < 0 || plan_post(p, s, o, e) < 0)
		goto fail;
	return 0;
fail:
	if (ctr_userns >= 0)
		close(ctr_userns);
	rootfs_plan_free(p);
	return -1;
}

static void op_free(struct rootfs_op *op)
{
	free(op->dest);
	free(op->src);
	free(op->fstype);
	free(op->data);
	free(op->alt_src);
	for (size_t i = 0; i < op->n_fsopts; i++) {
		free(op->fs_keys[i]);
		free(op->fs_vals[i]);
	}
	free(op->fs_keys);
	free(op->fs_vals);
	if (op->tree_fd >= 0)
		close(op->tree_fd);
}

void rootfs_plan_free(struct rootfs_plan *p)
{
	for (size_t i = 0; i < p->n_pre; i++)
		op_free(&p->pre[i]);
	for (size_t i = 0; i < p->n_post; i++)
		op_free(&p->post[i]);
	free(p->pre);
	free(p->post);
	free(p->rootfs);
	if (p->run) {
		if (p->run->rootfd >= 0)
			close(p->run->rootfd);
		if (p->run->procfd >= 0)
			close(p->run->procfd);
		free(p->run);
	}
	memset(p, 0, sizeof(*p));
}
