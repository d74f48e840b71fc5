// SPDX-License-Identifier: MIT
/*
 * Test helper: `cfgcheck FILE [process]` parses FILE with runlet's config
 * reader (or the process.json reader) and prints "ok" or the exact error,
 * exiting 0 or 1. Integration tests use it to prove that what `runlet spec`
 * writes is accepted by runlet's own reader.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

int main(int argc, char **argv)
{
	struct rl_err e = { 0, 0, "" };
	struct spec s;
	int r;

	if (argc < 2) {
		fprintf(stderr, "usage: cfgcheck FILE [process]\n");
		return 2;
	}
	if (argc > 2 && !strcmp(argv[2], "process"))
		r = config_load_process(&s, AT_FDCWD, argv[1], "process.json", &e);
	else
		r = config_load(&s, AT_FDCWD, argv[1], "config.json", &e);
	if (r < 0) {
		printf("%s\n", e.msg);
		return 1;
	}
	printf("ok\n");
	spec_free(&s);
	return 0;
}
