/* SPDX-License-Identifier: MIT */
/*
 * The container's cgroup: detecting the host's layout, choosing the path,
 * creating it in every hierarchy, putting processes in it, and removing it.
 * Parent side only. cgroup.c holds what is common (layout, paths, the
 * create/enter/destroy drivers, the state-file form); cgroup1.c and
 * cgroup2.c what differs between the v1 hierarchies and the unified one;
 * cgroup_res.c puts linux.resources into the files, cgdev.c its device
 * allow-list into devices.* (v1) or a BPF program (v2) (rules below).
 *
 * Path rules (linux.cgroupsPath):
 *
 *  - Absolute ("/a/b"): taken relative to the root of every hierarchy as
 *    mounted under /sys/fs/cgroup (inside a cgroup namespace that root is
 *    the namespace's), as the runtime-spec requires.
 *  - Relative ("a/b"): under runlet's own parent, "/runlet/a/b". runc
 *    resolves a relative path against the caller's current cgroup in each
 *    hierarchy instead; runlet does not, because (1) on cgroup v1 the
 *    caller may sit at a different place in each hierarchy, and one path
 *    for all keeps the container's placement predictable and its record in
 *    the state file one short line; (2) on cgroup v2 the caller's cgroup
 *    normally holds processes, so controllers could never be enabled for a
 *    child of it. Nesting still works: in a container with a cgroup
 *    namespace the hierarchy root is the container's own cgroup.
 *  - Absent: "/runlet/<id>".
 *  - Cleaning: repeated slashes and "." components go, a trailing slash
 *    goes. Refused: ".." anywhere; a path that cleans to the root (the
 *    container would share, and destroy would empty, the root cgroup);
 *    names that are, or could become, control files: "cgroup.*",
 *    "<controller>.*" for the kernel's controllers, "tasks",
 *    "notify_on_release", "release_agent"; control characters; a
 *    component over 255 bytes; a path over CG_PATH_MAX - 1 bytes.
 *  - --cgroup-manager systemd (--systemd-cgroup): runlet has no D-Bus
 *    client and cannot ask systemd for a scope. When systemd is running
 *    (/run/systemd/system exists) that is a clear error, rather than
 *    writing behind the back of the manager that owns the tree. Without
 *    systemd, the systemd form "slice:prefix:name" is mapped to the
 *    cgroupfs directories systemd would use, as crun does:
 *    "system.slice:runlet:abc" -> "/system.slice/runlet-abc.scope",
 *    "a-b.slice:p:n" -> "/a.slice/a-b.slice/p-n.scope", a name ending in
 *    ".slice" is used as is, an empty prefix gives "<name>.scope", an
 *    empty slice means "system.slice", "-.slice" is the root slice.
 *    Absent: "system.slice:runlet:<id>". Any other form is an error.
 *  - --cgroup-manager disabled: no cgroup at all; every call is a no-op.
 *
 * Placement: v1 and hybrid hosts get the path in every v1 hierarchy
 * mounted under /sys/fs/cgroup (named ones like name=systemd included);
 * v2 and hybrid hosts in the unified hierarchy too. Only the directories
 * cg_create made are removed by cg_destroy; a cgroup that already existed
 * is accepted when it has no processes and is not frozen, and left in
 * place (emptied, with kill) by cg_destroy.
 */
#ifndef RUNLET_CGROUP_H
#define RUNLET_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ctx.h"
#include "err.h"
#include "spec.h"

enum cg_mode {
	CG_V1,          /* v1 hierarchies only */
	CG_V2,          /* one unified hierarchy at /sys/fs/cgroup */
	CG_HYBRID,      /* v1 controllers + a v2 mount at /sys/fs/cgroup/unified */
};

#define CG_ROOT "/sys/fs/cgroup"
#define CG_DEFAULT_PARENT "/runlet"
#define CG_PATH_MAX 320         /* container path, with its NUL */
#define CG_SERIAL_MAX 512       /* cg_serialize() always fits in this */
#define CG_MAX_HIER 16          /* hierarchies we handle (v1 + unified) */
#define CG_MNT_MAX 128
#define CG_CTRL_MAX 128

