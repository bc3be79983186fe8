# SPDX-License-Identifier: GPL-2.0
#
# mhv.efi, the direct UEFI loader (arch/x86/efi/), and an ESP image that
# boots mhv with it; included by the top-level Makefile after images.mk.
#
#   make efi           $(O)/mhv.efi: PE32+ EFI application (GNU-EFI)
#   make efi-img       $(O)/mhv-efi.img: FAT ESP image (mtools) with
#                      EFI/BOOT/BOOTX64.EFI, mhv.cfg, the hypervisor in $(O)
#                      and its domains; CMDLINE="..." is the command line
#
#   GNUEFI_INC=dir     GNU-EFI headers   (default /usr/include/efi)
#   GNUEFI_LIB=dir     crt0, linker script and libraries (default /usr/lib)
#
# The loader is built like GNU-EFI's own examples: position-independent C
# with the MS ABI for firmware calls, linked as a shared object against
# GNU-EFI's crt0 and linker script, then converted to PE32+ with objcopy.
# It needs no Kconfig: one mhv.efi boots both flavours of the hypervisor.
# docs/booting.md ("Direct UEFI boot") describes mhv.cfg and the boot.

GNUEFI_INC ?= /usr/include/efi
GNUEFI_LIB ?= /usr/lib

EFI_SRC := arch/x86/efi
EFI_O   := $(O)/efi

efi-obj-y :=
include $(EFI_SRC)/Makefile
EFI_OBJS := $(addprefix $(EFI_O)/,$(efi-obj-y))

EFI_CFLAGS := -std=gnu11 -ffreestanding -fno-stack-protector -fno-stack-check \
	-fpic -fshort-wchar -mno-red-zone -maccumulate-outgoing-args \
	-mno-sse -mno-mmx -mno-avx -fno-strict-aliasing -fno-common \
	-DGNU_EFI_USE_MS_ABI \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes \
	-Wshadow=local -O2 -g -MMD -MP \
	-I$(GNUEFI_INC) -I$(GNUEFI_INC)/x86_64 -I$(GNUEFI_INC)/protocol \
	-Iinclude/arch/x86 -Iinclude \
	-DMHV_VERSION='"$(VERSION)"' -DMHV_GITREV='"$(GITREV)"'
EFI_AFLAGS := -D__ASSEMBLY__ -g
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined \
	-z noexecstack -T $(GNUEFI_LIB)/elf_x86_64_efi.lds -L$(GNUEFI_LIB)
EFI_SECTIONS := .text .sdata .data .dynamic .dynsym .rel .rela '.rel.*' '.rela.*' .reloc

$(EFI_O)/%.o: $(EFI_SRC)/%.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) EFICC $(EFI_SRC)/$*.o
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(EFI_O)/%.o: $(EFI_SRC)/%.S
	$(Q)mkdir -p $(dir $@)
	$(quiet) EFIAS $(EFI_SRC)/$*.o
	$(Q)$(CC) $(EFI_AFLAGS) -c $< -o $@

$(EFI_O)/mhv-efi.so: $(EFI_OBJS) $(GNUEFI_LIB)/crt0-efi-x86_64.o $(GNUEFI_LIB)/elf_x86_64_efi.lds
	$(quiet) LD $@
	$(Q)$(LD) $(EFI_LDFLAGS) $(GNUEFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) \
	    -o $@ -lefi -lgnuefi

$(O)/mhv.efi: $(EFI_O)/mhv-efi.so
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) $(addprefix -j ,$(EFI_SECTIONS)) \
	    --target efi-app-x86_64 --subsystem=10 $< $@

$(GNUEFI_LIB)/crt0-efi-x86_64.o $(GNUEFI_LIB)/elf_x86_64_efi.lds:
	@echo "error: $@ is missing: install gnu-efi (tools/install-deps, or" \
	    "GNUEFI_LIB=dir for another location)" >&2; exit 1

-include $(EFI_OBJS:.o=.d)

.PHONY: efi efi-img efi-images
efi: $(O)/mhv.efi

# The ESP image goes through tools/mhv-run, like every bootable image, so
# that mhv.cfg is written in one place (the layout is in docs/booting.md).
efi-img: $(O)/mhv.efi hypervisor domains
	$(quiet) ESP $(O)/mhv-efi.img
	$(Q)$(KPY) $(MHV_RUN) --image $(O)/mhv --efi-loader $(O)/mhv.efi \
	    --make-esp $(O)/mhv-efi.img $(if $(strip $(CMDLINE)),--append "$(CMDLINE)")

# The QEMU tests boot mhv.efi too: images-all builds it in the tree they
# use (mhv-run looks beside the image, then in $MHV_BUILD).
images-all: efi-images
efi-images:
	$(Q)$(MAKE) O=$(or $(MHV_BUILD),build) debug= efi
