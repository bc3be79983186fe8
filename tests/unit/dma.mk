# SPDX-License-Identifier: GPL-2.0
# DMA memory for domains (common/dma_mem.c) with a host page arena and a
# recording guest_map_page().
$(eval $(call unit-test,test_dma_mem,tests/unit/test_dma_mem.c common/dma_mem.c \
	common/domain_common.c common/dev_event.c $(LOCK_SRCS)))