/* One hierarchy the container is placed in. */
struct cg_hier {
	char mnt[CG_MNT_MAX];   /* mount point, "/sys/fs/cgroup/memory" */
	char ctrl[CG_CTRL_MAX]; /* v1: "cpu,cpuacct", "name=systemd"; v2: "" */
	bool v2;
	bool cpuset, freezer;   /* v1: holds this controller */
	int rootfd;             /* the mount point, O_PATH; -1 if none */
	int leaffd;             /* the container's cgroup, O_RDONLY dir; -1 */
	unsigned made;          /* trailing path components cg_create made */
};

/*
 * Owned by the caller (a stack variable or a struct field; about 4.5 KB,
 * no heap). A zeroed struct cg is valid and inactive: cg_serialize,
 * cg_destroy, cg_free accept it.
 */
struct cg {
	bool active;            /* false: disabled, every call a no-op */
	enum cg_mode mode;
	char path[CG_PATH_MAX]; /* cleaned, "/runlet/abc" */
	unsigned ncomp;         /* components in path */
	unsigned n;             /* hierarchies in h[] */
	struct cg_hier h[CG_MAX_HIER];
	/* exec --cgroup [<controller>:]<path>: cg_enter puts the process in
	 * this existing sub-cgroup of the leaf (in every hierarchy, or only
	 * in the one holding sub_ctrl; "unified" for the v2 one). */
	const char *sub, *sub_ctrl;
};

/*
 * Detects the layout, opens each hierarchy's mount point and computes the
 * container's path (rules above) from s->lnx.cgroups_path (s may be NULL:
 * absent), the container id and the manager. Creates nothing. With
 * CGM_DISABLED, sets up an inactive cg. On failure *cg holds nothing to
 * free (cg_free is harmless).
 */
int cg_prepare(struct cg *cg, const struct spec *s, const char *id,
	       enum cgroup_manager mgr, struct rl_err *e);

/*
 * mkdir -p of the path in every hierarchy, remembering what it made; an
 * ancestor removed meanwhile by another container's destroy is made again.
 * Pure v2: enables, best effort, in each ancestor's cgroup.subtree_control
 * (the hierarchy root's included, never the leaf's) what its
 * cgroup.controllers lists. v1 cpuset: empty cpuset.cpus/mems along the
 * path are copied from the parent. Refuses a cgroup that already has
 * processes or is frozen. Opens each leaf (kept in cg). On failure,
 * removes what it made (controllers it enabled stay enabled).
 */
int cg_create(struct cg *cg, struct rl_err *e);

/*
 * The v2 leaf's fd for clone3's CLONE_INTO_CGROUP, borrowed from cg; -1
 * unless the host is pure v2 and cg_create succeeded: on a hybrid host
 * CLONE_INTO_CGROUP would place the process in the unified hierarchy only,
 * so the caller must use cg_enter.
 */
int cg_v2_fd(const struct cg *cg);

/* Writes pid to cgroup.procs in every hierarchy. Works on a restored cg
 * too (for exec). An error names the file. */
int cg_enter(const struct cg *cg, pid_t pid, struct rl_err *e);

/*
 * Removes what cg_create made, sub-cgroups the container made included,
 * deepest first; ancestors still used by others stay. With kill, first
 * SIGKILLs every process in the cgroup and its descendants (cgroup.kill
 * where the kernel has it; otherwise freeze, signal, thaw) and waits for
 * them to leave, up to 5 s. Without kill, an EBUSY cgroup is retried for
 * up to 1 s. Missing directories are fine: calling it twice is harmless.
 */
int cg_destroy(struct cg *cg, bool kill, struct rl_err *e);

/*
 * The state-file form: one line of printable ASCII (plus what the path
 * holds), at most CG_SERIAL_MAX - 1 bytes:
 *   "none"                          inactive (also "")
 *   "<mode> <made> [<key>:<made>...] <path>"
 * mode: v1, v2, hybrid; made: the number of trailing path components
 * cg_create made in every hierarchy, except those listed by key (the
 * first controller of the hierarchy, "name=<x>" or "unified"). Returns the
 * length, or -1 (and writes "none") if len is too small for the shortest
 * form; exceptions that would not fit are dropped by lowering made to the
 * least value, which may leave an empty parent but never removes one that
 * was not made.
 */
