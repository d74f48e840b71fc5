// SPDX-License-Identifier: MIT
/*
 * Config reader tests. full.json sets every field struct spec holds and is
 * checked field by field; bad/ holds one-defect configs, each paired
 * with the exact message it must produce; the rest covers nulls, versions,
 * process.json and the size and depth bounds.
 *
 * Usage: test_config FIXTURE_DIR (fixtures are opened relative to it, so
 * the same binary runs under qemu-user from any directory).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "json.h"
#include "tables.h"
#include "tap.h"

static int fixdir = -1;

#define CAP(n) (1ULL << (n))

/* Checks an optional integer: present, with this value. */
#define is_opt(o, want, name) do {                                        \
	ok((o).set, "%s is set", name);                                      \
	is_int((intmax_t)(o).v, (intmax_t)(want), "%s", name);               \
} while (0)
#define is_opt_u(o, want, name) do {                                      \
	ok((o).set, "%s is set", name);                                      \
	is_uint((uintmax_t)(o).v, (uintmax_t)(want), "%s", name);            \
} while (0)

static void is_list(const struct str_list *l, const char *const *want,
		    size_t n, const char *name)
{
	if (!is_int((intmax_t)l->n, (intmax_t)n, "%s: count", name))
		return;
	for (size_t i = 0; i < n; i++)
		is_str(l->v[i], want[i], "%s[%zu]", name, i);
}
#define IS_LIST(l, name, ...) do {                                         \
	static const char *const w_[] = { __VA_ARGS__ };                     \
	is_list(&(l), w_, sizeof(w_) / sizeof(w_[0]), name);                 \
} while (0)

static void is_idmap(const struct id_map_list *l, size_t i, uint32_t c,
		     uint32_t h, uint32_t sz, const char *name)
{
	if (!ok(i < l->n, "%s[%zu] exists", name, i))
		return;
	is_uint(l->v[i].container_id, c, "%s[%zu].containerID", name, i);
	is_uint(l->v[i].host_id, h, "%s[%zu].hostID", name, i);
	is_uint(l->v[i].size, sz, "%s[%zu].size", name, i);
}

static void is_kv(const struct kv_list *l, size_t i, const char *k,
		  const char *v, const char *name)
{
	if (!ok(i < l->n, "%s[%zu] exists", name, i))
		return;
	is_str(l->v[i].key, k, "%s[%zu] key", name, i);
	is_str(l->v[i].val, v, "%s[%zu] value", name, i);
}

/* Parses a string as config.json (or process.json); the copy is owned by
 * the reader from then on. */
static int parse_str(struct spec *s, const char *json, bool process,
		     struct rl_err *e)
{
	size_t len = strlen(json);
	char *buf = malloc(len + 1);

	if (!buf)
		bail_out("out of memory");
	memcpy(buf, json, len + 1);
	if (process)
		return config_parse_process(s, buf, len, "process.json", e);
	return config_parse(s, buf, len, "config.json", e);
}

/* ---- full.json: every field -------------------------------------------- */

static void check_top(const struct spec *s)
{
	is_str(s->oci_version, "1.3.0", "ociVersion");
	is_str(s->root.path, "rootfs", "root.path");
	ok(s->root.readonly, "root.readonly");
	is_str(s->hostname, "box.example", "hostname");
	is_str(s->domainname, "example.org", "domainname");

	if (is_int((intmax_t)s->n_mounts, 2, "mounts: count")) {
		const struct spec_mount *m = &s->mounts[0];

		is_str(m->destination, "/proc", "mounts[0].destination");
		is_str(m->type, "proc", "mounts[0].type");
		is_str(m->source, "proc", "mounts[0].source");
		is_int((intmax_t)m->options.n, 0, "mounts[0].options absent");
		ok(m->options.v == NULL, "mounts[0].options NULL");
		is_int((intmax_t)m->uid_mappings.n, 0, "mounts[0].uidMappings absent");
		is_int((intmax_t)m->gid_mappings.n, 0, "mounts[0].gidMappings absent");

		m = &s->mounts[1];
		is_str(m->destination, "/data", "mounts[1].destination");
		is_str(m->type, "none", "mounts[1].type");
		is_str(m->source, "/srv/data", "mounts[1].source");
		IS_LIST(m->options, "mounts[1].options", "rbind", "ro", "idmap");
		is_int((intmax_t)m->uid_mappings.n, 1, "mounts[1].uidMappings: count");
		is_idmap(&m->uid_mappings, 0, 0, 100000, 65536, "mounts[1].uidMappings");
		is_int((intmax_t)m->gid_mappings.n, 2, "mounts[1].gidMappings: count");
		is_idmap(&m->gid_mappings, 0, 1, 200000, 1000, "mounts[1].gidMappings");
		is_idmap(&m->gid_mappings, 1, 5000, 300000, UINT32_MAX,
			 "mounts[1].gidMappings");
	}

	if (is_int((intmax_t)s->annotations.n, 3, "annotations: count")) {
		is_kv(&s->annotations, 0, "org.example.key", "value", "annotations");
		is_kv(&s->annotations, 1, "org.example.escapes",
		      "line1\nline2 \"quoted\" caf\xc3\xa9 \xf0\x9f\x98\x80 tab\t "
		      "slash/ back\\ \xe2\x82\xac", "annotations");
		is_kv(&s->annotations, 2, "org.example.caf\xc3\xa9", "", "annotations");
	}
}

