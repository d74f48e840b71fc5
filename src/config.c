// SPDX-License-Identifier: MIT
/*
 * config.json → struct spec. The document has already been checked for
 * JSON grammar and its strings unescaped in place (json.c); this file maps
 * the token tree onto typed fields, checking types, ranges, enum names and
 * required fields, and naming the JSON path in every error. Unknown fields
 * are ignored, as the runtime-spec requires; a JSON null counts as absent.
 *
 * Arrays are carved from one arena whose size is bounded up front from the
 * token tree, so parsing does one allocation for tokens and one for data.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "config.h"
#include "json.h"
#include "tables.h"

struct cfg {
	struct json_doc *d;
	struct spec *s;
	struct rl_err *e;
	char path[256];
	size_t plen;
};

/* ---- paths and errors ------------------------------------------------ */

static bool cfg_ident(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

static size_t cfg_push_key(struct cfg *c, const char *key)
{
	size_t old = c->plen;
	char q[128];
	int n;

	if (cfg_ident(key)) {
		n = snprintf(c->path + c->plen, sizeof(c->path) - c->plen, "%s%s",
			     c->plen ? "." : "", key);
	} else {
		json_quote(q, sizeof(q), key);
		n = snprintf(c->path + c->plen, sizeof(c->path) - c->plen, "[%s]", q);
	}
	if (n > 0)
		c->plen += (size_t)n;
	if (c->plen >= sizeof(c->path))
		c->plen = sizeof(c->path) - 1;
	return old;
}

static size_t cfg_push_idx(struct cfg *c, size_t idx)
{
	size_t old = c->plen;
	int n = snprintf(c->path + c->plen, sizeof(c->path) - c->plen, "[%zu]", idx);

	if (n > 0)
		c->plen += (size_t)n;
	if (c->plen >= sizeof(c->path))
		c->plen = sizeof(c->path) - 1;
	return old;
}

static void cfg_pop(struct cfg *c, size_t old)
{
	c->plen = old;
	c->path[old] = '\0';
}

__attribute__((format(printf, 2, 3)))
static int cfg_err(struct cfg *c, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (c->plen)
		return err_set(c->e, EINVAL, "%s: %s: %s", c->d->name, c->path, why);
	return err_set(c->e, EINVAL, "%s: %s", c->d->name, why);
}

/* Error about a missing member `key` of the object at the current path. */
static int cfg_missing(struct cfg *c, const char *key)
{
	size_t old = cfg_push_key(c, key);

	cfg_err(c, "required field missing");
	cfg_pop(c, old);
	return -1;
}

/* ---- arena ----------------------------------------------------------- */

static void *cfg_alloc(struct cfg *c, size_t n, size_t size)
{
	struct spec *s = c->s;
	size_t need, off;

	if (n == 0)
		return NULL;
	off = (s->arena_used + 15) & ~(size_t)15;
	need = n * size;
	if (need / size != n || off + need > s->arena_size || off + need < off) {
		/* Cannot happen with the bound computed in cfg_arena_size(). */
		cfg_err(c, "internal error: arena exhausted");
		return NULL;
	}
	s->arena_used = off + need;
	return (char *)s->arena + off;
}

union cfg_elem {
	struct spec_mount a; struct spec_rlimit b; struct spec_hook c;
	struct spec_device d; struct spec_dev_cgroup e;
	struct spec_weight_device f; struct spec_throttle_device g;
	struct spec_hugepage h; struct spec_net_prio i; struct spec_rdma j;
	struct spec_syscall k; struct spec_syscall_arg l;
	struct spec_time_offset m; struct spec_net_device n; struct kv o;
	struct id_map p; char *q; uint32_t r;
};

/* Every array element and map entry is a distinct child token, so this
 * bounds all allocations cfg_alloc() will be asked for. */
static size_t cfg_arena_size(const struct json_doc *d)
{
	size_t total = 64;
	int i;

	for (i = 0; i < d->ntok; i++)
		if (d->tok[i].type == JSMN_ARRAY || d->tok[i].type == JSMN_OBJECT)
			total += (size_t)d->tok[i].size * sizeof(union cfg_elem) + 16;
	return total;
}

/* ---- typed getters --------------------------------------------------- */

static const jsmntok_t *cfg_tok(struct cfg *c, int i)
{
	return &c->d->tok[i];
}

static int cfg_expect(struct cfg *c, int i, jsmntype_t type)
{
	static const char *const what[] = {
		[JSMN_OBJECT] = "object", [JSMN_ARRAY] = "array",
		[JSMN_STRING] = "string",
	};

	if (cfg_tok(c, i)->type == type)
		return 0;
	return cfg_err(c, "expected %s", what[type]);
}

static int cfg_string(struct cfg *c, int i, char **out)
{
	if (cfg_expect(c, i, JSMN_STRING) < 0)
		return -1;
	*out = json_str(c->d, i);
	return 0;
}

static int cfg_bool(struct cfg *c, int i, bool *out)
{
	const jsmntok_t *t = cfg_tok(c, i);
	char ch = c->d->buf[t->start];

	if (t->type != JSMN_PRIMITIVE || (ch != 't' && ch != 'f'))
		return cfg_err(c, "expected boolean");
	*out = ch == 't';
	return 0;
}

/* Parses an integer primitive into sign + magnitude; rejects fractions and
 * exponents (Go's decoder refuses them for integer fields too). */
static int cfg_int(struct cfg *c, int i, bool *neg, uint64_t *mag,
		   const char *what)
{
	const jsmntok_t *t = cfg_tok(c, i);
	const char *p = c->d->buf + t->start, *end = c->d->buf + t->end;
	uint64_t v = 0;

	*neg = false;
	*mag = 0;
	if (t->type != JSMN_PRIMITIVE || !(*p == '-' || (*p >= '0' && *p <= '9')))
		return cfg_err(c, "expected %s", what);
	*neg = *p == '-';
	if (*neg)
		p++;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return cfg_err(c, "expected %s", what);
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return cfg_err(c, "%s out of range", what);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*mag = v;
	return 0;
}

static int cfg_u64(struct cfg *c, int i, uint64_t max, uint64_t *out)
{
	bool neg;
	uint64_t v;

	if (cfg_int(c, i, &neg, &v, "unsigned integer") < 0)
		return -1;
	if (neg && v != 0)
		return cfg_err(c, "expected unsigned integer");
	if (v > max)
		return cfg_err(c, "value %" PRIu64 " out of range (max %" PRIu64 ")", v, max);
	*out = v;
	return 0;
}

static int cfg_u32(struct cfg *c, int i, uint32_t *out)
{
	uint64_t v = 0;

	if (cfg_u64(c, i, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int cfg_i64(struct cfg *c, int i, int64_t min, int64_t max, int64_t *out)
{
	bool neg;
	uint64_t v;
	int64_t r;

	if (cfg_int(c, i, &neg, &v, "integer") < 0)
		return -1;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return cfg_err(c, "integer out of range");
		r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > (uint64_t)INT64_MAX)
			return cfg_err(c, "integer out of range");
		r = (int64_t)v;
	}
	if (r < min || r > max)
		return cfg_err(c, "value %" PRId64 " out of range (%" PRId64 "..%" PRId64 ")",
			       r, min, max);
	*out = r;
	return 0;
}

static int cfg_opt_u64(struct cfg *c, int i, uint64_t max, struct opt_u64 *o)
{
	if (cfg_u64(c, i, max, &o->v) < 0)
		return -1;
	o->set = true;
	return 0;
}

static int cfg_opt_i64(struct cfg *c, int i, int64_t min, int64_t max,
		       struct opt_i64 *o)
{
	if (cfg_i64(c, i, min, max, &o->v) < 0)
		return -1;
	o->set = true;
	return 0;
}

static int cfg_opt_bool(struct cfg *c, int i, struct opt_bool *o)
{
	if (cfg_bool(c, i, &o->v) < 0)
		return -1;
	o->set = true;
	return 0;
}

/* Object iteration: k is the key token, v its value; nulls are skipped. */
#define OBJ_EACH(c, obj, k, v)                                              \
	for (int k##_n = cfg_tok(c, obj)->size, k = (obj) + 1, v = k + 1;   \
	     k##_n > 0; k##_n--, k = json_skip((c)->d, v), v = k + 1)       \
		if (json_is_null((c)->d, v)) {                               \
		} else

/* Array iteration: idx counts elements, el is the element token. */
#define ARR_EACH(c, arr, idx, el)                                           \
	for (int idx##_n = cfg_tok(c, arr)->size, el = (arr) + 1, idx = 0;  \
	     idx < idx##_n; idx++, el = json_skip((c)->d, el))

static int cfg_str_list(struct cfg *c, int i, struct str_list *l)
{
	if (cfg_expect(c, i, JSMN_ARRAY) < 0)
		return -1;
	l->n = (size_t)cfg_tok(c, i)->size;
	l->v = cfg_alloc(c, l->n, sizeof(*l->v));
	if (l->n && !l->v)
		return -1;
	ARR_EACH(c, i, idx, el) {
		size_t old = cfg_push_idx(c, (size_t)idx);

		if (cfg_string(c, el, &l->v[idx]) < 0)
			return -1;
		cfg_pop(c, old);
	}
	return 0;
}

/* An object of string values (annotations, sysctl, unified). */
static int cfg_kv_map(struct cfg *c, int i, struct kv_list *l)
{
	size_t n = 0;

	if (cfg_expect(c, i, JSMN_OBJECT) < 0)
		return -1;
	l->v = cfg_alloc(c, (size_t)cfg_tok(c, i)->size, sizeof(*l->v));
	OBJ_EACH(c, i, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));

		l->v[n].key = json_str(c->d, k);
		if (cfg_string(c, v, &l->v[n].val) < 0)
			return -1;
		n++;
		cfg_pop(c, old);
	}
	l->n = n;
	return 0;
}

/* Runs `fn` on each element of an array of objects, with the path set. */
typedef int (*cfg_elem_fn)(struct cfg *c, int el, void *out);

static int cfg_obj_array(struct cfg *c, int i, size_t elsize, void **out,
			 size_t *n, cfg_elem_fn fn)
{
	char *base;

	if (cfg_expect(c, i, JSMN_ARRAY) < 0)
		return -1;
	*n = (size_t)cfg_tok(c, i)->size;
	base = cfg_alloc(c, *n, elsize);
	if (*n && !base)
		return -1;
	*out = base;
	ARR_EACH(c, i, idx, el) {
		size_t old = cfg_push_idx(c, (size_t)idx);

		if (cfg_expect(c, el, JSMN_OBJECT) < 0 ||
		    fn(c, el, base + (size_t)idx * elsize) < 0)
			return -1;
		cfg_pop(c, old);
	}
	return 0;
}

/* Looks `name` up in a table, or fails naming what was expected. */
static int cfg_enum(struct cfg *c, int i, const struct name_val *tab,
		    const char *what, long *val, char **name)
{
	const struct name_val *nv;
	char *s;

	if (cfg_string(c, i, &s) < 0)
		return -1;
	nv = tab_find(tab, s);
	if (!nv)
		return cfg_err(c, "unknown %s \"%.64s\"", what, s);
	*val = nv->val;
	if (name)
		*name = s;
	return 0;
}

static bool cfg_key(int k, struct cfg *c, const char *name)
{
	return strcmp(json_str(c->d, k), name) == 0;
}

/* ---- id mappings ----------------------------------------------------- */

static int cfg_id_map(struct cfg *c, int obj, void *out)
{
	struct id_map *m = out;
	bool have[3] = { false, false, false };

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "containerID"))
			r = cfg_u32(c, v, &m->container_id), have[0] = true;
		else if (cfg_key(k, c, "hostID"))
			r = cfg_u32(c, v, &m->host_id), have[1] = true;
		else if (cfg_key(k, c, "size"))
			r = cfg_u32(c, v, &m->size), have[2] = true;
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!have[0])
		return cfg_missing(c, "containerID");
	if (!have[1])
		return cfg_missing(c, "hostID");
	if (!have[2])
		return cfg_missing(c, "size");
	return 0;
}

