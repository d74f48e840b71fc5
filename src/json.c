// SPDX-License-Identifier: MIT
/*
 * Strict JSON reader: jsmn tokenises (counting first, then one token
 * allocation), then a grammar pass checks what jsmn lets through (commas,
 * colons, literals, number syntax, trailing data), then every string is
 * unescaped in place. Errors give the file, line and column.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The one translation unit that compiles jsmn's code (json.h only
 * declares it). Same options as json.h. */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "json.h"

static void json_linecol(const struct json_doc *d, size_t off, unsigned *line,
			 unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < d->len; i++) {
		if (d->buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int json_syntax(const struct json_doc *d, size_t off, const char *why,
		       struct rl_err *e)
{
	unsigned line, col;

	json_linecol(d, off, &line, &col);
	return err_set(e, EINVAL, "%s: malformed JSON at line %u column %u: %s",
		       d->name, line, col, why);
}

static bool json_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t json_skip_ws(const struct json_doc *d, size_t p)
{
	while (p < d->len && json_ws(d->buf[p]))
		p++;
	return p;
}

/* Raw extent of a token, quotes included. */
static size_t tok_begin(const jsmntok_t *t)
{
	return (size_t)(t->type == JSMN_STRING ? t->start - 1 : t->start);
}

static size_t tok_end(const jsmntok_t *t)
{
	return (size_t)(t->type == JSMN_STRING ? t->end + 1 : t->end);
}

int json_skip(const struct json_doc *d, int i)
{
	int n;

	switch (d->tok[i].type) {
	case JSMN_OBJECT:
		n = d->tok[i].size;
		i++;
		while (n-- > 0)
			i = json_skip(d, i + 1); /* key, then its value */
		return i;
	case JSMN_ARRAY:
		n = d->tok[i].size;
		i++;
		while (n-- > 0)
			i = json_skip(d, i);
		return i;
	default:
		return i + 1;
	}
}

static bool json_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 8259 number grammar over [p, end). */
static bool json_number_ok(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p >= end || !json_digit(*p))
		return false;
	if (*p == '0')
		p++;
	else
		while (p < end && json_digit(*p))
			p++;
	if (p < end && *p == '.') {
		p++;
		if (p >= end || !json_digit(*p))
			return false;
		while (p < end && json_digit(*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !json_digit(*p))
			return false;
		while (p < end && json_digit(*p))
			p++;
	}
	return p == end;
}

static bool json_literal_ok(const char *p, size_t n)
{
	return (n == 4 && memcmp(p, "true", 4) == 0) ||
	       (n == 5 && memcmp(p, "false", 5) == 0) ||
	       (n == 4 && memcmp(p, "null", 4) == 0) ||
	       json_number_ok(p, p + n);
}

/*
 * Checks token i and its subtree against the grammar, including the bytes
 * between tokens. Returns the next token index or -1.
 */
static int json_check(const struct json_doc *d, int i, int depth,
		      struct rl_err *e)
{
	const jsmntok_t *t = &d->tok[i];
	size_t p, close;
	int n, j;
	bool obj;

	if (depth > JSON_MAX_DEPTH)
		return json_syntax(d, tok_begin(t), "nesting too deep", e);
	if (t->type == JSMN_PRIMITIVE) {
		if (!json_literal_ok(d->buf + t->start, (size_t)(t->end - t->start)))
			return json_syntax(d, tok_begin(t), "invalid literal", e);
		return i + 1;
	}
	if (t->type == JSMN_STRING) {
		for (p = (size_t)t->start; p < (size_t)t->end; p++)
			if ((unsigned char)d->buf[p] < 0x20)
				return json_syntax(d, p, "control character in string", e);
		return i + 1;
	}
	obj = t->type == JSMN_OBJECT;
	close = (size_t)t->end - 1;
	p = (size_t)t->start + 1;
	n = t->size;
	j = i + 1;
	while (n-- > 0) {
		p = json_skip_ws(d, p);
		if (j >= d->ntok || tok_begin(&d->tok[j]) != p)
			return json_syntax(d, p, obj ? "expected a key" : "expected a value", e);
		if (obj) {
			if (d->tok[j].type == JSMN_STRING && d->tok[j].size == 0)
				return json_syntax(d, json_skip_ws(d, tok_end(&d->tok[j])),
						   "expected ':'", e);
			if (d->tok[j].type != JSMN_STRING || d->tok[j].size != 1)
				return json_syntax(d, p, "expected a key and a value", e);
			if (json_check(d, j, depth + 1, e) < 0)
				return -1;
			p = json_skip_ws(d, tok_end(&d->tok[j]));
			if (p >= d->len || d->buf[p] != ':')
				return json_syntax(d, p, "expected ':'", e);
			p = json_skip_ws(d, p + 1);
			j++;
			if (j >= d->ntok || tok_begin(&d->tok[j]) != p)
				return json_syntax(d, p, "expected a value", e);
		}
		if (d->tok[j].type == JSMN_STRING && d->tok[j].size != 0)
			return json_syntax(d, p, "unexpected ':'", e);
		p = tok_end(&d->tok[j]);
		j = json_check(d, j, depth + 1, e);
		if (j < 0)
			return -1;
		p = json_skip_ws(d, p);
		if (n > 0) {
			if (p >= d->len || d->buf[p] != ',')
				return json_syntax(d, p, "expected ','", e);
			p++;
		}
	}
	p = json_skip_ws(d, p);
	if (p != close)
		return json_syntax(d, p, obj ? "expected '}'" : "expected ']'", e);
	return j;
}

static int json_hex4(const char *p)
{
	int v = 0, k;

	for (k = 0; k < 4; k++) {
		char c = p[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static char *json_put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xC0 | (cp >> 6));
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xE0 | (cp >> 12));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*w++ = (char)(0xF0 | (cp >> 18));
		*w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	}
	return w;
}

/*
 * Unescapes string token t in place and NUL-terminates it (the closing
 * quote's byte is free once the grammar pass is done). A \u0000 is refused:
 * a NUL would silently cut a path short.
 */
static int json_unescape(struct json_doc *d, jsmntok_t *t, struct rl_err *e)
{
	char *r = d->buf + t->start, *end = d->buf + t->end, *w = r;

	while (r < end) {
		size_t bs = (size_t)(r - d->buf); /* where errors point */
		unsigned cp;
		int h;

		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		r++;
		switch (*r) {
		case '"': case '\\': case '/':
			*w++ = *r++;
			continue;
		case 'b': *w++ = '\b'; r++; continue;
		case 'f': *w++ = '\f'; r++; continue;
		case 'n': *w++ = '\n'; r++; continue;
		case 'r': *w++ = '\r'; r++; continue;
		case 't': *w++ = '\t'; r++; continue;
		case 'u':
			break;
		default:
			return json_syntax(d, bs, "bad escape", e);
		}
		if (end - r < 5 || (h = json_hex4(r + 1)) < 0)
			return json_syntax(d, bs, "bad \\u escape", e);
		r += 5;
		cp = (unsigned)h;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			int lo;

			if (end - r < 6 || r[0] != '\\' || r[1] != 'u' ||
			    (lo = json_hex4(r + 2)) < 0xDC00 || lo > 0xDFFF)
				return json_syntax(d, bs, "unpaired surrogate", e);
			cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
			r += 6;
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			return json_syntax(d, bs, "unpaired surrogate", e);
		} else if (cp == 0) {
			return json_syntax(d, bs, "NUL character in string", e);
		}
		w = json_put_utf8(w, cp);
	}
	*w = '\0';
	t->end = (int)(w - d->buf);
	return 0;
}

