# SPDX-License-Identifier: GPL-2.0
# ACPI table parsing (arch/x86/acpi.c) on table images built in memory.
$(eval $(call unit-test,test_acpi,tests/unit/test_acpi.c arch/x86/acpi.c common/vsnprintf.c))