static int cfg_id_maps(struct cfg *c, int i, struct id_map_list *l)
{
	return cfg_obj_array(c, i, sizeof(*l->v), (void **)&l->v, &l->n, cfg_id_map);
}

/* ---- root, mounts ---------------------------------------------------- */

static int cfg_root(struct cfg *c, int obj)
{
	struct spec *s = c->s;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "path"))
			r = cfg_string(c, v, &s->root.path);
		else if (cfg_key(k, c, "readonly"))
			r = cfg_bool(c, v, &s->root.readonly);
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!s->root.path)
		return cfg_missing(c, "path");
	if (!*s->root.path) {
		size_t old = cfg_push_key(c, "path");

		return cfg_err(c, "must not be empty"), cfg_pop(c, old), -1;
	}
	return 0;
}

static int cfg_mount(struct cfg *c, int obj, void *out)
{
	struct spec_mount *m = out;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "destination"))
			r = cfg_string(c, v, &m->destination);
		else if (cfg_key(k, c, "source"))
			r = cfg_string(c, v, &m->source);
		else if (cfg_key(k, c, "type"))
			r = cfg_string(c, v, &m->type);
		else if (cfg_key(k, c, "options"))
			r = cfg_str_list(c, v, &m->options);
		else if (cfg_key(k, c, "uidMappings"))
			r = cfg_id_maps(c, v, &m->uid_mappings);
		else if (cfg_key(k, c, "gidMappings"))
			r = cfg_id_maps(c, v, &m->gid_mappings);
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!m->destination)
		return cfg_missing(c, "destination");
	if (!*m->destination) {
		size_t old = cfg_push_key(c, "destination");

		return cfg_err(c, "must not be empty"), cfg_pop(c, old), -1;
	}
	return 0;
}

/* ---- process --------------------------------------------------------- */

static int cfg_rlimit(struct cfg *c, int obj, void *out)
{
	struct spec_rlimit *rl = out;
	bool soft = false, hard = false;
	long val = 0;

	rl->resource = -1;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "type")) {
			r = cfg_enum(c, v, tab_rlimits, "rlimit", &val, &rl->type);
			rl->resource = (int)val;
		} else if (cfg_key(k, c, "soft")) {
			r = cfg_u64(c, v, UINT64_MAX, &rl->soft), soft = true;
		} else if (cfg_key(k, c, "hard")) {
			r = cfg_u64(c, v, UINT64_MAX, &rl->hard), hard = true;
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!rl->type)
		return cfg_missing(c, "type");
	if (!soft)
		return cfg_missing(c, "soft");
	if (!hard)
		return cfg_missing(c, "hard");
	if (rl->soft > rl->hard)
		return cfg_err(c, "soft limit %" PRIu64 " exceeds hard limit %" PRIu64,
			       rl->soft, rl->hard);
	return 0;
}

