/* SPDX-License-Identifier: MIT */
/*
 * A small streaming JSON writer for command output (state, list, features,
 * spec). Indented like runc's output when `indent` is set, compact
 * otherwise. Write errors are sticky and reported by jw_finish().
 */
#ifndef RUNLET_JSONW_H
#define RUNLET_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH 32

struct jw {
	FILE *f;            /* borrowed */
	const char *indent; /* NULL: compact */
	int depth;
	unsigned count[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, FILE *f, const char *indent);
/* `key` is the member name inside an object, NULL inside an array/top. */
void jw_obj(struct jw *w, const char *key);
void jw_arr(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *v);
void jw_i64(struct jw *w, const char *key, int64_t v);
void jw_u64(struct jw *w, const char *key, uint64_t v);
void jw_bool(struct jw *w, const char *key, bool v);
void jw_null(struct jw *w, const char *key);
/* Ends the document with a newline and flushes; -1 on a write error. */
int jw_finish(struct jw *w);

#endif
