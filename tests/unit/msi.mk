# SPDX-License-Identifier: GPL-2.0
# MSI/MSI-X and pirqs (arch/x86/msi.c, arch/x86/pirq.c, arch/x86/irq.c,
# drivers/passthrough/mem_bar.c) on the real registry, lock layer and PCI
# core, against the config model and the host MMIO stand-in.
MSI_SRCS := arch/x86/msi.c arch/x86/pirq.c arch/x86/irq.c arch/x86/stray_irq.c \
	drivers/passthrough/mem_bar.c drivers/passthrough/physdev.c \
	drivers/passthrough/pci.c drivers/passthrough/pdev_index.c \
	drivers/passthrough/assign.c drivers/passthrough/domain_devices.c \
	common/event.c common/domain_common.c common/bootinfo.c \
	common/spinlock.c common/rwlock.c common/lockdep.c common/vsnprintf.c \
	drivers/pci/caps.c drivers/pci/bars.c drivers/pci/sriov.c \
	drivers/pci/scan.c tests/unit/test_msi_fixture.c tests/unit/registry_ops.c
$(eval $(call unit-test,test_msi_locks,tests/unit/test_msi_locks.c $(MSI_SRCS)))
$(eval $(call unit-test,test_msi_bar,tests/unit/test_msi_bar.c $(MSI_SRCS)))
$(eval $(call unit-test,test_msi_teardown,tests/unit/test_msi_teardown.c $(MSI_SRCS)))
$(eval $(call unit-test,test_msi_entries,tests/unit/test_msi_entries.c $(MSI_SRCS)))
$(eval $(call unit-test,test_physdev,tests/unit/test_physdev.c $(MSI_SRCS)))
# Vector dispatch with threads as CPUs: a vector is freed only once its
# running handler is done.
$(eval $(call unit-test,test_irq,tests/unit/test_irq.c arch/x86/irq.c arch/x86/stray_irq.c common/spinlock.c common/rwlock.c common/lockdep.c common/vsnprintf.c))
