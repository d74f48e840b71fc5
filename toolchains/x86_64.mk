# x86_64: musl-gcc from musl-tools; runs natively.
CC_x86_64      := musl-gcc
TRIPLET_x86_64 := x86_64-linux-musl
STRIP_x86_64   := strip
QEMU_x86_64    :=
SECCOMP_x86_64 := 1
