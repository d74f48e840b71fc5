// SPDX-License-Identifier: MIT
/*
 * Seccomp backend for architectures without seccomp filter support in the
 * kernel or libseccomp (sparc64): configs asking for seccomp are refused.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "scmp.h"

const char *scmp_lib_version(void)
{
	return NULL;
}

bool scmp_available(void)
{
	return false;
}

int scmp_build(const struct rl_ctx *ctx, const struct spec_seccomp *sc,
	       struct scmp_prog *out, struct rl_err *e)
{
	return scmp_build_for(ctx, sc, NULL, out, e);
}

const struct arch_target *scmp_target(const char *arch)
{
	(void)arch;
	return NULL;
}

int scmp_build_for(const struct rl_ctx *ctx, const struct spec_seccomp *sc, const char *arch,
		   struct scmp_prog *out, struct rl_err *e)
{
	(void)ctx;
	(void)sc;
	(void)arch;
	memset(out, 0, sizeof(*out));
	return err_set(e, ENOTSUP, "config.json: linux.seccomp: this architecture has no seccomp filter support");
}

int scmp_check(FILE *f, const struct spec_seccomp *sc, const char *arch, struct rl_err *e)
{
	(void)f;
	(void)sc;
	(void)arch;
	return err_set(e, ENOTSUP, "seccomp: this build has no libseccomp");
}

bool scmp_abi_usable(const char *scmp_name)
{
	(void)scmp_name;
	return false;
}

bool scmp_name_known(const char *name)
{
	(void)name;
	return false;
}
