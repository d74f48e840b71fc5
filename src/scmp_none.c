// SPDX-License-Identifier: MIT
/*
 * Seccomp backend for architectures without seccomp filter support in the
 * kernel or libseccomp (sparc64): configs asking for seccomp are refused.
 */
#include <stddef.h>

#include "scmp.h"

const char *scmp_lib_version(void)
{
	return NULL;
}

bool scmp_available(void)
{
	return false;
}
