// SPDX-License-Identifier: MIT
/*
 * Lifecycle operations: create (prepare, spawn, sync, save), start (the
 * exec fifo), kill and delete. A failed create unwinds everything it made:
 * the child (killed, reaped), the cgroup, the state directory; mounts die
 * with the child's mount namespace, which never propagates to the host.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "config.h"
#include "container.h"
#include "exeprot.h"
#include "json.h"
#include "log.h"
#include "scmp.h"
#include "select.h"
#include "sys.h"
#include "tty.h"

/* ---- state JSON for hooks (allocation-free) ---------------------------- */

static size_t fmt_put(char *buf, size_t cap, size_t n, const char *s)
{
	size_t l = c_strlen(s);

	if (n + l < cap)
		memcpy(buf + n, s, l);
	return n + l;
}

static size_t fmt_str(char *buf, size_t cap, size_t n, const char *s)
{
	return n + json_quote(n < cap ? buf + n : buf + cap, n < cap ? cap - n : 0, s);
}

size_t container_state_fmt(struct ct *c, const char *status, pid_t pid)
{
	char *b = c->state_json, num[24];
	size_t cap = c->state_cap, n = 0, i;

	n = fmt_put(b, cap, n, "{\"ociVersion\":\"" RL_OCI_VERSION_MAX "\",\"id\":");
	n = fmt_str(b, cap, n, c->opts->id);
	n = fmt_put(b, cap, n, ",\"status\":\"");
	n = fmt_put(b, cap, n, status);
	n = fmt_put(b, cap, n, "\",\"pid\":");
	n = fmt_put(b, cap, n, c_utoa(num, sizeof(num), (uint64_t)(pid > 0 ? pid : 0)));
	n = fmt_put(b, cap, n, ",\"bundle\":");
	n = fmt_str(b, cap, n, c->bundle);
	if (c->spec.annotations.n) {
		n = fmt_put(b, cap, n, ",\"annotations\":{");
		for (i = 0; i < c->spec.annotations.n; i++) {
			if (i)
				n = fmt_put(b, cap, n, ",");
			n = fmt_str(b, cap, n, c->spec.annotations.v[i].key);
			n = fmt_put(b, cap, n, ":");
			n = fmt_str(b, cap, n, c->spec.annotations.v[i].val);
		}
		n = fmt_put(b, cap, n, "}");
	}
	n = fmt_put(b, cap, n, "}");
	if (n >= cap)
		n = cap - 1;
	b[n] = '\0';
	c->state_len = n;
	return n;
}

static size_t state_cap_for(const struct spec *s, const char *id, const char *bundle)
{
	size_t cap = 256 + 6 * (strlen(id) + strlen(bundle)), i;

	for (i = 0; i < s->annotations.n; i++)
		cap += 6 * (strlen(s->annotations.v[i].key) + strlen(s->annotations.v[i].val)) + 8;
	return cap;
}

/* ---- helpers ------------------------------------------------------------ */

int container_parse_signal(const char *s, int *sig)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "ABRT", SIGABRT }, { "ALRM", SIGALRM }, { "BUS", SIGBUS },
		{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "FPE", SIGFPE },
		{ "HUP", SIGHUP }, { "ILL", SIGILL }, { "INT", SIGINT },
		{ "IO", SIGIO }, { "IOT", SIGIOT }, { "KILL", SIGKILL },
		{ "PIPE", SIGPIPE }, { "PROF", SIGPROF }, { "PWR", SIGPWR },
		{ "QUIT", SIGQUIT }, { "SEGV", SIGSEGV }, { "STOP", SIGSTOP },
		{ "SYS", SIGSYS }, { "TERM", SIGTERM }, { "TRAP", SIGTRAP },
		{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
		{ "URG", SIGURG }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
		{ "VTALRM", SIGVTALRM }, { "WINCH", SIGWINCH }, { "XCPU", SIGXCPU },
		{ "XFSZ", SIGXFSZ },
	};
	char *end;
	long v;
	size_t i;

	if (*s >= '0' && *s <= '9') {
		v = strtol(s, &end, 10);
		if (*end || v <= 0 || v >= 65)
			return -1;
		*sig = (int)v;
		return 0;
	}
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!strcmp(s, sigs[i].name)) {
			*sig = sigs[i].sig;
			return 0;
		}
	if (!strncmp(s, "RTMIN", 5) || !strncmp(s, "RTMAX", 5)) {
		int base = s[2] == 'M' && s[3] == 'I' ? SIGRTMIN : SIGRTMAX;

		v = 0;
		if (s[5] == '+' || s[5] == '-') {
			v = strtol(s + 5, &end, 10);
			if (*end)
				return -1;
		} else if (s[5]) {
			return -1;
		}
		if (base + v < SIGRTMIN || base + v > SIGRTMAX)
			return -1;
		*sig = (int)(base + v);
		return 0;
	}
	return -1;
}

