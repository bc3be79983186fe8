# SPDX-License-Identifier: GPL-2.0
# DMA memory for domains (common/dma_mem.c) with a host page arena and a
# recording consumer of the domain map (common/gpmap.c).
$(eval $(call unit-test,test_dma_mem,tests/unit/test_dma_mem.c common/dma_mem.c \
	common/domain_common.c common/gpmap.c arch/x86/pv/gaddr.c common/dev_event.c $(LOCK_SRCS)))
