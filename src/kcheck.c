// SPDX-License-Identifier: MIT
/*
 * `runlet check`'s probes (see kcheck.h). Each syscall probe passes
 * arguments the kernel refuses before it does anything: an unknown flag, a
 * size below the smallest struct, an fd of -1, a NULL pointer where a
 * struct must be copied. ENOSYS then means "absent" (an old kernel,
 * qemu-user, a seccomp filter), any other errno "present". The one probe
 * that succeeds (openat2 of "/" as O_PATH) closes what it opened.
 *
 * The "uses" strings repeat the decisions the container code makes on its
 * own (process.c, rootfs.c, pathres.c, exeprot.c, container.c), so that
 * the report says what a create on this host will do.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cgroup.h"
#include "exeprot.h"
#include "kcheck.h"
#include "scmp.h"
#include "sys.h"
#include "tables.h"

#define KC_SECCOMP_SET_MODE_FILTER 1
#define KC_SECCOMP_FILTER_FLAG_NEW_LISTENER 8UL
#define KC_SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV 32UL

static const char *kc_errname(int err)
{
	static const struct { int e; const char *n; } names[] = {
		{ ENOSYS, "ENOSYS" }, { EINVAL, "EINVAL" }, { EBADF, "EBADF" },
		{ EPERM, "EPERM" }, { EFAULT, "EFAULT" }, { E2BIG, "E2BIG" },
		{ ENOENT, "ENOENT" }, { EACCES, "EACCES" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ESRCH, "ESRCH" }, { EBUSY, "EBUSY" }, { ENOMEM, "ENOMEM" },
		{ EMFILE, "EMFILE" }, { ENOTDIR, "ENOTDIR" }, { EXDEV, "EXDEV" },
	};
	static char other[16];
	size_t i;

	if (err == 0)
		return "ok";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == err)
			return names[i].n;
	snprintf(other, sizeof(other), "errno %d", err);
	return other;
}

/* errno of a probe that must fail; 0 if it did not (then it is present). */
static int kc_err(long r)
{
	return r < 0 ? errno : 0;
}

static struct kc_feature *kc_add(struct kc_report *r, const char *id,
				 const char *name, const char *since)
{
	struct kc_feature *f;

	if (r->n == KC_MAX_FEATURES)	/* a programming error: keep the last */
		r->n--;
	f = &r->f[r->n++];
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->name = name;
	f->since = since;
	return f;
}

static void kc_setf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void kc_setf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);	/* truncation is fine: a report */
	va_end(ap);
}

/* Records one syscall probe as "name: ERRNO" (appended, space-separated);
 * returns true when the syscall is present. */
static bool kc_note(struct kc_feature *f, const char *call, int err)
{
	size_t len = strlen(f->probe);

	snprintf(f->probe + len, sizeof(f->probe) - len, "%s%s: %s",
		 len ? ", " : "", call, kc_errname(err));
	return err != ENOSYS;
}

/* Same as kc_note, for a feature made of several syscalls: all present. */
static void kc_all(struct kc_feature *f, const char *call, int err)
{
	if (!kc_note(f, call, err))
		f->available = false;
}

bool kc_seccomp_flag_ok(unsigned long flag)
{
	/* A known flag with a NULL program fails with EFAULT (flags are
	 * checked before the program is copied); an unknown one with
	 * EINVAL. Nothing is installed either way. */
	if (flag == KC_SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
		flag |= KC_SECCOMP_FILTER_FLAG_NEW_LISTENER; /* only valid with it */
	return syscall(RL_NR_seccomp, SYS_ARG(KC_SECCOMP_SET_MODE_FILTER),
		       SYS_ARG(flag), SYS_PTR(NULL)) < 0 && errno == EFAULT;
}

/* ---- process creation -------------------------------------------------- */

static void kc_clone(struct kc_report *r, const struct cg *cg, bool cg_ok)
{
	struct sys_clone_args ca;
	struct kc_feature *f;
	int err;

	f = kc_add(r, "clone3", "clone3", ARCH_CLONE3_MAY_BE_ABSENT ? "5.3 (this arch: 7.0)" : "5.3");
	/* A size below the first struct version: EINVAL, nothing made. */
	err = kc_err(syscall(ARCH_NR_CLONE3, SYS_PTR(NULL), SYS_ARG(0)));
	f->available = kc_note(f, "clone3", err);
	f->fallback = "clone(2); unshare + fork when clone refuses namespace flags";
	kc_setf(f->uses, sizeof(f->uses), "%s", f->available ? "clone3 (CLONE_PIDFD)" : f->fallback);

	f = kc_add(r, "clone_into_cgroup", "clone3 CLONE_INTO_CGROUP", "5.7");
	/* clone_args with its cgroup field set and an invalid exit signal:
	 * from 5.7 the exit signal is refused (EINVAL); before, a size that
	 * covers a non-zero field the kernel does not know is E2BIG. */
	memset(&ca, 0, sizeof(ca));
	ca.flags = SYS_CLONE_INTO_CGROUP;
	ca.cgroup = 1;
	ca.exit_signal = 1ULL << 32;
	err = kc_err(syscall(ARCH_NR_CLONE3, SYS_PTR(&ca), SYS_ARG(sizeof(ca))));
	kc_note(f, "clone3 with cgroup", err);
	f->available = err != ENOSYS && err != E2BIG;
	f->fallback = "the pid is written to cgroup.procs before the init goes on";
	if (f->available && cg_ok && cg->mode == CG_V2)
		kc_setf(f->uses, sizeof(f->uses), "CLONE_INTO_CGROUP (cgroup v2 only)");
	else if (f->available)
		kc_setf(f->uses, sizeof(f->uses), "not used (%s): %s",
			!cg_ok ? "no cgroups" : cg->mode == CG_HYBRID ? "hybrid cgroups" : "cgroup v1",
			f->fallback);
	else
		kc_setf(f->uses, sizeof(f->uses), "%s", f->fallback);
}

static void kc_pidfd(struct kc_report *r)
{
	struct kc_feature *f = kc_add(r, "pidfd", "pidfd_open + pidfd_send_signal", "5.3");

	f->available = true;
	/* Unknown flags: EINVAL before the pid or fd is looked at. */
	kc_all(f, "pidfd_open", kc_err(sys_pidfd_open(0, ~0U)));
	kc_all(f, "pidfd_send_signal", kc_err(sys_pidfd_send_signal(-1, 0, NULL, ~0U)));
	f->fallback = "kill(2), after checking the pid's start time";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		f->available ? "pidfds (a reused pid cannot be signalled)" : f->fallback);
}

static void kc_close_range(struct kc_report *r)
{
	struct kc_feature *f = kc_add(r, "close_range", "close_range", "5.9");

	/* Unknown flags and first > last: EINVAL, nothing closed. */
	f->available = kc_note(f, "close_range", kc_err(sys_close_range(1, 0, ~0U)));
	f->fallback = "close(2) of every fd up to the highest one open";
	kc_setf(f->uses, sizeof(f->uses), "%s", f->available ? "close_range" : f->fallback);
}

/* ---- paths and mounts -------------------------------------------------- */

static void kc_openat2(struct kc_report *r)
{
	struct kc_feature *f = kc_add(r, "openat2", "openat2 RESOLVE_IN_ROOT", "5.6");
	struct sys_open_how how;
	int fd, err;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	how.resolve = SYS_RESOLVE_IN_ROOT | SYS_RESOLVE_NO_MAGICLINKS;
	fd = sys_openat2(AT_FDCWD, "/", &how, sizeof(how));
	err = kc_err(fd);
	if (fd >= 0)
		close(fd);
	kc_note(f, "openat2", err);
	f->available = err == 0;
	f->fallback = "a component-by-component O_NOFOLLOW walk";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		f->available ? "openat2 RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS" : f->fallback);
}