int container_highest_fd(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int max = 1024;

	if (!d)
		return 65535;
	max = 2;
	while ((de = readdir(d))) {
		int fd = atoi(de->d_name);

		if (fd > max)
			max = fd;
	}
	closedir(d);
	return max;
}

static void owner_name(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "#%u", (unsigned)geteuid());
}

/* Removes <root>/<id> and what it holds (only files runlet makes). */
static void state_dir_remove(int rootfd, int dirfd, const char *id)
{
	static const char *const files[] = {
		"state.json", "state.json.tmp", "exec.fifo", "lock", NULL,
	};
	int i;

	for (i = 0; files[i]; i++)
		unlinkat(dirfd, files[i], 0);
	unlinkat(rootfd, id, AT_REMOVEDIR);
}

/* ---- create --------------------------------------------------------------- */

static int create_check_spec(struct ct *c, struct rl_err *e)
{
	const struct spec *s = &c->spec;
	unsigned mask = s->lnx.ns_mask;

	if (!s->process.present)
		return err_set(e, EINVAL, "config.json: process: required by create");
	if (s->hostname && s->hostname[0] && !(mask & (1u << NS_UTS)))
		return err_set(e, EINVAL, "config.json: hostname: needs a uts namespace");
	if (s->domainname && s->domainname[0] && !(mask & (1u << NS_UTS)))
		return err_set(e, EINVAL, "config.json: domainname: needs a uts namespace");
	if (!(mask & (1u << NS_MNT)))
		return err_set(e, EINVAL, "config.json: linux.namespaces: a mount namespace is required");
	if (!s->process.terminal && c->opts->console_socket)
		return err_set(e, EINVAL, "--console-socket given but process.terminal is false (no pty to send)");
	if (s->process.terminal && !c->opts->console_socket && !c->opts->has_console_pair)
		return err_set(e, EINVAL, "process.terminal needs --console-socket (or run it in the foreground)");
	return 0;
}

int container_seccomp_prepare(struct ct *c, struct rl_err *e)
{
	const struct spec_seccomp *sc = &c->spec.lnx.seccomp;
	struct sockaddr_un sa;

	if (!scmp_available()) {
		size_t i;

		/* The documented opt-out for kernels without seccomp filters
		 * (sparc64): run without the filter, and say so. */
		for (i = 0; i < c->spec.annotations.n; i++)
			if (!strcmp(c->spec.annotations.v[i].key, SCMP_OPTOUT_ANNOTATION) &&
			    !strcmp(c->spec.annotations.v[i].val, "ignore")) {
				log_warn(c->ctx, "linux.seccomp is ignored: this %s build has no seccomp filters (annotation %s=ignore)",
					 ARCH_NAME, SCMP_OPTOUT_ANNOTATION);
				return 0;
			}
		return err_set(e, ENOTSUP, "config.json: linux.seccomp: %s has no seccomp filters "
			       "(set the annotation %s=ignore to run without one)", ARCH_NAME, SCMP_OPTOUT_ANNOTATION);
	}
	if (scmp_build(c->ctx, sc, &c->scmp, e) < 0)
		return -1;
	if (!c->scmp.notify)
		return 0;
	if (!sc->listener_path || !*sc->listener_path)
		return err_set(e, EINVAL, "config.json: linux.seccomp.listenerPath: required with SCMP_ACT_NOTIFY");
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(sc->listener_path) >= sizeof(sa.sun_path))
		return err_set(e, ENAMETOOLONG, "config.json: linux.seccomp.listenerPath: too long");
	memcpy(sa.sun_path, sc->listener_path, strlen(sc->listener_path));
	c->notify_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->notify_fd < 0 || connect(c->notify_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return err_sys(e, errno, "config.json: linux.seccomp.listenerPath: connect to \"%s\"",
			       sc->listener_path);
	if (!c->state_json) {
		c->state_cap = state_cap_for(&c->spec, c->opts->id, c->bundle);
		c->state_json = malloc(c->state_cap);
	}
	c->notify_cap = c->state_cap + 6 * (sc->listener_metadata ? strlen(sc->listener_metadata) : 0) + 256;
	c->notify_msg = malloc(c->notify_cap);
	if (!c->state_json || !c->notify_msg)
		return err_sys(e, ENOMEM, "seccomp notify");
	return 0;
}

