/* SPDX-License-Identifier: MIT */
/*
 * --log / --log-format / --debug. Records go to the --log file in logrus'
 * text format (time="…" level=… msg="…") or as JSON lines
 * ({"level":…,"msg":…,"time":…}), which is what containerd's shim parses;
 * without --log, debug lines go to stderr.
 */
#ifndef RUNLET_LOG_H
#define RUNLET_LOG_H

#include <stdbool.h>

struct rl_ctx;

/* Opens the log file (O_APPEND); -1 with errno on failure. */
int log_open(const struct rl_ctx *ctx);
void log_close(void);
void log_error(const char *msg);
/* A warning: to --log, and to stderr (it is something the user must see). */
void log_warn(const struct rl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_debug(const struct rl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