static int cfg_caps(struct cfg *c, int obj, struct spec_process *p)
{
	static const char *const sets[CAPSET_N] = {
		"bounding", "effective", "inheritable", "permitted", "ambient",
	};
	int set;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	p->has_caps = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));

		for (set = 0; set < CAPSET_N; set++)
			if (cfg_key(k, c, sets[set]))
				break;
		if (set < CAPSET_N) {
			if (cfg_expect(c, v, JSMN_ARRAY) < 0)
				return -1;
			p->caps[set] = 0;
			p->caps_set[set] = true;
			ARR_EACH(c, v, idx, el) {
				size_t o2 = cfg_push_idx(c, (size_t)idx);
				long cap = 0;

				if (cfg_enum(c, el, tab_caps, "capability", &cap, NULL) < 0)
					return -1;
				p->caps[set] |= 1ULL << cap;
				cfg_pop(c, o2);
			}
		}
		cfg_pop(c, old);
	}
	return 0;
}

static int cfg_user(struct cfg *c, int obj, struct spec_user *u)
{
	bool uid = false, gid = false;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "uid")) {
			r = cfg_u32(c, v, &u->uid), uid = true;
		} else if (cfg_key(k, c, "gid")) {
			r = cfg_u32(c, v, &u->gid), gid = true;
		} else if (cfg_key(k, c, "umask")) {
			r = cfg_opt_u64(c, v, 07777, &u->umask);
		} else if (cfg_key(k, c, "username")) {
			r = cfg_string(c, v, &u->username);
		} else if (cfg_key(k, c, "additionalGids")) {
			if (cfg_expect(c, v, JSMN_ARRAY) < 0)
				return -1;
			u->n_additional_gids = (size_t)cfg_tok(c, v)->size;
			u->additional_gids = cfg_alloc(c, u->n_additional_gids,
						       sizeof(uint32_t));
			ARR_EACH(c, v, idx, el) {
				size_t o2 = cfg_push_idx(c, (size_t)idx);

				if (cfg_u32(c, el, &u->additional_gids[idx]) < 0)
					return -1;
				cfg_pop(c, o2);
			}
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!uid)
		return cfg_missing(c, "uid");
	if (!gid)
		return cfg_missing(c, "gid");
	return 0;
}

static int cfg_scheduler(struct cfg *c, int obj, struct spec_scheduler *sc)
{
	long val = 0;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	sc->set = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "policy")) {
			r = cfg_enum(c, v, tab_sched_policies, "scheduler policy",
				     &val, &sc->policy_name);
			sc->policy = (int)val;
		} else if (cfg_key(k, c, "nice")) {
			r = cfg_opt_i64(c, v, -20, 19, &sc->nice);
		} else if (cfg_key(k, c, "priority")) {
			r = cfg_opt_i64(c, v, INT32_MIN, INT32_MAX, &sc->priority);
		} else if (cfg_key(k, c, "flags")) {
			r = cfg_str_list(c, v, &sc->flag_names);
			for (size_t j = 0; r == 0 && j < sc->flag_names.n; j++) {
				const struct name_val *nv =
					tab_find(tab_sched_flags, sc->flag_names.v[j]);
				size_t o2 = cfg_push_idx(c, j);

				if (!nv)
					return cfg_err(c, "unknown scheduler flag \"%.64s\"",
						       sc->flag_names.v[j]);
				sc->flags |= (uint64_t)nv->val;
				cfg_pop(c, o2);
			}
		} else if (cfg_key(k, c, "runtime")) {
			r = cfg_opt_u64(c, v, UINT64_MAX, &sc->runtime);
		} else if (cfg_key(k, c, "deadline")) {
			r = cfg_opt_u64(c, v, UINT64_MAX, &sc->deadline);
		} else if (cfg_key(k, c, "period")) {
			r = cfg_opt_u64(c, v, UINT64_MAX, &sc->period);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!sc->policy_name)
		return cfg_missing(c, "policy");
	return 0;
}

static int cfg_io_priority(struct cfg *c, int obj, struct spec_io_priority *io)
{
	long val = 0;
	bool prio = false;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	io->set = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "class")) {
			r = cfg_enum(c, v, tab_ioprio_classes, "I/O priority class",
				     &val, &io->class_name);
			io->klass = (int)val;
		} else if (cfg_key(k, c, "priority")) {
			r = cfg_i64(c, v, 0, 7, &io->priority), prio = true;
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!io->class_name)
		return cfg_missing(c, "class");
	if (!prio)
		return cfg_missing(c, "priority");
	return 0;
}

static int cfg_process_obj(struct cfg *c, int obj, struct spec_process *p)
{
	bool user = false, args = false;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	p->present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "terminal")) {
			r = cfg_bool(c, v, &p->terminal);
		} else if (cfg_key(k, c, "consoleSize")) {
			bool h = false, w = false;

			if (cfg_expect(c, v, JSMN_OBJECT) < 0)
				return -1;
			OBJ_EACH(c, v, k2, v2) {
				size_t o2 = cfg_push_key(c, json_str(c->d, k2));

				if (cfg_key(k2, c, "height"))
					r = cfg_opt_u64(c, v2, UINT16_MAX, &p->console_height), h = true;
				else if (cfg_key(k2, c, "width"))
					r = cfg_opt_u64(c, v2, UINT16_MAX, &p->console_width), w = true;
				if (r < 0)
					return -1;
				cfg_pop(c, o2);
			}
			if (!h)
				return cfg_missing(c, "height");
			if (!w)
				return cfg_missing(c, "width");
		} else if (cfg_key(k, c, "user")) {
			r = cfg_user(c, v, &p->user), user = true;
		} else if (cfg_key(k, c, "args")) {
			r = cfg_str_list(c, v, &p->args), args = true;
		} else if (cfg_key(k, c, "commandLine")) {
			r = cfg_string(c, v, &p->command_line);
		} else if (cfg_key(k, c, "env")) {
			r = cfg_str_list(c, v, &p->env);
		} else if (cfg_key(k, c, "cwd")) {
			r = cfg_string(c, v, &p->cwd);
			if (r == 0 && p->cwd[0] != '/')
				return cfg_err(c, "must be an absolute path");
		} else if (cfg_key(k, c, "capabilities")) {
			r = cfg_caps(c, v, p);
		} else if (cfg_key(k, c, "rlimits")) {
			r = cfg_obj_array(c, v, sizeof(*p->rlimits), (void **)&p->rlimits,
					  &p->n_rlimits, cfg_rlimit);
			for (size_t a = 0; r == 0 && a < p->n_rlimits; a++)
				for (size_t b = 0; b < a; b++)
					if (p->rlimits[a].resource == p->rlimits[b].resource) {
						cfg_push_idx(c, a);
						return cfg_err(c, "duplicate rlimit \"%s\"",
							       p->rlimits[a].type);
					}
		} else if (cfg_key(k, c, "noNewPrivileges")) {
			r = cfg_bool(c, v, &p->no_new_privileges);
		} else if (cfg_key(k, c, "apparmorProfile")) {
			r = cfg_string(c, v, &p->apparmor_profile);
		} else if (cfg_key(k, c, "oomScoreAdj")) {
			r = cfg_opt_i64(c, v, -1000, 1000, &p->oom_score_adj);
		} else if (cfg_key(k, c, "selinuxLabel")) {
			r = cfg_string(c, v, &p->selinux_label);
		} else if (cfg_key(k, c, "scheduler")) {
			r = cfg_scheduler(c, v, &p->scheduler);
		} else if (cfg_key(k, c, "ioPriority")) {
			r = cfg_io_priority(c, v, &p->io_priority);
		} else if (cfg_key(k, c, "execCPUAffinity")) {
			if (cfg_expect(c, v, JSMN_OBJECT) < 0)
				return -1;
			OBJ_EACH(c, v, k2, v2) {
				size_t o2 = cfg_push_key(c, json_str(c->d, k2));

				if (cfg_key(k2, c, "initial"))
					r = cfg_string(c, v2, &p->cpu_affinity_initial);
				else if (cfg_key(k2, c, "final"))
					r = cfg_string(c, v2, &p->cpu_affinity_final);
				if (r < 0)
					return -1;
				cfg_pop(c, o2);
			}
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	/* An empty list has no storage (v == NULL), so track presence. */
	if (!args)
		return cfg_missing(c, "args");
	if (!p->args.n)
		return cfg_push_key(c, "args"), cfg_err(c, "must have at least one entry");
	if (!p->cwd)
		return cfg_missing(c, "cwd");
	if (!user)
		return cfg_missing(c, "user");
	return 0;
}

