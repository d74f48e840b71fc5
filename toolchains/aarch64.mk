# aarch64: the multiarch musl wrapper from musl-dev:arm64 (it drives
# gcc-aarch64-linux-gnu); tests run under qemu-aarch64-static.
CC_aarch64      := aarch64-linux-musl-gcc
TRIPLET_aarch64 := aarch64-linux-musl
STRIP_aarch64   := aarch64-linux-gnu-strip
QEMU_aarch64    := qemu-aarch64-static
SECCOMP_aarch64 := 1
