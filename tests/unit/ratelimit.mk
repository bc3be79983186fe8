# SPDX-License-Identifier: GPL-2.0
# The log-line token bucket behind gprintk() (common/ratelimit.c).
$(eval $(call unit-test,test_ratelimit,tests/unit/test_ratelimit.c common/ratelimit.c common/vsnprintf.c))
