# SPDX-License-Identifier: GPL-2.0
#
# The long in-hypervisor fuzzing runs of `make fuzz`, included by
# tests/fuzz/fuzz.mk:
#   fuzz-hypercalls   FUZZ_CALLS (default 100000) random hypercalls from the
#                     control domain and from an ordinary domain at once
#                     (the fuzzer is a domain program: domains/hcfuzz)
#   fuzz-failslab     the allocation-failure sweep over every N
# The short versions are QEMU tests (tests/qemu/fuzz-*.test).

.PHONY: fuzz-hypercalls fuzz-failslab

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
	$(Q)$(KPY) tests/fuzz/failslab-sweep --log-dir $(FUZZ_LOG_DIR)/failslab

fuzz: fuzz-failslab

