# SPDX-License-Identifier: GPL-2.0
# The HVM guest's initramfs (tools/guest/mkinitramfs) from the Debian
# kernel and busybox-static that tools/guest/fetch unpacks (.cache/guest),
# with the project's guest programs (static Linux userland, tools/guest/*.c)
# and test scripts in /bin.
#   make guest-initramfs     build/guest/initramfs.cpio.gz
#   make guest-programs      build/guest/vf-attack (the VF attack, docs/vpci.md)
GUEST_INITRAMFS := build/guest/initramfs.cpio.gz
GUEST_CACHE ?= $(or $(MHV_GUEST_CACHE),.cache/guest)
GUEST_PROGRAMS := build/guest/vf-attack
# Shell scripts of the guest's tests, in /bin too (vf-net: its network side).
GUEST_SCRIPTS := tools/guest/vf-net

build/guest/%: tools/guest/%.c domains/igb/igb_regs.h
	$(Q)mkdir -p $(dir $@)
	$(quiet) GUESTCC $@
	$(Q)$(HOSTCC) -static -O2 -std=gnu11 -Wall -Wextra -Werror -o $@ $<

.PHONY: guest-programs
guest-programs: $(GUEST_PROGRAMS)

$(GUEST_INITRAMFS): tools/guest/init tools/guest/mkinitramfs tools/guest/fetch $(GUEST_PROGRAMS) \
		$(GUEST_SCRIPTS)
	$(Q)tools/guest/fetch >/dev/null
	$(quiet) INITRD $@
	$(Q)$(KPY) tools/guest/mkinitramfs -o $@ --cache $(GUEST_CACHE) \
	    $(addprefix --program ,$(GUEST_PROGRAMS) $(GUEST_SCRIPTS)) >/dev/null

.PHONY: guest-initramfs
guest-initramfs: $(GUEST_INITRAMFS)
