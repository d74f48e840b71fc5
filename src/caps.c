// SPDX-License-Identifier: MIT
/*
 * Capability masks: resolved in the parent against the kernel and the
 * runtime's own sets, installed in the child with prctl and capset (v3).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "tables.h"

#define BIT(n) (1ULL << (n))

static long c_prctl(long op, long a2, long a3)
{
	return syscall(RL_NR_prctl, op, a2, a3, 0L, 0L);
}

uint64_t caps_all(int last_cap)
{
	if (last_cap < 0)
		return 0;
	if (last_cap >= CAPS_BITS - 1)
		return ~0ULL;
	return BIT(last_cap + 1) - 1;
}

int caps_last_cap(void)
{
	char buf[16];
	ssize_t n;
	int fd, v = 0, i;

	fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0 && buf[0] >= '0' && buf[0] <= '9') {
			for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
				v = v * 10 + (buf[i] - '0');
			if (i < 4)
				return v;
		}
	}
	/* No /proc: PR_CAPBSET_READ fails with EINVAL past the last cap. */
	if (c_prctl(CAPS_PR_CAPBSET_READ, 0, 0) < 0)
		return -1;
	for (i = 1; i < 256; i++)
		if (c_prctl(CAPS_PR_CAPBSET_READ, i, 0) < 0)
			break;
	return i - 1;
}

int caps_runtime_sets(bool userns, int last_cap, uint64_t *bounding,
		      uint64_t *permitted, struct rl_err *e)
{
	struct sys_cap_header h = { SYS_CAP_VERSION_3, 0 };
	struct sys_cap_data d[SYS_CAP_U32S];
	uint64_t eff, inh;
	long r;
	int i;

	*bounding = *permitted = 0;
	if (userns) {
		*bounding = *permitted = caps_all(last_cap);
		return 0;
	}
	memset(d, 0, sizeof(d));
	if (sys_capget(&h, d) < 0)
		return err_sys(e, errno, "capget");
	caps_from_data(d, &eff, permitted, &inh);
	for (i = 0; i <= last_cap && i < CAPS_BITS; i++) {
		r = c_prctl(CAPS_PR_CAPBSET_READ, i, 0);
		if (r < 0)
			return err_sys(e, errno, "read the bounding set");
		if (r)
			*bounding |= BIT(i);
	}
	return 0;
}

void caps_resolve(const uint64_t want[CAPSET_N], int last_cap, uint64_t g_bnd,
		  uint64_t g_prm, struct caps_plan *cp)
{
	uint64_t known = caps_all(last_cap), w[CAPSET_N], allow[CAPSET_N];
	int i;

	memset(cp, 0, sizeof(*cp));
	cp->last_cap = last_cap;
	for (i = 0; i < CAPSET_N; i++) {
		cp->unknown |= want[i] & ~known;
		w[i] = want[i] & known;
	}
	allow[CAPSET_BOUNDING] = g_bnd;
	allow[CAPSET_PERMITTED] = g_prm;
	cp->set[CAPSET_BOUNDING] = w[CAPSET_BOUNDING] & g_bnd;
	cp->set[CAPSET_PERMITTED] = w[CAPSET_PERMITTED] & g_prm;
	allow[CAPSET_EFFECTIVE] = cp->set[CAPSET_PERMITTED];
	allow[CAPSET_INHERITABLE] = cp->set[CAPSET_BOUNDING] & g_prm;
	cp->set[CAPSET_EFFECTIVE] = w[CAPSET_EFFECTIVE] & allow[CAPSET_EFFECTIVE];
	cp->set[CAPSET_INHERITABLE] = w[CAPSET_INHERITABLE] & allow[CAPSET_INHERITABLE];
	allow[CAPSET_AMBIENT] = cp->set[CAPSET_PERMITTED] & cp->set[CAPSET_INHERITABLE];
	cp->set[CAPSET_AMBIENT] = w[CAPSET_AMBIENT] & allow[CAPSET_AMBIENT];
	for (i = 0; i < CAPSET_N; i++)
		cp->ungranted[i] = w[i] & ~allow[i];
}

void caps_to_data(uint64_t effective, uint64_t permitted, uint64_t inheritable,
		  struct sys_cap_data d[SYS_CAP_U32S])
{
	int i;

	for (i = 0; i < SYS_CAP_U32S; i++) {
		d[i].effective = (uint32_t)(effective >> (32 * i));
		d[i].permitted = (uint32_t)(permitted >> (32 * i));
		d[i].inheritable = (uint32_t)(inheritable >> (32 * i));
	}
}

void caps_from_data(const struct sys_cap_data d[SYS_CAP_U32S], uint64_t *effective,
		    uint64_t *permitted, uint64_t *inheritable)
{
	int i;

	*effective = *permitted = *inheritable = 0;
	for (i = 0; i < SYS_CAP_U32S; i++) {
		*effective |= (uint64_t)d[i].effective << (32 * i);
		*permitted |= (uint64_t)d[i].permitted << (32 * i);
		*inheritable |= (uint64_t)d[i].inheritable << (32 * i);
	}
}

