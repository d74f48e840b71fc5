// SPDX-License-Identifier: MIT
/*
 * linux.resources.devices, the device allow-list, applied as runc 1.1
 * does (the rules are in cgroup.h): the rule list is run through a model
 * of the v1 devices cgroup (runc's devices Emulator), which gives one
 * normal form, a default and a sorted set of exceptions; v1 gets the
 * fewest devices.allow/devices.deny writes that turn the cgroup's current
 * devices.list into it, v2 a BPF_PROG_TYPE_CGROUP_DEVICE program made
 * from it here, instruction by instruction, loaded and attached with the
 * raw bpf(2) syscall. The model, the writes and the program are pure
 * functions (unit-tested on every arch); only cgdev_apply and
 * cgdev_bpf_attach touch the kernel.
 *
 * Parent side, stack buffers only.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cgroup.h"
#include "sys.h"

#define JP CG_JP ".devices"

/* ---- runc's default rules ---------------------------------------------- */

/*
 * runc 1.1's specconv.AllowedDevices, appended after the config's rules
 * (so a config cannot take them away), except that one with a path is
 * left out when linux.devices has a device at that path.
 */
static const struct {
	const char *path;
	struct cgdev_rule r;
} cgdev_defaults[] = {
	{ NULL, { CGDEV_ANY, CGDEV_ANY, CGDEV_M, 'c', true } },   /* mknod of any */
	{ NULL, { CGDEV_ANY, CGDEV_ANY, CGDEV_M, 'b', true } },
	{ "/dev/null", { 1, 3, CGDEV_RWM, 'c', true } },
	{ "/dev/random", { 1, 8, CGDEV_RWM, 'c', true } },
	{ "/dev/full", { 1, 7, CGDEV_RWM, 'c', true } },
	{ "/dev/tty", { 5, 0, CGDEV_RWM, 'c', true } },
	{ "/dev/zero", { 1, 5, CGDEV_RWM, 'c', true } },
	{ "/dev/urandom", { 1, 9, CGDEV_RWM, 'c', true } },
	{ NULL, { 136, CGDEV_ANY, CGDEV_RWM, 'c', true } },      /* /dev/pts/N */
	{ NULL, { 5, 2, CGDEV_RWM, 'c', true } },                /* /dev/ptmx */
	{ NULL, { 10, 200, CGDEV_RWM, 'c', true } },             /* /dev/net/tun */
};
#define CGDEV_NDEFAULTS (sizeof(cgdev_defaults) / sizeof(cgdev_defaults[0]))
_Static_assert(CGDEV_NDEFAULTS <= CGDEV_NDEFAULT_MAX, "CGDEV_NDEFAULT_MAX");

size_t cgdev_default_rules(const struct spec_linux *l, struct cgdev_rule *out)
{
	size_t i, k, n = 0;

	for (i = 0; i < CGDEV_NDEFAULTS; i++) {
		bool dup = false;

		for (k = 0; l && cgdev_defaults[i].path && k < l->n_devices; k++)
			if (cgdev_path_same(l->devices[k].path, cgdev_defaults[i].path))
				dup = true;
		if (!dup)
			out[n++] = cgdev_defaults[i].r;
	}
	return n;
}

/* The next path component after p (".", "" skipped); its length in *n,
 * 0 at the end. */
static const char *cgdev_comp(const char *p, size_t *n)
{
	for (;;) {
		p += strspn(p, "/");
		*n = strcspn(p, "/");
		if (*n != 1 || p[0] != '.')
			return p;
		p++;
	}
}

/* runc compares the strings; "/dev//null" here is "/dev/null" too, as
 * for the nodes rootfs_plan.c leaves out. */
bool cgdev_path_same(const char *a, const char *b)
{
	size_t na, nb;

	if (!a || !b)
		return false;
	for (;;) {
		a = cgdev_comp(a, &na);
		b = cgdev_comp(b, &nb);
		if (na != nb || memcmp(a, b, na))
			return false;
		if (!na)
			return true;
		a += na;
		b += nb;
	}
}

/* ---- the model: runc's devices Emulator, the v1 kernel's rules --------- */

static int64_t cgdev_key(uint32_t v)
{
	return v == CGDEV_ANY ? -1 : (int64_t)v;
}

/* runc's order: major, minor, type; a wildcard before any number */
static int cgdev_cmp(const struct cgdev_rule *a, const struct cgdev_rule *b)
{
	int64_t x = cgdev_key(a->major), y = cgdev_key(b->major);

	if (x != y)
		return x < y ? -1 : 1;
	x = cgdev_key(a->minor);
	y = cgdev_key(b->minor);
	if (x != y)
		return x < y ? -1 : 1;
	return a->type == b->type ? 0 : a->type < b->type ? -1 : 1;
}

