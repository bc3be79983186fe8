# SPDX-License-Identifier: GPL-2.0
# HVM platform units (arch/x86/hvm/) and the instruction decoder.

# The decoder's cases are assembled by the host assembler.
$(HOST_O)/tests/unit/x86_decode_cases.o: tests/unit/x86_decode_cases.S
	$(Q)mkdir -p $(dir $@)
	$(quiet) HOSTAS $@
	$(Q)$(HOSTCC) -c $< -o $@
$(eval $(call unit-test,test_x86_decode,tests/unit/test_x86_decode.c arch/x86/x86_decode.c \
	common/vsnprintf.c $(HOST_O)/tests/unit/x86_decode_cases.o))
$(eval $(call unit-test,test_vlapic,tests/unit/test_vlapic.c arch/x86/hvm/vlapic.c $(LOCK_SRCS)))
