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

# The long runs, on the debug image in MHV_BUILD (tools/images.mk): FUZZ_CALLS
# calls from each domain, then with 5% of the hypercalls' allocations failing.
# $(1): more mhv-run options, $(2): log name.
define fuzz-hc-run
	$(Q)mkdir -p $(FUZZ_LOG_DIR)
	$(Q)$(KPY) tools/mhv-run --debug --timeout 3600 $(1) \
	    --dom0 'hcfuzz.elf calls=$(FUZZ_CALLS) $(if $(FUZZ_SEED),seed=$(FUZZ_SEED))' \
	    --domu 'hcfuzz.elf calls=$(FUZZ_CALLS)' \
	    --script tests/qemu/fuzz-after.mhv --log $(FUZZ_LOG_DIR)/$(2).log >/dev/null; \
	    st=$$?; echo "== $(2) (mhv-run status $$st, log $(FUZZ_LOG_DIR)/$(2).log)"; \
	    grep -ah 'hcfuzz: .*seed.*calls\|hcfuzz: result\|hcfuzz: successful\|hcfuzz: pointers\|state after\|violations\|VIOLATION\|hcfuzz: PASS\|hcfuzz: FAIL\|^leakcheck' \
	        $(FUZZ_LOG_DIR)/$(2).log; \
	    [ $$st = 0 ] && grep -aq '^(d1) hcfuzz: PASS' $(FUZZ_LOG_DIR)/$(2).log
endef

fuzz-hypercalls: images-all
	$(call fuzz-hc-run,,fuzz-hypercalls)
	$(call fuzz-hc-run,--append failslab=p:5:$(or $(FUZZ_SEED),1),fuzz-hypercalls-failslab)

fuzz: fuzz-hypercalls

# Every allocation of the failslab scenario failed in turn (debug image).
fuzz-failslab: images-all
	$(Q)$(KPY) tools/fuzz/failslab-sweep --log-dir $(FUZZ_LOG_DIR)/failslab

fuzz: fuzz-failslab

-include $(HCFUZZ_OBJS:.o=.d)
