// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the config reader: the input is parsed once as
 * config.json and once as process.json (each from its own NUL-terminated
 * copy, since the reader unescapes in place and takes ownership). On
 * success every string slice the reader handed out is read once, so ASan
 * catches a slice that points outside the buffer or past its NUL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t fuzz_sink;

static void touch(const char *s)
{
	if (s)
		fuzz_sink += strlen(s);
}

static void touch_list(const struct str_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		touch(l->v[i]);
}

static void touch_kv(const struct kv_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		touch(l->v[i].key);
		touch(l->v[i].val);
	}
}

static void touch_process(const struct spec_process *p)
{
	touch_list(&p->args);
	touch_list(&p->env);
	touch(p->cwd);
	touch(p->user.username);
	for (size_t i = 0; i < p->user.n_additional_gids; i++)
		fuzz_sink += p->user.additional_gids[i];
	for (size_t i = 0; i < p->n_rlimits; i++)
		touch(p->rlimits[i].type);
	touch_list(&p->scheduler.flag_names);
}

static void touch_spec(const struct spec *s)
{
	const struct spec_linux *l = &s->lnx;

	touch(s->oci_version);
	touch(s->root.path);
	for (size_t i = 0; i < s->n_mounts; i++) {
		touch(s->mounts[i].destination);
		touch(s->mounts[i].source);
		touch_list(&s->mounts[i].options);
		for (size_t j = 0; j < s->mounts[i].uid_mappings.n; j++)
			fuzz_sink += s->mounts[i].uid_mappings.v[j].size;
	}
	touch_process(&s->process);
	for (int h = 0; h < HOOK_N; h++)
		for (size_t i = 0; i < s->hooks[h].n; i++) {
			touch(s->hooks[h].v[i].path);
			touch_list(&s->hooks[h].v[i].args);
		}
	touch_kv(&s->annotations);
	for (size_t i = 0; i < l->n_namespaces; i++)
		touch(l->namespaces[i].path);
	for (size_t i = 0; i < l->n_devices; i++)
		touch(l->devices[i].path);
	for (size_t i = 0; i < l->n_time_offsets; i++)
		touch(l->time_offsets[i].clock);
	touch_kv(&l->sysctl);
	touch_kv(&l->resources.unified);
	for (size_t i = 0; i < l->resources.n_devices; i++)
		touch(l->resources.devices[i].access);
	for (size_t i = 0; i < l->resources.n_rdma; i++)
		touch(l->resources.rdma[i].device);
	for (size_t i = 0; i < l->seccomp.n_syscalls; i++) {
		touch_list(&l->seccomp.syscalls[i].names);
		fuzz_sink += l->seccomp.syscalls[i].n_args;
	}
	touch_list(&l->seccomp.architectures);
	touch_list(&l->masked_paths);
	touch_list(&l->readonly_paths);
	touch_list(&l->intel_rdt.schemata);
	for (size_t i = 0; i < l->n_net_devices; i++) {
		touch(l->net_devices[i].host_name);
		touch(l->net_devices[i].name);
	}
}

static char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);

	if (buf) {
		memcpy(buf, data, size);
		buf[size] = '\0';
	}
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rl_err e;
	struct spec s;
	char *buf;

	buf = fuzz_copy(data, size);
	if (!buf)
		return 0;
	if (config_parse(&s, buf, size, "config.json", &e) == 0)
		touch_spec(&s);
	else
		touch(e.msg);
	spec_free(&s);

	buf = fuzz_copy(data, size);
	if (!buf)
		return 0;
	if (config_parse_process(&s, buf, size, "process.json", &e) == 0)
		touch_process(&s.process);
	else
		touch(e.msg);
	spec_free(&s);
	return 0;
}
