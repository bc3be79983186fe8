# SPDX-License-Identifier: GPL-2.0
# The virtual PCI bus of HVM domains (drivers/vpci/) on the real registry,
# interrupt layer and PCI core, against the config model's igb and a model
# of the HVM side (tests/unit/test_vpci_fixture.c).
VPCI_SRCS := $(wildcard drivers/vpci/*.c) $(MSI_SRCS) tests/unit/test_vpci_fixture.c
$(eval $(call unit-test,test_vpci_bus,tests/unit/test_vpci_bus.c $(VPCI_SRCS)))
$(eval $(call unit-test,test_vpci_config,tests/unit/test_vpci_config.c $(VPCI_SRCS)))
$(eval $(call unit-test,test_vpci_msix,tests/unit/test_vpci_msix.c $(VPCI_SRCS)))
$(eval $(call unit-test,test_vpci_lifecycle,tests/unit/test_vpci_lifecycle.c $(VPCI_SRCS)))
# read_pci_mem_bar() wrapped: the seed path's lock state checked where a
# guest's MSI-X table write reaches it; the files with static contracts are
# compiled into the test itself.
VPCI_LOCKS_INCLUDED := drivers/vpci/vpci.c drivers/vpci/msix.c drivers/vpci/bar.c
$(eval $(call unit-test,test_vpci_locks,tests/unit/test_vpci_locks.c $(filter-out $(VPCI_LOCKS_INCLUDED),$(VPCI_SRCS))))
$(HOST_O)/test_vpci_locks: HOST_LDLIBS += -Wl,--wrap=read_pci_mem_bar