/* Index of the exception for r's device (type, major, minor), or where it
 * would go (*found false). */
static size_t cgdev_find(const struct cgdev_state *st, const struct cgdev_rule *r,
			 bool *found)
{
	size_t i;
	int c;

	for (i = 0; i < st->n; i++) {
		c = cgdev_cmp(&st->ex[i], r);
		if (c >= 0) {
			*found = c == 0;
			return i;
		}
	}
	*found = false;
	return i;
}

/* The access the exception for (type, major, minor) exactly has. */
static unsigned cgdev_perm(const struct cgdev_state *st, const struct cgdev_rule *r)
{
	bool found;
	size_t i = cgdev_find(st, r, &found);

	return found ? st->ex[i].access : 0;
}

static int cgdev_add(struct cgdev_state *st, const struct cgdev_rule *r,
		     struct rl_err *e)
{
	bool found;
	size_t i = cgdev_find(st, r, &found);
	char buf[CGDEV_RULE_MAX];

	if (found) {
		st->ex[i].access |= r->access;
		return 0;
	}
	if (st->n >= CGDEV_MAX)
		return err_set(e, E2BIG, "more than %d device exceptions (at \"%s\")", CGDEV_MAX,
			       cgdev_fmt(r, buf, sizeof(buf)));
	memmove(&st->ex[i + 1], &st->ex[i], (st->n - i) * sizeof(st->ex[0]));
	st->ex[i] = *r;
	st->ex[i].allow = !st->default_allow;
	st->n++;
	return 0;
}

static int cgdev_rm(struct cgdev_state *st, const struct cgdev_rule *r,
		    struct rl_err *e)
{
	struct cgdev_rule part[3] = { *r, *r, *r };
	char a[CGDEV_RULE_MAX], b[CGDEV_RULE_MAX];
	unsigned have;
	bool found;
	size_t i, k;

	/*
	 * v1 takes access away from the exception for exactly that device
	 * only: from a wildcard exception that also covers it, silently
	 * nothing. runc refuses such a rule rather than leave the access in
	 * place; so does runlet.
	 */
	part[0].major = CGDEV_ANY;
	part[1].minor = CGDEV_ANY;
	part[2].major = part[2].minor = CGDEV_ANY;
	for (k = 0; k < 3; k++) {
		if (!cgdev_cmp(&part[k], r))
			continue;
		have = cgdev_perm(st, &part[k]);
		if (have & r->access) {
			part[k].access = (uint8_t)have;
			return err_set(e, EINVAL, "\"%s\" cannot be taken out of the wider exception \"%s\" (cgroup v1 cannot punch a hole in a wildcard exception; runc refuses this too)",
				       cgdev_fmt(r, a, sizeof(a)), cgdev_fmt(&part[k], b, sizeof(b)));
		}
	}
	i = cgdev_find(st, r, &found);
	if (!found)
		return 0;
	st->ex[i].access &= (uint8_t)~r->access;
	if (!st->ex[i].access) {
		memmove(&st->ex[i], &st->ex[i + 1], (st->n - i - 1) * sizeof(st->ex[0]));
		st->n--;
	}
	return 0;
}

void cgdev_state_init(struct cgdev_state *st, bool default_allow)
{
	st->default_allow = default_allow;
	st->n = 0;
}

int cgdev_state_apply(struct cgdev_state *st, const struct cgdev_rule *r,
		      struct rl_err *e)
{
	/* any "a" rule resets the cgroup, whatever else it says (v1 too) */
	if (r->type == 'a') {
		cgdev_state_init(st, r->allow);
		return 0;
	}
	if (r->allow == st->default_allow)
		return cgdev_rm(st, r, e);
	return cgdev_add(st, r, e);
}

