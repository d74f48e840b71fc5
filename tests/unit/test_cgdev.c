// SPDX-License-Identifier: MIT
/*
 * linux.resources.devices (cgdev.c): the model of a devices cgroup (runc's
 * Emulator) from rule lists (table), the errors naming JSON paths (from
 * real config.json text), runc's default rules and their dedup against
 * linux.devices, devices.list parsing and the v1 writes (transition), and
 * the BPF program: its size, a few encodings, its layout against the
 * kernel's struct bpf_insn (bit-fields, so big-endian sparc64 is checked
 * too), and its decisions, run by a small interpreter here, against the
 * model's and against a naive v1 kernel model built from the same rule
 * list, for a table of lists and a few thousand pseudo-random ones. Those
 * run anywhere, qemu-user included. As root, with a cgroup2 mount (the
 * unified one of a hybrid host too) and a kernel bpf(2) (not qemu-user's):
 * the program is loaded, attached to a test cgroup and obeyed by a child
 * in it; an update replaces it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "config.h"
#include "sys.h"
#include "tap.h"

/* ---- helpers ------------------------------------------------------------ */

/* "allow c 1:3 rwm" / "deny a" -> rule (the test's own notation). */
static struct cgdev_rule R(const char *s)
{
	struct cgdev_rule r;
	char verdict[8], type, maj[12] = "*", min[12] = "*", acc[8] = "rwm";

	memset(&r, 0, sizeof(r));
	if (sscanf(s, "%7s %c %11[^:]:%11s %7s", verdict, &type, maj, min, acc) < 2)
		abort();
	r.allow = !strcmp(verdict, "allow");
	r.type = type;
	r.major = strcmp(maj, "*") ? (uint32_t)strtoul(maj, NULL, 10) : CGDEV_ANY;
	r.minor = strcmp(min, "*") ? (uint32_t)strtoul(min, NULL, 10) : CGDEV_ANY;
	if (cgdev_access(acc, &r.access) < 0)
		abort();
	return r;
}

/* The state as devices.list would show it, lines joined by "; ". */
static const char *show(const struct cgdev_state *st, char *buf, size_t len)
{
	char line[CGDEV_RULE_MAX];
	size_t i, o = 0;

	if (st->default_allow)
		o += (size_t)snprintf(buf, len, "allow-all");
	else
		o += (size_t)snprintf(buf, len, "deny-all");
	for (i = 0; i < st->n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "; %s", cgdev_fmt(&st->ex[i], line, sizeof(line)));
	return buf;
}

/* ---- the model: table --------------------------------------------------- */

struct model_case {
	const char *rules[8];
	const char *want;       /* show() of the state, or NULL: an error */
	const char *msg;        /* the error, if checked */
};

static const struct model_case model_cases[] = {
	{ { NULL }, "deny-all", NULL },
	{ { "deny a", "allow c 1:3 rwm", NULL }, "deny-all; c 1:3 rwm", NULL },
	/* any "a" rule resets, whatever its numbers and access */
	{ { "allow c 1:3 rwm", "deny a 1:3 r", NULL }, "deny-all", NULL },
	{ { "allow a", NULL }, "allow-all", NULL },
	{ { "allow a", "deny c 1:5 w", "deny c 1:5 r", NULL }, "allow-all; c 1:5 rw", NULL },
	/* access merges per device; sorted by major, minor, type */
	{ { "allow c 5:0 r", "allow c 1:3 w", "allow c 1:3 r", "allow b 1:3 m", "allow c *:* m", NULL },
	  "deny-all; c *:* m; b 1:3 m; c 1:3 rw; c 5:0 r", NULL },
	{ { "allow c 136:* rwm", "allow c 1:* r", NULL }, "deny-all; c 1:* r; c 136:* rwm", NULL },
	/* taking access away from the exact exception */
	{ { "allow c 1:5 rwm", "deny c 1:5 w", NULL }, "deny-all; c 1:5 rm", NULL },
	{ { "allow c 1:5 rw", "deny c 1:5 rw", NULL }, "deny-all", NULL },
	{ { "deny c 1:5 rwm", NULL }, "deny-all", NULL },
	/* ... but not from a wider one (runc refuses: v1 would ignore it) */
	{ { "allow c *:* rwm", "deny c 1:5 rwm", NULL }, NULL,
	  "\"c 1:5 rwm\" cannot be taken out of the wider exception \"c *:* rwm\" (cgroup v1 cannot punch a hole in a wildcard exception; runc refuses this too)" },
	{ { "allow c 1:* r", "deny c 1:5 r", NULL }, NULL, NULL },
	{ { "allow c *:5 r", "deny c 1:5 r", NULL }, NULL, NULL },
	/* no overlap in access: fine */
	{ { "allow c *:* m", "deny c 1:5 r", NULL }, "deny-all; c *:* m", NULL },
	{ { "allow a", "deny c 1:* w", "allow c 1:5 w", NULL }, NULL, NULL },
	{ { "allow a", "deny b *:* rwm", "allow b *:* rwm", NULL }, "allow-all", NULL },
};

