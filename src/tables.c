// SPDX-License-Identifier: MIT
/*
 * The vocabulary of runtime-spec 1.3 for Linux: namespace types, capability
 * names, rlimits, hooks, scheduler/ioprio/mempolicy names, seccomp actions,
 * operators, architectures and flags, and mount options. Values are the
 * kernel's ABI numbers, written out here because musl's headers lack some
 * of the newer ones and these numbers never change.
 */
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "spec.h"
#include "tables.h"

const struct name_val *tab_find(const struct name_val *t, const char *name)
{
	for (; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

const char *tab_name(const struct name_val *t, long val)
{
	for (; t->name; t++)
		if (t->val == val)
			return t->name;
	return NULL;
}

/* Order is the order `features` prints. */
const struct name_val tab_namespaces[] = {
	{ "cgroup", NS_CGROUP }, { "ipc", NS_IPC }, { "mount", NS_MNT },
	{ "network", NS_NET }, { "pid", NS_PID }, { "time", NS_TIME },
	{ "user", NS_USER }, { "uts", NS_UTS }, { NULL, 0 },
};

const struct name_val tab_caps[] = {
	{ "CAP_CHOWN", 0 }, { "CAP_DAC_OVERRIDE", 1 },
	{ "CAP_DAC_READ_SEARCH", 2 }, { "CAP_FOWNER", 3 }, { "CAP_FSETID", 4 },
	{ "CAP_KILL", 5 }, { "CAP_SETGID", 6 }, { "CAP_SETUID", 7 },
	{ "CAP_SETPCAP", 8 }, { "CAP_LINUX_IMMUTABLE", 9 },
	{ "CAP_NET_BIND_SERVICE", 10 }, { "CAP_NET_BROADCAST", 11 },
	{ "CAP_NET_ADMIN", 12 }, { "CAP_NET_RAW", 13 }, { "CAP_IPC_LOCK", 14 },
	{ "CAP_IPC_OWNER", 15 }, { "CAP_SYS_MODULE", 16 },
	{ "CAP_SYS_RAWIO", 17 }, { "CAP_SYS_CHROOT", 18 },
	{ "CAP_SYS_PTRACE", 19 }, { "CAP_SYS_PACCT", 20 },
	{ "CAP_SYS_ADMIN", 21 }, { "CAP_SYS_BOOT", 22 }, { "CAP_SYS_NICE", 23 },
	{ "CAP_SYS_RESOURCE", 24 }, { "CAP_SYS_TIME", 25 },
	{ "CAP_SYS_TTY_CONFIG", 26 }, { "CAP_MKNOD", 27 }, { "CAP_LEASE", 28 },
	{ "CAP_AUDIT_WRITE", 29 }, { "CAP_AUDIT_CONTROL", 30 },
	{ "CAP_SETFCAP", 31 }, { "CAP_MAC_OVERRIDE", 32 },
	{ "CAP_MAC_ADMIN", 33 }, { "CAP_SYSLOG", 34 }, { "CAP_WAKE_ALARM", 35 },
	{ "CAP_BLOCK_SUSPEND", 36 }, { "CAP_AUDIT_READ", 37 },
	{ "CAP_PERFMON", 38 }, { "CAP_BPF", 39 },
	{ "CAP_CHECKPOINT_RESTORE", 40 }, { NULL, 0 },
};

const struct name_val tab_rlimits[] = {
	{ "RLIMIT_AS", RLIMIT_AS }, { "RLIMIT_CORE", RLIMIT_CORE },
	{ "RLIMIT_CPU", RLIMIT_CPU }, { "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE }, { "RLIMIT_LOCKS", RLIMIT_LOCKS },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_NOFILE", RLIMIT_NOFILE }, { "RLIMIT_NPROC", RLIMIT_NPROC },
	{ "RLIMIT_RSS", RLIMIT_RSS }, { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
	{ "RLIMIT_RTTIME", RLIMIT_RTTIME },
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_STACK", RLIMIT_STACK }, { NULL, 0 },
};

const struct name_val tab_hooks[] = {
	{ "prestart", HOOK_PRESTART }, { "createRuntime", HOOK_CREATE_RUNTIME },
	{ "createContainer", HOOK_CREATE_CONTAINER },
	{ "startContainer", HOOK_START_CONTAINER },
	{ "poststart", HOOK_POSTSTART }, { "poststop", HOOK_POSTSTOP },
	{ NULL, 0 },
};

const struct name_val tab_sched_policies[] = {
	{ "SCHED_OTHER", 0 }, { "SCHED_FIFO", 1 }, { "SCHED_RR", 2 },
	{ "SCHED_BATCH", 3 }, { "SCHED_ISO", 4 }, { "SCHED_IDLE", 5 },
	{ "SCHED_DEADLINE", 6 }, { NULL, 0 },
};

const struct name_val tab_sched_flags[] = {
	{ "SCHED_FLAG_RESET_ON_FORK", 0x01 }, { "SCHED_FLAG_RECLAIM", 0x02 },
	{ "SCHED_FLAG_DL_OVERRUN", 0x04 }, { "SCHED_FLAG_KEEP_POLICY", 0x08 },
	{ "SCHED_FLAG_KEEP_PARAMS", 0x10 },
	{ "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20 },
	{ "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40 }, { NULL, 0 },
};

const struct name_val tab_ioprio_classes[] = {
	{ "IOPRIO_CLASS_RT", 1 }, { "IOPRIO_CLASS_BE", 2 },
	{ "IOPRIO_CLASS_IDLE", 3 }, { NULL, 0 },
};

const struct name_val tab_mpol_modes[] = {
	{ "MPOL_DEFAULT", 0 }, { "MPOL_PREFERRED", 1 }, { "MPOL_BIND", 2 },
	{ "MPOL_INTERLEAVE", 3 }, { "MPOL_LOCAL", 4 },
	{ "MPOL_PREFERRED_MANY", 5 }, { "MPOL_WEIGHTED_INTERLEAVE", 6 },
	{ NULL, 0 },
};

const struct name_val tab_mpol_flags[] = {
	{ "MPOL_F_NUMA_BALANCING", 1 << 13 },
	{ "MPOL_F_RELATIVE_NODES", 1 << 14 },
	{ "MPOL_F_STATIC_NODES", 1 << 15 }, { NULL, 0 },
};

const struct name_val tab_propagation[] = {
	{ "shared", MS_SHARED }, { "slave", MS_SLAVE },
	{ "private", MS_PRIVATE }, { "unbindable", MS_UNBINDABLE },
	{ NULL, 0 },
};

/* CLOCK_MONOTONIC and CLOCK_BOOTTIME: the only clocks a time ns offsets. */
const struct name_val tab_time_clocks[] = {
	{ "monotonic", 1 }, { "boottime", 7 }, { NULL, 0 },
};

const struct name_val tab_personality[] = {
	{ "LINUX", 0x0000 }, { "LINUX32", 0x0008 }, { NULL, 0 },
};

const struct name_val tab_seccomp_actions[] = {
	{ "SCMP_ACT_ALLOW", SECCOMP_ACT_ALLOW },
	{ "SCMP_ACT_ERRNO", SECCOMP_ACT_ERRNO },
	{ "SCMP_ACT_KILL", SECCOMP_ACT_KILL_THREAD },
	{ "SCMP_ACT_KILL_PROCESS", SECCOMP_ACT_KILL_PROCESS },
	{ "SCMP_ACT_KILL_THREAD", SECCOMP_ACT_KILL_THREAD },
	{ "SCMP_ACT_LOG", SECCOMP_ACT_LOG },
	{ "SCMP_ACT_NOTIFY", SECCOMP_ACT_NOTIFY },
	{ "SCMP_ACT_TRACE", SECCOMP_ACT_TRACE },
	{ "SCMP_ACT_TRAP", SECCOMP_ACT_TRAP }, { NULL, 0 },
};

const struct name_val tab_seccomp_ops[] = {
	{ "SCMP_CMP_EQ", SECCOMP_OP_EQ }, { "SCMP_CMP_GE", SECCOMP_OP_GE },
	{ "SCMP_CMP_GT", SECCOMP_OP_GT }, { "SCMP_CMP_LE", SECCOMP_OP_LE },
	{ "SCMP_CMP_LT", SECCOMP_OP_LT },
	{ "SCMP_CMP_MASKED_EQ", SECCOMP_OP_MASKED_EQ },
	{ "SCMP_CMP_NE", SECCOMP_OP_NE }, { NULL, 0 },
};

/*
 * Every architecture name the spec lists, with its AUDIT_ARCH value (x32
 * shares x86_64's and is told apart by bit 30 of the syscall number).
 */
const struct name_val tab_seccomp_archs[] = {
	{ "SCMP_ARCH_AARCH64", 0xC00000B7L }, { "SCMP_ARCH_ARM", 0x40000028L },
	{ "SCMP_ARCH_LOONGARCH64", 0xC0000102L },
	{ "SCMP_ARCH_M68K", 0x00000004L },
	{ "SCMP_ARCH_MIPS", 0x00000008L }, { "SCMP_ARCH_MIPS64", 0x80000008L },
	{ "SCMP_ARCH_MIPS64N32", 0xA0000008L },
	{ "SCMP_ARCH_MIPSEL", 0x40000008L },
	{ "SCMP_ARCH_MIPSEL64", 0xC0000008L },
	{ "SCMP_ARCH_MIPSEL64N32", 0xE0000008L },
	{ "SCMP_ARCH_PARISC", 0x0000000FL },
	{ "SCMP_ARCH_PARISC64", 0x8000000FL },
	{ "SCMP_ARCH_PPC", 0x00000014L }, { "SCMP_ARCH_PPC64", 0x80000015L },
	{ "SCMP_ARCH_PPC64LE", 0xC0000015L },
	{ "SCMP_ARCH_RISCV64", 0xC00000F3L },
	{ "SCMP_ARCH_S390", 0x00000016L }, { "SCMP_ARCH_S390X", 0x80000016L },
	{ "SCMP_ARCH_SH", 0x4000002AL }, { "SCMP_ARCH_SHEB", 0x0000002AL },
	{ "SCMP_ARCH_X32", 0xC000003EL }, { "SCMP_ARCH_X86", 0x40000003L },
	{ "SCMP_ARCH_X86_64", 0xC000003EL }, { NULL, 0 },
};

const struct name_val tab_seccomp_flags[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", 1 },
	{ "SECCOMP_FILTER_FLAG_LOG", 2 },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4 },
	{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32 }, { NULL, 0 },
};

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef MS_LAZYTIME
#define MS_LAZYTIME (1 << 25)
#endif

/* MOUNT_ATTR_* (linux/mount.h), for the recursive r* options. */
enum {
	MATTR_RDONLY = 0x1, MATTR_NOSUID = 0x2, MATTR_NODEV = 0x4,
	MATTR_NOEXEC = 0x8, MATTR_RELATIME = 0x0, MATTR_NOATIME = 0x10,
	MATTR_STRICTATIME = 0x20, MATTR_NODIRATIME = 0x80,
	MATTR_NOSYMFOLLOW = 0x200000,
};

/* Sorted by name: `features` prints it in this order. */
const struct mount_opt tab_mount_opts[] = {
	{ "async", MOPT_CLEAR, MS_SYNCHRONOUS },
	{ "atime", MOPT_CLEAR, MS_NOATIME },
	{ "bind", MOPT_BIND, MS_BIND },
	{ "defaults", MOPT_FLAG, 0 },
	{ "dev", MOPT_CLEAR, MS_NODEV },
	{ "diratime", MOPT_CLEAR, MS_NODIRATIME },
	{ "dirsync", MOPT_FLAG, MS_DIRSYNC },
	{ "exec", MOPT_CLEAR, MS_NOEXEC },
	{ "idmap", MOPT_IDMAP, 0 },
	{ "iversion", MOPT_FLAG, MS_I_VERSION },
	{ "lazytime", MOPT_FLAG, MS_LAZYTIME },
	{ "loud", MOPT_CLEAR, MS_SILENT },
	{ "mand", MOPT_FLAG, MS_MANDLOCK },
	{ "noatime", MOPT_ATIME, MS_NOATIME },
	{ "nodev", MOPT_FLAG, MS_NODEV },
	{ "nodiratime", MOPT_FLAG, MS_NODIRATIME },
	{ "noexec", MOPT_FLAG, MS_NOEXEC },
	{ "noiversion", MOPT_CLEAR, MS_I_VERSION },
	{ "nolazytime", MOPT_CLEAR, MS_LAZYTIME },
	{ "nomand", MOPT_CLEAR, MS_MANDLOCK },
	{ "norelatime", MOPT_CLEAR, MS_RELATIME },
	{ "nostrictatime", MOPT_CLEAR, MS_STRICTATIME },
	{ "nosuid", MOPT_FLAG, MS_NOSUID },
	{ "nosymfollow", MOPT_FLAG, MS_NOSYMFOLLOW },
	{ "private", MOPT_PROPAGATION, MS_PRIVATE },
	{ "ratime", MOPT_RATTR_CLEAR, MATTR_NOATIME },
	{ "rbind", MOPT_BIND, MS_BIND | MS_REC },
	{ "rdev", MOPT_RATTR_CLEAR, MATTR_NODEV },
	{ "rdiratime", MOPT_RATTR_CLEAR, MATTR_NODIRATIME },
	{ "relatime", MOPT_ATIME, MS_RELATIME },
	{ "remount", MOPT_FLAG, MS_REMOUNT },
	{ "rexec", MOPT_RATTR_CLEAR, MATTR_NOEXEC },
	{ "ridmap", MOPT_IDMAP, 1 },
	{ "rnoatime", MOPT_RATIME, MATTR_NOATIME },
	{ "rnodev", MOPT_RATTR_SET, MATTR_NODEV },
	{ "rnodiratime", MOPT_RATTR_SET, MATTR_NODIRATIME },
	{ "rnoexec", MOPT_RATTR_SET, MATTR_NOEXEC },
	{ "rnorelatime", MOPT_RATTR_CLEAR, MATTR_RELATIME },
	{ "rnostrictatime", MOPT_RATTR_CLEAR, MATTR_STRICTATIME },
	{ "rnosuid", MOPT_RATTR_SET, MATTR_NOSUID },
	{ "rnosymfollow", MOPT_RATTR_SET, MATTR_NOSYMFOLLOW },
	{ "ro", MOPT_FLAG, MS_RDONLY },
	{ "rprivate", MOPT_PROPAGATION, MS_PRIVATE | MS_REC },
	{ "rrelatime", MOPT_RATIME, MATTR_RELATIME },
	{ "rro", MOPT_RATTR_SET, MATTR_RDONLY },
	{ "rrw", MOPT_RATTR_CLEAR, MATTR_RDONLY },
	{ "rshared", MOPT_PROPAGATION, MS_SHARED | MS_REC },
	{ "rslave", MOPT_PROPAGATION, MS_SLAVE | MS_REC },
	{ "rstrictatime", MOPT_RATIME, MATTR_STRICTATIME },
	{ "rsuid", MOPT_RATTR_CLEAR, MATTR_NOSUID },
	{ "rsymfollow", MOPT_RATTR_CLEAR, MATTR_NOSYMFOLLOW },
	{ "runbindable", MOPT_PROPAGATION, MS_UNBINDABLE | MS_REC },
	{ "rw", MOPT_CLEAR, MS_RDONLY },
	{ "shared", MOPT_PROPAGATION, MS_SHARED },
	{ "silent", MOPT_FLAG, MS_SILENT },
	{ "slave", MOPT_PROPAGATION, MS_SLAVE },
	{ "strictatime", MOPT_ATIME, MS_STRICTATIME },
	{ "suid", MOPT_CLEAR, MS_NOSUID },
	{ "symfollow", MOPT_CLEAR, MS_NOSYMFOLLOW },
	{ "sync", MOPT_FLAG, MS_SYNCHRONOUS },
	{ "tmpcopyup", MOPT_TMPCOPYUP, 0 },
	{ "unbindable", MOPT_PROPAGATION, MS_UNBINDABLE },
	{ NULL, 0, 0 },
};

const struct mount_opt *mount_opt_find(const char *name)
{
	const struct mount_opt *o;

	for (o = tab_mount_opts; o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}
