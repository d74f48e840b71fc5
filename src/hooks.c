// SPDX-License-Identifier: MIT
/*
 * Hook runner (see hooks.h). Stdin is a socketpair rather than a pipe so
 * the state can be sent with MSG_NOSIGNAL: a hook that exits without
 * reading must not kill runlet with SIGPIPE, and ignoring SIGPIPE instead
 * would leak SIG_IGN into the container process through execve.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "sys.h"
#include "tables.h"

const char *hooks_name(int kind)
{
	return tab_name(tab_hooks, kind);
}

int hooks_plan_build(struct hooks_plan *hp, const struct spec *s, struct rl_err *e)
{
	size_t total = 0, k, i, j;
	char **ptrs;
	struct hook_exec *he;

	memset(hp, 0, sizeof(*hp));
	for (k = 0; k < HOOK_N; k++)
		for (i = 0; i < s->hooks[k].n; i++)
			total += sizeof(struct hook_exec) +
				 (s->hooks[k].v[i].args.n + 2 + s->hooks[k].v[i].env.n + 1) *
				 sizeof(char *);
	if (!total)
		return 0;
	hp->mem = calloc(1, total);
	if (!hp->mem)
		return err_sys(e, ENOMEM, "hooks");
	he = hp->mem;
	for (k = 0; k < HOOK_N; k++)
		hp->n[k] = s->hooks[k].n;
	for (k = 0; k < HOOK_N; k++) {
		hp->v[k] = he;
		he += s->hooks[k].n;
	}
	ptrs = (char **)he;
	for (k = 0; k < HOOK_N; k++) {
		for (i = 0; i < s->hooks[k].n; i++) {
			const struct spec_hook *h = &s->hooks[k].v[i];
			struct hook_exec *x = &hp->v[k][i];

			x->path = h->path;
			x->timeout = h->timeout.set ? (int)h->timeout.v : 0;
			x->argv = ptrs;
			if (h->args.n == 0)
				*ptrs++ = h->path;
			for (j = 0; j < h->args.n; j++)
				*ptrs++ = h->args.v[j];
			*ptrs++ = NULL;
			x->envp = ptrs;
			for (j = 0; j < h->env.n; j++)
				*ptrs++ = h->env.v[j];
			*ptrs++ = NULL;
		}
	}
	return 0;
}

void hooks_plan_free(struct hooks_plan *hp)
{
	free(hp->mem);
	memset(hp, 0, sizeof(*hp));
}

static int64_t hooks_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int hooks_one(const struct hook_exec *h, const char *state, size_t len,
		     const char *label, struct child_err *ce)
{
	struct timespec nap = { 0, 2 * 1000 * 1000 };
	int64_t deadline;
	char num[24];
	int sv[2], status = 0;
	size_t off = 0;
	long pid, r;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return cerr(ce, errno, "hook socketpair", label);
	pid = sys_clone(SIGCHLD, NULL);
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return cerr(ce, errno, "fork hook", label);
	}
	if (pid == 0) {
		sigset_t none;

		/* The hook: state on stdin, everything else inherited but a
		 * blocked signal mask (run blocks signals while it waits). */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (dup2(sv[1], 0) < 0)
			_exit(127);
		execve(h->path, h->argv, h->envp);
		_exit(127);
	}
	close(sv[1]);
	while (off < len) {
		ssize_t n = send(sv[0], state + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the hook closed stdin: its exit status decides */
		off += (size_t)n;
	}
	close(sv[0]);
	deadline = h->timeout > 0 ? hooks_now_ms() + (int64_t)h->timeout * 1000 : 0;
	for (;;) {
		r = waitpid((pid_t)pid, &status, deadline ? WNOHANG : 0);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			return cerr(ce, errno, "wait for hook", label);
		}
		if (deadline && hooks_now_ms() >= deadline) {
			kill((pid_t)pid, SIGKILL);
			waitpid((pid_t)pid, &status, 0);
			ce->errnum = ETIMEDOUT;
			ce->msg[0] = '\0';
			c_strlcat(ce->msg, "hook ", sizeof(ce->msg));
			c_strlcat(ce->msg, label, sizeof(ce->msg));
			c_strlcat(ce->msg, " timed out after ", sizeof(ce->msg));
			c_strlcat(ce->msg, c_utoa(num, sizeof(num), (uint64_t)h->timeout), sizeof(ce->msg));
			c_strlcat(ce->msg, "s", sizeof(ce->msg));
			return -1;
		}
		if (deadline)
			nanosleep(&nap, NULL);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	ce->errnum = 0;
	ce->msg[0] = '\0';
	c_strlcat(ce->msg, "hook ", sizeof(ce->msg));
	c_strlcat(ce->msg, label, sizeof(ce->msg));
	if (WIFEXITED(status)) {
		c_strlcat(ce->msg, " exited with status ", sizeof(ce->msg));
		c_strlcat(ce->msg, c_utoa(num, sizeof(num), (uint64_t)WEXITSTATUS(status)), sizeof(ce->msg));
	} else {
		c_strlcat(ce->msg, " killed by signal ", sizeof(ce->msg));
		c_strlcat(ce->msg, c_utoa(num, sizeof(num), (uint64_t)WTERMSIG(status)), sizeof(ce->msg));
	}
	return -1;
}

int hooks_run(const struct hooks_plan *hp, int kind, const char *state,
	      size_t len, struct child_err *ce)
{
	char label[128], num[24];
	size_t i;

	for (i = 0; i < hp->n[kind]; i++) {
		/* label: createRuntime[0] "/path" */
		label[0] = '\0';
		c_strlcat(label, hooks_name(kind), sizeof(label));
		c_strlcat(label, "[", sizeof(label));
		c_strlcat(label, c_utoa(num, sizeof(num), i), sizeof(label));
		c_strlcat(label, "] ", sizeof(label));
		c_strlcat(label, hp->v[kind][i].path, sizeof(label));
		if (hooks_one(&hp->v[kind][i], state, len, label, ce) < 0)
			return -1;
	}
	return 0;
}
