// SPDX-License-Identifier: MIT
/*
 * What happens between clone and execve.
 *
 * Spawning tries, in order: clone3 with every new-namespace flag (plus
 * CLONE_INTO_CGROUP on a pure cgroup v2 host, and CLONE_PIDFD); clone with
 * the same flags when clone3 is ENOSYS (sparc64 before 7.0, old kernels);
 * and a two-step path when clone refuses the flags (EINVAL under
 * qemu-user), when a namespace is joined by path, or when time offsets must
 * be written before any process enters the time namespace: an intermediate
 * child joins (setns) and creates (unshare) the namespaces, the parent
 * writes its id maps and time offsets, and it forks the container init with
 * CLONE_PARENT so runlet stays the init's parent. Where CLONE_PARENT is
 * refused too (qemu-user) and no user or time namespace is involved,
 * runlet forks the init itself into the pid namespace (spawn_pidns_fork).
 *
 * The child then follows the sync protocol in container.h and does its
 * setup with raw syscalls only: everything it reads was prepared by the
 * parent in struct ct.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "json.h"
#include "sys.h"
#include "tty.h"

#define SYS_CLONE_PARENT_ 0x00008000UL

/* ---- sync protocol --------------------------------------------------- */

static int child_send(int fd, uint32_t type, int32_t pid, const struct child_err *ce)
{
	struct sync_msg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.pid = pid;
	if (ce)
		m.err = *ce;
	while (send(fd, &m, sizeof(m), MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static int child_recv(int fd, uint32_t want, struct sync_msg *m)
{
	ssize_t n;

	do
		n = recv(fd, m, sizeof(*m), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*m) || m->type != want)
		return -1;
	return 0;
}

__attribute__((noreturn))
static void child_fail(struct ct *c, struct child_err *ce)
{
	child_send(c->sync_child, SYNC_ERROR, 0, ce);
	_exit(1);
}

int process_sync_send(struct ct *c, uint32_t type, struct rl_err *e)
{
	struct sync_msg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.pid = c->pid;
	while (send(c->sync_parent, &m, sizeof(m), MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return err_sys(e, errno, "sync with container");
	return 0;
}

int process_sync_recv(struct ct *c, struct sync_msg *m, uint32_t want, struct rl_err *e)
{
	ssize_t n;

	do
		n = recv(c->sync_parent, m, sizeof(*m), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return err_sys(e, errno, "sync with container");
	if (n == 0)
		return err_set(e, ECHILD, "container process exited during setup");
	if (n != (ssize_t)sizeof(*m))
		return err_set(e, EPROTO, "sync with container: short message");
	if (m->type == SYNC_ERROR) {
		m->err.msg[sizeof(m->err.msg) - 1] = '\0';
		if (m->err.errnum)
			return err_sys(e, m->err.errnum, "%s", m->err.msg);
		return err_set(e, EINVAL, "%s", m->err.msg);
	}
	if (m->type != want)
		return err_set(e, EPROTO, "sync with container: unexpected message %u", m->type);
	return 0;
}

/* ---- child ------------------------------------------------------------- */

static long child_sys(long nr, long a, long b, long c3)
{
	return syscall(nr, a, b, c3);
}

/* Finds argv[0] like execvp does, but in the container's PATH. */
static int child_lookup(struct ct *c, char *out, size_t cap, struct child_err *ce)
{
	const char *arg0 = c->argv[0], *p = c->exec_path_env, *colon;
	struct stat st;

	if (strchr(arg0, '/')) {
		/* Checked here, at create, as runc does: a missing or
		 * non-executable program fails create, not start. */
		c_strlcpy(out, arg0, cap);
		if (stat(out, &st) < 0)
			return cerr(ce, errno, "exec: stat", arg0);
		if (!S_ISREG(st.st_mode) || access(out, X_OK) < 0)
			return cerr(ce, S_ISREG(st.st_mode) ? errno : EACCES, "exec: not an executable file", arg0);
		return 0;
	}
	if (!p)
		p = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (; *p; p = *colon ? colon + 1 : colon) {
		size_t n;

		colon = strchr(p, ':');
		if (!colon)
			colon = p + c_strlen(p);
		n = (size_t)(colon - p);
		if (n == 0 || n + 2 + c_strlen(arg0) > cap)
			continue;
		memcpy(out, p, n);
		out[n] = '/';
		c_strlcpy(out + n + 1, arg0, cap - n - 1);
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 0;
	}
	ce->errnum = ENOENT;
	ce->msg[0] = '\0';
	c_strlcat(ce->msg, "exec: \"", sizeof(ce->msg));
	c_strlcat(ce->msg, arg0, sizeof(ce->msg));
	c_strlcat(ce->msg, "\": executable file not found in $PATH", sizeof(ce->msg));
	return -1;
}

/* cwd must be reachable from the container's root: the kernel prefixes an
 * unreachable cwd (a leaked host directory fd, CVE-2024-21626) with
 * "(unreachable)". */
static int child_check_cwd(struct child_err *ce)
{
	char buf[PATH_MAX];

	if (child_sys(RL_NR_getcwd, (long)buf, sizeof(buf), 0) < 0)
		return cerr(ce, errno, "getcwd", NULL);
	if (buf[0] != '/')
		return cerr(ce, EPERM, "current working directory is outside the container root", NULL);
	return 0;
}

/* Closes fds first..last; the fallback walks no higher than the highest
 * fd the parent saw plus a margin for the child's own few. */
static void child_close_range(struct ct *c, unsigned first, unsigned last)
{
	unsigned fd, top = (unsigned)c->max_fd + 16;

	if (first > last || sys_close_range(first, last, 0) == 0)
		return;
	for (fd = first; fd <= last && fd <= top; fd++)
		close((int)fd);
}

/* Moves fd to the lowest free number >= min (close-on-exec). */
static long child_move_fd(long fd, long min)
{
	long n;

	if (fd >= min)
		return fd;
	n = fcntl((int)fd, F_DUPFD_CLOEXEC, (int)min);
	if (n >= 0)
		close((int)fd);
	return n;
}

/* Keeps the fds *fds[i] (-1: none) at increasing numbers from `first` on
 * and closes every other fd from `first` up. */
static int child_keep_fds(struct ct *c, long first, int *const *fds, int n)
{
	long next = first, prev = first - 1, f;
	int i;

	for (i = 0; i < n; i++) {
		if (*fds[i] < 0)
			continue;
		f = child_move_fd(*fds[i], next);
		if (f < 0)
			return -1;
		*fds[i] = (int)f;
		next = f + 1;
	}
	for (i = 0; i < n; i++) {
		if (*fds[i] < 0)
			continue;
		if (*fds[i] > prev + 1)
			child_close_range(c, (unsigned)prev + 1, (unsigned)*fds[i] - 1);
		prev = *fds[i];
	}
	child_close_range(c, (unsigned)prev + 1, ~0U);
	return 0;
}

/* With SCMP_ACT_NOTIFY: the listener fd and runtime-spec's
 * containerProcessState go to the agent at listenerPath (SCM_RIGHTS). */
static int child_seccomp_notify(struct ct *c, int listener, const char *status,
				struct child_err *ce)
{
	size_t n = container_notify_fmt(c, status, c->pid);
	int r = c_send_fd(c->notify_fd, listener, c->notify_msg, n);

	close(listener);
	close(c->notify_fd);
	c->notify_fd = -1;
	if (r < 0)
		return cerr(ce, errno, "send the seccomp listener to", c->spec.lnx.seccomp.listener_path);
	return 0;
}

/* The seccomp filter goes in as late as it can (runc's order): with
 * no_new_privs, just before execve; without, while the process still has
 * CAP_SYS_ADMIN, which the kernel then requires, before the privileges are
 * dropped. */
static int child_seccomp_early(struct ct *c, struct child_err *ce)
{
	int l;

	/* A notify filter goes in early in any case: its listener must
	 * reach the agent while errors can still be reported. */
	if (!c->scmp.insns || (c->spec.process.no_new_privileges && !c->scmp.notify))
		return 0;
	l = scmp_load(&c->scmp);
	if (l < 0)
		return cerr(ce, errno, "load the seccomp filter", NULL);
	if (c->scmp.notify)
		return child_seccomp_notify(c, l, c->exec_mode ? "running" : "creating", ce);
	return 0;
}

static int child_seccomp_late(struct ct *c, struct child_err *ce)
{
	if (!c->scmp.insns || !c->spec.process.no_new_privileges || c->scmp.notify)
		return 0;
	if (scmp_load(&c->scmp) < 0)
		return cerr(ce, errno, "load the seccomp filter", NULL);
	return 0;
}

/* `exec`: the process joins a running container. Namespaces are joined
 * (by the intermediate) and the cgroup entered (by the parent) already;
 * the sync socket stays open until execve closes it, which tells the
 * parent the exec happened. */
__attribute__((noreturn))
static void child_exec_tail(struct ct *c)
{
	const struct spec *s = &c->spec;
	struct child_err ce;
	char path[PATH_MAX];
	long first, fd;

	memset(&ce, 0, sizeof(ce));
	/* Before anything looks at paths in the container, only stdio, the
	 * preserved fds, the sync socket and the console socket stay: no
	 * host directory fd for a cwd to escape through (CVE-2024-21626). */
	first = 3 + c->opts->preserve_fds;
	{
		int *const keep[] = { &c->sync_child, &c->console_fd, &c->notify_fd };

		if (child_keep_fds(c, first, keep, 3) < 0)
			child_fail(c, (cerr(&ce, errno, "move the fds to keep", NULL), &ce));
	}
	if (s->process.terminal && tty_setup_child(c->console_fd, &s->process, false, &ce) < 0)
		child_fail(c, &ce);
	if (c->console_fd >= 0)
		close(c->console_fd);
	if (proc_setup_early(&c->proc, &ce) < 0 || child_seccomp_early(c, &ce) < 0 ||
	    proc_drop_privileges(&c->proc, &ce) < 0)
		child_fail(c, &ce);
	if (chdir(s->process.cwd) < 0)
		child_fail(c, (cerr(&ce, errno, "chdir to process.cwd", s->process.cwd), &ce));
	if (child_check_cwd(&ce) < 0 || child_lookup(c, path, sizeof(path), &ce) < 0)
		child_fail(c, &ce);
	for (fd = 3; fd < first; fd++)
		fcntl((int)fd, F_SETFD, 0);
	if (proc_set_nnp(&c->proc, &ce) < 0 || child_seccomp_late(c, &ce) < 0)
		child_fail(c, &ce);
	prctl(PR_SET_PDEATHSIG, 0);
	execve(path, c->argv, c->envp);
	cerr(&ce, errno, "exec", path);
	child_fail(c, &ce);
}

/* Joins the namespaces given by path, then creates the new ones but
 * those in skip. */
static int child_namespaces(struct ct *c, uint64_t skip, struct child_err *ce)
{
	uint64_t f = c->ns.new_flags & ~skip;

	if (ns_join_all(&c->ns, ce) < 0)
		return -1;
	if (f && sys_unshare((unsigned long)f) < 0)
		return cerr(ce, errno, "unshare namespaces", NULL);
	return 0;
}

/* self_ns: forked by runlet straight into the pid namespace
 * (spawn_pidns_fork), the init joins and creates the others itself. */
__attribute__((noreturn))
static void child_run(struct ct *c, bool wait_go, bool self_ns)
{
	struct child_err ce;
	struct sync_msg m;
	char path[PATH_MAX];
	const struct spec *s = &c->spec;
	char fifo_path[40], num[24];
	long first, fd, fifo, keep;
	int i, wfd;

	sigset_t none;

	memset(&ce, 0, sizeof(ce));
	/* flock() locks belong to the open file: a waiting init that kept
	 * the state lock would block every later start, kill or delete. */
	if (c->lockfd >= 0)
		close(c->lockfd);
	c->lockfd = -1;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Dispositions the caller ignored would survive execve: the
	 * container process starts with every signal at its default. */
	for (i = 1; i <= 64; i++)
		if (i != SIGKILL && i != SIGSTOP)
			sys_signal_default(i);
	/* Die with runlet while it is setting us up. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (self_ns && child_namespaces(c, SYS_CLONE_NEWPID | SYS_CLONE_NEWCGROUP, &ce) < 0)
		child_fail(c, &ce);
	if (wait_go && child_recv(c->sync_child, SYNC_GO, &m) < 0)
		_exit(1);
	if (wait_go)
		c->pid = m.pid;
	/* A session of its own, like a login: no controlling terminal of
	 * the caller's, no job control signals from the caller's session. */
	if (setsid() < 0)
		child_fail(c, (cerr(&ce, errno, "setsid", NULL), &ce));
	/* The cgroup namespace's root is fixed when it is made: make it only
	 * now that the parent has put us in the container's cgroup. */
	if ((c->ns.new_flags & SYS_CLONE_NEWCGROUP) && !c->into_cgroup &&
	    sys_unshare((unsigned long)SYS_CLONE_NEWCGROUP) < 0)
		child_fail(c, (cerr(&ce, errno, "unshare the cgroup namespace", NULL), &ce));
	if ((c->ns.new_flags & SYS_CLONE_NEWUSER) || c->ns.join_fd[NS_USER] >= 0) {
		/* Become root of the user namespace (the maps are written). */
		if (child_sys(RL_NR_setresgid, 0, 0, 0) < 0)
			child_fail(c, (cerr(&ce, errno, "setresgid to the namespace's root", NULL), &ce));
		if (child_sys(RL_NR_setresuid, 0, 0, 0) < 0)
			child_fail(c, (cerr(&ce, errno, "setresuid to the namespace's root", NULL), &ce));
	}
	if (c->exec_mode)
		child_exec_tail(c);
	if (s->hostname && sethostname(s->hostname, c_strlen(s->hostname)) < 0)
		child_fail(c, (cerr(&ce, errno, "sethostname", s->hostname), &ce));
	if (s->domainname && setdomainname(s->domainname, c_strlen(s->domainname)) < 0)
		child_fail(c, (cerr(&ce, errno, "setdomainname", s->domainname), &ce));
	if (rootfs_mount_all(&c->rootfs, &ce) < 0)
		child_fail(c, &ce);
	if (child_send(c->sync_child, SYNC_MOUNTED, 0, NULL) < 0 ||
	    child_recv(c->sync_child, SYNC_CONTINUE, &m) < 0)
		_exit(1);
	if (c->hooks.n[HOOK_CREATE_CONTAINER]) {
		size_t n = container_state_fmt(c, "creating", c->pid);

		if (hooks_run(&c->hooks, HOOK_CREATE_CONTAINER, c->state_json, n, &ce) < 0)
			child_fail(c, &ce);
	}
	if (rootfs_pivot(&c->rootfs, &ce) < 0)
		child_fail(c, &ce);
	if (s->process.terminal && tty_setup_child(c->console_fd, &s->process, true, &ce) < 0)
		child_fail(c, &ce);
	if (c->console_fd >= 0)
		close(c->console_fd);
	if (rootfs_finish(&c->rootfs, &ce) < 0)
		child_fail(c, &ce);
	if (proc_setup_early(&c->proc, &ce) < 0)
		child_fail(c, &ce);
	if (child_seccomp_early(c, &ce) < 0)
		child_fail(c, &ce);
	if (proc_drop_privileges(&c->proc, &ce) < 0)
		child_fail(c, &ce);
	if (chdir(s->process.cwd) < 0)
		child_fail(c, (cerr(&ce, errno, "chdir to process.cwd", s->process.cwd), &ce));
	if (child_check_cwd(&ce) < 0 || child_lookup(c, path, sizeof(path), &ce) < 0)
		child_fail(c, &ce);
	/* While it waits for `start` the init holds only what it will exec
	 * with: stdio, the preserved fds and an O_PATH fd of exec.fifo, not
	 * the state directory (a host directory fd: CVE-2024-21626). The
	 * fifo is reopened through the container's /proc; a container
	 * without /proc keeps the state directory fd instead, until exec. */
	first = 3 + c->opts->preserve_fds + c->listen_fds;
	fifo = openat(c->dirfd, "exec.fifo", O_PATH | O_CLOEXEC | O_NOFOLLOW);
	if (fifo < 0)
		child_fail(c, (cerr(&ce, errno, "open exec.fifo", NULL), &ce));
	fifo = child_move_fd(fifo, first);
	if (fifo < 0)
		child_fail(c, (cerr(&ce, errno, "move the exec.fifo fd", NULL), &ce));
	c_strlcpy(fifo_path, "/proc/self/fd/", sizeof(fifo_path));
	c_strlcat(fifo_path, c_utoa(num, sizeof(num), (uint64_t)fifo), sizeof(fifo_path));
	keep = fifo;
	if (access(fifo_path, F_OK) < 0) {
		keep = child_move_fd(c->dirfd, fifo + 1);
		if (keep < 0)
			child_fail(c, (cerr(&ce, errno, "move the state directory fd", NULL), &ce));
		c->dirfd = (int)keep;
	}
	prctl(PR_SET_PDEATHSIG, 0);
	/* err.msg of SYNC_CREATED: a note for runlet's --debug log */
	memset(&ce, 0, sizeof(ce));
	if (c->rootfs.run->pivot_fallback)
		c_strlcpy(ce.msg, "pivot_root refused (/ is the initramfs): used MS_MOVE+chroot",
			  sizeof(ce.msg));
	if (child_send(c->sync_child, SYNC_CREATED, 0, &ce) < 0)
		_exit(1);
	if (fifo > first)
		child_close_range(c, (unsigned)first, (unsigned)fifo - 1);
	if (keep > fifo + 1)
		child_close_range(c, (unsigned)fifo + 1, (unsigned)keep - 1);
	child_close_range(c, (unsigned)keep + 1, ~0U);

	/* Created: wait for `start` to open the fifo for reading. */
	do
		fd = keep == fifo ? open(fifo_path, O_WRONLY | O_CLOEXEC) :
			openat(c->dirfd, "exec.fifo", O_WRONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0 || write((int)fd, "0", 1) != 1)
		_exit(1);
	/* The write end stays open (close-on-exec) until execve: `start`
	 * reads to its end, so that poststart hooks follow the exec and
	 * the startContainer hooks, as the runtime-spec orders them. */
	wfd = (int)fd;
	if (c->hooks.n[HOOK_START_CONTAINER]) {
		size_t n = container_state_fmt(c, "created", c->pid);

		if (hooks_run(&c->hooks, HOOK_START_CONTAINER, c->state_json, n, &ce) < 0) {
			c_strlcat(ce.msg, "\n", sizeof(ce.msg));
			if (write(2, "runlet: ", 8) < 0 || write(2, ce.msg, c_strlen(ce.msg)) < 0)
				_exit(1);
			_exit(1);
		}
	}
	for (fd = 3; fd < first; fd++)
		fcntl((int)fd, F_SETFD, 0);
	{
		int *const keepfd[] = { &wfd };

		if (child_keep_fds(c, first, keepfd, 1) < 0)
			_exit(1);
	}
	if (child_check_cwd(&ce) < 0)
		_exit(1);
	if (proc_set_nnp(&c->proc, &ce) < 0)
		_exit(1);
	if (child_seccomp_late(c, &ce) < 0) {
		c_strlcat(ce.msg, "\n", sizeof(ce.msg));
		if (write(2, "runlet: ", 8) < 0 || write(2, ce.msg, c_strlen(ce.msg)) < 0)
			_exit(1);
		_exit(1);
	}
	execve(path, c->argv, c->envp);
	{
		ce.msg[0] = '\0';
		c_strlcat(ce.msg, "runlet: exec \"", sizeof(ce.msg));
		c_strlcat(ce.msg, path, sizeof(ce.msg));
		c_strlcat(ce.msg, "\" failed: errno ", sizeof(ce.msg));
		c_strlcat(ce.msg, c_utoa(num, sizeof(num), (uint64_t)errno), sizeof(ce.msg));
		c_strlcat(ce.msg, "\n", sizeof(ce.msg));
		if (write(2, ce.msg, c_strlen(ce.msg)) < 0)
			_exit(127);
	}
	_exit(127);
}

/* A user namespace must own the pid namespace, so it is made (or joined)
 * first, by an intermediate; a time namespace, like a pid namespace, is
 * entered only by the children of whoever unshares or joins it. */
static bool spawn_needs_intermediate(const struct ct *c)
{
	return c->ns.userns || (c->ns.new_flags & SYS_CLONE_NEWTIME) ||
	       c->ns.join_fd[NS_TIME] >= 0;
}

/* The intermediate of the two-step path. */
__attribute__((noreturn))
static void child_intermediate(struct ct *c)
{
	struct child_err ce;
	struct sync_msg m;
	long pid;

	memset(&ce, 0, sizeof(ce));
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (child_namespaces(c, SYS_CLONE_NEWCGROUP, &ce) < 0)
		child_fail(c, &ce);
	if (child_send(c->sync_child, SYNC_UNSHARED, 0, NULL) < 0 ||
	    child_recv(c->sync_child, SYNC_GO, &m) < 0)
		_exit(1);
	c->pid = m.pid;
	pid = sys_clone(SYS_CLONE_PARENT_ | SIGCHLD, NULL);
	if (pid < 0 && errno == EINVAL && !spawn_needs_intermediate(c)) {
		/* qemu-user refuses CLONE_PARENT: pid 0 asks runlet to
		 * fork the init itself (spawn_pidns_fork) */
		child_send(c->sync_child, SYNC_PID, 0, NULL);
		_exit(0);
	}
	if (pid < 0)
		child_fail(c, (cerr(&ce, errno, "fork container init", NULL), &ce));
	if (pid == 0)
		child_run(c, true, false);
	child_send(c->sync_child, SYNC_PID, (int32_t)pid, NULL);
	_exit(0);
}

/* ---- parent ------------------------------------------------------------ */

static int spawn_direct(struct ct *c, int *pidfd, struct rl_err *e)
{
	struct sys_clone_args ca;
	int cgfd = cg_v2_fd(&c->cg);
	long pid;

	memset(&ca, 0, sizeof(ca));
	/* CLONE_NEWCGROUP only together with CLONE_INTO_CGROUP: otherwise the
	 * child unshares it after the parent moved it (see child_run). */
	c->into_cgroup = cgfd >= 0;
	ca.flags = (c->ns.new_flags & ~(cgfd >= 0 ? 0 : SYS_CLONE_NEWCGROUP)) | SYS_CLONE_PIDFD;
	ca.pidfd = (uint64_t)(uintptr_t)pidfd;
	ca.exit_signal = SIGCHLD;
	if (cgfd >= 0) {
		ca.flags |= SYS_CLONE_INTO_CGROUP;
		ca.cgroup = (uint64_t)cgfd;
	}
	/* The smallest size that carries what is set: a kernel older than a
	 * field refuses a size that includes it (E2BIG) when it is not 0. */
	pid = sys_clone3(&ca, cgfd >= 0 ? sizeof(ca) : SYS_CLONE_ARGS_SIZE_VER0);
	if (pid < 0 && cgfd >= 0 && errno != ENOSYS) {
		/* E2BIG (no cgroup field), EBUSY, EOPNOTSUPP: enter by pid. */
		c->into_cgroup = false;
		ca.flags &= ~(SYS_CLONE_INTO_CGROUP | SYS_CLONE_NEWCGROUP);
		ca.cgroup = 0;
		pid = sys_clone3(&ca, SYS_CLONE_ARGS_SIZE_VER0);
	}
	if (pid == 0)
		child_run(c, true, false);
	if (pid > 0) {
		c->how = c->into_cgroup ? "clone3+into_cgroup" : "clone3";
		return (int)pid;
	}
	if (errno != ENOSYS)
		return err_sys(e, errno, "clone3");
	/* clone(2) takes no CLONE_NEWTIME: its bit is in the exit-signal byte. */
	if (c->ns.new_flags & SYS_CLONE_NEWTIME) {
		errno = EINVAL;
		return -2;
	}
	c->into_cgroup = false;
	pid = sys_clone((unsigned long)(c->ns.new_flags & ~SYS_CLONE_NEWCGROUP) |
			SYS_CLONE_PIDFD | SIGCHLD, pidfd);
	if (pid < 0 && errno == EINVAL) {
		/* Before 5.2 there is no CLONE_PIDFD; qemu-user refuses ns flags. */
		*pidfd = -1;
		pid = sys_clone((unsigned long)(c->ns.new_flags & ~SYS_CLONE_NEWCGROUP) | SIGCHLD, NULL);
	}
	if (pid == 0)
		child_run(c, true, false);
	if (pid > 0) {
		c->how = "clone";
		return (int)pid;
	}
	if (errno == EINVAL)
		return -2;
	return err_sys(e, errno, "clone");
}

/*
 * Without CLONE_PARENT (qemu-user refuses it) the intermediate cannot
 * fork the init as runlet's child: runlet forks it itself, with its pid
 * namespace for children switched to the container's for that one fork,
 * and the init joins and creates the other namespaces (child_run's
 * self_ns). Not with a user or time namespace (spawn_needs_intermediate).
 * Replaces the sync socketpair (the intermediate's is closed here).
 */
static int spawn_pidns_fork(struct ct *c, struct rl_err *e)
{
	int self = -1, sv[2], target = c->ns.join_fd[NS_PID];
	long pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return err_sys(e, errno, "socketpair");
	close(c->sync_parent);
	c->sync_parent = sv[0];
	c->sync_child = sv[1];
	if (target >= 0 || (c->ns.new_flags & SYS_CLONE_NEWPID)) {
		self = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
		if (self < 0)
			return err_sys(e, errno, "open \"/proc/self/ns/pid\"");
		if ((target >= 0 ? sys_setns(target, (int)SYS_CLONE_NEWPID) :
		     sys_unshare((unsigned long)SYS_CLONE_NEWPID)) < 0) {
			err_sys(e, errno, "enter the container's pid namespace for the fork");
			close(self);
			return -1;
		}
	}
	pid = sys_clone(SIGCHLD, NULL);
	if (pid == 0)
		child_run(c, true, true);
	if (pid < 0)
		err_sys(e, errno, "fork container init");
	else
		c->pid = (pid_t)pid;
	if (self >= 0 && sys_setns(self, (int)SYS_CLONE_NEWPID) < 0 && pid > 0) {
		err_sys(e, errno, "return to runlet's pid namespace");
		pid = -1;
	}
	if (self >= 0)
		close(self);
	close(c->sync_child);
	c->sync_child = -1;
	return pid < 0 ? -1 : 0;
}

int process_spawn(struct ct *c, struct rl_err *e)
{
	int pidfd = -1, sv[2];
	struct sync_msg m;
	long pid;
	bool two_step;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return err_sys(e, errno, "socketpair");
	c->sync_parent = sv[0];
	c->sync_child = sv[1];
	two_step = c->ns.join_mask || c->ns.time_offsets[0];
	if (!two_step) {
		pid = spawn_direct(c, &pidfd, e);
		if (pid == -1)
			return -1;
		if (pid == -2)
			two_step = true;
	}
	if (two_step) {
		pid = sys_clone(SIGCHLD, NULL);
		if (pid < 0)
			return err_sys(e, errno, "fork");
		if (pid == 0)
			child_intermediate(c);
		c->how = "unshare+fork";
		c->inter = (pid_t)pid;
	} else {
		c->pid = (pid_t)pid;
		c->pidfd = pidfd;
	}
	close(c->sync_child);
	c->sync_child = -1;

	if (two_step) {
		if (process_sync_recv(c, &m, SYNC_UNSHARED, e) < 0)
			return -1;
		if (ns_write_maps(&c->ns, c->inter, e) < 0 ||
		    ns_write_time_offsets(&c->ns, c->inter, e) < 0 ||
		    cg_enter(&c->cg, c->inter, e) < 0)
			return -1;
		if (process_sync_send(c, SYNC_GO, e) < 0 ||
		    process_sync_recv(c, &m, SYNC_PID, e) < 0)
			return -1;
		waitpid(c->inter, NULL, 0);
		c->inter = 0;
		if (m.pid == 0) {
			if (spawn_pidns_fork(c, e) < 0)
				return -1;
			c->how = "unshare+fork (without CLONE_PARENT)";
			if (cg_enter(&c->cg, c->pid, e) < 0)
				return -1;
		} else {
			c->pid = m.pid;
		}
		c->pidfd = sys_pidfd_open(c->pid, 0);
		if (process_sync_send(c, SYNC_GO, e) < 0)
			return -1;
	} else {
		if (ns_write_maps(&c->ns, c->pid, e) < 0)
			return -1;
		if (!c->into_cgroup && cg_enter(&c->cg, c->pid, e) < 0)
			return -1;
		if (process_sync_send(c, SYNC_GO, e) < 0)
			return -1;
	}
	return 0;
}
