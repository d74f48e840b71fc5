# SPDX-License-Identifier: MIT
# runlet: one static binary per architecture.
#
#   make [ARCH=x86_64|aarch64|ppc64le|sparc64]   build build/$(ARCH)/runlet
#   make all-arches                              build all four
#   make demo                                    build, make a busybox bundle, show it
#   make test                                    every test (what .ci/run runs)
#   make check                                   generated tables and budgets
#   make size                                    sizes, budgets, biggest contributors
#   make install [ARCH=..] [PREFIX=/usr/local] [DESTDIR=]
#                                                build/$(ARCH)/runlet -> $(DESTDIR)$(PREFIX)/sbin
#   make fuzz [FUZZ_TIME=60]                     run the libFuzzer targets
#
# A missing toolchain is installed by toolchains/setup.sh (as root).

ARCH    ?= x86_64
ARCHES  := x86_64 aarch64 ppc64le sparc64
VERSION := 0.1.0
COMMIT  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
B       := build
FUZZ_TIME ?= 60

ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH must be one of: $(ARCHES))
endif

include $(foreach a,$(ARCHES),toolchains/$(a).mk)

SRCS := main.c cmd.c err.c opt.c log.c json.c jsonw.c config.c tables.c state.c \
	systab.c child.c ns.c hooks.c tty.c process.c container.c caps.c \
	procattr.c cgroup.c cgroup1.c cgroup2.c cgroup_res.c cgdev.c rootfs.c rootfs_plan.c pathres.c \
	cmd_spec.c cmd_features.c cmd_state.c cmd_list.c cmd_create.c \
	cmd_start.c cmd_run.c cmd_kill.c cmd_delete.c fg.c exeprot.c exec.c cmd_exec.c cgfreeze.c cmd_pause.c cmd_ps.c cgstats.c cmd_events.c scmp_load.c update.c cmd_update.c bpf.c cmd_seccomp.c mountinfo.c \
	kcheck.c cmd_check.c
UNIT_TESTS := test_config test_arch test_cli test_procattr test_cgroup test_cgdev test_rootfs test_seccomp
UNIT_HELPERS := cfgcheck

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-format-nonliteral -Wno-format-truncation
# (messages are truncated by design: bounded buffers, never allocation)
BASE_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARN) -Iarch -Isrc -I$(B)/jsmn \
	-DRL_VERSION='"$(VERSION)"' -DRL_COMMIT='"$(COMMIT)"'
OPT_CFLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fstack-protector-strong -D_FORTIFY_SOURCE=0
LDFLAGS := -static -Wl,--gc-sections
# (LDFLAGS_<arch> in toolchains/<arch>.mk adds per-arch link flags)

# Is everything toolchains/setup.sh provides present? (cheap checks only)
TOOLCHAIN_OK := $(B)/.toolchains-ok
SETUP_CHECK := test -f $(TOOLCHAIN_OK) && test -f /usr/include/jsmn.h && \
	$(foreach a,$(ARCHES),command -v $(CC_$(a)) >/dev/null &&) \
	$(foreach a,$(ARCHES),$(if $(filter 1,$(SECCOMP_$(a))),test -f $(B)/$(a)/libseccomp/lib/libseccomp.a && \
		cmp -s toolchains/libseccomp.cflags $(B)/$(a)/libseccomp/cflags &&)) true

.PHONY: all all-arches toolchain demo test check fuzz size clean unit-tests \
	gen-syscalls gen-seccomp $(foreach a,$(ARCHES),build-$(a))

all: $(B)/$(ARCH)/runlet

toolchain:
	@$(SETUP_CHECK) || ./toolchains/setup.sh $(B)

all-arches: $(foreach a,$(ARCHES),$(B)/$(a)/runlet)

