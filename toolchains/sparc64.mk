# sparc64: musl has no sparc port, so static glibc from
# gcc-sparc64-linux-gnu; no libseccomp (no sparc arch in libseccomp, and
# the kernel has no seccomp filter mode). Tests run under qemu-sparc64-static.
CC_sparc64      := sparc64-linux-gnu-gcc
TRIPLET_sparc64 := sparc64-linux-gnu
STRIP_sparc64   := sparc64-linux-gnu-strip
QEMU_sparc64    := qemu-sparc64-static
SECCOMP_sparc64 := 0