int cg_serialize(const struct cg *cg, char *buf, size_t len);

/* Rebuilds a cg from cg_serialize's line on the current host (detection
 * and mount points again, leaves not opened). */
int cg_restore(struct cg *cg, const char *serialized, struct rl_err *e);

/*
 * linux.resources (runtime-spec 1.3) into the container's cgroup files.
 * r must be the resources member of a struct spec_linux: which of runc's
 * default device rules apply depends on linux.devices (below).
 *
 * Placement: each resource goes to the hierarchy that has its controller:
 * the v1 hierarchy mounted with it, else the unified one if its root's
 * cgroup.controllers lists it (the controller is then enabled in every
 * cgroup.subtree_control from that root down to the leaf's parent, and
 * stays enabled). On a hybrid host that is how hugetlb, rdma or misc in
 * the unified mount are reached. A resource whose controller is nowhere is
 * an error naming the JSON path and the controller; so is a v1-only
 * setting (network.classID: net_cls, network.priorities: net_prio,
 * cpu.realtime*, blockIO.leafWeight) that would land in a v2 hierarchy.
 *
 * Unset: an absent field is never written. As in runc (whose Go structs
 * cannot tell 0 from absent) 0 also means unset for memory.limit,
 * .reservation, .swap, cpu.shares, .quota, .period, .realtimePeriod,
 * blockIO.weight, .leafWeight (and a weightDevice's), network.classID and
 * empty cpu.cpus/.mems: the kernel refuses most of them or they mean "no
 * limit" anyway. 0 is a value for pids.limit (runtime-spec 1.3: no new
 * task at all), cpu.burst, cpu.idle, cpu.realtimeRuntime,
 * memory.swappiness, throttle rates (v1: removes the rule; v2: "max") and
 * hugepage limits. -1 means unlimited where the spec allows it: "-1" on
 * v1, "max" on v2.
 *
 * memory (v1): limit -> memory.limit_in_bytes, swap (memory+swap) ->
 * memory.memsw.limit_in_bytes; the kernel keeps limit <= memsw at every
 * step, so as runc: when swap is -1 or above the current limit, memsw is
 * written first, else limit first (raising both, or lowering both, then
 * works in one update). limit -1 without swap sets memsw to -1 too (if
 * swap is accounted). reservation -> memory.soft_limit_in_bytes,
 * swappiness -> memory.swappiness, disableOOMKiller -> memory.oom_control,
 * useHierarchy -> memory.use_hierarchy (recent kernels refuse 0).
 * kernel and kernelTCP are ignored with a warning, as runc does (the
 * kernel no longer enforces kmem limits). checkBeforeUpdate: v1 itself
 * refuses a limit below the usage (EBUSY).
 * memory (v2): limit -> memory.max; reservation -> memory.low;
 *   memory.swap.max = swap - limit (v2 counts swap alone), "max" for
 *   swap -1 or for limit -1 without swap; swap needs a limit other than
 *   -1 and swap >= limit; swap == limit gives 0 (no swap).
 *   checkBeforeUpdate: a limit at or below memory.current is refused.
 *   swappiness, disableOOMKiller and useHierarchy false have no v2 file:
 *   ignored with a warning (runc ignores them silently).
 * cpu (v1): shares -> cpu.shares (read back: the kernel clamps to
 *   2..262144 silently, a clamped value is an error), quota ->
 *   cpu.cfs_quota_us, period -> cpu.cfs_period_us, burst ->
 *   cpu.cfs_burst_us, realtimeRuntime/Period -> cpu.rt_runtime_us/
 *   cpu.rt_period_us, idle -> cpu.idle. A period or burst the kernel
 *   refuses (EINVAL, against the old quota) is retried after the quota,
 *   and an rt period after the rt runtime, as runc does.
 * cpu (v2): cpu.weight = 1 + ((shares - 2) * 9999) / 262142 (runc's
 *   formula: 2 -> 1, 1024 -> 39, 262144 -> 10000; shares outside
 *   2..262144 are an error, as v1 would clamp them);
 *   cpu.max = "<quota> <period>" with "max" for quota -1 or unset, and the
 *   period left out when unset (the kernel keeps its own; in an update an
 *   unset quota keeps the current one); burst -> cpu.max.burst;
 *   idle -> cpu.idle; realtime* -> error (no v2 equivalent).
 * cpuset (both): cpus -> cpuset.cpus, mems -> cpuset.mems (v1 also
 *   without the "cpuset." prefix on a noprefix mount).
 * pids (both): pids.max = limit, "max" for -1.
 * blockIO (v1): weight -> blkio.weight, or blkio.bfq.weight when the
 *   kernel only has BFQ's; weightDevice -> blkio[.bfq].weight_device
 *   "<major>:<minor> <weight>"; leafWeight (CFQ, gone since Linux 5.0) ->
 *   blkio.leaf_weight[_device]; throttle* -> blkio.throttle.{read,write}_
 *   {bps,iops}_device "<major>:<minor> <rate>".
 * io (v2): weight -> io.bfq.weight as is when BFQ's file exists, else
 *   io.weight = 1 + ((weight - 10) * 9999) / 990 (runc's formula: 10 ->
 *   1, 500 -> 4950, 1000 -> 10000; weight outside 10..1000 is an error);
 *   weightDevice likewise, "<major>:<minor> <weight>"; throttle* ->
 *   io.max "<major>:<minor> rbps|wbps|riops|wiops=<rate>", rate 0 as
 *   "max" (v1's "no rule"); leafWeight -> error.
 * hugepageLimits (both): pageSize is normalized to the kernel's file name
 *   (1024-based, the largest unit that holds it: "2048KB" -> "2MB") and
 *   the limit written to hugetlb.<size>.limit_in_bytes (v1) or
 *   hugetlb.<size>.max (v2), then to the .rsvd. file of the same name
 *   where the kernel has reservation accounting, as runc does. A size
 *   the host has no file for is an error.
 * network (v1 only): classID -> net_cls.classid; priorities ->
 *   net_prio.ifpriomap "<name> <priority>", one write each.
 * rdma (both): rdma.max "<device> hca_handle=<n> hca_object=<n>" per
 *   device, with only the fields given.
 * unified (v2 only; on a host without a unified hierarchy an error): the
 *   key must be "<controller>.<file>" (letters, digits, "_", "-", ".";
 *   no "/", no ".."), the controller must be in the unified hierarchy
 *   (enabled as above) unless it is "cgroup"; cgroup.procs, .threads,
 *   .kill, .freeze and .subtree_control are refused (the runtime manages
 *   them). The value is written as given, one write per line (keyed
 *   files such as io.max take one entry per write). unified goes last, so
 *   it overrides a converted value.
 *
 * devices (cgdev.c): the rules of linux.resources.devices, then runc
 *   1.1's default rules (specconv.AllowedDevices: mknod "m" of any char
 *   and any block device; rwm of /dev/null 1:3, random 1:8, full 1:7,
 *   tty 5:0, zero 1:5, urandom 1:9, pts 136:*, ptmx 5:2 and tun 10:200),
 *   leaving out a default with a path that linux.devices also has (runc's
 *   dedup: a device given in linux.devices must be allowed by a rule of
 *   the config). The list starts as "deny all" and is applied in order
 *   with the v1 kernel's meaning, as runc's devices Emulator does: a
 *   rule of type "a" (whatever its numbers and access) resets to allow
 *   all or deny all; any other rule adds access to the exception for
 *   exactly its device when its verdict differs from the default, else
 *   takes access away from that exception; taking away access that a
 *   wider (wildcard) exception also gives is an error (v1 would ignore
 *   it), as in runc. Absent type: "a"; absent, -1 or 4294967295 major or
 *   minor: any; absent access: an error (runc's); the JSON path
 *   linux.resources.devices[N].<field> names a bad rule. Applied at create
 *   even without linux.resources (runc always restricts devices); in an
 *   update only when r has devices (runc's update never changes them).
 *   v1 (the devices controller's hierarchy): runc's transition from the
 *   cgroup's devices.list: "a *:* rwm" to devices.deny (or .allow for a
 *   deny-list) when the default changes or the cgroup is a deny-list,
 *   then the access to take away and the access to give, one
 *   "<type> <major>:<minor> <access>" per write, then devices.list is
 *   read back and compared. v2 (no v1 devices controller: the unified
 *   leaf): a BPF_PROG_TYPE_CGROUP_DEVICE program with one block per
 *   exception, loaded with bpf(2) (license "Apache", as runc; the kernel
 *   takes any, no helper is called) and attached with BPF_F_ALLOW_MULTI;
 *   then the programs runlet attached before (named "runlet_devices")
 *   are detached: other programs stay. Matching is v1's in both: an
 *   allow-list needs one exception with all the access asked for, a
 *   deny-list denies on any overlap (runc's v2 filter needs all of it).
 *   Skipped, with a warning when the config has rules, unless runlet runs
 *   as root in the initial user namespace (runc skips devices in a user
 *   namespace, rootless runc ignores the errors).
 *
 * Order: devices, cpuset, memory, cpu, pids, blockIO, hugepageLimits,
 * network, rdma, unified. Every file is opened relative to the leaf's fd
 * (O_NOFOLLOW); a refusal reads "<JSON path>: write "<value>" to <file>:
 * <reason>". Checks that need no kernel (swap against limit, page sizes,
 * unified keys, names) come before the first write. With update (the
 * `update` command, on a restored cg), only what r sets is written and an
 * unset value that a conversion needs (v2 swap's limit, cpu.max's quota)
 * is read from the cgroup. An inactive cg (--cgroup-manager disabled)
 * ignores resources, with a warning.
 */
