# SPDX-License-Identifier: GPL-2.0
# mhvctl argument decoding (tools/lib/parse.c, the file the domains use):
# SBDFs, numbers, command-line splitting, errno names.
$(eval $(call unit-test,test_mhvctl_args,tests/unit/test_mhvctl_args.c tools/lib/parse.c common/vsnprintf.c))