static void test_model(void)
{
	char buf[512];
	struct cgdev_state st;
	struct cgdev_rule r;
	struct rl_err e;
	size_t i, k;
	int rc;

	for (i = 0; i < sizeof(model_cases) / sizeof(model_cases[0]); i++) {
		const struct model_case *c = &model_cases[i];

		cgdev_state_init(&st, false);
		rc = 0;
		memset(&e, 0, sizeof(e));
		for (k = 0; c->rules[k] && rc == 0; k++) {
			r = R(c->rules[k]);
			rc = cgdev_state_apply(&st, &r, &e);
		}
		if (c->want) {
			ok(rc == 0, "model %zu: rules apply", i);
			is_str(show(&st, buf, sizeof(buf)), c->want, "  state: %s", c->want);
		} else {
			ok(rc < 0, "model %zu: refused (%s)", i, e.msg);
			if (c->msg)
				is_str(e.msg, c->msg, "  message");
		}
	}
	/* the cap */
	cgdev_state_init(&st, false);
	rc = 0;
	for (k = 0; k <= CGDEV_MAX && rc == 0; k++) {
		r = R("allow c 1:1 r");
		r.minor = (uint32_t)k;
		rc = cgdev_state_apply(&st, &r, &e);
	}
	ok(rc < 0 && k == CGDEV_MAX + 1 && st.n == CGDEV_MAX, "exception %d is refused", CGDEV_MAX + 1);
	is_str(e.msg, "more than 256 device exceptions (at \"c 1:256 r\")", "  message");
}

/* ---- config.json -> state ----------------------------------------------- */

#define HEAD "{\"ociVersion\": \"1.3.0\", \"root\": {\"path\": \"r\"}, \"linux\": {"

static int parse(struct spec *s, const char *linux_body, struct rl_err *e)
{
	size_t n = strlen(HEAD) + strlen(linux_body) + 2;
	char *buf = malloc(n + 1);

	if (!buf)
		abort();
	snprintf(buf, n + 1, "%s%s}}", HEAD, linux_body);
	memset(s, 0, sizeof(*s));
	return config_parse(s, buf, n, "config.json", e);
}

struct build_case {
	const char *body;       /* the members of "linux" */
	const char *want;       /* show(), or NULL: an error */
	const char *msg;
};

#define DEFAULTS_AFTER_DENY "deny-all; b *:* m; c *:* m; c 1:3 rwm; c 1:5 rwm; c 1:7 rwm; c 1:8 rwm; c 1:9 rwm; c 5:0 rwm; c 5:2 rwm; c 10:200 rwm; c 136:* rwm"

