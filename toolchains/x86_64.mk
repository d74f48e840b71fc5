# x86_64: musl-gcc from musl-tools; runs natively.
CC_x86_64      := musl-gcc
TRIPLET_x86_64 := x86_64-linux-musl
STRIP_x86_64   := strip
QEMU_x86_64    :=
SECCOMP_x86_64 := 1
# musl's static startup never applies PT_GNU_RELRO (its page stays rw-p),
# so the RELRO segment would only cost its page alignment (up to 64 KiB
# with aarch64's and ppc64le's max page size).
LDFLAGS_x86_64     := -Wl,-z,norelro
# Stripped size budget in bytes for `make check`: 400 KiB, the issue's
# figure for the musl builds (README, "Binary sizes").
SIZE_BUDGET_x86_64 := 409600
