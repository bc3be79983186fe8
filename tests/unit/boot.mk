# SPDX-License-Identifier: GPL-2.0
# Boot information: the memory-map clean-up (common/bootinfo.c).
$(eval $(call unit-test,test_bootinfo,tests/unit/test_bootinfo.c common/bootinfo.c common/vsnprintf.c))