static void check_process(const struct spec_process *p)
{
	const struct spec_rlimit *rl;

	ok(p->present, "process present");
	ok(p->terminal, "process.terminal");
	is_opt_u(p->console_height, 25, "process.consoleSize.height");
	is_opt_u(p->console_width, 80, "process.consoleSize.width");

	is_uint(p->user.uid, 1000, "process.user.uid");
	is_uint(p->user.gid, 1001, "process.user.gid");
	is_opt_u(p->user.umask, 022, "process.user.umask");
	if (is_int((intmax_t)p->user.n_additional_gids, 3, "additionalGids: count")) {
		is_uint(p->user.additional_gids[0], 5, "additionalGids[0]");
		is_uint(p->user.additional_gids[1], 6, "additionalGids[1]");
		is_uint(p->user.additional_gids[2], UINT32_MAX, "additionalGids[2]");
	}
	is_str(p->user.username, "alice", "process.user.username");

	IS_LIST(p->args, "process.args", "/bin/sh", "-c", "echo \"hi\"\tthere");
	is_str(p->command_line, "cmd.exe /c echo hi", "process.commandLine");
	IS_LIST(p->env, "process.env", "PATH=/usr/bin:/bin", "TERM=xterm",
		"CAF\xc3\x89=caf\xc3\xa9");
	is_str(p->cwd, "/home/alice", "process.cwd");

	ok(p->has_caps, "process.capabilities present");
	for (int i = 0; i < CAPSET_N; i++)
		ok(p->caps_set[i], "capability set %d present", i);
	/* CAP_CHOWN 0, CAP_SYS_ADMIN 21, CAP_CHECKPOINT_RESTORE 40 */
	is_uint(p->caps[CAPSET_BOUNDING], CAP(0) | CAP(21) | CAP(40), "caps.bounding");
	is_uint(p->caps[CAPSET_EFFECTIVE], CAP(5), "caps.effective (CAP_KILL)");
	is_uint(p->caps[CAPSET_INHERITABLE], 0, "caps.inheritable (empty)");
	is_uint(p->caps[CAPSET_PERMITTED], CAP(5) | CAP(10), "caps.permitted");
	is_uint(p->caps[CAPSET_AMBIENT], CAP(13) | CAP(39), "caps.ambient");

	if (is_int((intmax_t)p->n_rlimits, 3, "process.rlimits: count")) {
		rl = &p->rlimits[0];
		is_str(rl->type, "RLIMIT_NOFILE", "rlimits[0].type");
		is_int(rl->resource, RLIMIT_NOFILE, "rlimits[0] resource");
		is_uint(rl->soft, 1024, "rlimits[0].soft");
		is_uint(rl->hard, 4096, "rlimits[0].hard");
		rl = &p->rlimits[1];
		is_str(rl->type, "RLIMIT_CORE", "rlimits[1].type");
		is_int(rl->resource, RLIMIT_CORE, "rlimits[1] resource");
		is_uint(rl->soft, 0, "rlimits[1].soft");
		is_uint(rl->hard, UINT64_MAX, "rlimits[1].hard (2^64-1)");
		rl = &p->rlimits[2];
		is_str(rl->type, "RLIMIT_NPROC", "rlimits[2].type");
		is_int(rl->resource, RLIMIT_NPROC, "rlimits[2] resource");
		is_uint(rl->soft, 200, "rlimits[2].soft");
		is_uint(rl->hard, 300, "rlimits[2].hard");
	}

	ok(p->no_new_privileges, "process.noNewPrivileges");
	is_str(p->apparmor_profile, "runlet-default", "process.apparmorProfile");
	is_opt(p->oom_score_adj, -500, "process.oomScoreAdj");
	is_str(p->selinux_label, "system_u:system_r:container_t:s0:c1,c2",
	       "process.selinuxLabel");

	ok(p->scheduler.set, "process.scheduler present");
	is_str(p->scheduler.policy_name, "SCHED_DEADLINE", "scheduler.policy");
	is_int(p->scheduler.policy, 6, "scheduler policy value (SCHED_DEADLINE)");
	is_opt(p->scheduler.nice, -5, "scheduler.nice");
	is_opt(p->scheduler.priority, 7, "scheduler.priority");
	IS_LIST(p->scheduler.flag_names, "scheduler.flags",
		"SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM");
	is_uint(p->scheduler.flags, 0x03, "scheduler flag bits");
	is_opt_u(p->scheduler.runtime, 10000000, "scheduler.runtime");
	is_opt_u(p->scheduler.deadline, 20000000, "scheduler.deadline");
	is_opt_u(p->scheduler.period, 30000000, "scheduler.period");

	ok(p->io_priority.set, "process.ioPriority present");
	is_str(p->io_priority.class_name, "IOPRIO_CLASS_BE", "ioPriority.class");
	is_int(p->io_priority.klass, 2, "ioPriority class value");
	is_int(p->io_priority.priority, 4, "ioPriority.priority");

	is_str(p->cpu_affinity_initial, "0-3", "execCPUAffinity.initial");
	is_str(p->cpu_affinity_final, "2", "execCPUAffinity.final");
}

static void check_hooks(const struct spec *s)
{
	static const size_t counts[HOOK_N] = { 1, 2, 1, 1, 3, 1 };
	static const char *const paths[HOOK_N] = {
		"/usr/bin/prestart", "/usr/bin/hook", "/usr/bin/cc",
		"/usr/bin/sc", "/usr/bin/ps1", "/usr/bin/cleanup",
	};
	const struct spec_hook *h;

	for (int i = 0; i < HOOK_N; i++) {
		if (!is_int((intmax_t)s->hooks[i].n, (intmax_t)counts[i],
			    "hooks.%s: count", tab_name(tab_hooks, i)))
			return;
		is_str(s->hooks[i].v[0].path, paths[i], "hooks.%s[0].path",
		       tab_name(tab_hooks, i));
	}
	h = &s->hooks[HOOK_PRESTART].v[0];
	ok(!h->args.n && !h->env.n && !h->timeout.set, "prestart[0] has only a path");

	h = &s->hooks[HOOK_CREATE_RUNTIME].v[0];
	IS_LIST(h->args, "createRuntime[0].args", "hook", "create-runtime");
	IS_LIST(h->env, "createRuntime[0].env", "HOOK=1", "MORE=2");
	is_opt(h->timeout, 5, "createRuntime[0].timeout");
	h = &s->hooks[HOOK_CREATE_RUNTIME].v[1];
	is_str(h->path, "/usr/bin/hook2", "createRuntime[1].path");
	IS_LIST(h->args, "createRuntime[1].args", "hook2");
	ok(!h->timeout.set, "createRuntime[1].timeout unset");

	h = &s->hooks[HOOK_CREATE_CONTAINER].v[0];
	is_opt(h->timeout, INT32_MAX, "createContainer[0].timeout");

	h = &s->hooks[HOOK_START_CONTAINER].v[0];
	IS_LIST(h->env, "startContainer[0].env", "X=y");

	is_str(s->hooks[HOOK_POSTSTART].v[1].path, "/usr/bin/ps2", "poststart[1].path");
	is_str(s->hooks[HOOK_POSTSTART].v[2].path, "/usr/bin/ps3", "poststart[2].path");

	h = &s->hooks[HOOK_POSTSTOP].v[0];
	IS_LIST(h->args, "poststop[0].args", "cleanup", "--all");
	is_opt(h->timeout, 30, "poststop[0].timeout");
}

