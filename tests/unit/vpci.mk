# SPDX-License-Identifier: GPL-2.0
# The virtual PCI bus of HVM domains (drivers/vpci/) on the real registry,
# interrupt layer and PCI core, against the config model's igb and a model
# of the HVM side (tests/unit/test_vpci_fixture.c).
VPCI_SRCS := $(wildcard drivers/vpci/*.c) $(MSI_SRCS) tests/unit/test_vpci_fixture.c
$(eval $(call unit-test,test_vpci_bus,tests/unit/test_vpci_bus.c $(VPCI_SRCS)))
$(eval $(call unit-test,test_vpci_config,tests/unit/test_vpci_config.c $(VPCI_SRCS)))
$(eval $(call unit-test,test_vpci_msix,tests/unit/test_vpci_msix.c $(VPCI_SRCS)))
$(eval $(call unit-test,test_vpci_lifecycle,tests/unit/test_vpci_lifecycle.c $(VPCI_SRCS)))