# ---- per-architecture rules ------------------------------------------
# $(1) = arch
define ARCH_RULES
$(1)_OBJ := $(B)/$(1)/obj
$(1)_SCMP_SRC := $(if $(filter 1,$(SECCOMP_$(1))),scmp_lib.c,scmp_none.c)
$(1)_CFLAGS := $(BASE_CFLAGS) $(OPT_CFLAGS) -DRUNLET_ARCH_$(1) \
	-isystem $(B)/$(1)/kheaders \
	$(if $(filter 1,$(SECCOMP_$(1))),-I$(B)/$(1)/libseccomp/include)
$(1)_LIBS := $(if $(filter 1,$(SECCOMP_$(1))),$(B)/$(1)/libseccomp/lib/libseccomp.a)
$(1)_OBJS := $$(addprefix $$($(1)_OBJ)/,$$(SRCS:.c=.o) $$($(1)_SCMP_SRC:.c=.o))
$(1)_LIBOBJS := $$(filter-out $$($(1)_OBJ)/main.o,$$($(1)_OBJS))

$$($(1)_OBJ)/%.o: src/%.c | toolchain
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$($(1)_CFLAGS) -MMD -MP -c $$< -o $$@

$(B)/$(1)/obj/tests/%.o: tests/unit/%.c | toolchain
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$($(1)_CFLAGS) -Itests/unit -MMD -MP -c $$< -o $$@

$(B)/$(1)/librunlet.a: $$($(1)_LIBOBJS)
	rm -f $$@
	ar rcs $$@ $$^

# (the link map feeds `make size`)
$(B)/$(1)/runlet.unstripped: $$($(1)_OBJS) $$($(1)_LIBS)
	$$(CC_$(1)) $$(LDFLAGS) $$(LDFLAGS_$(1)) -Wl,-Map=$$@.map -o $$@ $$($(1)_OBJS) $$($(1)_LIBS)
$(if $(filter 1,$(SECCOMP_$(1))),$(B)/$(1)/libseccomp/lib/libseccomp.a: | toolchain)

$(B)/$(1)/runlet: $(B)/$(1)/runlet.unstripped
	$$(STRIP_$(1)) -s -o $$@ $$<

$(B)/$(1)/tests/%: $(B)/$(1)/obj/tests/%.o $(B)/$(1)/librunlet.a
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(LDFLAGS) $$(LDFLAGS_$(1)) -o $$@ $$< $(B)/$(1)/librunlet.a $$($(1)_LIBS)

build-$(1): $(B)/$(1)/runlet $(addprefix $(B)/$(1)/tests/,$(UNIT_TESTS) $(UNIT_HELPERS))

