// SPDX-License-Identifier: MIT
/* Error construction helpers: bounded formatting into struct rl_err. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static void err_vset(struct rl_err *e, int errnum, const char *fmt, va_list ap)
{
	e->errnum = errnum;
	e->code = RL_EXIT_FAIL;
	if (vsnprintf(e->msg, sizeof(e->msg), fmt, ap) < 0)
		snprintf(e->msg, sizeof(e->msg), "(unformattable error)");
}

int err_set(struct rl_err *e, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

int err_sys(struct rl_err *e, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	err_vset(e, errnum, fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	if (n < sizeof(e->msg))
		snprintf(e->msg + n, sizeof(e->msg) - n, ": %s", strerror(errnum));
	return -1;
}

int err_ctx(struct rl_err *e, const char *fmt, ...)
{
	char old[RL_ERR_MSG];
	char pre[RL_ERR_MSG];
	va_list ap;

	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	if (vsnprintf(pre, sizeof(pre), fmt, ap) < 0)
		pre[0] = '\0';
	va_end(ap);
	snprintf(e->msg, sizeof(e->msg), "%s: %s", pre, old);
	return -1;
}

int err_usage(struct rl_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, 0, fmt, ap);
	va_end(ap);
	e->code = RL_EXIT_USAGE;
	return -1;
}
