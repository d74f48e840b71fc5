// SPDX-License-Identifier: MIT
/* Seccomp backend: static libseccomp (see scmp.h). */
#include <stdio.h>
#include <seccomp.h>

#include "scmp.h"

const char *scmp_lib_version(void)
{
	static char v[32];
	const struct scmp_version *sv = seccomp_version();

	if (!sv)
		return "unknown";
	snprintf(v, sizeof(v), "%u.%u.%u", sv->major, sv->minor, sv->micro);
	return v;
}

bool scmp_available(void)
{
	return true;
}
