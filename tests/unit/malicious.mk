# SPDX-License-Identifier: GPL-2.0
# Malicious and broken devices through the real registry and PCI core on the
# config-space model (capability loops and overlaps, corrupt SR-IOV geometry,
# VF BARs that are I/O, unplaceable or wrapping, vanishing devices).
MALICIOUS_SRCS := drivers/passthrough/pcidev.c drivers/passthrough/pdev_index.c \
	drivers/passthrough/assign.c drivers/passthrough/pci_mem_bar.c \
	common/domain_common.c common/spinlock.c common/rwlock.c common/lockdep.c \
	common/vsnprintf.c drivers/pci/caps.c drivers/pci/bars.c \
	drivers/pci/sriov.c drivers/pci/place.c drivers/pci/scan.c tests/unit/test_registry_fixture.c tests/unit/registry_ops.c
$(eval $(call unit-test,test_malicious,tests/unit/test_malicious.c $(MALICIOUS_SRCS)))
