# SPDX-License-Identifier: GPL-2.0
#
# Domain programs, included by the top-level Makefile:
#   $(O)/tools/dom0.elf   the control domain (tools/mhvctl: the mhvctl shell)
#   $(O)/tools/domu.elf   the ordinary-domain test program (tools/domu)
# Both link tools/net (the igb PF and VF drivers, the IPv4 stack).
# Static ELF64 images linked at MHV_USER_BASE (0x400000) with
# tools/lib/domain.lds, freestanding, no libc: tools/lib is their runtime
# (crt0, console, libmhvctl), and the hypervisor's own string and printf
# code (common/string.c, common/vsnprintf.c) is compiled again for ring 3.
# $(CC)/$(LD) come from the top-level Makefile (CROSS_COMPILE honoured).

DOM_O := $(O)/tools

DOM_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -nostdlib -static \
	-fno-pic -fno-pie -mcmodel=small -mno-red-zone -mgeneral-regs-only \
	-mno-sse -mno-sse2 -mno-mmx -mno-3dnow -mno-avx \
	-fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -fno-common -fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wstrict-prototypes -Wmissing-prototypes -Wshadow=local \
	-O2 -g -MMD -MP -Iinclude -Itools/lib $(DOM_EXTRA_CFLAGS)
DOM_AFLAGS := $(filter-out -std=gnu11,$(DOM_CFLAGS)) -D__ASSEMBLY__
# Domains may compute with SSE and AVX like any program: the hypervisor
# gives each vCPU its own FPU/SIMD state (docs/architecture.md).  The
# runtime, the drivers and the test programs are integer code and stay
# -mgeneral-regs-only, so that fpu.c's first look at the registers sees
# only what the hypervisor put there; objects that compute with SIMD are
# listed in DOM_SIMD_OBJS and built with the x86-64 ABI's SSE2 (AVX per
# function, target("avx"), after a run-time check).
DOM_SIMD_CFLAGS := $(filter-out -mgeneral-regs-only -mno-sse -mno-sse2 -mno-mmx \
	-mno-3dnow -mno-avx,$(DOM_CFLAGS)) -msse2 -mfpmath=sse -fno-math-errno
DOM_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments --build-id=none -T tools/lib/domain.lds

DOM_LIB_OBJS := $(addprefix $(DOM_O)/, lib/crt0.o lib/start.o lib/console.o \
	lib/libmhvctl.o lib/parse.o common/string.o common/strlcpy.o common/vsnprintf.o)
DOM_NET_OBJS := $(addprefix $(DOM_O)/net/, igb_mbx.o igb_pf.o igbvf.o \
	netstack.o vfnet.o)
DOM0_OBJS := $(addprefix $(DOM_O)/mhvctl/, main.o commands.o cmd_pci.o \
	cmd_sriov.o cmd_irq.o cmd_conf.o cmd_net.o cmd_hotplug.o cmd_latency.o) $(DOM_NET_OBJS) \
	$(DOM_O)/lib/pciehp.o
DOMU_OBJS := $(addprefix $(DOM_O)/domu/, main.o privcheck.o stress.o attack.o \
	reset.o net.o dma_attack.o \
	dma_canary.o fpu.o simd.o) $(DOM_NET_OBJS)
DOM_SIMD_OBJS := $(DOM_O)/domu/simd.o

$(DOM_O)/%.o: tools/%.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(DOM_CFLAGS) -c $< -o $@

$(DOM_SIMD_OBJS): DOM_CFLAGS := $(DOM_SIMD_CFLAGS)

$(DOM_O)/%.o: tools/%.S
	$(Q)mkdir -p $(dir $@)
	$(quiet) AS $@
	$(Q)$(CC) $(DOM_AFLAGS) -c $< -o $@

# The hypervisor's library files, built again with the domain flags.
$(DOM_O)/common/%.o: common/%.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(DOM_CFLAGS) -c $< -o $@

$(DOM_O)/dom0.elf: $(DOM_LIB_OBJS) $(DOM0_OBJS) tools/lib/domain.lds
	$(quiet) LD $@
	$(Q)$(LD) $(DOM_LDFLAGS) -o $@ $(DOM_LIB_OBJS) $(DOM0_OBJS)

$(DOM_O)/domu.elf: $(DOM_LIB_OBJS) $(DOMU_OBJS) tools/lib/domain.lds
	$(quiet) LD $@
	$(Q)$(LD) $(DOM_LDFLAGS) -o $@ $(DOM_LIB_OBJS) $(DOMU_OBJS)

# Broken images for the domain builder's tests (tools/mktestelf.py).
TEST_IMAGES := $(DOM_O)/test-bigbss.elf $(DOM_O)/test-overlap.elf
$(DOM_O)/test-%.elf: tools/mktestelf.py
	$(Q)mkdir -p $(dir $@)
	$(quiet) GEN $@
	$(Q)python3 tools/mktestelf.py $* $@

.PHONY: domains
domains: $(DOM_O)/dom0.elf $(DOM_O)/domu.elf $(TEST_IMAGES)

-include $(DOM_LIB_OBJS:.o=.d) $(DOM0_OBJS:.o=.d) $(DOMU_OBJS:.o=.d)
