// SPDX-License-Identifier: MIT
/* `runlet update [-r file|-] [runc's resource flags] <id>` (see update.c). */
#include <string.h>

#include "container.h"
#include "opt.h"

static int update_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	struct update_opts u;
	const char *kmem = NULL, *kmem_tcp = NULL;
	const struct opt opts[] = {
		{ "resources", 'r', OPT_STR, &u.resources, "file", "linux.resources JSON to apply ('-': stdin)" },
		{ "blkio-weight", 0, OPT_STR, &u.blkio_weight, "n", "block IO weight (10-1000)" },
		{ "cpu-period", 0, OPT_STR, &u.cpu_period, "us", "CPU CFS period" },
		{ "cpu-quota", 0, OPT_STR, &u.cpu_quota, "us", "CPU CFS quota per period (-1: none)" },
		{ "cpu-burst", 0, OPT_STR, &u.cpu_burst, "us", "CPU CFS burst" },
		{ "cpu-share", 0, OPT_STR, &u.cpu_share, "n", "CPU shares" },
		{ "cpu-rt-period", 0, OPT_STR, &u.cpu_rt_period, "us", "CPU realtime period" },
		{ "cpu-rt-runtime", 0, OPT_STR, &u.cpu_rt_runtime, "us", "CPU realtime runtime" },
		{ "cpuset-cpus", 0, OPT_STR, &u.cpuset_cpus, "list", "CPUs to use (e.g. 0-2,4)" },
		{ "cpuset-mems", 0, OPT_STR, &u.cpuset_mems, "list", "memory nodes to use" },
		{ "memory", 0, OPT_STR, &u.memory, "bytes", "memory limit (e.g. 512m)" },
		{ "memory-reservation", 0, OPT_STR, &u.memory_reservation, "bytes", "memory soft limit" },
		{ "memory-swap", 0, OPT_STR, &u.memory_swap, "bytes", "memory + swap limit (-1: unlimited)" },
		{ "pids-limit", 0, OPT_STR, &u.pids_limit, "n", "maximum number of pids (-1: unlimited)" },
		{ "kernel-memory", 0, OPT_STR, &kmem, "bytes", "obsolete, ignored (as runc)" },
		{ "kernel-memory-tcp", 0, OPT_STR, &kmem_tcp, "bytes", "obsolete, ignored (as runc)" },
		{ "l3-cache-schema", 0, OPT_STR, &u.l3_cache_schema, "schema", "Intel RDT L3 schema (not supported)" },
		{ "mem-bw-schema", 0, OPT_STR, &u.mem_bw_schema, "schema", "Intel RDT MBA schema (not supported)" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	int ind = 1, r;

	memset(&u, 0, sizeof(u));
	r = cmd_opts(ctx, &cmd_update, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "update: expected exactly one container id");
	u.id = argv[ind];
	return container_update(ctx, &u, e);
}

const struct rl_cmd cmd_update = {
	"update", "<container-id>", "change a running container's resource limits", update_main,
};
