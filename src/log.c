// SPDX-License-Identifier: MIT
/* Logging for --log/--debug; see log.h. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctx.h"
#include "json.h"
#include "log.h"
#include "state.h"

/* The log sink: process-wide by nature (one per invocation), set once. */
static int log_fd = -1;
static bool log_json;

int log_open(const struct rl_ctx *ctx)
{
	log_json = ctx->log_json;
	if (!ctx->log_path)
		return 0;
	log_fd = open(ctx->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	return log_fd < 0 ? -1 : 0;
}

void log_close(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}

static void log_write(int fd, const char *level, const char *msg)
{
	char line[1200], q[1024], now[64];
	int n;

	state_now(now, sizeof(now));
	json_quote(q, sizeof(q), msg);
	if (log_json)
		n = snprintf(line, sizeof(line), "{\"level\":\"%s\",\"msg\":%s,\"time\":\"%s\"}\n",
			     level, q, now);
	else
		n = snprintf(line, sizeof(line), "time=\"%s\" level=%s msg=%s\n", now, level, q);
	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	if (n > 0 && write(fd, line, (size_t)n) < 0) {
		/* Nowhere left to report a failing log. */
	}
}

void log_error(const char *msg)
{
	if (log_fd >= 0)
		log_write(log_fd, "error", msg);
}

void log_debug(const struct rl_ctx *ctx, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!ctx->debug)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_write(log_fd >= 0 ? log_fd : STDERR_FILENO, "debug", msg);
}

void log_warn(const struct rl_ctx *ctx, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_fd >= 0)
		log_write(log_fd, "warning", msg);
	log_write(STDERR_FILENO, "warning", msg);
}