int cg_apply(struct cg *cg, const struct spec_resources *r, bool update,
	     struct rl_err *e);

/* The cleaned container path ("/runlet/abc"), or NULL when inactive.
 * Borrowed from cg. */
const char *cg_path(const struct cg *cg);

/* Freezes (freeze true) or thaws the container's cgroup and its
 * descendants, waiting up to 5 s for the kernel to report it done
 * (cgfreeze.c). */
int cg_freeze(const struct cg *cg, bool freeze, struct rl_err *e);
/* 1 if the kernel reports the cgroup frozen, else 0. */
int cg_is_frozen(const struct cg *cg);
/* The pids in the container's cgroup and its sub-cgroups, up to max. */
int cg_pids(const struct cg *cg, pid_t *out, size_t max, size_t *n, struct rl_err *e);

/* Writes runc's `events --stats` "data" members (cpu, cpuset, memory,
 * pids, blkio, hugetlb, intel_rdt, network_interfaces) into the open
 * object of w (cgstats.c). */
struct jw;
int cg_stats(const struct cg *cg, struct jw *w, struct rl_err *e);
/* The kernel's count of OOM kills in the container's memory cgroup, or -1. */
int64_t cg_oom_kills(const struct cg *cg);

/* Closes cg's fds and makes it inactive. */
void cg_free(struct cg *cg);

