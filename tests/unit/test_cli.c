// SPDX-License-Identifier: MIT
/*
 * CLI-level units: option parsing in runc's styles, container ID rules,
 * the state file round trip and live status, the JSON writer and quoting.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "json.h"
#include "jsonw.h"
#include "opt.h"
#include "state.h"
#include "tap.h"

static void test_opts(void)
{
	const char *root = NULL, *fmt = NULL;
	bool debug = false, help = false, quiet = false;
	long n = 0;
	struct opt_list env = { .n = 0 };
	const struct opt opts[] = {
		{ "root", 0, OPT_STR, &root, "dir", "" },
		{ "format", 'f', OPT_STR, &fmt, "f", "" },
		{ "debug", 0, OPT_BOOL, &debug, NULL, "" },
		{ "quiet", 'q', OPT_BOOL, &quiet, NULL, "" },
		{ "preserve-fds", 0, OPT_INT, &n, "N", "" },
		{ "env", 'e', OPT_STR_LIST, &env, "K=V", "" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	char *argv1[] = { "x", "--root", "/a", "-format=json", "--debug", "-q",
			  "--preserve-fds=3", "-e", "A=1", "--env", "B=2", "id", "--root", NULL };
	struct rl_err e = { 0, 0, "" };
	int ind = 1;

	ok(opt_parse("t", opts, 13, argv1, &ind, &help, &e) == 0, "parse mixed option styles");
	is_str(root, "/a", "--root value");
	is_str(fmt, "json", "-format=json (Go single-dash long form)");
	ok(debug && quiet && !help, "booleans set, no help");
	is_int(n, 3, "--preserve-fds=3");
	is_int(env.n, 2, "repeated -e/--env collected");
	is_str(env.v[1], "B=2", "second env value");
	is_int(ind, 11, "parsing stops at the first operand");

	{
		char *a[] = { "x", "--debug=false", "--", "-q", NULL };

		ind = 1;
		debug = true;
		ok(opt_parse("t", opts, 4, a, &ind, &help, &e) == 0 && !debug && ind == 3,
		   "--debug=false and -- end of options");
	}
	{
		char *a[] = { "x", "--nope", NULL };

		ind = 1;
		ok(opt_parse("t", opts, 2, a, &ind, &help, &e) < 0, "unknown option fails");
		is_str(e.msg, "t: unknown option \"--nope\" (see --help)", "unknown option message");
		is_int(e.code, RL_EXIT_USAGE, "unknown option is a usage error");
	}
	{
		char *a[] = { "x", "--root", NULL };

		ind = 1;
		ok(opt_parse("t", opts, 2, a, &ind, &help, &e) < 0, "missing value fails");
		is_str(e.msg, "t: option --root needs a value", "missing value message");
	}
	{
		char *a[] = { "x", "--preserve-fds", "x1", NULL };

		ind = 1;
		ok(opt_parse("t", opts, 3, a, &ind, &help, &e) < 0, "non-numeric integer fails");
	}
	{
		char *a[] = { "x", "--debug=maybe", NULL };

		ind = 1;
		ok(opt_parse("t", opts, 2, a, &ind, &help, &e) < 0, "bad boolean fails");
	}
	{
		char *a[] = { "x", "-h", NULL };

		ind = 1;
		help = false;
		ok(opt_parse("t", opts, 2, a, &ind, &help, &e) == 0 && help, "-h sets help");
	}
}

static void test_ids(void)
{
	static const struct { const char *id; int valid; } cases[] = {
		{ "abc", 1 }, { "a-b_c.d+e", 1 }, { "0123", 1 }, { "...", 1 },
		{ ".", 0 }, { "..", 0 }, { "", 0 }, { "../x", 0 }, { "a/b", 0 },
		{ "a b", 0 }, { "a\tb", 0 }, { "ä", 0 }, { "a,b", 0 }, { "/abs", 0 },
	};
	struct rl_err e = { 0, 0, "" };
	char longid[STATE_ID_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok((state_valid_id(cases[i].id, &e) == 0) == cases[i].valid,
		   "id \"%s\" is %s", cases[i].id, cases[i].valid ? "valid" : "invalid");
	memset(longid, 'a', sizeof(longid) - 1);
	longid[STATE_ID_MAX] = '\0';
	ok(state_valid_id(longid, &e) == 0, "id of %d bytes is valid", STATE_ID_MAX);
	longid[STATE_ID_MAX] = 'a';
	longid[STATE_ID_MAX + 1] = '\0';
	ok(state_valid_id(longid, &e) < 0, "id of %d bytes is invalid", STATE_ID_MAX + 1);
	state_valid_id("../x", &e);
	is_str(e.msg, "invalid container id \"../x\": only letters, digits and _+-. are allowed",
	       "invalid id message");
}

static void test_state(void)
{
	char dir[] = "/tmp/runlet-test-XXXXXX";
	struct rl_state st, back;
	struct kv ann[1] = { { "k\"ey", "va\nl" } };
	struct rl_err e = { 0, 0, "" };
	bool zombie;
	pid_t child;
	int fd;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	memset(&st, 0, sizeof(st));
	st.oci_version = "1.3.0";
	st.id = "c1";
	st.stored = ST_RUNNING;
	st.pid = getpid();
	st.pid_start = state_pid_start(getpid(), &zombie);
	st.bundle = "/b";
	st.rootfs = "/b/rootfs";
	st.created = "2026-11-22T08:00:00.000000001Z";
	st.owner = "root";
	st.annotations.v = ann;
	st.annotations.n = 1;
	ok(st.pid_start > 0 && !zombie, "own start time readable from /proc");
	ok(state_save(fd, &st, &e) == 0, "state_save: %s", e.msg);
	ok(faccessat(fd, "state.json.tmp", F_OK, 0) < 0, "no temporary file left");
	ok(state_load(fd, "c1", &back, &e) == 0, "state_load: %s", e.msg);
	is_str(back.id, "c1", "id round-trips");
	is_str(back.bundle, "/b", "bundle round-trips");
	is_str(back.created, st.created, "created round-trips");
	is_int(back.pid, getpid(), "pid round-trips");
	is_uint(back.pid_start, st.pid_start, "pid start time round-trips");
	ok(back.annotations.n == 1 && !strcmp(back.annotations.v[0].key, "k\"ey") &&
	   !strcmp(back.annotations.v[0].val, "va\nl"), "annotations round-trip with escapes");
	is_int(state_status(fd, &back), ST_RUNNING, "live pid without exec.fifo is running");
	close(openat(fd, "exec.fifo", O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	is_int(state_status(fd, &back), ST_CREATED, "live pid with exec.fifo is created");
	back.pid_start++;
	is_int(state_status(fd, &back), ST_STOPPED, "reused pid (other start time) is stopped");
	state_free(&back);
	ok(state_load(fd, "other", &back, &e) < 0, "state.json of another id is refused");

	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	st.pid = child;
	ok(state_save(fd, &st, &e) == 0 && state_load(fd, "c1", &back, &e) == 0, "save dead pid");
	is_int(state_status(fd, &back), ST_STOPPED, "dead pid is stopped");
	state_free(&back);

	unlinkat(fd, "state.json", 0);
	unlinkat(fd, "exec.fifo", 0);
	ok(state_load(fd, "c1", &back, &e) < 0 && !strcmp(e.msg, "container \"c1\" does not exist"),
	   "missing state.json reads as a missing container");
	close(fd);
	rmdir(dir);
}

static void test_json_out(void)
{
	char buf[256];
	struct jw w;
	FILE *f;
	size_t n;

	n = json_quote(buf, sizeof(buf), "a\"b\\c\n\x01");
	is_str(buf, "\"a\\\"b\\\\c\\n\\u0001\"", "json_quote escapes");
	is_int((long)n, (long)strlen(buf), "json_quote length");
	json_quote(buf, 4, "abcdef");
	is_str(buf, "\"ab", "json_quote truncates within the buffer");

	f = fmemopen(buf, sizeof(buf), "w");
	jw_init(&w, f, NULL);
	jw_obj(&w, NULL);
	jw_str(&w, "a", "x");
	jw_arr(&w, "b");
	jw_i64(&w, NULL, -1);
	jw_u64(&w, NULL, 18446744073709551615ULL);
	jw_end_arr(&w);
	jw_obj(&w, "c");
	jw_end_obj(&w);
	jw_bool(&w, "d", true);
	jw_null(&w, "e");
	jw_end_obj(&w);
	jw_finish(&w);
	fclose(f);
	is_str(buf, "{\"a\":\"x\",\"b\":[-1,18446744073709551615],\"c\":{},\"d\":true,\"e\":null}\n",
	       "compact JSON writer output");
}

static void test_versions(void)
{
	static const struct { const char *v; int ok; } cases[] = {
		{ "1.0.0", 1 }, { "1.0.2-dev", 1 }, { "1.1.0-rc.1", 1 }, { "1.2.1", 1 },
		{ "1.3.0", 1 }, { "1.3.9", 1 }, { "1.4.0", 0 }, { "2.0.0", 0 },
		{ "0.9.0", 0 }, { "1.0", 0 }, { "", 0 }, { "v1.0.0", 0 }, { "1.0.0x", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(config_version_ok(cases[i].v) == cases[i].ok, "ociVersion \"%s\" %s",
		   cases[i].v, cases[i].ok ? "accepted" : "refused");
}

/* runc reads --interval and update's byte sizes as floats; runlet as
 * fixed-point decimals: floor(value * unit), bounded. */
static void test_decimal(void)
{
	static const struct {
		const char *s;
		uint64_t unit, max;
		int ok;          /* 1: parses and fits, 0: no number, -1: too big */
		uint64_t want;
		const char *rest;
	} cases[] = {
		{ "5", 1000, UINT64_MAX, 1, 5000, "" },
		{ "1.5s", 1000, UINT64_MAX, 1, 1500, "s" },
		{ ".25", 1000, UINT64_MAX, 1, 250, "" },
		{ "5.", 1, UINT64_MAX, 1, 5, "" },
		{ "1.3k", 1024, UINT64_MAX, 1, 1331, "k" },
		{ "0.333333333g", 1ULL << 30, UINT64_MAX, 1, 357913940, "g" },
		{ "1.0000000009", 1000000000, UINT64_MAX, 1, 1000000000, "" },
		{ "8191.99999999p", 1ULL << 50, INT64_MAX, 1, 9223372036843516808ULL, "p" },
		{ "8192p", 1ULL << 50, INT64_MAX, -1, 0, "p" },
		{ "18446744073709551615", 1, UINT64_MAX, 1, UINT64_MAX, "" },
		{ "18446744073709551616", 1, UINT64_MAX, 0, 0, NULL },
		{ "", 1, UINT64_MAX, 0, 0, NULL },
		{ ".", 1, UINT64_MAX, 0, 0, NULL },
		{ "-1", 1, UINT64_MAX, 0, 0, NULL },
		{ "s", 1, UINT64_MAX, 0, 0, NULL },
		{ "1e3", 1, UINT64_MAX, 1, 1, "e3" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct opt_dec d;
		const char *rest = opt_decimal(cases[i].s, &d);
		uint64_t v = 0;
		int got;

		if (!rest)
			got = 0;
		else
			got = opt_dec_scale(&d, cases[i].unit, cases[i].max, &v) == 0 ? 1 : -1;
		ok(got == cases[i].ok && (got != 1 || v == cases[i].want) &&
		   (!rest || !strcmp(rest, cases[i].rest)),
		   "decimal \"%s\" x %" PRIu64 ": %s", cases[i].s, cases[i].unit,
		   cases[i].ok == 1 ? "parsed" : cases[i].ok ? "too big" : "refused");
		if (got == 1 && v != cases[i].want)
			diag("got %" PRIu64 ", wanted %" PRIu64, v, cases[i].want);
	}
}

int main(void)
{
	test_opts();
	test_decimal();
	test_ids();
	test_state();
	test_json_out();
	test_versions();
	return done_testing();
}
