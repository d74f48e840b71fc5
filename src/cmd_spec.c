// SPDX-License-Identifier: MIT
/*
 * `runlet spec [--rootless] [-b dir]`: writes a default config.json like
 * runc's: a busybox-style shell in ./rootfs with the usual pseudo
 * filesystems, a minimal capability set, masked /proc entries and new
 * namespaces. --rootless swaps in a user namespace mapping the caller and
 * drops what an unprivileged user cannot do (network namespace creation
 * stays, cgroup limits and the cgroup mount go). --seccomp adds runlet's
 * default seccomp profile as linux.seccomp (seccomp-profiles/default.json,
 * compiled in through the generated scmp_default.h). Refuses to overwrite
 * an existing config.json.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctx.h"
#include "json.h"
#include "jsonw.h"
#include "opt.h"
#include "scmp.h"
#include "scmp_default.h"
#include "select.h"

static void spec_strs(struct jw *w, const char *key, const char *const *v)
{
	jw_arr(w, key);
	for (; *v; v++)
		jw_str(w, NULL, *v);
	jw_end_arr(w);
}

static void spec_mount(struct jw *w, const char *dst, const char *type,
		       const char *src, const char *const *opts)
{
	jw_obj(w, NULL);
	jw_str(w, "destination", dst);
	jw_str(w, "type", type);
	jw_str(w, "source", src);
	if (opts)
		spec_strs(w, "options", opts);
	jw_end_obj(w);
}

static void spec_idmap(struct jw *w, const char *key, unsigned host)
{
	jw_arr(w, key);
	jw_obj(w, NULL);
	jw_u64(w, "containerID", 0);
	jw_u64(w, "hostID", host);
	jw_u64(w, "size", 1);
	jw_end_obj(w);
	jw_end_arr(w);
}

/* Writes the JSON value at token i of d as member `key` (NULL in an
 * array); returns the index of the token after it. The documents copied
 * are runlet's own (the embedded profile): integers only, no floats. */
static int spec_copy(struct jw *w, const struct json_doc *d, int i, const char *key)
{
	const jsmntok_t *t = &d->tok[i];
	const char *s = d->buf + t->start;
	int j = i + 1, n;

	switch (t->type) {
	case JSMN_OBJECT:
		jw_obj(w, key);
		for (n = 0; n < t->size; n++)
			j = spec_copy(w, d, j + 1, json_str(d, j));
		jw_end_obj(w);
		return j;
	case JSMN_ARRAY:
		jw_arr(w, key);
		for (n = 0; n < t->size; n++)
			j = spec_copy(w, d, j, NULL);
		jw_end_arr(w);
		return j;
	case JSMN_STRING:
		jw_str(w, key, s);
		return j;
	default:
		if (*s == 't' || *s == 'f')
			jw_bool(w, key, *s == 't');
		else if (*s == 'n')
			jw_null(w, key);
		else if (*s == '-')
			jw_i64(w, key, strtoll(s, NULL, 10));
		else
			jw_u64(w, key, strtoull(s, NULL, 10));
		return j;
	}
}

/* The embedded default profile, parsed (d owns a copy). */
static int spec_profile(struct json_doc *d, struct rl_err *e)
{
	char *buf;

	if (!(ARCH_HAS_SECCOMP_FILTER && scmp_available()))
		return err_set(e, ENOTSUP, "spec: --seccomp: this build has no seccomp filter support");
	buf = malloc(sizeof(scmp_default_profile));
	if (!buf)
		return err_sys(e, ENOMEM, "spec: --seccomp");
	memcpy(buf, scmp_default_profile, sizeof(scmp_default_profile));
	if (json_parse(d, buf, sizeof(scmp_default_profile) - 1, "default seccomp profile", e) < 0)
		return err_ctx(e, "spec: --seccomp");
	return 0;
}

