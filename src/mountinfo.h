/* SPDX-License-Identifier: MIT */
/*
 * /proc/<pid>/mountinfo fields, shared by the cgroup layout scan and the
 * rootfs code. Allocation-free, so the container child may use it too.
 */
#ifndef RUNLET_MOUNTINFO_H
#define RUNLET_MOUNTINFO_H

/* Decodes mountinfo's octal escapes ("\040" for a space) in place. */
void mi_unescape(char *s);

#endif