static const struct build_case build_cases[] = {
	/* runc: deny all, then its defaults, even with no rule at all */
	{ "\"resources\": {}", DEFAULTS_AFTER_DENY, NULL },
	{ "\"namespaces\": []", DEFAULTS_AFTER_DENY, NULL },
	{ "\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}", DEFAULTS_AFTER_DENY, NULL },
	/* the defaults come last: a config cannot take them away... */
	{ "\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}, "
	  "{\"allow\": false, \"type\": \"c\", \"major\": 1, \"minor\": 5, \"access\": \"rwm\"}]}",
	  DEFAULTS_AFTER_DENY, NULL },
	/* ... unless linux.devices has the path (runc's dedup) */
	{ "\"devices\": [{\"path\": \"/dev/zero\", \"type\": \"c\", \"major\": 1, \"minor\": 5}, "
	  "{\"path\": \"/dev//null\", \"type\": \"c\", \"major\": 1, \"minor\": 3}], "
	  "\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}",
	  "deny-all; b *:* m; c *:* m; c 1:7 rwm; c 1:8 rwm; c 1:9 rwm; c 5:0 rwm; c 5:2 rwm; c 10:200 rwm; c 136:* rwm", NULL },
	{ "\"devices\": [{\"path\": \"/dev/zero\", \"type\": \"c\", \"major\": 1, \"minor\": 5}], "
	  "\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}, "
	  "{\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 5, \"access\": \"r\"}]}",
	  "deny-all; b *:* m; c *:* m; c 1:3 rwm; c 1:5 r; c 1:7 rwm; c 1:8 rwm; c 1:9 rwm; c 5:0 rwm; c 5:2 rwm; c 10:200 rwm; c 136:* rwm", NULL },
	/* -1 and 4294967295 are the wildcard; absent type is "a" */
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"c\", \"major\": -1, \"minor\": 4294967295, \"access\": \"rwm\"}]}",
	  "deny-all; b *:* m; c *:* rwm; c 1:3 rwm; c 1:5 rwm; c 1:7 rwm; c 1:8 rwm; c 1:9 rwm; c 5:0 rwm; c 5:2 rwm; c 10:200 rwm; c 136:* rwm", NULL },
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"access\": \"r\"}]}", "allow-all", NULL },
	/* a deny-list: the default allows take access away */
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"access\": \"rwm\"}, "
	  "{\"allow\": false, \"type\": \"b\", \"major\": 8, \"access\": \"rw\"}, "
	  "{\"allow\": false, \"type\": \"c\", \"major\": 1, \"minor\": 5, \"access\": \"rwm\"}]}",
	  "allow-all; b 8:* rw", NULL },
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"access\": \"rwm\"}, "
	  "{\"allow\": false, \"type\": \"c\", \"major\": 1, \"access\": \"rwm\"}]}", NULL,
	  "linux.resources.devices: runc's default rule \"c 1:3 rwm\", added after the config's: \"c 1:3 rwm\" cannot be taken out of the wider exception \"c 1:* rwm\" (cgroup v1 cannot punch a hole in a wildcard exception; runc refuses this too)" },
	/* errors name the rule */
	{ "\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"type\": \"c\"}]}", NULL,
	  "linux.resources.devices[1].access: required (as in runc; \"rwm\" for all access)" },
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"c\", \"major\": 1, \"access\": \"rwm\"}, "
	  "{\"allow\": false, \"type\": \"c\", \"major\": 1, \"minor\": 9, \"access\": \"r\"}]}", NULL,
	  "linux.resources.devices[1]: \"c 1:9 r\" cannot be taken out of the wider exception \"c 1:* rwm\" (cgroup v1 cannot punch a hole in a wildcard exception; runc refuses this too)" },
};

/* config.c refuses these before cgdev sees them; the path is the same */
static const struct build_case parse_cases[] = {
	{ "\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"type\": \"x\", \"access\": \"r\"}]}", NULL,
	  "config.json: linux.resources.devices[1].type: unknown device type \"x\" (expected a, c or b)" },
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"c\", \"access\": \"q\"}]}", NULL,
	  "config.json: linux.resources.devices[0].access: invalid access \"q\" (expected letters of rwm)" },
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"c\", \"access\": \"\"}]}", NULL,
	  "config.json: linux.resources.devices[0].access: invalid access \"\" (expected letters of rwm)" },
	{ "\"resources\": {\"devices\": [{\"type\": \"c\", \"access\": \"r\"}]}", NULL,
	  "config.json: linux.resources.devices[0].allow: required field missing" },
	{ "\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"c\", \"major\": -2, \"access\": \"r\"}]}", NULL, NULL },
};

static void test_build(void)
{
	char buf[1024];
	struct cgdev_state st;
	struct cgdev_rule defs[CGDEV_NDEFAULT_MAX];
	struct spec s;
	struct rl_err e;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(build_cases) / sizeof(build_cases[0]); i++) {
		const struct build_case *c = &build_cases[i];

		if (!ok(parse(&s, c->body, &e) == 0, "config %zu parses", i)) {
			diag("%s", e.msg);
			continue;
		}
		memset(&e, 0, sizeof(e));
		rc = cgdev_build(&s.lnx, &st, &e);
		if (c->want) {
			ok(rc == 0, "  builds");
			is_str(show(&st, buf, sizeof(buf)), c->want, "  state");
		} else {
			ok(rc < 0, "  refused");
			is_str(e.msg, c->msg, "  message");
		}
		spec_free(&s);
	}
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		rc = parse(&s, parse_cases[i].body, &e);
		ok(rc < 0, "config.json refuses a bad rule: %s", e.msg);
		if (parse_cases[i].msg)
			is_str(e.msg, parse_cases[i].msg, "  message");
		if (rc == 0)
			spec_free(&s);
	}
	is_uint(cgdev_default_rules(NULL, defs), 11, "runc 1.1 has 11 default rules");
	ok(cgdev_path_same("/dev/null", "/dev//null/") && cgdev_path_same("/dev/./null", "/dev/null") &&
	   !cgdev_path_same("/dev/null", "/dev/nul") && !cgdev_path_same("/dev/null", "/dev/null/x") &&
	   !cgdev_path_same("/dev", "/dev/null"), "paths compare lexically");
}