size_t container_notify_fmt(struct ct *c, const char *status, pid_t pid)
{
	char *b = c->notify_msg, num[24];
	/* The state is the container's: its init's pid, also for exec. */
	size_t cap = c->notify_cap, n = 0,
	       sl = container_state_fmt(c, status, c->init_pid > 0 ? c->init_pid : pid);

	n = fmt_put(b, cap, n, "{\"ociVersion\":\"" RL_OCI_VERSION_MAX "\",\"fds\":[\"seccompFd\"],\"pid\":");
	n = fmt_put(b, cap, n, c_utoa(num, sizeof(num), (uint64_t)(pid > 0 ? pid : 0)));
	if (c->spec.lnx.seccomp.listener_metadata) {
		n = fmt_put(b, cap, n, ",\"metadata\":");
		n = fmt_str(b, cap, n, c->spec.lnx.seccomp.listener_metadata);
	}
	n = fmt_put(b, cap, n, ",\"state\":");
	if (n + sl < cap)
		memcpy(b + n, c->state_json, sl);
	n += sl;
	n = fmt_put(b, cap, n, "}");
	return n < cap ? n : cap - 1;
}

static int create_prepare(struct ct *c, struct rl_err *e)
{
	const struct spec *s = &c->spec;
	struct rootfs_opts ro;
	size_t i;
	const char *lf;

	if (create_check_spec(c, e) < 0)
		return -1;
	if (ns_plan_build(&c->ns, s, e) < 0)
		return -1;
	memset(&ro, 0, sizeof(ro));
	ro.bundle = c->bundle;
	ro.no_pivot = c->opts->no_pivot;
	ro.userns = c->ns.userns;
	ro.terminal = s->process.terminal;
	ro.ns_mask = s->lnx.ns_mask;
	if (rootfs_plan_build(&c->rootfs, s, &ro, e) < 0)
		return -1;
	if (proc_plan_build(&c->proc, s, e) < 0)
		return -1;
	c->proc.no_new_keyring = c->opts->no_new_keyring;
	c->proc.procfd = -1;
	if (!c->opts->no_new_keyring && proc_plan_set_keyring(&c->proc, c->opts->id, e) < 0)
		return -1;
	{
		/* runtime-spec: capabilities that cannot be granted are a
		 * warning, not a failure. */
		char warn[512];

		if (caps_describe_ignored(&c->proc.caps, warn, sizeof(warn)) > 0)
			log_warn(c->ctx, "%s", warn);
	}
	if (hooks_plan_build(&c->hooks, s, e) < 0)
		return -1;
	if (s->lnx.seccomp.present && container_seccomp_prepare(c, e) < 0)
		return -1;
	if (cg_prepare(&c->cg, s, c->opts->id, c->ctx->cgroup_manager, e) < 0)
		return -1;
	c->argv = s->process.args.v;
	/* argv and envp must be NULL-terminated: the reader's arrays are
	 * exactly n long, so copy the pointers into one allocation. */
	c->envp = calloc(s->process.env.n + 3, sizeof(char *));
	c->argv = calloc(s->process.args.n + 1, sizeof(char *));
	if (!c->envp || !c->argv)
		return err_sys(e, ENOMEM, "create");
	for (i = 0; i < s->process.args.n; i++)
		c->argv[i] = s->process.args.v[i];
	for (i = 0; i < s->process.env.n; i++) {
		c->envp[i] = s->process.env.v[i];
		if (!strncmp(c->envp[i], "PATH=", 5))
			c->exec_path_env = c->envp[i] + 5;
	}
	/* LISTEN_FDS (socket activation) passes through, as runc does. */
	lf = getenv("LISTEN_FDS");
	if (lf && *lf) {
		static char lfds[32];
		long n = atol(lf);

		if (n > 0 && n < 65536) {
			c->listen_fds = n;
			snprintf(lfds, sizeof(lfds), "LISTEN_FDS=%ld", n);
			c->envp[i++] = lfds;
			c->envp[i++] = (char *)"LISTEN_PID=1";
		}
	}
	if (!c->state_json) {   /* (seccomp notify may have made it) */
		c->state_cap = state_cap_for(s, c->opts->id, c->bundle);
		c->state_json = malloc(c->state_cap);
	}
	if (!c->state_json)
		return err_sys(e, ENOMEM, "create");
	if (s->process.terminal && c->opts->console_socket) {
		c->console_fd = tty_connect(c->opts->console_socket, e);
		if (c->console_fd < 0)
			return -1;
	} else if (s->process.terminal && c->opts->has_console_pair) {
		c->console_fd = fcntl(c->opts->console_pair, F_DUPFD_CLOEXEC, 3);
		if (c->console_fd < 0)
			return err_sys(e, errno, "console socket");
	}
	c->max_fd = container_highest_fd();
	return 0;
}