bool cgdev_same(const struct cgdev_state *a, const struct cgdev_state *b)
{
	size_t i;

	if (a->default_allow != b->default_allow || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (cgdev_cmp(&a->ex[i], &b->ex[i]) || a->ex[i].access != b->ex[i].access)
			return false;
	return true;
}

bool cgdev_allowed(const struct cgdev_state *st, char type, uint32_t major,
		   uint32_t minor, unsigned access)
{
	const struct cgdev_rule *x;
	size_t i;

	for (i = 0; i < st->n; i++) {
		x = &st->ex[i];
		if (x->type != type || (x->major != CGDEV_ANY && x->major != major) ||
		    (x->minor != CGDEV_ANY && x->minor != minor))
			continue;
		/* v1: an allow-list needs one exception with all of the access,
		 * a deny-list refuses on any overlap */
		if (!st->default_allow && !(access & ~(unsigned)x->access))
			return true;
		if (st->default_allow && (access & x->access))
			return false;
	}
	return st->default_allow;
}

/* ---- config -> model ----------------------------------------------------- */

static void cgdev_num(const struct opt_i64 *v, uint32_t *out)
{
	/* absent, -1 and 4294967295 all mean any: the kernel keeps ~0 */
	*out = (!v->set || v->v < 0 || v->v >= CGDEV_ANY) ? CGDEV_ANY : (uint32_t)v->v;
}

int cgdev_access(const char *s, uint8_t *out)
{
	uint8_t a = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s == 'r')
			a |= CGDEV_R;
		else if (*s == 'w')
			a |= CGDEV_W;
		else if (*s == 'm')
			a |= CGDEV_M;
		else
			return -1;
	}
	*out = a;
	return 0;
}

int cgdev_rule_from_spec(const struct spec_dev_cgroup *d, size_t idx,
			 struct cgdev_rule *r, struct rl_err *e)
{
	memset(r, 0, sizeof(*r));
	r->allow = d->allow;
	r->type = d->type ? d->type : 'a';
	if (r->type != 'a' && r->type != 'c' && r->type != 'b')
		return err_set(e, EINVAL, JP "[%zu].type: \"%c\" is not a, c or b", idx, r->type);
	if (!d->access)
		return err_set(e, EINVAL, JP "[%zu].access: required (as in runc; \"rwm\" for all access)", idx);
	if (cgdev_access(d->access, &r->access) < 0)
		return err_set(e, EINVAL, JP "[%zu].access: \"%.16s\" is not made of r, w and m", idx, d->access);
	cgdev_num(&d->major, &r->major);
	cgdev_num(&d->minor, &r->minor);
	return 0;
}

int cgdev_build(const struct spec_linux *l, struct cgdev_state *st,
		struct rl_err *e)
{
	const struct spec_resources *res = &l->resources;
	struct cgdev_rule r, defs[CGDEV_NDEFAULT_MAX];
	char buf[CGDEV_RULE_MAX];
	size_t i, n;

	/* runc starts from an allow-list that allows nothing */
	cgdev_state_init(st, false);
	for (i = 0; i < res->n_devices; i++) {
		if (cgdev_rule_from_spec(&res->devices[i], i, &r, e) < 0)
			return -1;
		if (cgdev_state_apply(st, &r, e) < 0)
			return err_ctx(e, JP "[%zu]", i);
	}
	n = cgdev_default_rules(l, defs);
	for (i = 0; i < n; i++) {
		if (cgdev_state_apply(st, &defs[i], e) < 0)
			return err_ctx(e, JP ": runc's default rule \"%s\", added after the config's",
				       cgdev_fmt(&defs[i], buf, sizeof(buf)));
	}
	return 0;
}

/* ---- v1: devices.list, the writes -------------------------------------- */

const char *cgdev_fmt(const struct cgdev_rule *r, char *buf, size_t len)
{
	char maj[12] = "*", min[12] = "*", acc[4];
	size_t k = 0;

	if (r->type != 'a' && r->major != CGDEV_ANY)
		snprintf(maj, sizeof(maj), "%" PRIu32, r->major);
	if (r->type != 'a' && r->minor != CGDEV_ANY)
		snprintf(min, sizeof(min), "%" PRIu32, r->minor);
	/* the kernel's order: r, w, m */
	if (r->access & CGDEV_R)
		acc[k++] = 'r';
	if (r->access & CGDEV_W)
		acc[k++] = 'w';
	if (r->access & CGDEV_M)
		acc[k++] = 'm';
	acc[k] = '\0';
	snprintf(buf, len, "%c %s:%s %s", r->type, maj, min, r->type == 'a' ? "rwm" : acc);
	return buf;
}

/* "*" or a decimal u32 below ~0, up to the character stop. */
static int cgdev_parse_num(const char **p, char stop, uint32_t *v)
{
	const char *s = *p;
	uint64_t n = 0;

	if (*s == '*') {
		*v = CGDEV_ANY;
		s++;
	} else {
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++) {
			n = n * 10 + (uint64_t)(*s - '0');
			if (n > UINT32_MAX)
				return -1;
		}
		*v = (uint32_t)n;
	}
	if (*s != stop)
		return -1;
	*p = s + 1;
	return 0;
}

