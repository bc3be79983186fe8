# SPDX-License-Identifier: GPL-2.0
# DMA memory for domains (domain/dma_mem.c) with a host page arena and a
# page-table model (tests/unit/gpmap_model.c) as the consumer of the
# domain's memory map (common/gpmap.c).
$(eval $(call unit-test,test_dma_mem,tests/unit/test_dma_mem.c domain/dma_mem.c \
	common/domain.c common/gpmap.c common/event.c arch/x86/pv/gaddr.c tests/unit/gpmap_model.c \
	$(LOCK_SRCS)))
