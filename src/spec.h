/* SPDX-License-Identifier: MIT */
/*
 * struct spec: the typed form of an OCI runtime-spec 1.3 config.json (Linux
 * fields). Every string is a slice of the one config buffer, unescaped and
 * NUL-terminated in place; arrays live in one arena sized from the token
 * count. Nothing here owns memory on its own: spec_free() releases the
 * buffer and the arena together.
 *
 * Optional scalars carry a `set` flag because the spec distinguishes
 * "absent" from zero (pids.limit 0 is a real limit since 1.3).
 */
#ifndef RUNLET_SPEC_H
#define RUNLET_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct opt_i64 { int64_t v; bool set; };
struct opt_u64 { uint64_t v; bool set; };
struct opt_bool { bool v; bool set; };

struct str_list { char **v; size_t n; };
struct kv { char *key; char *val; };
struct kv_list { struct kv *v; size_t n; };

struct id_map { uint32_t container_id, host_id, size; };
struct id_map_list { struct id_map *v; size_t n; };

/* ---- mounts ---------------------------------------------------------- */
struct spec_mount {
	char *destination;          /* required */
	char *source;
	char *type;
	struct str_list options;
	struct id_map_list uid_mappings, gid_mappings;
};

/* ---- process --------------------------------------------------------- */
enum { CAPSET_BOUNDING, CAPSET_EFFECTIVE, CAPSET_INHERITABLE,
       CAPSET_PERMITTED, CAPSET_AMBIENT, CAPSET_N };

struct spec_rlimit {
	int resource;               /* RLIMIT_* value, from the name */
	char *type;                 /* "RLIMIT_NOFILE" */
	uint64_t soft, hard;
};

struct spec_user {
	uint32_t uid, gid;
	struct opt_u64 umask;
	uint32_t *additional_gids;
	size_t n_additional_gids;
	char *username;
};

struct spec_scheduler {
	bool set;
	int policy;                 /* SCHED_* value */
	char *policy_name;
	struct opt_i64 nice, priority;
	uint64_t flags;             /* SCHED_FLAG_* bits */
	struct str_list flag_names;
	struct opt_u64 runtime, deadline, period;
};

struct spec_io_priority {
	bool set;
	int klass;                  /* IOPRIO_CLASS_* value */
	char *class_name;
	int64_t priority;
};

struct spec_process {
	bool present;
	bool terminal;
	struct opt_u64 console_height, console_width;
	struct spec_user user;
	struct str_list args;
	char *command_line;         /* Windows only; kept for completeness */
	struct str_list env;
	char *cwd;
	bool has_caps;
	uint64_t caps[CAPSET_N];    /* bit masks */
	bool caps_set[CAPSET_N];
	struct spec_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	char *apparmor_profile;
	struct opt_i64 oom_score_adj;
	char *selinux_label;
	struct spec_scheduler scheduler;
	struct spec_io_priority io_priority;
	char *cpu_affinity_initial, *cpu_affinity_final;
};

/* ---- hooks ----------------------------------------------------------- */
struct spec_hook {
	char *path;
	struct str_list args, env;
	struct opt_i64 timeout;
};
struct hook_list { struct spec_hook *v; size_t n; };

enum { HOOK_PRESTART, HOOK_CREATE_RUNTIME, HOOK_CREATE_CONTAINER,
       HOOK_START_CONTAINER, HOOK_POSTSTART, HOOK_POSTSTOP, HOOK_N };

/* ---- linux ----------------------------------------------------------- */
enum ns_type { NS_PID, NS_NET, NS_MNT, NS_IPC, NS_UTS, NS_USER, NS_CGROUP,
	       NS_TIME, NS_N };

struct spec_namespace {
	enum ns_type type;
	char *path;                 /* NULL: create a new one */
};

struct spec_time_offset {
	char *clock;                /* "monotonic" or "boottime" */
	int64_t secs;
	uint32_t nanosecs;
};

struct spec_device {
	char *path;
	char type;                  /* c b u p */
	struct opt_i64 major, minor;
	struct opt_u64 file_mode, uid, gid;
};

struct spec_dev_cgroup {
	bool allow;
	char type;                  /* a c b; 'a' when unset */
	struct opt_i64 major, minor; /* unset: wildcard */
	char *access;
};

struct spec_weight_device {
	int64_t major, minor;
	struct opt_u64 weight, leaf_weight;
};
struct spec_throttle_device {
	int64_t major, minor;
	uint64_t rate;
};
struct throttle_list { struct spec_throttle_device *v; size_t n; };

