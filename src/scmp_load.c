// SPDX-License-Identifier: MIT
/* Loading a prepared filter (scmp.h): one raw seccomp(2) call, usable in
 * the container child; the same on every architecture that has seccomp. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "scmp.h"
#include "sys.h"

#define SCMP_SET_MODE_FILTER 1
#define SCMP_FLAG_NEW_LISTENER (1U << 3)

struct scmp_fprog {
	unsigned short len;
	void *filter;
};

int scmp_load(const struct scmp_prog *p)
{
	struct scmp_fprog fp = { p->len, p->insns };
	unsigned flags = p->flags | (p->notify ? SCMP_FLAG_NEW_LISTENER : 0);
	long r = syscall(RL_NR_seccomp, SYS_ARG(SCMP_SET_MODE_FILTER), SYS_ARG(flags), SYS_PTR(&fp));

	if (r < 0)
		return -1;
	return (int)r;
}

void scmp_prog_free(struct scmp_prog *p)
{
	free(p->insns);
	p->insns = NULL;
	p->len = 0;
}
