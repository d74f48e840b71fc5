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
#include "bpf.h"
#include "targets.h"
#include "systab.h"

/* Names libseccomp does not know that runlet's own table resolves. */
#define SCMP_EXTRA_MAX 64

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

/* libseccomp's token for an OCI arch name ("SCMP_ARCH_X86_64" -> the
 * token of "x86_64"), or 0. */
static uint32_t scmp_token(const char *name)
{
	char lower[32];
	size_t i;

	if (!name || strncmp(name, "SCMP_ARCH_", 10) || strlen(name + 10) >= sizeof(lower))
		return 0;
	for (i = 0; name[10 + i]; i++)
		lower[i] = (char)(name[10 + i] >= 'A' && name[10 + i] <= 'Z' ?
				  name[10 + i] - 'A' + 'a' : name[10 + i]);
	lower[i] = '\0';
	return seccomp_arch_resolve_name(lower);
}

/* An OCI arch name the target runs: its native ABI or one of its compat
 * ABIs; NULL for a foreign one. */
static const char *scmp_abi_of(const struct arch_target *t, const char *name, uint32_t *audit)
{
	size_t i;

	if (t->scmp && !strcmp(name, t->scmp)) {
		*audit = t->audit;
		return t->scmp;
	}
	for (i = 0; i < 2; i++)
		if (t->compat[i].scmp && !strcmp(name, t->compat[i].scmp)) {
			*audit = t->compat[i].audit;
			return t->compat[i].scmp;
		}
	return NULL;
}

