// SPDX-License-Identifier: MIT
/*
 * `runlet seccomp compile [--arch A] [--format asm|c|bpf] PROFILE` and
 * `runlet seccomp check [--arch A] PROFILE`: build a seccomp profile for a
 * target board on the build host and look at it before flashing. PROFILE
 * is a bare linux.seccomp object (runtime-spec form) or a whole
 * config.json. The program printed is the one `create` would load on that
 * architecture, the ENOSYS rule included.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "config.h"
#include "ctx.h"
#include "opt.h"
#include "scmp.h"

#define PROFILE_MAX (8 << 20)

/* Reads PROFILE into s: a config.json as is, a bare seccomp object as the
 * linux.seccomp of a minimal config (so errors name the same paths). */
static int seccomp_load(const char *path, struct spec *s, struct rl_err *e)
{
	static const char pre[] = "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"},\"linux\":{\"seccomp\":";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0, cap = PROFILE_MAX + sizeof(pre) + 4;
	char *buf, *body;
	ssize_t r;

	if (fd < 0)
		return err_sys(e, errno, "seccomp: open \"%s\"", path);
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return err_sys(e, ENOMEM, "seccomp");
	}
	body = buf + sizeof(pre) - 1;
	while ((r = read(fd, body + n, PROFILE_MAX - n)) > 0)
		n += (size_t)r;
	close(fd);
	if (r < 0 || n >= PROFILE_MAX) {
		free(buf);
		return r < 0 ? err_sys(e, errno, "seccomp: read \"%s\"", path) :
			err_set(e, EFBIG, "seccomp: \"%s\": larger than %d bytes", path, PROFILE_MAX);
	}
	body[n] = '\0';
	if (strstr(body, "\"ociVersion\"") && strstr(body, "\"linux\"")) {
		memmove(buf, body, n + 1);
	} else {
		memcpy(buf, pre, sizeof(pre) - 1);
		memcpy(body + n, "}}", 3);
		n += sizeof(pre) - 1 + 2;
	}
	if (config_parse(s, buf, n, path, e) < 0)
		return -1;
	if (!s->lnx.seccomp.present)
		return err_set(e, EINVAL, "seccomp: %s: no linux.seccomp", path);
	return 0;
}

static int seccomp_compile(struct rl_ctx *ctx, int argc, char **argv, int ind, struct rl_err *e)
{
	const char *arch = NULL, *format = "asm";
	const struct opt opts[] = {
		{ "arch", 0, OPT_STR, &arch, "arch", "target: x86_64, aarch64, ppc64le (default: this binary's)" },
		{ "format", 0, OPT_STR, &format, "asm|c|bpf", "output: disassembly, a C array, or the raw program" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	static const struct rl_cmd sub = { "seccomp compile", "<profile.json>",
		"print the seccomp program a profile compiles to", NULL };
	struct spec s;
	struct scmp_prog p;
	int r;

	r = cmd_opts(ctx, &sub, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "seccomp compile: expected one profile file");
	if (strcmp(format, "asm") && strcmp(format, "c") && strcmp(format, "bpf"))
		return err_usage(e, "seccomp compile: invalid --format \"%s\" (expected asm, c or bpf)", format);
	memset(&s, 0, sizeof(s));
	if (seccomp_load(argv[ind], &s, e) < 0)
		return -1;
	r = scmp_build_for(ctx, &s.lnx.seccomp, arch, &p, e);
	if (r == 0) {
		if (!strcmp(format, "bpf")) {
			r = fwrite(p.insns, 8, p.len, stdout) == p.len ? 0 : err_sys(e, errno, "write");
		} else if (!strcmp(format, "c")) {
			bpf_print_c(stdout, p.insns, p.len);
		} else {
			printf("; %s, %u instructions, flags 0x%x%s\n", arch ? arch : "native", p.len,
			       p.flags, p.notify ? ", user notification" : "");
			bpf_print_asm(stdout, p.insns, p.len);
		}
		scmp_prog_free(&p);
	}
	spec_free(&s);
	return r;
}

static int seccomp_check(struct rl_ctx *ctx, int argc, char **argv, int ind, struct rl_err *e)
{
	const char *arch = NULL;
	const struct opt opts[] = {
		{ "arch", 0, OPT_STR, &arch, "arch", "target architecture (default: this binary's)" },
		{ NULL, 0, 0, NULL, NULL, NULL },
	};
	static const struct rl_cmd sub = { "seccomp check", "<profile.json>",
		"report names no architecture knows, duplicate and unreachable rules", NULL };
	struct spec s;
	int r, n;

	r = cmd_opts(ctx, &sub, opts, argc, argv, &ind, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (argc - ind != 1)
		return err_usage(e, "seccomp check: expected one profile file");
	memset(&s, 0, sizeof(s));
	if (seccomp_load(argv[ind], &s, e) < 0)
		return -1;
	n = scmp_check(stdout, &s.lnx.seccomp, arch, e);
	spec_free(&s);
	if (n < 0)
		return -1;
	if (n > 0)
		return err_set(e, EINVAL, "seccomp check: %s: %d problem%s", argv[ind], n, n == 1 ? "" : "s");
	return 0;
}

static int seccomp_main(struct rl_ctx *ctx, int argc, char **argv, struct rl_err *e)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc < 2)
			return err_usage(e, "seccomp: expected a subcommand: compile or check");
		printf("Usage: runlet seccomp compile [--arch A] [--format asm|c|bpf] <profile.json>\n"
		       "       runlet seccomp check [--arch A] <profile.json>\n\n%s\n", cmd_seccomp.summary);
		return 0;
	}
	if (!scmp_available())
		return err_set(e, ENOTSUP, "seccomp: this build has no libseccomp (compile profiles on an x86_64, aarch64 or ppc64le runlet)");
	if (!strcmp(argv[1], "compile"))
		return seccomp_compile(ctx, argc - 1, argv + 1, 1, e);
	if (!strcmp(argv[1], "check"))
		return seccomp_check(ctx, argc - 1, argv + 1, 1, e);
	return err_usage(e, "seccomp: unknown subcommand \"%s\" (compile or check)", argv[1]);
}

const struct rl_cmd cmd_seccomp = {
	"seccomp", "compile|check [options] <profile.json>",
	"compile or check a seccomp profile for any target architecture", seccomp_main,
};