static int create_save(struct ct *c, enum state_status st, struct rl_err *e)
{
	struct rl_state rs;
	char created[64], owner[64], rootfs[PATH_MAX + 1];
	bool zombie;

	memset(&rs, 0, sizeof(rs));
	state_now(created, sizeof(created));
	owner_name(owner, sizeof(owner));
	snprintf(rootfs, sizeof(rootfs), "%s", c->rootfs.rootfs ? c->rootfs.rootfs : "");
	rs.oci_version = RL_OCI_VERSION_MAX;
	rs.id = c->opts->id;
	rs.stored = st;
	rs.pid = c->pid;
	rs.pid_start = c->pid > 0 ? state_pid_start(c->pid, &zombie) : 0;
	rs.bundle = c->bundle;
	rs.rootfs = rootfs;
	rs.created = created;
	rs.owner = owner;
	rs.annotations = c->spec.annotations;
	cg_serialize(&c->cg, rs.cgroup, sizeof(rs.cgroup));
	return state_save(c->dirfd, &rs, e);
}

static int create_run_parent_hooks(struct ct *c, int kind, const char *status, struct rl_err *e)
{
	struct child_err ce;
	size_t n;

	if (!c->hooks.n[kind])
		return 0;
	memset(&ce, 0, sizeof(ce));
	n = container_state_fmt(c, status, c->pid);
	if (hooks_run(&c->hooks, kind, c->state_json, n, &ce) < 0) {
		if (ce.errnum)
			return err_sys(e, ce.errnum, "%s", ce.msg);
		return err_set(e, EINVAL, "%s", ce.msg);
	}
	return 0;
}

void container_release(struct ct *c)
{
	if (c->sync_parent >= 0)
		close(c->sync_parent);
	if (c->sync_child >= 0)
		close(c->sync_child);
	if (c->console_fd >= 0)
		close(c->console_fd);
	if (c->pidfd >= 0)
		close(c->pidfd);
	if (c->lockfd >= 0)
		close(c->lockfd);
	if (c->dirfd >= 0)
		close(c->dirfd);
	if (c->rootfd >= 0)
		close(c->rootfd);
	c->sync_parent = c->sync_child = c->console_fd = c->pidfd = -1;
	c->lockfd = c->dirfd = c->rootfd = -1;
	ns_plan_free(&c->ns);
	rootfs_plan_free(&c->rootfs);
	proc_plan_free(&c->proc);
	hooks_plan_free(&c->hooks);
	cg_free(&c->cg);
	scmp_prog_free(&c->scmp);
	if (c->notify_fd >= 0)
		close(c->notify_fd);
	c->notify_fd = -1;
	free(c->notify_msg);
	c->notify_msg = NULL;
	free(c->argv);
	free(c->envp);
	free(c->state_json);
	c->argv = c->envp = NULL;
	c->state_json = NULL;
	spec_free(&c->spec);
}