static void check_namespaces(const struct spec_linux *l)
{
	static const enum ns_type order[] = {
		NS_PID, NS_NET, NS_MNT, NS_IPC, NS_UTS, NS_USER, NS_CGROUP, NS_TIME,
	};

	if (!is_int((intmax_t)l->n_namespaces, 8, "linux.namespaces: count"))
		return;
	for (size_t i = 0; i < 8; i++) {
		is_int(l->namespaces[i].type, order[i], "namespaces[%zu].type", i);
		if (i == 1)
			is_str(l->namespaces[i].path, "/var/run/netns/ctr",
			       "namespaces[1].path");
		else
			ok(l->namespaces[i].path == NULL, "namespaces[%zu].path unset", i);
	}
	is_uint(l->ns_mask, (1u << NS_N) - 1, "ns_mask has all eight");

	is_int((intmax_t)l->uid_mappings.n, 2, "linux.uidMappings: count");
	is_idmap(&l->uid_mappings, 0, 0, 1000, 1, "linux.uidMappings");
	is_idmap(&l->uid_mappings, 1, 1, 100000, 65535, "linux.uidMappings");
	is_int((intmax_t)l->gid_mappings.n, 1, "linux.gidMappings: count");
	is_idmap(&l->gid_mappings, 0, 0, 1001, 2, "linux.gidMappings");

	if (is_int((intmax_t)l->n_time_offsets, 2, "timeOffsets: count")) {
		is_str(l->time_offsets[0].clock, "monotonic", "timeOffsets[0] clock");
		is_int(l->time_offsets[0].secs, -86400, "timeOffsets.monotonic.secs");
		is_uint(l->time_offsets[0].nanosecs, 999999999, "timeOffsets.monotonic.nanosecs");
		is_str(l->time_offsets[1].clock, "boottime", "timeOffsets[1] clock");
		is_int(l->time_offsets[1].secs, 3600, "timeOffsets.boottime.secs");
		is_uint(l->time_offsets[1].nanosecs, 1, "timeOffsets.boottime.nanosecs");
	}
}

static void check_devices(const struct spec_linux *l)
{
	const struct spec_device *d;

	if (!is_int((intmax_t)l->n_devices, 4, "linux.devices: count"))
		return;
	d = &l->devices[0];
	is_str(d->path, "/dev/fuse", "devices[0].path");
	is_int(d->type, 'c', "devices[0].type");
	is_opt(d->major, 10, "devices[0].major");
	is_opt(d->minor, 229, "devices[0].minor");
	is_opt_u(d->file_mode, 0666, "devices[0].fileMode");
	is_opt_u(d->uid, 0, "devices[0].uid");
	is_opt_u(d->gid, 0, "devices[0].gid");
	d = &l->devices[1];
	is_str(d->path, "/dev/sda", "devices[1].path");
	is_int(d->type, 'b', "devices[1].type");
	is_opt(d->major, 8, "devices[1].major");
	is_opt(d->minor, 0, "devices[1].minor");
	is_opt_u(d->file_mode, 0660, "devices[1].fileMode");
	is_opt_u(d->uid, 6, "devices[1].uid");
	is_opt_u(d->gid, 7, "devices[1].gid");
	d = &l->devices[2];
	is_str(d->path, "/dev/fifo", "devices[2].path");
	is_int(d->type, 'p', "devices[2].type");
	ok(!d->major.set && !d->minor.set && !d->file_mode.set && !d->uid.set &&
	   !d->gid.set, "devices[2]: fifo has no numbers");
	d = &l->devices[3];
	is_str(d->path, "/dev/ttyX", "devices[3].path");
	is_int(d->type, 'u', "devices[3].type");
	is_opt(d->major, 4, "devices[3].major");
	is_opt(d->minor, 64, "devices[3].minor");
	ok(!d->file_mode.set && !d->uid.set && !d->gid.set, "devices[3]: mode/uid/gid unset");
}

static void is_throttle(const struct throttle_list *t, size_t i, int64_t maj,
			int64_t min, uint64_t rate, const char *name)
{
	if (!ok(i < t->n, "%s[%zu] exists", name, i))
		return;
	is_int(t->v[i].major, maj, "%s[%zu].major", name, i);
	is_int(t->v[i].minor, min, "%s[%zu].minor", name, i);
	is_uint(t->v[i].rate, rate, "%s[%zu].rate", name, i);
}

