// SPDX-License-Identifier: MIT
/*
 * `exec`: a new process in an existing container, as runc does it. The
 * process starts from the container's config.json process (or a -p
 * process.json) with the command-line overrides applied; it joins every
 * namespace the container's init is in (opened from /proc/<pid>/ns, each
 * checked to be a namespace of its type, the init checked to be the same
 * process afterwards), the container's cgroup, and then goes through the
 * same privilege steps as the init. The same defences apply: runlet runs
 * from a protected copy of its binary, only stdio and the preserved fds
 * reach the process, and its cwd must be inside the container.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "container.h"
#include "exeprot.h"
#include "fg.h"
#include "sys.h"
#include "tables.h"
#include "tty.h"

/* -u uid[:gid] (numbers only: the container's /etc/passwd is not ours to
 * parse, runc has the same rule for exec). */
static int exec_user(struct spec_process *p, const char *u, struct rl_err *e)
{
	char *end;
	unsigned long uid, gid;

	errno = 0;
	uid = strtoul(u, &end, 10);
	if (errno || end == u || (*end && *end != ':') || uid > 0xfffffffeUL)
		return err_usage(e, "exec: --user \"%s\": expected uid[:gid] (numbers)", u);
	p->user.uid = (uint32_t)uid;
	if (*end == ':') {
		const char *g = end + 1;

		gid = strtoul(g, &end, 10);
		if (errno || end == g || *end || gid > 0xfffffffeUL)
			return err_usage(e, "exec: --user \"%s\": expected uid[:gid] (numbers)", u);
		p->user.gid = (uint32_t)gid;
	}
	return 0;
}

static int exec_gids(struct spec_process *p, const struct exec_opts *xo, struct rl_err *e)
{
	size_t n = 0, cap = 0;
	uint32_t *v = NULL;
	int i;

	if (!xo->ngids)
		return 0;
	/* -g adds to config.json's additionalGids, as runc does. */
	cap = p->user.n_additional_gids;
	for (i = 0; i < xo->ngids; i++)
		cap += strlen(xo->gids[i]) / 2 + 1;
	v = calloc(cap, sizeof(*v));
	if (!v)
		return err_sys(e, ENOMEM, "exec");
	for (n = 0; n < p->user.n_additional_gids; n++)
		v[n] = p->user.additional_gids[n];
	for (i = 0; i < xo->ngids; i++) {
		const char *s = xo->gids[i];

		while (*s) {
			char *end;
			unsigned long g;

			errno = 0;
			g = strtoul(s, &end, 10);
			if (errno || end == s || (*end && *end != ',') || g > 0xfffffffeUL) {
				free(v);
				return err_usage(e, "exec: --additional-gids \"%s\": expected numbers separated by commas",
						 xo->gids[i]);
			}
			v[n++] = (uint32_t)g;
			s = *end ? end + 1 : end;
		}
	}
	p->user.additional_gids = v;   /* freed with the exec state */
	p->user.n_additional_gids = n;
	return 0;
}

static int exec_caps(struct spec_process *p, const struct exec_opts *xo, struct rl_err *e)
{
	int i;

	for (i = 0; i < xo->ncaps; i++) {
		const char *name = xo->caps[i];
		char full[64];
		const struct name_val *nv;

		if (strncmp(name, "CAP_", 4))
			snprintf(full, sizeof(full), "CAP_%s", name);
		else
			snprintf(full, sizeof(full), "%s", name);
		nv = tab_find(tab_caps, full);
		if (!nv)
			return err_usage(e, "exec: --cap \"%s\": unknown capability", name);
		/* runc (since CVE-2022-29162) adds to these three, never to
		 * the inheritable or ambient sets. */
		p->caps[CAPSET_BOUNDING] |= 1ULL << nv->val;
		p->caps[CAPSET_EFFECTIVE] |= 1ULL << nv->val;
		p->caps[CAPSET_PERMITTED] |= 1ULL << nv->val;
		p->caps_set[CAPSET_BOUNDING] = p->caps_set[CAPSET_EFFECTIVE] =
			p->caps_set[CAPSET_PERMITTED] = true;
		p->has_caps = true;
	}
	return 0;
}

/* The process to run: config.json's process with the flags applied, or
 * the -p file's process. */
static int exec_process(struct ct *c, struct spec *ps, const struct exec_opts *xo,
			struct rl_err *e)
{
	struct spec_process *p = &c->spec.process;