/* Index in cg->h of the hierarchy holding controller `name` ("memory",
 * "name=systemd"; "" for the unified one), or -1. */
int cg_find(const struct cg *cg, const char *name);

/*
 * The path rules alone, no host access: writes the cleaned path for
 * cgroups_path (NULL: absent) into out[len]. Errors name
 * "config.json: linux.cgroupsPath". (Does not refuse CGM_SYSTEMD on a
 * systemd host: cg_prepare does.)
 */
int cg_compute_path(const char *cgroups_path, const char *id,
		    enum cgroup_manager mgr, char *out, size_t len,
		    struct rl_err *e);

/* ---- between cgroup.c, cgroup1.c and cgroup2.c (and tests) ----------- */

/* Appends to cg->h one hierarchy per v1 superblock mounted at or under
 * /sys/fs/cgroup, read from a /proc/<pid>/mountinfo stream (fds not
 * opened). */
int cg_mountinfo_scan(struct cg *cg, FILE *f, struct rl_err *e);

/* Reads dirfd/name (no symlinks) into buf, NUL-terminated, at most len-1
 * bytes; returns the length or -1 with errno. */
ssize_t cg_read_at(int dirfd, const char *name, char *buf, size_t len);
/* Writes s to dirfd/name in one write(2); returns 0 or -1 with errno. */
int cg_write_at(int dirfd, const char *name, const char *s);
/* "<mnt><path>[/<name>]" for messages. */
const char *cg_fmt(const struct cg *cg, const struct cg_hier *h,
		   const char *name, char *buf, size_t len);
