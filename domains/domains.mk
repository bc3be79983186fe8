# SPDX-License-Identifier: GPL-2.0
#
# The domain programs (ring 3, PV), included by the top-level Makefile:
#   $(O)/tools/dom0.elf    the control domain: mhvctl (domains/mhvctl), the
#                          igb PF and VF drivers (domains/igb), the IPv4
#                          stack (domains/net), pciehp (domains/pciehp)
#   $(O)/tools/domu.elf    the ordinary-domain test program (domains/domu):
#                          the VF driver and the IPv4 stack
#   $(O)/tools/hcfuzz.elf  the hypercall fuzzer (domains/hcfuzz) with the
#                          mhvctl dispatcher, for the script it runs after
#   $(O)/tools/bench.elf   the benchmark control domain (domains/bench)
# Static ELF64 images linked at MHV_USER_BASE (0x400000) with
# domains/runtime/domain.lds, freestanding, no libc: domains/runtime is
# their runtime (crt0, console, libmhvctl, argument parsing), and the
# hypervisor's own string and printf code (common/string.c,
# common/vsnprintf.c) is compiled again for ring 3.  Their includes name
# the component (<runtime/...>, <igb/...>, <net/...>, <pciehp/...>); of the
# hypervisor's headers they see the ABI (include/public/) and the library
# they compile again (tests/layers.py checks it).
# $(CC)/$(LD) come from the top-level Makefile (CROSS_COMPILE honoured).

# The images in $(O)/tools (where tools/mhv-run looks for them), their
# objects in $(O)/domains.
DOM_O := $(O)/tools
DOM_OBJ := $(O)/domains

DOM_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -nostdlib -static \
	-fno-pic -fno-pie -mcmodel=small -mno-red-zone -mgeneral-regs-only \
	-mno-sse -mno-sse2 -mno-mmx -mno-3dnow -mno-avx \
	-fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -fno-common -fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wstrict-prototypes -Wmissing-prototypes -Wshadow=local \
	-O2 -g -MMD -MP -Iinclude -Idomains $(DOM_EXTRA_CFLAGS)
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
	--no-warn-rwx-segments --build-id=none -T domains/runtime/domain.lds

DOM_LIB_OBJS := $(addprefix $(DOM_OBJ)/, runtime/crt0.o runtime/start.o runtime/console.o \
	runtime/libmhvctl.o runtime/parse.o runtime/cmdline.o common/string.o common/strlcpy.o common/vsnprintf.o)
# The VF side (a domain's own VF) and the PF side (the control domain's).
DOM_VF_OBJS := $(addprefix $(DOM_OBJ)/, igb/igb_mbx.o igb/igbvf.o net/netstack.o net/vfnet.o)
DOM_PF_OBJS := $(DOM_OBJ)/igb/igb_pf.o
DOM0_OBJS := $(addprefix $(DOM_OBJ)/mhvctl/, main.o commands.o args.o cmd_pci.o \
	cmd_sriov.o cmd_irq.o cmd_conf.o cmd_net.o cmd_hotplug.o cmd_latency.o cmd_hvm.o) \
	$(DOM_VF_OBJS) $(DOM_PF_OBJS) $(DOM_OBJ)/pciehp/pciehp.o
DOMU_OBJS := $(addprefix $(DOM_OBJ)/domu/, main.o privcheck.o stress.o \
	attack.o reset.o net.o dma_attack.o dma_canary.o fpu.o simd.o) $(DOM_VF_OBJS)
DOM_SIMD_OBJS := $(DOM_OBJ)/domu/simd.o
HCFUZZ_OBJS := $(DOM_OBJ)/hcfuzz/hcfuzz.o $(filter-out %/main.o,$(DOM0_OBJS))
BENCH_DOM_OBJS := $(addprefix $(DOM_OBJ)/bench/, main.o stats.o setup.o)

$(DOM_OBJ)/%.o: domains/%.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(DOM_CFLAGS) -c $< -o $@

$(DOM_SIMD_OBJS): DOM_CFLAGS := $(DOM_SIMD_CFLAGS)

$(DOM_OBJ)/%.o: domains/%.S
	$(Q)mkdir -p $(dir $@)
	$(quiet) AS $@
	$(Q)$(CC) $(DOM_AFLAGS) -c $< -o $@

# The hypervisor's library files, built again with the domain flags.
$(DOM_OBJ)/common/%.o: common/%.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(DOM_CFLAGS) -c $< -o $@

$(DOM_O)/dom0.elf: $(DOM_LIB_OBJS) $(DOM0_OBJS) domains/runtime/domain.lds
	$(Q)mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(LD) $(DOM_LDFLAGS) -o $@ $(DOM_LIB_OBJS) $(DOM0_OBJS)

$(DOM_O)/domu.elf: $(DOM_LIB_OBJS) $(DOMU_OBJS) domains/runtime/domain.lds
	$(Q)mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(LD) $(DOM_LDFLAGS) -o $@ $(DOM_LIB_OBJS) $(DOMU_OBJS)

$(DOM_O)/hcfuzz.elf: $(DOM_LIB_OBJS) $(HCFUZZ_OBJS) domains/runtime/domain.lds
	$(Q)mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(LD) $(DOM_LDFLAGS) -o $@ $(DOM_LIB_OBJS) $(HCFUZZ_OBJS)

$(DOM_O)/bench.elf: $(DOM_LIB_OBJS) $(BENCH_DOM_OBJS) domains/runtime/domain.lds
	$(Q)mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(LD) $(DOM_LDFLAGS) -o $@ $(DOM_LIB_OBJS) $(BENCH_DOM_OBJS)

# Broken images for the domain builder's tests (tools/mktestelf.py).
TEST_IMAGES := $(DOM_O)/test-bigbss.elf $(DOM_O)/test-overlap.elf
$(DOM_O)/test-%.elf: tools/mktestelf.py
	$(Q)mkdir -p $(dir $@)
	$(quiet) GEN $@
	$(Q)python3 tools/mktestelf.py $* $@

.PHONY: domains hcfuzz bench-domain
domains: $(DOM_O)/dom0.elf $(DOM_O)/domu.elf $(DOM_O)/hcfuzz.elf $(TEST_IMAGES)
hcfuzz: $(DOM_O)/hcfuzz.elf
bench-domain: $(DOM_O)/bench.elf

-include $(DOM_LIB_OBJS:.o=.d) $(DOM0_OBJS:.o=.d) $(DOMU_OBJS:.o=.d) \
	$(HCFUZZ_OBJS:.o=.d) $(BENCH_DOM_OBJS:.o=.d)
