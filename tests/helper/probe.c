// SPDX-License-Identifier: MIT
/*
 * probe: runs inside a container and reports what the process sees, or
 * tries one thing and turns the errno into its exit status. Static, musl
 * only, no kernel headers (the few constants it needs are defined here).
 *
 *   probe                    one JSON object: ids, caps, limits, mounts, ...
 *   probe fds                JSON array of the open fds and their targets
 *   probe stat PATH          JSON object: lstat + statfs of PATH
 *   probe read PATH          copy PATH to stdout; exit 0 or errno
 *   probe write PATH [DATA]  open(O_WRONLY|O_CREAT) and write DATA (default
 *                            "probe\n"); exit 0 or errno
 *   probe exit N             exit with status N
 *   probe sleep S            sleep S seconds (as pid 1, SIGTERM, SIGINT,
 *                            SIGHUP, SIGQUIT, SIGUSR1/2 make it exit 128+sig,
 *                            since init ignores signals it has no handler for)
 *   probe signal-wait        block signals, print "ready", wait for one,
 *                            print its name (SIGTERM, ...) and exit 0
 *   probe kill-self SIG      kill(getpid(), SIG) (a no-op for pid 1)
 *   probe try-open-exe [S [MATCH]]
 *                            CVE-2019-5736 class: open /proc/self/exe,
 *                            /proc/1/exe and the parent's exe for writing,
 *                            then for S seconds (default 0) hold an O_PATH
 *                            fd to every /proc/PID/exe it can see and retry
 *                            opening it for writing through /proc/self/fd.
 *                            Opening never truncates; a marker line is
 *                            appended only to an exe whose link target
 *                            contains MATCH (so a broken sandbox cannot
 *                            damage anything else). JSON report; exit 0 if
 *                            every open failed, 3 if any succeeded.
 *
 * Unlimited rlimits are reported as -1; umask as a number (what config.json
 * holds); capability sets as the hex strings of /proc/self/status.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---- JSON output ------------------------------------------------------ */

static int depth;
static int first[64];

