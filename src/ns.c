// SPDX-License-Identifier: MIT
/*
 * Namespace plan (see ns.h). A namespace `path` from config.json is opened
 * by the parent and checked twice before the child may setns into it: the
 * file must live on nsfs, and NS_GET_NSTYPE must name the configured type,
 * so a regular file or a namespace of another kind is refused up front
 * (runtime-spec: "MUST generate an error if path is not associated with a
 * namespace of type type").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "ns.h"
#include "sys.h"
#include "tables.h"

#define NSFS_MAGIC_ 0x6e736673
#define NS_GET_NSTYPE_ _IO(0xb7, 0x3)

static const struct {
	uint64_t flag;
	const char *proc;
} ns_info[NS_N] = {
	[NS_PID] = { SYS_CLONE_NEWPID, "pid" },
	[NS_NET] = { SYS_CLONE_NEWNET, "net" },
	[NS_MNT] = { SYS_CLONE_NEWNS, "mnt" },
	[NS_IPC] = { SYS_CLONE_NEWIPC, "ipc" },
	[NS_UTS] = { SYS_CLONE_NEWUTS, "uts" },
	[NS_USER] = { SYS_CLONE_NEWUSER, "user" },
	[NS_CGROUP] = { SYS_CLONE_NEWCGROUP, "cgroup" },
	[NS_TIME] = { SYS_CLONE_NEWTIME, "time" },
};

uint64_t ns_clone_flag(enum ns_type t)
{
	return ns_info[t].flag;
}

const char *ns_proc_name(enum ns_type t)
{
	return ns_info[t].proc;
}

static int ns_open_verified(const struct spec_namespace *ns, size_t idx,
			    struct rl_err *e)
{
	const char *type = tab_name(tab_namespaces, ns->type);
	struct statfs sfs;
	int fd, t;

	fd = open(ns->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return err_sys(e, errno, "config.json: linux.namespaces[%zu].path: open \"%s\"",
			       idx, ns->path);
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != NSFS_MAGIC_) {
		close(fd);
		return err_set(e, EINVAL, "config.json: linux.namespaces[%zu].path: \"%s\" is not a namespace",
			       idx, ns->path);
	}
	t = ioctl(fd, NS_GET_NSTYPE_);
	/* ENOTTY: a kernel before 4.11 cannot tell, ENOSYS: qemu-user
	 * cannot either; nsfs alone must do (setns checks the type). */
	if ((t < 0 && errno != ENOTTY && errno != ENOSYS) || (t >= 0 && (uint64_t)t != ns_info[ns->type].flag)) {
		close(fd);
		return err_set(e, EINVAL, "config.json: linux.namespaces[%zu].path: \"%s\" is not a %s namespace",
			       idx, ns->path, type);
	}
	return fd;
}

/* Formats "containerID hostID size\n" lines; also finds the host id of
 * container id 0. */
static int ns_format_map(char *out, size_t cap, const struct id_map_list *l,
			 const char *what, uint32_t *root, struct rl_err *e)
{
	size_t used = 0, i;
	int n;

	out[0] = '\0';
	for (i = 0; i < l->n; i++) {
		const struct id_map *m = &l->v[i];

		n = snprintf(out + used, cap - used, "%u %u %u\n", m->container_id,
			     m->host_id, m->size);
		if (n < 0 || (size_t)n >= cap - used)
			return err_set(e, E2BIG, "config.json: linux.%s: mappings longer than %d bytes",
				       what, NS_MAP_MAX);
		used += (size_t)n;
		if (m->container_id == 0 && m->size > 0)
			*root = m->host_id;
	}
	return 0;
}

