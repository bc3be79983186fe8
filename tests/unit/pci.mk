# SPDX-License-Identifier: GPL-2.0
# PCI core (drivers/pci: capability walks, BARs, SR-IOV geometry and VF BAR
# placement, bus scan) on the PCI config-space model (tests/host/pcimodel.c).
$(eval $(call unit-test,test_pci_caps,tests/unit/test_pci_caps.c $(PCI_CORE_SRCS)))
$(eval $(call unit-test,test_pci_bars,tests/unit/test_pci_bars.c $(PCI_CORE_SRCS)))
$(eval $(call unit-test,test_pci_sriov,tests/unit/test_pci_sriov.c $(PCI_CORE_SRCS)))
$(eval $(call unit-test,test_pci_place,tests/unit/test_pci_place.c $(PCI_CORE_SRCS)))
$(eval $(call unit-test,test_pci_scan,tests/unit/test_pci_scan.c $(PCI_CORE_SRCS)))
