# SPDX-License-Identifier: GPL-2.0
#
# mhv top-level Makefile.
#
#   make [debug=y] [O=dir] [V=1] [CROSS_COMPILE=x86_64-linux-gnu-]
#   make defconfig | debug_defconfig | menuconfig | olddefconfig
#   make iso | efi | efi-img | run | check | unit | qemu-tests | bench | fuzz | clean
#   make install | uninstall [DESTDIR=dir] [PREFIX=/usr/local]
#
# Output goes to one tree: build/ for the release image, build/debug/ for
# `debug=y` (so both can be run side by side), or O=dir.

MAKEFLAGS += --no-builtin-rules --no-print-directory
SHELL := /bin/bash
.SUFFIXES:
.DEFAULT_GOAL := all

SRCTREE := $(CURDIR)
ARCH := x86

ifeq ($(debug),y)
O ?= build/debug
DEFCONFIG_FILE ?= configs/debug_defconfig
else
O ?= build
DEFCONFIG_FILE ?= configs/defconfig
endif
override O := $(patsubst %/,%,$(O))

ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

CROSS_COMPILE ?=
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
NM      := $(CROSS_COMPILE)nm
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC  ?= gcc
# Kconfig: kconfiglib from Debian (python3-kconfiglib), run by the system
# Python so that its dist-packages are found.
KPY     := /usr/bin/python3
export KCONFIG_CONFIG := $(O)/.config
export srctree := $(SRCTREE)

# ---------------------------------------------------------------- setup
.PHONY: deps
deps:
	$(Q)tools/install-deps

# ---------------------------------------------------------------- Kconfig
KCONFIG_DEPS := Kconfig $(shell find . -name Kconfig -not -path './build*' 2>/dev/null)

$(O)/.config: $(DEFCONFIG_FILE)
	$(Q)mkdir -p $(O)
	$(quiet) KCONFIG $(DEFCONFIG_FILE)
	$(Q)$(KPY) -m defconfig --kconfig Kconfig $(DEFCONFIG_FILE) >/dev/null

# debug=y on a tree whose .config says otherwise: turn CONFIG_DEBUG on.
$(O)/.config.flavour: $(O)/.config FORCE
	$(Q)if [ "$(debug)" = y ] && ! grep -q '^CONFIG_DEBUG=y' $(O)/.config; then \
	    $(KPY) -m setconfig --kconfig Kconfig DEBUG=y >/dev/null; fi
	$(Q)grep -q '^CONFIG_DEBUG=y' $(O)/.config && f=y || f=n; \
	    [ -f $@ ] && [ "$$(cat $@)" = "$$f" ] || echo $$f > $@

AUTOCONF := $(O)/include/generated/autoconf.h
$(AUTOCONF) $(O)/include/config/auto.conf: $(O)/.config $(O)/.config.flavour $(KCONFIG_DEPS)
	$(Q)mkdir -p $(O)/include/generated $(O)/include/config
	$(quiet) GENCONF $(AUTOCONF)
	$(Q)$(KPY) -m genconfig --header-path $(AUTOCONF).tmp \
	    --config-out $(O)/include/config/auto.conf Kconfig >/dev/null
	$(Q)cmp -s $(AUTOCONF).tmp $(AUTOCONF) && rm -f $(AUTOCONF).tmp || mv $(AUTOCONF).tmp $(AUTOCONF)

.PHONY: defconfig debug_defconfig olddefconfig menuconfig savedefconfig
defconfig debug_defconfig:
	$(Q)mkdir -p $(O)
	$(Q)$(KPY) -m defconfig --kconfig Kconfig configs/$@ >/dev/null
	@echo "  CONFIG  $(O)/.config from configs/$@"
olddefconfig menuconfig savedefconfig:
	$(Q)mkdir -p $(O)
	$(Q)$(KPY) -m $@ Kconfig

NOCONFIG_GOALS := defconfig debug_defconfig olddefconfig menuconfig savedefconfig deps clean \
	distclean run check qemu-tests command-tests images-all unit unit-build compile_commands.json \
	bench bench-smoke bench-image bench-host fuzz fuzzers fuzz-check fuzz-host layers guest-programs
ifneq ($(filter-out $(NOCONFIG_GOALS),$(MAKECMDGOALS)),)
-include $(O)/include/config/auto.conf
else ifeq ($(MAKECMDGOALS),)
-include $(O)/include/config/auto.conf
endif

# ---------------------------------------------------------------- hypervisor
VERSION := 0.1
GITREV  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