char *caps_names(uint64_t mask, char *buf, size_t cap)
{
	size_t n = 0;
	int i, r;

	if (!cap)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < CAPS_BITS && n < cap; i++) {
		const char *name;

		if (!(mask & BIT(i)))
			continue;
		name = tab_name(tab_caps, i);
		if (name)
			r = snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", name);
		else
			r = snprintf(buf + n, cap - n, "%s%d", n ? ", " : "", i);
		if (r < 0)
			break;
		n += (size_t)r;
	}
	return buf;
}

size_t caps_describe_ignored(const struct caps_plan *cp, char *buf, size_t cap)
{
	static const char *const set_names[CAPSET_N] = {
		"bounding", "effective", "inheritable", "permitted", "ambient",
	};
	char names[1024];
	size_t n = 0;
	bool first = true;
	int i, r;

	if (!cap)
		return 0;
	buf[0] = '\0';
	if (cp->unknown) {
		r = snprintf(buf, cap, "capabilities unknown to the kernel (last is %d): %s",
			     cp->last_cap, caps_names(cp->unknown, names, sizeof(names)));
		n = r < 0 ? 0 : (size_t)r;
	}
	for (i = 0; i < CAPSET_N && n < cap; i++) {
		if (!cp->ungranted[i])
			continue;
		r = snprintf(buf + n, cap - n, "%s%s: %s",
			     first ? (n ? "; not grantable here: " : "capabilities not grantable here: ")
				   : "; ",
			     set_names[i], caps_names(cp->ungranted[i], names, sizeof(names)));
		if (r < 0)
			break;
		n += (size_t)r;
		first = false;
	}
	return n < cap ? n : cap - 1;
}

/* ---- child side ------------------------------------------------------- */

static int cap_fail(struct child_err *ce, int errnum, const char *what, int cap)
{
	char num[24];
	const char *name = cap < CAPS_BITS ? tab_name(tab_caps, cap) : NULL;

	if (!name)
		name = c_utoa(num, sizeof(num), (uint64_t)cap);
	cerr(ce, errnum, what, NULL);
	c_strlcat(ce->msg, " ", sizeof(ce->msg));
	c_strlcat(ce->msg, name, sizeof(ce->msg));
	return -1;
}

int caps_drop_bounding(uint64_t keep, int last_cap, struct child_err *ce)
{
	long r;
	int i;

	for (i = 0; i <= last_cap; i++) {
		if (i < CAPS_BITS && (keep & BIT(i)))
			continue;
		r = c_prctl(CAPS_PR_CAPBSET_READ, i, 0);
		if (r < 0 && errno == EINVAL)
			break;          /* past the kernel's last cap after all */
		if (r == 0)
			continue;       /* already gone: no CAP_SETPCAP needed */
		if (c_prctl(CAPS_PR_CAPBSET_DROP, i, 0) < 0)
			return cap_fail(ce, errno, "drop from the bounding set:", i);
	}
	return 0;
}

int caps_apply(const struct caps_plan *cp, struct child_err *ce)
{
	struct sys_cap_header h = { SYS_CAP_VERSION_3, 0 };
	struct sys_cap_data d[SYS_CAP_U32S];
	uint64_t cur_eff, cur_prm, cur_inh, eff, prm, inh, amb;
	int i;

	memset(d, 0, sizeof(d));
	if (sys_capget(&h, d) < 0)
		return cerr(ce, errno, "capget", NULL);
	caps_from_data(d, &cur_eff, &cur_prm, &cur_inh);
	/* The parent predicted these; narrowing again only matters if the
	 * prediction was wrong, and then it lowers privileges. */
	prm = cp->set[CAPSET_PERMITTED] & cur_prm;
	eff = cp->set[CAPSET_EFFECTIVE] & prm;
	inh = cp->set[CAPSET_INHERITABLE] & (cp->set[CAPSET_BOUNDING] | cur_inh) &
	      (cur_prm | cur_inh);
	amb = cp->set[CAPSET_AMBIENT] & prm & inh;
	h.version = SYS_CAP_VERSION_3;
	h.pid = 0;
	caps_to_data(eff, prm, inh, d);
	if (sys_capset(&h, d) < 0)
		return cerr(ce, errno, "capset", NULL);
	if (c_prctl(CAPS_PR_CAP_AMBIENT, CAPS_PR_CAP_AMBIENT_CLEAR_ALL, 0) < 0) {
		/* EINVAL: no ambient capabilities before Linux 4.3. */
		if (errno != EINVAL || amb)
			return cerr(ce, errno, "clear the ambient capabilities", NULL);
		return 0;
	}
	for (i = 0; i < CAPS_BITS; i++)
		if ((amb & BIT(i)) &&
		    c_prctl(CAPS_PR_CAP_AMBIENT, CAPS_PR_CAP_AMBIENT_RAISE, i) < 0)
			return cap_fail(ce, errno, "raise the ambient capability", i);
	return 0;
}
