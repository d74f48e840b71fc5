# sparc64: musl has no sparc port, so static glibc from
# gcc-sparc64-linux-gnu; no libseccomp (no sparc arch in libseccomp, and
# the kernel has no seccomp filter mode). Tests run under qemu-sparc64-static.
CC_sparc64      := sparc64-linux-gnu-gcc
TRIPLET_sparc64 := sparc64-linux-gnu
STRIP_sparc64   := sparc64-linux-gnu-strip
QEMU_sparc64    := qemu-sparc64-static
SECCOMP_sparc64 := 0
# glibc's static startup does apply PT_GNU_RELRO: keep it.
LDFLAGS_sparc64     :=
# Stripped size budget in bytes for `make check`: 1.3 MiB, the issue's
# figure for the static glibc build.
SIZE_BUDGET_sparc64 := 1363148