	if (xo->process_file) {
		struct spec_process cfg = *p;

		if (config_load_process(ps, AT_FDCWD, xo->process_file, xo->process_file, e) < 0)
			return -1;
		/* As runc: the file is the process, the other process flags
		 * do not apply; what it leaves out of capabilities, rlimits
		 * and the LSM labels comes from config.json. */
		*p = ps->process;
		if (!p->has_caps) {
			memcpy(p->caps, cfg.caps, sizeof(p->caps));
			memcpy(p->caps_set, cfg.caps_set, sizeof(p->caps_set));
			p->has_caps = cfg.has_caps;
		}
		if (!p->n_rlimits) {
			p->rlimits = cfg.rlimits;
			p->n_rlimits = cfg.n_rlimits;
		}
		if (!p->apparmor_profile)
			p->apparmor_profile = cfg.apparmor_profile;
		if (!p->selinux_label)
			p->selinux_label = cfg.selinux_label;
		if (!p->cwd || p->cwd[0] != '/')
			return err_usage(e, "exec: %s: process.cwd must be an absolute path", xo->process_file);
		if (!p->terminal && xo->console_socket)
			return err_usage(e, "exec: --console-socket needs process.terminal");
		return 0;
	} else {
		if (!xo->nargs)
			return err_usage(e, "exec: a command is required (or --process file)");
		p->args.v = xo->args;
		p->args.n = (size_t)xo->nargs;
	}
	if (xo->tty_set)
		p->terminal = xo->tty;
	if (xo->cwd)
		p->cwd = (char *)xo->cwd;
	if (!p->cwd || p->cwd[0] != '/')
		return err_usage(e, "exec: the process cwd must be an absolute path");
	if (xo->user && exec_user(p, xo->user, e) < 0)
		return -1;
	if (exec_gids(p, xo, e) < 0 || exec_caps(p, xo, e) < 0)
		return -1;
	if (xo->no_new_privs)
		p->no_new_privileges = true;
	if (xo->apparmor)
		p->apparmor_profile = (char *)xo->apparmor;
	if (xo->label)
		p->selinux_label = (char *)xo->label;
	if (!p->terminal && xo->console_socket)
		return err_usage(e, "exec: --console-socket needs --tty");
	return 0;
}

static int exec_argv_env(struct ct *c, const struct exec_opts *xo, struct rl_err *e)
{
	const struct spec_process *p = &c->spec.process;
	size_t i, n = 0;
	char *used;
	int j;

	c->argv = calloc(p->args.n + 1, sizeof(char *));
	c->envp = calloc(p->env.n + (size_t)xo->nenv + 1, sizeof(char *));
	if (!c->argv || !c->envp)
		return err_sys(e, ENOMEM, "exec");
	for (i = 0; i < p->args.n; i++)
		c->argv[i] = p->args.v[i];
	/* -e K=V replaces a K= from the config, as runc does. */
	for (j = 0; j < xo->nenv; j++)
		if (!strchr(xo->env[j], '='))
			return err_usage(e, "exec: --env \"%s\": expected KEY=VALUE", xo->env[j]);
	/* -e K=V takes K's place in the config's list (the last -e for K
	 * wins), or goes at the end. */
	used = calloc((size_t)xo->nenv + 1, 1);
	if (!used)
		return err_sys(e, ENOMEM, "exec");
	for (i = 0; i < p->env.n; i++) {
		const char *eq = strchr(p->env.v[i], '=');
		size_t kl = eq ? (size_t)(eq - p->env.v[i]) : strlen(p->env.v[i]);
		int over = -1;

		for (j = 0; j < xo->nenv; j++)
			if (!strncmp(xo->env[j], p->env.v[i], kl) && xo->env[j][kl] == '=')
				over = j;
		if (over >= 0) {
			for (j = 0; j < xo->nenv; j++)
				if (!strncmp(xo->env[j], p->env.v[i], kl) && xo->env[j][kl] == '=')
					used[j] = 1;
		}
		c->envp[n++] = over >= 0 ? xo->env[over] : p->env.v[i];
	}
	for (j = 0; j < xo->nenv; j++) {
		const char *eq = strchr(xo->env[j], '=');
		size_t kl = (size_t)(eq - xo->env[j]);
		int k, last = j;

		if (used[j])
			continue;
		/* several -e for one new K: only the last */
		for (k = j + 1; k < xo->nenv; k++)
			if (!strncmp(xo->env[k], xo->env[j], kl + 1))
				last = k;
		for (k = j; k < xo->nenv; k++)
			if (!strncmp(xo->env[k], xo->env[j], kl + 1))
				used[k] = 1;
		c->envp[n++] = xo->env[last];
	}
	free(used);
	for (i = 0; i < n; i++)
		if (!strncmp(c->envp[i], "PATH=", 5))
			c->exec_path_env = c->envp[i] + 5;
	return 0;
}