-include $$(wildcard $(B)/$(1)/obj/*.d $(B)/$(1)/obj/tests/*.d)
endef
$(foreach a,$(ARCHES),$(eval $(call ARCH_RULES,$(a))))

# ---- host builds for sanitizers and fuzzing ---------------------------
HOST_SRCS := $(filter-out main.c,$(SRCS)) scmp_none.c
ASAN_FLAGS := -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

# The sources are compiled once into a library that every test links.
ASAN_OBJS := $(addprefix $(B)/asan/obj/,$(HOST_SRCS:.c=.o))

$(B)/asan/obj/%.o: src/%.c | toolchain
	@mkdir -p $(@D)
	gcc $(BASE_CFLAGS) -DRUNLET_ARCH_x86_64 $(ASAN_FLAGS) -MMD -MP -c $< -o $@

$(B)/asan/librunlet.a: $(ASAN_OBJS)
	rm -f $@
	ar rcs $@ $^

$(B)/asan/%: tests/unit/%.c $(B)/asan/librunlet.a | toolchain
	@mkdir -p $(@D)
	gcc $(BASE_CFLAGS) -DRUNLET_ARCH_x86_64 $(ASAN_FLAGS) -Itests/unit -o $@ $< \
		$(B)/asan/librunlet.a

-include $(wildcard $(B)/asan/obj/*.d)

$(B)/fuzz/%: tests/fuzz/%.c $(addprefix src/,$(HOST_SRCS)) | toolchain
	@mkdir -p $(@D)
	clang $(filter-out -Wno-format-truncation,$(BASE_CFLAGS)) -Wno-strict-prototypes -DRUNLET_ARCH_x86_64 -g -O1 \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(addprefix src/,$(HOST_SRCS))

# ---- tests -------------------------------------------------------------
unit-tests: $(foreach a,$(ARCHES),build-$(a)) \
	$(addprefix $(B)/asan/,$(UNIT_TESTS)) $(B)/fuzz/fuzz_config

test: unit-tests check
	@FUZZ_TIME=$${FUZZ_TIME:-15} sh ./tests/run.sh $(B)

fuzz: $(B)/fuzz/fuzz_config
	@mkdir -p $(B)/fuzz/corpus
	$(B)/fuzz/fuzz_config -max_total_time=$(FUZZ_TIME) -dict=tests/fuzz/config.dict \
		$(B)/fuzz/corpus tests/fuzz/corpus

# ---- generated files and budgets ------------------------------------------
gen-syscalls:
	sh arch/gen-syscalls.sh arch

gen-seccomp:
	sh seccomp-profiles/gen-default.sh src/scmp_default.h

# (the x86_64 binary's libseccomp knows every architecture's syscall names)
check: $(B)/x86_64/runlet
	@tmp=$$(mktemp -d) && sh arch/gen-syscalls.sh $$tmp && \
	for a in $(ARCHES); do \
		cmp -s $$tmp/$$a/syscalls.h arch/$$a/syscalls.h || \
		{ echo "check: arch/$$a/syscalls.h drifted from arch/kernel-syscalls (run make gen-syscalls)"; rm -rf $$tmp; exit 1; }; \
	done; rm -rf $$tmp; echo "check: syscall tables match arch/kernel-syscalls"
	@tmp=$$(mktemp) && sh seccomp-profiles/gen-default.sh $$tmp && \
	if cmp -s $$tmp src/scmp_default.h; then rm -f $$tmp; else rm -f $$tmp; \
		echo "check: src/scmp_default.h drifted from seccomp-profiles/default.json (run make gen-seccomp)"; exit 1; fi; \
	for p in seccomp-profiles/*.json; do \
		$(B)/x86_64/runlet seccomp check $$p > $(B)/seccomp-check.log 2>&1 || \
		{ echo "check: $$p:"; cat $(B)/seccomp-check.log; exit 1; }; \
	done; echo "check: src/scmp_default.h matches seccomp-profiles/default.json; profiles pass seccomp check"

# ---- demo --------------------------------------------------------------
demo: $(B)/$(ARCH)/runlet
	@./tests/demo.sh $(B) $(ARCH)

# Stripped sizes against SIZE_BUDGET_<arch> (toolchains/<arch>.mk), then
# what is big: bytes per object and library from each link map, and the
# biggest input sections. `make check` fails on a binary over its budget.
SIZE_ARGS = $(B) $(foreach a,$(ARCHES),$(a)=$(SIZE_BUDGET_$(a)))
size: all-arches
	@sh tests/size.sh $(SIZE_ARGS)

.PHONY: size-budget install
size-budget: all-arches
	@sh tests/size.sh --check $(SIZE_ARGS)
check: size-budget

# ---- install -------------------------------------------------------------
PREFIX  ?= /usr/local
DESTDIR ?=
install: $(B)/$(ARCH)/runlet
	install -d -m 0755 $(DESTDIR)$(PREFIX)/sbin
	install -m 0755 $(B)/$(ARCH)/runlet $(DESTDIR)$(PREFIX)/sbin/runlet

clean:
	rm -rf $(foreach a,$(ARCHES),$(B)/$(a)/obj $(B)/$(a)/runlet $(B)/$(a)/runlet.unstripped \
		$(B)/$(a)/runlet.unstripped.map \
		$(B)/$(a)/librunlet.a $(B)/$(a)/tests) $(B)/asan $(B)/fuzz

# ---- cgroup v2 in a qemu VM (tests/vm/; first run downloads a kernel) ----
.PHONY: test-vm
test-vm: $(B)/x86_64/runlet
	@B=$(B) sh tests/integration/vm-cgroup2.sh
