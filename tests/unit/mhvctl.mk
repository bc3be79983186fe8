# SPDX-License-Identifier: GPL-2.0
# mhvctl argument decoding (tools/lib/parse.c, the file the domains use):
# SBDFs, numbers, command-line splitting, errno names.
$(eval $(call unit-test,test_mhvctl_args,tests/unit/test_mhvctl_args.c tools/lib/parse.c common/vsnprintf.c))
# The dispatcher (tools/mhvctl/commands.c) with the device commands and
# hypercalls stubbed: one result line per command, malformed lines refused.
$(HOST_O)/tools/mhvctl/%.o $(HOST_O)/tests/unit/test_mhvctl_cmds.o: HOST_CFLAGS += -Itools/lib
$(eval $(call unit-test,test_mhvctl_cmds,tests/unit/test_mhvctl_cmds.c tools/mhvctl/commands.c tools/lib/parse.c common/vsnprintf.c))
