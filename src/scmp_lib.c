// SPDX-License-Identifier: MIT
/* Seccomp backend: static libseccomp (see scmp.h). */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"
#include "scmp.h"
#include "select.h"
#include "sys.h"
#include "tables.h"

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

static uint32_t scmp_action(int act, const struct opt_u64 *errno_ret)
{
	uint16_t err = errno_ret->set ? (uint16_t)errno_ret->v : EPERM;

	switch (act) {
	case SECCOMP_ACT_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
	case SECCOMP_ACT_KILL_PROCESS: return SCMP_ACT_KILL_PROCESS;
	case SECCOMP_ACT_TRAP: return SCMP_ACT_TRAP;
	case SECCOMP_ACT_ERRNO: return SCMP_ACT_ERRNO(err);
	case SECCOMP_ACT_TRACE: return SCMP_ACT_TRACE(err);
	case SECCOMP_ACT_ALLOW: return SCMP_ACT_ALLOW;
	case SECCOMP_ACT_LOG: return SCMP_ACT_LOG;
	case SECCOMP_ACT_NOTIFY: return SCMP_ACT_NOTIFY;
	}
	return SCMP_ACT_KILL_PROCESS;
}

static enum scmp_compare scmp_op(int op)
{
	switch (op) {
	case SECCOMP_OP_NE: return SCMP_CMP_NE;
	case SECCOMP_OP_LT: return SCMP_CMP_LT;
	case SECCOMP_OP_LE: return SCMP_CMP_LE;
	case SECCOMP_OP_EQ: return SCMP_CMP_EQ;
	case SECCOMP_OP_GE: return SCMP_CMP_GE;
	case SECCOMP_OP_GT: return SCMP_CMP_GT;
	case SECCOMP_OP_MASKED_EQ: return SCMP_CMP_MASKED_EQ;
	}
	return SCMP_CMP_EQ;
}

/* An OCI arch name this architecture can run: the native one or one of
 * its compat ABIs. Returns libseccomp's token, or 0 (foreign). */
static uint32_t scmp_arch(const char *name)
{
	static const struct { const char *name; uint32_t audit; } abis[] = ARCH_COMPAT_ABIS;
	char lower[32];
	size_t i;
	bool ours = !strcmp(name, ARCH_SCMP_NAME);

	for (i = 0; i < sizeof(abis) / sizeof(abis[0]); i++)
		if (!strcmp(name, abis[i].name))
			ours = true;
	if (!ours || strncmp(name, "SCMP_ARCH_", 10) || strlen(name + 10) >= sizeof(lower))
		return 0;
	for (i = 0; name[10 + i]; i++)
		lower[i] = (char)(name[10 + i] >= 'A' && name[10 + i] <= 'Z' ?
				  name[10 + i] - 'A' + 'a' : name[10 + i]);
	lower[i] = '\0';
	return seccomp_arch_resolve_name(lower);
}

/* The BPF, exported through a memfd into a malloc'd buffer. */
static int scmp_export(scmp_filter_ctx f, struct scmp_prog *out, struct rl_err *e)
{
	int fd = (int)syscall(RL_NR_memfd_create, SYS_PTR("seccomp"), SYS_ARG(MFD_CLOEXEC));
	off_t len;
	int r;

	if (fd < 0)
		return err_sys(e, errno, "seccomp: memfd_create");
	r = seccomp_export_bpf(f, fd);
	if (r < 0) {
		close(fd);
		return err_sys(e, -r, "seccomp: export the filter");
	}
	len = lseek(fd, 0, SEEK_END);
	if (len <= 0 || len % 8 || len / 8 > 65535) {
		close(fd);
		return err_set(e, E2BIG, "seccomp: the filter has %lld bytes", (long long)len);
	}
	out->insns = malloc((size_t)len);
	if (!out->insns || pread(fd, out->insns, (size_t)len, 0) != len) {
		close(fd);
		free(out->insns);
		out->insns = NULL;
		return err_sys(e, errno ? errno : EIO, "seccomp: read the filter back");
	}
	close(fd);
	out->len = (unsigned short)(len / 8);
	return 0;
}