int cgdev_parse_list(const char *list, struct cgdev_state *st, struct rl_err *e)
{
	const char *p = list, *eol;
	struct cgdev_rule r;
	char acc[8];
	size_t n;

	/* what the v1 kernel lists is what it allows: replayed as allows on
	 * an empty allow-list, "a *:* rwm" turns it into allow-all */
	cgdev_state_init(st, false);
	while (*p) {
		eol = strchr(p, '\n');
		n = eol ? (size_t)(eol - p) : strlen(p);
		if (n == 0) {
			p++;
			continue;
		}
		memset(&r, 0, sizeof(r));
		r.allow = true;
		r.type = *p;
		if ((r.type != 'a' && r.type != 'b' && r.type != 'c') || p[1] != ' ')
			goto bad;
		p += 2;
		if (cgdev_parse_num(&p, ':', &r.major) < 0 || cgdev_parse_num(&p, ' ', &r.minor) < 0)
			goto bad;
		n = eol ? (size_t)(eol - p) : strlen(p);
		if (n == 0 || n >= sizeof(acc))
			goto bad;
		memcpy(acc, p, n);
		acc[n] = '\0';
		if (cgdev_access(acc, &r.access) < 0)
			goto bad;
		if (cgdev_state_apply(st, &r, e) < 0)
			return -1;
		p += n;
	}
	return 0;
bad:
	n = strcspn(p, "\n");
	return err_set(e, EINVAL, "devices.list: cannot read the line at \"%.*s\"",
		       (int)(n > 32 ? 32 : n), p);
}

size_t cgdev_transition(const struct cgdev_state *from, const struct cgdev_state *to,
			struct cgdev_rule *out)
{
	static const struct cgdev_state none;
	const struct cgdev_state *old = from;
	size_t i, n = 0;
	unsigned d;

	/*
	 * runc's Transition: a change of default needs the disruptive "a"
	 * rule; so does a deny-list, since devices.list does not show its
	 * exceptions. Then the access to take away, then the access to give.
	 */
	if (from->default_allow || from->default_allow != to->default_allow) {
		memset(&out[n], 0, sizeof(out[n]));
		out[n].type = 'a';
		out[n].major = out[n].minor = CGDEV_ANY;
		out[n].access = CGDEV_RWM;
		out[n].allow = to->default_allow;
		n++;
		old = &none;
	}
	for (i = 0; i < old->n; i++) {
		d = old->ex[i].access & ~cgdev_perm(to, &old->ex[i]);
		if (d) {
			out[n] = old->ex[i];
			out[n].access = (uint8_t)d;
			out[n].allow = to->default_allow;
			n++;
		}
	}
	for (i = 0; i < to->n; i++) {
		d = to->ex[i].access & ~cgdev_perm(old, &to->ex[i]);
		if (d) {
			out[n] = to->ex[i];
			out[n].access = (uint8_t)d;
			out[n].allow = !to->default_allow;
			n++;
		}
	}
	return n;
}

/* ---- v2: the BPF program ------------------------------------------------ */

/* include/uapi/linux/bpf.h (kept here: see sys.h on uapi headers) */
#define BPF_CLASS_LDX 0x01
#define BPF_CLASS_ALU 0x04
#define BPF_CLASS_JMP 0x05
#define BPF_SIZE_W 0x00
#define BPF_MODE_MEM 0x60
#define BPF_SRC_K 0x00
#define BPF_SRC_X 0x08
#define BPF_OP_AND 0x50
#define BPF_OP_RSH 0x70
#define BPF_OP_MOV 0xb0
#define BPF_OP_JEQ 0x10
#define BPF_OP_JNE 0x50
#define BPF_OP_EXIT 0x90
/* struct bpf_cgroup_dev_ctx: access_type (type | access << 16), major, minor */
#define DEVCG_DEV_BLOCK 1
#define DEVCG_DEV_CHAR 2

static struct cgdev_insn cgdev_insn(uint8_t code, unsigned dst, unsigned src,
				    int off, int32_t imm)
{
	struct cgdev_insn i;

	i.code = code;
	/* the kernel's "__u8 dst_reg:4, src_reg:4": the first bit-field
	 * takes the low bits on little-endian ABIs, the high ones on big */
	i.regs = (uint8_t)(ARCH_BIG_ENDIAN ? (dst << 4) | src : (src << 4) | dst);
	i.off = (int16_t)off;
	i.imm = imm;
	return i;
}

