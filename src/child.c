// SPDX-License-Identifier: MIT
/* Allocation-free, stdio-free helpers for the container child. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "child.h"

size_t c_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int c_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void c_strlcpy(char *dst, const char *src, size_t cap)
{
	size_t i = 0;

	if (!cap)
		return;
	while (src[i] && i + 1 < cap) {
		dst[i] = src[i];
		i++;
	}
	dst[i] = '\0';
}

void c_strlcat(char *dst, const char *src, size_t cap)
{
	size_t n = 0;

	while (n < cap && dst[n])
		n++;
	if (n < cap)
		c_strlcpy(dst + n, src, cap - n);
}

char *c_utoa(char *buf, size_t cap, uint64_t v)
{
	char tmp[21];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(tmp));
	for (i = 0; i < n && i + 1 < cap; i++)
		buf[i] = tmp[n - 1 - i];
	if (cap)
		buf[i < cap ? i : cap - 1] = '\0';
	return buf;
}

int cerr(struct child_err *ce, int errnum, const char *what, const char *arg)
{
	ce->errnum = errnum;
	ce->msg[0] = '\0';
	c_strlcat(ce->msg, what, sizeof(ce->msg));
	if (arg) {
		c_strlcat(ce->msg, " \"", sizeof(ce->msg));
		c_strlcat(ce->msg, arg, sizeof(ce->msg));
		c_strlcat(ce->msg, "\"", sizeof(ce->msg));
	}
	return -1;
}

int c_send_fd(int sock, int fd, const void *data, size_t len)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { (void *)data, len };
	struct msghdr mh;
	struct cmsghdr *cm;
	long r;

	memset(cbuf, 0, sizeof(cbuf));
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	do
		r = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -1 : 0;
}
