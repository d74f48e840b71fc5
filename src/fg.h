/* SPDX-License-Identifier: MIT */
/*
 * Foreground `run`: runlet stays the init's parent, forwards the signals it
 * receives, relays a pty between its own stdio and the container's when
 * process.terminal is set without --console-socket, and reaps the init.
 */
#ifndef RUNLET_FG_H
#define RUNLET_FG_H

#include <sys/types.h>

#include "err.h"

/* Waits for pid; master is the pty master to relay, or -1. *status is the
 * exit code, or 128 + the signal that killed the init. */
int fg_wait(pid_t pid, int master, int *status, struct rl_err *e);

#endif