/* ---- hooks ----------------------------------------------------------- */

static int cfg_hook(struct cfg *c, int obj, void *out)
{
	struct spec_hook *h = out;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "path")) {
			r = cfg_string(c, v, &h->path);
			if (r == 0 && h->path[0] != '/')
				return cfg_err(c, "must be an absolute path");
		} else if (cfg_key(k, c, "args")) {
			r = cfg_str_list(c, v, &h->args);
		} else if (cfg_key(k, c, "env")) {
			r = cfg_str_list(c, v, &h->env);
		} else if (cfg_key(k, c, "timeout")) {
			r = cfg_opt_i64(c, v, 1, INT32_MAX, &h->timeout);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!h->path)
		return cfg_missing(c, "path");
	return 0;
}

static int cfg_hooks(struct cfg *c, int obj)
{
	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	OBJ_EACH(c, obj, k, v) {
		const struct name_val *nv = tab_find(tab_hooks, json_str(c->d, k));
		size_t old = cfg_push_key(c, json_str(c->d, k));
		struct hook_list *l;

		if (nv) {
			l = &c->s->hooks[nv->val];
			if (cfg_obj_array(c, v, sizeof(*l->v), (void **)&l->v, &l->n,
					  cfg_hook) < 0)
				return -1;
		}
		cfg_pop(c, old);
	}
	return 0;
}

/* ---- linux ----------------------------------------------------------- */

static int cfg_namespaces(struct cfg *c, int arr, struct spec_linux *l)
{
	if (cfg_expect(c, arr, JSMN_ARRAY) < 0)
		return -1;
	l->n_namespaces = 0;
	l->ns_mask = 0;
	ARR_EACH(c, arr, idx, el) {
		size_t old = cfg_push_idx(c, (size_t)idx);
		struct spec_namespace ns = { .path = NULL };
		bool type = false;
		long val = 0;

		if (cfg_expect(c, el, JSMN_OBJECT) < 0)
			return -1;
		OBJ_EACH(c, el, k, v) {
			size_t o2 = cfg_push_key(c, json_str(c->d, k));
			int r = 0;

			if (cfg_key(k, c, "type")) {
				r = cfg_enum(c, v, tab_namespaces, "namespace type", &val, NULL);
				ns.type = (enum ns_type)val;
				type = true;
			} else if (cfg_key(k, c, "path")) {
				r = cfg_string(c, v, &ns.path);
				if (r == 0 && ns.path[0] != '/')
					return cfg_err(c, "must be an absolute path");
			}
			if (r < 0)
				return -1;
			cfg_pop(c, o2);
		}
		if (!type)
			return cfg_missing(c, "type");
		if (l->ns_mask & (1u << ns.type)) {
			size_t o2 = cfg_push_key(c, "type");

			cfg_err(c, "duplicate namespace type \"%s\"",
				tab_name(tab_namespaces, ns.type));
			cfg_pop(c, o2);
			return -1;
		}
		l->ns_mask |= 1u << ns.type;
		l->namespaces[l->n_namespaces++] = ns;
		cfg_pop(c, old);
	}
	return 0;
}

static int cfg_time_offsets(struct cfg *c, int obj, struct spec_linux *l)
{
	size_t n = 0;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	l->time_offsets = cfg_alloc(c, (size_t)cfg_tok(c, obj)->size,
				    sizeof(*l->time_offsets));
	OBJ_EACH(c, obj, k, v) {
		struct spec_time_offset *t = &l->time_offsets[n];
		size_t old = cfg_push_key(c, json_str(c->d, k));
		uint64_t ns = 0;

		t->clock = json_str(c->d, k);
		if (!tab_find(tab_time_clocks, t->clock))
			return cfg_err(c, "unknown clock (expected monotonic or boottime)");
		if (cfg_expect(c, v, JSMN_OBJECT) < 0)
			return -1;
		OBJ_EACH(c, v, k2, v2) {
			size_t o2 = cfg_push_key(c, json_str(c->d, k2));
			int r = 0;

			if (cfg_key(k2, c, "secs")) {
				r = cfg_i64(c, v2, INT64_MIN, INT64_MAX, &t->secs);
			} else if (cfg_key(k2, c, "nanosecs")) {
				r = cfg_u64(c, v2, 999999999, &ns);
				t->nanosecs = (uint32_t)ns;
			}
			if (r < 0)
				return -1;
			cfg_pop(c, o2);
		}
		n++;
		cfg_pop(c, old);
	}
	l->n_time_offsets = n;
	return 0;
}

static int cfg_dev_major_minor(struct cfg *c, int k, int v,
			       struct opt_i64 *major, struct opt_i64 *minor,
			       int *r)
{
	if (cfg_key(k, c, "major"))
		*r = cfg_opt_i64(c, v, -1, UINT32_MAX, major);
	else if (cfg_key(k, c, "minor"))
		*r = cfg_opt_i64(c, v, -1, UINT32_MAX, minor);
	else
		return 0;
	return 1;
}

static int cfg_device(struct cfg *c, int obj, void *out)
{
	struct spec_device *d = out;
	char *type = NULL;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_dev_major_minor(c, k, v, &d->major, &d->minor, &r)) {
		} else if (cfg_key(k, c, "path")) {
			r = cfg_string(c, v, &d->path);
			if (r == 0 && d->path[0] != '/')
				return cfg_err(c, "must be an absolute path");
		} else if (cfg_key(k, c, "type")) {
			r = cfg_string(c, v, &type);
			if (r == 0 && (strlen(type) != 1 || !strchr("cbup", type[0])))
				return cfg_err(c, "unknown device type \"%.16s\" (expected c, b, u or p)", type);
		} else if (cfg_key(k, c, "fileMode")) {
			r = cfg_opt_u64(c, v, 07777, &d->file_mode);
		} else if (cfg_key(k, c, "uid")) {
			r = cfg_opt_u64(c, v, UINT32_MAX, &d->uid);
		} else if (cfg_key(k, c, "gid")) {
			r = cfg_opt_u64(c, v, UINT32_MAX, &d->gid);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!d->path)
		return cfg_missing(c, "path");
	if (!type)
		return cfg_missing(c, "type");
	d->type = type[0];
	if (d->type != 'p' && !d->major.set)
		return cfg_missing(c, "major");
	if (d->type != 'p' && !d->minor.set)
		return cfg_missing(c, "minor");
	return 0;
}

