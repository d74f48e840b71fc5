// SPDX-License-Identifier: MIT
/*
 * State directory layout, container IDs and state.json (see state.h). The
 * live status is never trusted from the file alone: a container whose
 * process died on its own, or whose pid was reused, reads as "stopped".
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "jsonw.h"
#include "state.h"

static const char *const state_names[] = {
	[ST_CREATING] = "creating", [ST_CREATED] = "created",
	[ST_RUNNING] = "running", [ST_PAUSED] = "paused",
	[ST_STOPPED] = "stopped",
};

const char *state_status_name(enum state_status s)
{
	return state_names[s];
}

int state_valid_id(const char *id, struct rl_err *e)
{
	size_t n = strlen(id), i;

	if (n == 0)
		return err_usage(e, "invalid container id: empty");
	if (n > STATE_ID_MAX)
		return err_usage(e, "invalid container id: longer than %d bytes", STATE_ID_MAX);
	if (!strcmp(id, ".") || !strcmp(id, ".."))
		return err_usage(e, "invalid container id \"%s\"", id);
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' ||
		      c == '.'))
			return err_usage(e, "invalid container id \"%.64s\": only letters, digits and _+-. are allowed",
					 id);
	}
	return 0;
}

int state_root_open(const char *root, bool create, struct rl_err *e)
{
	int fd;

	if (create && mkdir(root, 0700) < 0 && errno != EEXIST)
		return err_sys(e, errno, "create state root \"%s\"", root);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "open state root \"%s\"", root);
	return fd;
}

int state_dir_open(int rootfd, const char *id, struct rl_err *e)
{
	int fd = openat(rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR || errno == ELOOP))
		return err_set(e, ENOENT, "container \"%s\" does not exist", id);
	if (fd < 0)
		return err_sys(e, errno, "open state of \"%s\"", id);
	return fd;
}

int state_lock(int dirfd, bool exclusive, struct rl_err *e)
{
	int fd = openat(dirfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return err_sys(e, errno, "open lock");
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) < 0) {
		if (errno == EINTR)
			continue;
		err_sys(e, errno, "lock");
		close(fd);
		return -1;
	}
	return fd;
}

void state_free(struct rl_state *st)
{
	free(st->annotations.v);
	json_free(&st->doc);
	memset(st, 0, sizeof(*st));
}

static int state_bad(struct rl_state *st, const char *what, struct rl_err *e)
{
	return err_set(e, EINVAL, "%s: %s", st->doc.name, what);
}

static int state_u64(const struct json_doc *d, int i, uint64_t *out)
{
	const jsmntok_t *t = &d->tok[i];
	uint64_t v = 0;
	int p;

	if (t->type != JSMN_PRIMITIVE)
		return -1;
	for (p = t->start; p < t->end; p++) {
		char c = d->buf[p];

		if (c < '0' || c > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(c - '0');
	}
	*out = v;
	return 0;
}

int state_load(int dirfd, const char *id, struct rl_state *st, struct rl_err *e)
{
	struct json_doc *d = &st->doc;
	int k, v, n, i;
	uint64_t u;

	memset(st, 0, sizeof(*st));
	if (json_load_file(d, dirfd, "state.json", "state.json", e) < 0) {
		if (e->errnum == ENOENT)
			return err_set(e, ENOENT, "container \"%s\" does not exist", id);
		return err_ctx(e, "container \"%s\"", id);
	}
	if (d->tok[0].type != JSMN_OBJECT)
		goto bad;
	for (n = d->tok[0].size, k = 1; n > 0; n--, k = json_skip(d, v)) {
		const char *key = json_str(d, k);

		v = k + 1;
		if (!strcmp(key, "annotations") && d->tok[v].type == JSMN_OBJECT) {
			size_t m = (size_t)d->tok[v].size, j = 0;
			int kk;

			st->annotations.v = calloc(m ? m : 1, sizeof(struct kv));
			if (!st->annotations.v) {
				err_sys(e, ENOMEM, "load state");
				goto fail;
			}
			for (kk = v + 1; j < m; j++, kk = json_skip(d, kk + 1)) {
				if (d->tok[kk + 1].type != JSMN_STRING)
					goto bad;
				st->annotations.v[j].key = json_str(d, kk);
				st->annotations.v[j].val = json_str(d, kk + 1);
			}
			st->annotations.n = m;
			continue;
		}
		if (d->tok[v].type == JSMN_STRING) {
			const char *s = json_str(d, v);

			if (!strcmp(key, "ociVersion"))
				st->oci_version = s;
			else if (!strcmp(key, "id"))
				st->id = s;
			else if (!strcmp(key, "bundle"))
				st->bundle = s;
			else if (!strcmp(key, "rootfs"))
				st->rootfs = s;
			else if (!strcmp(key, "created"))
				st->created = s;
			else if (!strcmp(key, "owner"))
				st->owner = s;
			else if (!strcmp(key, "cgroup"))
				snprintf(st->cgroup, sizeof(st->cgroup), "%s", s);
			else if (!strcmp(key, "status")) {
				for (i = 0; i <= ST_STOPPED; i++)
					if (!strcmp(s, state_names[i]))
						break;
				if (i > ST_STOPPED)
					goto bad;
				st->stored = (enum state_status)i;
			}
		} else if (!strcmp(key, "pid")) {
			if (state_u64(d, v, &u) < 0 || u > INT32_MAX)
				goto bad;
			st->pid = (int)u;
		} else if (!strcmp(key, "pidStartTime")) {
			if (state_u64(d, v, &u) < 0)
				goto bad;
			st->pid_start = u;
		}
	}
	if (!st->id || strcmp(st->id, id) != 0 || !st->bundle || !st->created)
		goto bad;
	if (!st->oci_version)
		st->oci_version = "1.3.0";
	if (!st->rootfs)
		st->rootfs = "";
	if (!st->owner)
		st->owner = "";
	return 0;
bad:
	state_bad(st, "malformed or from another runtime", e);
	err_ctx(e, "container \"%s\"", id);
fail:
	state_free(st);
	return -1;
}

int state_save(int dirfd, const struct rl_state *st, struct rl_err *e)
{
	struct jw w;
	FILE *f;
	int fd;
	size_t i;

	fd = openat(dirfd, "state.json.tmp",
		    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return err_sys(e, errno, "write state");
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return err_sys(e, errno, "write state");
	}
	jw_init(&w, f, NULL);
	jw_obj(&w, NULL);
	jw_str(&w, "ociVersion", st->oci_version);
	jw_str(&w, "id", st->id);
	jw_str(&w, "status", state_status_name(st->stored));
	jw_i64(&w, "pid", st->pid);
	jw_u64(&w, "pidStartTime", st->pid_start);
	jw_str(&w, "bundle", st->bundle);
	jw_str(&w, "rootfs", st->rootfs);
	jw_str(&w, "created", st->created);
	jw_str(&w, "owner", st->owner);
	jw_str(&w, "cgroup", st->cgroup);
	if (st->annotations.n) {
		jw_obj(&w, "annotations");
		for (i = 0; i < st->annotations.n; i++)
			jw_str(&w, st->annotations.v[i].key, st->annotations.v[i].val);
		jw_end_obj(&w);
	}
	jw_end_obj(&w);
	if (jw_finish(&w) < 0 || fsync(fd) < 0) {
		err_sys(e, errno ? errno : EIO, "write state");
		fclose(f);
		unlinkat(dirfd, "state.json.tmp", 0);
		return -1;
	}
	if (fclose(f) != 0) {
		unlinkat(dirfd, "state.json.tmp", 0);
		return err_sys(e, errno, "write state");
	}
	if (renameat(dirfd, "state.json.tmp", dirfd, "state.json") < 0) {
		err_sys(e, errno, "write state");
		unlinkat(dirfd, "state.json.tmp", 0);
		return -1;
	}
	return 0;
}

uint64_t state_pid_start(int pid, bool *zombie)
{
	char path[64], buf[1024], *p;
	uint64_t start = 0;
	ssize_t n;
	int fd, field;

	*zombie = false;
	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold spaces and parens: fields resume after the last ')'. */
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return 0;
	p += 2;
	*zombie = *p == 'Z' || *p == 'X';
	/* p is at field 3 (state); field 22 is starttime. */
	for (field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (p)
		start = strtoull(p, NULL, 10);
	return start;
}