static void check_resources(const struct spec_resources *r)
{
	const struct spec_dev_cgroup *dc;

	ok(r->present, "resources present");
	if (is_int((intmax_t)r->n_devices, 3, "resources.devices: count")) {
		dc = &r->devices[0];
		ok(!dc->allow, "resources.devices[0].allow false");
		is_int(dc->type, 'a', "resources.devices[0].type defaults to a");
		ok(!dc->major.set && !dc->minor.set, "resources.devices[0] wildcard numbers");
		is_str(dc->access, "rwm", "resources.devices[0].access");
		dc = &r->devices[1];
		ok(dc->allow, "resources.devices[1].allow");
		is_int(dc->type, 'c', "resources.devices[1].type");
		is_opt(dc->major, 1, "resources.devices[1].major");
		is_opt(dc->minor, 3, "resources.devices[1].minor");
		is_str(dc->access, "rw", "resources.devices[1].access");
		dc = &r->devices[2];
		ok(dc->allow, "resources.devices[2].allow");
		is_int(dc->type, 'b', "resources.devices[2].type");
		is_opt(dc->major, -1, "resources.devices[2].major");
		is_opt(dc->minor, -1, "resources.devices[2].minor");
		is_str(dc->access, "m", "resources.devices[2].access");
	}

	ok(r->memory.present, "memory present");
	is_opt(r->memory.limit, 536870912, "memory.limit");
	is_opt(r->memory.reservation, 268435456, "memory.reservation");
	is_opt(r->memory.swap, -1, "memory.swap");
	is_opt(r->memory.kernel, 67108864, "memory.kernel");
	is_opt(r->memory.kernel_tcp, 33554432, "memory.kernelTCP");
	is_opt_u(r->memory.swappiness, 60, "memory.swappiness");
	is_opt(r->memory.disable_oom_killer, true, "memory.disableOOMKiller");
	is_opt(r->memory.use_hierarchy, false, "memory.useHierarchy");
	is_opt(r->memory.check_before_update, true, "memory.checkBeforeUpdate");

	ok(r->cpu.present, "cpu present");
	is_opt_u(r->cpu.shares, 1024, "cpu.shares");
	is_opt(r->cpu.quota, 100000, "cpu.quota");
	is_opt_u(r->cpu.burst, 50000, "cpu.burst");
	is_opt_u(r->cpu.period, 200000, "cpu.period");
	is_opt(r->cpu.realtime_runtime, 950000, "cpu.realtimeRuntime");
	is_opt_u(r->cpu.realtime_period, 1000000, "cpu.realtimePeriod");
	is_str(r->cpu.cpus, "0-3", "cpu.cpus");
	is_str(r->cpu.mems, "0", "cpu.mems");
	is_opt(r->cpu.idle, 1, "cpu.idle");

	ok(r->pids.present, "pids present");
	ok(r->pids.limit.set, "pids.limit 0 is set");
	is_int(r->pids.limit.v, 0, "pids.limit 0 is kept as 0");

	ok(r->block_io.present, "blockIO present");
	is_opt_u(r->block_io.weight, 500, "blockIO.weight");
	is_opt_u(r->block_io.leaf_weight, 300, "blockIO.leafWeight");
	if (is_int((intmax_t)r->block_io.n_weight_device, 2, "weightDevice: count")) {
		const struct spec_weight_device *w = r->block_io.weight_device;

		is_int(w[0].major, 8, "weightDevice[0].major");
		is_int(w[0].minor, 0, "weightDevice[0].minor");
		is_opt_u(w[0].weight, 600, "weightDevice[0].weight");
		is_opt_u(w[0].leaf_weight, 200, "weightDevice[0].leafWeight");
		is_int(w[1].major, 8, "weightDevice[1].major");
		is_int(w[1].minor, 16, "weightDevice[1].minor");
		is_opt_u(w[1].weight, 100, "weightDevice[1].weight");
		ok(!w[1].leaf_weight.set, "weightDevice[1].leafWeight unset");
	}
	is_int((intmax_t)r->block_io.read_bps.n, 1, "throttleReadBpsDevice: count");
	is_throttle(&r->block_io.read_bps, 0, 8, 0, 104857600, "throttleReadBpsDevice");
	is_int((intmax_t)r->block_io.write_bps.n, 2, "throttleWriteBpsDevice: count");
	is_throttle(&r->block_io.write_bps, 0, 8, 1, 52428800, "throttleWriteBpsDevice");
	is_throttle(&r->block_io.write_bps, 1, 8, 2, 1, "throttleWriteBpsDevice");
	is_int((intmax_t)r->block_io.read_iops.n, 1, "throttleReadIOPSDevice: count");
	is_throttle(&r->block_io.read_iops, 0, 8, 3, 1000, "throttleReadIOPSDevice");
	is_int((intmax_t)r->block_io.write_iops.n, 1, "throttleWriteIOPSDevice: count");
	is_throttle(&r->block_io.write_iops, 0, 8, 4, 500, "throttleWriteIOPSDevice");

	if (is_int((intmax_t)r->n_hugepage_limits, 2, "hugepageLimits: count")) {
		is_str(r->hugepage_limits[0].page_size, "2MB", "hugepageLimits[0].pageSize");
		is_uint(r->hugepage_limits[0].limit, 209715200, "hugepageLimits[0].limit");
		is_str(r->hugepage_limits[1].page_size, "1GB", "hugepageLimits[1].pageSize");
		is_uint(r->hugepage_limits[1].limit, 0, "hugepageLimits[1].limit");
	}

	ok(r->network.present, "network present");
	is_opt_u(r->network.class_id, 1048577, "network.classID");
	if (is_int((intmax_t)r->network.n_priorities, 2, "network.priorities: count")) {
		is_str(r->network.priorities[0].name, "eth0", "priorities[0].name");
		is_uint(r->network.priorities[0].priority, 500, "priorities[0].priority");
		is_str(r->network.priorities[1].name, "eth1", "priorities[1].name");
		is_uint(r->network.priorities[1].priority, 1000, "priorities[1].priority");
	}

	if (is_int((intmax_t)r->n_rdma, 2, "rdma: count")) {
		is_str(r->rdma[0].device, "mlx5_1", "rdma[0] device");
		is_opt_u(r->rdma[0].hca_handles, 3, "rdma.mlx5_1.hcaHandles");
		is_opt_u(r->rdma[0].hca_objects, 10000, "rdma.mlx5_1.hcaObjects");
		is_str(r->rdma[1].device, "mlx4_0", "rdma[1] device");
		ok(!r->rdma[1].hca_handles.set, "rdma.mlx4_0.hcaHandles unset");
		is_opt_u(r->rdma[1].hca_objects, 1000, "rdma.mlx4_0.hcaObjects");
	}

	is_int((intmax_t)r->unified.n, 2, "unified: count");
	is_kv(&r->unified, 0, "io.weight", "default 100", "unified");
	is_kv(&r->unified, 1, "memory.high", "max", "unified");
}

