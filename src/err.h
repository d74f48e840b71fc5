/* SPDX-License-Identifier: MIT */
/*
 * The one error type of runlet. A function that can fail returns -1 and fills
 * a struct rl_err; on success it leaves it alone. Context is prepended as the
 * error travels up, so main() can print a single line such as
 * "create: rootfs: mount \"/proc\": Operation not permitted". Only main()
 * prints. No heap: messages are truncated, never allocated.
 */
#ifndef RUNLET_ERR_H
#define RUNLET_ERR_H

#include <stddef.h>

#define RL_ERR_MSG 512

struct rl_err {
	int errnum;             /* errno of the root cause, 0 if none */
	int code;               /* exit-code class, see RL_EXIT_* */
	char msg[RL_ERR_MSG];
};

/* Exit codes (documented in README.md). */
enum {
	RL_EXIT_OK = 0,
	RL_EXIT_FAIL = 1,       /* operation failed (config, kernel, state) */
	RL_EXIT_USAGE = 2,      /* bad command line */
};

/* Sets the message (printf-style) and errnum; returns -1 for tail calls. */
int err_set(struct rl_err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like err_set, appending ": strerror(errnum)". */
int err_sys(struct rl_err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepends "context: " to the message; returns -1. */
int err_ctx(struct rl_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Marks the error as a usage error (exit code 2); returns -1. */
int err_usage(struct rl_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
