# SPDX-License-Identifier: GPL-2.0
# The control domain's PCIe hotplug slot state machine (tools/lib/pciehp.c)
# against a model of QEMU's root-port slot registers (event-bit quirk, a slot
# that never completes, a link that never comes up).
$(HOST_O)/tools/lib/pciehp.o $(HOST_O)/tests/unit/test_pciehp.o: HOST_CFLAGS += -Itools/lib
$(eval $(call unit-test,test_pciehp,tests/unit/test_pciehp.c tools/lib/pciehp.c tools/lib/parse.c common/vsnprintf.c))
