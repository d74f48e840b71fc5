/* SPDX-License-Identifier: MIT */
/*
 * Protection of the runtime binary (CVE-2019-5736 class). The container's
 * init is a clone of runlet until it execs the container process, so its
 * /proc/PID/exe is runlet's own binary; and once the create command that
 * exec'd the binary has exited, the kernel no longer refuses writes to it
 * (ETXTBSY is held only by the exec). Before it spawns anything, runlet
 * therefore re-executes itself from a read-only view of its binary:
 *
 *   1. a detached, read-only clone of the binary's mount (open_tree +
 *      mount_setattr): /proc/PID/exe opens for writing fail with EROFS,
 *      and the host's mount table is never touched;
 *   2. on kernels or callers without those: a sealed memfd copy
 *      (F_SEAL_WRITE: opening works, every write fails with EPERM).
 *
 *   3. before Linux 3.19 (no execveat): the sealed memfd through
 *      /proc/self/fd.
 *
 * If none works (qemu-user emulates none of this and cannot exec a
 * foreign binary), create fails, unless the caller sets
 * RUNLET_EXE_PROTECTION=off: then runlet warns on stderr and goes on.
 *
 * A binary that already lives on a read-only mount (an initramfs image
 * mounted ro, a squashfs appliance) or in a sealed memfd needs neither.
 */
#ifndef RUNLET_EXEPROT_H
#define RUNLET_EXEPROT_H

#include <stdbool.h>

#include "err.h"

/* Returns 0 when the running binary is protected; otherwise re-executes
 * argv from a protected copy (it does not return), or fails. */
int exeprot_ensure(char **argv, struct rl_err *e);

/* True in the copy exeprot_ensure re-executed (before it has checked
 * itself). */
bool exeprot_reexecuted(void);

/* Which protection the running binary has: "read-only mount",
 * "sealed memfd", or NULL for none. */
const char *exeprot_kind(void);

#endif