/* ---- devices.list and the v1 writes -------------------------------------- */

static void test_v1(void)
{
	char buf[1024], line[CGDEV_RULE_MAX], out[1024];
	struct cgdev_state cur, want;
	struct cgdev_rule tr[1 + 2 * CGDEV_MAX], r;
	struct rl_err e;
	size_t n, i, o;

	ok(cgdev_parse_list("a *:* rwm\n", &cur, &e) == 0 && cur.default_allow && cur.n == 0,
	   "devices.list \"a *:* rwm\": allow all");
	ok(cgdev_parse_list("c 1:3 rwm\nc *:* m\nb 8:0 r\nc 136:* rwm\n", &cur, &e) == 0,
	   "devices.list of an allow-list parses");
	is_str(show(&cur, buf, sizeof(buf)), "deny-all; c *:* m; c 1:3 rwm; b 8:0 r; c 136:* rwm", "  state (sorted by major, minor, type)");
	ok(cgdev_parse_list("", &cur, &e) == 0 && !cur.default_allow && cur.n == 0, "empty: deny all");
	ok(cgdev_parse_list("c 1:3 rwx\n", &cur, &e) < 0, "bad access refused: %s", e.msg);
	ok(cgdev_parse_list("c 1:3\n", &cur, &e) < 0, "short line refused");
	ok(cgdev_parse_list("x 1:3 r\n", &cur, &e) < 0, "bad type refused");
	ok(cgdev_parse_list("c 99999999999:3 r\n", &cur, &e) < 0, "huge major refused");

	/* create: a new cgroup under an allow-all parent */
	cgdev_state_init(&cur, true);
	cgdev_state_init(&want, false);
	r = R("allow c 1:3 rwm");
	cgdev_state_apply(&want, &r, &e);
	r = R("allow c *:* m");
	cgdev_state_apply(&want, &r, &e);
	n = cgdev_transition(&cur, &want, tr);
	for (i = 0, o = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s %s", i ? "; " : "",
				      tr[i].allow ? "allow" : "deny", cgdev_fmt(&tr[i], line, sizeof(line)));
	is_str(out, "deny a *:* rwm; allow c *:* m; allow c 1:3 rwm", "create: deny all, then the exceptions");

	/* an update between allow-lists: no disruptive rule, only the change */
	cur = want;
	r = R("deny c 1:3 w");
	cgdev_state_apply(&want, &r, &e);
	r = R("allow c 1:5 r");
	cgdev_state_apply(&want, &r, &e);
	n = cgdev_transition(&cur, &want, tr);
	for (i = 0, o = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s %s", i ? "; " : "",
				      tr[i].allow ? "allow" : "deny", cgdev_fmt(&tr[i], line, sizeof(line)));
	is_str(out, "deny c 1:3 w; allow c 1:5 r", "update: take w of 1:3 away, give r of 1:5");
	is_uint(cgdev_transition(&want, &want, tr), 0, "no change: no write");

	/* to a deny-list, and a deny-list to anything: the "a" rule first */
	cgdev_state_init(&cur, false);
	cgdev_state_init(&want, true);
	r = R("deny b 8:0 w");
	cgdev_state_apply(&want, &r, &e);
	n = cgdev_transition(&cur, &want, tr);
	for (i = 0, o = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s %s", i ? "; " : "",
				      tr[i].allow ? "allow" : "deny", cgdev_fmt(&tr[i], line, sizeof(line)));
	is_str(out, "allow a *:* rwm; deny b 8:0 w", "to a deny-list");
	n = cgdev_transition(&want, &want, tr);
	is_uint(n, 2, "a deny-list is always rewritten (devices.list does not show its exceptions)");
}

/* ---- the BPF program ---------------------------------------------------- */

/* What the kernel's v1 code does with the same rule list: its exception
 * list, exact-match add and remove, "a" resets; no sorting, no checks. */
struct kmodel {
	bool allow_all;
	size_t n;
	struct { char type; uint32_t major, minor; unsigned access; } ex[64];
};