static int cfg_dev_cgroup(struct cfg *c, int obj, void *out)
{
	struct spec_dev_cgroup *d = out;
	bool allow = false;
	char *type = NULL;

	d->type = 'a';
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_dev_major_minor(c, k, v, &d->major, &d->minor, &r)) {
		} else if (cfg_key(k, c, "allow")) {
			r = cfg_bool(c, v, &d->allow), allow = true;
		} else if (cfg_key(k, c, "type")) {
			r = cfg_string(c, v, &type);
			if (r == 0 && (strlen(type) != 1 || !strchr("acb", type[0])))
				return cfg_err(c, "unknown device type \"%.16s\" (expected a, c or b)", type);
			if (r == 0)
				d->type = type[0];
		} else if (cfg_key(k, c, "access")) {
			r = cfg_string(c, v, &d->access);
			if (r == 0 && (!d->access[0] ||
				       strspn(d->access, "rwm") != strlen(d->access)))
				return cfg_err(c, "invalid access \"%.16s\" (expected letters of rwm)",
					       d->access);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!allow)
		return cfg_missing(c, "allow");
	return 0;
}

static int cfg_weight_device(struct cfg *c, int obj, void *out)
{
	struct spec_weight_device *w = out;
	struct opt_i64 major = { 0, false }, minor = { 0, false };

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_dev_major_minor(c, k, v, &major, &minor, &r)) {
		} else if (cfg_key(k, c, "weight")) {
			r = cfg_opt_u64(c, v, UINT16_MAX, &w->weight);
		} else if (cfg_key(k, c, "leafWeight")) {
			r = cfg_opt_u64(c, v, UINT16_MAX, &w->leaf_weight);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!major.set)
		return cfg_missing(c, "major");
	if (!minor.set)
		return cfg_missing(c, "minor");
	if (!w->weight.set && !w->leaf_weight.set)
		return cfg_err(c, "one of weight or leafWeight is required");
	w->major = major.v;
	w->minor = minor.v;
	return 0;
}

static int cfg_throttle(struct cfg *c, int obj, void *out)
{
	struct spec_throttle_device *t = out;
	struct opt_i64 major = { 0, false }, minor = { 0, false };
	bool rate = false;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_dev_major_minor(c, k, v, &major, &minor, &r)) {
		} else if (cfg_key(k, c, "rate")) {
			r = cfg_u64(c, v, UINT64_MAX, &t->rate), rate = true;
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!major.set)
		return cfg_missing(c, "major");
	if (!minor.set)
		return cfg_missing(c, "minor");
	if (!rate)
		return cfg_missing(c, "rate");
	t->major = major.v;
	t->minor = minor.v;
	return 0;
}

static int cfg_hugepage(struct cfg *c, int obj, void *out)
{
	struct spec_hugepage *h = out;
	bool limit = false;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "pageSize")) {
			size_t n;

			r = cfg_string(c, v, &h->page_size);
			n = r == 0 ? strspn(h->page_size, "0123456789") : 0;
			if (r == 0 && (n == 0 || !strchr("KMGTP", h->page_size[n]) ||
				       h->page_size[n] == '\0' ||
				       strcmp(h->page_size + n + 1, "B") != 0))
				return cfg_err(c, "invalid page size \"%.32s\" (expected e.g. 2MB)",
					       h->page_size);
		} else if (cfg_key(k, c, "limit")) {
			r = cfg_u64(c, v, UINT64_MAX, &h->limit), limit = true;
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!h->page_size)
		return cfg_missing(c, "pageSize");
	if (!limit)
		return cfg_missing(c, "limit");
	return 0;
}

static int cfg_net_prio(struct cfg *c, int obj, void *out)
{
	struct spec_net_prio *p = out;
	bool prio = false;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "name"))
			r = cfg_string(c, v, &p->name);
		else if (cfg_key(k, c, "priority"))
			r = cfg_u32(c, v, &p->priority), prio = true;
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!p->name)
		return cfg_missing(c, "name");
	if (!prio)
		return cfg_missing(c, "priority");
	return 0;
}

static int cfg_memory(struct cfg *c, int obj, struct spec_resources *res)
{
	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	res->memory.present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "limit"))
			r = cfg_opt_i64(c, v, -1, INT64_MAX, &res->memory.limit);
		else if (cfg_key(k, c, "reservation"))
			r = cfg_opt_i64(c, v, -1, INT64_MAX, &res->memory.reservation);
		else if (cfg_key(k, c, "swap"))
			r = cfg_opt_i64(c, v, -1, INT64_MAX, &res->memory.swap);
		else if (cfg_key(k, c, "kernel"))
			r = cfg_opt_i64(c, v, -1, INT64_MAX, &res->memory.kernel);
		else if (cfg_key(k, c, "kernelTCP"))
			r = cfg_opt_i64(c, v, -1, INT64_MAX, &res->memory.kernel_tcp);
		else if (cfg_key(k, c, "swappiness"))
			r = cfg_opt_u64(c, v, 100, &res->memory.swappiness);
		else if (cfg_key(k, c, "disableOOMKiller"))
			r = cfg_opt_bool(c, v, &res->memory.disable_oom_killer);
		else if (cfg_key(k, c, "useHierarchy"))
			r = cfg_opt_bool(c, v, &res->memory.use_hierarchy);
		else if (cfg_key(k, c, "checkBeforeUpdate"))
			r = cfg_opt_bool(c, v, &res->memory.check_before_update);
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	return 0;
}

static int cfg_cpu(struct cfg *c, int obj, struct spec_resources *res)
{
	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	res->cpu.present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "shares"))
			r = cfg_opt_u64(c, v, UINT64_MAX, &res->cpu.shares);
		else if (cfg_key(k, c, "quota"))
			r = cfg_opt_i64(c, v, -1, INT64_MAX, &res->cpu.quota);
		else if (cfg_key(k, c, "burst"))
			r = cfg_opt_u64(c, v, UINT64_MAX, &res->cpu.burst);
		else if (cfg_key(k, c, "period"))
			r = cfg_opt_u64(c, v, UINT64_MAX, &res->cpu.period);
		else if (cfg_key(k, c, "realtimeRuntime"))
			r = cfg_opt_i64(c, v, -1, INT64_MAX, &res->cpu.realtime_runtime);
		else if (cfg_key(k, c, "realtimePeriod"))
			r = cfg_opt_u64(c, v, UINT64_MAX, &res->cpu.realtime_period);
		else if (cfg_key(k, c, "cpus"))
			r = cfg_string(c, v, &res->cpu.cpus);
		else if (cfg_key(k, c, "mems"))
			r = cfg_string(c, v, &res->cpu.mems);
		else if (cfg_key(k, c, "idle"))
			r = cfg_opt_i64(c, v, 0, 1, &res->cpu.idle);
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (res->cpu.quota.set && res->cpu.quota.v > 0 && res->cpu.burst.set &&
	    res->cpu.burst.v > (uint64_t)res->cpu.quota.v)
		return cfg_err(c, "burst %" PRIu64 " exceeds quota %" PRId64,
			       res->cpu.burst.v, res->cpu.quota.v);
	return 0;
}

static int cfg_block_io(struct cfg *c, int obj, struct spec_resources *res)
{
	static const char *const thr[] = {
		"throttleReadBpsDevice", "throttleWriteBpsDevice",
		"throttleReadIOPSDevice", "throttleWriteIOPSDevice",
	};
	struct throttle_list *tl[] = {
		&res->block_io.read_bps, &res->block_io.write_bps,
		&res->block_io.read_iops, &res->block_io.write_iops,
	};

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	res->block_io.present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "weight")) {
			r = cfg_opt_u64(c, v, UINT16_MAX, &res->block_io.weight);
		} else if (cfg_key(k, c, "leafWeight")) {
			r = cfg_opt_u64(c, v, UINT16_MAX, &res->block_io.leaf_weight);
		} else if (cfg_key(k, c, "weightDevice")) {
			r = cfg_obj_array(c, v, sizeof(struct spec_weight_device),
					  (void **)&res->block_io.weight_device,
					  &res->block_io.n_weight_device, cfg_weight_device);
		} else {
			for (size_t t = 0; t < 4; t++)
				if (cfg_key(k, c, thr[t]))
					r = cfg_obj_array(c, v, sizeof(*tl[t]->v),
							  (void **)&tl[t]->v, &tl[t]->n,
							  cfg_throttle);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	return 0;
}