#define LDXW(dst, src, off) cgdev_insn(BPF_CLASS_LDX | BPF_MODE_MEM | BPF_SIZE_W, dst, src, off, 0)
#define ALU32_K(op, dst, imm) cgdev_insn(BPF_CLASS_ALU | (op) | BPF_SRC_K, dst, 0, 0, imm)
#define MOV32_X(dst, src) cgdev_insn(BPF_CLASS_ALU | BPF_OP_MOV | BPF_SRC_X, dst, src, 0, 0)
#define JMP_K(op, dst, imm, off) cgdev_insn(BPF_CLASS_JMP | (op) | BPF_SRC_K, dst, 0, off, imm)
#define JMP_X(op, dst, src, off) cgdev_insn(BPF_CLASS_JMP | (op) | BPF_SRC_X, dst, src, off, 0)
#define EXIT() cgdev_insn(BPF_CLASS_JMP | BPF_OP_EXIT, 0, 0, 0, 0)

size_t cgdev_prog(const struct cgdev_state *st, struct cgdev_insn *out)
{
	size_t n = 0, i, k, start;

	/* r2 = type, r3 = access, r4 = major, r5 = minor (as runc) */
	out[n++] = LDXW(2, 1, 0);
	out[n++] = ALU32_K(BPF_OP_AND, 2, 0xffff);
	out[n++] = LDXW(3, 1, 0);
	out[n++] = ALU32_K(BPF_OP_RSH, 3, 16);
	out[n++] = LDXW(4, 1, 4);
	out[n++] = LDXW(5, 1, 8);
	/*
	 * One block per exception, each jump to the next block on a
	 * mismatch; a match returns the exception's verdict. All have the
	 * same verdict (the model merges the rest), so the order does not
	 * matter. An allow-list's exception needs all of the access asked
	 * for; a deny-list's denies on any overlap, as v1 does.
	 */
	for (i = 0; i < st->n; i++) {
		const struct cgdev_rule *x = &st->ex[i];

		start = n;
		out[n++] = JMP_K(BPF_OP_JNE, 2, x->type == 'b' ? DEVCG_DEV_BLOCK : DEVCG_DEV_CHAR, 0);
		if (x->access != CGDEV_RWM) {
			out[n++] = MOV32_X(1, 3);
			out[n++] = ALU32_K(BPF_OP_AND, 1, x->access);
			if (st->default_allow)
				out[n++] = JMP_K(BPF_OP_JEQ, 1, 0, 0);
			else
				out[n++] = JMP_X(BPF_OP_JNE, 1, 3, 0);
		}
		/* (int32_t): above 2^31 the compare never matches, and no
		 * device has such a number (majors end at 4095) */
		if (x->major != CGDEV_ANY)
			out[n++] = JMP_K(BPF_OP_JNE, 4, (int32_t)x->major, 0);
		if (x->minor != CGDEV_ANY)
			out[n++] = JMP_K(BPF_OP_JNE, 5, (int32_t)x->minor, 0);
		out[n++] = ALU32_K(BPF_OP_MOV, 0, st->default_allow ? 0 : 1);
		out[n++] = EXIT();
		/* every jump of the block goes to the next one, at n */
		for (k = start; k < n - 2; k++)
			if ((out[k].code & 0x07) == BPF_CLASS_JMP)
				out[k].off = (int16_t)(n - k - 1);
	}
	out[n++] = ALU32_K(BPF_OP_MOV, 0, st->default_allow ? 1 : 0);
	out[n++] = EXIT();
	return n;
}

/* ---- bpf(2) ------------------------------------------------------------- */

enum {
	BPFC_PROG_LOAD = 5,
	BPFC_PROG_ATTACH = 8,
	BPFC_PROG_DETACH = 9,
	BPFC_PROG_GET_FD_BY_ID = 13,
	BPFC_OBJ_GET_INFO_BY_FD = 15,
	BPFC_PROG_QUERY = 16,
};
#define BPF_PROG_TYPE_CGROUP_DEVICE 15
#define BPF_ATTACH_CGROUP_DEVICE 6
#define BPF_FLAG_ALLOW_MULTI 2U
#define BPF_NAME_LEN 16
#define BPF_MAX_ATTACHED 64     /* BPF_CGROUP_MAX_PROGS */
#define CGDEV_PROG_NAME "runlet_devices"

