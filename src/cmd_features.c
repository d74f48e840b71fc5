// SPDX-License-Identifier: MIT
/*
 * `runlet features`: the runtime-spec features document. It is built from
 * the same tables the config reader validates against (tables.c) and from
 * this architecture's facts (arch/<arch>/arch.h), so it reports exactly
 * what this binary accepts: on sparc64, for instance, seccomp is disabled.
 * supportedFlags is the one field probed at run time: the seccomp filter
 * flags the running kernel knows.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "config.h"
#include "ctx.h"
#include "jsonw.h"
#include "kcheck.h"
#include "opt.h"
#include "scmp.h"
#include "select.h"
#include "tables.h"

static void features_names(struct jw *w, const char *key, const struct name_val *t)
{
	jw_arr(w, key);
	for (; t->name; t++)
		jw_str(w, NULL, t->name);
	jw_end_arr(w);
}

static void features_seccomp(struct jw *w)
{
	static const struct { const char *name; uint32_t audit; } compat[] =
		ARCH_COMPAT_ABIS;
	const struct name_val *t;
	size_t i;

	jw_obj(w, "seccomp");
	jw_bool(w, "enabled", ARCH_HAS_SECCOMP_FILTER && scmp_available());
	if (ARCH_HAS_SECCOMP_FILTER && scmp_available()) {
		features_names(w, "actions", tab_seccomp_actions);
		features_names(w, "operators", tab_seccomp_ops);
		/* Only what a filter built here can cover: the native ABI and
		 * its compat ABIs. */
		jw_arr(w, "archs");
		jw_str(w, NULL, ARCH_SCMP_NAME);
		for (i = 0; i < sizeof(compat) / sizeof(compat[0]); i++)
			if (compat[i].name && scmp_abi_usable(compat[i].name))
				jw_str(w, NULL, compat[i].name);
		jw_end_arr(w);
		features_names(w, "knownFlags", tab_seccomp_flags);
		jw_arr(w, "supportedFlags");
		for (t = tab_seccomp_flags; t->name; t++)
			if (kc_seccomp_flag_ok((unsigned long)t->val))
				jw_str(w, NULL, t->name);
		jw_end_arr(w);
	}
	jw_end_obj(w);
}

static void features_write(struct jw *w)
{
	const struct mount_opt *mo;
	const char *sv = scmp_lib_version();

	jw_obj(w, NULL);
	jw_str(w, "ociVersionMin", RL_OCI_VERSION_MIN);
	jw_str(w, "ociVersionMax", RL_OCI_VERSION_MAX);
	features_names(w, "hooks", tab_hooks);
	jw_arr(w, "mountOptions");
	for (mo = tab_mount_opts; mo->name; mo++)
		jw_str(w, NULL, mo->name);
	jw_end_arr(w);

	jw_obj(w, "linux");
	features_names(w, "namespaces", tab_namespaces);
	features_names(w, "capabilities", tab_caps);
	jw_obj(w, "cgroup");
	jw_bool(w, "v1", true);
	jw_bool(w, "v2", true);
	jw_bool(w, "systemd", false);
	jw_bool(w, "systemdUser", false);
	jw_bool(w, "rdma", true);
	jw_end_obj(w);
	features_seccomp(w);
	jw_obj(w, "apparmor");
	jw_bool(w, "enabled", false);
	jw_end_obj(w);
	jw_obj(w, "selinux");
	jw_bool(w, "enabled", false);
	jw_end_obj(w);
	jw_obj(w, "intelRdt");
	jw_bool(w, "enabled", false);
	jw_end_obj(w);
	jw_obj(w, "mountExtensions");
	jw_obj(w, "idmap");
	jw_bool(w, "enabled", true);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_obj(w);

	jw_obj(w, "annotations");
	if (sv)
		jw_str(w, "io.github.seccomp.libseccomp.version", sv);
	jw_str(w, "org.opencontainers.runlet.arch", ARCH_NAME);
	jw_str(w, "org.opencontainers.runlet.commit", RL_COMMIT);
	jw_str(w, "org.opencontainers.runlet.version", RL_VERSION);
	jw_end_obj(w);
	jw_end_obj(w);
}

static int features_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	static const struct opt opts[] = { { NULL, 0, 0, NULL, NULL, NULL } };
	struct jw w;
	int ind = 1, r;

	r = cmd_opts(ctx, &cmd_features, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (ind != argc)
		return err_usage(e, "features: unexpected argument \"%s\"", argv[ind]);
	jw_init(&w, stdout, "    ");
	features_write(&w);
	if (jw_finish(&w) < 0)
		return err_set(e, EIO, "features: write to stdout failed");
	return 0;
}

const struct rl_cmd cmd_features = {
	"features", "",
	"print the runtime-spec features document of this build", features_main,
};
