# SPDX-License-Identifier: GPL-2.0
# The guest-physical memory map (common/gpmap.c) with recording consumers.
$(eval $(call unit-test,test_gpmap,tests/unit/test_gpmap.c common/gpmap.c common/vsnprintf.c))
