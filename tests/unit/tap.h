/* SPDX-License-Identifier: MIT */
/*
 * A tiny TAP producer for the unit tests: ok(), is_str(), is_int(),
 * is_uint(), diag(), then done_testing() prints the plan last and gives
 * the exit status (1 if anything failed). skip_all() exits 77, which the
 * harness reads as "skipped", after printing the reason. Everything is
 * static so each test program includes it once, with no library to link.
 */
#ifndef RUNLET_TAP_H
#define RUNLET_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned tap_count, tap_failed;

static inline void tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %u - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
}

__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Returns cond so callers can guard follow-up checks. */
__attribute__((format(printf, 2, 3)))
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond != 0, fmt, ap);
	va_end(ap);
	return cond != 0;
}

/* NULL is a value here: is_str(NULL, NULL, ...) passes. */
__attribute__((format(printf, 3, 4)))
static inline int is_str(const char *got, const char *want, const char *fmt, ...)
{
	int pass = (got && want) ? strcmp(got, want) == 0 : got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		diag("       got: %s%s%s", got ? "\"" : "", got ? got : "NULL", got ? "\"" : "");
		diag("  expected: %s%s%s", want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
	}
	return pass;
}

__attribute__((format(printf, 3, 4)))
static inline int is_int(intmax_t got, intmax_t want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("       got: %jd\n#   expected: %jd", got, want);
	return got == want;
}

/* For uint64_t values above INTMAX_MAX. */
__attribute__((format(printf, 3, 4)))
static inline int is_uint(uintmax_t got, uintmax_t want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("       got: %ju\n#   expected: %ju", got, want);
	return got == want;
}

/* Prints the plan; the return value is the exit status for main. */
static inline int done_testing(void)
{
	printf("1..%u\n", tap_count);
	if (tap_failed)
		diag("failed %u of %u tests", tap_failed, tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

__attribute__((noreturn, format(printf, 1, 2)))
static inline void skip_all(const char *fmt, ...)
{
	va_list ap;

	fputs("1..0 # SKIP ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	exit(77);
}

/* Stops the whole program: for when later tests cannot make sense. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void bail_out(const char *fmt, ...)
{
	va_list ap;

	fputs("Bail out! ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	exit(1);
}

#endif