static void kmodel_apply(struct kmodel *m, const struct cgdev_rule *r)
{
	size_t i;

	if (r->type == 'a') {
		m->allow_all = r->allow;
		m->n = 0;
		return;
	}
	for (i = 0; i < m->n; i++)
		if (m->ex[i].type == r->type && m->ex[i].major == r->major && m->ex[i].minor == r->minor)
			break;
	if (r->allow != m->allow_all) {         /* dev_exception_add */
		if (i == m->n) {
			if (m->n == 64)
				abort();
			m->ex[m->n].type = r->type;
			m->ex[m->n].major = r->major;
			m->ex[m->n].minor = r->minor;
			m->ex[m->n++].access = 0;
		}
		m->ex[i].access |= r->access;
	} else if (i < m->n) {                  /* dev_exception_rm */
		m->ex[i].access &= ~(unsigned)r->access;
		if (!m->ex[i].access)
			m->ex[i] = m->ex[--m->n];
	}
}

/* devcgroup_legacy_check_permission */
static bool kmodel_allowed(const struct kmodel *m, char type, uint32_t major,
			   uint32_t minor, unsigned access)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->ex[i].type != type ||
		    (m->ex[i].major != CGDEV_ANY && m->ex[i].major != major) ||
		    (m->ex[i].minor != CGDEV_ANY && m->ex[i].minor != minor))
			continue;
		if (m->allow_all && (access & m->ex[i].access))
			return false;
		if (!m->allow_all && !(access & ~m->ex[i].access))
			return true;
	}
	return m->allow_all;
}

/*
 * Runs a program on one bpf_cgroup_dev_ctx: only what cgdev_prog emits,
 * registers decoded through the kernel's struct bpf_insn. -1 on anything
 * a verifier would refuse (an unknown opcode, a jump out of the program,
 * a fall off its end, an uninitialized r0, a ctx read out of bounds).
 */
static int run_prog(const struct cgdev_insn *prog, size_t n, const uint32_t ctx[3])
{
	uint64_t reg[11] = { 0 };
	bool set[11] = { false };
	struct bpf_insn in;
	size_t pc = 0, steps = 0;
	unsigned d, s;
	uint64_t k;

	set[1] = true;          /* r1: the ctx */
	while (pc < n && steps++ < 100000) {
		memcpy(&in, &prog[pc], sizeof(in));
		d = in.dst_reg;
		s = in.src_reg;
		k = (uint64_t)(int64_t)in.imm;
		if (d > 10 || s > 10)
			return -1;
		pc++;
		switch (in.code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			if (s != 1 || in.off < 0 || in.off > 8 || in.off % 4)
				return -1;
			reg[d] = ctx[in.off / 4];
			set[d] = true;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			reg[d] = (uint32_t)(reg[d] & k);
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			reg[d] = (uint32_t)reg[d] >> in.imm;
			break;
		case BPF_ALU | BPF_MOV | BPF_K:
			reg[d] = (uint32_t)in.imm;
			set[d] = true;
			break;
		case BPF_ALU | BPF_MOV | BPF_X:
			if (!set[s])
				return -1;
			reg[d] = (uint32_t)reg[s];
			set[d] = true;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JNE | BPF_X:
			if (!set[d] || ((in.code & BPF_X) && !set[s]))
				return -1;
			if ((in.code & BPF_X) ? reg[d] != reg[s] : reg[d] != k) {
				if ((in.code & 0xf0) == BPF_JNE)
					pc += (size_t)in.off;
			} else if ((in.code & 0xf0) == BPF_JEQ) {
				pc += (size_t)in.off;
			}
			if (in.off < 0 || pc > n)
				return -1;
			break;
		case BPF_JMP | BPF_EXIT:
			return set[0] ? (int)reg[0] : -1;
		default:
			return -1;
		}
	}
	return -1;
}

