# ppc64le: the multiarch musl wrapper from musl-dev:ppc64el; tests run
# under qemu-ppc64le-static.
CC_ppc64le      := powerpc64le-linux-musl-gcc
TRIPLET_ppc64le := powerpc64le-linux-musl
STRIP_ppc64le   := powerpc64le-linux-gnu-strip
QEMU_ppc64le    := qemu-ppc64le-static
SECCOMP_ppc64le := 1
