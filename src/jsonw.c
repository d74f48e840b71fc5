// SPDX-License-Identifier: MIT
/* Streaming JSON writer; see jsonw.h. */
#include <inttypes.h>

#include "jsonw.h"

void jw_init(struct jw *w, FILE *f, const char *indent)
{
	w->f = f;
	w->indent = indent;
	w->depth = 0;
	w->count[0] = 0;
}

static void jw_newline(struct jw *w)
{
	int i;

	if (!w->indent)
		return;
	fputc('\n', w->f);
	for (i = 0; i < w->depth; i++)
		fputs(w->indent, w->f);
}

static void jw_quoted(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	fputc('"', w->f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", w->f); break;
		case '\\': fputs("\\\\", w->f); break;
		case '\n': fputs("\\n", w->f); break;
		case '\r': fputs("\\r", w->f); break;
		case '\t': fputs("\\t", w->f); break;
		default:
			if (c < 0x20)
				fprintf(w->f, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
			else
				fputc(c, w->f);
		}
	}
	fputc('"', w->f);
}

/* Separator, indentation and "key": before any value. */
static void jw_pre(struct jw *w, const char *key)
{
	if (w->count[w->depth]++)
		fputc(',', w->f);
	if (w->depth)
		jw_newline(w);
	if (key) {
		jw_quoted(w, key);
		fputs(w->indent ? ": " : ":", w->f);
	}
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_pre(w, key);
	fputc(c, w->f);
	if (w->depth < JW_MAX_DEPTH - 1)
		w->depth++;
	w->count[w->depth] = 0;
}

static void jw_close(struct jw *w, char c)
{
	unsigned n = w->count[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (n)
		jw_newline(w);
	fputc(c, w->f);
}

void jw_obj(struct jw *w, const char *key) { jw_open(w, key, '{'); }
void jw_arr(struct jw *w, const char *key) { jw_open(w, key, '['); }
void jw_end_obj(struct jw *w) { jw_close(w, '}'); }
void jw_end_arr(struct jw *w) { jw_close(w, ']'); }

void jw_str(struct jw *w, const char *key, const char *v)
{
	jw_pre(w, key);
	jw_quoted(w, v ? v : "");
}

void jw_i64(struct jw *w, const char *key, int64_t v)
{
	jw_pre(w, key);
	fprintf(w->f, "%" PRId64, v);
}

void jw_u64(struct jw *w, const char *key, uint64_t v)
{
	jw_pre(w, key);
	fprintf(w->f, "%" PRIu64, v);
}

void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_pre(w, key);
	fputs(v ? "true" : "false", w->f);
}

void jw_null(struct jw *w, const char *key)
{
	jw_pre(w, key);
	fputs("null", w->f);
}

int jw_finish(struct jw *w)
{
	fputc('\n', w->f);
	if (fflush(w->f) != 0 || ferror(w->f))
		return -1;
	return 0;
}
