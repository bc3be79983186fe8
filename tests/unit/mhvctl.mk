# SPDX-License-Identifier: GPL-2.0
# mhvctl argument decoding (domains/runtime/parse.c, the file the domains
# use): SBDFs, numbers, command-line splitting, errno names.
$(eval $(call unit-test,test_mhvctl_args,tests/unit/test_mhvctl_args.c domains/runtime/parse.c common/vsnprintf.c))
# The dispatcher (domains/mhvctl/commands.c) with the device commands and
# hypercalls stubbed: one result line per command, malformed lines refused.
$(eval $(call unit-test,test_mhvctl_cmds,tests/unit/test_mhvctl_cmds.c domains/mhvctl/commands.c \
	domains/mhvctl/args.c domains/runtime/parse.c common/vsnprintf.c))