/* Every decision of prog, st and the kernel model agree on a grid. */
static bool agree(const struct cgdev_insn *prog, size_t n, const struct cgdev_state *st,
		  const struct kmodel *km, char *why, size_t len)
{
	static const uint32_t majors[] = { 1, 5, 7, 136, 4095 };
	static const uint32_t minors[] = { 0, 3, 5, 9, 1048575 };
	static const char types[] = "cb";
	size_t t, a, b;
	unsigned acc;
	uint32_t ctx[3];
	int p;
	bool m, k;

	for (t = 0; t < 2; t++)
		for (a = 0; a < sizeof(majors) / sizeof(majors[0]); a++)
			for (b = 0; b < sizeof(minors) / sizeof(minors[0]); b++)
				for (acc = 1; acc <= CGDEV_RWM; acc++) {
					ctx[0] = (uint32_t)(types[t] == 'b' ? 1 : 2) | acc << 16;
					ctx[1] = majors[a];
					ctx[2] = minors[b];
					p = run_prog(prog, n, ctx);
					m = cgdev_allowed(st, types[t], majors[a], minors[b], acc);
					k = kmodel_allowed(km, types[t], majors[a], minors[b], acc);
					if (p != (int)m || m != k) {
						snprintf(why, len, "%c %u:%u access %u: program %d, model %d, kernel model %d",
							 types[t], majors[a], minors[b], acc, p, m, k);
						return false;
					}
				}
	return true;
}

static const char *const prog_cases[][8] = {
	{ NULL },
	{ "deny a", "allow c 1:3 rwm", NULL },
	{ "allow a", NULL },
	{ "allow a", "deny c 1:5 w", "deny b *:* r", NULL },
	{ "deny a", "allow c *:* m", "allow b *:* m", "allow c 1:5 r", "allow c 1:5 w", "allow c 136:* rwm", NULL },
	{ "deny a", "allow c 1:5 rwm", "deny c 1:5 w", NULL },
	{ "deny a", "allow c 1:* r", "allow c *:3 w", "allow b 5:5 rwm", "deny b 5:5 m", NULL },
	{ "allow a", "deny c 4095:1048575 rwm", "deny c 136:* w", NULL },
};

