// SPDX-License-Identifier: MIT
/*
 * Foreground `run` (see fg.h). One poll loop over a signalfd, stdin and the
 * pty master: no threads, no allocation.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "fg.h"

/* Writes all of buf; the pty or our stdout may take it in pieces. */
static int fg_write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static void fg_resize(int master)
{
	struct winsize ws;

	if (master >= 0 && ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/* Copies what is readable on `from` to `to`; -1 once `from` is done. */
static int fg_pump(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	return fg_write_all(to, buf, (size_t)n) < 0 ? -1 : 0;
}

int fg_wait(pid_t pid, int master, int *status, struct rl_err *e)
{
	struct signalfd_siginfo si;
	struct termios saved, raw;
	struct pollfd pf[3];
	bool restore = false, in_open = master >= 0, out_open = master >= 0;
	sigset_t all;
	int sfd, st = 0, r = -1;
	pid_t w;

	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGFPE);
	sigprocmask(SIG_BLOCK, &all, NULL);
	sfd = signalfd(-1, &all, SFD_CLOEXEC);
	if (sfd < 0) {
		err_sys(e, errno, "run: signalfd");
		goto out;
	}
	/* Our terminal becomes a plain byte pipe: the container's pty does
	 * the line discipline, echo and signal keys. */
	if (master >= 0 && isatty(0) && tcgetattr(0, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		restore = tcsetattr(0, TCSANOW, &raw) == 0;
	}
	fg_resize(master);
	for (;;) {
		w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			err_sys(e, errno, "run: wait");
			goto out;
		}
		pf[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pf[1] = (struct pollfd){ .fd = in_open ? 0 : -1, .events = POLLIN };
		pf[2] = (struct pollfd){ .fd = out_open ? master : -1, .events = POLLIN };
		if (poll(pf, 3, -1) < 0 && errno != EINTR) {
			err_sys(e, errno, "run: poll");
			goto out;
		}
		if (pf[1].revents && fg_pump(0, master) < 0)
			in_open = false;
		if (pf[2].revents && fg_pump(master, 1) < 0)
			out_open = false;
		if (!(pf[0].revents & POLLIN) ||
		    read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
			continue;
		if (si.ssi_signo == SIGWINCH)
			fg_resize(master);
		else if (si.ssi_signo != SIGCHLD)
			kill(pid, (int)si.ssi_signo);
	}
	/* Output the init wrote just before exiting is still in the pty. */
	while (out_open && fg_pump(master, 1) == 0) {
		struct pollfd p = { .fd = master, .events = POLLIN };

		if (poll(&p, 1, 0) <= 0)
			break;
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r = 0;
out:
	if (restore)
		tcsetattr(0, TCSANOW, &saved);
	if (sfd >= 0)
		close(sfd);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	return r;
}