/* Undoes a failed create: the child, the cgroup, the state directory. */
static void create_unwind(struct ct *c)
{
	struct rl_err ignore;

	if (c->inter > 0) {
		kill(c->inter, SIGKILL);
		waitpid(c->inter, NULL, 0);
	}
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	/* Lifecycle step 12: once the init existed, poststop hooks run even
	 * though create failed (their failures are only warnings). */
	if (c->pid > 0 && c->hooks.n[HOOK_POSTSTOP]) {
		struct child_err ce;
		size_t n = container_state_fmt(c, "stopped", 0);

		memset(&ce, 0, sizeof(ce));
		if (hooks_run(&c->hooks, HOOK_POSTSTOP, c->state_json, n, &ce) < 0)
			log_warn(c->ctx, "poststop hook: %s", ce.msg);
	}
	if (c->cg_made)
		cg_destroy(&c->cg, true, &ignore);
	if (c->dir_made)
		state_dir_remove(c->rootfd, c->dirfd, c->opts->id);
}

int container_create(struct rl_ctx *ctx, const struct ct_opts *o, struct ct *c,
		     struct rl_err *e)
{
	struct sync_msg m;
	int bfd = -1;

	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->opts = o;
	c->rootfd = c->dirfd = c->lockfd = c->sync_parent = c->sync_child = -1;
	c->console_fd = c->pidfd = c->notify_fd = -1;
	if (state_valid_id(o->id, e) < 0)
		return -1;
	/* Before anything exists that a re-executed copy would find. */
	if (exeprot_ensure(ctx->argv, e) < 0)
		return -1;
	if (!realpath(o->bundle ? o->bundle : ".", c->bundle))
		return err_sys(e, errno, "bundle \"%s\"", o->bundle ? o->bundle : ".");
	bfd = open(c->bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bfd < 0)
		return err_sys(e, errno, "bundle \"%s\"", c->bundle);
	if (config_load(&c->spec, bfd, "config.json", "config.json", e) < 0) {
		close(bfd);
		return -1;
	}
	close(bfd);
	c->rootfd = state_root_open(ctx->root, true, e);
	if (c->rootfd < 0)
		goto fail;
	if (mkdirat(c->rootfd, o->id, 0711) < 0) {
		if (errno == EEXIST)
			err_set(e, EEXIST, "container \"%s\" already exists", o->id);
		else
			err_sys(e, errno, "create state directory of \"%s\"", o->id);
		goto fail;
	}
	c->dir_made = true;
	c->dirfd = openat(c->rootfd, o->id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	/* 0711 whatever the caller's umask: see exec.fifo below. */
	if (c->dirfd < 0 || fchmod(c->dirfd, 0711) < 0) {
		err_sys(e, errno, "open state directory of \"%s\"", o->id);
		goto fail;
	}
	c->lockfd = state_lock(c->dirfd, true, e);
	if (c->lockfd < 0 || create_save(c, ST_CREATING, e) < 0)
		goto fail;
	if (create_prepare(c, e) < 0)
		goto fail;
	if (cg_create(&c->cg, e) < 0)
		goto fail;
	c->cg_made = true;
	/* Record the cgroup at once: a runlet killed from here on leaves
	 * a state that `delete` can clean up. */
	if (create_save(c, ST_CREATING, e) < 0)
		goto fail;
	if (cg_apply(&c->cg, &c->spec.lnx.resources, false, e) < 0)
		goto fail;
	/* 0622 and a 0711 directory: the init opens it for writing after
	 * switching to the process user, through the directory fd it holds. */
	if (mkfifoat(c->dirfd, "exec.fifo", 0622) < 0 ||
	    fchmodat(c->dirfd, "exec.fifo", 0622, 0) < 0) {
		err_sys(e, errno, "create exec.fifo");
		goto fail;
	}
	if (process_spawn(c, e) < 0)
		goto fail;
	log_debug(ctx, "container %s: init %d spawned with %s", o->id, (int)c->pid, c->how);
	if (process_sync_recv(c, &m, SYNC_MOUNTED, e) < 0)
		goto fail;
	if (create_save(c, ST_CREATING, e) < 0 ||
	    create_run_parent_hooks(c, HOOK_PRESTART, "creating", e) < 0 ||
	    create_run_parent_hooks(c, HOOK_CREATE_RUNTIME, "creating", e) < 0 ||
	    process_sync_send(c, SYNC_CONTINUE, e) < 0)
		goto fail;
	if (process_sync_recv(c, &m, SYNC_CREATED, e) < 0)
		goto fail;
	/* the child's note, e.g. how it changed root when pivot_root failed */
	m.err.msg[sizeof(m.err.msg) - 1] = '\0';
	if (m.err.msg[0])
		log_debug(ctx, "container %s: %s", o->id, m.err.msg);
	if (create_save(c, ST_CREATED, e) < 0)
		goto fail;
	if (o->pid_file) {
		char buf[32];
		int fd, n = snprintf(buf, sizeof(buf), "%d", (int)c->pid);
		char tmp[PATH_MAX];

		snprintf(tmp, sizeof(tmp), "%s.tmp", o->pid_file);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, buf, (size_t)n) != n || close(fd) < 0 ||
		    rename(tmp, o->pid_file) < 0) {
			err_sys(e, errno, "write pid file \"%s\"", o->pid_file);
			if (fd >= 0)
				unlink(tmp);
			goto fail;
		}
	}
	return 0;
