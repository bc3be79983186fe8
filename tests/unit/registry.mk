# SPDX-License-Identifier: GPL-2.0
# The passthrough registry (drivers/passthrough/) with the real lock code
# (pthreads as CPUs) on the PCI config-space model.
REGISTRY_SRCS := drivers/passthrough/pci.c drivers/passthrough/pdev_index.c \
	drivers/passthrough/assign.c common/domain_common.c \
	common/spinlock.c common/rwlock.c common/lockdep.c common/vsnprintf.c \
	drivers/pci/caps.c drivers/pci/bars.c drivers/pci/sriov.c \
	drivers/pci/scan.c tests/unit/test_registry_fixture.c
$(eval $(call unit-test,test_registry,tests/unit/test_registry.c $(REGISTRY_SRCS)))
$(eval $(call unit-test,test_registry_locks,tests/unit/test_registry_locks.c $(REGISTRY_SRCS)))
$(eval $(call unit-test,test_registry_concurrency,tests/unit/test_registry_concurrency.c $(REGISTRY_SRCS)))

# Lookup benchmark (not a unit test): optimised, no sanitizers, its own
# config space (no PCI model).  Run build/host/bench_registry, or under
# callgrind (see the comment at the top of bench_registry.c).
BENCH_O := $(HOST_O)/bench
BENCH_CFLAGS := $(filter-out -O1 -fsanitize=% -fno-sanitize-recover=%,$(HOST_CFLAGS)) -O2
BENCH_SRCS := tests/unit/bench_registry.c drivers/passthrough/pci.c \
	drivers/passthrough/pdev_index.c drivers/passthrough/assign.c \
	common/domain_common.c common/spinlock.c common/rwlock.c \
	common/lockdep.c common/vsnprintf.c drivers/pci/caps.c \
	drivers/pci/bars.c drivers/pci/sriov.c drivers/pci/scan.c \
	tests/host/harness.c tests/host/heap.c tests/host/cpu.c \
	tests/host/irqflags.c tests/host/stacktrace.c

$(BENCH_O)/%.o: %.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) $(BENCH_CFLAGS) -c $< -o $@

$(HOST_O)/bench_registry: $(patsubst %.c,$(BENCH_O)/%.o,$(BENCH_SRCS))
	$(quiet) HOSTLD $@
	$(Q)$(HOSTCC) -o $@ $^ -lcmocka -lpthread

unit-build: $(HOST_O)/bench_registry