/* The leading members of union bpf_attr each command reads. */
struct bpf_load_attr {
	uint32_t prog_type, insn_cnt;
	uint64_t insns, license;
	uint32_t log_level, log_size;
	uint64_t log_buf;
	uint32_t kern_version, prog_flags;
	char prog_name[BPF_NAME_LEN];
	uint32_t prog_ifindex, expected_attach_type;
};
_Static_assert(sizeof(struct bpf_load_attr) == 72, "bpf_attr (PROG_LOAD) layout");
struct bpf_attach_attr {
	uint32_t target_fd, attach_bpf_fd, attach_type, attach_flags, replace_bpf_fd;
};
struct bpf_query_attr {
	uint32_t target_fd, attach_type, query_flags, attach_flags;
	uint64_t prog_ids;
	uint32_t prog_cnt, pad;
};
_Static_assert(sizeof(struct bpf_query_attr) == 32, "bpf_attr (PROG_QUERY) layout");
struct bpf_id_attr {
	uint32_t id, next_id, open_flags;
};
struct bpf_info_attr {
	uint32_t bpf_fd, info_len;
	uint64_t info;
};
/* struct bpf_prog_info up to its name */
struct bpf_prog_info_head {
	uint32_t type, id;
	uint8_t tag[8];
	uint32_t jited_prog_len, xlated_prog_len;
	uint64_t jited_prog_insns, xlated_prog_insns, load_time;
	uint32_t created_by_uid, nr_map_ids;
	uint64_t map_ids;
	char name[BPF_NAME_LEN];
};
_Static_assert(sizeof(struct bpf_prog_info_head) == 80, "bpf_prog_info layout");

static long cgdev_bpf(int cmd, void *attr, size_t size)
{
	long r;

	do
		r = syscall(RL_NR_bpf, SYS_ARG(cmd), SYS_PTR(attr), SYS_ARG(size));
	while (r < 0 && errno == EINTR);
	return r;
}

static int cgdev_load_once(const struct cgdev_insn *prog, size_t n, char *log,
			   size_t log_len)
{
	struct bpf_load_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insn_cnt = (uint32_t)n;
	a.insns = (uint64_t)(uintptr_t)prog;
	/* no helper is called, so the kernel takes any license; runc's */
	a.license = (uint64_t)(uintptr_t)"Apache";
	if (log && log_len) {
		log[0] = '\0';
		a.log_level = 1;
		a.log_size = (uint32_t)log_len;
		a.log_buf = (uint64_t)(uintptr_t)log;
	}
	memcpy(a.prog_name, CGDEV_PROG_NAME, sizeof(CGDEV_PROG_NAME));
	return (int)cgdev_bpf(BPFC_PROG_LOAD, &a, sizeof(a));
}

/* Loads the program; an owned fd, or -1 with e set. */
static int cgdev_load(const struct cgdev_insn *prog, size_t n, struct rl_err *e)
{
	struct rlimit old, inf = { RLIM_INFINITY, RLIM_INFINITY };
	char log[2048], *last, *p;
	int fd, saved;

	fd = cgdev_load_once(prog, n, NULL, 0);
	/* before 5.11 the program is charged to RLIMIT_MEMLOCK; raised for
	 * this one call, as runc does (for good) */
	if (fd < 0 && errno == EPERM && getrlimit(RLIMIT_MEMLOCK, &old) == 0 &&
	    setrlimit(RLIMIT_MEMLOCK, &inf) == 0) {
		fd = cgdev_load_once(prog, n, NULL, 0);
		saved = errno;
		setrlimit(RLIMIT_MEMLOCK, &old);
		errno = saved;
	}
	if (fd >= 0)
		return fd;
	saved = errno;
	if (saved != EINVAL && saved != EACCES)
		return err_sys(e, saved, "load the BPF device filter (%zu instructions)", n);
	/* the verifier's last word, for the message */
	fd = cgdev_load_once(prog, n, log, sizeof(log));
	if (fd >= 0)
		return fd;
	log[sizeof(log) - 1] = '\0';
	for (p = log + strlen(log); p > log && (p[-1] == '\n' || p[-1] == ' '); p--)
		p[-1] = '\0';
	last = strrchr(log, '\n');
	last = last ? last + 1 : log;
	return err_sys(e, saved, "load the BPF device filter (%zu instructions)%s%.160s%s", n,
		       *last ? " (verifier: \"" : "", last, *last ? "\")" : "");
}

/* Fds of the runlet programs attached to dirfd (for device checks), up to
 * max; 0 on kernels without BPF_PROG_QUERY. */