static int cfg_rdma(struct cfg *c, int obj, struct spec_resources *res)
{
	size_t n = 0;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	res->rdma = cfg_alloc(c, (size_t)cfg_tok(c, obj)->size, sizeof(*res->rdma));
	OBJ_EACH(c, obj, k, v) {
		struct spec_rdma *d = &res->rdma[n];
		size_t old = cfg_push_key(c, json_str(c->d, k));

		d->device = json_str(c->d, k);
		if (cfg_expect(c, v, JSMN_OBJECT) < 0)
			return -1;
		OBJ_EACH(c, v, k2, v2) {
			size_t o2 = cfg_push_key(c, json_str(c->d, k2));
			int r = 0;

			if (cfg_key(k2, c, "hcaHandles"))
				r = cfg_opt_u64(c, v2, UINT32_MAX, &d->hca_handles);
			else if (cfg_key(k2, c, "hcaObjects"))
				r = cfg_opt_u64(c, v2, UINT32_MAX, &d->hca_objects);
			if (r < 0)
				return -1;
			cfg_pop(c, o2);
		}
		if (!d->hca_handles.set && !d->hca_objects.set)
			return cfg_err(c, "one of hcaHandles or hcaObjects is required");
		n++;
		cfg_pop(c, old);
	}
	res->n_rdma = n;
	return 0;
}

static int cfg_resources(struct cfg *c, int obj, struct spec_resources *res)
{
	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	res->present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "devices")) {
			r = cfg_obj_array(c, v, sizeof(*res->devices), (void **)&res->devices,
					  &res->n_devices, cfg_dev_cgroup);
		} else if (cfg_key(k, c, "memory")) {
			r = cfg_memory(c, v, res);
		} else if (cfg_key(k, c, "cpu")) {
			r = cfg_cpu(c, v, res);
		} else if (cfg_key(k, c, "pids")) {
			/* 1.3 made limit optional; 0 is a real limit. */
			if (cfg_expect(c, v, JSMN_OBJECT) < 0)
				return -1;
			res->pids.present = true;
			OBJ_EACH(c, v, k2, v2) {
				size_t o2 = cfg_push_key(c, json_str(c->d, k2));

				if (cfg_key(k2, c, "limit"))
					r = cfg_opt_i64(c, v2, -1, INT64_MAX, &res->pids.limit);
				if (r < 0)
					return -1;
				cfg_pop(c, o2);
			}
		} else if (cfg_key(k, c, "blockIO")) {
			r = cfg_block_io(c, v, res);
		} else if (cfg_key(k, c, "hugepageLimits")) {
			r = cfg_obj_array(c, v, sizeof(*res->hugepage_limits),
					  (void **)&res->hugepage_limits,
					  &res->n_hugepage_limits, cfg_hugepage);
		} else if (cfg_key(k, c, "network")) {
			if (cfg_expect(c, v, JSMN_OBJECT) < 0)
				return -1;
			res->network.present = true;
			OBJ_EACH(c, v, k2, v2) {
				size_t o2 = cfg_push_key(c, json_str(c->d, k2));

				if (cfg_key(k2, c, "classID"))
					r = cfg_opt_u64(c, v2, UINT32_MAX, &res->network.class_id);
				else if (cfg_key(k2, c, "priorities"))
					r = cfg_obj_array(c, v2, sizeof(struct spec_net_prio),
							  (void **)&res->network.priorities,
							  &res->network.n_priorities, cfg_net_prio);
				if (r < 0)
					return -1;
				cfg_pop(c, o2);
			}
		} else if (cfg_key(k, c, "rdma")) {
			r = cfg_rdma(c, v, res);
		} else if (cfg_key(k, c, "unified")) {
			r = cfg_kv_map(c, v, &res->unified);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	return 0;
}

static int cfg_intel_rdt(struct cfg *c, int obj, struct spec_intel_rdt *rdt)
{
	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	rdt->present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "closID")) {
			r = cfg_string(c, v, &rdt->clos_id);
			if (r == 0 && (strchr(rdt->clos_id, '/') ||
				       !strcmp(rdt->clos_id, ".") || !strcmp(rdt->clos_id, "..")))
				return cfg_err(c, "invalid closID \"%.64s\"", rdt->clos_id);
		} else if (cfg_key(k, c, "l3CacheSchema")) {
			r = cfg_string(c, v, &rdt->l3_cache_schema);
		} else if (cfg_key(k, c, "memBwSchema")) {
			r = cfg_string(c, v, &rdt->mem_bw_schema);
			if (r == 0 && (strncmp(rdt->mem_bw_schema, "MB:", 3) != 0 ||
				       strchr(rdt->mem_bw_schema, '\n')))
				return cfg_err(c, "must start with \"MB:\" and be one line");
		} else if (cfg_key(k, c, "schemata")) {
			/* A string in the 1.3 text, an array of lines in its
			 * schema and in other runtimes: accept both. */
			if (cfg_tok(c, v)->type == JSMN_STRING) {
				rdt->schemata.v = cfg_alloc(c, 1, sizeof(char *));
				rdt->schemata.n = 1;
				r = cfg_string(c, v, &rdt->schemata.v[0]);
			} else if (cfg_tok(c, v)->type == JSMN_ARRAY) {
				r = cfg_str_list(c, v, &rdt->schemata);
			} else {
				return cfg_err(c, "expected string or array of strings");
			}
		} else if (cfg_key(k, c, "enableCMT")) {
			r = cfg_opt_bool(c, v, &rdt->enable_cmt);
		} else if (cfg_key(k, c, "enableMBM")) {
			r = cfg_opt_bool(c, v, &rdt->enable_mbm);
		} else if (cfg_key(k, c, "enableMonitoring")) {
			r = cfg_opt_bool(c, v, &rdt->enable_monitoring);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	return 0;
}

static int cfg_syscall_arg(struct cfg *c, int obj, void *out)
{
	struct spec_syscall_arg *a = out;
	bool index = false, value = false, op = false;
	long val = 0;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;
		uint64_t u = 0;

		if (cfg_key(k, c, "index")) {
			r = cfg_u64(c, v, 5, &u), index = true;
			a->index = (unsigned)u;
		} else if (cfg_key(k, c, "value")) {
			r = cfg_u64(c, v, UINT64_MAX, &a->value), value = true;
		} else if (cfg_key(k, c, "valueTwo")) {
			r = cfg_u64(c, v, UINT64_MAX, &a->value_two);
		} else if (cfg_key(k, c, "op")) {
			r = cfg_enum(c, v, tab_seccomp_ops, "seccomp operator", &val, NULL);
			a->op = (int)val;
			op = true;
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!index)
		return cfg_missing(c, "index");
	if (!value)
		return cfg_missing(c, "value");
	if (!op)
		return cfg_missing(c, "op");
	return 0;
}

static bool cfg_action_has_errno(int action)
{
	return action == SECCOMP_ACT_ERRNO || action == SECCOMP_ACT_TRACE;
}