/* Calls fn for each pid in dirfd's cgroup.procs (parsed as it is read);
 * stops when fn returns nonzero and returns that, 0 at the end, -1 with
 * errno if the file cannot be read. */
int cg_procs_each(int dirfd, int (*fn)(pid_t, void *), void *arg);
/* An existing leaf must hold no process: runtime-spec wants a cgroup of
 * the container's own. Errors name the cgroup. */
int cg_check_no_procs(const struct cg *cg, const struct cg_hier *h, struct rl_err *e);
/* First pid listed in dirfd's cgroup.procs: >0, 0 if none, -1 on error. */
int cg_first_pid(int dirfd);
/* SIGKILLs every pid in dirfd's cgroup.procs and its sub-cgroups'. */
void cg_kill_procs(int dirfd, unsigned depth);
/* Sleeps ms milliseconds; cg_now_ms: CLOCK_MONOTONIC in ms. */
void cg_sleep_ms(long ms);
long long cg_now_ms(void);

/* cgroup1.c: after mkdir (or finding) a directory on the path. */
int cg1_init_dir(const struct cg *cg, const struct cg_hier *h, int parentfd,
		 int dirfd, struct rl_err *e);
/* Refuses a frozen (or freezing) cgroup. */
int cg1_check(const struct cg *cg, const struct cg_hier *h, struct rl_err *e);
/* freezer.state: FROZEN (waits up to timeout_ms for it) or THAWED. */
int cg1_freeze(const struct cg_hier *h, bool frozen, long timeout_ms);

/* cgroup2.c: before creating a child of dirfd: enables the available
 * controllers in dirfd's cgroup.subtree_control, best effort. */
void cg2_enable_controllers(int dirfd);
/* Refuses a populated (if !made) or frozen cgroup. */
int cg2_check(const struct cg *cg, const struct cg_hier *h, struct rl_err *e);
/* Writes cgroup.kill; 0 if the kernel has it, -1 otherwise. */
int cg2_kill(const struct cg_hier *h);
/* cgroup.freeze 1/0 (waits for cgroup.events "frozen 1", bounded). */
int cg2_freeze(const struct cg_hier *h, bool frozen, long timeout_ms);


/* ---- linux.resources: pure parts (cgroup_res.c; unit-tested) ---------- */

#define CG_SHARES_MIN 2
#define CG_SHARES_MAX 262144
#define CG_BLKIO_WEIGHT_MIN 10
#define CG_BLKIO_WEIGHT_MAX 1000

/* cpu.shares -> cpu.weight (runc's formula above); 0 -> 0; shares outside
 * 2..262144 are clamped first. */
uint64_t cg_shares_to_weight(uint64_t shares);
/* blkio weight -> io.weight (runc's formula above); 0 -> 0; clamped to
 * 10..1000 first. */
uint64_t cg_blkio_to_io_weight(uint64_t weight);
/* memory.swap.max for limit and swap as the spec has them (0: unset).
 * Returns 1 with the value in buf, 0 when nothing is to be written, -1
 * with e set (no JSON path) when swap cannot be converted. */
int cg_swap_v2(int64_t limit, int64_t swap, char *buf, size_t len,
	       struct rl_err *e);
/* cpu.max for quota (0: unset, -1: unlimited) and period (0: unset); cur:
 * the file's content in an update (its quota is kept when only the period
 * is given), else NULL. Returns 1 with the value in buf, 0 when nothing
 * is to be written. */
int cg_cpu_max(int64_t quota, uint64_t period, const char *cur, char *buf,
	       size_t len);
/* v1 memory: whether memsw must be written before the limit, given the
 * current limit and the new swap (-1: unlimited). */
bool cg1_swap_first(uint64_t cur_limit, int64_t swap);
/* A linux.resources.unified key: checked as cgroup.h says; its controller
 * ("memory", "cgroup") goes to ctrl. -1 with e set (no JSON path). */
int cg_unified_key(const char *key, char *ctrl, size_t len, struct rl_err *e);
/* hugepageLimits pageSize -> the kernel's name for it ("2048KB" ->
 * "2MB"); -1 if it is not "<n>KB|MB|GB|TB|PB" naming a whole number of
 * KB, or too large. */