static int cgdev_ours(int dirfd, int *fds, size_t max, size_t *n, struct rl_err *e)
{
	uint32_t ids[BPF_MAX_ATTACHED];
	struct bpf_query_attr q;
	struct bpf_id_attr ia;
	struct bpf_info_attr ib;
	struct bpf_prog_info_head info;
	uint32_t i;
	int fd;

	*n = 0;
	memset(&q, 0, sizeof(q));
	q.target_fd = (uint32_t)dirfd;
	q.attach_type = BPF_ATTACH_CGROUP_DEVICE;
	q.prog_ids = (uint64_t)(uintptr_t)ids;
	q.prog_cnt = BPF_MAX_ATTACHED;
	if (cgdev_bpf(BPFC_PROG_QUERY, &q, sizeof(q)) < 0) {
		if (errno == EINVAL)
			return 0;
		return err_sys(e, errno, "query the BPF device filters attached");
	}
	for (i = 0; i < q.prog_cnt && i < BPF_MAX_ATTACHED && *n < max; i++) {
		memset(&ia, 0, sizeof(ia));
		ia.id = ids[i];
		fd = (int)cgdev_bpf(BPFC_PROG_GET_FD_BY_ID, &ia, sizeof(ia));
		if (fd < 0) {
			/* gone meanwhile, or kept from us (an LSM): not ours */
			if (errno == ENOENT || errno == EPERM || errno == EACCES)
				continue;
			return err_sys(e, errno, "open attached BPF program %" PRIu32, ids[i]);
		}
		memset(&info, 0, sizeof(info));
		memset(&ib, 0, sizeof(ib));
		ib.bpf_fd = (uint32_t)fd;
		ib.info_len = sizeof(info);
		ib.info = (uint64_t)(uintptr_t)&info;
		if (cgdev_bpf(BPFC_OBJ_GET_INFO_BY_FD, &ib, sizeof(ib)) == 0 &&
		    !strncmp(info.name, CGDEV_PROG_NAME, BPF_NAME_LEN))
			fds[(*n)++] = fd;
		else
			close(fd);
	}
	return 0;
}

static void cgdev_close_all(int *fds, size_t n)
{
	while (n)
		close(fds[--n]);
}

int cgdev_bpf_attach(int dirfd, const struct cgdev_state *st, struct rl_err *e)
{
	struct cgdev_insn prog[CGDEV_PROG_MAX];
	struct bpf_attach_attr a;
	int old[BPF_MAX_ATTACHED], fd;
	size_t n, nold, i;

	n = cgdev_prog(st, prog);
	if (cgdev_ours(dirfd, old, BPF_MAX_ATTACHED, &nold, e) < 0)
		return -1;
	fd = cgdev_load(prog, n, e);
	if (fd < 0) {
		cgdev_close_all(old, nold);
		return -1;
	}
	/* the new filter first, then the old ones go: in between both
	 * apply (a device must pass every filter), never neither */
	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)dirfd;
	a.attach_bpf_fd = (uint32_t)fd;
	a.attach_type = BPF_ATTACH_CGROUP_DEVICE;
	a.attach_flags = BPF_FLAG_ALLOW_MULTI;
	if (cgdev_bpf(BPFC_PROG_ATTACH, &a, sizeof(a)) < 0) {
		err_sys(e, errno, "attach the BPF device filter (BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI)");
		close(fd);
		cgdev_close_all(old, nold);
		return -1;
	}
	/* the cgroup holds the program now */
	close(fd);
	for (i = 0; i < nold; i++) {
		memset(&a, 0, sizeof(a));
		a.target_fd = (uint32_t)dirfd;
		a.attach_bpf_fd = (uint32_t)old[i];
		a.attach_type = BPF_ATTACH_CGROUP_DEVICE;
		if (cgdev_bpf(BPFC_PROG_DETACH, &a, sizeof(a)) < 0 && errno != ENOENT) {
			err_sys(e, errno, "detach the previous BPF device filter");
			cgdev_close_all(old, nold);
			return -1;
		}
	}
	cgdev_close_all(old, nold);
	return 0;
}

int cgdev_bpf_count(int dirfd)
{
	int fds[BPF_MAX_ATTACHED];
	struct rl_err e;
	size_t n;

	if (cgdev_ours(dirfd, fds, BPF_MAX_ATTACHED, &n, &e) < 0)
		return -1;
	cgdev_close_all(fds, n);
	return (int)n;
}

/* ---- into the container's cgroup ---------------------------------------- */

/* Root in the initial user namespace: what writing devices.* and loading a
 * device filter need. runc skips devices in a user namespace. */
