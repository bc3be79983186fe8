# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks (docs/performance.md); included by the top-level Makefile
# after domains/domains.mk (which builds the bench control domain,
# domains/bench) and tests/tests.mk.
#
#   make bench         build the bench image (release + CONFIG_BENCH, from
#                      configs/bench_defconfig, in $(BENCH_IMG_O)) and the bench
#                      control domain, boot it twice under QEMU -icount,
#                      print the table, write $(BENCH_IMG_O)/results.json and
#                      the plot $(BENCH_IMG_O)/scaling.svg
#   make bench-smoke   the same with few iterations (what `make check` runs
#                      as `$(MAKE) bench-smoke`), in $(BENCH_IMG_O)/smoke
#   make bench-net     the VF data path (tests/bench/net-run): ping round
#                      trips, the hypervisor's share per frame, UDP between
#                      two domains, on the ordinary release image; part of
#                      `make bench`, not of bench-smoke
#   make bench-hvm     HVM guests (tests/bench/hvm-run): a CPUID exit round
#                      trip, a VF's MSI-X message to the guest's handler,
#                      the Debian kernel's boot to /init split into guest
#                      and hypervisor, exits by reason, ping round trips
#                      between its igbvf and a PV domain's VF; part of
#                      `make bench`, not of bench-smoke
#   make bench-host    callgrind instruction counts of the registry on the
#                      host (16, 1024, 65536 devices), in build/bench-host
#
#   BENCHFLAGS="..."   more tests/bench/run options, e.g. "--runs 1 --smp 1"

BENCH_IMG_O ?= build/bench
BENCH_HOST_O := build/bench-host

# ---------------------------------------------------------------- runs
.PHONY: bench bench-smoke bench-image bench-host bench-net bench-hvm

# A $(BENCH_IMG_O)/.config made from another defconfig (e.g. by a plain
# `make O=$(BENCH_IMG_O)`) is replaced: the bench image needs CONFIG_BENCH.
bench-image:
	$(Q)if ! grep -qx 'CONFIG_BENCH=y' $(BENCH_IMG_O)/.config 2>/dev/null; then \
	    mkdir -p $(BENCH_IMG_O) && echo "  CONFIG  $(BENCH_IMG_O)/.config from configs/bench_defconfig" && \
	    KCONFIG_CONFIG=$(BENCH_IMG_O)/.config $(KPY) -m defconfig --kconfig Kconfig \
	        configs/bench_defconfig >/dev/null; fi
	$(Q)$(MAKE) O=$(BENCH_IMG_O) debug= DEFCONFIG_FILE=configs/bench_defconfig \
	    DOM_EXTRA_CFLAGS=-DMHV_NO_HYPERCALL_COUNT hypervisor bench-domain $(BENCH_IMG_O)/tools/domu.elf

bench: bench-image
	$(Q)$(KPY) tests/bench/run --image $(BENCH_IMG_O)/mhv \
	    --dom0 $(BENCH_IMG_O)/tools/bench.elf --out $(BENCH_IMG_O) $(BENCHFLAGS)
	$(Q)$(MAKE) bench-net
	$(Q)$(MAKE) bench-hvm

# HVM guests (tests/bench/hvm-run): a CPUID round trip and a VF's MSI-X
# delivery in mhv's test guest, the Debian kernel's boot to /init and its
# igbvf pinged by a PV domain (its kernel and initramfs first).
bench-hvm:
	$(Q)$(MAKE) debug= hypervisor domains guest-initramfs
	$(Q)$(KPY) tests/bench/hvm-run --image $(O)/mhv --out $(BENCH_IMG_O)

bench-net:
	$(Q)$(MAKE) debug= hypervisor domains
	$(Q)$(KPY) tests/bench/net-run --image $(O)/mhv --out $(BENCH_IMG_O)

bench-smoke: bench-image
	$(Q)$(KPY) tests/bench/run --smoke --image $(BENCH_IMG_O)/mhv \
	    --dom0 $(BENCH_IMG_O)/tools/bench.elf --out $(BENCH_IMG_O)/smoke $(BENCHFLAGS)

# ---------------------------------------------------------------- host
# The real registry sources, optimised and without sanitizers (valgrind
# and ASan do not mix), against the host harness and the config model.
BENCH_HOST_CFLAGS := -std=gnu11 -g -O2 -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wno-missing-field-initializers \
	-fno-omit-frame-pointer -Itests/host/include -Iinclude -Iinclude/arch/x86 -Itests/host \
	-include tests/bench/host_config.h -MMD -MP
# The registry's core as the unit tests link it (tests/tests.mk), without
# the lock checker and the test-only registry operations.
BENCH_HOST_SRCS := tests/bench/host_registry.c \
	$(filter-out common/lockdep.c tests/unit/registry_ops.c,$(REGISTRY_CORE_SRCS)) \
	common/vsnprintf.c $(HOST_HARNESS)
BENCH_HOST_OBJS := $(patsubst %.c,$(BENCH_HOST_O)/%.o,$(BENCH_HOST_SRCS))

$(BENCH_HOST_O)/%.o: %.c
	$(Q)mkdir -p $(dir $@)
	$(quiet) HOSTCC $*.o
	$(Q)$(HOSTCC) $(BENCH_HOST_CFLAGS) -c $< -o $@

$(BENCH_HOST_O)/bench_registry: $(BENCH_HOST_OBJS)
	$(quiet) HOSTLD $@
	$(Q)$(HOSTCC) -o $@ $^ -lcmocka -lpthread

bench-host: $(BENCH_HOST_O)/bench_registry
	$(Q)$(KPY) tests/bench/host-run $(BENCH_HOST_O)/bench_registry \
	    --out $(BENCH_HOST_O)

-include $(BENCH_HOST_OBJS:.o=.d)
