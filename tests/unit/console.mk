# SPDX-License-Identifier: GPL-2.0
# Ordinary domains' console lines and rate limit (common/dom_console.c).
$(eval $(call unit-test,test_dom_console,tests/unit/test_dom_console.c common/dom_console.c common/vsnprintf.c))