/* A small LCG: the same lists on every arch and run. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static void test_prog(void)
{
	static struct cgdev_insn prog[CGDEV_PROG_MAX];
	static struct cgdev_state st;
	struct cgdev_rule r;
	struct kmodel km;
	struct bpf_insn bi;
	struct rl_err e;
	char why[160];
	size_t n, i, k, good = 0, refused = 0;
	bool all = true, same;

	/* layout: ours against the kernel's header, compiled for this arch */
	ok(sizeof(struct cgdev_insn) == sizeof(struct bpf_insn), "struct cgdev_insn is %zu bytes, like struct bpf_insn",
	   sizeof(struct cgdev_insn));
	cgdev_state_init(&st, false);
	n = cgdev_prog(&st, prog);
	is_uint(n, 8, "deny all: prologue 6 + epilogue 2 instructions");
	memcpy(&bi, &prog[0], sizeof(bi));
	ok(bi.code == (BPF_LDX | BPF_MEM | BPF_W) && bi.dst_reg == 2 && bi.src_reg == 1 && bi.off == 0 && bi.imm == 0,
	   "insn 0: r2 = *(u32 *)(r1 + 0) (dst %u src %u, through the kernel's bit-fields)", bi.dst_reg, bi.src_reg);
	memcpy(&bi, &prog[5], sizeof(bi));
	ok(bi.code == (BPF_LDX | BPF_MEM | BPF_W) && bi.dst_reg == 5 && bi.src_reg == 1 && bi.off == 8,
	   "insn 5: r5 = *(u32 *)(r1 + 8)");
	memcpy(&bi, &prog[1], sizeof(bi));
	ok(bi.code == (BPF_ALU | BPF_AND | BPF_K) && bi.dst_reg == 2 && bi.imm == 0xffff, "insn 1: w2 &= 0xffff");
	memcpy(&bi, &prog[3], sizeof(bi));
	ok(bi.code == (BPF_ALU | BPF_RSH | BPF_K) && bi.dst_reg == 3 && bi.imm == 16, "insn 3: w3 >>= 16");
	memcpy(&bi, &prog[6], sizeof(bi));
	ok(bi.code == (BPF_ALU | BPF_MOV | BPF_K) && bi.dst_reg == 0 && bi.imm == 0, "insn 6: w0 = 0 (deny)");
	memcpy(&bi, &prog[7], sizeof(bi));
	ok(bi.code == (BPF_JMP | BPF_EXIT), "insn 7: exit");
	/* the raw byte too: dst in the low nibble on little-endian */
	is_uint(((const uint8_t *)&prog[0])[1], ARCH_BIG_ENDIAN ? 0x21 : 0x12, "regs byte of insn 0 (%s)",
		ARCH_BIG_ENDIAN ? "big-endian: dst high" : "little-endian: dst low");

	/* c 1:3 rw (access check), then c 136:* rwm (no access check) */
	r = R("allow c 1:3 rw");
	cgdev_state_apply(&st, &r, &e);
	r = R("allow c 136:* rwm");
	cgdev_state_apply(&st, &r, &e);
	n = cgdev_prog(&st, prog);
	is_uint(n, 6 + 8 + 4 + 2, "two exceptions: 6 + (1+3+1+1+2) + (1+1+2) + 2");
	memcpy(&bi, &prog[6], sizeof(bi));
	ok(bi.code == (BPF_JMP | BPF_JNE | BPF_K) && bi.dst_reg == 2 && bi.imm == BPF_DEVCG_DEV_CHAR && bi.off == 7,
	   "insn 6: if r2 != char goto +7 (the next block)");
	memcpy(&bi, &prog[9], sizeof(bi));
	ok(bi.code == (BPF_JMP | BPF_JNE | BPF_X) && bi.dst_reg == 1 && bi.src_reg == 3 && bi.off == 4,
	   "insn 9: if r1 != r3 goto +4 (access not all in rw)");
	memcpy(&bi, &prog[8], sizeof(bi));
	ok(bi.code == (BPF_ALU | BPF_AND | BPF_K) && bi.imm == (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE),
	   "insn 8: w1 &= READ|WRITE (BPF_DEVCG_ACC_*)");
	memcpy(&bi, &prog[15], sizeof(bi));
	ok(bi.code == (BPF_JMP | BPF_JNE | BPF_K) && bi.dst_reg == 4 && bi.imm == 136 && bi.off == 2,
	   "insn 15: if r4 != 136 goto +2 (the epilogue)");
	memcpy(&bi, &prog[16], sizeof(bi));
	ok(bi.code == (BPF_ALU | BPF_MOV | BPF_K) && bi.imm == 1, "insn 16: w0 = 1 (allow)");

	/* the biggest program fits */
	cgdev_state_init(&st, true);
	for (k = 0; k < CGDEV_MAX; k++) {
		r = R("deny c 1:1 rw");
		r.minor = (uint32_t)k;
		cgdev_state_apply(&st, &r, &e);
	}
	n = cgdev_prog(&st, prog);
	ok(n <= CGDEV_PROG_MAX && n == 6 + 8 * CGDEV_MAX + 2, "%d exceptions: %zu instructions (max %d)",
	   CGDEV_MAX, n, CGDEV_PROG_MAX);

	/* decisions: the table */
	for (i = 0; i < sizeof(prog_cases) / sizeof(prog_cases[0]); i++) {
		cgdev_state_init(&st, false);
		memset(&km, 0, sizeof(km));
		for (k = 0; prog_cases[i][k]; k++) {
			r = R(prog_cases[i][k]);
			if (cgdev_state_apply(&st, &r, &e) < 0)
				abort();
			kmodel_apply(&km, &r);
		}
		n = cgdev_prog(&st, prog);
		same = agree(prog, n, &st, &km, why, sizeof(why));
		ok(same, "program %zu (%zu instructions) decides as the model and v1%s%s",
		   i, n, same ? "" : ": ", same ? "" : why);
	}

	/* decisions: pseudo-random lists (those runc refuses are counted) */
	for (i = 0; i < 3000 && all; i++) {
		static const uint32_t nums[] = { CGDEV_ANY, 1, 5, 136 };
		size_t len = 1 + rnd(6);
		int rc = 0;

		cgdev_state_init(&st, false);
		memset(&km, 0, sizeof(km));
		for (k = 0; k < len && rc == 0; k++) {
			memset(&r, 0, sizeof(r));
			r.type = "acbcb"[rnd(5)];
			r.major = nums[rnd(4)];
			r.minor = nums[rnd(4)];
			r.access = (uint8_t)(1 + rnd(7));
			r.allow = rnd(2);
			rc = cgdev_state_apply(&st, &r, &e);
			kmodel_apply(&km, &r);
		}
		if (rc < 0) {
			refused++;
			continue;
		}
		n = cgdev_prog(&st, prog);
		if (!agree(prog, n, &st, &km, why, sizeof(why))) {
			all = false;
			diag("random list %zu: %s", i, why);
		}
		good++;
	}
	ok(all, "%zu random rule lists: program, model and v1 agree everywhere (%zu refused as holes in wildcards)",
	   good, refused);
}

/* ---- the kernel ---------------------------------------------------------- */

static char cgdir[256];

/* A child in cgroup dirpath tries each open; the result: bit i set when
 * try i succeeded. */
struct try { const char *path; int flags; };

