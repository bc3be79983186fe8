# SPDX-License-Identifier: GPL-2.0
# The passthrough registry (drivers/passthrough/) with the real lock code
# (pthreads as CPUs) on the PCI config-space model.
REGISTRY_SRCS := $(REGISTRY_CORE_SRCS) tests/unit/test_registry_fixture.c
$(eval $(call unit-test,test_registry,tests/unit/test_registry.c $(REGISTRY_SRCS)))
$(eval $(call unit-test,test_registry_locks,tests/unit/test_registry_locks.c $(REGISTRY_SRCS)))
$(eval $(call unit-test,test_registry_concurrency,tests/unit/test_registry_concurrency.c $(REGISTRY_SRCS)))

# The registry's lookup and add/remove costs at 16, 1024 and 65536 devices
# are measured by `make bench-host` (tests/bench/host_registry.c, callgrind).
# Device events: the owners told when a device leaves them (drivers/passthrough/dev_event.c).
$(eval $(call unit-test,test_dev_event,tests/unit/test_dev_event.c $(REGISTRY_SRCS)))
