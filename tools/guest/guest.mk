# SPDX-License-Identifier: GPL-2.0
# The HVM guest's initramfs (tools/guest/mkinitramfs) from the Debian
# kernel and busybox-static that tools/guest/fetch unpacks (.cache/guest).
#   make guest-initramfs     build/guest/initramfs.cpio.gz
GUEST_INITRAMFS := build/guest/initramfs.cpio.gz
GUEST_CACHE ?= $(or $(MHV_GUEST_CACHE),.cache/guest)

$(GUEST_INITRAMFS): tools/guest/init tools/guest/mkinitramfs tools/guest/fetch
	$(Q)tools/guest/fetch >/dev/null
	$(quiet) INITRD $@
	$(Q)$(KPY) tools/guest/mkinitramfs -o $@ --cache $(GUEST_CACHE) >/dev/null

.PHONY: guest-initramfs
guest-initramfs: $(GUEST_INITRAMFS)