static void jstr(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void key(const char *k)
{
	if (!first[depth])
		putchar(',');
	first[depth] = 0;
	if (k) {
		jstr(k);
		putchar(':');
	}
}

static void obj_open(const char *k)
{
	key(k);
	putchar('{');
	first[++depth] = 1;
}

static void obj_close(void)
{
	putchar('}');
	depth--;
}

static void arr_open(const char *k)
{
	key(k);
	putchar('[');
	first[++depth] = 1;
}

static void arr_close(void)
{
	putchar(']');
	depth--;
}

static void kstr(const char *k, const char *v)
{
	key(k);
	if (v)
		jstr(v);
	else
		fputs("null", stdout);
}

static void knum(const char *k, long long v)
{
	key(k);
	printf("%lld", v);
}

static void kbool(const char *k, int v)
{
	key(k);
	fputs(v ? "true" : "false", stdout);
}

/* ---- small utilities --------------------------------------------------- */

static const struct {
	int num;
	const char *name;
} errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
	{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
	{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
	{ EMFILE, "EMFILE" }, { ETXTBSY, "ETXTBSY" }, { EFBIG, "EFBIG" },
	{ ENOSPC, "ENOSPC" }, { EROFS, "EROFS" }, { EMLINK, "EMLINK" },
	{ ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
	{ ELOOP, "ELOOP" }, { EOPNOTSUPP, "EOPNOTSUPP" },
};

static const char *errname(int e, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof errnames / sizeof errnames[0]; i++)
		if (errnames[i].num == e)
			return errnames[i].name;
	snprintf(buf, n, "E%d", e);
	return buf;
}

static const char *const signames[32] = {
	[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL",
	[5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
	[9] = "SIGKILL", [10] = "SIGUSR1", [11] = "SIGSEGV", [12] = "SIGUSR2",
	[13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM", [16] = "SIGSTKFLT",
	[17] = "SIGCHLD", [18] = "SIGCONT", [19] = "SIGSTOP", [20] = "SIGTSTP",
	[21] = "SIGTTIN", [22] = "SIGTTOU", [23] = "SIGURG", [24] = "SIGXCPU",
	[25] = "SIGXFSZ", [26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH",
	[29] = "SIGIO", [30] = "SIGPWR", [31] = "SIGSYS",
};

/* Reads a whole (small, /proc) file into buf, NUL-terminated; -1 on error. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		ssize_t r = read(fd, buf + len, size - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	return (ssize_t)len;
}

/* Value of "Key:\t..." in /proc/self/status (trimmed), or NULL. */
static char status_buf[16384];

static const char *status_field(const char *name, char *out, size_t n)
{
	size_t kl = strlen(name);
	for (char *line = status_buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (!strncmp(line, name, kl) && line[kl] == ':') {
			char *v = line + kl + 1;
			size_t l;
			while (*v == ' ' || *v == '\t')
				v++;
			l = nl ? (size_t)(nl - v) : strlen(v);
			if (l >= n)
				l = n - 1;
			memcpy(out, v, l);
			out[l] = 0;
			return out;
		}
		line = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static char *readlink_str(const char *path, char *buf, size_t n)
{
	ssize_t r = readlink(path, buf, n - 1);
	if (r < 0)
		return NULL;
	buf[r] = 0;
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the report sections ----------------------------------------------- */

static void emit_fds(const char *k)
{
	DIR *d = opendir("/proc/self/fd");
	int self = d ? dirfd(d) : -1;
	int fds[1024];
	size_t n = 0;
	struct dirent *e;

	arr_open(k);
	if (!d) {
		arr_close();
		return;
	}
	while ((e = readdir(d)) && n < sizeof fds / sizeof fds[0]) {
		int fd;
		if (e->d_name[0] == '.')
			continue;
		fd = atoi(e->d_name);
		if (fd != self)
			fds[n++] = fd;
	}
	closedir(d);
	for (size_t i = 1; i < n; i++)   /* insertion sort: n is small */
		for (size_t j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
			int t = fds[j];
			fds[j] = fds[j - 1];
			fds[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		char p[64], t[PATH_MAX];
		snprintf(p, sizeof p, "/proc/self/fd/%d", fds[i]);
		obj_open(NULL);
		knum("fd", fds[i]);
		kstr("target", readlink_str(p, t, sizeof t));
		obj_close();
	}
	arr_close();
}

/* Undo mountinfo's octal escapes (\040 space, \011 tab, \012, \134) in place. */
static char *unoct(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
		    r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return s;
}

static char big[1 << 20];

static void emit_mounts(void)
{
	arr_open("mounts");
	if (slurp("/proc/self/mountinfo", big, sizeof big) < 0) {
		arr_close();
		return;
	}
	for (char *line = big; *line;) {
		char *nl = strchr(line, '\n');
		char *f[32];
		int nf = 0, dash = -1;
		char optional[512] = "";

		if (nl)
			*nl = 0;
		for (char *tok = strtok(line, " "); tok && nf < 32; tok = strtok(NULL, " ")) {
			if (dash < 0 && nf >= 6 && !strcmp(tok, "-"))
				dash = nf;
			f[nf++] = tok;
		}
		if (dash >= 6 && nf >= dash + 4) {
			for (int i = 6; i < dash; i++) {
				if (optional[0])
					strncat(optional, " ", sizeof optional - strlen(optional) - 1);
				strncat(optional, f[i], sizeof optional - strlen(optional) - 1);
			}
			obj_open(NULL);
			knum("id", atoll(f[0]));
			knum("parent", atoll(f[1]));
			kstr("dev", f[2]);
			kstr("root", unoct(f[3]));
			kstr("target", unoct(f[4]));
			kstr("options", f[5]);
			kstr("optional", optional);
			kstr("fstype", f[dash + 1]);
			kstr("source", unoct(f[dash + 2]));
			kstr("super", f[dash + 3]);
			obj_close();
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	arr_close();
}

static void emit_namespaces(void)
{
	static const char *const names[] = { "cgroup", "ipc", "mnt", "net", "pid",
		"pid_for_children", "time", "time_for_children", "user", "uts" };

	obj_open("namespaces");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char p[64], t[128], *b;
		snprintf(p, sizeof p, "/proc/self/ns/%s", names[i]);
		if (!readlink_str(p, t, sizeof t))
			continue;
		b = strchr(t, '[');
		knum(names[i], b ? atoll(b + 1) : -1);
	}
	obj_close();
}

static void emit_lines(const char *k, const char *path)
{
	char buf[16384];
	arr_open(k);
	if (slurp(path, buf, sizeof buf) >= 0) {
		for (char *line = buf; *line;) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = 0;
			kstr(NULL, line);
			if (!nl)
				break;
			line = nl + 1;
		}
	}
	arr_close();
}

static const struct {
	int res;
	const char *name;
} rlims[] = {
	{ RLIMIT_CPU, "RLIMIT_CPU" }, { RLIMIT_FSIZE, "RLIMIT_FSIZE" },
	{ RLIMIT_DATA, "RLIMIT_DATA" }, { RLIMIT_STACK, "RLIMIT_STACK" },
	{ RLIMIT_CORE, "RLIMIT_CORE" }, { RLIMIT_RSS, "RLIMIT_RSS" },
	{ RLIMIT_NPROC, "RLIMIT_NPROC" }, { RLIMIT_NOFILE, "RLIMIT_NOFILE" },
	{ RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK" }, { RLIMIT_AS, "RLIMIT_AS" },
	{ RLIMIT_LOCKS, "RLIMIT_LOCKS" }, { RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING" },
	{ RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE" }, { RLIMIT_NICE, "RLIMIT_NICE" },
	{ RLIMIT_RTPRIO, "RLIMIT_RTPRIO" }, { RLIMIT_RTTIME, "RLIMIT_RTTIME" },
};

static long long rl(rlim_t v)
{
	return v == RLIM_INFINITY ? -1 : (long long)v;
}

static void emit_rlimits(void)
{
	obj_open("rlimits");
	for (size_t i = 0; i < sizeof rlims / sizeof rlims[0]; i++) {
		struct rlimit r;
		if (getrlimit(rlims[i].res, &r) < 0)
			continue;
		obj_open(rlims[i].name);
		knum("soft", rl(r.rlim_cur));
		knum("hard", rl(r.rlim_max));
		obj_close();
	}
	obj_close();
}

static char ftype(mode_t m)
{
	return S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISDIR(m) ? 'd' :
	       S_ISLNK(m) ? 'l' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : 'f';
}

/* Members of a struct stat as JSON fields (the caller opened the object). */
static void stat_fields(const char *path, const struct stat *st)
{
	char buf[32], t[PATH_MAX];

	snprintf(buf, sizeof buf, "%c", ftype(st->st_mode));
	kstr("type", buf);
	snprintf(buf, sizeof buf, "%04o", (unsigned)(st->st_mode & 07777));
	kstr("mode", buf);
	knum("uid", st->st_uid);
	knum("gid", st->st_gid);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		snprintf(buf, sizeof buf, "%u:%u", major(st->st_rdev), minor(st->st_rdev));
		kstr("rdev", buf);
	}
	if (S_ISLNK(st->st_mode))
		kstr("link", readlink_str(path, t, sizeof t));
	knum("size", (long long)st->st_size);
	knum("ino", (long long)st->st_ino);
}

static void emit_dev_dir(const char *dir, const char *prefix, int recurse)
{
	DIR *d = opendir(dir);
	char *names[512];
	size_t n = 0;
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) && n < sizeof names / sizeof names[0]) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof names[0], cmp_str);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX], name[PATH_MAX];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(name, sizeof name, "%s%s", prefix, names[i]);
		if (lstat(path, &st) == 0) {
			obj_open(NULL);
			kstr("name", name);
			stat_fields(path, &st);
			obj_close();
			if (recurse && S_ISDIR(st.st_mode)) {
				char sub[PATH_MAX + 2];
				snprintf(sub, sizeof sub, "%s/", name);
				emit_dev_dir(path, sub, 0);
			}
		}
		free(names[i]);
	}
}

static void emit_ttys(void)
{
	arr_open("tty");
	for (int fd = 0; fd < 3; fd++) {
		char name[256];
		int is = isatty(fd);
		obj_open(NULL);
		knum("fd", fd);
		kbool("isatty", is);
		kstr("name", is && ttyname_r(fd, name, sizeof name) == 0 ? name : NULL);
		if (is) {
			struct winsize ws;
			if (ioctl(fd, TIOCGWINSZ, &ws) == 0) {
				knum("rows", ws.ws_row);
				knum("cols", ws.ws_col);
			}
		}
		obj_close();
	}
	arr_close();
}

/* Field N (1-based, as in proc(5)) of /proc/self/stat. */
static long long stat_field(int n)
{
	char buf[4096], *p;
	if (slurp("/proc/self/stat", buf, sizeof buf) < 0 || !(p = strrchr(buf, ')')))
		return -1;
	p++;
	for (int i = 3; i <= n; i++) {
		while (*p == ' ')
			p++;
		if (i == n)
			return atoll(p);
		while (*p && *p != ' ')
			p++;
	}
	return -1;
}

static int report(int argc, char **argv)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	gid_t groups[NGROUPS_MAX];
	int ng;
	char buf[PATH_MAX], v[256];
	struct utsname un;
	mode_t um;
	cpu_set_t cpus;

	if (slurp("/proc/self/status", status_buf, sizeof status_buf) < 0)
		status_buf[0] = 0;
	getresuid(&ru, &eu, &su);
	getresgid(&rg, &eg, &sg);
	ng = getgroups(NGROUPS_MAX, groups);
	um = umask(0);
	umask(um);

	obj_open(NULL);
	knum("pid", getpid());
	knum("ppid", getppid());
	knum("pgid", getpgid(0));
	knum("sid", getsid(0));
	knum("tty_nr", stat_field(7));
	knum("uid", ru);
	knum("euid", eu);
	knum("suid", su);
	knum("gid", rg);
	knum("egid", eg);
	knum("sgid", sg);
	arr_open("groups");
	for (int i = 0; i < ng; i++)
		knum(NULL, groups[i]);
	arr_close();
	obj_open("caps");
	for (int i = 0; i < 5; i++) {
		static const char *const c[] = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" };
		kstr(c[i], status_field(c[i], v, sizeof v));
	}
	obj_close();
	knum("no_new_privs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	knum("seccomp", status_field("Seccomp", v, sizeof v) ? atoi(v) : -1);
	knum("seccomp_filters", status_field("Seccomp_filters", v, sizeof v) ? atoi(v) : -1);
	knum("dumpable", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	knum("securebits", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	kstr("sigblk", status_field("SigBlk", v, sizeof v));
	kstr("sigign", status_field("SigIgn", v, sizeof v));
	knum("umask", um);
	kstr("cwd", getcwd(buf, sizeof buf));
	kstr("exe", readlink_str("/proc/self/exe", buf, sizeof buf));
	arr_open("args");
	for (int i = 0; i < argc; i++)
		kstr(NULL, argv[i]);
	arr_close();
	arr_open("env");
	for (char **e = environ; *e; e++)
		kstr(NULL, *e);
	arr_close();
	uname(&un);
	kstr("hostname", un.nodename);
	kstr("domainname", un.domainname);
	emit_rlimits();
	{
		char o[64];
		knum("oom_score_adj", slurp("/proc/self/oom_score_adj", o, sizeof o) > 0 ?
			atoll(o) : -9999);
	}
	{
		char l[512];
		ssize_t r = slurp("/proc/self/attr/current", l, sizeof l);
		if (r > 0)
			l[strcspn(l, "\n")] = 0;
		kstr("label", r >= 0 ? l : NULL);
	}
	emit_fds("fds");
	emit_mounts();
	emit_namespaces();
	emit_lines("cgroup", "/proc/self/cgroup");
	knum("personality", personality(0xffffffff));
	{
		struct { int prio; } sp = { 0 };
		long pol = syscall(SYS_sched_getscheduler, 0);
		obj_open("sched");
		knum("policy", pol);
		knum("priority", syscall(SYS_sched_getparam, 0, &sp) == 0 ? sp.prio : -1);
		errno = 0;
		knum("nice", getpriority(PRIO_PROCESS, 0));
		obj_close();
	}
	{
		long io = syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
		obj_open("ioprio");
		knum("class", io < 0 ? -1 : io >> 13);
		knum("priority", io < 0 ? -1 : io & 0x1fff);
		obj_close();
	}
	arr_open("cpus");
	if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
		for (int i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &cpus))
				knum(NULL, i);
	arr_close();
	emit_ttys();
	arr_open("dev");
	emit_dev_dir("/dev", "", 1);
	arr_close();
	obj_close();
	putchar('\n');
	return fflush(stdout) ? 1 : 0;
}

/* ---- subcommands -------------------------------------------------------- */

static int fail(const char *what, const char *path)
{
	int e = errno;
	char b[16];
	fprintf(stderr, "probe: %s \"%s\": %s (%s)\n", what, path, strerror(e), errname(e, b, sizeof b));
	return e ? (e > 255 ? 255 : e) : 1;
}

static int cmd_read(const char *path)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return fail("open", path);
	while ((r = read(fd, buf, sizeof buf)) > 0)
		if (fwrite(buf, 1, (size_t)r, stdout) != (size_t)r)
			return 1;
	if (r < 0)
		return fail("read", path);
	close(fd);
	return fflush(stdout) ? 1 : 0;
}

static int cmd_write(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	size_t len = strlen(data);

	if (fd < 0)
		return fail("open", path);
	if (write(fd, data, len) != (ssize_t)len)
		return fail("write", path);
	if (close(fd) < 0)
		return fail("close", path);
	return 0;
}

static int cmd_stat(const char *path)
{
	struct stat st;
	struct statfs sf;

	if (lstat(path, &st) < 0)
		return fail("lstat", path);
	obj_open(NULL);
	kstr("path", path);
	stat_fields(path, &st);
	if (statfs(path, &sf) == 0) {
		char m[32];
		snprintf(m, sizeof m, "0x%lx", (unsigned long)sf.f_type);
		kstr("fs_magic", m);
		knum("fs_flags", (long long)sf.f_flags);
	}
	obj_close();
	putchar('\n');
	return fflush(stdout) ? 1 : 0;
}

static void on_term(int sig)
{
	_exit(128 + sig);
}

static int cmd_sleep(const char *arg)
{
	double s = strtod(arg, NULL);
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	if (getpid() == 1) {
		static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			signal(sigs[i], on_term);
	}
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}

static int cmd_signal_wait(void)
{
	sigset_t all;
	siginfo_t si;
	int sig;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	printf("ready\n");
	fflush(stdout);
	do
		sig = sigwaitinfo(&all, &si);
	while (sig < 0 && errno == EINTR);
	if (sig < 0)
		return fail("sigwaitinfo", "");
	if (sig < 32 && signames[sig])
		printf("%s\n", signames[sig]);
	else
		printf("SIG%d\n", sig);
	return fflush(stdout) ? 1 : 0;
}

/* try-open-exe ---------------------------------------------------------- */

#define MAX_TRACK 256
static struct track {
	int pid;
	int fd;              /* O_PATH fd to the exe, -1 if none */
	int err;             /* last errno of an open for writing */
	int opened;
	char exe[256];
} tracked[MAX_TRACK];
static size_t ntracked;
static int nopened;

static const char marker[] = "\n#probe-was-here (CVE-2019-5736 check)\n";
static const char *match;

/* Tries to open PATH (whose link target is TARGET) for writing; on success
 * appends the marker if TARGET contains `match`. */
static int try_write(const char *path, const char *target, int *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return 0;
	}
	if (match && *match && target && strstr(target, match) &&
	    write(fd, marker, sizeof marker - 1) < 0)
		*err = errno;
	close(fd);
	nopened++;
	return 1;
}

static void track_scan(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int self = getpid();

	if (!d)
		return;
	while ((e = readdir(d))) {
		int pid = atoi(e->d_name);
		size_t i;
		char p[64];
		if (pid <= 0 || pid == self)
			continue;
		for (i = 0; i < ntracked; i++)
			if (tracked[i].pid == pid)
				break;
		if (i < ntracked || ntracked == MAX_TRACK)
			continue;
		tracked[i].pid = pid;
		snprintf(p, sizeof p, "/proc/%d/exe", pid);
		if (!readlink_str(p, tracked[i].exe, sizeof tracked[i].exe))
			snprintf(tracked[i].exe, sizeof tracked[i].exe, "?");
		tracked[i].fd = open(p, O_PATH | O_CLOEXEC);
		tracked[i].err = tracked[i].fd < 0 ? errno : 0;
		ntracked++;
	}
	closedir(d);
}

static void track_retry(void)
{
	for (size_t i = 0; i < ntracked; i++) {
		char p[64];
		if (tracked[i].fd < 0 || tracked[i].opened)
			continue;
		snprintf(p, sizeof p, "/proc/self/fd/%d", tracked[i].fd);
		tracked[i].opened = try_write(p, tracked[i].exe, &tracked[i].err);
	}
}

static int cmd_try_open_exe(const char *secs, const char *m)
{
	double s = secs ? strtod(secs, NULL) : 0;
	char ppid[64], b[16], t[256];
	const char *direct[] = { "/proc/self/exe", "/proc/1/exe", ppid };
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	match = m;
	snprintf(ppid, sizeof ppid, "/proc/%d/exe", getppid());
	obj_open(NULL);
	arr_open("direct");
	for (size_t i = 0; i < 3; i++) {
		const char *target = readlink_str(direct[i], t, sizeof t);
		int err = 0, ok = try_write(direct[i], target, &err);
		obj_open(NULL);
		kstr("path", direct[i]);
		kstr("target", target);
		kstr("result", ok ? "opened" : errname(err, b, sizeof b));
		obj_close();
	}
	arr_close();
	for (long n = (long)(s * 100); n >= 0; n--) {
		track_scan();
		track_retry();
		if (n)
			nanosleep(&tick, NULL);
	}
	arr_open("held");
	for (size_t i = 0; i < ntracked; i++) {
		obj_open(NULL);
		knum("pid", tracked[i].pid);
		kstr("exe", tracked[i].exe);
		kstr("result", tracked[i].opened ? "opened" :
			errname(tracked[i].err, b, sizeof b));
		obj_close();
	}
	arr_close();
	knum("opened", nopened);
	obj_close();
	putchar('\n');
	fflush(stdout);
	return nopened ? 3 : 0;
}

static int usage(void)
{
	fputs("usage: probe [fds | stat PATH | read PATH | write PATH [DATA] | exit N |\n"
	      "             sleep S | signal-wait | kill-self SIG | try-open-exe [S [MATCH]]]\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : NULL;

	first[0] = 1;
	if (!c)
		return report(argc, argv);
	if (!strcmp(c, "fds") && argc == 2) {
		emit_fds(NULL);
		putchar('\n');
		return fflush(stdout) ? 1 : 0;
	}
	if (!strcmp(c, "stat") && argc == 3)
		return cmd_stat(argv[2]);
	if (!strcmp(c, "read") && argc == 3)
		return cmd_read(argv[2]);
	if (!strcmp(c, "write") && (argc == 3 || argc == 4))
		return cmd_write(argv[2], argc == 4 ? argv[3] : "probe\n");
	if (!strcmp(c, "exit") && argc == 3)
		return atoi(argv[2]);
	if (!strcmp(c, "sleep") && argc == 3)
		return cmd_sleep(argv[2]);
	if (!strcmp(c, "signal-wait") && argc == 2)
		return cmd_signal_wait();
	if (!strcmp(c, "kill-self") && argc == 3) {
		if (kill(getpid(), atoi(argv[2])) < 0)
			return fail("kill", argv[2]);
		return 0;
	}
	if (!strcmp(c, "try-open-exe") && argc <= 4)
		return cmd_try_open_exe(argc >= 3 ? argv[2] : NULL, argc == 4 ? argv[3] : NULL);
	if (!strcmp(c, "report"))   /* the report, with extra args to show */
		return report(argc, argv);
	return usage();
}
