# SPDX-License-Identifier: GPL-2.0
# mhv.efi's firmware-independent parts (arch/x86/efi/{config,image,mbi}.c):
# the mhv.cfg parser, the image checks and the Multiboot2 information builder.
$(eval $(call unit-test,test_efi_loader,tests/unit/test_efi_loader.c arch/x86/efi/config.c arch/x86/efi/image.c arch/x86/efi/mbi.c common/vsnprintf.c))
