/* SPDX-License-Identifier: MIT */
/*
 * What code running in the container child (between clone and execve) may
 * use: raw syscalls, these string helpers, and the fixed-size error record
 * that goes back to the parent over the sync socket. No malloc, no stdio
 * (not even snprintf), no locale, no errno-setting libc wrappers that might
 * allocate. Everything the child needs is prepared by the parent before
 * clone and only read here.
 */
#ifndef RUNLET_CHILD_H
#define RUNLET_CHILD_H

#include <stddef.h>
#include <stdint.h>

#define CHILD_MSG 240

/* The child's failure report: one write(2) of this struct. */
struct child_err {
	int32_t errnum;             /* errno of the failing call, or 0 */
	int32_t stage;              /* CHILD_STAGE_*, for tests that inject */
	char msg[CHILD_MSG];        /* "mount \"/proc\"": truncated, never allocated */
};

/* Builds msg = what [+ " \"" + arg + "\""] and sets errnum; returns -1. */
int cerr(struct child_err *ce, int errnum, const char *what, const char *arg);

/* Appends to a NUL-terminated buffer of size cap; never overflows. */
void c_strlcat(char *dst, const char *src, size_t cap);
void c_strlcpy(char *dst, const char *src, size_t cap);
/* Decimal of v into buf (cap >= 21); returns buf. */
char *c_utoa(char *buf, size_t cap, uint64_t v);
size_t c_strlen(const char *s);
int c_streq(const char *a, const char *b);

/* Sends fd with SCM_RIGHTS and len bytes of data over sock (the pty
 * master, the seccomp listener); -1 with errno. */
int c_send_fd(int sock, int fd, const void *data, size_t len);

#endif
