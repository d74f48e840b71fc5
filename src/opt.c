// SPDX-License-Identifier: MIT
/* runc-compatible option parsing; see opt.h. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

int opt_long(const char *what, const char *s, long min, long max, long *out,
	     struct rl_err *e)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno == ERANGE || v < min || v > max)
		return err_usage(e, "%s: invalid value \"%s\" (expected an integer from %ld to %ld)",
				 what, s, min, max);
	*out = v;
	return 0;
}

static const struct opt *opt_find(const struct opt *opts, const char *name,
				  size_t len)
{
	for (; opts && opts->name; opts++) {
		if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
			return opts;
		if (len == 1 && opts->alias == name[0])
			return opts;
	}
	return NULL;
}

static int opt_bool_val(const char *cmd, const char *name, const char *v,
			bool *out, struct rl_err *e)
{
	if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "t") ||
	    !strcmp(v, "TRUE") || !strcmp(v, "True") || !strcmp(v, "T")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "f") ||
	    !strcmp(v, "FALSE") || !strcmp(v, "False") || !strcmp(v, "F")) {
		*out = false;
		return 0;
	}
	return err_usage(e, "%s: invalid boolean value \"%s\" for --%s", cmd, v, name);
}

int opt_parse(const char *cmd, const struct opt *opts, int argc, char **argv,
	      int *ind, bool *help, struct rl_err *e)
{
	while (*ind < argc) {
		const char *a = argv[*ind], *name, *eq, *val;
		const struct opt *o;
		size_t len;

		if (a[0] != '-' || a[1] == '\0')
			break;
		(*ind)++;
		if (!strcmp(a, "--"))
			break;
		name = a + 1 + (a[1] == '-');
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		if ((len == 4 && !strncmp(name, "help", 4)) ||
		    (len == 1 && name[0] == 'h' && !opt_find(opts, "h", 1))) {
			*help = true;
			continue;
		}
		o = opt_find(opts, name, len);
		if (!o)
			return err_usage(e, "%s: unknown option \"%s\" (see --help)", cmd, a);
		if (o->kind == OPT_BOOL) {
			if (eq) {
				if (opt_bool_val(cmd, o->name, eq + 1, o->dst, e) < 0)
					return -1;
			} else {
				*(bool *)o->dst = true;
			}
			continue;
		}
		if (eq) {
			val = eq + 1;
		} else {
			if (*ind >= argc)
				return err_usage(e, "%s: option --%s needs a value", cmd, o->name);
			val = argv[(*ind)++];
		}
		switch (o->kind) {
		case OPT_STR:
			*(const char **)o->dst = val;
			break;
		case OPT_INT: {
			char what[64];

			snprintf(what, sizeof(what), "%s: --%s", cmd, o->name);
			if (opt_long(what, val, LONG_MIN, LONG_MAX, o->dst, e) < 0)
				return -1;
			break;
		}
		case OPT_STR_LIST: {
			struct opt_list *l = o->dst;

			if (l->n >= OPT_LIST_MAX)
				return err_usage(e, "%s: too many --%s options (max %d)",
						 cmd, o->name, OPT_LIST_MAX);
			l->v[l->n++] = val;
			break;
		}
		case OPT_BOOL:
			break;
		}
	}
	return 0;
}

void opt_usage(FILE *f, const struct opt *opts)
{
	char buf[64];

	for (; opts && opts->name; opts++) {
		if (opts->alias)
			snprintf(buf, sizeof(buf), "-%c, --%s%s%s", opts->alias, opts->name,
				 opts->arg ? " " : "", opts->arg ? opts->arg : "");
		else
			snprintf(buf, sizeof(buf), "    --%s%s%s", opts->name,
				 opts->arg ? " " : "", opts->arg ? opts->arg : "");
		if (strlen(buf) > 30)
			fprintf(f, "  %s\n  %-30s %s\n", buf, "", opts->help);
		else
			fprintf(f, "  %-30s %s\n", buf, opts->help);
	}
	fprintf(f, "  %-30s %s\n", "-h, --help", "show this help");
}

const char *opt_decimal(const char *s, struct opt_dec *d)
{
	const char *p = s;
	int nint = 0, nfrac = 0;

	d->whole = 0;
	d->nanos = 0;
	for (; *p >= '0' && *p <= '9'; p++, nint++) {
		uint64_t digit = (uint64_t)(*p - '0');

		if (d->whole > (UINT64_MAX - digit) / 10)
			return NULL;
		d->whole = d->whole * 10 + digit;
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, nfrac++)
			if (nfrac < 9)
				d->nanos = d->nanos * 10 + (uint32_t)(*p - '0');
	if (!nint && !nfrac)
		return NULL;
	for (; nfrac < 9; nfrac++)
		d->nanos *= 10;
	return p;
}

int opt_dec_scale(const struct opt_dec *d, uint64_t unit, uint64_t max, uint64_t *out)
{
	/* floor(nanos * unit / 1e9) without overflow: unit = q * 1e9 + r */
	const uint64_t g = 1000000000;
	uint64_t v, add = d->nanos * (unit / g) + d->nanos * (unit % g) / g;

	if (unit && d->whole > max / unit)
		return -1;
	v = d->whole * unit;
	if (add > max - v)
		return -1;
	*out = v + add;
	return 0;
}