static void check_seccomp(const struct spec_seccomp *sc)
{
	static const struct { const char *name; int action; bool errno_set;
			      uint64_t errno_ret; size_t n_args; } sys[] = {
		{ "read", SECCOMP_ACT_ALLOW, false, 0, 0 },
		{ "personality", SECCOMP_ACT_ALLOW, false, 0, 7 },
		{ "mkdir", SECCOMP_ACT_ERRNO, true, 38, 0 },
		{ "ptrace", SECCOMP_ACT_TRACE, true, 4095, 0 },
		{ "mount", SECCOMP_ACT_NOTIFY, false, 0, 0 },
		{ "reboot", SECCOMP_ACT_KILL_PROCESS, false, 0, 0 },
		{ "kexec_load", SECCOMP_ACT_KILL_THREAD, false, 0, 0 },
		{ "acct", SECCOMP_ACT_TRAP, false, 0, 0 },
		{ "swapon", SECCOMP_ACT_LOG, false, 0, 0 },
		{ "swapoff", SECCOMP_ACT_KILL_THREAD, false, 0, 0 },
	};
	static const struct spec_syscall_arg args[] = {
		{ 0, 0, 0, SECCOMP_OP_EQ },
		{ 5, UINT64_MAX, 255, SECCOMP_OP_MASKED_EQ },
		{ 1, 2, 0, SECCOMP_OP_NE },
		{ 2, 3, 0, SECCOMP_OP_LT },
		{ 3, 4, 0, SECCOMP_OP_LE },
		{ 4, 5, 0, SECCOMP_OP_GE },
		{ 4, 6, 0, SECCOMP_OP_GT },
	};
	const size_t nsys = sizeof(sys) / sizeof(sys[0]);

	ok(sc->present, "seccomp present");
	is_int(sc->default_action, SECCOMP_ACT_ERRNO, "seccomp.defaultAction");
	is_opt_u(sc->default_errno_ret, 1, "seccomp.defaultErrnoRet");
	IS_LIST(sc->architectures, "seccomp.architectures",
		"SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64", "SCMP_ARCH_PPC64LE");
	IS_LIST(sc->flags, "seccomp.flags", "SECCOMP_FILTER_FLAG_LOG",
		"SECCOMP_FILTER_FLAG_SPEC_ALLOW",
		"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
	is_uint(sc->flag_bits, 2 | 4 | 32, "seccomp flag bits");
	is_str(sc->listener_path, "/run/seccomp-agent.sock", "seccomp.listenerPath");
	is_str(sc->listener_metadata, "agent-metadata", "seccomp.listenerMetadata");

	if (!is_int((intmax_t)sc->n_syscalls, (intmax_t)nsys, "seccomp.syscalls: count"))
		return;
	IS_LIST(sc->syscalls[0].names, "syscalls[0].names", "read", "write", "exit_group");
	for (size_t i = 0; i < nsys; i++) {
		const struct spec_syscall *s = &sc->syscalls[i];

		is_str(s->names.v[0], sys[i].name, "syscalls[%zu].names[0]", i);
		is_int(s->action, sys[i].action, "syscalls[%zu].action", i);
		is_int(s->errno_ret.set, sys[i].errno_set, "syscalls[%zu].errnoRet set", i);
		is_uint(s->errno_ret.v, sys[i].errno_ret, "syscalls[%zu].errnoRet", i);
		is_int((intmax_t)s->n_args, (intmax_t)sys[i].n_args,
		       "syscalls[%zu].args: count", i);
	}
	for (size_t i = 0; i < sc->syscalls[1].n_args && i < 7; i++) {
		const struct spec_syscall_arg *a = &sc->syscalls[1].args[i];

		is_uint(a->index, args[i].index, "syscalls[1].args[%zu].index", i);
		is_uint(a->value, args[i].value, "syscalls[1].args[%zu].value", i);
		is_uint(a->value_two, args[i].value_two, "syscalls[1].args[%zu].valueTwo", i);
		is_int(a->op, args[i].op, "syscalls[1].args[%zu].op", i);
	}
}

static void check_linux(const struct spec_linux *l)
{
	const struct spec_intel_rdt *rdt = &l->intel_rdt;

	ok(l->present, "linux present");
	check_namespaces(l);
	check_devices(l);
	is_str(l->cgroups_path, "/runlet/ctr-1", "linux.cgroupsPath");
	check_resources(&l->resources);

	ok(rdt->present, "intelRdt present");
	is_str(rdt->clos_id, "guaranteed_group", "intelRdt.closID");
	is_str(rdt->l3_cache_schema, "L3:0=7f0;1=1f", "intelRdt.l3CacheSchema");
	is_str(rdt->mem_bw_schema, "MB:0=20;1=70", "intelRdt.memBwSchema");
	IS_LIST(rdt->schemata, "intelRdt.schemata", "L2:0=ff", "L2CODE:0=f");
	is_opt(rdt->enable_cmt, true, "intelRdt.enableCMT");
	is_opt(rdt->enable_mbm, false, "intelRdt.enableMBM");
	is_opt(rdt->enable_monitoring, true, "intelRdt.enableMonitoring");

	is_int((intmax_t)l->sysctl.n, 2, "sysctl: count");
	is_kv(&l->sysctl, 0, "net.ipv4.ip_forward", "1", "sysctl");
	is_kv(&l->sysctl, 1, "kernel.shm_rmid_forced", "0", "sysctl");

	check_seccomp(&l->seccomp);

	is_str(l->rootfs_propagation, "rslave", "linux.rootfsPropagation");
	is_uint(l->rootfs_propagation_flags, MS_SLAVE | MS_REC, "rootfsPropagation flags");
	IS_LIST(l->masked_paths, "linux.maskedPaths", "/proc/kcore", "/sys/firmware");
	IS_LIST(l->readonly_paths, "linux.readonlyPaths", "/proc/sys",
		"/proc/sysrq-trigger", "/proc/irq");
	is_str(l->mount_label, "system_u:object_r:container_file_t:s0:c1,c2",
	       "linux.mountLabel");

	ok(l->personality.present, "personality present");
	is_str(l->personality.domain, "LINUX32", "personality.domain");
	is_uint(l->personality.persona, 0x0008, "personality value (PER_LINUX32)");
	is_int((intmax_t)l->personality.flags.n, 0, "personality.flags empty");

	ok(l->memory_policy.present, "memoryPolicy present");
	is_str(l->memory_policy.mode_name, "MPOL_BIND", "memoryPolicy.mode");
	is_int(l->memory_policy.mode, 2, "memoryPolicy mode value");
	is_str(l->memory_policy.nodes, "0-1", "memoryPolicy.nodes");
	IS_LIST(l->memory_policy.flag_names, "memoryPolicy.flags", "MPOL_F_STATIC_NODES");
	is_uint(l->memory_policy.flags, 1u << 15, "memoryPolicy flag bits");

	if (is_int((intmax_t)l->n_net_devices, 2, "netDevices: count")) {
		is_str(l->net_devices[0].host_name, "eth0", "netDevices[0] host name");
		is_str(l->net_devices[0].name, "ctr0", "netDevices.eth0.name");
		is_str(l->net_devices[1].host_name, "ens1f0", "netDevices[1] host name");
		ok(l->net_devices[1].name == NULL, "netDevices.ens1f0.name unset");
	}
}

static void test_full(void)
{
	struct rl_err e = { 0, 0, "" };
	struct spec s;

	if (!ok(config_load(&s, fixdir, "full.json", "config.json", &e) == 0,
		"full.json loads")) {
		diag("error: %s", e.msg);
		return;
	}
	is_str(e.msg, "", "success leaves the error alone");
	check_top(&s);
	check_process(&s.process);
	check_hooks(&s);
	check_linux(&s.lnx);
	spec_free(&s);
	ok(s.buf == NULL && s.arena == NULL && s.mounts == NULL, "spec_free zeroes");
}

/* ---- bad/: one defect each, exact messages --------------------- */

struct bad_case {
	const char *file;
	bool process;       /* read with config_load_process */
	const char *msg;
};

#define MJ "config.json: malformed JSON at "
static const struct bad_case bad_cases[] = {
	/* grammar */
	{ "truncated.json", false, MJ "line 5 column 3: unexpected end of input" },
	{ "truncated-string.json", false, MJ "line 4 column 64: unterminated string" },
	{ "trailing-comma-array.json", false, MJ "line 4 column 61: expected ']'" },
	{ "trailing-comma-object.json", false, MJ "line 4 column 74: expected '}'" },
	{ "missing-colon.json", false, MJ "line 4 column 70: expected ':'" },
	{ "missing-colon-array.json", false, MJ "line 4 column 55: unexpected character" },
	{ "bad-literal.json", false, MJ "line 4 column 28: invalid literal" },
	{ "bad-number.json", false, MJ "line 4 column 33: invalid literal" },
	{ "trailing-garbage.json", false, MJ "line 7 column 1: unexpected character" },
	{ "trailing-document.json", false, MJ "line 7 column 1: trailing data after the document" },
	{ "control-char.json", false, MJ "line 4 column 59: control character in string" },
	{ "bad-unicode-escape.json", false, MJ "line 4 column 57: bad escape in string" },
	{ "unpaired-surrogate.json", false, MJ "line 4 column 60: unpaired surrogate" },
	{ "lone-low-surrogate.json", false, MJ "line 4 column 60: unpaired surrogate" },
	{ "nul-escape.json", false, MJ "line 4 column 60: NUL character in string" },
	{ "empty.json", false, MJ "line 1 column 1: empty document" },
	{ "not-an-object.json", false, "config.json: expected object" },
	/* types */
	{ "string-for-integer.json", false, "config.json: process.user.uid: expected unsigned integer" },
	{ "integer-for-string.json", false, "config.json: process.cwd: expected string" },
	{ "object-for-array.json", false, "config.json: process.args: expected array" },
	{ "string-for-bool.json", false, "config.json: process.terminal: expected boolean" },
	{ "rlimit-hard-string.json", false, "config.json: process.rlimits[2].hard: expected unsigned integer" },
	{ "annotation-not-string.json", false, "config.json: annotations[\"org.example/key\"]: expected string" },
	/* ranges */
	{ "uid-overflow.json", false, "config.json: process.user.uid: value 4294967296 out of range (max 4294967295)" },
	{ "u64-overflow.json", false, "config.json: process.rlimits[0].hard: unsigned integer out of range" },
	{ "negative-unsigned.json", false, "config.json: process.user.gid: expected unsigned integer" },
	{ "oom-score-adj.json", false, "config.json: process.oomScoreAdj: value 1001 out of range (-1000..1000)" },
	{ "fractional.json", false, "config.json: process.user.uid: expected unsigned integer" },
	{ "exponent.json", false, "config.json: linux.resources.pids.limit: expected integer" },
	/* names */
	{ "unknown-namespace.json", false, "config.json: linux.namespaces[1].type: unknown namespace type \"pidx\"" },
	{ "unknown-rlimit.json", false, "config.json: process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"" },
	{ "unknown-capability.json", false, "config.json: process.capabilities.bounding[1]: unknown capability \"CAP_FOO\"" },
	{ "unknown-seccomp-action.json", false, "config.json: linux.seccomp.syscalls[0].action: unknown seccomp action \"SCMP_ACT_MAYBE\"" },
	{ "unknown-seccomp-op.json", false, "config.json: linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator \"SCMP_CMP_ABOUT\"" },
	{ "unknown-seccomp-arch.json", false, "config.json: linux.seccomp.architectures[1]: unknown seccomp architecture \"SCMP_ARCH_VAX\"" },
	{ "duplicate-namespace.json", false, "config.json: linux.namespaces[2].type: duplicate namespace type \"pid\"" },
	/* required fields */
	{ "missing-oci-version.json", false, "config.json: ociVersion: required field missing" },
	{ "missing-root-path.json", false, "config.json: root.path: required field missing" },
	{ "missing-cwd.json", false, "config.json: process.cwd: required field missing" },
	{ "null-cwd.json", false, "config.json: process.cwd: required field missing" },
	{ "missing-mount-destination.json", false, "config.json: mounts[1].destination: required field missing" },
	{ "missing-rlimit-hard.json", false, "config.json: process.rlimits[2].hard: required field missing" },
	{ "empty-args.json", false, "config.json: process.args: must have at least one entry" },
	/* seccomp rules */
	{ "errno-with-allow.json", false, "config.json: linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno" },
	{ "seccomp-arg-index.json", false, "config.json: linux.seccomp.syscalls[0].args[0].index: value 6 out of range (max 5)" },
	{ "empty-syscall-names.json", false, "config.json: linux.seccomp.syscalls[1].names: must have at least one entry" },
	/* versions and paths */
	{ "version-2.json", false, "config.json: ociVersion: unsupported version \"2.0.0\" (runlet accepts 1.0.0 to 1.3.x)" },
	{ "version-0.9.json", false, "config.json: ociVersion: unsupported version \"0.9.0\" (runlet accepts 1.0.0 to 1.3.x)" },
	{ "relative-ns-path.json", false, "config.json: linux.namespaces[0].path: must be an absolute path" },
	{ "time-offsets-without-ns.json", false, "config.json: linux.timeOffsets: set without a time namespace" },
	/* process.json, for exec --process */
	{ "process-relative-cwd.json", true, "process.json: cwd: must be an absolute path" },
	{ "process-missing-user.json", true, "process.json: user: required field missing" },
};
#undef MJ

static const struct bad_case *bad_find(const char *file)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
		if (strcmp(bad_cases[i].file, file) == 0)
			return &bad_cases[i];
	return NULL;
}

static void test_bad(void)
{
	size_t n = sizeof(bad_cases) / sizeof(bad_cases[0]);
	int bad = openat(fixdir, "bad", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	size_t seen = 0;
	DIR *dir;

	if (!ok(bad >= 0, "open fixtures/bad"))
		return;
	for (size_t i = 0; i < n; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct rl_err e = { 0, 0, "" };
		struct spec s;
		int r;

		if (!ok(faccessat(bad, c->file, R_OK, 0) == 0, "bad/%s exists", c->file))
			continue;
		r = c->process ? config_load_process(&s, bad, c->file, "process.json", &e)
			       : config_load(&s, bad, c->file, "config.json", &e);
		if (!ok(r == -1, "bad/%s is rejected", c->file)) {
			spec_free(&s);
			continue;
		}
		ok(s.buf == NULL && s.arena == NULL, "bad/%s leaves nothing to free", c->file);
		is_str(e.msg, c->msg, "bad/%s message", c->file);
		ok(e.errnum != 0, "bad/%s sets errnum", c->file);
	}

	/* Every file in bad/ must be in the table: no untested fixtures. */
	dir = fdopendir(bad);
	if (!ok(dir != NULL, "list fixtures/bad")) {
		close(bad);
		return;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		seen++;
		ok(bad_find(de->d_name) != NULL, "bad/%s has a table entry", de->d_name);
	}
	closedir(dir);
	is_int((intmax_t)seen, (intmax_t)n, "bad/ holds exactly the table's files");
}

/* ---- process.json ---------------------------------------------------- */

static void test_process(void)
{
	struct rl_err e = { 0, 0, "" };
	struct spec s;

	if (!ok(config_load_process(&s, fixdir, "process.json", "process.json", &e) == 0,
		"process.json loads")) {
		diag("error: %s", e.msg);
		return;
	}
	ok(s.process.present, "process.json: present");
	ok(!s.process.terminal, "process.json: terminal false");
	is_uint(s.process.user.uid, 42, "process.json: user.uid");
	is_uint(s.process.user.gid, 43, "process.json: user.gid");
	IS_LIST(s.process.args, "process.json: args", "/bin/ps", "-ef");
	IS_LIST(s.process.env, "process.json: env", "PATH=/bin");
	is_str(s.process.cwd, "/tmp", "process.json: cwd");
	ok(s.process.has_caps, "process.json: capabilities present");
	is_uint(s.process.caps[CAPSET_EFFECTIVE], CAP(1), "process.json: effective caps");
	ok(!s.process.caps_set[CAPSET_AMBIENT], "process.json: ambient unset");
	is_int((intmax_t)s.process.n_rlimits, 1, "process.json: rlimits count");
	ok(s.process.no_new_privileges, "process.json: noNewPrivileges");
	ok(s.oci_version == NULL && s.root.path == NULL && !s.lnx.present,
	   "process.json: nothing outside process is set");
	spec_free(&s);
}

/* ---- nulls, versions and other inline cases ------------------------- */

#define MINIMAL_HEAD "{\"ociVersion\": \"%s\", \"root\": {\"path\": \"r\"}"

static void test_versions(void)
{
	static const char *const good[] = {
		"1.0.0", "1.0.2-dev", "1.1.0", "1.2.1", "1.3.0", "1.3.7+build",
	};
	static const char *const bad[] = {
		"2.0.0", "0.9.0", "1.4.0", "1.0", "1", "", "v1.0.0", "1.0.0rc",
		"1.a.0", "01.3", "1..0",
	};
	char json[128];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct rl_err e = { 0, 0, "" };
		struct spec s;

		ok(config_version_ok(good[i]), "version \"%s\" accepted", good[i]);
		snprintf(json, sizeof(json), MINIMAL_HEAD "}", good[i]);
		if (!ok(parse_str(&s, json, false, &e) == 0, "config with %s parses", good[i]))
			diag("error: %s", e.msg);
		else
			is_str(s.oci_version, good[i], "ociVersion kept as %s", good[i]);
		spec_free(&s);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!config_version_ok(bad[i]), "version \"%s\" rejected", bad[i]);
	ok(!config_version_ok(NULL), "NULL version rejected");
}

static void test_nulls(void)
{
	struct rl_err e = { 0, 0, "" };
	struct spec s;
	const char *json =
		"{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\", \"readonly\": null},"
		" \"hostname\": null, \"mounts\": null, \"annotations\": {\"a\": null, \"b\": \"x\"},"
		" \"process\": {\"user\": {\"uid\": 1, \"gid\": 2, \"umask\": null},"
		"   \"args\": [\"a\"], \"cwd\": \"/\", \"oomScoreAdj\": null,"
		"   \"capabilities\": null, \"scheduler\": null},"
		" \"linux\": {\"namespaces\": null, \"seccomp\": null,"
		"   \"resources\": {\"memory\": {\"limit\": null, \"swap\": 5}, \"pids\": null},"
		"   \"intelRdt\": {\"schemata\": \"L3:0=f\"}}}";

	if (!ok(parse_str(&s, json, false, &e) == 0, "nulls parse as absent")) {
		diag("error: %s", e.msg);
		return;
	}
	ok(!s.root.readonly, "root.readonly null: false");
	ok(s.hostname == NULL, "hostname null: unset");
	ok(s.mounts == NULL && s.n_mounts == 0, "mounts null: none");
	is_int((intmax_t)s.annotations.n, 1, "annotations: null value skipped");
	is_kv(&s.annotations, 0, "b", "x", "annotations");
	ok(!s.process.user.umask.set, "umask null: unset");
	ok(!s.process.oom_score_adj.set, "oomScoreAdj null: unset");
	ok(!s.process.has_caps, "capabilities null: unset");
	ok(!s.process.scheduler.set, "scheduler null: unset");
	is_int((intmax_t)s.lnx.n_namespaces, 0, "namespaces null: none");
	ok(!s.lnx.seccomp.present, "seccomp null: absent");
	ok(s.lnx.resources.memory.present, "memory present");
	ok(!s.lnx.resources.memory.limit.set, "memory.limit null: unset");
	is_opt(s.lnx.resources.memory.swap, 5, "memory.swap next to a null");
	ok(!s.lnx.resources.pids.present, "pids null: absent");
	IS_LIST(s.lnx.intel_rdt.schemata, "intelRdt.schemata as a string", "L3:0=f");
	spec_free(&s);

	/* A null inside an array is not an absent element. */
	json = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"},"
	       " \"linux\": {\"maskedPaths\": [\"/a\", null]}}";
	ok(parse_str(&s, json, false, &e) == -1, "null array element rejected");
	is_str(e.msg, "config.json: linux.maskedPaths[1]: expected string",
	       "null array element message");

	/* Nothing in the struct when the process section is absent. */
	json = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}}";
	if (ok(parse_str(&s, json, false, &e) == 0, "minimal config parses")) {
		ok(!s.process.present && !s.lnx.present && !s.hooks[0].n,
		   "minimal config: only the required parts");
		spec_free(&s);
	}
}