enum state_status state_status(int dirfd, const struct rl_state *st)
{
	struct stat sb;
	bool zombie;
	uint64_t start;

	if (st->stored == ST_STOPPED)
		return ST_STOPPED;
	if (st->pid <= 0)
		return st->stored == ST_CREATING ? ST_CREATING : ST_STOPPED;
	start = state_pid_start(st->pid, &zombie);
	if (start == 0 || zombie || (st->pid_start && start != st->pid_start))
		return ST_STOPPED;
	if (st->stored == ST_CREATING)
		return ST_CREATING;
	if (st->stored == ST_PAUSED)
		return ST_PAUSED;
	if (fstatat(dirfd, "exec.fifo", &sb, AT_SYMLINK_NOFOLLOW) == 0)
		return ST_CREATED;
	return ST_RUNNING;
}

void state_now(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	/* By hand rather than strftime, which would link in musl's time zone
	 * and locale code (about 8 KB) for a UTC timestamp. */
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (long)ts.tv_nsec);
}

void state_emit(struct jw *w, const struct rl_state *st, enum state_status s)
{
	size_t i;

	jw_obj(w, NULL);
	jw_str(w, "ociVersion", st->oci_version);
	jw_str(w, "id", st->id);
	jw_i64(w, "pid", s == ST_STOPPED ? 0 : st->pid);
	jw_str(w, "status", state_status_name(s));
	jw_str(w, "bundle", st->bundle);
	jw_str(w, "rootfs", st->rootfs);
	jw_str(w, "created", st->created);
	if (st->annotations.n) {
		jw_obj(w, "annotations");
		for (i = 0; i < st->annotations.n; i++)
			jw_str(w, st->annotations.v[i].key, st->annotations.v[i].val);
		jw_end_obj(w);
	}
	jw_str(w, "owner", st->owner);
	jw_end_obj(w);
}
