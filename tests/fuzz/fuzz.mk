# SPDX-License-Identifier: GPL-2.0
#
# Host fuzzers (libFuzzer, clang) of the code that parses untrusted bytes:
# the hypervisor's own source files compiled for the host, as the unit tests
# do, under ASan and UBSan.  Included from tests/tests.mk.
#
#   make fuzzers        build build/fuzz/fuzz_<target>
#   make fuzz-check     each fuzzer for FUZZ_CHECK_TIME seconds (default 10)
#                       from its corpus: part of `make check`
#   make fuzz           the long run: host fuzzers for FUZZ_TIME seconds each
#                       (default 300); tests/fuzz/hcfuzz-runs.mk adds the suites that
#                       run inside the hypervisor as more prerequisites
#
# A target is tests/fuzz/fuzz_<target>.c; its checked-in seed corpus (and
# every crashing input found, as a regression) is tests/fuzz/corpus/<target>/.
# New inputs found during a run go to build/fuzz/corpus/<target>/, crashes to
# build/fuzz/artifacts/.  tests/check.py --fuzz runs and counts them.

FUZZ_O := build/fuzz
FUZZ_CC := clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-missing-field-initializers -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link $(FUZZ_SAN) \
	-Itests/fuzz/include -Itests/host/include -Iinclude -Itests/host -Idomains \
	-Iinclude/arch/x86 -include tests/host/host_config.h -MMD -MP
FUZZ_LDFLAGS := -fsanitize=fuzzer $(FUZZ_SAN)
FUZZ_SUPPORT := tests/fuzz/fuzz_host.c common/vsnprintf.c common/strlcpy.c tests/host/heap.c tests/host/cpu.c \
	tests/host/irqflags.c
FUZZ_CHECK_TIME ?= 10
FUZZ_TIME ?= 300

FUZZERS :=
define fuzzer
FUZZERS += $(FUZZ_O)/fuzz_$(1)
$(FUZZ_O)/fuzz_$(1): $(patsubst %.c,$(FUZZ_O)/%.o,tests/fuzz/fuzz_$(1).c $(2) $(FUZZ_SUPPORT))
	$$(quiet) FUZZLD $$@
	$$(Q)$$(FUZZ_CC) -o $$@ $$^ $$(FUZZ_LDFLAGS)
endef

$(FUZZ_O)/%.o: %.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) FUZZCC $*.o
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

PCI_FUZZ_SRCS := drivers/pci/access.c drivers/pci/caps.c drivers/pci/bars.c \
	drivers/pci/sriov.c drivers/pci/place.c drivers/pci/scan.c
$(eval $(call fuzzer,pci,$(PCI_FUZZ_SRCS)))
$(eval $(call fuzzer,parse,domains/runtime/parse.c))
$(eval $(call fuzzer,mb2,arch/x86/boot/multiboot2.c common/bootinfo.c))
$(eval $(call fuzzer,acpi,arch/x86/acpi.c drivers/passthrough/vtd/dmar.c))
$(eval $(call fuzzer,x86_decode,arch/x86/x86_decode.c))
$(eval $(call fuzzer,linux_boot,arch/x86/hvm/linux_boot.c))

-include $(shell find $(FUZZ_O) -name '*.d' 2>/dev/null)

.PHONY: fuzzers fuzz-check fuzz fuzz-host
fuzzers: $(FUZZERS)
fuzz-check: fuzzers
	$(Q)$(KPY) tests/check.py --fuzz $(FUZZERS) --fuzz-time $(FUZZ_CHECK_TIME)
fuzz-host: fuzzers
	$(Q)$(KPY) tests/check.py --fuzz $(FUZZERS) --fuzz-time $(FUZZ_TIME)
fuzz: fuzz-host

# `make check` runs the short fuzzing first (its own summary line).
# The long in-hypervisor suites (the hypercall fuzzer, a domain program,
# is built by domains/domains.mk, included before this file).
include tests/fuzz/hcfuzz-runs.mk
