// SPDX-License-Identifier: MIT
/*
 * `runlet check [-f table|json]`: this host's kernel and, for each kernel
 * feature runlet uses, whether it is there and what runlet does here
 * instead when it is not (the probes are in kcheck.c). Exit 0 whenever the
 * report was written, whatever it says.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "jsonw.h"
#include "kcheck.h"
#include "opt.h"
#include "scmp.h"
#include "select.h"

static void check_json(const struct kc_report *r)
{
	const char *sv = scmp_lib_version();
	struct jw w;
	size_t i;

	jw_init(&w, stdout, "    ");
	jw_obj(&w, NULL);
	jw_obj(&w, "kernel");
	jw_str(&w, "release", r->release);
	jw_str(&w, "version", r->version);
	jw_str(&w, "machine", r->machine);
	jw_str(&w, "oldestSupported", KC_OLDEST);
	jw_bool(&w, "supported", r->supported);
	jw_end_obj(&w);
	jw_obj(&w, "runlet");
	jw_str(&w, "version", RL_VERSION);
	jw_str(&w, "arch", ARCH_NAME);
	if (sv)
		jw_str(&w, "libseccomp", sv);
	else
		jw_null(&w, "libseccomp");
	jw_end_obj(&w);
	jw_arr(&w, "features");
	for (i = 0; i < r->n; i++) {
		const struct kc_feature *f = &r->f[i];

		jw_obj(&w, NULL);
		jw_str(&w, "id", f->id);
		jw_str(&w, "name", f->name);
		jw_str(&w, "since", f->since);
		jw_bool(&w, "available", f->available);
		jw_str(&w, "probe", f->probe);
		jw_str(&w, "uses", f->uses);
		jw_str(&w, "fallback", f->fallback);
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_end_obj(&w);
	jw_finish(&w);
}

static void check_table(const struct kc_report *r)
{
	const char *sv = scmp_lib_version();
	int wn = (int)strlen("FEATURE"), ws = (int)strlen("SINCE");
	size_t i;

	printf("kernel: Linux %s %s: %s (oldest supported: %s)\n", r->release,
	       r->machine, r->supported ? "supported" : "NOT SUPPORTED", KC_OLDEST);
	printf("runlet: %s %s, %s%s\n\n", RL_VERSION, ARCH_NAME,
	       sv ? "libseccomp " : "no libseccomp", sv ? sv : "");
	for (i = 0; i < r->n; i++) {
		if ((int)strlen(r->f[i].name) > wn)
			wn = (int)strlen(r->f[i].name);
		if ((int)strlen(r->f[i].since) > ws)
			ws = (int)strlen(r->f[i].since);
	}
	printf("%-*s  %-*s  %-6s  %s\n", wn, "FEATURE", ws, "SINCE", "KERNEL", "RUNLET USES");
	for (i = 0; i < r->n; i++) {
		const struct kc_feature *f = &r->f[i];

		printf("%-*s  %-*s  %-6s  %s\n", wn, f->name, ws, f->since,
		       f->available ? "yes" : "no", f->uses);
		if (!f->available)
			printf("%-*s  %-*s  %-6s  (probe: %s)\n", wn, "", ws, "", "", f->probe);
	}
}

static int check_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	const char *format = "table";
	const struct opt opts[] = {
		{ "format", 'f', OPT_STR, &format, "table|json", "output format" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	struct kc_report r;
	int ind = 1, rc;

	rc = cmd_opts(ctx, &cmd_check, opts, argc, argv, &ind, e);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (ind != argc)
		return err_usage(e, "check: unexpected argument \"%s\"", argv[ind]);
	if (strcmp(format, "table") && strcmp(format, "json"))
		return err_usage(e, "check: invalid format \"%s\" (expected table or json)", format);
	kc_probe(&r);
	if (!strcmp(format, "json"))
		check_json(&r);
	else
		check_table(&r);
	if (fflush(stdout) != 0 || ferror(stdout))
		return err_set(e, EIO, "check: write to stdout failed");
	return 0;
}

const struct rl_cmd cmd_check = {
	"check", "",
	"report the kernel's features runlet uses and the fallbacks it takes here", check_main,
};