/* Every namespace of the container, by the init's /proc/<pid>/ns links;
 * ns_plan_build opens and type-checks them. Id maps and time offsets are
 * the init's already. */
static int exec_namespaces(struct ct *c, pid_t pid, char paths[NS_N][64], struct rl_err *e)
{
	struct spec_linux *l = &c->spec.lnx;
	size_t i;

	for (i = 0; i < l->n_namespaces; i++) {
		snprintf(paths[i], 64, "/proc/%d/ns/%s", (int)pid, ns_proc_name(l->namespaces[i].type));
		l->namespaces[i].path = paths[i];
	}
	memset(&l->uid_mappings, 0, sizeof(l->uid_mappings));
	memset(&l->gid_mappings, 0, sizeof(l->gid_mappings));
	l->n_time_offsets = 0;
	return ns_plan_build(&c->ns, &c->spec, e);
}

/* --cgroup [<controller>:]<path>: an existing sub-cgroup of the
 * container's, as runc's exec (never created, never above the leaf). */
static int exec_cgroup(struct cg *cg, const char *arg, char *buf, struct rl_err *e)
{
	char *colon;
	const char *p;

	if (!arg)
		return 0;
	if (!cg->active)
		return err_usage(e, "exec: --cgroup: the container has no cgroup");
	snprintf(buf, CG_PATH_MAX, "%s", arg);
	colon = strchr(buf, ':');
	cg->sub = buf;
	if (colon) {
		*colon = '\0';
		cg->sub_ctrl = buf;
		cg->sub = colon + 1;
		if (!*cg->sub_ctrl || strchr(cg->sub_ctrl, '/'))
			return err_usage(e, "exec: --cgroup \"%s\": expected [<controller>:]<path>", arg);
	}
	if (!*cg->sub || cg->sub[0] == '/')
		return err_usage(e, "exec: --cgroup \"%s\": a path inside the container's cgroup", arg);
	for (p = cg->sub; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
		if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
			return err_usage(e, "exec: --cgroup \"%s\": \"..\" is not allowed", arg);
	return 0;
}

/* After spawn: the child either reports an error or execs, which closes
 * its end of the sync socket. */
static int exec_wait_execve(struct ct *c, struct rl_err *e)
{
	struct sync_msg m;
	ssize_t n;

	do
		n = recv(c->sync_parent, &m, sizeof(m), 0);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	if (n == (ssize_t)sizeof(m) && m.type == SYNC_ERROR) {
		m.err.msg[sizeof(m.err.msg) - 1] = '\0';
		if (m.err.errnum)
			return err_sys(e, m.err.errnum, "%s", m.err.msg);
		return err_set(e, EINVAL, "%s", m.err.msg);
	}
	return err_set(e, EPROTO, "exec: unexpected message from the process");
}

static int exec_pid_file(const char *path, pid_t pid, struct rl_err *e)
{
	char buf[32], tmp[PATH_MAX];
	int fd, n = snprintf(buf, sizeof(buf), "%d", (int)pid);

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)n) != n || close(fd) < 0 || rename(tmp, path) < 0) {
		err_sys(e, errno, "write pid file \"%s\"", path);
		if (fd >= 0)
			unlink(tmp);
		return -1;
	}
	return 0;
}

int container_exec(struct rl_ctx *ctx, const struct exec_opts *xo, int *status,
		   struct rl_err *e)
{
	struct ct_opts o;
	struct ct c;
	struct ct_ref r;
	struct spec ps;
	char ns_paths[NS_N][64], bundle_cfg[PATH_MAX + 16], sub[CG_PATH_MAX];
	int pair[2] = { -1, -1 }, master = -1, pidfd = -1, ret = -1;
	bool have_ref = false;
	pid_t pid;