/*
 * jsmn reports a failure inside a string at the string's opening quote: a
 * bad escape is its only INVAL there, an unterminated string its only PART.
 */
static int json_jsmn_err(const struct json_doc *d, int r, size_t pos,
			 struct rl_err *e)
{
	bool in_str = pos < d->len && d->buf[pos] == '"';

	if (r == JSMN_ERROR_PART)
		return json_syntax(d, pos, in_str ? "unterminated string" :
				   "unexpected end of input", e);
	return json_syntax(d, pos, in_str ? "bad escape in string" :
			   "unexpected character", e);
}

int json_parse(struct json_doc *d, char *buf, size_t len, const char *name,
	       struct rl_err *e)
{
	jsmn_parser p;
	int n, i;
	size_t q;

	memset(d, 0, sizeof(*d));
	d->buf = buf;
	d->len = len;
	d->name = name;
	if (len > JSON_MAX_BYTES) {
		err_set(e, EFBIG, "%s: larger than %u bytes", name, JSON_MAX_BYTES);
		goto fail;
	}
	if (memchr(buf, '\0', len)) {
		json_syntax(d, (size_t)((char *)memchr(buf, '\0', len) - buf), "NUL byte", e);
		goto fail;
	}
	jsmn_init(&p);
	n = jsmn_parse(&p, buf, len, NULL, 0);
	if (n == 0) {
		json_syntax(d, p.pos, "empty document", e);
		goto fail;
	}
	if (n < 0) {
		json_jsmn_err(d, n, p.pos, e);
		goto fail;
	}
	d->tok = calloc((size_t)n, sizeof(*d->tok));
	if (!d->tok) {
		err_sys(e, ENOMEM, "%s: parse", name);
		goto fail;
	}
	jsmn_init(&p);
	d->ntok = jsmn_parse(&p, buf, len, d->tok, (unsigned)n);
	if (d->ntok < 0) {
		json_jsmn_err(d, d->ntok, p.pos, e);
		goto fail;
	}
	if (d->ntok == 0) {
		json_syntax(d, 0, "empty document", e);
		goto fail;
	}
	q = json_skip_ws(d, 0);
	if (tok_begin(&d->tok[0]) != q) {
		json_syntax(d, q, "unexpected character", e);
		goto fail;
	}
	i = json_check(d, 0, 0, e);
	if (i < 0)
		goto fail;
	q = json_skip_ws(d, tok_end(&d->tok[0]));
	if (i != d->ntok || q != len) {
		json_syntax(d, q, "trailing data after the document", e);
		goto fail;
	}
	for (i = 0; i < d->ntok; i++)
		if (d->tok[i].type == JSMN_STRING && json_unescape(d, &d->tok[i], e) < 0)
			goto fail;
	return 0;
fail:
	json_free(d);
	return -1;
}

