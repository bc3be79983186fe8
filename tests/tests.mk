# SPDX-License-Identifier: GPL-2.0
#
# Host unit tests: the hypervisor's own source files compiled for the host
# (no copies) against tests/host/ -- a host "arch" layer (tests/host/include)
# and the PCI config-space model -- run with cmocka under ASan and UBSan.
#
# An area adds its tests in tests/unit/<area>.mk:
#   $(eval $(call unit-test,test_name,tests/unit/test_name.c common/foo.c ...))
# The harness sources (tests/host/*.c) are linked into every test.

HOST_O := build/host
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-missing-field-initializers -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-Itests/host/include -Iinclude -Iinclude/arch/x86 -Itests/host -Idomains \
	-include tests/host/host_config.h -MMD -MP
HOST_LDLIBS := -fsanitize=address,undefined -lcmocka -lpthread
HOST_HARNESS := $(wildcard tests/host/*.c) common/strlcpy.c drivers/pci/access.c

UNIT_TESTS :=

define unit-test
UNIT_TESTS += $(HOST_O)/$(1)
$(HOST_O)/$(1): $(patsubst %.c,$(HOST_O)/%.o,$(2) $(HOST_HARNESS))
	$$(quiet) HOSTLD $$@
	$$(Q)$$(HOSTCC) -o $$@ $$^ $$(HOST_LDLIBS)
endef

$(HOST_O)/%.o: %.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) HOSTCC $*.o
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

# The real sources most areas' tests link: the lock layer, the PCI core and
# the passthrough registry (the fixtures and ops of tests/unit/ come with it).
LOCK_SRCS := common/spinlock.c common/rwlock.c common/lockdep.c common/vsnprintf.c
PCI_CORE_SRCS := drivers/pci/caps.c drivers/pci/bars.c drivers/pci/sriov.c drivers/pci/reset.c \
	drivers/pci/place.c drivers/pci/scan.c common/vsnprintf.c
REGISTRY_CORE_SRCS := drivers/passthrough/pcidev.c drivers/passthrough/pdev_index.c \
	drivers/passthrough/assign.c drivers/passthrough/pdev_reset.c common/waitqueue.c \
	common/softirq.c common/domain.c common/event.c drivers/passthrough/dev_event.c \
	common/ratelimit.c $(LOCK_SRCS) \
	$(filter-out common/vsnprintf.c,$(PCI_CORE_SRCS)) tests/unit/registry_ops.c

include $(wildcard tests/unit/*.mk)
-include $(shell find $(HOST_O) -name '*.d' 2>/dev/null)

.PHONY: unit unit-build qemu-tests command-tests check layers
# The layering of the includes (the layers of docs/architecture.md).
layers:
	$(Q)$(KPY) tests/check.py --layers

unit-build: $(UNIT_TESTS)
unit: unit-build
	$(Q)$(KPY) tests/check.py --unit $(UNIT_TESTS)

# The QEMU tests boot the real images; they need both flavours.
qemu-tests: images-all
	$(Q)$(KPY) tests/check.py --qemu tests/qemu

# The README's commands run as a person runs them (tests/commands/): they
# build and boot through make themselves, after images-all.
command-tests: images-all
	$(Q)$(KPY) tests/check.py --commands tests/commands

# The benchmark smoke run (two icount runs that must agree) is one of the
# command tests (tests/commands/bench-smoke.py).
check: deps
	$(Q)$(MAKE) unit-build images-all fuzzers guest-initramfs
	$(Q)$(KPY) tests/check.py --layers --unit $(UNIT_TESTS) --fuzz $(FUZZERS) \
	    --fuzz-time $(FUZZ_CHECK_TIME) --commands tests/commands --qemu tests/qemu
include tests/fuzz/fuzz.mk
