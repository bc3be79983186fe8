# SPDX-License-Identifier: GPL-2.0
# The igb PF and VF drivers and the IPv4 stack (tools/net, the files the
# domains link) against a model of the 82576's registers.
NET_SRCS := tools/net/igb_mbx.c tools/net/igb_pf.c tools/net/igbvf.c \
	tools/net/netstack.c tools/net/vfnet.c tests/unit/igb_model.c common/vsnprintf.c
$(HOST_O)/tools/net/%.o $(HOST_O)/tests/unit/test_igb_net.o $(HOST_O)/tests/unit/igb_model.o: HOST_CFLAGS += -Itools/lib
$(eval $(call unit-test,test_igb_net,tests/unit/test_igb_net.c $(NET_SRCS)))
