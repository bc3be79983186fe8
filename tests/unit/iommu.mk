# SPDX-License-Identifier: GPL-2.0
# The IOMMU (drivers/passthrough/vtd): DMAR parsing on table images; the
# units, second-level tables, context moves, IRTEs and fault recording on a
# model of a VT-d unit (tests/host/vtd_model.c stands in for vtd/hw.c).
$(eval $(call unit-test,test_dmar,tests/unit/test_dmar.c drivers/passthrough/vtd/dmar.c arch/x86/acpi.c common/vsnprintf.c))
VTD_SRCS := drivers/passthrough/vtd/unit.c drivers/passthrough/vtd/pagetable.c \
	drivers/passthrough/vtd/intremap.c drivers/passthrough/vtd/fault.c \
	tests/unit/vtd_model.c common/spinlock.c common/rwlock.c common/lockdep.c \
	common/vsnprintf.c
$(eval $(call unit-test,test_vtd,tests/unit/test_vtd.c $(VTD_SRCS)))
# The DMA side of a domain's map whole: the map, the generic layer
# (compiled into the test) and the driver on the unit model.
$(eval $(call unit-test,test_iommu_dma,tests/unit/test_iommu_dma.c common/gpmap.c \
	drivers/passthrough/vtd/iommu.c drivers/passthrough/vtd/dmar.c $(VTD_SRCS)))