int cg_hugetlb_name(const char *page_size, char *buf, size_t len);
/* Every check of r that needs no kernel, before anything is written;
 * errors name the JSON path. */
int cg_res_check(const struct spec_resources *r, bool update,
		 struct rl_err *e);

/* ---- linux.resources: writes (cgroup_res.c, cgroup1.c, cgroup2.c) ----- */

enum cg_check {
	CG_CHECK_NONE,
	CG_CHECK_SAME,          /* reads back what was written */
	CG_CHECK_PAGES,         /* a byte count, rounded down to pages */
};
#define CG_JP "linux.resources"
#define CG_VAL_MAX 64           /* a formatted number or short entry */

/* Writes val to file in h's leaf (one write). A refusal: "<jp>: write
 * "<val>" to <file>: <reason>". With a check, reads the file back and
 * refuses a value the kernel changed (clamped). */
int cg_set(const struct cg_hier *h, const char *jp, const char *file,
	   const char *val, enum cg_check chk, struct rl_err *e);
int cg_set_i64(const struct cg_hier *h, const char *jp, const char *file,
	       int64_t v, enum cg_check chk, struct rl_err *e);
/* The message cg_set gives for errnum. */
int cg_set_err(struct rl_err *e, int errnum, const char *jp, const char *file,
	       const char *val);
/* Reads a number from file in h's leaf ("max" reads as UINT64_MAX). */
int cg_get_u64(const struct cg_hier *h, const char *file, uint64_t *v);
/* Whether file exists in h's leaf. */
bool cg_has_file(const struct cg_hier *h, const char *file);
/* A setting that cannot take effect here: a warning (stderr and --log). */
void cg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens the directory after the first k path components of h (k = 0:
 * the mount point; k = cg->ncomp: the leaf), O_NOFOLLOW all the way;
 * "<mnt><path>" for messages goes to msg. Returns an owned fd or -1. */
int cg_open_depth(const struct cg *cg, const struct cg_hier *h, unsigned k,
		  char *msg, size_t len);

int cg1_apply_memory(const struct cg_hier *h, const struct spec_resources *r,
		     struct rl_err *e);
int cg1_apply_cpu(const struct cg_hier *h, const struct spec_resources *r,
		  struct rl_err *e);
int cg1_apply_blkio(const struct cg_hier *h, const struct spec_resources *r,
		    struct rl_err *e);
int cg1_apply_net_cls(const struct cg_hier *h, const struct spec_resources *r,
		      struct rl_err *e);
int cg1_apply_net_prio(const struct cg_hier *h, const struct spec_resources *r,
		       struct rl_err *e);

/* Makes controller ctrl available in h's leaf (enabling it from the root
 * down); errors name jp. */
int cg2_need(const struct cg *cg, const struct cg_hier *h, const char *ctrl,
	     const char *jp, struct rl_err *e);
/* Whether h's root lists ctrl in cgroup.controllers. */
bool cg2_root_has(const struct cg_hier *h, const char *ctrl);
int cg2_apply_memory(const struct cg_hier *h, const struct spec_resources *r,
		     bool update, struct rl_err *e);
int cg2_apply_cpu(const struct cg_hier *h, const struct spec_resources *r,
		  bool update, struct rl_err *e);
int cg2_apply_io(const struct cg_hier *h, const struct spec_resources *r,
		 struct rl_err *e);
int cg2_apply_unified(const struct cg *cg, const struct cg_hier *h,
		      const struct spec_resources *r, struct rl_err *e);

/* ---- linux.resources.devices (cgdev.c; cg_apply's rules above) ------- */

#define CGDEV_MAX 256           /* distinct exceptions in one cgroup */
#define CGDEV_ANY UINT32_MAX    /* a wildcard major or minor (v1's ~0) */
#define CGDEV_RULE_MAX 32       /* "c 4294967294:4294967294 rwm" + NUL */
#define CGDEV_LIST_MAX 8192     /* devices.list of CGDEV_MAX exceptions */
#define CGDEV_NDEFAULT_MAX 16   /* runc's default rules, with room */
/* the access bits, as BPF_DEVCG_ACC_* */
#define CGDEV_M 1
#define CGDEV_R 2
#define CGDEV_W 4
#define CGDEV_RWM 7