/* Returns what exeprot will need: open_tree and mount_setattr. */
static void kc_mounts(struct kc_report *r, bool *tree_ok, bool *setattr_ok)
{
	struct kc_feature *f;
	bool move_ok;
	int err;

	f = kc_add(r, "mount_api_bind", "open_tree + move_mount (detached binds)", "5.2");
	f->available = true;
	/* Unknown flags: EINVAL (move_mount without CAP_SYS_ADMIN: EPERM). */
	err = kc_err(sys_open_tree(-1, "", ~0U));
	kc_all(f, "open_tree", err);
	*tree_ok = err != ENOSYS;
	err = kc_err(sys_move_mount(-1, "", -1, "", ~0U));
	kc_all(f, "move_mount", err);
	move_ok = err != ENOSYS;
	f->fallback = "mount(MS_BIND) on /proc/self/fd/N, then the mount is found and checked again";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		f->available ? "open_tree(OPEN_TREE_CLONE) + move_mount onto the resolved fd" :
			       f->fallback);

	f = kc_add(r, "mount_api_fs", "fsopen + fsconfig + fsmount", "5.2");
	f->available = move_ok;
	kc_all(f, "fsopen", kc_err(sys_fsopen(NULL, ~0U)));
	kc_all(f, "fsconfig", kc_err(sys_fsconfig(-1, ~0U, NULL, NULL, 0)));
	kc_all(f, "fsmount", kc_err(sys_fsmount(-1, ~0U, ~0U)));
	if (!move_ok)
		kc_note(f, "move_mount", ENOSYS);
	f->fallback = "mount(2) on /proc/self/fd/N, then the mount is found and checked again";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		f->available ? "a detached filesystem (fsopen, fsmount) moved onto the resolved fd" :
			       f->fallback);

	f = kc_add(r, "mount_setattr", "mount_setattr", "5.12");
	/* Unknown AT_ flags: EINVAL before anything is looked up. */
	err = kc_err(sys_mount_setattr(-1, NULL, ~0U, NULL, 0));
	f->available = kc_note(f, "mount_setattr", err);
	*setattr_ok = f->available;
	f->fallback = "MS_REMOUNT|MS_BIND with the mount's current flags; the recursive options (rro, rnosuid, ...) are refused";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		f->available ? "mount_setattr (recursive options too)" : f->fallback);

	f = kc_add(r, "idmap", "idmapped mounts", "5.12");
	f->available = *tree_ok && *setattr_ok;
	kc_setf(f->probe, sizeof(f->probe), "open_tree %s, mount_setattr %s",
		*tree_ok ? "present" : "absent", *setattr_ok ? "present" : "absent");
	f->fallback = "none: a mount with uidMappings/gidMappings is refused";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		f->available ? "MOUNT_ATTR_IDMAP (the filesystem must support it)" : f->fallback);
}

static void kc_exeprot(struct kc_report *r, bool tree_ok, bool setattr_ok)
{
	struct kc_feature *f = kc_add(r, "exe_protection", "runtime binary protection", "5.12");
	const char *kind = exeprot_kind();

	f->available = tree_ok && setattr_ok;
	kc_setf(f->probe, sizeof(f->probe), "open_tree %s, mount_setattr %s",
		tree_ok ? "present" : "absent", setattr_ok ? "present" : "absent");
	f->fallback = "re-exec from a sealed memfd copy (writes fail with EPERM)";
	if (kind)
		kc_setf(f->uses, sizeof(f->uses), "none needed: the binary is on a %s", kind);
	else
		kc_setf(f->uses, sizeof(f->uses), "%s", f->available ?
			"re-exec from a detached read-only bind of the binary (writes fail with EROFS)" :
			f->fallback);
}

/* True if / is the mount namespace's own root mount (an initramfs, never
 * switch_root'ed): pivot_root then fails with EINVAL. In mountinfo such
 * a mount is its own parent. */
static int kc_root_is_ns_root(void)
{
	char line[4096], *p, *q;
	long id, parent;
	int found = -1, i;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return -1;
	/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT ..." */
	while (fgets(line, sizeof(line), f)) {
		id = strtol(line, &p, 10);
		parent = strtol(p, &q, 10);
		for (i = 0; i < 2 && q; i++)	/* to the blank before MOUNTPOINT */
			q = strchr(q + 1, ' ');
		if (q && !strncmp(q, " / ", 3))
			found = id == parent;	/* the last one is on top */
	}
	fclose(f);
	return found;
}

