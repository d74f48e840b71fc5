// SPDX-License-Identifier: MIT
/*
 * The native syscall table as data. The generator sorts ARCH_SYSCALL_TABLE
 * by name in strcmp order, so name lookups are a bsearch over the table as
 * written; number lookups use a second array indexed by number, filled by
 * designated initializers at compile time. Nothing is built at run time.
 */
#include <stdlib.h>
#include <string.h>

#include "select.h"
#include "systab.h"

struct systab_ent {
	const char *name;
	int nr;
};

/* # keeps libc macros such as musl's `#define fstatat64 fstatat` out. */
#define SYSTAB_BY_NAME(name, nr) { #name, (nr) },
static const struct systab_ent systab_by_name[] = {
	ARCH_SYSCALL_TABLE(SYSTAB_BY_NAME)
};
#undef SYSTAB_BY_NAME

#define SYSTAB_BY_NR(name, nr) [(nr)] = #name,
static const char *const systab_by_nr[ARCH_SYSCALL_NR_MAX + 1] = {
	ARCH_SYSCALL_TABLE(SYSTAB_BY_NR)
};
#undef SYSTAB_BY_NR

_Static_assert(sizeof(systab_by_name) / sizeof(systab_by_name[0]) ==
	       ARCH_SYSCALL_COUNT, "ARCH_SYSCALL_COUNT matches the table");

static int systab_cmp(const void *key, const void *elem)
{
	const struct systab_ent *e = elem;

	return strcmp(key, e->name);
}

int systab_lookup(const char *name)
{
	const struct systab_ent *e;

	if (!name)
		return -1;
	e = bsearch(name, systab_by_name, ARCH_SYSCALL_COUNT,
		    sizeof(systab_by_name[0]), systab_cmp);
	return e ? e->nr : -1;
}

const char *systab_name(int nr)
{
	if (nr < 0 || nr > ARCH_SYSCALL_NR_MAX)
		return NULL;
	return systab_by_nr[nr];
}

size_t systab_count(void)
{
	return ARCH_SYSCALL_COUNT;
}

const char *systab_linux_version(void)
{
	return ARCH_SYSCALLS_LINUX;
}