static int cfg_syscall(struct cfg *c, int obj, void *out)
{
	struct spec_syscall *sc = out;
	bool action = false;
	long val = 0;

	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "names")) {
			r = cfg_str_list(c, v, &sc->names);
			if (r == 0 && sc->names.n == 0)
				return cfg_err(c, "must have at least one entry");
			for (size_t j = 0; r == 0 && j < sc->names.n; j++)
				if (!sc->names.v[j][0]) {
					cfg_push_idx(c, j);
					return cfg_err(c, "empty syscall name");
				}
		} else if (cfg_key(k, c, "action")) {
			r = cfg_enum(c, v, tab_seccomp_actions, "seccomp action", &val, NULL);
			sc->action = (int)val;
			action = true;
		} else if (cfg_key(k, c, "errnoRet")) {
			r = cfg_opt_u64(c, v, 4095, &sc->errno_ret);
		} else if (cfg_key(k, c, "args")) {
			r = cfg_obj_array(c, v, sizeof(*sc->args), (void **)&sc->args,
					  &sc->n_args, cfg_syscall_arg);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!sc->names.v)
		return cfg_missing(c, "names");
	if (!action)
		return cfg_missing(c, "action");
	if (sc->errno_ret.set && !cfg_action_has_errno(sc->action)) {
		cfg_push_key(c, "errnoRet");
		return cfg_err(c, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
	}
	return 0;
}

static int cfg_seccomp(struct cfg *c, int obj, struct spec_seccomp *sc)
{
	bool action = false;
	long val = 0;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	sc->present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "defaultAction")) {
			r = cfg_enum(c, v, tab_seccomp_actions, "seccomp action", &val, NULL);
			sc->default_action = (int)val;
			action = true;
		} else if (cfg_key(k, c, "defaultErrnoRet")) {
			r = cfg_opt_u64(c, v, 4095, &sc->default_errno_ret);
		} else if (cfg_key(k, c, "architectures")) {
			r = cfg_str_list(c, v, &sc->architectures);
			for (size_t j = 0; r == 0 && j < sc->architectures.n; j++)
				if (!tab_find(tab_seccomp_archs, sc->architectures.v[j])) {
					cfg_push_idx(c, j);
					return cfg_err(c, "unknown seccomp architecture \"%.64s\"",
						       sc->architectures.v[j]);
				}
		} else if (cfg_key(k, c, "flags")) {
			r = cfg_str_list(c, v, &sc->flags);
			for (size_t j = 0; r == 0 && j < sc->flags.n; j++) {
				const struct name_val *nv = tab_find(tab_seccomp_flags, sc->flags.v[j]);

				if (!nv) {
					cfg_push_idx(c, j);
					return cfg_err(c, "unknown seccomp flag \"%.64s\"",
						       sc->flags.v[j]);
				}
				sc->flag_bits |= (uint32_t)nv->val;
			}
		} else if (cfg_key(k, c, "listenerPath")) {
			r = cfg_string(c, v, &sc->listener_path);
		} else if (cfg_key(k, c, "listenerMetadata")) {
			r = cfg_string(c, v, &sc->listener_metadata);
		} else if (cfg_key(k, c, "syscalls")) {
			r = cfg_obj_array(c, v, sizeof(*sc->syscalls), (void **)&sc->syscalls,
					  &sc->n_syscalls, cfg_syscall);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!action)
		return cfg_missing(c, "defaultAction");
	if (sc->default_errno_ret.set && !cfg_action_has_errno(sc->default_action)) {
		cfg_push_key(c, "defaultErrnoRet");
		return cfg_err(c, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
	}
	if (sc->listener_metadata && !sc->listener_path) {
		cfg_push_key(c, "listenerMetadata");
		return cfg_err(c, "set without listenerPath");
	}
	return 0;
}

static int cfg_memory_policy(struct cfg *c, int obj, struct spec_memory_policy *mp)
{
	long val = 0;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	mp->present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "mode")) {
			r = cfg_enum(c, v, tab_mpol_modes, "memory policy mode", &val,
				     &mp->mode_name);
			mp->mode = (int)val;
		} else if (cfg_key(k, c, "nodes")) {
			r = cfg_string(c, v, &mp->nodes);
		} else if (cfg_key(k, c, "flags")) {
			r = cfg_str_list(c, v, &mp->flag_names);
			for (size_t j = 0; r == 0 && j < mp->flag_names.n; j++) {
				const struct name_val *nv = tab_find(tab_mpol_flags, mp->flag_names.v[j]);

				if (!nv) {
					cfg_push_idx(c, j);
					return cfg_err(c, "unknown memory policy flag \"%.64s\"",
						       mp->flag_names.v[j]);
				}
				mp->flags |= (unsigned)nv->val;
			}
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!mp->mode_name)
		return cfg_missing(c, "mode");
	return 0;
}

static int cfg_net_devices(struct cfg *c, int obj, struct spec_linux *l)
{
	size_t n = 0;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	l->net_devices = cfg_alloc(c, (size_t)cfg_tok(c, obj)->size,
				   sizeof(*l->net_devices));
	OBJ_EACH(c, obj, k, v) {
		struct spec_net_device *nd = &l->net_devices[n];
		size_t old = cfg_push_key(c, json_str(c->d, k));

		nd->host_name = json_str(c->d, k);
		if (!*nd->host_name || strchr(nd->host_name, '/'))
			return cfg_err(c, "invalid interface name");
		if (cfg_expect(c, v, JSMN_OBJECT) < 0)
			return -1;
		OBJ_EACH(c, v, k2, v2) {
			size_t o2 = cfg_push_key(c, json_str(c->d, k2));

			if (cfg_key(k2, c, "name")) {
				if (cfg_string(c, v2, &nd->name) < 0)
					return -1;
				if (!*nd->name || strchr(nd->name, '/') || strlen(nd->name) > 15)
					return cfg_err(c, "invalid interface name \"%.32s\"", nd->name);
			}
			cfg_pop(c, o2);
		}
		n++;
		cfg_pop(c, old);
	}
	l->n_net_devices = n;
	return 0;
}

static int cfg_propagation(struct cfg *c, int v, struct spec_linux *l)
{
	const struct name_val *nv;
	const char *s;

	if (cfg_string(c, v, &l->rootfs_propagation) < 0)
		return -1;
	s = l->rootfs_propagation;
	l->rootfs_propagation_flags = 0;
	if (!*s)
		return 0;
	if (s[0] == 'r' && s[1] != '\0') {
		nv = tab_find(tab_propagation, s + 1);
		if (nv)
			l->rootfs_propagation_flags = MS_REC;
	}
	if (!l->rootfs_propagation_flags)
		nv = tab_find(tab_propagation, s);
	if (!nv)
		return cfg_err(c, "unknown propagation \"%.32s\" (expected shared, slave, private or unbindable)", s);
	l->rootfs_propagation_flags |= (unsigned long)nv->val;
	return 0;
}

static int cfg_abs_paths(struct cfg *c, int v, struct str_list *l)
{
	if (cfg_str_list(c, v, l) < 0)
		return -1;
	for (size_t j = 0; j < l->n; j++)
		if (l->v[j][0] != '/') {
			cfg_push_idx(c, j);
			return cfg_err(c, "must be an absolute path");
		}
	return 0;
}