/* ---- bounds: size and nesting ---------------------------------------- */

static char *make_padded(size_t len, const char *doc)
{
	char *buf = malloc(len + 1);

	if (!buf)
		bail_out("out of memory");
	memset(buf, ' ', len);
	memcpy(buf, doc, strlen(doc));
	buf[len] = '\0';
	return buf;
}

static void test_bounds(void)
{
	static const char doc[] = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}}";
	static const char prefix[] = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"x\": ";
	struct rl_err e = { 0, 0, "" };
	char want[128], *buf;
	size_t depth, len, i;
	struct spec s;

	buf = make_padded(JSON_MAX_BYTES, doc);
	if (!ok(config_parse(&s, buf, JSON_MAX_BYTES, "config.json", &e) == 0,
		"exactly JSON_MAX_BYTES bytes is accepted"))
		diag("error: %s", e.msg);
	spec_free(&s);

	buf = make_padded(JSON_MAX_BYTES + 1, doc);
	ok(config_parse(&s, buf, JSON_MAX_BYTES + 1, "config.json", &e) == -1,
	   "JSON_MAX_BYTES + 1 bytes is rejected");
	snprintf(want, sizeof(want), "config.json: larger than %u bytes", JSON_MAX_BYTES);
	is_str(e.msg, want, "size bound message");
	is_int(e.errnum, EFBIG, "size bound errnum");

	/* JSON_MAX_DEPTH arrays under the top object: the deepest is at
	 * depth JSON_MAX_DEPTH, which is allowed; one more is not. */
	for (depth = JSON_MAX_DEPTH; depth <= JSON_MAX_DEPTH + 1; depth++) {
		len = strlen(prefix) + 2 * depth + 1;
		buf = malloc(len + 1);
		if (!buf)
			bail_out("out of memory");
		memcpy(buf, prefix, strlen(prefix));
		for (i = 0; i < depth; i++) {
			buf[strlen(prefix) + i] = '[';
			buf[strlen(prefix) + depth + i] = ']';
		}
		buf[len - 1] = '}';
		buf[len] = '\0';
		if (depth == JSON_MAX_DEPTH) {
			if (!ok(config_parse(&s, buf, len, "config.json", &e) == 0,
				"nesting depth %zu accepted", depth))
				diag("error: %s", e.msg);
			spec_free(&s);
			continue;
		}
		ok(config_parse(&s, buf, len, "config.json", &e) == -1,
		   "nesting depth %zu rejected", depth);
		snprintf(want, sizeof(want),
			 "config.json: malformed JSON at line 1 column %zu: nesting too deep",
			 strlen(prefix) + depth);
		is_str(e.msg, want, "nesting depth message");
	}

	/* Very deep input must fail without recursing all the way down. */
	depth = 200000;
	len = 2 * depth;
	buf = malloc(len + 1);
	if (!buf)
		bail_out("out of memory");
	memset(buf, '[', depth);
	memset(buf + depth, ']', depth);
	buf[len] = '\0';
	ok(config_parse(&s, buf, len, "config.json", &e) == -1, "200000 levels rejected");
	snprintf(want, sizeof(want),
		 "config.json: malformed JSON at line 1 column %d: nesting too deep",
		 JSON_MAX_DEPTH + 2);
	is_str(e.msg, want, "200000 levels message");

	/* Same for config_parse_process, and an embedded NUL byte. */
	buf = make_padded(JSON_MAX_BYTES + 1, "{}");
	ok(config_parse_process(&s, buf, JSON_MAX_BYTES + 1, "process.json", &e) == -1,
	   "process.json over the bound rejected");
	snprintf(want, sizeof(want), "process.json: larger than %u bytes", JSON_MAX_BYTES);
	is_str(e.msg, want, "process.json size message");

	buf = malloc(8);
	if (!buf)
		bail_out("out of memory");
	memcpy(buf, "{\"a\":\0}", 8);
	ok(config_parse(&s, buf, 7, "config.json", &e) == -1, "NUL byte rejected");
	is_str(e.msg, "config.json: malformed JSON at line 1 column 6: NUL byte",
	       "NUL byte message");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
		return 2;
	}
	fixdir = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fixdir < 0)
		bail_out("open \"%s\": %s", argv[1], strerror(errno));

	test_full();
	test_bad();
	test_process();
	test_versions();
	test_nulls();
	test_bounds();
	close(fixdir);
	return done_testing();
}