fail:
	err_ctx(e, "create \"%s\"", o->id);
	create_unwind(c);
	container_release(c);
	return -1;
}

/* ---- operations on existing containers ------------------------------- */

int ct_ref_open(struct rl_ctx *ctx, const char *id, struct ct_ref *r,
		    struct rl_err *e)
{
	memset(r, 0, sizeof(*r));
	r->rootfd = r->dirfd = r->lockfd = -1;
	if (state_valid_id(id, e) < 0)
		return -1;
	r->rootfd = state_root_open(ctx->root, false, e);
	if (r->rootfd < 0) {
		if (e->errnum == ENOENT)
			err_set(e, ENOENT, "container \"%s\" does not exist", id);
		return -1;
	}
	r->dirfd = state_dir_open(r->rootfd, id, e);
	if (r->dirfd < 0)
		goto fail;
	r->lockfd = state_lock(r->dirfd, true, e);
	if (r->lockfd < 0)
		goto fail;
	if (state_load(r->dirfd, id, &r->st, e) < 0)
		goto fail;
	r->status = state_status(r->dirfd, &r->st);
	return 0;
fail:
	if (r->dirfd >= 0)
		close(r->dirfd);
	close(r->rootfd);
	return -1;
}

void ct_ref_close(struct ct_ref *r)
{
	state_free(&r->st);
	if (r->lockfd >= 0)
		close(r->lockfd);
	if (r->dirfd >= 0)
		close(r->dirfd);
	if (r->rootfd >= 0)
		close(r->rootfd);
}

/* A pidfd for the container's init, refusing a reused pid. */
int ct_ref_pidfd(struct ct_ref *r)
{
	bool zombie;
	int fd = sys_pidfd_open(r->st.pid, 0), saved = errno;
	uint64_t start = state_pid_start(r->st.pid, &zombie);

	if ((r->st.pid_start && start != r->st.pid_start) ||
	    (fd < 0 && saved == ENOSYS && !start)) {
		if (fd >= 0)
			close(fd);
		errno = ESRCH;
		return -1;
	}
	errno = saved;
	return fd;
}

static int ref_signal(struct ct_ref *r, int sig)
{
	int fd = ct_ref_pidfd(r), ret;

	if (fd >= 0) {
		ret = sys_pidfd_send_signal(fd, sig, NULL, 0);
		close(fd);
		if (ret == 0 || errno != ENOSYS)
			return ret;
		/* pidfd_open without pidfd_send_signal: a filter allows one
		 * only; the pid was checked by ct_ref_pidfd just now. */
	} else if (errno != ENOSYS) {
		return -1;
	}
	return kill(r->st.pid, sig);
}

/* Waits (bounded) for the init to be gone. */
static void ref_wait_gone(struct ct_ref *r, int ms)
{
	struct timespec nap = { 0, 5 * 1000 * 1000 };
	bool zombie;
	int fd = ct_ref_pidfd(r);

	if (fd >= 0) {
		struct pollfd p = { fd, POLLIN, 0 };

		poll(&p, 1, ms);
		close(fd);
		return;
	}
	while (ms > 0 && state_pid_start(r->st.pid, &zombie) == r->st.pid_start && !zombie) {
		nanosleep(&nap, NULL);
		ms -= 5;
	}
}

