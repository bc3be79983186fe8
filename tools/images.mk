# SPDX-License-Identifier: GPL-2.0
#
# Bootable images and booting them; included by the top-level Makefile.
#
#   make iso           $(O)/mhv.iso: hybrid BIOS+UEFI GRUB ISO of the image in
#                      $(O), its domains and a default grub.cfg
#   make images-all    both flavours with their domains, in the trees the
#                      runner and the QEMU tests use (see MHV_BUILD below)
#   make run           install what is missing, build, boot under QEMU with the
#                      console on this terminal (ends at the mhvctl> prompt)
#
#   CMDLINE="..."      hypervisor command line for `iso` and `run`
#   RUNFLAGS="..."     more tools/mhv-run options for `run`, e.g. "--uefi --smp 4"
#   RUN_SCRIPT=FILE    the control domain's script for `run` (default
#                      tools/demo.mhv; empty: none, straight to the prompt)
#
# Everything that boots goes through tools/mhv-run (docs/booting.md).

MHV_RUN := tools/mhv-run

# MHV_BUILD: the tree holding the release image (MHV_BUILD/mhv) and the debug
# image (MHV_BUILD/debug/mhv).  tools/mhv-run --release/--debug and the QEMU
# tests look there.  It is build/ unless O=dir is given on the command line
# (then dir/ and dir/debug/), or MHV_BUILD is set by the caller.
ifeq ($(origin MHV_BUILD),undefined)
MHV_BUILD := $(if $(filter O=%,$(MAKEOVERRIDES)),$(O),build)
endif
export MHV_BUILD

.PHONY: iso images-all run

iso: hypervisor domains
	$(quiet) ISO $(O)/mhv.iso
	$(Q)$(KPY) $(MHV_RUN) --image $(O)/mhv --make-iso $(O)/mhv.iso \
	    $(if $(strip $(CMDLINE)),--append "$(CMDLINE)")

# Two sub-makes with explicit O= and debug= (they override whatever this make
# was given), so that `make debug=y check` still builds both flavours.
images-all:
	$(Q)$(MAKE) O=$(MHV_BUILD) debug= hypervisor domains
	$(Q)$(MAKE) O=$(MHV_BUILD)/debug debug=y hypervisor domains

# `deps` first, then the build in a sub-make: on a fresh machine the build
# tools may only exist once deps has run.  The control domain runs the demo
# script (RUN_SCRIPT; `make run RUN_SCRIPT=` boots straight to the prompt)
# and then stays at its prompt.  The ordinary domain runs its network mode:
# it pings slirp's 10.0.2.2 through the VF the demo gives it, then answers
# pings until it loses it.  The Debian kernel and its initramfs are boot
# modules (mhv-run --linux); the demo starts them as an HVM guest.  The demo's domain arguments reach mhv-run as one
# argument (tests/commands/make-run.py runs `make run` on a pseudo-terminal).
RUN_SCRIPT ?= tools/demo.mhv
DEMO_DOMU_ARGS := net=10.0.2.15 ping=10.0.2.2 count=4
run: deps
	$(Q)$(MAKE) hypervisor domains guest-initramfs
	$(Q)$(KPY) $(MHV_RUN) --image $(O)/mhv --linux \
	    $(if $(strip $(RUN_SCRIPT)),--script $(RUN_SCRIPT) --domu-args '$(DEMO_DOMU_ARGS)') \
	    $(if $(strip $(CMDLINE)),--append "$(CMDLINE)") $(RUNFLAGS)