static int scmp_rule(scmp_filter_ctx f, const struct spec_syscall *sc, size_t si,
		     int nr, uint32_t act, struct rl_err *e)
{
	struct scmp_arg_cmp cmp[6];
	size_t i, j;
	bool dup = false;
	int r;

	if (sc->n_args > 6)
		return err_set(e, EINVAL, "config.json: linux.seccomp.syscalls[%zu].args: at most 6", si);
	for (i = 0; i < sc->n_args; i++) {
		if (sc->args[i].index > 5)
			return err_set(e, EINVAL, "config.json: linux.seccomp.syscalls[%zu].args[%zu].index: %u is not 0..5",
				       si, i, sc->args[i].index);
		cmp[i].arg = sc->args[i].index;
		cmp[i].op = scmp_op(sc->args[i].op);
		cmp[i].datum_a = sc->args[i].value;
		cmp[i].datum_b = sc->args[i].value_two;
		for (j = 0; j < i; j++)
			if (sc->args[j].index == sc->args[i].index)
				dup = true;
	}
	if (!dup) {
		r = seccomp_rule_add_array(f, act, nr, (unsigned)sc->n_args, sc->n_args ? cmp : NULL);
	} else {
		for (r = 0, i = 0; i < sc->n_args && r == 0; i++)
			r = seccomp_rule_add_array(f, act, nr, 1, &cmp[i]);
	}
	if (r < 0)
		return err_sys(e, -r, "config.json: linux.seccomp.syscalls[%zu]: libseccomp refused the rule", si);
	return 0;
}

int scmp_build(const struct rl_ctx *ctx, const struct spec_seccomp *sc,
	       struct scmp_prog *out, struct rl_err *e)
{
	scmp_filter_ctx f;
	uint32_t defact = scmp_action(sc->default_action, &sc->default_errno_ret);
	size_t i, k;
	int r = -1;

	memset(out, 0, sizeof(*out));
	f = seccomp_init(defact);
	if (!f)
		return err_set(e, EINVAL, "config.json: linux.seccomp.defaultAction: libseccomp refused it");
	if (seccomp_attr_set(f, SCMP_FLTATR_CTL_NNP, 0) < 0)
		goto fail_attr;
	out->notify = sc->default_action == SECCOMP_ACT_NOTIFY;
	for (i = 0; i < sc->architectures.n; i++) {
		const char *a = sc->architectures.v[i];
		uint32_t tok = scmp_arch(a);
		int ar;

		if (!tok) {
			log_debug(ctx, "seccomp: architecture %s is not one this %s binary runs; skipped", a, ARCH_NAME);
			continue;
		}
		ar = seccomp_arch_add(f, tok);
		if (ar < 0 && ar != -EEXIST) {
			err_sys(e, -ar, "config.json: linux.seccomp.architectures[%zu]: %s", i, a);
			goto out;
		}
	}
	for (i = 0; i < sc->n_syscalls; i++) {
		const struct spec_syscall *s = &sc->syscalls[i];
		uint32_t act = scmp_action(s->action, &s->errno_ret);

		if (s->action == SECCOMP_ACT_NOTIFY)
			out->notify = true;
		/* A rule with the default action would be refused by
		 * libseccomp (EACCES) and changes nothing: skip it. */
		if (act == defact)
			continue;
		for (k = 0; k < s->names.n; k++) {
			int nr = seccomp_syscall_resolve_name(s->names.v[k]);

			if (nr == __NR_SCMP_ERROR) {
				log_debug(ctx, "seccomp: syscall %s is unknown on %s; skipped", s->names.v[k], ARCH_NAME);
				continue;
			}
			if (scmp_rule(f, s, i, nr, act, e) < 0)
				goto out;
		}
	}
	out->flags = sc->flag_bits;
	if (scmp_export(f, out, e) < 0)
		goto out;
	r = 0;
	goto out;
fail_attr:
	err_set(e, EINVAL, "seccomp: libseccomp attribute");
out:
	seccomp_release(f);
	return r;
}
