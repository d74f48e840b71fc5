/* SPDX-License-Identifier: MIT */
/*
 * Command-line options in runc's style (Go's flag package via urfave/cli):
 * `--name value`, `--name=value`, `-name value`, one-letter aliases `-n`,
 * booleans as `--flag` or `--flag=true|false`. Parsing stops at the first
 * non-option or at `--`, so a container command's own flags pass through.
 */
#ifndef RUNLET_OPT_H
#define RUNLET_OPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

enum opt_kind { OPT_BOOL, OPT_STR, OPT_INT, OPT_STR_LIST };

struct opt {
	const char *name;      /* long name without dashes */
	char alias;            /* one-letter alias or 0 */
	enum opt_kind kind;
	void *dst;             /* bool*, const char**, long*, struct opt_list* */
	const char *arg;       /* placeholder shown in usage, e.g. "path" */
	const char *help;
};

/* Repeatable string options (e.g. exec --env). Bounded, no heap. */
#define OPT_LIST_MAX 128
struct opt_list {
	const char *v[OPT_LIST_MAX];
	int n;
};

/*
 * Parses options from argv[*ind] on; leaves *ind at the first operand.
 * `--help`/`-h` sets *help. `cmd` prefixes error messages.
 */
int opt_parse(const char *cmd, const struct opt *opts, int argc, char **argv,
	      int *ind, bool *help, struct rl_err *e);

/* Prints an options table (for --help). */
void opt_usage(FILE *f, const struct opt *opts);

/*
 * A non-negative decimal with an optional fraction ("5", "1.5", ".25"),
 * which runc reads as a float (durations, byte sizes): opt_decimal returns
 * a pointer past it, or NULL if there is none or it overflows; fraction
 * digits past the ninth are dropped. opt_dec_scale stores floor(value *
 * unit), or returns -1 if that exceeds max. No floating point: strtod
 * would link libc's float scanner (and aarch64's soft-float quad
 * arithmetic) for two command-line flags.
 */
struct opt_dec {
	uint64_t whole;
	uint32_t nanos;        /* the fraction in units of 1e-9 */
};
const char *opt_decimal(const char *s, struct opt_dec *d);
int opt_dec_scale(const struct opt_dec *d, uint64_t unit, uint64_t max, uint64_t *out);

/* Parses a decimal integer in [min, max]; -1 and err on failure. */
int opt_long(const char *what, const char *s, long min, long max, long *out,
	     struct rl_err *e);

#endif
