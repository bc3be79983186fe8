# SPDX-License-Identifier: GPL-2.0
#
# The hypercall fuzzer, a domain program, and the suites that run inside
# the hypervisor; included by the top-level Makefile after tools/domains.mk
# (it uses its rules and flags):
#   $(O)/tools/hcfuzz.elf   tools/fuzz/hcfuzz.c + the mhvctl dispatcher (for
#                           the script it runs afterwards) + tools/lib
# `make fuzz` (tests/fuzz/fuzz.mk) also runs the long in-hypervisor suites:
#   fuzz-hypercalls   FUZZ_CALLS (default 100000) random hypercalls from the
#                     control domain and from an ordinary domain at once
#   fuzz-failslab     the allocation-failure sweep over every N
# The short versions are QEMU tests (tests/qemu/fuzz-*.test).

HCFUZZ_OBJS := $(DOM_O)/fuzz/hcfuzz.o $(filter-out %/main.o,$(DOM0_OBJS))

$(DOM_O)/hcfuzz.elf: $(DOM_LIB_OBJS) $(HCFUZZ_OBJS) tools/lib/domain.lds
	$(quiet) LD $@
	$(Q)$(LD) $(DOM_LDFLAGS) -o $@ $(DOM_LIB_OBJS) $(HCFUZZ_OBJS)

.PHONY: hcfuzz fuzz-hypercalls fuzz-failslab
hcfuzz: $(DOM_O)/hcfuzz.elf
domains: $(DOM_O)/hcfuzz.elf

FUZZ_CALLS ?= 100000
FUZZ_SEED ?=
FUZZ_LOG_DIR ?= build/test-logs

# The long run, on the debug build in MHV_BUILD (tools/images.mk).
fuzz-hypercalls: images-all
	$(Q)mkdir -p $(FUZZ_LOG_DIR)
	$(Q)$(KPY) tools/mhv-run --debug --timeout 3600 \
	    --dom0 "$(MHV_BUILD)/debug/tools/hcfuzz.elf calls=$(FUZZ_CALLS) $(if $(FUZZ_SEED),seed=$(FUZZ_SEED))" \
	    --domu "$(MHV_BUILD)/debug/tools/hcfuzz.elf calls=$(FUZZ_CALLS) $(if $(FUZZ_SEED),seed=$(FUZZ_SEED))" \
	    --script tests/qemu/fuzz-after.mhv --log $(FUZZ_LOG_DIR)/fuzz-hypercalls.log \
	    > /dev/null && grep '^(d1) hcfuzz: PASS' $(FUZZ_LOG_DIR)/fuzz-hypercalls.log >/dev/null && \
	    grep -h 'hcfuzz: .*calls$$\|hcfuzz: result\|hcfuzz: PASS\|hcfuzz: FAIL\|violations' \
	        $(FUZZ_LOG_DIR)/fuzz-hypercalls.log

fuzz: fuzz-hypercalls

-include $(HCFUZZ_OBJS:.o=.d)
