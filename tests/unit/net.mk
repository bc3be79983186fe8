# SPDX-License-Identifier: GPL-2.0
# The igb PF and VF drivers (domains/igb) and the IPv4 stack (domains/net),
# the files the domains link, against a model of the 82576's registers.
NET_SRCS := domains/igb/igb_mbx.c domains/igb/igb_pf.c domains/igb/igbvf.c \
	domains/net/netstack.c domains/net/vfnet.c tests/unit/igb_model.c common/vsnprintf.c
$(eval $(call unit-test,test_igb_net,tests/unit/test_igb_net.c $(NET_SRCS)))
