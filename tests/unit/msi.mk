# SPDX-License-Identifier: GPL-2.0
# MSI/MSI-X and pirqs (drivers/passthrough/msi.c, arch/x86/msi.c, arch/x86/passthrough/pirq.c, arch/x86/irq.c,
# drivers/passthrough/pci_mem_bar.c) on the real registry, lock layer and PCI
# core, against the config model and the host MMIO stand-in.
MSI_SRCS := domain/physdev.c arch/x86/passthrough/physdev.c arch/x86/msi.c drivers/passthrough/msi.c \
	arch/x86/passthrough/pirq.c arch/x86/irq.c \
	arch/x86/stray_irq.c drivers/passthrough/pci_mem_bar.c drivers/passthrough/pci_cfg.c \
	drivers/passthrough/bar_map.c common/bootinfo.c common/iomem.c domain/dma_mem.c \
	drivers/pci/platform.c drivers/passthrough/hotplug.c common/gpmap.c arch/x86/pv/gaddr.c tests/unit/gpmap_model.c \
	$(REGISTRY_CORE_SRCS) tests/unit/test_msi_fixture.c
$(eval $(call unit-test,test_msi_locks,tests/unit/test_msi_locks.c $(MSI_SRCS)))
$(eval $(call unit-test,test_msi_bar,tests/unit/test_msi_bar.c $(MSI_SRCS)))
$(eval $(call unit-test,test_msi_teardown,tests/unit/test_msi_teardown.c $(MSI_SRCS)))
$(eval $(call unit-test,test_msi_entries,tests/unit/test_msi_entries.c $(MSI_SRCS)))
$(eval $(call unit-test,test_physdev,tests/unit/test_physdev.c $(MSI_SRCS)))
# The asynchronous device reset: waits, turns, owner changes, removal and
# owner death mid-reset, a function that never answers.
$(eval $(call unit-test,test_pdev_reset,tests/unit/test_pdev_reset.c $(MSI_SRCS)))
# Vector dispatch with threads as CPUs: a vector is freed only once its
# running handler is done.
$(eval $(call unit-test,test_irq,tests/unit/test_irq.c arch/x86/irq.c arch/x86/stray_irq.c $(LOCK_SRCS)))
# Every lock rule broken on purpose (docs/locking.md's table).  The files
# with static contracts are compiled into the test itself.
LOCK_RULES_INCLUDED := drivers/passthrough/pcidev.c drivers/passthrough/assign.c \
	drivers/passthrough/pdev_reset.c \
	drivers/passthrough/bar_map.c drivers/passthrough/pci_cfg.c arch/x86/passthrough/pirq.c arch/x86/irq.c
$(eval $(call unit-test,test_lock_rules,tests/unit/test_lock_rules.c $(filter-out $(LOCK_RULES_INCLUDED),$(MSI_SRCS))))