/* profile: the parsed default seccomp profile, or NULL for none. */
static void spec_write(struct jw *w, bool rootless, const struct json_doc *profile)
{
	static const char *const caps[] = {
		"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL,
	};
	static const char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"TERM=xterm", NULL,
	};
	static const char *const masked[] = {
		"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
		"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
		"/proc/sched_debug", "/sys/firmware", "/proc/scsi",
		"/sys/devices/virtual/powercap", NULL,
	};
	static const char *const ro[] = {
		"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
		"/proc/sysrq-trigger", NULL,
	};
	static const char *const o_dev[] = { "nosuid", "strictatime", "mode=755", "size=65536k", NULL };
	static const char *const o_pts[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5", NULL };
	static const char *const o_pts_rl[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", NULL };
	static const char *const o_shm[] = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL };
	static const char *const o_mq[] = { "nosuid", "noexec", "nodev", NULL };
	static const char *const o_sys[] = { "nosuid", "noexec", "nodev", "ro", NULL };
	static const char *const o_sys_rl[] = { "rbind", "nosuid", "noexec", "nodev", "ro", NULL };
	static const char *const o_cg[] = { "nosuid", "noexec", "nodev", "relatime", "ro", NULL };
	static const char *const ns_root[] = { "pid", "network", "ipc", "uts", "mount", "cgroup", NULL };
	static const char *const ns_rl[] = { "pid", "ipc", "uts", "mount", "cgroup", "user", NULL };
	const char *const *ns;
	int i;

	jw_obj(w, NULL);
	jw_str(w, "ociVersion", RL_OCI_VERSION_MAX);
	jw_obj(w, "process");
	jw_bool(w, "terminal", true);
	jw_obj(w, "user");
	jw_u64(w, "uid", 0);
	jw_u64(w, "gid", 0);
	jw_end_obj(w);
	spec_strs(w, "args", (const char *const[]){ "sh", NULL });
	spec_strs(w, "env", env);
	jw_str(w, "cwd", "/");
	jw_obj(w, "capabilities");
	spec_strs(w, "bounding", caps);
	spec_strs(w, "effective", caps);
	spec_strs(w, "permitted", caps);
	jw_end_obj(w);
	jw_arr(w, "rlimits");
	jw_obj(w, NULL);
	jw_str(w, "type", "RLIMIT_NOFILE");
	jw_u64(w, "hard", 1024);
	jw_u64(w, "soft", 1024);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_bool(w, "noNewPrivileges", true);
	jw_end_obj(w);

	jw_obj(w, "root");
	jw_str(w, "path", "rootfs");
	jw_bool(w, "readonly", true);
	jw_end_obj(w);
	jw_str(w, "hostname", "runlet");

	jw_arr(w, "mounts");
	spec_mount(w, "/proc", "proc", "proc", NULL);
	spec_mount(w, "/dev", "tmpfs", "tmpfs", o_dev);
	spec_mount(w, "/dev/pts", "devpts", "devpts", rootless ? o_pts_rl : o_pts);
	spec_mount(w, "/dev/shm", "tmpfs", "shm", o_shm);
	spec_mount(w, "/dev/mqueue", "mqueue", "mqueue", o_mq);
	if (rootless) {
		spec_mount(w, "/sys", "none", "/sys", o_sys_rl);
	} else {
		spec_mount(w, "/sys", "sysfs", "sysfs", o_sys);
		spec_mount(w, "/sys/fs/cgroup", "cgroup", "cgroup", o_cg);
	}
	jw_end_arr(w);

	jw_obj(w, "linux");
	if (rootless) {
		spec_idmap(w, "uidMappings", (unsigned)geteuid());
		spec_idmap(w, "gidMappings", (unsigned)getegid());
	} else {
		jw_obj(w, "resources");
		jw_arr(w, "devices");
		jw_obj(w, NULL);
		jw_bool(w, "allow", false);
		jw_str(w, "access", "rwm");
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
	}
	jw_arr(w, "namespaces");
	ns = rootless ? ns_rl : ns_root;
	for (i = 0; ns[i]; i++) {
		jw_obj(w, NULL);
		jw_str(w, "type", ns[i]);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	spec_strs(w, "maskedPaths", masked);
	spec_strs(w, "readonlyPaths", ro);
	if (profile)
		spec_copy(w, profile, 0, "seccomp");
	jw_end_obj(w);
	jw_end_obj(w);
}

static int spec_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	const char *bundle = NULL;
	bool rootless = false, seccomp = false;
	const struct opt opts[] = {
		{ "bundle", 'b', OPT_STR, &bundle, "dir", "directory to write config.json in (default: current)" },
		{ "rootless", 0, OPT_BOOL, &rootless, NULL, "a config for an unprivileged user (user namespace)" },
		{ "seccomp", 0, OPT_BOOL, &seccomp, NULL, "add runlet's default seccomp profile (linux.seccomp)" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	struct json_doc profile = { 0 };
	struct jw w;
	FILE *f;
	int ind = 1, r, dirfd = -1, fd;

	r = cmd_opts(ctx, &cmd_spec, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (ind != argc)
		return err_usage(e, "spec: unexpected argument \"%s\"", argv[ind]);
	/* Before config.json exists, so that a refusal leaves nothing. */
	if (seccomp && spec_profile(&profile, e) < 0)
		return -1;
	r = -1;
	dirfd = open(bundle ? bundle : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		err_sys(e, errno, "spec: open bundle \"%s\"", bundle ? bundle : ".");
		goto out;
	}
	/* O_EXCL: never overwrite, and never follow a planted symlink. */
	fd = openat(dirfd, "config.json",
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			err_set(e, errno, "spec: \"config.json\" exists: remove it first");
		else
			err_sys(e, errno, "spec: create \"config.json\"");
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err_sys(e, errno, "spec: write \"config.json\"");
		close(fd);
		unlinkat(dirfd, "config.json", 0);
		goto out;
	}
	jw_init(&w, f, "\t");
	spec_write(&w, rootless, seccomp ? &profile : NULL);
	r = jw_finish(&w);
	if (fclose(f) != 0)
		r = -1;
	if (r < 0) {
		err_sys(e, errno ? errno : EIO, "spec: write \"config.json\"");
		unlinkat(dirfd, "config.json", 0);
	}
out:
	if (dirfd >= 0)
		close(dirfd);
	json_free(&profile);
	return r;
}

const struct rl_cmd cmd_spec = {
	"spec", "",
	"write a default config.json (a new bundle's starting point)", spec_main,
};