static int ref_hooks(struct ct_ref *r, int kind, const char *status, struct rl_err *e)
{
	struct spec s;
	struct hooks_plan hp;
	struct child_err ce;
	struct ct tmp;
	struct ct_opts o;
	int bfd, ret = 0;

	bfd = open(r->st.bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bfd < 0)
		return err_sys(e, errno, "bundle \"%s\"", r->st.bundle);
	ret = config_load(&s, bfd, "config.json", "config.json", e);
	close(bfd);
	if (ret < 0)
		return -1;
	if (!s.hooks[kind].n) {
		spec_free(&s);
		return 0;
	}
	if (hooks_plan_build(&hp, &s, e) < 0) {
		spec_free(&s);
		return -1;
	}
	memset(&tmp, 0, sizeof(tmp));
	memset(&o, 0, sizeof(o));
	o.id = r->st.id;
	tmp.opts = &o;
	tmp.spec = s;
	snprintf(tmp.bundle, sizeof(tmp.bundle), "%s", r->st.bundle);
	tmp.state_cap = state_cap_for(&s, o.id, tmp.bundle);
	tmp.state_json = malloc(tmp.state_cap);
	if (!tmp.state_json) {
		ret = err_sys(e, ENOMEM, "hooks");
	} else {
		size_t n = container_state_fmt(&tmp, status, r->st.pid);

		memset(&ce, 0, sizeof(ce));
		if (hooks_run(&hp, kind, tmp.state_json, n, &ce) < 0)
			ret = ce.errnum ? err_sys(e, ce.errnum, "%s", ce.msg)
					: err_set(e, EINVAL, "%s", ce.msg);
	}
	free(tmp.state_json);
	hooks_plan_free(&hp);
	spec_free(&s);
	return ret;
}

