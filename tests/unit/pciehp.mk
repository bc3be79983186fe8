# SPDX-License-Identifier: GPL-2.0
# The control domain's PCIe hotplug slot state machine (domains/pciehp)
# against a model of QEMU's root-port slot registers (event-bit quirk, a slot
# that never completes, a link that never comes up).
$(eval $(call unit-test,test_pciehp,tests/unit/test_pciehp.c domains/pciehp/pciehp.c domains/runtime/parse.c common/vsnprintf.c))