static int cfg_linux(struct cfg *c, int obj, struct spec_linux *l)
{
	long val = 0;

	if (cfg_expect(c, obj, JSMN_OBJECT) < 0)
		return -1;
	l->present = true;
	OBJ_EACH(c, obj, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "namespaces")) {
			r = cfg_namespaces(c, v, l);
		} else if (cfg_key(k, c, "uidMappings")) {
			r = cfg_id_maps(c, v, &l->uid_mappings);
		} else if (cfg_key(k, c, "gidMappings")) {
			r = cfg_id_maps(c, v, &l->gid_mappings);
		} else if (cfg_key(k, c, "timeOffsets")) {
			r = cfg_time_offsets(c, v, l);
		} else if (cfg_key(k, c, "devices")) {
			r = cfg_obj_array(c, v, sizeof(*l->devices), (void **)&l->devices,
					  &l->n_devices, cfg_device);
		} else if (cfg_key(k, c, "cgroupsPath")) {
			r = cfg_string(c, v, &l->cgroups_path);
		} else if (cfg_key(k, c, "resources")) {
			r = cfg_resources(c, v, &l->resources);
		} else if (cfg_key(k, c, "intelRdt")) {
			r = cfg_intel_rdt(c, v, &l->intel_rdt);
		} else if (cfg_key(k, c, "sysctl")) {
			r = cfg_kv_map(c, v, &l->sysctl);
		} else if (cfg_key(k, c, "seccomp")) {
			r = cfg_seccomp(c, v, &l->seccomp);
		} else if (cfg_key(k, c, "rootfsPropagation")) {
			r = cfg_propagation(c, v, l);
		} else if (cfg_key(k, c, "maskedPaths")) {
			r = cfg_abs_paths(c, v, &l->masked_paths);
		} else if (cfg_key(k, c, "readonlyPaths")) {
			r = cfg_abs_paths(c, v, &l->readonly_paths);
		} else if (cfg_key(k, c, "mountLabel")) {
			r = cfg_string(c, v, &l->mount_label);
		} else if (cfg_key(k, c, "personality")) {
			if (cfg_expect(c, v, JSMN_OBJECT) < 0)
				return -1;
			l->personality.present = true;
			OBJ_EACH(c, v, k2, v2) {
				size_t o2 = cfg_push_key(c, json_str(c->d, k2));

				if (cfg_key(k2, c, "domain")) {
					r = cfg_enum(c, v2, tab_personality, "personality domain",
						     &val, &l->personality.domain);
					l->personality.persona = (unsigned long)val;
				} else if (cfg_key(k2, c, "flags")) {
					r = cfg_str_list(c, v2, &l->personality.flags);
					/* runtime-spec 1.3 defines no flag values. */
					if (r == 0 && l->personality.flags.n) {
						cfg_push_idx(c, 0);
						return cfg_err(c, "unsupported personality flag \"%.32s\"",
							       l->personality.flags.v[0]);
					}
				}
				if (r < 0)
					return -1;
				cfg_pop(c, o2);
			}
			if (!l->personality.domain)
				return cfg_missing(c, "domain");
		} else if (cfg_key(k, c, "memoryPolicy")) {
			r = cfg_memory_policy(c, v, &l->memory_policy);
		} else if (cfg_key(k, c, "netDevices")) {
			r = cfg_net_devices(c, v, l);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (l->time_offsets && !(l->ns_mask & (1u << NS_TIME)))
		return cfg_push_key(c, "timeOffsets"),
		       cfg_err(c, "set without a time namespace");
	return 0;
}

/* ---- top level ------------------------------------------------------- */

int config_version_ok(const char *v)
{
	unsigned long major, minor;
	char *end;

	if (!v || *v < '0' || *v > '9')
		return 0;
	major = strtoul(v, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return 0;
	minor = strtoul(end + 1, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return 0;
	strtoul(end + 1, &end, 10);
	if (*end != '\0' && *end != '-' && *end != '+')
		return 0;
	return major == 1 && minor <= 3;
}

static int cfg_top(struct cfg *c)
{
	struct spec *s = c->s;
	bool root = false;

	if (cfg_expect(c, 0, JSMN_OBJECT) < 0)
		return -1;
	OBJ_EACH(c, 0, k, v) {
		size_t old = cfg_push_key(c, json_str(c->d, k));
		int r = 0;

		if (cfg_key(k, c, "ociVersion")) {
			r = cfg_string(c, v, &s->oci_version);
			if (r == 0 && !config_version_ok(s->oci_version))
				return cfg_err(c, "unsupported version \"%.32s\" (runlet accepts %s to %s.x)",
					       s->oci_version, RL_OCI_VERSION_MIN, "1.3");
		} else if (cfg_key(k, c, "root")) {
			r = cfg_root(c, v), root = true;
		} else if (cfg_key(k, c, "mounts")) {
			r = cfg_obj_array(c, v, sizeof(*s->mounts), (void **)&s->mounts,
					  &s->n_mounts, cfg_mount);
		} else if (cfg_key(k, c, "process")) {
			r = cfg_process_obj(c, v, &s->process);
		} else if (cfg_key(k, c, "hostname")) {
			r = cfg_string(c, v, &s->hostname);
			if (r == 0 && strlen(s->hostname) > 64)
				return cfg_err(c, "longer than 64 bytes");
		} else if (cfg_key(k, c, "domainname")) {
			r = cfg_string(c, v, &s->domainname);
			if (r == 0 && strlen(s->domainname) > 64)
				return cfg_err(c, "longer than 64 bytes");
		} else if (cfg_key(k, c, "hooks")) {
			r = cfg_hooks(c, v);
		} else if (cfg_key(k, c, "annotations")) {
			r = cfg_kv_map(c, v, &s->annotations);
		} else if (cfg_key(k, c, "linux")) {
			r = cfg_linux(c, v, &s->lnx);
		}
		if (r < 0)
			return -1;
		cfg_pop(c, old);
	}
	if (!s->oci_version)
		return cfg_missing(c, "ociVersion");
	if (!root)
		return cfg_missing(c, "root");
	return 0;
}

typedef int (*cfg_body_fn)(struct cfg *c);

static int cfg_run(struct spec *s, char *buf, size_t len, const char *name,
		   struct rl_err *e, cfg_body_fn body)
{
	struct json_doc d;
	struct cfg c = { .d = &d, .s = s, .e = e };
	int r;

	memset(s, 0, sizeof(*s));
	if (json_parse(&d, buf, len, name, e) < 0)
		return -1;
	s->arena_size = cfg_arena_size(&d);
	s->arena = calloc(1, s->arena_size);
	if (!s->arena) {
		json_free(&d);
		return err_sys(e, ENOMEM, "%s: parse", name);
	}
	r = body(&c);
	/* Tokens are only needed while walking; the buffer lives on. */
	free(d.tok);
	s->buf = d.buf;
	s->buf_len = d.len;
	if (r < 0)
		spec_free(s);
	return r;
}

int config_parse(struct spec *s, char *buf, size_t len, const char *name,
		 struct rl_err *e)
{
	return cfg_run(s, buf, len, name, e, cfg_top);
}

static int cfg_process_top(struct cfg *c)
{
	return cfg_process_obj(c, 0, &c->s->process);
}

int config_parse_process(struct spec *s, char *buf, size_t len,
			 const char *name, struct rl_err *e)
{
	return cfg_run(s, buf, len, name, e, cfg_process_top);
}

static int cfg_load(struct spec *s, int dirfd, const char *path,
		    const char *name, struct rl_err *e, cfg_body_fn body)
{
	char *buf;
	size_t len;

	memset(s, 0, sizeof(*s));
	if (json_read_file(dirfd, path, name, &buf, &len, e) < 0)
		return -1;
	return cfg_run(s, buf, len, name, e, body);
}

int config_load(struct spec *s, int dirfd, const char *path, const char *name,
		struct rl_err *e)
{
	return cfg_load(s, dirfd, path, name, e, cfg_top);
}

int config_load_process(struct spec *s, int dirfd, const char *path,
			const char *name, struct rl_err *e)
{
	return cfg_load(s, dirfd, path, name, e, cfg_process_top);
}

void spec_free(struct spec *s)
{
	free(s->buf);
	free(s->arena);
	memset(s, 0, sizeof(*s));
}
