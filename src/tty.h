/* SPDX-License-Identifier: MIT */
/*
 * Terminals. With process.terminal the container child makes a pty in the
 * container's devpts, binds the slave onto /dev/console, makes it the
 * controlling terminal and stdio, and sends the master over the
 * --console-socket with SCM_RIGHTS (runc's protocol, which conmon and
 * containerd's shim speak).
 */
#ifndef RUNLET_TTY_H
#define RUNLET_TTY_H

#include <stdbool.h>

#include "child.h"
#include "err.h"
#include "spec.h"

/* Parent: connects to the console socket; returns an owned fd. */
int tty_connect(const char *path, struct rl_err *e);

/* Child, after pivot_root: see above (bind_console false for exec, whose
 * pty is not the container's console). Allocation-free. */
int tty_setup_child(int console_fd, const struct spec_process *p, bool bind_console,
		    struct child_err *ce);

/* Parent: receives a pty master fd sent over `sock` (for `run` in the
 * foreground with a terminal, and for tests). */
int tty_recv_master(int sock, struct rl_err *e);

#endif
