/* SPDX-License-Identifier: MIT */
/*
 * Strict JSON on top of jsmn: one bounded buffer, tokenised once, checked
 * against the JSON grammar (jsmn alone is lenient about separators and
 * literals), with every string unescaped in place and NUL-terminated so the
 * caller can keep `char *` slices into the buffer.
 */
#ifndef RUNLET_JSON_H
#define RUNLET_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSMN_HEADER
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "err.h"

/* Largest config.json / process.json runlet reads. */
#define JSON_MAX_BYTES (8u << 20)
/* Deepest nesting accepted (the spec needs 6). */
#define JSON_MAX_DEPTH 64

struct json_doc {
	char *buf;          /* owned; NUL-terminated */
	size_t len;
	jsmntok_t *tok;     /* owned */
	int ntok;
	const char *name;   /* borrowed: file name for messages */
};

/*
 * Reads `path` (relative to dirfd) into a new buffer and parses it. `name`
 * is used in messages and must outlive the doc. On failure nothing is left
 * allocated.
 */
int json_load_file(struct json_doc *d, int dirfd, const char *path,
		   const char *name, struct rl_err *e);

/* Reads a whole file (at most JSON_MAX_BYTES) into a new NUL-terminated
 * buffer (owned by the caller). */
int json_read_file(int dirfd, const char *path, const char *name,
		   char **buf, size_t *len, struct rl_err *e);

/* Parses `buf` (malloc'd, len bytes plus a NUL; ownership moves to d). */
int json_parse(struct json_doc *d, char *buf, size_t len, const char *name,
	       struct rl_err *e);

void json_free(struct json_doc *d);

/* Index of the token after the subtree rooted at token i. */
int json_skip(const struct json_doc *d, int i);

static inline bool json_is_null(const struct json_doc *d, int i)
{
	return d->tok[i].type == JSMN_PRIMITIVE && d->buf[d->tok[i].start] == 'n';
}

/* The string of a string token (unescaped, NUL-terminated). */
static inline char *json_str(const struct json_doc *d, int i)
{
	return d->buf + d->tok[i].start;
}

/* Writes `s` as a JSON string literal (with quotes) into out. Returns the
 * length it needed (may be >= cap: truncated). */
size_t json_quote(char *out, size_t cap, const char *s);

#endif