static bool cgdev_privileged(void)
{
	char map[128], *p = map, *end;
	unsigned long v[3];
	int i;

	if (geteuid() != 0)
		return false;
	if (cg_read_at(AT_FDCWD, "/proc/self/uid_map", map, sizeof(map)) < 0)
		return true;
	/* "0 0 4294967295": the identity map of the initial namespace.
	 * (strtoul, not sscanf: that would link libc's whole scanner.) */
	for (i = 0; i < 3; i++) {
		v[i] = strtoul(p, &end, 10);
		if (end == p)
			return false;
		p = end;
	}
	return v[0] == 0 && v[1] == 0 && v[2] == 4294967295UL;
}

static int cgdev_v1(const struct cg *cg, const struct cg_hier *h,
		    const struct cgdev_state *want, struct rl_err *e)
{
	char list[CGDEV_LIST_MAX], val[CGDEV_RULE_MAX], msg[CG_MNT_MAX + CG_PATH_MAX + 16];
	struct cgdev_rule tr[1 + 2 * CGDEV_MAX];
	struct cgdev_state cur, after;
	ssize_t len;
	size_t n, i;

	len = cg_read_at(h->leaffd, "devices.list", list, sizeof(list));
	if (len < 0)
		return err_sys(e, errno, JP ": read \"%s\"", cg_fmt(cg, h, "devices.list", msg, sizeof(msg)));
	if ((size_t)len >= sizeof(list) - 1)
		return err_set(e, E2BIG, JP ": \"%s\" is longer than %zu bytes",
			       cg_fmt(cg, h, "devices.list", msg, sizeof(msg)), sizeof(list) - 2);
	if (cgdev_parse_list(list, &cur, e) < 0)
		return err_ctx(e, JP ": \"%s\"", cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	n = cgdev_transition(&cur, want, tr);
	for (i = 0; i < n; i++) {
		cgdev_fmt(&tr[i], val, sizeof(val));
		if (cg_set(h, JP, tr[i].allow ? "devices.allow" : "devices.deny", val,
			   CG_CHECK_NONE, e) < 0)
			return -1;
	}
	/* runc's last check: the kernel holds what was meant (a deny-list's
	 * exceptions do not show, only that it is one) */
	len = cg_read_at(h->leaffd, "devices.list", list, sizeof(list));
	if (len < 0 || (size_t)len >= sizeof(list) - 1 || cgdev_parse_list(list, &after, e) < 0)
		return err_sys(e, len < 0 ? errno : EIO, JP ": read back \"%s\"",
			       cg_fmt(cg, h, "devices.list", msg, sizeof(msg)));
	if (want->default_allow ? !after.default_allow : !cgdev_same(&after, want))
		return err_set(e, EIO, JP ": \"%s\" does not hold the rules written",
			       cg_fmt(cg, h, "devices.list", msg, sizeof(msg)));
	return 0;
}

int cgdev_apply(struct cg *cg, const struct spec_linux *l, bool update,
		struct rl_err *e)
{
	const struct spec_resources *r = &l->resources;
	char msg[CG_MNT_MAX + CG_PATH_MAX];
	struct cgdev_state want;
	struct cg_hier *h;
	int i;

	if (!cg->active || (update && !r->n_devices))
		return 0;
	/* checks first, whatever the host */
	if (cgdev_build(l, &want, e) < 0)
		return -1;
	if (!cgdev_privileged()) {
		if (r->n_devices)
			cg_note(JP " ignored: only root in the initial user namespace can restrict devices");
		return 0;
	}
	i = cg_find(cg, "devices");
	if (i < 0 || cg->h[i].v2)
		i = cg_find(cg, "");
	if (i < 0) {
		if (r->n_devices)
			return err_set(e, ENODEV, JP ": no devices controller (cgroup v1) and no unified hierarchy (cgroup v2) to attach a filter to");
		return 0;
	}
	h = &cg->h[i];
	if (h->leaffd < 0) {
		h->leaffd = cg_open_depth(cg, h, cg->ncomp, msg, sizeof(msg));
		if (h->leaffd < 0)
			return err_sys(e, errno, JP ": open cgroup \"%s\"", msg);
	}
	if (!h->v2)
		return cgdev_v1(cg, h, &want, e);
	if (cgdev_bpf_attach(h->leaffd, &want, e) < 0)
		return err_ctx(e, JP ": \"%s\"", cg_fmt(cg, h, NULL, msg, sizeof(msg)));
	return 0;
}