const struct arch_target *scmp_target(const char *arch)
{
	static const struct arch_target targets[] = ARCH_TARGETS;
	size_t i;

	if (!arch)
		arch = ARCH_NAME;
	for (i = 0; i < ARCH_N_TARGETS; i++)
		if (!strcmp(targets[i].name, arch))
			return &targets[i];
	return NULL;
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
	struct scmp_arg_cmp cmp[64];
	size_t i, j;
	bool dup = false;
	int r;

	/* Six arguments: more conditions always repeat an index, and are
	 * then ORed one rule each (scmp.h), so only a runaway list is an
	 * error. */
	if (sc->n_args > 64)
		return err_set(e, EINVAL, "config.json: linux.seccomp.syscalls[%zu].args: at most 64 conditions", si);
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

/* The ENOSYS rule (scmp.h): for each ABI in the filter with its own
 * audit value, the highest number any profile name has there. */
static size_t scmp_stub_abis(const struct spec_seccomp *sc, const struct arch_target *t,
			     const uint32_t *toks, const uint32_t *audits, size_t ntok,
			     struct bpf_stub_abi *abis)
{
	size_t n = 0, a, i, k;

	for (a = 0; a < ntok; a++) {
		uint32_t priv = 0;
		int max = -1;

		for (i = 0; i < 2; i++)
			if (t->compat[i].scmp && audits[a] == t->compat[i].audit && toks[a] == scmp_token(t->compat[i].scmp))
				priv = t->compat[i].private_bits;

		/* x32 shares x86_64's audit value: the x86_64 entry skips
		 * numbers with the x32 bit rather than guess for them. */
		if (t->x32_bit && audits[a] == t->audit && toks[a] != scmp_token(t->scmp))
			continue;
		for (i = 0; i < sc->n_syscalls; i++)
			for (k = 0; k < sc->syscalls[i].names.n; k++) {
				int nr = seccomp_syscall_resolve_name_arch(toks[a], sc->syscalls[i].names.v[k]);

				if (nr > max && !((uint32_t)nr & priv))
					max = nr;
			}
		if (max < 0)
			continue;
		abis[n].audit = audits[a];
		abis[n].max_nr = (uint32_t)max;
		abis[n].x32_bit = audits[a] == t->audit ? t->x32_bit : priv;
		n++;
	}
	return n;
}

/* Puts the program rewritten into nb (nl instructions; -1: it did not
 * fit) in place of out's. nb NULL: out of memory. */
static int scmp_swap(struct scmp_prog *out, struct bpf_insn_c *nb, long nl, struct rl_err *e)
{
	if (!nb)
		return err_sys(e, ENOMEM, "seccomp");
	if (nl < 0) {
		free(nb);
		return err_set(e, E2BIG, "seccomp: the filter is over the kernel's %d instructions",
			       BPF_MAX_INSNS);
	}
	free(out->insns);
	out->insns = nb;
	out->len = (unsigned short)nl;
	return 0;
}

int scmp_build(const struct rl_ctx *ctx, const struct spec_seccomp *sc,
	       struct scmp_prog *out, struct rl_err *e)
{
	return scmp_build_for(ctx, sc, NULL, out, e);
}

int scmp_build_for(const struct rl_ctx *ctx, const struct spec_seccomp *sc, const char *arch,
		   struct scmp_prog *out, struct rl_err *e)
{
	const struct arch_target *t = scmp_target(arch);
	scmp_filter_ctx f;
	uint32_t defact = scmp_action(sc->default_action, &sc->default_errno_ret);
	uint32_t toks[3], audits[3];
	struct bpf_nr_rule extra[SCMP_EXTRA_MAX];
	size_t i, k, ntok = 0, nextra = 0;
	bool native = t == scmp_target(NULL);
	struct bpf_insn_c *nb;
	int r = -1, extra_max = -1;

	memset(out, 0, sizeof(*out));
	if (!t || !t->scmp)
		return err_set(e, ENOTSUP, "seccomp: no seccomp filters for architecture \"%s\"",
			       arch ? arch : ARCH_NAME);
	toks[0] = scmp_token(t->scmp);
	audits[0] = t->audit;
	ntok = 1;
	f = seccomp_init(defact);
	if (!f)
		return err_set(e, EINVAL, "config.json: linux.seccomp.defaultAction: libseccomp refused it");
	if (seccomp_attr_set(f, SCMP_FLTATR_CTL_NNP, 0) < 0)
		goto fail_attr;
	/* The target's native ABI in place of the build host's. */
	if (toks[0] != seccomp_arch_native()) {
		if (seccomp_arch_add(f, toks[0]) < 0 || seccomp_arch_remove(f, SCMP_ARCH_NATIVE) < 0) {
			err_set(e, EINVAL, "seccomp: libseccomp cannot build for %s", t->name);
			goto out;
		}
	}
	out->notify = sc->default_action == SECCOMP_ACT_NOTIFY;
	for (i = 0; i < sc->architectures.n; i++) {
		const char *a = sc->architectures.v[i];
		uint32_t audit, tok;
		int ar;

		if (!scmp_abi_of(t, a, &audit)) {
			log_debug(ctx, "seccomp: architecture %s is not one %s runs; skipped", a, t->name);
			continue;
		}
		tok = scmp_token(a);
		if (!tok || tok == toks[0])
			continue;
		ar = seccomp_arch_add(f, tok);
		if (ar < 0 && ar != -EEXIST) {
			/* libseccomp cannot mix some ABIs (32-bit big-endian
			 * ppc into a ppc64le filter: EDOM): that ABI cannot be
			 * filtered here, like a foreign one. */
			log_debug(ctx, "seccomp: libseccomp cannot add %s to a %s filter (%s); skipped",
				  a, t->name, strerror(-ar));
			continue;
		}
		if (ar == 0 && ntok < 3) {
			toks[ntok] = tok;
			audits[ntok++] = audit;
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
			size_t a;
			bool anywhere = false;

			for (a = 0; a < ntok; a++)
				if (seccomp_syscall_resolve_name_arch(toks[a], s->names.v[k]) != __NR_SCMP_ERROR)
					anywhere = true;
			if (nr == __NR_SCMP_ERROR && native && nextra < SCMP_EXTRA_MAX) {
				/* Newer than libseccomp's tables: runlet's own
				 * (arch/<arch>/syscalls.h, from the newest kernel)
				 * know it. Exact-number rules, no arguments. */
				int own = systab_lookup(s->names.v[k]);

				if (own >= 0 && !s->n_args) {
					extra[nextra].nr = (uint32_t)own;
					extra[nextra++].ret = act;
					if (own > extra_max)
						extra_max = own;
					continue;
				}
				if (own >= 0) {
					log_debug(ctx, "seccomp: syscall %s is unknown to libseccomp %s: a rule on its arguments cannot be built; skipped",
						  s->names.v[k], scmp_lib_version());
					continue;
				}
			}
			if (nr == __NR_SCMP_ERROR || !anywhere) {
				log_debug(ctx, "seccomp: syscall %s is unknown on %s; skipped", s->names.v[k], t->name);
				continue;
			}
			if (scmp_rule(f, s, i, nr, act, e) < 0)
				goto out;
		}
	}
	out->flags = sc->flag_bits;
	if (scmp_export(f, out, e) < 0)
		goto out;
	if (sc->default_action == SECCOMP_ACT_ERRNO) {
		struct bpf_stub_abi abis[3];
		size_t n = scmp_stub_abis(sc, t, toks, audits, ntok, abis), a;

		/* The own-table names count for the native ABI's highest. */
		for (a = 0; a < n; a++)
			if (abis[a].audit == t->audit && extra_max >= 0 &&
			    (uint32_t)extra_max > abis[a].max_nr)
				abis[a].max_nr = (uint32_t)extra_max;
		nb = malloc(BPF_MAX_INSNS * sizeof(*nb));
		if (scmp_swap(out, nb, nb ? bpf_enosys_stub(out->insns, out->len, abis, n, nb,
							    BPF_MAX_INSNS) : -1, e) < 0)
			goto out;
	}
	if (nextra) {
		nb = malloc(BPF_MAX_INSNS * sizeof(*nb));
		if (scmp_swap(out, nb, nb ? bpf_prepend_rules(out->insns, out->len, t->audit, extra,
							      nextra, nb, BPF_MAX_INSNS) : -1, e) < 0)
			goto out;
	}
	r = 0;
	goto out;
fail_attr:
	err_set(e, EINVAL, "seccomp: libseccomp attribute");
out:
	if (r < 0)
		scmp_prog_free(out);
	seccomp_release(f);
	return r;
}

/* Same syscall, same argument conditions. */
static bool scmp_same_args(const struct spec_syscall *a, const struct spec_syscall *b)
{
	size_t i;

	if (a->n_args != b->n_args)
		return false;
	for (i = 0; i < a->n_args; i++)
		if (a->args[i].index != b->args[i].index || a->args[i].op != b->args[i].op ||
		    a->args[i].value != b->args[i].value || a->args[i].value_two != b->args[i].value_two)
			return false;
	return true;
}

int scmp_check(FILE *f, const struct spec_seccomp *sc, const char *arch, struct rl_err *e)
{
	const struct arch_target *t = scmp_target(arch);
	uint32_t tok;
	size_t i, k, j, l;
	int n = 0;

	if (!t || !t->scmp)
		return err_set(e, ENOTSUP, "seccomp: no seccomp filters for architecture \"%s\"",
			       arch ? arch : ARCH_NAME);
	tok = scmp_token(t->scmp);
	for (i = 0; i < sc->n_syscalls; i++) {
		const struct spec_syscall *s = &sc->syscalls[i];
		const struct name_val *a;

		if (!s->names.n) {
			fprintf(f, "syscalls[%zu]: no names: the rule matches nothing\n", i);
			n++;
		}
		if (s->action == sc->default_action &&
		    (s->action != SECCOMP_ACT_ERRNO || s->errno_ret.v == sc->default_errno_ret.v)) {
			fprintf(f, "syscalls[%zu]: the action is the default action: the rule changes nothing\n", i);
			n++;
		}
		for (k = 0; k < s->names.n; k++) {
			const char *nm = s->names.v[k];
			bool known = false;

			for (a = tab_seccomp_archs; a->name; a++) {
				uint32_t at = scmp_token(a->name);

				if (at && seccomp_syscall_resolve_name_arch(at, nm) != __NR_SCMP_ERROR)
					known = true;
			}
			if (!known) {
				fprintf(f, "syscalls[%zu].names[%zu]: \"%s\" is a syscall on no architecture\n", i, k, nm);
				n++;
			} else if (seccomp_syscall_resolve_name_arch(tok, nm) == __NR_SCMP_ERROR) {
				fprintf(f, "syscalls[%zu].names[%zu]: \"%s\" does not exist on %s (skipped there)\n",
					i, k, nm, t->name);
			}
			/* Earlier rules for the same name. */
			for (j = 0; j < i; j++)
				for (l = 0; l < sc->syscalls[j].names.n; l++) {
					const struct spec_syscall *p = &sc->syscalls[j];

					if (strcmp(p->names.v[l], nm))
						continue;
					if (scmp_same_args(p, s)) {
						fprintf(f, "syscalls[%zu].names[%zu]: \"%s\" duplicates syscalls[%zu]%s\n",
							i, k, nm, j, p->action == s->action ? "" :
							" with another action (libseccomp refuses this)");
						n++;
					} else if (!p->n_args) {
						fprintf(f, "syscalls[%zu].names[%zu]: \"%s\" overlaps syscalls[%zu], which matches it for any arguments (one of the two rules never applies as written)\n",
							i, k, nm, j);
						n++;
					}
				}
		}
	}
	return n;
}

bool scmp_abi_usable(const char *scmp_name)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
	uint32_t tok = scmp_token(scmp_name);
	int r;

	if (!f)
		return false;
	r = tok ? seccomp_arch_add(f, tok) : -EINVAL;
	seccomp_release(f);
	return r == 0 || r == -EEXIST;
}

bool scmp_name_known(const char *name)
{
	return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}