int json_read_file(int dirfd, const char *path, const char *name,
		   char **out, size_t *out_len, struct rl_err *e)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	int fd;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return err_sys(e, errno, "open \"%s\"", path);
	if (fstat(fd, &st) < 0) {
		err_sys(e, errno, "stat \"%s\"", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(e, EINVAL, "%s: not a regular file", name);
		goto fail;
	}
	if ((uint64_t)st.st_size > JSON_MAX_BYTES) {
		err_set(e, EFBIG, "%s: larger than %u bytes", name, JSON_MAX_BYTES);
		goto fail;
	}
	/* One extra byte: reading it proves the file did not grow past cap. */
	buf = malloc((size_t)st.st_size + 2);
	if (!buf) {
		err_sys(e, ENOMEM, "read \"%s\"", path);
		goto fail;
	}
	while (len < (size_t)st.st_size + 1) {
		r = read(fd, buf + len, (size_t)st.st_size + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_sys(e, errno, "read \"%s\"", path);
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > (size_t)st.st_size) {
		err_set(e, EAGAIN, "%s: file changed while being read", name);
		goto fail;
	}
	buf[len] = '\0';
	close(fd);
	*out = buf;
	*out_len = len;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

int json_load_file(struct json_doc *d, int dirfd, const char *path,
		   const char *name, struct rl_err *e)
{
	char *buf;
	size_t len;

	memset(d, 0, sizeof(*d));
	if (json_read_file(dirfd, path, name, &buf, &len, e) < 0)
		return -1;
	return json_parse(d, buf, len, name, e);
}

void json_free(struct json_doc *d)
{
	free(d->tok);
	free(d->buf);
	d->tok = NULL;
	d->buf = NULL;
	d->ntok = 0;
}

size_t json_quote(char *out, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	char tmp[7];

#define JSON_PUT(c) do { if (n + 1 < cap) out[n] = (c); n++; } while (0)
	JSON_PUT('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *esc = NULL;

		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			if (c < 0x20) {
				tmp[0] = '\\'; tmp[1] = 'u'; tmp[2] = '0'; tmp[3] = '0';
				tmp[4] = hex[c >> 4]; tmp[5] = hex[c & 15]; tmp[6] = 0;
				esc = tmp;
			}
		}
		if (esc)
			for (; *esc; esc++)
				JSON_PUT(*esc);
		else
			JSON_PUT((char)c);
	}
	JSON_PUT('"');
#undef JSON_PUT
	if (cap)
		out[n < cap ? n : cap - 1] = '\0';
	return n;
}