/* A rule, or (in a state) an exception: allow is then !default_allow. */
struct cgdev_rule {
	uint32_t major, minor;  /* CGDEV_ANY: any */
	uint8_t access;         /* CGDEV_R | CGDEV_W | CGDEV_M */
	char type;              /* 'a', 'c', 'b'; never 'a' in a state */
	bool allow;
};

/* A devices cgroup as v1 keeps it (runc's Emulator): a default and the
 * exceptions to it, sorted by major, minor, type (wildcards first), one
 * per device (type, major, minor). */
struct cgdev_state {
	bool default_allow;     /* true: a deny-list ("a *:* rwm" listed) */
	size_t n;
	struct cgdev_rule ex[CGDEV_MAX];
};

/* One eBPF instruction, struct bpf_insn's layout (regs: dst_reg and
 * src_reg in the arch's bit-field order). */
struct cgdev_insn {
	uint8_t code;
	uint8_t regs;
	int16_t off;
	int32_t imm;
};
/* prologue 6, at most 8 per exception, epilogue 2 */
#define CGDEV_PROG_MAX (6 + 8 * CGDEV_MAX + 2)

/* An empty state: deny all (false) or allow all. */
void cgdev_state_init(struct cgdev_state *st, bool default_allow);
/* Applies one rule as cg_apply's rules say; -1 with e set (no JSON
 * path) for a hole in a wildcard exception or past CGDEV_MAX. */
int cgdev_state_apply(struct cgdev_state *st, const struct cgdev_rule *r,
		      struct rl_err *e);
/* Whether the states are the same. */
bool cgdev_same(const struct cgdev_state *a, const struct cgdev_state *b);
/* The v1 kernel's decision for a device access (CGDEV_* bits); the BPF
 * program decides the same. */
bool cgdev_allowed(const struct cgdev_state *st, char type, uint32_t major,
		   uint32_t minor, unsigned access);
/* "rw" -> CGDEV_R | CGDEV_W; -1 if empty or another letter is in s. */
int cgdev_access(const char *s, uint8_t *out);
/* linux.resources.devices[idx] -> r; errors name the JSON path. */
int cgdev_rule_from_spec(const struct spec_dev_cgroup *d, size_t idx,
			 struct cgdev_rule *r, struct rl_err *e);
/* runc's default rules that apply to l (NULL: all of them) into out
 * (room for CGDEV_NDEFAULT_MAX); returns how many. */
size_t cgdev_default_rules(const struct spec_linux *l, struct cgdev_rule *out);
/* Whether two absolute paths name the same file lexically. */
bool cgdev_path_same(const char *a, const char *b);
/* l's rules and the defaults applied to "deny all"; errors name the JSON
 * path. */
int cgdev_build(const struct spec_linux *l, struct cgdev_state *st,
		struct rl_err *e);
/* "c 1:3 rwm", "b *:* m", "a *:* rwm" into buf; returns buf. */
const char *cgdev_fmt(const struct cgdev_rule *r, char *buf, size_t len);
/* A v1 devices.list into st; -1 with e set on a line it cannot read. */
int cgdev_parse_list(const char *list, struct cgdev_state *st,
		     struct rl_err *e);
/* runc's writes from `from` to `to` into out (room for 1 + from->n +
 * to->n); returns how many. */
size_t cgdev_transition(const struct cgdev_state *from,
			const struct cgdev_state *to, struct cgdev_rule *out);
/* The BPF_PROG_TYPE_CGROUP_DEVICE program for st into out (room for
 * CGDEV_PROG_MAX); returns the instruction count. */
size_t cgdev_prog(const struct cgdev_state *st, struct cgdev_insn *out);
/* Loads st's program and attaches it to the cgroup v2 directory dirfd,
 * then detaches the runlet programs that were attached there. */
int cgdev_bpf_attach(int dirfd, const struct cgdev_state *st,
		     struct rl_err *e);
/* How many runlet device programs are attached to dirfd, or -1. */
int cgdev_bpf_count(int dirfd);
/* linux.resources.devices of l into cg (cg_apply's first step). */
int cgdev_apply(struct cg *cg, const struct spec_linux *l, bool update,
		struct rl_err *e);

#endif
