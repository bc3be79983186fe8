# SPDX-License-Identifier: GPL-2.0
# Malicious and broken devices through the real registry and PCI core on the
# config-space model (capability loops and overlaps, corrupt SR-IOV geometry,
# VF BARs that are I/O, unplaceable or wrapping, vanishing devices).
MALICIOUS_SRCS := $(REGISTRY_CORE_SRCS) drivers/passthrough/pci_mem_bar.c \
	tests/unit/test_registry_fixture.c
$(eval $(call unit-test,test_malicious,tests/unit/test_malicious.c $(MALICIOUS_SRCS)))