int container_start(struct rl_ctx *ctx, const char *id, struct rl_err *e)
{
	struct ct_ref r;
	struct pollfd p;
	char byte;
	int fd, ret = -1;

	if (ct_ref_open(ctx, id, &r, e) < 0)
		return -1;
	if (r.status != ST_CREATED) {
		err_set(e, EINVAL, "cannot start a container that is %s (only a created one)",
			state_status_name(r.status));
		goto out;
	}
	/* Non-blocking open never hangs; the waiting init's open(O_WRONLY)
	 * returns as soon as we are here, and it writes one byte. */
	fd = openat(r.dirfd, "exec.fifo", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err_sys(e, errno, "open exec.fifo");
		goto out;
	}
	p.fd = fd;
	p.events = POLLIN;
	for (;;) {
		int n = poll(&p, 1, 100);
		bool zombie;

		if (n > 0 && read(fd, &byte, 1) == 1) {
			/* Then to the end: the init closes its end at execve
			 * (or when it exits). */
			for (;;) {
				n = poll(&p, 1, 100);
				ssize_t got = n > 0 ? read(fd, &byte, 1) : 1;

				if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
					break;
				if (state_pid_start(r.st.pid, &zombie) != r.st.pid_start || zombie)
					break;
			}
			break;
		}
		if ((n > 0 && (p.revents & POLLHUP)) ||
		    state_pid_start(r.st.pid, &zombie) != r.st.pid_start || zombie) {
			close(fd);
			err_set(e, ECHILD, "container process exited before it could start");
			goto out;
		}
	}
	close(fd);
	unlinkat(r.dirfd, "exec.fifo", 0);
	r.st.stored = ST_RUNNING;
	if (state_save(r.dirfd, &r.st, e) < 0)
		goto out;
	if (ref_hooks(&r, HOOK_POSTSTART, "running", e) < 0) {
		/* runtime-spec 1.3: a failing poststart hook stops the container. */
		ref_signal(&r, SIGKILL);
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		err_ctx(e, "start \"%s\"", id);
	ct_ref_close(&r);
	return ret;
}

/* kill --all: every process in the container's cgroup. The cgroup is
 * frozen meanwhile (v1 freezer or cgroup.freeze), so that nothing forks
 * past the signal; a paused container stays frozen. */
static int kill_all(struct ct_ref *r, int sig, struct rl_err *e)
{
	struct cg cg;
	pid_t *pids = NULL;
	size_t n = 0, i;
	bool frozen, thaw = false;
	int ret = -1;

	memset(&cg, 0, sizeof(cg));
	if (cg_restore(&cg, r->st.cgroup, e) < 0)
		return -1;
	pids = calloc(65536, sizeof(*pids));
	if (!pids) {
		err_sys(e, ENOMEM, "kill --all");
		goto out;
	}
	frozen = r->status == ST_PAUSED || cg_is_frozen(&cg);
	if (!frozen) {
		struct rl_err ignore;

		thaw = cg_freeze(&cg, true, &ignore) == 0;
	}
	if (cg_pids(&cg, pids, 65536, &n, e) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (kill(pids[i], sig) < 0 && errno != ESRCH) {
			err_sys(e, errno, "kill %d", (int)pids[i]);
			goto out;
		}
	ret = 0;
out:
	if (thaw) {
		struct rl_err ignore;

		cg_freeze(&cg, false, &ignore);
	}
	cg_free(&cg);
	free(pids);
	return ret;
}

int container_kill(struct rl_ctx *ctx, const char *id, int sig, bool all, struct rl_err *e)
{
	struct ct_ref r;
	int ret = -1;

	if (ct_ref_open(ctx, id, &r, e) < 0)
		return -1;
	if (all) {
		if (kill_all(&r, sig, e) < 0)
			goto out;
		ret = 0;
		goto out;
	}
	if (r.status != ST_CREATED && r.status != ST_RUNNING && r.status != ST_PAUSED) {
		err_set(e, EINVAL, "container \"%s\" is not running", id);
		goto out;
	}
	if (ref_signal(&r, sig) < 0) {
		err_sys(e, errno, "kill \"%s\"", id);
		goto out;
	}
	ret = 0;
out:
	ct_ref_close(&r);
	return ret;
}

int container_delete(struct rl_ctx *ctx, const char *id, bool force, struct rl_err *e)
{
	struct ct_ref r;
	struct cg cg;
	int ret = -1;

	if (ct_ref_open(ctx, id, &r, e) < 0)
		return -1;
	if (r.status == ST_RUNNING || r.status == ST_PAUSED || r.status == ST_CREATING) {
		if (!force) {
			err_set(e, EBUSY, "cannot delete container \"%s\" that is %s: stop it first or use --force",
				id, state_status_name(r.status));
			goto out;
		}
	}
	if (cg_restore(&cg, r.st.cgroup, e) < 0)
		goto out;
	if (r.status != ST_STOPPED) {
		/* created (or forced): the init never ran the user program.
		 * A frozen v1 task dies only once thawed. */
		ref_signal(&r, SIGKILL);
		if (r.status == ST_PAUSED || cg_is_frozen(&cg)) {
			struct rl_err ignore;

			cg_freeze(&cg, false, &ignore);
		}
		ref_wait_gone(&r, 5000);
	}
	{
		if (cg_destroy(&cg, true, e) < 0) {
			cg_free(&cg);
			goto out;
		}
		cg_free(&cg);
	}
	state_dir_remove(r.rootfd, r.dirfd, id);
	ret = 0;
	if (ref_hooks(&r, HOOK_POSTSTOP, "stopped", e) < 0) {
		/* poststop failures are logged, the delete has happened. */
		log_warn(ctx, "%s", e->msg);
	}
out:
	if (ret < 0)
		err_ctx(e, "delete \"%s\"", id);
	ct_ref_close(&r);
	return ret;
}

int container_pause(struct rl_ctx *ctx, const char *id, bool pause, struct rl_err *e)
{
	struct ct_ref r;
	struct cg cg;
	struct stat sb;
	int ret = -1;

	memset(&cg, 0, sizeof(cg));
	if (ct_ref_open(ctx, id, &r, e) < 0)
		return -1;
	if (pause && r.status != ST_RUNNING && r.status != ST_CREATED) {
		err_set(e, EINVAL, "container \"%s\" is %s, not running or created", id,
			state_status_name(r.status));
		goto out;
	}
	if (!pause && r.status != ST_PAUSED) {
		err_set(e, EINVAL, "container \"%s\" is %s, not paused", id, state_status_name(r.status));
		goto out;
	}
	if (cg_restore(&cg, r.st.cgroup, e) < 0 || cg_freeze(&cg, pause, e) < 0)
		goto out;
	if (pause)
		r.st.stored = ST_PAUSED;
	else
		r.st.stored = fstatat(r.dirfd, "exec.fifo", &sb, AT_SYMLINK_NOFOLLOW) == 0 ?
			ST_CREATED : ST_RUNNING;
	if (state_save(r.dirfd, &r.st, e) < 0) {
		struct rl_err ignore;

		cg_freeze(&cg, !pause, &ignore);
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		err_ctx(e, "%s \"%s\"", pause ? "pause" : "resume", id);
	cg_free(&cg);
	ct_ref_close(&r);
	return ret;
}