	memset(&c, 0, sizeof(c));
	memset(&ps, 0, sizeof(ps));
	memset(&o, 0, sizeof(o));
	c.rootfd = c.dirfd = c.lockfd = c.sync_parent = c.sync_child = -1;
	c.console_fd = c.pidfd = c.notify_fd = -1;
	c.ctx = ctx;
	c.opts = &o;
	c.exec_mode = true;
	o.id = xo->id;
	o.console_socket = xo->console_socket;
	o.preserve_fds = xo->preserve_fds;
	if (xo->preserve_fds < 0 || xo->preserve_fds > 65536)
		return err_usage(e, "exec: --preserve-fds: out of range");
	if (state_valid_id(xo->id, e) < 0)
		return -1;
	if (exeprot_ensure(ctx->argv, e) < 0)
		return -1;
	if (ct_ref_open(ctx, xo->id, &r, e) < 0)
		return -1;
	have_ref = true;
	if (r.status == ST_PAUSED && !xo->ignore_paused) {
		err_set(e, EBUSY, "cannot exec in a paused container (resume it, or use --ignore-paused)");
		goto out;
	}
	if (r.status != ST_CREATED && r.status != ST_RUNNING && r.status != ST_PAUSED) {
		err_set(e, EINVAL, "cannot exec in a %s container", state_status_name(r.status));
		goto out;
	}
	c.init_pid = r.st.pid;
	snprintf(c.bundle, sizeof(c.bundle), "%s", r.st.bundle);
	snprintf(bundle_cfg, sizeof(bundle_cfg), "%s/config.json", r.st.bundle);
	if (config_load(&c.spec, AT_FDCWD, bundle_cfg, "config.json", e) < 0)
		goto out;
	if (exec_process(&c, &ps, xo, e) < 0 || exec_argv_env(&c, xo, e) < 0)
		goto out;
	if (exec_namespaces(&c, r.st.pid, ns_paths, e) < 0)
		goto out;
	/* The namespaces are open: is the pid still the container's init? */
	pidfd = ct_ref_pidfd(&r);
	if (pidfd < 0 && errno != ENOSYS) {
		err_set(e, ESRCH, "container \"%s\": its init exited", xo->id);
		goto out;
	}
	if (proc_plan_build(&c.proc, &c.spec, e) < 0)
		goto out;
	if (c.spec.lnx.seccomp.present && container_seccomp_prepare(&c, e) < 0)
		goto out;
	c.proc.procfd = -1;
	c.proc.no_new_keyring = true;
	if (cg_restore(&c.cg, r.st.cgroup, e) < 0 || exec_cgroup(&c.cg, xo->cgroup, sub, e) < 0)
		goto out;
	if (c.spec.process.terminal) {
		if (xo->console_socket) {
			c.console_fd = tty_connect(xo->console_socket, e);
			if (c.console_fd < 0)
				goto out;
		} else if (xo->detach) {
			err_usage(e, "exec: --tty with --detach needs --console-socket");
			goto out;
		} else {
			if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
				err_sys(e, errno, "exec: socketpair");
				goto out;
			}
			c.console_fd = pair[1];
			pair[1] = -1;
		}
	}
	c.max_fd = container_highest_fd();
	if (process_spawn(&c, e) < 0 || exec_wait_execve(&c, e) < 0) {
		if (c.pid > 0) {
			kill(c.pid, SIGKILL);
			waitpid(c.pid, NULL, 0);
		}
		if (c.inter > 0) {
			kill(c.inter, SIGKILL);
			waitpid(c.inter, NULL, 0);
		}
		err_ctx(e, "exec in \"%s\"", xo->id);
		goto out;
	}
	pid = c.pid;
	/* The process runs: let other commands at the container. */
	ct_ref_close(&r);
	have_ref = false;
	if (pair[0] >= 0) {
		master = tty_recv_master(pair[0], e);
		if (master < 0)
			goto out;
	}
	if (xo->pid_file && exec_pid_file(xo->pid_file, pid, e) < 0)
		goto out;
	if (xo->detach) {
		*status = 0;
		ret = 0;
		goto out;
	}
	if (fg_wait(pid, master, status, e) < 0)
		goto out;
	ret = 0;
out:
	if (master >= 0)
		close(master);
	if (pair[0] >= 0)
		close(pair[0]);
	if (pair[1] >= 0)
		close(pair[1]);
	if (pidfd >= 0)
		close(pidfd);
	if (have_ref)
		ct_ref_close(&r);
	if (xo->ngids)
		free(c.spec.process.user.additional_gids);
	c.spec.process = (struct spec_process){ 0 };
	container_release(&c);
	spec_free(&ps);
	return ret;
}