struct spec_hugepage { char *page_size; uint64_t limit; };
struct spec_net_prio { char *name; uint32_t priority; };
struct spec_rdma {
	char *device;
	struct opt_u64 hca_handles, hca_objects;
};

struct spec_resources {
	bool present;
	struct spec_dev_cgroup *devices;
	size_t n_devices;
	struct {
		bool present;
		struct opt_i64 limit, reservation, swap, kernel, kernel_tcp;
		struct opt_u64 swappiness;
		struct opt_bool disable_oom_killer, use_hierarchy,
				check_before_update;
	} memory;
	struct {
		bool present;
		struct opt_u64 shares, burst, period, realtime_period;
		struct opt_i64 quota, realtime_runtime, idle;
		char *cpus, *mems;
	} cpu;
	struct {
		bool present;
		struct opt_i64 limit;
	} pids;
	struct {
		bool present;
		struct opt_u64 weight, leaf_weight;
		struct spec_weight_device *weight_device;
		size_t n_weight_device;
		struct throttle_list read_bps, write_bps, read_iops, write_iops;
	} block_io;
	struct spec_hugepage *hugepage_limits;
	size_t n_hugepage_limits;
	struct {
		bool present;
		struct opt_u64 class_id;
		struct spec_net_prio *priorities;
		size_t n_priorities;
	} network;
	struct spec_rdma *rdma;
	size_t n_rdma;
	struct kv_list unified;
};

struct spec_intel_rdt {
	bool present;
	char *clos_id, *l3_cache_schema, *mem_bw_schema;
	struct str_list schemata;   /* 1.3: lines written as given */
	struct opt_bool enable_cmt, enable_mbm, enable_monitoring;
};

struct spec_syscall_arg {
	unsigned index;
	uint64_t value, value_two;
	int op;                     /* SECCOMP_OP_* (tables.h) */
};

struct spec_syscall {
	struct str_list names;
	int action;                 /* SECCOMP_ACT_* (tables.h) */
	struct opt_u64 errno_ret;
	struct spec_syscall_arg *args;
	size_t n_args;
};

struct spec_seccomp {
	bool present;
	int default_action;
	struct opt_u64 default_errno_ret;
	struct str_list architectures;
	struct str_list flags;
	uint32_t flag_bits;         /* SECCOMP_FILTER_FLAG_* */
	char *listener_path, *listener_metadata;
	struct spec_syscall *syscalls;
	size_t n_syscalls;
};

struct spec_memory_policy {
	bool present;
	int mode;                   /* MPOL_* value */
	char *mode_name;
	char *nodes;
	unsigned flags;             /* MPOL_F_* bits */
	struct str_list flag_names;
};

struct spec_net_device { char *host_name; char *name; };

struct spec_linux {
	bool present;
	struct spec_namespace namespaces[NS_N];
	size_t n_namespaces;
	unsigned ns_mask;           /* 1 << enum ns_type */
	struct id_map_list uid_mappings, gid_mappings;
	struct spec_time_offset *time_offsets;
	size_t n_time_offsets;
	struct spec_device *devices;
	size_t n_devices;
	char *cgroups_path;
	struct spec_resources resources;
	struct spec_intel_rdt intel_rdt;
	struct kv_list sysctl;
	struct spec_seccomp seccomp;
	char *rootfs_propagation;
	unsigned long rootfs_propagation_flags;
	struct str_list masked_paths, readonly_paths;
	char *mount_label;
	struct {
		bool present;
		char *domain;           /* LINUX or LINUX32 */
		unsigned long persona;  /* PER_LINUX / PER_LINUX32 */
		struct str_list flags;
	} personality;
	struct spec_memory_policy memory_policy;
	struct spec_net_device *net_devices;
	size_t n_net_devices;
};

struct spec {
	char *oci_version;
	struct {
		char *path;
		bool readonly;
	} root;
	struct spec_mount *mounts;
	size_t n_mounts;
	struct spec_process process;
	char *hostname, *domainname;
	struct hook_list hooks[HOOK_N];
	struct kv_list annotations;
	struct spec_linux lnx;         /* "linux" is a predefined macro in GNU C */

	/* storage: the config buffer and the arena (owned) */
	char *buf;
	size_t buf_len;
	void *arena;
	size_t arena_size, arena_used;
};

#endif
