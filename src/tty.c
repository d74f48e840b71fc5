// SPDX-License-Identifier: MIT
/* Console socket and container pty (see tty.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "sys.h"
#include "tty.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

int tty_connect(const char *path, struct rl_err *e)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path))
		return err_set(e, ENAMETOOLONG, "console socket \"%s\": path too long", path);
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return err_sys(e, errno, "console socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = errno;

		close(fd);
		return err_sys(e, err, "connect to console socket \"%s\"", path);
	}
	return fd;
}

static int tty_send_fd(int sock, int fd, const char *name, struct child_err *ce)
{
	if (c_send_fd(sock, fd, name, c_strlen(name)) < 0)
		return cerr(ce, errno, "send the pty master to the console socket", NULL);
	return 0;
}

int tty_setup_child(int console_fd, const struct spec_process *p, bool bind_console,
		    struct child_err *ce)
{
	struct winsize ws;
	struct stat st;
	int master, slave, console, zero = 0, fd;
	char path[64];

	if (console_fd < 0)
		return cerr(ce, EINVAL, "process.terminal needs a console socket", NULL);
	master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return cerr(ce, errno, "open", "/dev/pts/ptmx");
	if (ioctl(master, TIOCSPTLCK, &zero) < 0) {
		close(master);
		return cerr(ce, errno, "unlock pty", NULL);
	}
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0) {
		unsigned n;

		/* Before 4.13: open by number, inside the container's devpts. */
		if (ioctl(master, TIOCGPTN, &n) < 0) {
			close(master);
			return cerr(ce, errno, "pty number", NULL);
		}
		c_strlcpy(path, "/dev/pts/", sizeof(path));
		c_utoa(path + 9, sizeof(path) - 9, n);
		slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
		if (slave < 0) {
			close(master);
			return cerr(ce, errno, "open", path);
		}
	}
	if (p->console_height.set || p->console_width.set) {
		memset(&ws, 0, sizeof(ws));
		ws.ws_row = (unsigned short)p->console_height.v;
		ws.ws_col = (unsigned short)p->console_width.v;
		ioctl(slave, TIOCSWINSZ, &ws);
	}
	if (!bind_console)
		goto stdio;
	/* /dev/console: the rootfs placeholder must be a regular file we
	 * opened without following a symlink (CVE-2025-31133 class). */
	console = open("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (console < 0 || fstat(console, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (console >= 0)
			close(console);
		close(master);
		close(slave);
		return cerr(ce, console < 0 ? errno : EPERM,
			    "/dev/console is not a regular placeholder file", NULL);
	}
	fd = sys_open_tree(slave, "", SYS_OPEN_TREE_CLONE | SYS_OPEN_TREE_CLOEXEC | SYS_AT_EMPTY_PATH);
	if (fd >= 0) {
		int r = sys_move_mount(fd, "", console, "",
				       SYS_MOVE_MOUNT_F_EMPTY_PATH | SYS_MOVE_MOUNT_T_EMPTY_PATH);
		int saved = errno;

		close(fd);
		fd = r < 0 ? -1 : 0;
		errno = saved;	/* ENOSYS from move_mount: mount(2) below */
	}
	if (fd < 0) {
		char src[32], dst[32];

		if (errno != ENOSYS) {
			close(console);
			close(master);
			close(slave);
			return cerr(ce, errno, "bind the pty onto", "/dev/console");
		}
		c_strlcpy(src, "/proc/self/fd/", sizeof(src));
		c_utoa(src + 14, sizeof(src) - 14, (uint64_t)slave);
		c_strlcpy(dst, "/proc/self/fd/", sizeof(dst));
		c_utoa(dst + 14, sizeof(dst) - 14, (uint64_t)console);
		if (sys_mount(src, dst, NULL, MS_BIND, NULL) < 0) {
			close(console);
			close(master);
			close(slave);
			return cerr(ce, errno, "bind the pty onto", "/dev/console");
		}
	}
	close(console);
stdio:
	if (tty_send_fd(console_fd, master, "/dev/ptmx", ce) < 0) {
		close(master);
		close(slave);
		return -1;
	}
	close(master);
	if (ioctl(slave, TIOCSCTTY, 0) < 0) {
		close(slave);
		return cerr(ce, errno, "make the pty the controlling terminal", NULL);
	}
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) {
		close(slave);
		return cerr(ce, errno, "dup the pty to stdio", NULL);
	}
	if (slave > 2)
		close(slave);
	return 0;
}

int tty_recv_master(int sock, struct rl_err *e)
{
	char cbuf[CMSG_SPACE(sizeof(int))], name[64];
	struct iovec iov = { name, sizeof(name) };
	struct msghdr mh;
	struct cmsghdr *cm;
	int fd;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) < 0)
		return err_sys(e, errno, "receive pty master");
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return err_set(e, EPROTO, "receive pty master: no fd");
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}
