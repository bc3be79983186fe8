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
$(eval $(call unit-test,test_hvm_ioport,tests/unit/test_hvm_ioport.c arch/x86/hvm/ioport.c $(LOCK_SRCS)))
$(eval $(call unit-test,test_hvm_rtc_stub,tests/unit/test_hvm_rtc_stub.c arch/x86/hvm/rtc_stub.c \
	arch/x86/hvm/ioport.c $(LOCK_SRCS)))
$(eval $(call unit-test,test_vuart,tests/unit/test_vuart.c arch/x86/hvm/vuart.c $(LOCK_SRCS)))
$(eval $(call unit-test,test_vioapic,tests/unit/test_vioapic.c arch/x86/hvm/vioapic.c \
	arch/x86/hvm/vlapic.c $(LOCK_SRCS)))
$(eval $(call unit-test,test_hvm_acpi,tests/unit/test_hvm_acpi.c arch/x86/hvm/acpi_tables.c \
	arch/x86/hvm/aml.c tests/unit/aml_reader.c arch/x86/acpi.c common/vsnprintf.c))
$(eval $(call unit-test,test_hvm_aml,tests/unit/test_hvm_aml.c arch/x86/hvm/aml.c \
	tests/unit/aml_reader.c common/vsnprintf.c))
$(eval $(call unit-test,test_hvm_cpuid,tests/unit/test_hvm_cpuid.c arch/x86/hvm/cpuid.c common/vsnprintf.c))
$(eval $(call unit-test,test_linux_boot,tests/unit/test_linux_boot.c arch/x86/hvm/linux_boot.c \
	common/vsnprintf.c))
# The SVM engine's nested page tables against an independent walker.
$(eval $(call unit-test,test_npt,tests/unit/test_npt.c arch/x86/hvm/svm/npt.c common/vsnprintf.c))
# The guest page-table walker over guest RAM laid out by the real memory.c.
$(eval $(call unit-test,test_guest_walk,tests/unit/test_guest_walk.c arch/x86/hvm/guest_walk.c \
	arch/x86/hvm/memory.c common/vsnprintf.c))