static void kc_pivot(struct kc_report *r)
{
	struct kc_feature *f = kc_add(r, "pivot_root", "pivot_root", "2.4");
	int ns_root = kc_root_is_ns_root();

	f->available = ns_root == 0;
	kc_setf(f->probe, sizeof(f->probe), "%s", ns_root < 0 ? "mountinfo unreadable" :
		ns_root ? "/ is the initial rootfs (initramfs)" : "/ is a mounted root");
	f->fallback = "MS_MOVE of the rootfs onto / and chroot (as --no-pivot)";
	kc_setf(f->uses, sizeof(f->uses), "%s", f->available ? "pivot_root" : f->fallback);
}

/* ---- namespaces, seccomp, cgroups ---------------------------------------- */

static void kc_ns(struct kc_report *r, const char *id, const char *name,
		  const char *since, const char *file, const char *fallback)
{
	struct kc_feature *f = kc_add(r, id, name, since);
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", file);
	f->available = access(path, F_OK) == 0;
	kc_setf(f->probe, sizeof(f->probe), "%s: %s", path, f->available ? "present" : "absent");
	f->fallback = fallback;
	kc_setf(f->uses, sizeof(f->uses), "%s", f->available ? "when the config asks for it" : fallback);
}

static void kc_userns(struct kc_report *r)
{
	struct kc_feature *f;
	char buf[32];
	long max = -1;
	FILE *fp;

	kc_ns(r, "userns", "user namespaces", "3.8", "user",
	      "none: a config with a user namespace fails at create");
	f = &r->f[r->n - 1];
	fp = fopen("/proc/sys/user/max_user_namespaces", "re");
	if (fp) {
		if (fgets(buf, sizeof(buf), fp))
			max = strtol(buf, NULL, 10);
		fclose(fp);
	}
	if (max >= 0) {
		size_t len = strlen(f->probe);

		snprintf(f->probe + len, sizeof(f->probe) - len, ", max_user_namespaces %ld", max);
		if (max == 0) {
			f->available = false;
			kc_setf(f->uses, sizeof(f->uses), "%s", f->fallback);
		}
	}
}

static void kc_seccomp(struct kc_report *r)
{
	const bool built = ARCH_HAS_SECCOMP_FILTER && scmp_available();
	const char *sv = scmp_lib_version();
	const struct name_val *t;
	struct kc_feature *f;
	char yes[96] = "", no[96] = "";
	int err;

	f = kc_add(r, "seccomp", "seccomp filters", "3.17");
	/* A NULL program: EFAULT where filter mode exists, EINVAL where the
	 * kernel has strict mode only (sparc), ENOSYS without seccomp(2). */
	err = kc_err(syscall(RL_NR_seccomp, SYS_ARG(KC_SECCOMP_SET_MODE_FILTER), SYS_ARG(0),
			     SYS_PTR(NULL)));
	kc_note(f, "seccomp", err);
	f->available = err == EFAULT;
	f->fallback = "none: a config with linux.seccomp is refused";
	if (!built)
		kc_setf(f->uses, sizeof(f->uses),
			"none: no seccomp in this build (%s); a config with linux.seccomp is refused",
			ARCH_NAME);
	else if (f->available)
		kc_setf(f->uses, sizeof(f->uses), "libseccomp %s BPF, loaded with seccomp(2)",
			sv ? sv : "?");
	else
		kc_setf(f->uses, sizeof(f->uses), "%s", f->fallback);

	f = kc_add(r, "seccomp_flags", "seccomp filter flags", "5.19");
	f->available = true;
	for (t = tab_seccomp_flags; t->name; t++) {
		const char *s = t->name + strlen("SECCOMP_FILTER_FLAG_");
		char *dst = kc_seccomp_flag_ok((unsigned long)t->val) ? yes : no;
		size_t len = strlen(dst);

		if (dst == no)
			f->available = false;
		snprintf(dst + len, sizeof(yes) - len, "%s%s", len ? " " : "", s);
	}
	kc_setf(f->probe, sizeof(f->probe), "known: %s%s%s", *yes ? yes : "none",
		*no ? "; unknown: " : "", no);
	f->fallback = "none: a filter asking for an unknown flag fails at create";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		!built ? "none (no seccomp in this build)" :
		f->available ? "the flags the config names" : f->fallback);

	f = kc_add(r, "seccomp_notify", "seccomp user notification", "5.0");
	f->available = kc_seccomp_flag_ok(KC_SECCOMP_FILTER_FLAG_NEW_LISTENER);
	kc_setf(f->probe, sizeof(f->probe), "SECCOMP_FILTER_FLAG_NEW_LISTENER: %s",
		f->available ? "known" : "unknown");
	f->fallback = "none: a filter with SCMP_ACT_NOTIFY fails at create";
	kc_setf(f->uses, sizeof(f->uses), "%s",
		!built ? "none (no seccomp in this build)" :
		f->available ? "the listener fd is sent to linux.seccomp.listenerPath" : f->fallback);
}

