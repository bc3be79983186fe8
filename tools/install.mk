# SPDX-License-Identifier: GPL-2.0
#
# Installing mhv on a machine that boots with GRUB, the way Xen installs;
# included by the top-level Makefile after efi.mk.
#
#   make install       the hypervisor of $(O), mhv.efi, the domain programs
#                      and the demo script into $(BOOTDIR)/mhv-VERSION/
#                      (mhv-VERSION-debug/ for a debug build), the GRUB
#                      script $(SYSCONFDIR)/grub.d/20_mhv, its settings
#                      $(SYSCONFDIR)/default/mhv (kept when it exists) and
#                      the documentation in $(PREFIX)/share/doc/mhv/; then
#                      `update-grub` adds the menu entries
#   make uninstall     removes what `make install` put there: that build's
#                      directory, and the files shared by all builds once
#                      no other mhv-* is left (the settings only if unchanged)
#
#   DESTDIR=dir        stage everything under dir (packaging, disk images)
#   PREFIX=/usr/local  where the documentation goes
#   BOOTDIR=/boot, SYSCONFDIR=/etc
#
# docs/booting.md ("Installing on a machine") has the layout and the entry
# 20_mhv writes; tests/commands/make-install.py installs into a DESTDIR,
# boots a disk made from it under OVMF and uninstalls.

DESTDIR    ?=
PREFIX     ?= /usr/local
BOOTDIR    ?= /boot
SYSCONFDIR ?= /etc

INSTALL_NAME := mhv-$(VERSION)$(if $(filter y,$(CONFIG_DEBUG)),-debug)
INST_DIR     := $(DESTDIR)$(BOOTDIR)/$(INSTALL_NAME)
INST_GRUB    := $(DESTDIR)$(SYSCONFDIR)/grub.d/20_mhv
INST_DEFAULT := $(DESTDIR)$(SYSCONFDIR)/default/mhv
INST_DOC     := $(DESTDIR)$(PREFIX)/share/doc/mhv
INST_DOCS    := README.md $(wildcard docs/*.md)
# What goes into $(INST_DIR): file in the tree -> name there.
INST_BOOT    := $(O)/mhv:mhv $(O)/mhv.efi:mhv.efi $(O)/tools/dom0.elf:dom0.elf \
	$(O)/tools/domu.elf:domu.elf tools/demo.mhv:demo.mhv

# Another build's directory left in $(BOOTDIR): the shared files stay.
other_builds = $(filter-out $(INST_DIR)/mhv,$(wildcard $(DESTDIR)$(BOOTDIR)/mhv-*/mhv))

.PHONY: install uninstall
install: hypervisor domains $(O)/mhv.efi
	$(quiet) INSTALL $(INST_DIR)
	$(Q)install -d $(INST_DIR) $(dir $(INST_GRUB)) $(dir $(INST_DEFAULT)) $(INST_DOC)/docs
	$(Q)$(foreach f,$(INST_BOOT),install -m 0644 $(word 1,$(subst :, ,$(f))) \
	    $(INST_DIR)/$(word 2,$(subst :, ,$(f))) &&) true
	$(Q)sed -e 's|@BOOTDIR@|$(BOOTDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    tools/install/20_mhv.in > $(INST_GRUB).tmp && \
	    chmod 0755 $(INST_GRUB).tmp && mv $(INST_GRUB).tmp $(INST_GRUB)
	$(Q)if [ -e $(INST_DEFAULT) ]; then \
	    echo "  KEEP    $(INST_DEFAULT) (exists; the shipped one is tools/install/default-mhv)"; \
	    else install -m 0644 tools/install/default-mhv $(INST_DEFAULT); fi
	$(Q)install -m 0644 README.md $(INST_DOC)/README.md
	$(Q)install -m 0644 $(filter docs/%,$(INST_DOCS)) $(INST_DOC)/docs/
	$(Q)if [ -z "$(DESTDIR)" ]; then \
	    echo "  run update-grub (grub-mkconfig -o /boot/grub/grub.cfg) to add the menu entry"; fi

uninstall:
	$(quiet) UNINST $(INST_DIR)
	$(Q)rm -f $(foreach f,$(INST_BOOT),$(INST_DIR)/$(word 2,$(subst :, ,$(f))))
	$(Q)if [ -d $(INST_DIR) ] && ! rmdir $(INST_DIR) 2>/dev/null; then \
	    echo "  KEEP    $(INST_DIR) (holds files make install did not put there)"; fi
	$(Q)if [ -n "$(strip $(other_builds))" ]; then \
	    echo "  KEEP    $(INST_GRUB), $(INST_DEFAULT), $(INST_DOC): used by" \
	        "$(patsubst $(DESTDIR)%/mhv,%,$(other_builds))"; \
	else \
	    rm -f $(INST_GRUB) $(INST_DOC)/README.md \
	        $(addprefix $(INST_DOC)/docs/,$(notdir $(filter docs/%,$(INST_DOCS)))); \
	    for d in $(INST_DOC)/docs $(INST_DOC); do \
	        if [ -d $$d ] && ! rmdir $$d 2>/dev/null; then \
	            echo "  KEEP    $$d (holds files make install did not put there)"; fi; \
	    done; \
	    if [ -e $(INST_DEFAULT) ] && ! cmp -s $(INST_DEFAULT) tools/install/default-mhv; then \
	        echo "  KEEP    $(INST_DEFAULT) (changed since it was installed)"; \
	    else rm -f $(INST_DEFAULT); fi; \
	fi
	$(Q)if [ -z "$(DESTDIR)" ]; then \
	    echo "  run update-grub to take the menu entry out"; fi
