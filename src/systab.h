/* SPDX-License-Identifier: MIT */
/*
 * Name <-> number lookups in the native syscall table (the generated
 * arch/<arch>/syscalls.h of the arch being built), for turning the names in
 * a seccomp profile into numbers and for messages and `runlet features`.
 */
#ifndef RUNLET_SYSTAB_H
#define RUNLET_SYSTAB_H

#include <stddef.h>

/* The number of syscall `name` on this arch, or -1 if it has none. */
int systab_lookup(const char *name);

/* The name of syscall `nr` (static storage), or NULL if none has it. */
const char *systab_name(int nr);

/* How many syscalls the table holds. */
size_t systab_count(void);

/* The kernel the table was generated from, e.g. "7.0-rc (99d2592023e5)". */
const char *systab_linux_version(void);

#endif /* RUNLET_SYSTAB_H */