int ns_plan_build(struct ns_plan *np, const struct spec *s, struct rl_err *e)
{
	const struct spec_linux *l = &s->lnx;
	size_t i, used = 0;
	int fd;

	memset(np, 0, sizeof(*np));
	for (i = 0; i < NS_N; i++)
		np->join_fd[i] = -1;
	for (i = 0; i < l->n_namespaces; i++) {
		const struct spec_namespace *ns = &l->namespaces[i];

		if (!ns->path) {
			np->new_flags |= ns_info[ns->type].flag;
			continue;
		}
		fd = ns_open_verified(ns, i, e);
		if (fd < 0)
			goto fail;
		np->join_fd[ns->type] = fd;
		np->join_mask |= 1u << ns->type;
	}
	np->userns = (l->ns_mask & (1u << NS_USER)) != 0;
	if (np->new_flags & SYS_CLONE_NEWUSER) {
		if (!l->uid_mappings.n || !l->gid_mappings.n) {
			err_set(e, EINVAL, "config.json: linux: a new user namespace needs uidMappings and gidMappings");
			goto fail;
		}
		if (ns_format_map(np->uid_map, sizeof(np->uid_map), &l->uid_mappings,
				  "uidMappings", &np->root_uid, e) < 0 ||
		    ns_format_map(np->gid_map, sizeof(np->gid_map), &l->gid_mappings,
				  "gidMappings", &np->root_gid, e) < 0)
			goto fail;
	} else if (l->uid_mappings.n || l->gid_mappings.n) {
		if (!np->userns) {
			err_set(e, EINVAL, "config.json: linux.uidMappings: set without a user namespace");
			goto fail;
		}
	}
	for (i = 0; i < l->n_time_offsets; i++) {
		int n = snprintf(np->time_offsets + used, sizeof(np->time_offsets) - used,
				 "%s %lld %u\n", l->time_offsets[i].clock,
				 (long long)l->time_offsets[i].secs,
				 l->time_offsets[i].nanosecs);

		if (n < 0 || (size_t)n >= sizeof(np->time_offsets) - used) {
			err_set(e, E2BIG, "config.json: linux.timeOffsets: too long");
			goto fail;
		}
		used += (size_t)n;
	}
	if (used && !(np->new_flags & SYS_CLONE_NEWTIME)) {
		err_set(e, EINVAL, "config.json: linux.timeOffsets: need a new time namespace, not a joined one");
		goto fail;
	}
	return 0;
fail:
	ns_plan_free(np);
	return -1;
}

void ns_plan_free(struct ns_plan *np)
{
	int i;

	for (i = 0; i < NS_N; i++) {
		if (np->join_fd[i] >= 0)
			close(np->join_fd[i]);
		np->join_fd[i] = -1;
	}
}

static int ns_write_proc(pid_t pid, const char *file, const char *data,
			 struct rl_err *e)
{
	char path[64];
	size_t len = strlen(data);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "open \"%s\"", path);
	/* These files take one write(2) with every line. */
	n = write(fd, data, len);
	if (n < 0 || (size_t)n != len) {
		int err = n < 0 ? errno : EIO;

		close(fd);
		return err_sys(e, err, "write \"%s\"", path);
	}
	close(fd);
	return 0;
}

int ns_write_maps(const struct ns_plan *np, pid_t pid, struct rl_err *e)
{
	if (!(np->new_flags & SYS_CLONE_NEWUSER))
		return 0;
	if (ns_write_proc(pid, "uid_map", np->uid_map, e) < 0 ||
	    ns_write_proc(pid, "gid_map", np->gid_map, e) < 0)
		return err_ctx(e, "user namespace");
	return 0;
}

int ns_write_time_offsets(const struct ns_plan *np, pid_t pid, struct rl_err *e)
{
	if (!np->time_offsets[0])
		return 0;
	if (ns_write_proc(pid, "timens_offsets", np->time_offsets, e) < 0)
		return err_ctx(e, "time namespace");
	return 0;
}

int ns_join_all(const struct ns_plan *np, struct child_err *ce)
{
	int t;

	/* setns(CLONE_NEWNS) wants an fs_struct of our own: under qemu-user
	 * a forked child shares it with qemu's helper thread. */
	if (np->join_fd[NS_MNT] >= 0 && sys_unshare(0x00000200UL /* CLONE_FS */) < 0)
		return cerr(ce, errno, "unshare", "fs");
	for (t = 0; t < NS_N; t++) {
		if (t == NS_USER || np->join_fd[t] < 0)
			continue;
		if (sys_setns(np->join_fd[t], (int)ns_info[t].flag) < 0)
			return cerr(ce, errno, "setns", ns_info[t].proc);
	}
	if (np->join_fd[NS_USER] >= 0 &&
	    sys_setns(np->join_fd[NS_USER], (int)SYS_CLONE_NEWUSER) < 0)
		return cerr(ce, errno, "setns", "user");
	return 0;
}