KCFLAGS := -std=gnu11 -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie \
	-mcmodel=kernel -mno-red-zone -mno-sse -mno-sse2 -mno-mmx -mno-3dnow \
	-mno-avx -mgeneral-regs-only -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing -fno-common \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wstrict-prototypes -Wmissing-prototypes -Wshadow=local \
	-O2 -g -MMD -MP \
	-Iinclude -Iinclude/arch/$(ARCH) -I$(O)/include \
	-include $(AUTOCONF) \
	-DMHV_VERSION='"$(VERSION)"' -DMHV_GITREV='"$(GITREV)"'
KAFLAGS := $(filter-out -std=gnu11,$(KCFLAGS)) -D__ASSEMBLY__

# Each directory's Makefile lists its objects in obj-y (obj-$(CONFIG_X)).
KDIRS := arch/x86 arch/x86/boot arch/x86/pv arch/x86/hvm arch/x86/hvm/svm common drivers/char \
	drivers/pci drivers/passthrough drivers/passthrough/vtd arch/x86/passthrough drivers/vpci domain
define collect-dir
obj-y :=
include $(1)/Makefile
KOBJS += $$(addprefix $(O)/$(1)/,$$(obj-y))
endef
KOBJS :=
$(foreach d,$(KDIRS),$(eval $(call collect-dir,$(d))))

$(O)/%.o: %.c $(AUTOCONF)
	$(Q)mkdir -p $(dir $@)
	$(quiet) CC $*.o
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(O)/%.o: %.S $(AUTOCONF)
	$(Q)mkdir -p $(dir $@)
	$(quiet) AS $*.o
	$(Q)$(CC) $(KAFLAGS) -c $< -o $@

LDS := $(O)/arch/x86/mhv.lds
$(LDS): arch/x86/mhv.lds.S include/arch/x86/asm/page.h $(AUTOCONF)
	$(Q)mkdir -p $(dir $@)
	$(quiet) LDS $@
	$(Q)$(CC) $(KAFLAGS) -E -P -x c $< -o $@

# Two link passes: the first image has an empty symbol table; its symbols
# are turned into a table that the second pass appends after all code and
# data, so no function moves between the passes.
LDFLAGS_MHV := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments
$(O)/mhv-syms: $(KOBJS) $(LDS) $(O)/common/symtab-empty.o
	$(quiet) LD $@
	$(Q)$(LD) $(LDFLAGS_MHV) -T $(LDS) -o $@ $(KOBJS) $(O)/common/symtab-empty.o

$(O)/common/symtab-empty.S:
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KPY) tools/gensyms --empty > $@

$(O)/common/symtab.S: $(O)/mhv-syms tools/gensyms
	$(quiet) SYMS $@
	$(Q)$(NM) -n -S --defined-only $< | $(KPY) tools/gensyms > $@

$(O)/common/symtab.o $(O)/common/symtab-empty.o: %.o: %.S
	$(Q)$(CC) $(KAFLAGS) -c $< -o $@

$(O)/mhv: $(KOBJS) $(LDS) $(O)/common/symtab.o
	$(quiet) LD $@
	$(Q)$(LD) $(LDFLAGS_MHV) -T $(LDS) -o $@ $(KOBJS) $(O)/common/symtab.o
	$(Q)$(NM) -n $(O)/mhv-syms | grep -i ' t ' | cmp -s - <($(NM) -n $@ | grep -i ' t ') || \
	    { echo "error: code moved between link passes" >&2; rm -f $@; exit 1; }
	$(Q)$(KPY) tools/check-no-simd $@ $(O)/arch/x86/fpu.o $(CROSS_COMPILE)objdump $(NM) || \
	    { rm -f $@; exit 1; }

.PHONY: all hypervisor
all: hypervisor domains
hypervisor: $(O)/mhv
	@:

-include $(KOBJS:.o=.d)

# ---------------------------------------------------------------- domains
include domains/domains.mk
include domains/hvmguest/hvmguest.mk

# ---------------------------------------------------------------- images
-include tools/images.mk
-include tools/efi.mk
include tools/install.mk
-include tools/guest/guest.mk

# ---------------------------------------------------------------- tests
include tests/tests.mk

# ---------------------------------------------------------------- benchmarks
-include tests/bench/bench.mk

# compile_commands.json for editors (clangd), recorded by bear from a full
# build of both flavours in a scratch tree.
.PHONY: compile_commands.json
compile_commands.json:
	$(Q)rm -rf build/cc
	$(Q)bear --output $@ -- $(MAKE) -B O=build/cc hypervisor domains >/dev/null
	@echo "  BEAR    $@"

.PHONY: clean distclean FORCE
clean:
	rm -rf $(O)
distclean:
	rm -rf build
FORCE:
