// SPDX-License-Identifier: MIT
/*
 * `runlet events [--stats] [--interval 5s] <id>`: runc's event stream, one
 * JSON object per line: {"type":"stats","id":...,"data":{...}} every
 * interval (once with --stats), and {"type":"oom","id":...} when the
 * kernel OOM-kills a process of the container (its memory cgroup's
 * oom_kill counter grows; checked every 100 ms or every interval if
 * shorter). Ends, with status 0, when the container stops.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "container.h"
#include "jsonw.h"
#include "opt.h"

/* Go-style durations as runc takes them: "5s", "100ms", "1m", "1.5s". */
static int events_interval(const char *s, long long *ms, struct rl_err *e)
{
	struct opt_dec d;
	const char *end = opt_decimal(s, &d);
	uint64_t mul, v;

	if (!end)
		goto bad;
	if (!strcmp(end, "ms"))
		mul = 1;
	else if (!strcmp(end, "s"))
		mul = 1000;
	else if (!strcmp(end, "m"))
		mul = 60000;
	else if (!strcmp(end, "h"))
		mul = 3600000;
	else
		goto bad;
	if (opt_dec_scale(&d, mul, LLONG_MAX, &v) < 0 || v < 1)
		goto bad;
	*ms = (long long)v;
	return 0;
bad:
	return err_usage(e, "events: --interval \"%s\": expected a duration such as 5s or 100ms", s);
}

static int events_stats(const struct cg *cg, const char *id, struct rl_err *e)
{
	struct jw w;

	jw_init(&w, stdout, NULL);
	jw_obj(&w, NULL);
	jw_str(&w, "type", "stats");
	jw_str(&w, "id", id);
	jw_obj(&w, "data");
	if (cg_stats(cg, &w, e) < 0)
		return -1;
	jw_end_obj(&w);
	jw_end_obj(&w);
	if (jw_finish(&w) < 0)
		return err_sys(e, errno, "events: write");
	return 0;
}

static void events_sleep(long long ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int events_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	bool stats = false;
	const char *interval = "5s";
	const struct opt opts[] = {
		{ "stats", 0, OPT_BOOL, &stats, NULL, "print the container's statistics once and exit" },
		{ "interval", 0, OPT_STR, &interval, "duration", "time between stats events (default 5s)" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	struct ct_ref r;
	struct cg cg;
	long long ms = 5000, tick, since = 0;
	int64_t ooms, now;
	int ind = 1, ret;
	enum state_status st;
	const char *id;

	ret = cmd_opts(ctx, &cmd_events, opts, argc, argv, &ind, e);
	if (ret != 0)
		return ret < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "events: expected exactly one container id");
	if (events_interval(interval, &ms, e) < 0)
		return -1;
	id = argv[ind];
	memset(&cg, 0, sizeof(cg));
	if (ct_ref_open(ctx, id, &r, e) < 0)
		return -1;
	ret = -1;
	if (r.status == ST_STOPPED) {
		err_set(e, EINVAL, "container \"%s\" is not running", id);
		goto out;
	}
	if (cg_restore(&cg, r.st.cgroup, e) < 0)
		goto out;
	/* Not locked while streaming: other commands must go on. */
	close(r.lockfd);
	r.lockfd = -1;
	if (stats) {
		ret = events_stats(&cg, id, e);
		goto out;
	}
	tick = ms < 100 ? ms : 100;
	ooms = cg_oom_kills(&cg);
	for (;;) {
		if (since <= 0) {
			if (events_stats(&cg, id, e) < 0)
				goto out;
			since = ms;
		}
		events_sleep(tick);
		since -= tick;
		st = state_status(r.dirfd, &r.st);
		now = cg_oom_kills(&cg);
		if (now > ooms && ooms >= 0) {
			printf("{\"type\":\"oom\",\"id\":\"%s\"}\n", id);
			fflush(stdout);
		}
		if (now >= 0)
			ooms = now;
		if (st == ST_STOPPED)
			break;
	}
	ret = 0;
out:
	if (ret < 0)
		err_ctx(e, "events \"%s\"", id);
	cg_free(&cg);
	ct_ref_close(&r);
	return ret;
}

const struct rl_cmd cmd_events = {
	"events", "<container-id>", "print the container's stats and OOM events as JSON lines",
	events_main,
};
