# SPDX-License-Identifier: GPL-2.0
# The passthrough registry (drivers/passthrough/) with the real lock code
# (pthreads as CPUs) on the PCI config-space model.
REGISTRY_SRCS := drivers/passthrough/pcidev.c drivers/passthrough/pdev_index.c \
	drivers/passthrough/assign.c common/domain_common.c \
	common/spinlock.c common/rwlock.c common/lockdep.c common/vsnprintf.c \
	drivers/pci/caps.c drivers/pci/bars.c drivers/pci/sriov.c \
	drivers/pci/place.c drivers/pci/scan.c tests/unit/test_registry_fixture.c tests/unit/registry_ops.c
$(eval $(call unit-test,test_registry,tests/unit/test_registry.c $(REGISTRY_SRCS)))
$(eval $(call unit-test,test_registry_locks,tests/unit/test_registry_locks.c $(REGISTRY_SRCS)))
$(eval $(call unit-test,test_registry_concurrency,tests/unit/test_registry_concurrency.c $(REGISTRY_SRCS)))

# The registry's lookup and add/remove costs at 16, 1024 and 65536 devices
# are measured by `make bench-host` (tools/bench/host_registry.c, callgrind).