static int child_tries(const char *dirpath, const struct try *t, size_t n)
{
	char procs[300], pid[24];
	int fd, res = 0;
	size_t i;
	pid_t p;
	int st;

	p = fork();
	if (p < 0)
		return -1;
	if (p == 0) {
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", dirpath);
		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		fd = open(procs, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
			_exit(255);
		close(fd);
		for (i = 0; i < n; i++) {
			if (t[i].flags < 0) {
				/* mknod of 1:5 in /tmp */
				char name[64];

				snprintf(name, sizeof(name), "/tmp/runlet-cgdev-%d", (int)getpid());
				if (mknod(name, S_IFCHR | 0600, makedev(1, 5)) == 0) {
					res |= 1 << i;
					unlink(name);
				}
				continue;
			}
			fd = open(t[i].path, t[i].flags | O_CLOEXEC);
			if (fd >= 0) {
				res |= 1 << i;
				close(fd);
			} else if (errno != EPERM) {
				_exit(254);
			}
		}
		_exit(res);
	}
	if (waitpid(p, &st, 0) != p || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static const char *cg2_mount(void)
{
	static const char *const cand[] = { CG_ROOT "/unified", CG_ROOT };
	struct statfs sf;
	size_t i;

	for (i = 0; i < 2; i++)
		if (statfs(cand[i], &sf) == 0 && sf.f_type == 0x63677270)
			return cand[i];
	return NULL;
}

static void test_kernel(void)
{
	static const struct try tries[] = {
		{ "/dev/null", O_RDONLY }, { "/dev/zero", O_RDONLY }, { "/dev/zero", O_WRONLY },
		{ "/dev/zero", O_RDWR }, { "/dev/full", O_RDONLY }, { NULL, -1 },
	};
	static struct cgdev_state st;
	struct cgdev_rule r;
	struct rl_err e;
	const char *mnt = cg2_mount();
	int dfd, res;

	if (geteuid() != 0 || !mnt) {
		ok(1, "kernel tests # SKIP %s", geteuid() ? "not root" : "no cgroup2 mount");
		return;
	}
	snprintf(cgdir, sizeof(cgdir), "%s/runlet-unit-cgdev-%d", mnt, (int)getpid());
	if (!ok(mkdir(cgdir, 0755) == 0, "mkdir %s", cgdir))
		return;
	dfd = open(cgdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cgdev_state_init(&st, false);
	r = R("allow c 1:3 rwm");
	cgdev_state_apply(&st, &r, &e);
	memset(&e, 0, sizeof(e));
	if (cgdev_bpf_attach(dfd, &st, &e) < 0 && e.errnum == ENOSYS) {
		ok(1, "kernel tests # SKIP no bpf(2) here (qemu-user): %s", e.msg);
		goto out;
	}
	if (!ok(e.errnum == 0, "deny all + c 1:3 rwm: loaded and attached%s%s", e.errnum ? ": " : "", e.msg))
		goto out;
	is_int(cgdev_bpf_count(dfd), 1, "  one runlet program attached");
	res = child_tries(cgdir, tries, 6);
	is_int(res, 0x01, "  a child in the cgroup opens /dev/null only (EPERM for zero, full, mknod)");

	/* an update: the old program goes */
	cgdev_state_init(&st, false);
	r = R("allow c 1:5 rm");
	cgdev_state_apply(&st, &r, &e);
	r = R("allow c *:* m");
	cgdev_state_apply(&st, &r, &e);
	ok(cgdev_bpf_attach(dfd, &st, &e) == 0, "update to c 1:5 rm + c *:* m: attached");
	is_int(cgdev_bpf_count(dfd), 1, "  still one runlet program attached");
	res = child_tries(cgdir, tries, 6);
	is_int(res, 0x02 | 0x20, "  /dev/zero for reading and mknod only");

	/* a deny-list: any overlap denies */
	cgdev_state_init(&st, true);
	r = R("deny c 1:5 w");
	cgdev_state_apply(&st, &r, &e);
	ok(cgdev_bpf_attach(dfd, &st, &e) == 0, "update to allow all but c 1:5 w: attached");
	res = child_tries(cgdir, tries, 6);
	is_int(res, 0x01 | 0x02 | 0x10 | 0x20, "  everything but writing /dev/zero (O_RDWR too: v1's overlap rule)");
out:
	close(dfd);
	ok(rmdir(cgdir) == 0, "rmdir %s (the programs go with it)", cgdir);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_model();
	test_build();
	test_v1();
	test_prog();
	test_kernel();
	return done_testing();
}
