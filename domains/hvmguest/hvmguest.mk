# SPDX-License-Identifier: GPL-2.0
#
# mhv's own HVM test guest, included by the top-level Makefile:
#   $(O)/tools/hvmtest.bin   a flat bzImage (domains/hvmguest/head.S) whose
#                            command line picks the test: the boot test
#                            (default), `hostile PARTS...`, `echo`, or the
#                            benchmarks `cpuid-bench` and `msix-bench`
# Ring-0 64-bit code linked at 2 MiB; the hypervisor's string and printf
# code is compiled again for it.  Boot it as an "hvm NAME" module
# (docs/hvm.md).

HVMG_O := $(O)/domains/hvmguest

HVMG_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -nostdlib -static \
	-fno-pic -fno-pie -mcmodel=small -mno-red-zone -mgeneral-regs-only \
	-mno-sse -mno-sse2 -mno-mmx -mno-3dnow -mno-avx \
	-fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -fno-common -fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wstrict-prototypes -Wmissing-prototypes -Wshadow=local \
	-O2 -g -MMD -MP -Iinclude -Idomains
HVMG_AFLAGS := $(filter-out -std=gnu11,$(HVMG_CFLAGS)) -D__ASSEMBLY__

HVMG_OBJS := $(addprefix $(HVMG_O)/, head.o runtime.o boot.o hostile.o pci.o msix_bench.o \
	common/string.o common/strlcpy.o common/vsnprintf.o)

$(HVMG_O)/%.o: domains/hvmguest/%.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(HVMG_CFLAGS) -c $< -o $@

$(HVMG_O)/%.o: domains/hvmguest/%.S
	$(Q)mkdir -p $(dir $@)
	$(quiet) AS $@
	$(Q)$(CC) $(HVMG_AFLAGS) -c $< -o $@

$(HVMG_O)/common/%.o: common/%.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(HVMG_CFLAGS) -c $< -o $@

$(HVMG_O)/hvmtest.elf: $(HVMG_OBJS) domains/hvmguest/guest.lds
	$(quiet) LD $@
	$(Q)$(LD) -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	    --no-warn-rwx-segments --build-id=none -T domains/hvmguest/guest.lds \
	    -o $@ $(HVMG_OBJS)

$(O)/tools/hvmtest.bin: $(HVMG_O)/hvmtest.elf
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary $< $@

.PHONY: hvmguests
hvmguests: $(O)/tools/hvmtest.bin
domains: hvmguests

-include $(HVMG_OBJS:.o=.d)