/* cg: what cg_prepare found (ok), or its error message. */
static void kc_cgroup(struct kc_report *r, const struct cg *cg, bool ok,
		      const char *msg)
{
	struct kc_feature *f = kc_add(r, "cgroup", "cgroups", "4.5 (v2)");
	unsigned v1 = 0;
	size_t i;

	f->available = ok;
	f->fallback = "none: with no cgroup mounted, create fails (--cgroup-manager disabled runs without)";
	if (!ok) {
		kc_setf(f->probe, sizeof(f->probe), "%s", msg);
		kc_setf(f->uses, sizeof(f->uses), "%s", f->fallback);
		return;
	}
	for (i = 0; i < cg->n; i++)
		v1 += !cg->h[i].v2;
	switch (cg->mode) {
	case CG_V2:
		kc_setf(f->probe, sizeof(f->probe), "v2 only: cgroup2 at %s", CG_ROOT);
		kc_setf(f->uses, sizeof(f->uses), "cgroup v2 (device rules as BPF programs: Linux 4.15)");
		break;
	case CG_HYBRID:
		kc_setf(f->probe, sizeof(f->probe), "hybrid: %u v1 hierarchies, cgroup2 at %s/unified",
			v1, CG_ROOT);
		kc_setf(f->uses, sizeof(f->uses), "v1 controllers, plus the unified hierarchy for placement");
		break;
	case CG_V1:
		kc_setf(f->probe, sizeof(f->probe), "v1 only: %u hierarchies under %s", v1, CG_ROOT);
		kc_setf(f->uses, sizeof(f->uses), "cgroup v1");
		break;
	}
}

void kc_probe(struct kc_report *r)
{
	struct rl_err e = { 0, 0, "" };
	struct utsname u;
	struct cg cg;
	char *end;
	bool cg_ok, tree_ok, setattr_ok;

	memset(r, 0, sizeof(*r));
	if (uname(&u) == 0) {
		snprintf(r->release, sizeof(r->release), "%s", u.release);
		snprintf(r->version, sizeof(r->version), "%s", u.version);
		snprintf(r->machine, sizeof(r->machine), "%s", u.machine);
	}
	r->major = (unsigned)strtoul(r->release, &end, 10);
	r->minor = *end == '.' ? (unsigned)strtoul(end + 1, NULL, 10) : 0;
	r->supported = r->major > KC_OLDEST_MAJOR ||
		       (r->major == KC_OLDEST_MAJOR && r->minor >= KC_OLDEST_MINOR);

	/* Detects the layout, opens the hierarchies' roots, creates nothing. */
	cg_ok = cg_prepare(&cg, NULL, "runlet-check", CGM_CGROUPFS, &e) == 0;
	kc_clone(r, &cg, cg_ok);
	kc_pidfd(r);
	kc_close_range(r);
	kc_openat2(r);
	kc_mounts(r, &tree_ok, &setattr_ok);
	kc_exeprot(r, tree_ok, setattr_ok);
	kc_pivot(r);
	kc_ns(r, "cgroupns", "cgroup namespaces", "4.6", "cgroup",
	      "none: a config with a cgroup namespace fails at create");
	kc_ns(r, "timens", "time namespaces", "5.6", "time",
	      "none: a config with a time namespace fails at create");
	kc_userns(r);
	kc_seccomp(r);
	kc_cgroup(r, &cg, cg_ok, e.msg);
	cg_free(&cg);
}
